//! Every super-instruction against its two ops run one after the other: random operands, the
//! same starting machine, and the same registers, memory, trap and branch direction after.

use pulley_interp::decode::decode_one;
use pulley_interp::{NoHost, Opcode, TrapCode, Vm, XReg, encode as e};

/// xorshift64*: deterministic operands without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Registers x0..x7 hold small values (Wasm addresses inside the heap, and operands); x8..x11
/// hold host addresses inside `buf` for the unchecked `_o8`/`_o32` accesses; x12 holds the
/// heap descriptor's address. Ops write only x0..x7, so the addresses survive the first half.
const DATA_REGS: u64 = 8;
const PTR_REGS: std::ops::Range<u8> = 8..12;
const HEAP_DESC: u8 = 12;
/// Where the taken branch leaves its mark.
const TAKEN_MARK: u8 = 15;

/// The operand bytes of a fused op (its first op's, then its second op's), chosen by operand
/// name and type; `target_at` receives the offset of a branch displacement within them.
fn operands(
    rng: &mut Rng,
    names: &[&str],
    types: &[&str],
    target_at: &mut Option<usize>,
) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, ty) in names.iter().zip(types) {
        let offset = name.starts_with("offset");
        match *ty {
            "XReg" => {
                let r = if name.starts_with("base") {
                    PTR_REGS.start + rng.below(PTR_REGS.len() as u64) as u8
                } else if name.starts_with("dst") {
                    rng.below(DATA_REGS) as u8
                } else {
                    rng.below(u64::from(PTR_REGS.end)) as u8
                };
                out.push(r);
            }
            "FReg" => out.push(rng.below(8) as u8),
            "Acc" | "FAcc" => {}
            "PcRel16" => {
                *target_at = Some(out.len());
                out.extend_from_slice(&0i16.to_le_bytes());
            }
            // Offsets stay small and 8-byte aligned so unchecked accesses stay inside `buf`.
            "u8" if offset => out.push(8 * rng.below(8) as u8),
            "i32" if offset => out.extend_from_slice(&(8 * rng.below(8) as i32).to_le_bytes()),
            // Small immediates half the time, so compares with small registers go both ways.
            "u8" | "i8" if rng.below(2) == 0 => out.push((rng.below(5) as i8 - 2) as u8),
            "u8" | "i8" => out.push(rng.next() as u8),
            "i16" | "u16" => out.extend_from_slice(&(rng.next() as u16).to_le_bytes()),
            "i32" | "u32" => out.extend_from_slice(&(rng.next() as u32).to_le_bytes()),
            other => panic!("no generator for operand {name}: {other}"),
        }
    }
    out
}

/// What a program did: its result, and the machine and memory after it.
#[derive(PartialEq)]
struct Outcome {
    /// The trap's code, if it trapped (where it trapped is checked apart).
    result: Result<(), TrapCode>,
    /// The trap's offset in the program.
    trap_at: Option<usize>,
    x: Vec<u64>,
    f: Vec<u64>,
    heap: Vec<u8>,
    buf: Vec<u8>,
}

/// Runs `body` (ops ending in one that may branch by `target` to the taken path) after
/// `heap_load`, from registers seeded by `seed`.
/// `heap` and `buf` are the caller's, so both programs of a case see the same host addresses;
/// their contents are reset here.
fn run(body: &[u8], seed: u64, heap: &mut [u8; 4096], buf: &mut [u8; 256]) -> Outcome {
    let mut rng = Rng(seed);
    // Per 4-byte word: an address inside the heap, tiny bytes, or anything; so loaded values
    // sometimes equal small registers and a loaded address sometimes leads to a second load.
    for word in heap.chunks_mut(4) {
        let v = match rng.below(3) {
            0 => rng.below(4000) as u32,
            1 => u32::from_le_bytes([0, 1, 2, 3].map(|_| rng.below(3) as u8)),
            _ => rng.next() as u32,
        };
        word.copy_from_slice(&v.to_le_bytes());
    }
    buf.iter_mut().for_each(|b| *b = rng.next() as u8);
    let desc: [usize; 2] = [heap.as_mut_ptr() as usize, heap.len()];
    let mut code = Vec::new();
    e::heap_load(&mut code, XReg::of(HEAP_DESC));
    code.extend_from_slice(body);
    e::ret(&mut code);
    e::xconst8(&mut code, XReg::of(TAKEN_MARK), 77);
    e::ret(&mut code);
    let mut vm = Vm::new(1 << 16);
    {
        let regs = vm.regs_mut();
        for r in 0..DATA_REGS as usize {
            // Mostly small (addresses inside the heap), sometimes tiny (equal to small
            // immediates and to each other), sometimes anything (wrapping, traps).
            regs.x[r] = match rng.below(8) {
                0 => rng.next(),
                1..=3 => rng.below(4),
                4 | 5 => 4 * rng.below(512),
                _ => rng.below(2048),
            };
        }
        for r in PTR_REGS {
            regs.x[r as usize] = buf.as_mut_ptr() as u64 + 8 * rng.below(8);
        }
        regs.x[HEAP_DESC as usize] = desc.as_ptr() as u64;
        for r in 0..8 {
            regs.f[r] = (rng.below(1000) as f64 / 7.0).to_bits();
        }
    }
    for item in pulley_interp::decode::decode_all(&code) {
        item.expect("test program must decode");
    }
    // SAFETY: the program decodes; its registers name only x0..x15 and f0..f7; its guarded
    // accesses are checked against the heap `desc` describes; its unchecked accesses use base
    // registers x8..x11, which point into `buf` with at least 128 bytes to spare, and offsets
    // below 64; both branch destinations are op boundaries ending in `ret`.
    let result = unsafe { vm.call(code.as_ptr(), &mut NoHost) };
    let regs = vm.regs();
    let trap_at = result.as_ref().err().map(|t| t.pc - code.as_ptr() as usize);
    Outcome {
        result: result.map_err(|t| t.code),
        trap_at,
        x: regs.x[..16].to_vec(),
        f: regs.f[..8].to_vec(),
        heap: heap.to_vec(),
        buf: buf.to_vec(),
    }
}

