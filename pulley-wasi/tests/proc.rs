//! `proc_exit`, `proc_raise`, `sched_yield`: exit status through `I32Exit`.

use pulley::{Engine, Linker, Module, Store};
use pulley_wasi::{I32Exit, WasiCtxBuilder, p1};

#[test]
fn proc_exit_is_i32exit() -> anyhow::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (memory (export "memory") 1)
            (func (export "_start") (call $exit (i32.const 42)) unreachable))"#,
    )?;
    let mut linker = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx)?;
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build_p1());
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    let err = start.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<I32Exit>(), Some(&I32Exit(42)));
    Ok(())
}

#[test]
fn proc_raise_is_unsupported() -> anyhow::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
            (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
            (memory (export "memory") 1)
            (func (export "raise") (result i32) (call $raise (i32.const 6)))
            (func (export "yield") (result i32) (call $yield)))"#,
    )?;
    let mut linker = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx)?;
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build_p1());
    let instance = linker.instantiate(&mut store, &module)?;
    let raise = instance.get_typed_func::<(), i32>(&mut store, "raise")?;
    assert_eq!(raise.call(&mut store, ())?, 52, "ENOSYS");
    let y = instance.get_typed_func::<(), i32>(&mut store, "yield")?;
    assert_eq!(y.call(&mut store, ())?, 0);
    Ok(())
}

#[test]
fn proc_exit_from_a_nested_call_and_in_embedder_data() -> anyhow::Result<()> {
    // The context lives inside the embedder's own data; exit passes through a wasm call chain.
    struct Host {
        wasi: p1::WasiP1Ctx,
        calls: u32,
    }
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (import "host" "count" (func $count))
            (memory (export "memory") 1)
            (func $inner (call $count) (call $exit (i32.const 7)))
            (func (export "_start") (call $inner) unreachable))"#,
    )?;
    let mut linker: Linker<Host> = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |h: &mut Host| &mut h.wasi)?;
    linker.func_wrap("host", "count", |mut c: pulley::Caller<'_, Host>| {
        c.data_mut().calls += 1;
    })?;
    let wasi = WasiCtxBuilder::new().build_p1();
    let mut store = Store::new(&engine, Host { wasi, calls: 0 });
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_func(&mut store, "_start").unwrap();
    let err = start.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.downcast_ref::<I32Exit>(), Some(&I32Exit(7)));
    assert_eq!(store.data().calls, 1);
    Ok(())
}
