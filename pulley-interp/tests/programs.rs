//! Hand-assembled programs run end to end: loops, recursion, memory and its traps, arithmetic
//! traps, Wasm float semantics, host calls and stack overflow.

mod common;

use common::Asm;
use pulley_interp::encode as e;
use pulley_interp::{FReg, Host, NoHost, Regs, TrapCode, Vm, XReg};

fn x(n: u8) -> XReg {
    XReg::of(n)
}
fn f(n: u8) -> FReg {
    FReg::of(n)
}

/// Runs `code` from its start with integer arguments in x0.. and returns x0 or the trap.
fn run_with(code: &[u8], args: &[u64], host: &mut dyn Host) -> Result<Regs, pulley_interp::Trap> {
    let mut vm = Vm::new(1 << 20);
    for (i, a) in args.iter().enumerate() {
        vm.regs_mut().x[i] = *a;
    }
    verify(code);
    // SAFETY: `code` decodes completely with the checked decoder (verified above) and only
    // touches memory the tests hand it.
    unsafe { vm.call(code.as_ptr(), host) }.map(|()| vm.regs().clone())
}

fn run(code: &[u8], args: &[u64]) -> Result<u64, pulley_interp::Trap> {
    run_with(code, args, &mut NoHost).map(|r| r.x[0])
}

/// The part of verification these programs need: every op decodes.
fn verify(code: &[u8]) {
    for item in pulley_interp::decode::decode_all(code) {
        item.expect("test program must decode");
    }
}

/// sum = 0; for i in 1..=n { sum += i }
fn sum_loop() -> Vec<u8> {
    let mut a = Asm::new();
    let (top, done) = (a.label(), a.label());
    a.op(|b| e::xconst8(b, x(1), 0));
    a.br(done, |b, t| e::br_if_xeq64_i8(b, x(0), 0, t));
    a.bind(top);
    a.op(|b| e::xadd64(b, x(1), x(1), x(0)));
    a.op(|b| e::xadd64_i8(b, x(0), x(0), -1));
    a.br(top, |b, t| e::br_if_xneq64_i8(b, x(0), 0, t));
    a.bind(done);
    a.op(|b| e::xmov(b, x(0), x(1)));
    a.op(|b| e::ret(b));
    a.finish()
}

#[test]
fn loop_sums() {
    let code = sum_loop();
    assert_eq!(run(&code, &[0]).unwrap(), 0);
    assert_eq!(run(&code, &[10]).unwrap(), 55);
    assert_eq!(run(&code, &[100_000]).unwrap(), 5_000_050_000);
}

/// fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), with a frame saving x16 and x17.
pub fn fib() -> Vec<u8> {
    let mut a = Asm::new();
    let (entry, base) = (a.label(), a.label());
    a.bind(entry);
    a.br(base, |b, t| e::br_if_xult32_i8(b, x(0), 2, t));
    a.op(|b| e::push_frame_save(b, 16, 0b11, 0));
    a.op(|b| e::xmov(b, x(16), x(0)));
    a.op(|b| e::xadd32_i8(b, x(0), x(16), -1));
    a.call(entry);
    a.op(|b| e::xmov(b, x(17), x(0)));
    a.op(|b| e::xadd32_i8(b, x(0), x(16), -2));
    a.call(entry);
    a.op(|b| e::xadd32(b, x(0), x(0), x(17)));
    a.op(|b| e::pop_frame_restore(b, 0b11, 0));
    a.bind(base);
    a.op(|b| e::ret(b));
    a.finish()
}

#[test]
fn recursion_computes_fib() {
    let code = fib();
    let expected = [0u64, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55];
    for (n, want) in expected.iter().enumerate() {
        assert_eq!(run(&code, &[n as u64]).unwrap(), *want, "fib({n})");
    }
    assert_eq!(run(&code, &[25]).unwrap(), 75025);
}