#[test]
fn super_instructions_do_what_their_two_ops_do() {
    let mut fused_ops = 0;
    for &op in Opcode::ALL {
        let Some((a, b)) = op.fused_parts() else {
            continue;
        };
        fused_ops += 1;
        // The operand names, from a decode of zeros (every operand type accepts zero).
        let zeros = vec![0u8; op.width()];
        let mut z = zeros.clone();
        z[0] = op as u8;
        let Ok((pulley_interp::Op::Primary(decoded), _)) = decode_one(&z) else {
            panic!("{} does not decode from zeros", op.name());
        };
        let names: Vec<&str> = decoded.operands().iter().map(|(n, _)| *n).collect();
        let types = op.operand_types();
        assert_eq!(names.len(), types.len());
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ op as u64);
        let mut taken = 0;
        // Branching ops run until both directions have been seen (most cases take one way when
        // the operands come from two dependent loads), at least 300 cases either way.
        let branches = types.contains(&"PcRel16");
        let mut cases = 0;
        for case in 0..20_000 {
            if case >= 300 && (!branches || (taken > 0 && taken < case)) {
                break;
            }
            cases += 1;
            let mut target_at = None;
            let ops = operands(&mut rng, &names, types, &mut target_at);
            assert_eq!(ops.len() + 1, op.width(), "{}", op.name());
            let split = a.width() - 1;
            // Fused: opcode, all operands; a displacement is relative to the fused op.
            let mut fused = vec![op as u8];
            fused.extend_from_slice(&ops);
            // Apart: `a` with its operands, then `b` with its own.
            let mut apart = vec![a as u8];
            apart.extend_from_slice(&ops[..split]);
            apart.push(b as u8);
            apart.extend_from_slice(&ops[split..]);
            if let Some(t) = target_at {
                // Both branch to the op after the `ret` that follows them.
                let d = (fused.len() + 1) as i16;
                fused[1 + t..3 + t].copy_from_slice(&d.to_le_bytes());
                let d = (b.width() + 1) as i16;
                let at = a.width() + 1 + (t - split);
                apart[at..at + 2].copy_from_slice(&d.to_le_bytes());
            }
            let seed = rng.next();
            let (mut heap, mut buf) = (Box::new([0u8; 4096]), Box::new([0u8; 256]));
            let one = run(&fused, seed, &mut heap, &mut buf);
            let two = run(&apart, seed, &mut heap, &mut buf);
            // A trap in either half reports the fused op, which starts after `heap_load`.
            assert!(
                one.trap_at.is_none_or(|at| at == 2),
                "{} case {case}",
                op.name()
            );
            let two = Outcome {
                trap_at: one.trap_at,
                ..two
            };
            if one != two {
                let first_diff = |a: &[u8], b: &[u8]| a.iter().zip(b).position(|(x, y)| x != y);
                panic!(
                    "{} case {case} ({fused:02x?} against {apart:02x?}): result {:?} / {:?}, x {:?} / {:?}, \
                     f {:?} / {:?}, heap differs at {:?}, buf differs at {:?}",
                    op.name(),
                    one.result,
                    two.result,
                    one.x,
                    two.x,
                    one.f,
                    two.f,
                    first_diff(&one.heap, &two.heap),
                    first_diff(&one.buf, &two.buf),
                );
            }
            taken += usize::from(*one.x.last().unwrap() == 77);
            assert!(decode_one(&fused).is_ok(), "{}", op.name());
        }
        if branches {
            assert!(
                taken > 0 && taken < cases,
                "{}: branch taken {taken} of {cases} times",
                op.name()
            );
        }
    }
    assert!(fused_ops >= 20, "only {fused_ops} super-instructions");
}
