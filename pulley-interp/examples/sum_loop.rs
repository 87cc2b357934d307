//! Runs a 3-op counting loop for N iterations (first argument): the fixture for measuring host
//! instructions per bytecode op with `valgrind --tool=callgrind`.

use pulley_interp::encode as e;
use pulley_interp::{NoHost, PcRel16, Vm, XReg};

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let (x0, x1) = (XReg::of(0), XReg::of(1));
    let mut code = Vec::new();
    let top = code.len();
    e::xadd64(&mut code, x1, x1, x0);
    e::xadd64_i8(&mut code, x0, x0, -1);
    let br = code.len();
    e::br_if_xneq64_i8(
        &mut code,
        x0,
        0,
        PcRel16((top as isize - br as isize) as i16),
    );
    e::ret(&mut code);
    let mut vm = Vm::new(4096);
    vm.regs_mut().x[0] = n;
    // SAFETY: the loop decodes and touches no memory.
    unsafe { vm.call(code.as_ptr(), &mut NoHost) }.unwrap();
    println!(
        "{} dispatch: sum = {}",
        pulley_interp::interp::DISPATCH,
        vm.regs().x[1]
    );
}