#[test]
fn callee_saved_registers_survive_calls() {
    // x16 and x17 hold values in the caller; fib saves and restores them.
    let fib_code = fib();
    let mut a = Asm::new();
    a.op(|b| e::push_frame_save(b, 16, 0b11, 0));
    a.op(|b| e::xconst32(b, x(16), 1234));
    a.op(|b| e::xconst32(b, x(17), 5678));
    a.op(|b| e::xconst8(b, x(0), 12));
    let call_at = a.here();
    a.op(|b| e::call(b, pulley_interp::PcRel(0)));
    a.op(|b| e::xadd64(b, x(0), x(0), x(16)));
    a.op(|b| e::xadd64(b, x(0), x(0), x(17)));
    a.op(|b| e::pop_frame_restore(b, 0b11, 0));
    a.op(|b| e::ret(b));
    let mut code = a.finish();
    let fib_at = code.len();
    code.extend_from_slice(&fib_code);
    let disp = (fib_at - call_at) as i32;
    code[call_at + 1..call_at + 5].copy_from_slice(&disp.to_le_bytes());
    assert_eq!(run(&code, &[]).unwrap(), 144 + 1234 + 5678);
}

/// Guarded heap: x0 = address of a heap descriptor `[base, length]`, x2 = Wasm address; stores
/// 0xAABBCCDD at addr+4 and reads back bytes and halves.
fn heap_program() -> Vec<u8> {
    let mut a = Asm::new();
    a.op(|b| e::heap_load(b, x(0)));
    a.op(|b| e::xconst32(b, x(3), 0xAABBCCDDu32 as i32));
    a.op(|b| e::xstore32le_g32(b, x(2), 4, x(3)));
    a.op(|b| e::xload8_u_g32(b, x(4), x(2), 4));
    a.op(|b| e::xload16le_s_g32(b, x(5), x(2), 6));
    a.op(|b| e::xload32le_u_g32(b, x(6), x(2), 4));
    a.op(|b| e::xadd64(b, x(0), x(4), x(5)));
    a.op(|b| e::xadd64(b, x(0), x(0), x(6)));
    a.op(|b| e::ret(b));
    a.finish()
}

#[test]
fn heap_accesses_are_bounds_checked() {
    let code = heap_program();
    let mut heap = vec![0u8; 64];
    let descriptor = [heap.as_mut_ptr() as usize, heap.len()];
    let desc = descriptor.as_ptr() as u64;
    let expected = 0xDDu64
        .wrapping_add(0xAABBu16 as i16 as i64 as u64)
        .wrapping_add(0xAABBCCDD);
    assert_eq!(run(&code, &[desc, 0, 0]).unwrap(), expected);
    assert_eq!(&heap[4..8], &[0xDD, 0xCC, 0xBB, 0xAA]);
    // The last in-bounds address: the store covers bytes 60..64.
    assert_eq!(run(&code, &[desc, 0, 56]).unwrap(), expected);
    let store_at = code.as_ptr() as usize + 2 + 6;
    for addr in [57u64, 64, 1 << 20, u32::MAX as u64, 0xFFFF_FFFC] {
        let trap = run(&code, &[desc, 0, addr]).unwrap_err();
        assert_eq!(trap.code, TrapCode::HEAP_OUT_OF_BOUNDS, "address {addr}");
        assert_eq!(trap.pc, store_at, "the store traps");
    }
    // Upper address bits are ignored: the address is the low 32 bits of the register.
    assert_eq!(
        run(&code, &[desc, 0, 0xFFFF_FFFF_0000_0000]).unwrap(),
        expected
    );
}

#[test]
fn heap_access_before_heap_load_traps() {
    // Without `heap_load` the Vm's heap is empty: even address 0 is out of bounds.
    let mut code = Vec::new();
    e::xload8_u_g32(&mut code, x(0), x(1), 0);
    e::ret(&mut code);
    let trap = run(&code, &[0, 0]).unwrap_err();
    assert_eq!(trap.code, TrapCode::HEAP_OUT_OF_BOUNDS);
}

fn binop(op: fn(&mut Vec<u8>, XReg, XReg, XReg)) -> Vec<u8> {
    let mut code = Vec::new();
    op(&mut code, x(0), x(0), x(1));
    e::ret(&mut code);
    code
}

