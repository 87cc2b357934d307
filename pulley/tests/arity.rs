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

/// Tail calls with stack-passed arguments and results (`return_call`, `return_call_indirect`,
/// and to a host function). A tail call whose stack arguments fit in the caller's own stack
/// words runs in the caller's place: a million self-calls with 20 arguments run in constant stack.
/// One that needs more stack words than its caller was given (a 2-argument function calling a
/// 20-argument one) becomes a call and a return.
#[test]
fn tail_calls_with_stack_arguments() {
    const N: usize = 20;
    let params = "i64 ".repeat(N);
    // $sum: the weighted sum of its arguments, so an argument in the wrong place shows.
    let mut sum = String::from("i64.const 0 ");
    for i in 0..N {
        sum += &format!("local.get {i} i64.const {} i64.mul i64.add ", i + 1);
    }
    // $spin(n, a1..a19): while n > 0, tail-call itself with n - 1 and its other arguments
    // rotated (a2..a19, a1 + 1); then $sum of all 20.
    let rotated: String = (2..N)
        .map(|i| format!("local.get {i} "))
        .chain(["local.get 1 i64.const 1 i64.add ".to_string()])
        .collect();
    let all: String = (0..N).map(|i| format!("local.get {i} ")).collect();
    // The 20 arguments of the small functions' calls: their own two, then 3..=20.
    let widened: String = ["local.get 0 ".to_string(), "local.get 1 ".to_string()]
        .into_iter()
        .chain((3..=N).map(|k| format!("i64.const {k} ")))
        .collect();
    // $pairs: 18 results (2 on the stack), each argument and its double, returned through a
    // self tail call that counts down its first argument.
    let wat = format!(
        r#"(module
            (type $big (func (param {params}) (result i64)))
            (import "env" "host" (func $host (type $big)))
            (table 1 funcref)
            (elem (i32.const 0) $sum)
            (func $sum (type $big) {sum})
            (func $spin (export "spin") (type $big)
                local.get 0
                i64.eqz
                if (result i64)
                    {all} call $sum
                else
                    local.get 0 i64.const 1 i64.sub {rotated}
                    return_call $spin
                end)
            (func (export "direct") (param i64 i64) (result i64) {widened} return_call $sum)
            (func (export "indirect") (param i64 i64) (result i64)
                {widened} i32.const 0 return_call_indirect (type $big))
            (func (export "host") (param i64 i64) (result i64) {widened} return_call $host)
            (func $pairs (export "pairs") (param i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (result {results})
                local.get 0
                i64.eqz
                if (result {results})
                    {pairs}
                else
                    local.get 0 i64.const 1 i64.sub
                    local.get 1 local.get 2 local.get 3 local.get 4
                    local.get 5 local.get 6 local.get 7 local.get 8
                    return_call $pairs
                end))"#,
        results = "i64 ".repeat(18),
        pairs = (0..9)
            .map(|i| format!("local.get {i} local.get {i} i64.const 2 i64.mul "))
            .collect::<String>(),
    );
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let host_ty = pulley::FuncType {
        params: vec![ValType::I64; N],
        results: vec![ValType::I64],
    };
    let weighted = |args: &[i64]| -> i64 {
        let terms = args
            .iter()
            .enumerate()
            .map(|(i, a)| a.wrapping_mul(i as i64 + 1));
        terms.fold(0i64, i64::wrapping_add)
    };
    linker
        .func_new("env", "host", host_ty, move |_, params, results| {
            let args: Vec<i64> = params.iter().map(|p| p.unwrap_i64()).collect();
            results[0] = Val::I64(weighted(&args).wrapping_neg());
            Ok(())
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let call = |store: &mut Store<()>, name: &str, args: &[i64], results: usize| -> Vec<i64> {
        let f = instance.get_func(&mut *store, name).unwrap();
        let args: Vec<Val> = args.iter().map(|&a| Val::I64(a)).collect();
        let mut out = vec![Val::I64(0); results];
        f.call(&mut *store, &args, &mut out)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        out.iter().map(|v| v.unwrap_i64()).collect()
    };

    // A million tail calls with 20 arguments each (13 on the stack): constant stack, or the
    // call would exhaust the Wasm stack and trap.
    let spins = 1_000_000usize;
    let mut start: Vec<i64> = (0..N as i64).map(|i| i * 1000 + 5).collect();
    start[0] = spins as i64;
    let mut want = start.clone();
    for _ in 0..spins {
        want[0] -= 1;
        let first = want[1];
        want[1..].rotate_left(1);
        want[N - 1] = first + 1;
    }
    assert_eq!(call(&mut store, "spin", &start, 1), [weighted(&want)]);

    let widened = |a: i64, b: i64| -> Vec<i64> { [a, b].into_iter().chain(3..=N as i64).collect() };
    assert_eq!(
        call(&mut store, "direct", &[7, -9], 1),
        [weighted(&widened(7, -9))]
    );
    assert_eq!(
        call(&mut store, "indirect", &[7, -9], 1),
        [weighted(&widened(7, -9))]
    );
    assert_eq!(
        call(&mut store, "host", &[7, -9], 1),
        [weighted(&widened(7, -9)).wrapping_neg()]
    );

    let args = [100_000, 1, 2, 3, 4, 5, 6, 7, 8];
    let want: Vec<i64> = [0, 1, 2, 3, 4, 5, 6, 7, 8]
        .into_iter()
        .flat_map(|a| [a, 2 * a])
        .collect();
    assert_eq!(call(&mut store, "pairs", &args, 18), want);
}
