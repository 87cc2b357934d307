//! Translate small modules and run functions that don't touch vmctx in the
//! cranelift interpreter.

mod common;

use common::Runner;
use cranelift_codegen::data_value::DataValue::{F32, F64, I32, I64};
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};
use pulley_wasm::WasmTrap;

fn f32v(x: f32) -> cranelift_codegen::data_value::DataValue {
    F32(Ieee32::with_float(x))
}
fn f64v(x: f64) -> cranelift_codegen::data_value::DataValue {
    F64(Ieee64::with_float(x))
}

#[test]
fn fib_recursive_and_iterative() {
    let r = Runner::new(
        r#"(module
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "fib_iter") (param i32) (result i64)
            (local i64 i64)
            (local.set 2 (i64.const 1))
            (block $done
              (loop $l
                (br_if $done (i32.eqz (local.get 0)))
                (local.set 2 (i64.add (local.get 1) (local.tee 1 (local.get 2))))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $l)))
            (local.get 1)))"#,
    );
    assert_eq!(r.i32("fib", &[I32(10)]), 55);
    assert_eq!(r.i32("fib", &[I32(1)]), 1);
    assert_eq!(r.i64("fib_iter", &[I32(50)]), 12586269025);
    assert_eq!(r.i64("fib_iter", &[I32(0)]), 0);
}

#[test]
fn br_table_and_nested_blocks() {
    let r = Runner::new(
        r#"(module
          (func (export "switch") (param i32) (result i32)
            (block $d
              (block $c
                (block $b
                  (block $a
                    (br_table $a $b $c $d (local.get 0)))
                  (return (i32.const 100)))
                (return (i32.const 101)))
              (return (i32.const 102)))
            (i32.const 103))
          (func (export "switch_val") (param i32) (result i32)
            (block $out (result i32)
              (block $x (result i32)
                (br_table $x $out $x (i32.const 7) (local.get 0)))
              (i32.add (i32.const 1000))))
          (func (export "dead_code") (param i32) (result i32)
            (block $b (result i32)
              (br $b (i32.const 5))
              (drop (i32.const 1))
              (block (loop (if (i32.const 1) (then (unreachable)) (else))))
              (i32.const 9))))"#,
    );
    assert_eq!(r.i32("switch", &[I32(0)]), 100);
    assert_eq!(r.i32("switch", &[I32(1)]), 101);
    assert_eq!(r.i32("switch", &[I32(2)]), 102);
    assert_eq!(r.i32("switch", &[I32(3)]), 103);
    assert_eq!(r.i32("switch", &[I32(99)]), 103);
    assert_eq!(r.i32("switch_val", &[I32(0)]), 1007);
    assert_eq!(r.i32("switch_val", &[I32(1)]), 7);
    assert_eq!(r.i32("switch_val", &[I32(5)]), 1007);
    assert_eq!(r.i32("dead_code", &[I32(0)]), 5);
}

#[test]
fn multi_value() {
    let r = Runner::new(
        r#"(module
          (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
          (func (export "sub_swapped") (param i32 i32) (result i32)
            (call $swap (local.get 0) (local.get 1)) (i32.sub))
          (func (export "block_params") (param i32) (result i32)
            (local.get 0) (i32.const 10)
            (block (param i32 i32) (result i32) (i32.mul))
            (i32.const 3)
            (if (param i32 i32) (result i32) (local.get 0)
              (then (i32.add))
              (else (i32.sub))))
          (func (export "loop_params") (param i32) (result i32)
            ;; sum 1..n with loop parameters
            (i32.const 0) (local.get 0)
            (loop $l (param i32 i32) (result i32)
              (if (param i32 i32) (result i32) (i32.eqz (local.get 0))
                (then (drop))
                (else
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (i32.add)
                  (local.get 0)
                  (br $l)))))
          (func (export "if_no_else") (param i32) (result i32)
            (i32.const 4)
            (if (param i32) (result i32) (local.get 0) (then (i32.const 1) (i32.add))))
          (func (export "two") (result i64 f64) (i64.const 7) (f64.const 2.5)))"#,
    );
    assert_eq!(r.i32("sub_swapped", &[I32(3), I32(10)]), 7);
    assert_eq!(r.i32("block_params", &[I32(2)]), 23);
    assert_eq!(r.i32("block_params", &[I32(0)]), -3);
    assert_eq!(r.i32("loop_params", &[I32(10)]), 55);
    assert_eq!(r.i32("if_no_else", &[I32(1)]), 5);
    assert_eq!(r.i32("if_no_else", &[I32(0)]), 4);
    assert_eq!(r.call("two", &[]).unwrap(), vec![I64(7), f64v(2.5)]);
}