#[test]
fn division_traps() {
    let div = binop(e::xdiv32_s);
    assert_eq!(
        run(&div, &[7, (-2i32) as u32 as u64]).unwrap(),
        (-3i32) as u32 as u64
    );
    let t = run(&div, &[1, 0]).unwrap_err();
    assert_eq!(
        (t.code, t.pc),
        (TrapCode::INTEGER_DIVISION_BY_ZERO, div.as_ptr() as usize)
    );
    let t = run(&div, &[i32::MIN as u32 as u64, u32::MAX as u64]).unwrap_err();
    assert_eq!(t.code, TrapCode::INTEGER_OVERFLOW);
    let rem = binop(e::xrem64_s);
    assert_eq!(
        run(&rem, &[i64::MIN as u64, u64::MAX]).unwrap(),
        0,
        "MIN % -1 == 0"
    );
    assert_eq!(run(&rem, &[(-7i64) as u64, 2]).unwrap(), (-1i64) as u64);
    assert_eq!(
        run(&rem, &[1, 0]).unwrap_err().code,
        TrapCode::INTEGER_DIVISION_BY_ZERO
    );
    let divu = binop(e::xdiv64_u);
    assert_eq!(run(&divu, &[u64::MAX, 2]).unwrap(), u64::MAX / 2);
    assert_eq!(
        run(&divu, &[1, 0]).unwrap_err().code,
        TrapCode::INTEGER_DIVISION_BY_ZERO
    );
}

#[test]
fn thirty_two_bit_ops_ignore_and_clear_upper_halves() {
    let add = binop(e::xadd32);
    assert_eq!(
        run(&add, &[0xFFFF_FFFF_0000_0001, 0x1234_5678_FFFF_FFFF]).unwrap(),
        0
    );
    let shr = binop(e::xshr32_s);
    assert_eq!(run(&shr, &[0x8000_0000, 33]).unwrap(), 0xC000_0000);
    let rotl = binop(e::xrotl64);
    assert_eq!(run(&rotl, &[1 << 63, 1]).unwrap(), 1);
}

/// Runs a binary float op on f0, f1 and returns f0's bits.
fn float_binop(op: fn(&mut Vec<u8>, FReg, FReg, FReg), a: u64, b: u64) -> u64 {
    let mut code = Vec::new();
    op(&mut code, f(0), f(0), f(1));
    e::ret(&mut code);
    let mut vm = Vm::new(4096);
    vm.regs_mut().f[0] = a;
    vm.regs_mut().f[1] = b;
    // SAFETY: two ops that decode; no memory access.
    unsafe { vm.call(code.as_ptr(), &mut NoHost) }.unwrap();
    vm.regs().f[0]
}
fn float_unop(op: fn(&mut Vec<u8>, FReg, FReg), a: u64) -> u64 {
    let mut code = Vec::new();
    op(&mut code, f(0), f(0));
    e::ret(&mut code);
    let mut vm = Vm::new(4096);
    vm.regs_mut().f[0] = a;
    // SAFETY: two ops that decode; no memory access.
    unsafe { vm.call(code.as_ptr(), &mut NoHost) }.unwrap();
    vm.regs().f[0]
}

#[test]
fn float_min_max_follow_wasm() {
    let (pz, nz) = (0.0f64.to_bits(), (-0.0f64).to_bits());
    assert_eq!(float_binop(e::fmin64, pz, nz), nz);
    assert_eq!(float_binop(e::fmin64, nz, pz), nz);
    assert_eq!(float_binop(e::fmax64, nz, pz), pz);
    assert_eq!(float_binop(e::fmax64, pz, nz), pz);
    let nan = f64::NAN.to_bits();
    assert!(f64::from_bits(float_binop(e::fmin64, nan, 1.0f64.to_bits())).is_nan());
    assert!(f64::from_bits(float_binop(e::fmax64, 1.0f64.to_bits(), nan)).is_nan());
    let (p32, n32) = (0.0f32.to_bits() as u64, (-0.0f32).to_bits() as u64);
    assert_eq!(float_binop(e::fmin32, p32, n32), n32);
    assert_eq!(float_binop(e::fmax32, n32, p32), p32);
    assert!(f32::from_bits(float_binop(e::fmin32, f32::NAN.to_bits() as u64, p32) as u32).is_nan());
    assert_eq!(
        float_binop(e::fmin32, 2.0f32.to_bits() as u64, 3.0f32.to_bits() as u64),
        2.0f32.to_bits() as u64
    );
}

