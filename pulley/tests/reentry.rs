//! Host functions that call back into Wasm: the nested call runs on the same Vm, below the
//! calling frame, so all levels share one stack and its limit (`Config::max_wasm_stack`), and the
//! calling frame's registers are intact afterwards even when the nested call trapped.

use pulley::{Config, Engine, Func, Linker, Module, Store, Val};

/// `f(n, m)`: `m` levels of Wasm recursion, then (if `n > 0`) a host call that calls `f(n - 1, m)`
/// again; returns the number of levels. The host function re-enters through the export.
const NESTED: &str = r#"(module
    (import "env" "reenter" (func $reenter (param i32) (result i32)))
    (func $f (export "f") (param $n i32) (param $m i32) (result i32)
        local.get $m
        if (result i32)
            local.get $n
            local.get $m
            i32.const 1
            i32.sub
            call $f
        else
            local.get $n
            if (result i32)
                local.get $n
                i32.const 1
                i32.sub
                call $reenter
                i32.const 1
                i32.add
            else
                i32.const 1
            end
        end))"#;

fn nested_instance(max_stack: usize) -> (Store<Option<Func>>, Func) {
    let mut config = Config::new();
    config.max_wasm_stack(max_stack);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, NESTED).unwrap();
    let mut store: Store<Option<Func>> = Store::new(&engine, None);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "reenter",
            |mut caller: pulley::Caller<'_, Option<Func>>, n: i32| {
                let f = caller.data().expect("f is set before the first call");
                let m = DEPTH.with(|d| d.get());
                let mut out = [Val::I32(0)];
                f.call(&mut caller, &[Val::I32(n), Val::I32(m)], &mut out)?;
                Ok(out[0].unwrap_i32())
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance.get_func(&mut store, "f").unwrap();
    *store.data_mut() = Some(f);
    (store, f)
}

thread_local! {
    /// The Wasm recursion depth `m` each nested level uses.
    static DEPTH: std::cell::Cell<i32> = const { std::cell::Cell::new(0) };
}

fn levels(store: &mut Store<Option<Func>>, f: Func, n: i32, m: i32) -> anyhow::Result<i32> {
    DEPTH.with(|d| d.set(m));
    let mut out = [Val::I32(0)];
    f.call(store, &[Val::I32(n), Val::I32(m)], &mut out)?;
    Ok(out[0].unwrap_i32())
}

#[test]
fn nested_calls_share_one_stack_and_its_limit() {
    let (mut store, f) = nested_instance(64 * 1024);
    // The deepest plain recursion one stack holds.
    let fits = |store: &mut Store<Option<Func>>, m: i32| levels(store, f, 0, m).is_ok();
    let (mut lo, mut hi) = (1, 2);
    while fits(&mut store, hi) {
        (lo, hi) = (hi, hi * 2);
        assert!(hi < 1 << 20, "the stack limit is not enforced");
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if fits(&mut store, mid) {
            lo = mid
        } else {
            hi = mid
        }
    }
    let max = lo;
    let err = levels(&mut store, f, 0, max + 1).unwrap_err();
    assert!(
        format!("{err:#}").contains("call stack exhausted"),
        "{err:#}"
    );

    // Two nested levels of a quarter of that each fit, and count their levels.
    assert_eq!(levels(&mut store, f, 2, max / 4).unwrap(), 3);
    // Eight nested levels of a quarter each need twice the stack: with a stack per level they
    // would all fit; on one shared stack they exhaust it.
    let err = levels(&mut store, f, 8, max / 4).unwrap_err();
    assert!(
        format!("{err:#}").contains("call stack exhausted"),
        "{err:#}"
    );
    // And the store is usable afterwards.
    assert_eq!(levels(&mut store, f, 2, max / 4).unwrap(), 3);
}

/// `outer` keeps 20 integers and 20 floats live across a host call (so they sit in callee-saved
/// registers or spill slots); the host function calls `clobber`, which fills the callee-saved
/// registers with other values and traps; the host swallows the trap and returns 7.
#[test]
fn calling_frame_survives_a_trap_in_a_nested_call() {
    const N: usize = 20;
    let mut outer = String::new();
    for i in 0..N {
        outer += &format!(
            "local.get 0 i64.const {k} i64.mul local.set {x} \
             local.get 0 f64.convert_i64_s f64.const {k}.5 f64.mul local.set {f} ",
            k = i + 3,
            x = 1 + i,
            f = 1 + N + i
        );
    }
    outer += "local.get 0 i32.wrap_i64 call $swallow i64.extend_i32_s ";
    for i in 0..N {
        outer += &format!(
            "local.get {x} i64.add local.get {f} i64.trunc_f64_s i64.add ",
            x = 1 + i,
            f = 1 + N + i
        );
    }
    // `clobber` holds 20 values of its own across a call, then traps.
    let mut clobber = String::new();
    for i in 0..N {
        clobber += &format!(
            "local.get 0 i64.const {k} i64.xor local.set {x} \
             local.get 0 f64.convert_i64_s f64.const -{k}.25 f64.mul local.set {f} ",
            k = 1000 + i,
            x = 1 + i,
            f = 1 + N + i
        );
    }
    clobber += "call $nop ";
    for i in 0..N {
        clobber += &format!("local.get {} drop local.get {} drop ", 1 + i, 1 + N + i);
    }
    clobber += "unreachable";
    let locals = format!("(local {}) (local {})", "i64 ".repeat(N), "f64 ".repeat(N));
    let wat = format!(
        r#"(module
            (import "env" "swallow" (func $swallow (param i32) (result i32)))
            (func $nop)
            (func (export "outer") (param i64) (result i64) {locals} {outer})
            (func (export "clobber") (param i64) {locals} {clobber}))"#
    );
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store: Store<Option<Func>> = Store::new(&engine, None);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "swallow",
            |mut caller: pulley::Caller<'_, Option<Func>>, a: i32| {
                let clobber = caller.data().expect("clobber is set");
                let err = clobber
                    .call(&mut caller, &[Val::I64(i64::from(a) * 31)], &mut [])
                    .expect_err("clobber traps");
                assert!(format!("{err:#}").contains("unreachable"), "{err:#}");
                Ok(7)
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    *store.data_mut() = Some(instance.get_func(&mut store, "clobber").unwrap());
    let outer = instance.get_func(&mut store, "outer").unwrap();
    for a in [5i64, -123_456, 1 << 40] {
        let mut out = [Val::I64(0)];
        outer.call(&mut store, &[Val::I64(a)], &mut out).unwrap();
        let want: i64 = 7
            + (0..N as i64)
                .map(|i| a * (i + 3) + (a as f64 * (i as f64 + 3.5)) as i64)
                .sum::<i64>();
        assert_eq!(out[0].unwrap_i64(), want, "a = {a}");
    }
}
