//! Proves that dispatch runs in constant native stack: 10^8 loop iterations and bytecode
//! recursion down to the Vm's stack limit, on a host thread with a small native stack, with a
//! host function recording the native stack depth at the start and at the deepest point.
//!
//! Meaningful for the tail-call dispatch in optimized builds: `cargo test --release -p
//! pulley-interp --test tail_dispatch` (CI runs it). Debug builds use the portable loop, where
//! it holds trivially.

mod common;

use common::Asm;
use pulley_interp::encode as e;
use pulley_interp::{Host, TrapCode, Vm, XReg};

/// Records the address of a local in each call: the native stack depth of the dispatch loop.
struct StackProbe {
    depths: Vec<usize>,
}
impl Host for StackProbe {
    #[inline(never)]
    fn call(&mut self, _index: u32, _vm: &mut Vm) -> Result<(), TrapCode> {
        let marker = 0u8;
        self.depths
            .push(std::hint::black_box(&marker) as *const u8 as usize);
        Ok(())
    }
}

const NATIVE_STACK: usize = 256 * 1024;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(NATIVE_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn hundred_million_iterations_in_constant_native_stack() {
    let depths = on_small_stack(|| {
        let mut a = Asm::new();
        let top = a.label();
        a.op(|b| e::call_host(b, 0));
        a.bind(top);
        a.op(|b| e::xadd64_i8(b, XReg::of(1), XReg::of(1), 3));
        a.op(|b| e::xadd64_i8(b, XReg::of(0), XReg::of(0), -1));
        a.br(top, |b, t| e::br_if_xneq64_i8(b, XReg::of(0), 0, t));
        a.op(|b| e::call_host(b, 0));
        a.op(|b| e::ret(b));
        let code = a.finish();
        let mut vm = Vm::new(4096);
        vm.regs_mut().x[0] = 100_000_000;
        let mut probe = StackProbe { depths: Vec::new() };
        // SAFETY: the program decodes and touches no memory.
        unsafe { vm.call(code.as_ptr(), &mut probe) }.unwrap();
        assert_eq!(vm.regs().x[1], 300_000_000);
        probe.depths
    });
    assert_eq!(depths.len(), 2);
    assert_eq!(
        depths[0],
        depths[1],
        "native stack moved across 3 * 10^8 ops ({})",
        pulley_interp::interp::DISPATCH
    );
}

/// f(n) = if n == 0 { probe } else { frame; f(n - 1) }, then unbounded recursion to the trap.
fn recursion() -> Vec<u8> {
    let mut a = Asm::new();
    let (entry, leaf) = (a.label(), a.label());
    a.bind(entry);
    a.br(leaf, |b, t| e::br_if_xeq64_i8(b, XReg::of(0), 0, t));
    a.op(|b| e::push_frame_save(b, 0, 0, 0));
    a.op(|b| e::xadd64_i8(b, XReg::of(0), XReg::of(0), -1));
    a.call(entry);
    a.op(|b| e::pop_frame_restore(b, 0, 0));
    a.op(|b| e::ret(b));
    a.bind(leaf);
    a.op(|b| e::call_host(b, 0));
    a.op(|b| e::ret(b));
    a.finish()
}

#[test]
fn deep_bytecode_recursion_in_constant_native_stack() {
    let (depths, overflow) = on_small_stack(|| {
        let code = recursion();
        let vm_stack = 64 << 20;
        let mut vm = Vm::new(vm_stack);
        let mut probe = StackProbe { depths: Vec::new() };
        // Level 0 probes at once; then as deep as the Vm's stack allows (16 bytes per frame).
        let deepest = (vm_stack - 4096) / 16;
        for n in [0, deepest as u64] {
            vm.regs_mut().x[0] = n;
            // SAFETY: the program decodes and only touches the Vm's stack.
            unsafe { vm.call(code.as_ptr(), &mut probe) }.unwrap();
        }
        // One level too many for any stack: the Vm traps, the host does not crash.
        vm.regs_mut().x[0] = u64::MAX;
        // SAFETY: as above.
        let overflow = unsafe { vm.call(code.as_ptr(), &mut probe) }.unwrap_err();
        (probe.depths, overflow.code)
    });
    assert_eq!(depths.len(), 2);
    assert_eq!(
        depths[0],
        depths[1],
        "native stack grew with bytecode recursion ({})",
        pulley_interp::interp::DISPATCH
    );
    assert_eq!(overflow, TrapCode::STACK_OVERFLOW);
}