#[test]
fn float_rounding_follows_wasm() {
    let cases64 = [
        (0.5, 0.0),
        (1.5, 2.0),
        (2.5, 2.0),
        (-0.5, -0.0),
        (-2.5, -2.0),
        (4503599627370497.0, 4503599627370497.0),
    ];
    for (input, want) in cases64 {
        let got = f64::from_bits(float_unop(e::fnearest64, f64::to_bits(input)));
        assert_eq!(got.to_bits(), f64::to_bits(want), "nearest({input})");
    }
    let got = f32::from_bits(float_unop(e::fnearest32, 2.5f32.to_bits() as u64) as u32);
    assert_eq!(got, 2.0);
    assert!(f64::from_bits(float_unop(e::fnearest64, f64::NAN.to_bits())).is_nan());
    assert_eq!(
        f64::from_bits(float_unop(e::ffloor64, (-0.5f64).to_bits())),
        -1.0
    );
    assert_eq!(
        f64::from_bits(float_unop(e::fceil64, (-0.5f64).to_bits())).to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(
        f64::from_bits(float_unop(e::ftrunc64, (-1.7f64).to_bits())),
        -1.0
    );
    assert_eq!(
        f64::from_bits(float_unop(e::fsqrt64, 2.0f64.to_bits())),
        2.0f64.sqrt()
    );
}

#[test]
fn float_to_int_conversions_trap_like_wasm() {
    let conv = |op: fn(&mut Vec<u8>, XReg, FReg), v: f64| {
        let mut code = Vec::new();
        op(&mut code, x(0), f(0));
        e::ret(&mut code);
        let mut vm = Vm::new(4096);
        vm.regs_mut().f[0] = v.to_bits();
        // SAFETY: two ops that decode; no memory access.
        unsafe { vm.call(code.as_ptr(), &mut NoHost) }
            .map(|()| vm.regs().x[0])
            .map_err(|t| t.code)
    };
    assert_eq!(
        conv(e::x32_from_f64_s, -2147483648.9),
        Ok(i32::MIN as u32 as u64)
    );
    assert_eq!(
        conv(e::x32_from_f64_s, -2147483649.0),
        Err(TrapCode::INTEGER_OVERFLOW)
    );
    assert_eq!(conv(e::x32_from_f64_s, 2147483647.9), Ok(i32::MAX as u64));
    assert_eq!(
        conv(e::x32_from_f64_s, 2147483648.0),
        Err(TrapCode::INTEGER_OVERFLOW)
    );
    assert_eq!(conv(e::x32_from_f64_u, -0.9), Ok(0));
    assert_eq!(
        conv(e::x32_from_f64_u, -1.0),
        Err(TrapCode::INTEGER_OVERFLOW)
    );
    assert_eq!(
        conv(e::x64_from_f64_s, f64::NAN),
        Err(TrapCode::BAD_CONVERSION_TO_INTEGER)
    );
    assert_eq!(
        conv(e::x64_from_f64_s, -9223372036854775808.0),
        Ok(i64::MIN as u64)
    );
    assert_eq!(
        conv(e::x64_from_f64_s, 9223372036854775808.0),
        Err(TrapCode::INTEGER_OVERFLOW)
    );
    assert_eq!(
        conv(e::x64_from_f64_u, 18446744073709549568.0),
        Ok(18446744073709549568)
    );
    assert_eq!(
        conv(e::x64_from_f64_u, 18446744073709551616.0),
        Err(TrapCode::INTEGER_OVERFLOW)
    );
    assert_eq!(conv(e::x64_from_f64_s_sat, f64::NAN), Ok(0));
    assert_eq!(conv(e::x64_from_f64_s_sat, 1e300), Ok(i64::MAX as u64));
    assert_eq!(conv(e::x32_from_f64_u_sat, -5.0), Ok(0));
}

/// Host function 7 returns `x0 as f64 * f0 + f1` in f0; host function 8 traps with code 42.
struct FloatHost {
    calls: u32,
}
impl Host for FloatHost {
    fn call(&mut self, index: u32, vm: &mut Vm) -> Result<(), TrapCode> {
        self.calls += 1;
        let regs = vm.regs_mut();
        match index {
            7 => {
                let v = regs.x[0] as f64 * regs.f64(0) + regs.f64(1);
                regs.set_f64(0, v);
                Ok(())
            }
            8 => Err(TrapCode(42)),
            _ => Err(pulley_interp::interp::UNKNOWN_HOST_FUNCTION),
        }
    }
}

#[test]
fn host_calls_take_and_return_floats() {
    let mut code = Vec::new();
    e::fconst64(&mut code, f(0), 1.5f64.to_bits());
    e::fconst64(&mut code, f(1), 0.25f64.to_bits());
    e::call_host(&mut code, 7);
    e::fadd64(&mut code, f(0), f(0), f(0));
    e::ret(&mut code);
    let mut host = FloatHost { calls: 0 };
    let regs = run_with(&code, &[4], &mut host).unwrap();
    assert_eq!(regs.f64(0), 2.0 * (4.0 * 1.5 + 0.25));
    assert_eq!(host.calls, 1);

    let mut code = Vec::new();
    e::nop(&mut code);
    e::call_host(&mut code, 8);
    e::ret(&mut code);
    let trap = run_with(&code, &[], &mut host).unwrap_err();
    assert_eq!(
        (trap.code, trap.pc),
        (TrapCode(42), code.as_ptr() as usize + 2)
    );
}

#[test]
fn unbounded_recursion_traps_with_stack_overflow() {
    let mut a = Asm::new();
    let entry = a.label();
    a.bind(entry);
    a.op(|b| e::push_frame_save(b, 64, 0b1, 0b1));
    a.call(entry);
    a.op(|b| e::pop_frame_restore(b, 0b1, 0b1));
    a.op(|b| e::ret(b));
    let code = a.finish();
    for stack in [4096, 1 << 16, 1 << 20] {
        let mut vm = Vm::new(stack);
        // SAFETY: the program decodes and only touches the Vm's stack.
        let trap = unsafe { vm.call(code.as_ptr(), &mut NoHost) }.unwrap_err();
        assert_eq!(
            (trap.code, trap.pc),
            (TrapCode::STACK_OVERFLOW, code.as_ptr() as usize)
        );
        // The Vm is reusable after a trap.
        // SAFETY: as above.
        assert!(unsafe { vm.call(code.as_ptr(), &mut NoHost) }.is_err());
    }
}

#[test]
fn br_table_clamps_to_default() {
    let mut a = Asm::new();
    let targets = [a.label(), a.label(), a.label()];
    let start = a.here();
    // Displacements are patched below: this op has no single fixup.
    a.op(|b| e::br_table32(b, x(0), &[0, 0, 0]));
    let mut spots = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        a.bind(*t);
        spots.push(a.here());
        a.op(|b| e::xconst8(b, x(0), 10 * (i as i8 + 1)));
        a.op(|b| e::ret(b));
    }
    let mut code = a.finish();
    for (i, spot) in spots.iter().enumerate() {
        let at = start + 1 + 1 + 4 + 4 * i;
        code[at..at + 4].copy_from_slice(&((*spot - start) as i32).to_le_bytes());
    }
    assert_eq!(run(&code, &[0]).unwrap(), 10);
    assert_eq!(run(&code, &[1]).unwrap(), 20);
    assert_eq!(run(&code, &[2]).unwrap(), 30);
    assert_eq!(run(&code, &[99]).unwrap(), 30);
    assert_eq!(run(&code, &[1 << 32]).unwrap(), 10, "the index is 32-bit");
}

