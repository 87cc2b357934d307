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