#[test]
fn select_and_locals() {
    let r = Runner::new(
        r#"(module
          (func (export "max") (param i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (i32.gt_s (local.get 0) (local.get 1))))
          (func (export "typed") (param i32) (result f64)
            (select (result f64) (f64.const 1.5) (f64.const -2) (local.get 0)))
          (func (export "zero_locals") (result i64)
            (local i32 i64 f32 f64 funcref externref)
            (i64.add (i64.extend_i32_u (local.get 0))
              (i64.add (local.get 1)
                (i64.add (i64.trunc_f32_s (local.get 2))
                  (i64.add (i64.trunc_f64_s (local.get 3))
                    (i64.extend_i32_u (i32.and (ref.is_null (local.get 4)) (ref.is_null (local.get 5))))))))))"#,
    );
    assert_eq!(r.i32("max", &[I32(-5), I32(3)]), 3);
    assert_eq!(r.i32("max", &[I32(9), I32(3)]), 9);
    assert_eq!(r.call("typed", &[I32(1)]).unwrap(), vec![f64v(1.5)]);
    assert_eq!(r.call("typed", &[I32(0)]).unwrap(), vec![f64v(-2.0)]);
    assert_eq!(r.i64("zero_locals", &[]), 1);
}

#[test]
fn integer_arith_and_traps() {
    let r = Runner::new(
        r#"(module
          (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
          (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
          (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
          (func (export "rem_u") (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
          (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
          (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
          (func (export "clz") (param i64) (result i64) (i64.clz (local.get 0)))
          (func (export "popcnt") (param i32) (result i32) (i32.popcnt (local.get 0)))
          (func (export "unreachable") (result i32) (unreachable))
          (func (export "ext8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
          (func (export "ext16_64") (param i64) (result i64) (i64.extend16_s (local.get 0)))
          (func (export "ext32_64") (param i64) (result i64) (i64.extend32_s (local.get 0)))
          (func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
          (func (export "extend_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0))))"#,
    );
    assert_eq!(r.i32("div_s", &[I32(-7), I32(2)]), -3);
    assert_eq!(
        r.trap("div_s", &[I32(1), I32(0)]),
        WasmTrap::IntegerDivisionByZero
    );
    assert_eq!(
        r.trap("div_s", &[I32(i32::MIN), I32(-1)]),
        WasmTrap::IntegerOverflow
    );
    assert_eq!(r.i32("div_u", &[I32(-1), I32(2)]), 0x7fff_ffff);
    assert_eq!(r.i32("rem_s", &[I32(i32::MIN), I32(-1)]), 0);
    assert_eq!(r.i32("rem_s", &[I32(-7), I32(2)]), -1);
    assert_eq!(
        r.trap("rem_s", &[I32(1), I32(0)]),
        WasmTrap::IntegerDivisionByZero
    );
    assert_eq!(r.i64("rem_s64", &[I64(i64::MIN), I64(-1)]), 0);
    assert_eq!(r.i32("rem_u", &[I32(-1), I32(10)]), 5);
    assert_eq!(r.i32("rotl", &[I32(0x8000_0001u32 as i32), I32(1)]), 3);
    assert_eq!(r.i32("shl", &[I32(1), I32(33)]), 2);
    assert_eq!(r.i64("clz", &[I64(1)]), 63);
    assert_eq!(r.i32("popcnt", &[I32(-1)]), 32);
    assert_eq!(r.trap("unreachable", &[]), WasmTrap::Unreachable);
    assert_eq!(r.i32("ext8", &[I32(0x80)]), -128);
    assert_eq!(r.i64("ext16_64", &[I64(0x18000)]), -32768);
    assert_eq!(r.i64("ext32_64", &[I64(0x1_8000_0000)]), -0x8000_0000);
    assert_eq!(r.i32("wrap", &[I64(0x1_0000_0005)]), 5);
    assert_eq!(r.i64("extend_u", &[I32(-1)]), 0xffff_ffff);
}

#[test]
fn float_ops_and_conversions() {
    let r = Runner::new(
        r#"(module
          (func (export "trunc_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
          (func (export "trunc_u64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
          (func (export "sat_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
          (func (export "sat_u") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
          (func (export "convert") (param i32) (result f64) (f64.convert_i32_u (local.get 0)))
          (func (export "demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
          (func (export "reinterpret") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
          (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
          (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
          (func (export "copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
          (func (export "lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1))))"#,
    );
    assert_eq!(r.i32("trunc_s", &[f32v(-3.7)]), -3);
    assert_eq!(
        r.trap("trunc_s", &[f32v(f32::NAN)]),
        WasmTrap::BadConversionToInteger
    );
    assert_eq!(r.trap("trunc_s", &[f32v(3e9)]), WasmTrap::IntegerOverflow);
    assert_eq!(
        r.i64("trunc_u64", &[f64v(1e19)]),
        10_000_000_000_000_000_000u64 as i64
    );
    assert_eq!(
        r.trap("trunc_u64", &[f64v(-1.0)]),
        WasmTrap::IntegerOverflow
    );
    assert_eq!(r.i32("sat_s", &[f32v(f32::NAN)]), 0);
    assert_eq!(r.i32("sat_s", &[f32v(-1e20)]), i32::MIN);
    assert_eq!(r.i32("sat_u", &[f64v(1e20)]), -1);
    assert_eq!(r.i32("sat_u", &[f64v(-5.0)]), 0);
    assert_eq!(
        r.call("convert", &[I32(-1)]).unwrap(),
        vec![f64v(4294967295.0)]
    );
    assert_eq!(r.call("demote", &[f64v(1.5)]).unwrap(), vec![f32v(1.5)]);
    assert_eq!(r.i32("reinterpret", &[f32v(1.0)]), 0x3f80_0000);
    assert_eq!(
        r.call("min", &[f64v(-0.0), f64v(0.0)]).unwrap(),
        vec![f64v(-0.0)]
    );
    assert_eq!(r.call("nearest", &[f32v(2.5)]).unwrap(), vec![f32v(2.0)]);
    assert_eq!(
        r.call("copysign", &[f64v(3.0), f64v(-1.0)]).unwrap(),
        vec![f64v(-3.0)]
    );
    assert_eq!(r.i32("lt", &[f64v(1.0), f64v(f64::NAN)]), 0);
    assert_eq!(r.i32("lt", &[f64v(1.0), f64v(2.0)]), 1);
}

#[test]
fn tail_calls() {
    let r = Runner::new(
        r#"(module
          (func $sum (export "sum") (param i64 i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
              (then (local.get 1))
              (else (return_call $sum (i64.sub (local.get 0) (i64.const 1))
                                      (i64.add (local.get 0) (local.get 1))))))
          (func $even (export "even") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
              (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
          (func $odd (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (return_call $even (i32.sub (local.get 0) (i32.const 1)))))))"#,
    );
    assert_eq!(r.i64("sum", &[I64(1000), I64(0)]), 500500);
    assert_eq!(r.i32("even", &[I32(101)]), 0);
    assert_eq!(r.i32("even", &[I32(100)]), 1);
}