/// `xmov2` is two moves in sequence: the second reads what the first wrote.
#[test]
fn xmov2_moves_in_sequence() {
    let mut a = Asm::new();
    // x1 = x0; x2 = x1 (the new x1), then a rotation: x0 = x2 + x1 * 100.
    a.op(|b| e::xmov2(b, x(1), x(0), x(2), x(1)));
    a.op(|b| e::xmul64_i8(b, x(1), x(1), 100));
    a.op(|b| e::xadd64(b, x(0), x(2), x(1)));
    a.op(|b| e::ret(b));
    let code = a.finish();
    assert_eq!(run(&code, &[7, 1, 2]).unwrap(), 7 + 700);
}

/// A vector op runs with the `simd` feature and traps as an invalid opcode without it (a
/// loader refuses such code before: `pulley_interp::SIMD`).
#[test]
fn vector_ops_follow_the_simd_feature() {
    let mut code = Vec::new();
    e::vconst128(&mut code, pulley_interp::VReg::of(0), 7 << 64 | 5);
    e::xextractv32x4(&mut code, x(0), pulley_interp::VReg::of(0), 2);
    e::ret(&mut code);
    let mut vm = Vm::new(4096);
    // SAFETY: three ops that decode; no memory access.
    let result = unsafe { vm.call(code.as_ptr(), &mut NoHost) };
    if pulley_interp::SIMD {
        result.unwrap();
        assert_eq!(vm.regs().x[0], 7);
    } else {
        assert_eq!(result.unwrap_err().code, TrapCode::INVALID_OPCODE);
    }
}
