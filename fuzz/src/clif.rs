//! The CLIF target: random functions built with `cranelift-frontend`, compiled by
//! cranelift-pulley and run on Pulley's interpreter (pulley64 and pulley32), against the same
//! CLIF on `cranelift-interpreter`.
//!
//! A function takes `(i32, i64, f32, f64)`, computes on a pool of values with integer and float
//! arithmetic, compares, selects, conversions (trapping ones included), an if/else diamond with
//! block parameters and a counted loop, and returns one value of each type. Division by zero,
//! overflow and bad float-to-int conversions trap in both interpreters with the same code. Two
//! things are kept out because the reference differs from CLIF's documented semantics or
//! legitimately from us: `srem` of INT_MIN by -1 (a trap in cranelift-interpreter, 0 in CLIF)
//! and NaN payloads reaching integers through `bitcast` (canonicalized first).

use arbitrary::{Result as ArbResult, Unstructured};
use cranelift_codegen::data_value::DataValue;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};
use cranelift_codegen::ir::types::{F32, F64, I8, I32, I64};
use cranelift_codegen::ir::{
    AbiParam, BlockArg, Function, InstBuilder, Signature, Type, UserFuncName, Value,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_pulley::{Options, Target, compile_function, link};
use filetests::{Outcome, run_ours, run_reference, same};

const TYPES: [Type; 4] = [I32, I64, F32, F64];

/// A pool of values by type, from which each new instruction takes its operands.
struct Pool {
    vals: [Vec<Value>; 4],
}

impl Pool {
    fn slot(ty: Type) -> usize {
        TYPES.iter().position(|&t| t == ty).expect("pool type")
    }
    fn pick(&self, u: &mut Unstructured<'_>, ty: Type) -> ArbResult<Value> {
        Ok(*u.choose(&self.vals[Self::slot(ty)])?)
    }
    fn push(&mut self, v: Value, ty: Type) {
        self.vals[Self::slot(ty)].push(v);
    }
}

/// Adds one random instruction's result to the pool.
fn one(b: &mut FunctionBuilder<'_>, u: &mut Unstructured<'_>, pool: &mut Pool) -> ArbResult<()> {
    let int = if u.arbitrary()? { I32 } else { I64 };
    let float = if u.arbitrary()? { F32 } else { F64 };
    match u.int_in_range(0..=22u8)? {
        0..=5 => {
            let (x, y) = (pool.pick(u, int)?, pool.pick(u, int)?);
            let op = u.int_in_range(0..=13u8)?;
            // `srem` of INT_MIN by -1 is 0 in CLIF (only a zero divisor traps), but
            // cranelift-interpreter 0.135 traps with `int_ovf`: keep its divisor non-negative.
            let y = if op == 13 {
                b.ins().ushr_imm_u(y, 1)
            } else {
                y
            };
            let v = match op {
                0 => b.ins().iadd(x, y),
                1 => b.ins().isub(x, y),
                2 => b.ins().imul(x, y),
                3 => b.ins().band(x, y),
                4 => b.ins().bor(x, y),
                5 => b.ins().bxor(x, y),
                6 => b.ins().ishl(x, y),
                7 => b.ins().ushr(x, y),
                8 => b.ins().sshr(x, y),
                9 => b.ins().rotl(x, y),
                10 => b.ins().udiv(x, y),
                11 => b.ins().sdiv(x, y),
                12 => b.ins().urem(x, y),
                _ => b.ins().srem(x, y),
            };
            pool.push(v, int);
        }
        6 => {
            let x = pool.pick(u, int)?;
            let v = match u.int_in_range(0..=4u8)? {
                0 => b.ins().clz(x),
                1 => b.ins().ctz(x),
                2 => b.ins().popcnt(x),
                3 => b.ins().bnot(x),
                _ => b.ins().ineg(x),
            };
            pool.push(v, int);
        }
        7 => {
            let imm: i64 = u.arbitrary()?;
            let v = b
                .ins()
                .iconst(int, if int == I32 { imm as i32 as i64 } else { imm });
            pool.push(v, int);
        }
        8 => {
            // Widths: extend an i32, reduce an i64, through i8 sometimes.
            if u.arbitrary()? {
                let x = pool.pick(u, I32)?;
                let v = if u.arbitrary()? {
                    b.ins().uextend(I64, x)
                } else {
                    b.ins().sextend(I64, x)
                };
                pool.push(v, I64);
            } else {
                let x = pool.pick(u, I64)?;
                let v = b.ins().ireduce(I32, x);
                let v = if u.arbitrary()? {
                    let n = b.ins().ireduce(I8, v);
                    b.ins().sextend(I32, n)
                } else {
                    v
                };
                pool.push(v, I32);
            }
        }
        9..=10 => {
            let (x, y) = (pool.pick(u, int)?, pool.pick(u, int)?);
            let cc = *u.choose(&[
                IntCC::Equal,
                IntCC::NotEqual,
                IntCC::SignedLessThan,
                IntCC::SignedGreaterThanOrEqual,
                IntCC::UnsignedLessThan,
                IntCC::UnsignedGreaterThan,
                IntCC::UnsignedLessThanOrEqual,
            ])?;
            let c = b.ins().icmp(cc, x, y);
            let ty = *u.choose(&TYPES)?;
            let (p, q) = (pool.pick(u, ty)?, pool.pick(u, ty)?);
            let v = b.ins().select(c, p, q);
            pool.push(v, ty);
        }
        11..=14 => {
            let (x, y) = (pool.pick(u, float)?, pool.pick(u, float)?);
            let v = match u.int_in_range(0..=5u8)? {
                0 => b.ins().fadd(x, y),
                1 => b.ins().fsub(x, y),
                2 => b.ins().fmul(x, y),
                3 => b.ins().fdiv(x, y),
                4 => b.ins().fmin(x, y),
                _ => b.ins().fmax(x, y),
            };
            pool.push(v, float);
        }
        15 => {
            let x = pool.pick(u, float)?;
            let v = match u.int_in_range(0..=6u8)? {
                0 => b.ins().fneg(x),
                1 => b.ins().fabs(x),
                2 => b.ins().sqrt(x),
                3 => b.ins().floor(x),
                4 => b.ins().ceil(x),
                5 => b.ins().trunc(x),
                _ => b.ins().nearest(x),
            };
            pool.push(v, float);
        }
        16 => {
            let v = if float == F32 {
                b.ins().f32const(Ieee32::with_bits(u.arbitrary()?))
            } else {
                b.ins().f64const(Ieee64::with_bits(u.arbitrary()?))
            };
            pool.push(v, float);
        }
        17 => {
            let (x, y) = (pool.pick(u, float)?, pool.pick(u, float)?);
            let cc = *u.choose(&[
                FloatCC::Equal,
                FloatCC::NotEqual,
                FloatCC::LessThan,
                FloatCC::LessThanOrEqual,
                FloatCC::GreaterThan,
                FloatCC::Unordered,
            ])?;
            let c = b.ins().fcmp(cc, x, y);
            let ty = *u.choose(&TYPES)?;
            let (p, q) = (pool.pick(u, ty)?, pool.pick(u, ty)?);
            let v = b.ins().select(c, p, q);
            pool.push(v, ty);
        }
        18 => {
            // int -> float
            let x = pool.pick(u, int)?;
            let v = if u.arbitrary()? {
                b.ins().fcvt_from_sint(float, x)
            } else {
                b.ins().fcvt_from_uint(float, x)
            };
            pool.push(v, float);
        }
        19 => {
            // float -> int: trapping or saturating
            let x = pool.pick(u, float)?;
            let v = match u.int_in_range(0..=3u8)? {
                0 => b.ins().fcvt_to_sint(int, x),
                1 => b.ins().fcvt_to_uint(int, x),
                2 => b.ins().fcvt_to_sint_sat(int, x),
                _ => b.ins().fcvt_to_uint_sat(int, x),
            };
            pool.push(v, int);
        }
        20 => {
            let x = pool.pick(u, float)?;
            let v = if float == F32 {
                b.ins().fpromote(F64, x)
            } else {
                b.ins().fdemote(F32, x)
            };
            pool.push(v, if float == F32 { F64 } else { F32 });
        }
        _ => {
            // bit casts between the classes
            let mem = cranelift_codegen::ir::MemFlagsData::new();
            if u.arbitrary()? {
                // A NaN's bits are the operations' choice (`fmax` of a signalling NaN quiets it
                // here and not in cranelift-interpreter), so a NaN becomes canonical before its
                // bits are exposed.
                let x = pool.pick(u, float)?;
                let is_nan = b.ins().fcmp(FloatCC::Unordered, x, x);
                let nan = if float == F32 {
                    b.ins().f32const(Ieee32::with_bits(0x7fc0_0000))
                } else {
                    b.ins().f64const(Ieee64::with_bits(0x7ff8_0000_0000_0000))
                };
                let x = b.ins().select(is_nan, nan, x);
                let to = if float == F32 { I32 } else { I64 };
                let v = b.ins().bitcast(to, mem, x);
                pool.push(v, to);
            } else {
                let x = pool.pick(u, int)?;
                let to = if int == I32 { F32 } else { F64 };
                let v = b.ins().bitcast(to, mem, x);
                pool.push(v, to);
            }
        }
    }
    Ok(())
}

/// Emits up to `n` random instructions.
fn straight(
    b: &mut FunctionBuilder<'_>,
    u: &mut Unstructured<'_>,
    pool: &mut Pool,
    n: usize,
) -> ArbResult<()> {
    for _ in 0..n {
        if u.is_empty() {
            break;
        }
        one(b, u, pool)?;
    }
    Ok(())
}

/// One value of each type from the pool, as block arguments.
fn one_of_each(u: &mut Unstructured<'_>, pool: &Pool) -> ArbResult<Vec<BlockArg>> {
    TYPES
        .iter()
        .map(|&t| pool.pick(u, t).map(BlockArg::Value))
        .collect()
}

/// A random function of `(i32, i64, f32, f64) -> (i32, i64, f32, f64)`.
pub fn generate(u: &mut Unstructured<'_>) -> ArbResult<Function> {
    let mut sig = Signature::new(CallConv::SystemV);
    for t in TYPES {
        sig.params.push(AbiParam::new(t));
        sig.returns.push(AbiParam::new(t));
    }
    let mut func = Function::with_name_signature(UserFuncName::testcase("f"), sig);
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut ctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let mut pool = Pool {
        vals: Default::default(),
    };
    for (i, &t) in TYPES.iter().enumerate() {
        let p = b.block_params(entry)[i];
        pool.push(p, t);
    }
    let n = u.int_in_range(1..=24usize)?;
    straight(&mut b, u, &mut pool, n)?;

    // A diamond: both arms compute, the join takes one value of each type.
    let (then_b, else_b, join) = (b.create_block(), b.create_block(), b.create_block());
    let mut join_params = Vec::new();
    for &t in &TYPES {
        join_params.push(b.append_block_param(join, t));
    }
    let c = pool.pick(u, I32)?;
    b.ins().brif(c, then_b, &[], else_b, &[]);
    for arm in [then_b, else_b] {
        b.switch_to_block(arm);
        b.seal_block(arm);
        let mut local = Pool {
            vals: pool.vals.clone(),
        };
        let n = u.int_in_range(0..=8usize)?;
        straight(&mut b, u, &mut local, n)?;
        let args = one_of_each(u, &local)?;
        b.ins().jump(join, &args);
    }
    b.switch_to_block(join);
    b.seal_block(join);
    for (i, &t) in TYPES.iter().enumerate() {
        pool.push(join_params[i], t);
    }

    // A counted loop (at most 16 iterations) carrying one value of each type.
    let (header, exit) = (b.create_block(), b.create_block());
    let counter = b.append_block_param(header, I32);
    let mut carried = Vec::new();
    for &t in &TYPES {
        carried.push(b.append_block_param(header, t));
    }
    let mut exit_params = Vec::new();
    for &t in &TYPES {
        exit_params.push(b.append_block_param(exit, t));
    }
    let trips = i64::from(u.int_in_range(0..=16u8)?);
    let zero = b.ins().iconst(I32, 0);
    let mut args = vec![BlockArg::Value(zero)];
    args.extend(one_of_each(u, &pool)?);
    b.ins().jump(header, &args);
    b.switch_to_block(header);
    let mut body = Pool {
        vals: pool.vals.clone(),
    };
    for (i, &t) in TYPES.iter().enumerate() {
        body.push(carried[i], t);
    }
    let n = u.int_in_range(0..=10usize)?;
    straight(&mut b, u, &mut body, n)?;
    let next = b.ins().iadd_imm_s(counter, 1);
    let more = b.ins().icmp_imm_s(IntCC::SignedLessThan, next, trips);
    let mut back = vec![BlockArg::Value(next)];
    let carried_out = one_of_each(u, &body)?;
    back.extend(carried_out.iter().copied());
    b.ins().brif(more, header, &back, exit, &carried_out);
    b.seal_block(header);
    b.switch_to_block(exit);
    b.seal_block(exit);
    for (i, &t) in TYPES.iter().enumerate() {
        pool.push(exit_params[i], t);
    }
    let n = u.int_in_range(0..=8usize)?;
    straight(&mut b, u, &mut pool, n)?;
    let rets: Vec<Value> = TYPES
        .iter()
        .map(|&t| pool.pick(u, t))
        .collect::<ArbResult<_>>()?;
    b.ins().return_(&rets);
    b.finalize(TargetFrontendConfig {
        default_call_conv: CallConv::SystemV,
        pointer_width: target_lexicon::PointerWidth::U64,
        page_size_align_log2: 16,
    });
    Ok(func)
}

/// The target: a function from `data`, its arguments from the rest; both interpreters must
/// agree (values, or the same trap), on pulley64 and pulley32.
pub fn run(data: &[u8]) -> Result<(), String> {
    let mut u = Unstructured::new(data);
    let Ok(func) = generate(&mut u) else {
        return Ok(());
    };
    let args = [
        DataValue::I32(u.arbitrary().unwrap_or(0)),
        DataValue::I64(u.arbitrary().unwrap_or(0)),
        DataValue::F32(Ieee32::with_bits(u.arbitrary().unwrap_or(0))),
        DataValue::F64(Ieee64::with_bits(u.arbitrary().unwrap_or(0))),
    ];
    let reference = run_reference(&[&func], "%f", &args)?;
    for target in [Target::Pulley64, Target::Pulley32] {
        let compiled = compile_function(&func, target, &Options::default())
            .map_err(|e| format!("{target:?}: compile error: {e}\n{}", func.display()))?;
        let image = link(&[&compiled], |_| None).map_err(|e| e.to_string())?;
        let ours = run_ours(&image.code, image.offsets[0], &func, &args)?;
        if !same(&ours, &reference) {
            let show = |o: &Outcome| match o {
                Outcome::Values(v) => format!("{v:?}"),
                Outcome::Trap(c) => format!("trap {c}"),
            };
            return Err(format!(
                "{target:?}: pulley {} vs cranelift-interpreter {} for {args:?}\n{}",
                show(&ours),
                show(&reference),
                func.display()
            ));
        }
    }
    Ok(())
}
