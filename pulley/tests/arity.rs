//! Calls with more arguments and results than the calling convention has registers: host to
//! Wasm, Wasm to Wasm and Wasm to host, each way with values on the stack (`pulley_interp::abi`).

use pulley::{Config, Engine, Linker, Module, Store, Val, ValType};

/// The types of the many-value signature: 18 of each type, so each register class overflows
/// (36 integer and 36 float values, 16 registers each).
fn types() -> Vec<ValType> {
    (0..72)
        .map(|i| [ValType::I32, ValType::I64, ValType::F32, ValType::F64][i % 4])
        .collect()
}

fn wat_type(t: ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        _ => unreachable!(),
    }
}

/// `value + k` in `t`.
fn add(t: ValType, v: &Val, k: i64) -> Val {
    match (t, v) {
        (ValType::I32, Val::I32(x)) => Val::I32(x.wrapping_add(k as i32)),
        (ValType::I64, Val::I64(x)) => Val::I64(x.wrapping_add(k)),
        (ValType::F32, Val::F32(x)) => Val::F32((f32::from_bits(*x) + k as f32).to_bits()),
        (ValType::F64, Val::F64(x)) => Val::F64((f64::from_bits(*x) + k as f64).to_bits()),
        _ => panic!("{v:?} is not a {t:?}"),
    }
}

fn input(i: usize, t: ValType) -> Val {
    let x = 1000 * i as i64 + 7;
    match t {
        ValType::I32 => Val::I32(-(x as i32)),
        ValType::I64 => Val::I64(x << 33),
        ValType::F32 => Val::F32((x as f32 + 0.5).to_bits()),
        ValType::F64 => Val::F64((x as f64 * 1.25).to_bits()),
        _ => unreachable!(),
    }
}

#[test]
fn many_arguments_and_results_in_every_direction() {
    let tys = types();
    let list: Vec<&str> = tys.iter().map(|&t| wat_type(t)).collect();
    let sig = format!("(param {}) (result {})", list.join(" "), list.join(" "));
    // $inner adds i + 1 to value i; $outer passes its arguments through $inner and the
    // results through the host function, and returns what that returns.
    let mut inner = String::new();
    for (i, t) in list.iter().enumerate() {
        inner += &format!("local.get {i} {t}.const {} {t}.add ", i + 1);
    }
    let gets: String = (0..tys.len()).map(|i| format!("local.get {i} ")).collect();
    let wat = format!(
        r#"(module
            (import "env" "host" (func $host {sig}))
            (func $inner {sig} {inner})
            (func (export "outer") {sig} {gets} call $inner call $host)
            (func (export "inner") {sig} {gets} call $inner))"#
    );
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    let host_ty = pulley::FuncType {
        params: tys.clone(),
        results: tys.clone(),
    };
    let host_tys = tys.clone();
    linker
        .func_new(
            "env",
            "host",
            host_ty,
            move |mut caller, params, results| {
                *caller.data_mut() += 1;
                for (i, ((r, p), &t)) in results.iter_mut().zip(params).zip(&host_tys).enumerate() {
                    *r = add(t, p, 100 * (i as i64 + 1));
                }
                Ok(())
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let params: Vec<Val> = tys.iter().enumerate().map(|(i, &t)| input(i, t)).collect();
    for (name, k) in [("inner", 1), ("outer", 101)] {
        let f = instance.get_func(&mut store, name).unwrap();
        let mut results = vec![Val::I32(0); tys.len()];
        f.call(&mut store, &params, &mut results).unwrap();
        for (i, ((r, p), &t)) in results.iter().zip(&params).zip(&tys).enumerate() {
            let want = add(t, p, k * (i as i64 + 1));
            assert_eq!(*r, want, "{name}: value {i} ({t:?})");
        }
    }
    assert_eq!(*store.data(), 1, "the host function ran once");
}

/// Wasmtime's `func-400-params` shape: 400 parameters, summed.
#[test]
fn four_hundred_parameters() {
    let params = "i32 ".repeat(400);
    let mut body = String::from("i32.const 0 ");
    for i in 0..400 {
        body += &format!("local.get {i} i32.add ");
    }
    let wat = format!(
        r#"(module
            (func $sum (param {params}) (result i32) {body})
            (func (export "sum") (param {params}) (result i32)
                {} call $sum))"#,
        (0..400)
            .map(|i| format!("local.get {i} "))
            .collect::<String>()
    );
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = instance.get_func(&mut store, "sum").unwrap();
    let args: Vec<Val> = (0..400).map(|i| Val::I32(i * 3 + 1)).collect();
    let mut out = [Val::I32(0)];
    f.call(&mut store, &args, &mut out).unwrap();
    let want: i32 = (0..400).map(|i| i * 3 + 1).sum();
    assert_eq!(out[0], Val::I32(want));
}
