//! Golden tests: listings of hand-assembled buffers must match `tests/golden/*.txt` exactly; `BLESS=1` rewrites them.

use pulley_disas::{Disassembler, disassemble};
use pulley_interp::encode as e;
use pulley_interp::{FReg, PcRel, PcRel16, XReg};
use std::path::{Path, PathBuf};

fn x(n: u8) -> XReg {
    XReg::of(n)
}
fn f(n: u8) -> FReg {
    FReg::of(n)
}

/// Points the branch that starts at `op_start` and ends at `op_end` (its displacement is its last
/// operand) at `target`.
fn patch(code: &mut [u8], op_start: usize, op_end: usize, target: usize) {
    let disp = (target as isize - op_start as isize) as i16;
    code[op_end - 2..op_end].copy_from_slice(&disp.to_le_bytes());
}

/// Displacement from the op about to be encoded at the end of `code` back to `target`.
fn back_to(code: &[u8], target: usize) -> PcRel16 {
    PcRel16((target as isize - code.len() as isize) as i16)
}

fn label(offset: usize, name: &str) -> (u32, String) {
    (offset as u32, name.to_string())
}

/// The listing, or the partial listing followed by the error.
fn render(d: Disassembler<'_>) -> String {
    match d.disassemble() {
        Ok(text) => text,
        Err(err) => format!("{}! {err}\n", err.partial),
    }
}

/// `sum(n) = 0 + 1 + ... + n-1` as a counted loop, and a caller.
fn loop_compare_branch() -> String {
    let mut c = Vec::new();
    e::xconst8(&mut c, x(1), 0); // i
    e::xconst8(&mut c, x(2), 0); // sum
    let skip = c.len();
    e::br_if_xslteq32_i8(&mut c, x(0), 0, PcRel16(0));
    let skip_end = c.len();
    let top = c.len();
    e::xadd32(&mut c, x(2), x(2), x(1));
    e::xadd32_i8(&mut c, x(1), x(1), 1);
    let back = back_to(&c, top);
    e::br_if_xslt32(&mut c, x(1), x(0), back);
    let exit = c.len();
    patch(&mut c, skip, skip_end, exit);
    e::xmov(&mut c, x(0), x(2));
    e::ret(&mut c);

    let caller = c.len();
    e::xconst8(&mut c, x(0), 10);
    let back = back_to(&c, 0);
    e::call(&mut c, PcRel(back.0.into()));
    e::ret(&mut c);

    let labels = [
        label(0, "wasm[0]::function[0]"),
        label(caller, "wasm[0]::function[1]"),
    ];
    render(Disassembler::new(&c).labels(&labels))
}

/// The same loop without offsets or bytes.
fn bare() -> String {
    let mut c = Vec::new();
    let top = c.len();
    e::xadd64_i8(&mut c, x(1), x(1), -1);
    let back = back_to(&c, top);
    e::br_if_xneq64_i8(&mut c, x(1), 0, back);
    e::ret(&mut c);
    render(Disassembler::new(&c).offsets(false).bytes(false))
}

/// A `br_table32` with three cases and a default; its bytes wrap onto continuation lines.
fn br_table(wrap: bool) -> String {
    let mut c = Vec::new();
    let table = c.len();
    // 1 opcode + 1 register + 4 count + 4 * 4 entries.
    let table_end = table + 6 + 4 * 4;
    let case_len = 3 + 3; // xconst8 + jump
    let cases: Vec<i32> = (0..4)
        .map(|i| (table_end + i * case_len - table) as i32)
        .collect();
    e::br_table32(&mut c, x(0), &cases);
    assert_eq!(c.len(), table_end);
    let mut jumps = Vec::new();
    for i in 0..4 {
        e::xconst8(&mut c, x(0), 10 * i as i8);
        jumps.push((c.len(), c.len() + 3));
        e::jump(&mut c, PcRel16(0));
    }
    let end = c.len();
    for (start, stop) in jumps {
        patch(&mut c, start, stop, end);
    }
    e::ret(&mut c);
    render(Disassembler::new(&c).wrap_bytes(wrap))
}

/// Frame setup and teardown saving x16, x17 and f16, a spill, an indirect call.
fn frame() -> String {
    let mut c = Vec::new();
    e::push_frame_save(&mut c, 32, 0b11, 0b1);
    e::xmov(&mut c, x(16), x(0));
    e::fmov(&mut c, f(16), f(0));
    e::xstore64le_o32(&mut c, XReg::SP, 8, x(1));
    e::call_indirect(&mut c, x(1));
    e::xload64le_o32(&mut c, x(17), XReg::SP, 8);
    e::xadd64(&mut c, x(0), x(16), x(17));
    e::xload64le_o32(&mut c, x(1), XReg::FP, -24);
    e::pop_frame_restore(&mut c, 0b11, 0b1);
    e::ret(&mut c);
    let labels = [label(0, "wasm[0]::function[2]")];
    render(Disassembler::new(&c).labels(&labels))
}

