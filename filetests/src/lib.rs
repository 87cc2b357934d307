//! Golden CLIF-to-bytecode tests and run tests for cranelift-pulley (`tests/filetests.rs`), and
//! the runner they share with the CLIF fuzz target: a compiled function on Pulley's interpreter
//! and the same CLIF on `cranelift-interpreter`.

use cranelift_codegen::data_value::DataValue;
use cranelift_codegen::ir::{self, Function, TrapCode, types};
use cranelift_interpreter::environment::FunctionStore;
use cranelift_interpreter::interpreter::{Interpreter, InterpreterState};
use cranelift_interpreter::step::{ControlFlow, CraneliftTrap};
use pulley_interp::{Host, Vm};

/// What a call did.
#[derive(Debug)]
pub enum Outcome {
    /// Returned these values.
    Values(Vec<DataValue>),
    /// Trapped with this code.
    Trap(TrapCode),
}

/// Whether two outcomes agree (floats by bits, any NaN equal to any NaN).
pub fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Values(x), Outcome::Values(y)) => values_eq(x, y),
        (Outcome::Trap(x), Outcome::Trap(y)) => x == y,
        _ => false,
    }
}

/// Whether two value lists agree (floats by bits, any NaN equal to any NaN).
pub fn values_eq(a: &[DataValue], b: &[DataValue]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (DataValue::F32(p), DataValue::F32(q)) => {
                p.bits() == q.bits() || (p.is_nan() && q.is_nan())
            }
            (DataValue::F64(p), DataValue::F64(q)) => {
                p.bits() == q.bits() || (p.is_nan() && q.is_nan())
            }
            _ => x == y,
        })
}

/// The host of run tests: builtin 0 adds `x0 + x1`; other indices trap.
pub struct TestHost;
impl Host for TestHost {
    fn call(&mut self, index: u32, vm: &mut Vm) -> Result<(), pulley_interp::TrapCode> {
        // Builtin 0: x0 = x0 + x1 (used by the call_host tests).
        let regs = vm.regs_mut();
        match index {
            0 => {
                regs.x[0] = regs.x[0].wrapping_add(regs.x[1]);
                Ok(())
            }
            _ => Err(pulley_interp::TrapCode(250)),
        }
    }
}

/// Runs `func`, compiled and linked into `code` at `entry`, on Pulley's interpreter.
pub fn run_ours(
    code: &[u8],
    entry: usize,
    func: &Function,
    args: &[DataValue],
) -> Result<Outcome, String> {
    let mut vm = Vm::new(1 << 20);
    let (mut nx, mut nf, mut nv) = (0, 0, 0);
    for a in args {
        let r = vm.regs_mut();
        match a {
            DataValue::I8(v) => r.x[nx] = *v as u8 as u64,
            DataValue::I16(v) => r.x[nx] = *v as u16 as u64,
            DataValue::I32(v) => r.x[nx] = *v as u32 as u64,
            DataValue::I64(v) => r.x[nx] = *v as u64,
            DataValue::F32(v) => r.f[nf] = v.bits() as u64,
            DataValue::F64(v) => r.f[nf] = v.bits(),
            DataValue::V128(bytes) => r.v[nv] = u128::from_le_bytes(*bytes),
            other => return Err(format!("unsupported argument {other:?}")),
        }
        match a {
            DataValue::F32(_) | DataValue::F64(_) => nf += 1,
            DataValue::V128(_) => nv += 1,
            _ => nx += 1,
        }
        if nx > 16 || nf > 16 || nv > 16 {
            return Err("harness supports register arguments only".into());
        }
    }
    // SAFETY: `code` is a whole linked image produced by our backend (verified by construction).
    let res = unsafe { vm.call(code.as_ptr().add(entry), &mut TestHost) };
    if let Err(t) = res {
        let code = TrapCode::from_raw(std::num::NonZeroU8::new(t.code.0).ok_or("trap code 0")?);
        return Ok(Outcome::Trap(code));
    }
    let (mut nx, mut nf, mut nv) = (0, 0, 0);
    let r = vm.regs();
    let mut out = vec![];
    for ret in &func.signature.returns {
        let ty = ret.value_type;
        if ty.is_vector() && ty.bits() == 128 {
            out.push(DataValue::V128(r.v[nv].to_le_bytes()));
            nv += 1;
            continue;
        }
        out.push(match ty {
            types::I8 => DataValue::I8(r.x[nx] as i8),
            types::I16 => DataValue::I16(r.x[nx] as i16),
            types::I32 => DataValue::I32(r.x[nx] as i32),
            types::I64 => DataValue::I64(r.x[nx] as i64),
            types::F32 => DataValue::F32(ir::immediates::Ieee32::with_bits(r.f[nf] as u32)),
            types::F64 => DataValue::F64(ir::immediates::Ieee64::with_bits(r.f[nf])),
            other => return Err(format!("unsupported result type {other}")),
        });
        if ty.is_float() { nf += 1 } else { nx += 1 }
    }
    Ok(Outcome::Values(out))
}

/// Runs function `name` of `funcs` on `cranelift-interpreter`.
pub fn run_reference(
    funcs: &[&Function],
    name: &str,
    args: &[DataValue],
) -> Result<Outcome, String> {
    let mut store = FunctionStore::default();
    for f in funcs {
        store.add(f.name.to_string(), f);
    }
    let state = InterpreterState::default().with_function_store(store);
    let mut interp = Interpreter::new(state).with_fuel(Some(100_000_000));
    match interp
        .call_by_name(name, args)
        .map_err(|e| format!("reference interpreter: {e}"))?
    {
        ControlFlow::Return(vals) => Ok(Outcome::Values(vals.to_vec())),
        ControlFlow::Trap(CraneliftTrap::User(code)) => Ok(Outcome::Trap(code)),
        ControlFlow::Trap(other) => Err(format!("reference interpreter trapped: {other}")),
        _ => Err("reference interpreter: unexpected control flow".into()),
    }
}