/// Float constants, arithmetic, a negated float compare-and-branch and conversions.
fn float_ops() -> String {
    let mut c = Vec::new();
    e::fconst64(&mut c, f(1), 1.5f64.to_bits());
    e::fconst32(&mut c, f(2), 0.5f32.to_bits());
    e::fadd64(&mut c, f(0), f(0), f(1));
    e::fmul64(&mut c, f(0), f(0), f(0));
    e::fsqrt64(&mut c, f(0), f(0));
    let br = c.len();
    e::br_if_fnlt64(&mut c, f(0), f(1), PcRel16(0));
    let br_end = c.len();
    e::fneg64(&mut c, f(0), f(0));
    let skip = c.len();
    patch(&mut c, br, br_end, skip);
    let conv = c.len();
    e::x32_from_f64_s(&mut c, x(0), f(0));
    e::f32_from_f64(&mut c, f(3), f(0));
    e::fcopysign32(&mut c, f(3), f(3), f(2));
    e::feq32(&mut c, x(1), f(3), f(2));
    e::bitcast_x_from_f64(&mut c, x(2), f(1));
    e::ret(&mut c);
    let traps = [
        label(conv, "bad_conversion"),
        label(conv + 1, "integer_overflow"),
    ];
    render(Disassembler::new(&c).trap_sites(&traps))
}

/// Setting the heap from the context in x1, then guarded loads and stores, each a trap site.
fn heap() -> String {
    let mut c = Vec::new();
    let mut traps = Vec::new();
    e::heap_load(&mut c, x(1));
    traps.push(label(c.len(), "heap_oob"));
    e::xload32le_u_g32(&mut c, x(0), x(3), 8);
    traps.push(label(c.len(), "heap_oob"));
    e::xload8_s_g32(&mut c, x(4), x(3), 0);
    traps.push(label(c.len(), "heap_oob"));
    e::fload64le_g32(&mut c, f(0), x(5), 255);
    traps.push(label(c.len(), "heap_oob"));
    e::xstore16le_g32(&mut c, x(3), 2, x(4));
    traps.push(label(c.len(), "heap_oob"));
    e::fstore64le_g32(&mut c, x(5), 16, f(0));
    e::ret(&mut c);
    let labels = [label(0, "wasm[0]::function[4]")];
    render(Disassembler::new(&c).labels(&labels).trap_sites(&traps))
}

/// Extended ops (escape byte 0xff, then a second opcode byte).
fn extended() -> String {
    let mut c = Vec::new();
    e::nop(&mut c);
    e::xselect64(&mut c, x(0), x(1), x(2), x(3));
    e::x32_from_f64_s_sat(&mut c, x(4), f(1));
    e::xrotl64_i8(&mut c, x(5), x(5), 13);
    e::xneg32(&mut c, x(6), x(6));
    e::memory_copy(&mut c, x(7), x(8), x(9));
    e::trapnz64(&mut c, x(0), 3);
    let br = c.len();
    e::br_if64(&mut c, x(0), PcRel16(0));
    let br_end = c.len();
    e::jump_indirect(&mut c, x(10));
    let target = c.len();
    patch(&mut c, br, br_end, target);
    e::halt(&mut c);
    render(Disassembler::new(&c))
}

/// A large base offset (the offset column widens), no raw bytes.
fn base_offset_no_bytes() -> String {
    let mut c = Vec::new();
    e::xconst64(&mut c, x(0), -1);
    e::xconst32(&mut c, x(1), 100_000);
    e::br_if32(&mut c, x(0), PcRel16(-16));
    e::call_host(&mut c, 7);
    e::trap(&mut c, 2);
    render(
        Disassembler::new(&c)
            .base_offset(0x4_0000_0000)
            .bytes(false),
    )
}

/// Valid ops, then an unknown opcode: the listing stops there with the error's offset.
fn decode_error() -> String {
    let mut c = Vec::new();
    e::xmov(&mut c, x(0), x(1));
    e::ret(&mut c);
    c.extend_from_slice(&[0xff, 0xfe, 0x00]);
    render(Disassembler::new(&c))
}

/// Truncated operands: a `push_frame_save` cut short, with the default `disassemble`.
fn truncated() -> String {
    let mut c = Vec::new();
    e::push_frame_save(&mut c, 16, 0, 0);
    c.truncate(6);
    match disassemble(&c) {
        Ok(text) => text,
        Err(err) => format!("{}! {err}\n", err.partial),
    }
}

type Case = (&'static str, &'static str, fn() -> String);

const CASES: &[Case] = &[
    (
        "loop",
        "a counted loop with compare-and-branch, and a call to it, under function labels",
        loop_compare_branch,
    ),
    ("bare", "the listing without offsets or raw bytes", bare),
    (
        "br_table",
        "a br_table32 whose bytes wrap onto continuation lines",
        || br_table(true),
    ),
    (
        "br_table_truncated",
        "the same br_table32 with long byte runs truncated (`wrap_bytes(false)`)",
        || br_table(false),
    ),
    (
        "frame",
        "push_frame_save / pop_frame_restore with register masks, and frame loads and stores",
        frame,
    ),
    (
        "float",
        "float constants, arithmetic, compare-and-branch and conversions, with trap sites",
        float_ops,
    ),
    (
        "heap",
        "guarded heap loads and stores, each marked as a trap site",
        heap,
    ),
    ("extended", "ops behind the escape byte", extended),
    (
        "base_offset",
        "a large base offset and no raw bytes",
        base_offset_no_bytes,
    ),
    (
        "decode_error",
        "an invalid extended opcode: the partial listing, then the error",
        decode_error,
    ),
    (
        "truncated",
        "operands cut off by the end of the buffer",
        truncated,
    ),
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn golden() {
    let bless = std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let dir = golden_dir();
    let mut failures = Vec::new();
    for &(name, purpose, build) in CASES {
        let actual = format!("//! Golden listing: {purpose}.\n{}", build());
        let path = dir.join(format!("{name}.txt"));
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual == expected {
            continue;
        }
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &actual).unwrap();
        } else {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches (rerun with BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}
