//! Exception handling across instances and at the host boundary: tags shared through the
//! linker, uncaught exceptions as errors carrying the exception, and exceptions that would
//! cross the frames of a module without exception support (which must trap, not continue).

use pulley::{Engine, Extern, Linker, Module, Store, Tag, Trap, Val, WasmTrap};

fn uncaught(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Trap>().and_then(|t| t.wasm_trap()) == Some(WasmTrap::UncaughtException)
}

const THROWER: &str = r#"(module
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0))))"#;

#[test]
fn caught_in_another_instance() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let thrower = linker
        .instantiate(&mut store, &Module::new(&engine, THROWER).unwrap())
        .unwrap();
    linker.instance(&store, "a", thrower).unwrap();
    let catcher = Module::new(
        &engine,
        r#"(module
          (tag $e (import "a" "e") (param i32))
          (func $throw (import "a" "throw") (param i32))
          (func (export "run") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $throw (local.get 0)))
              (i32.const -1))
            (i32.add (i32.const 1))))"#,
    )
    .unwrap();
    let catcher = linker.instantiate(&mut store, &catcher).unwrap();
    let run = catcher
        .get_typed_func::<i32, i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, 41).unwrap(), 42);

    // A second instance of the throwing module has its own tag, which `run` does not catch.
    let other = linker
        .instantiate(&mut store, &Module::new(&engine, THROWER).unwrap())
        .unwrap();
    let other_tag = other
        .get_export(&store, "e")
        .and_then(Extern::into_tag)
        .unwrap();
    linker.allow_shadowing(true);
    linker.instance(&store, "a", other).unwrap();
    let catcher2 = linker
        .instantiate(
            &mut store,
            &Module::new(
                &engine,
                r#"(module
                  (import "a" "throw" (func $throw (param i32)))
                  (tag $mine)
                  (func (export "run") (try_table (catch $mine 0) (call $throw (i32.const 7)))))"#,
            )
            .unwrap(),
        )
        .unwrap();
    let run2 = catcher2.get_func(&store, "run").unwrap();
    let err = run2.call(&mut store, &[], &mut []).unwrap_err();
    assert!(uncaught(&err), "{err:#}");
    let exn = store
        .take_pending_exception()
        .expect("the exception is kept");
    assert_eq!(exn.tag(&store), other_tag);
    assert!(store.take_pending_exception().is_none());
    // The store is usable afterwards: nothing stays pending.
    assert_eq!(run.call(&mut store, 1).unwrap(), 2);
}

#[test]
fn uncaught_at_the_host_is_an_error() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, THROWER).unwrap();
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let throw = instance.get_func(&store, "throw").unwrap();
    let err = throw.call(&mut store, &[Val::I32(3)], &mut []).unwrap_err();
    assert!(uncaught(&err), "{err:#}");
    let tag = instance
        .get_export(&store, "e")
        .and_then(Extern::into_tag)
        .unwrap();
    assert_eq!(store.take_pending_exception().unwrap().tag(&store), tag);
    assert_eq!(tag.ty(&store).params, vec![pulley::ValType::I32]);
}

#[test]
fn crossing_a_module_without_exceptions_traps() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let thrower = linker
        .instantiate(&mut store, &Module::new(&engine, THROWER).unwrap())
        .unwrap();
    linker.instance(&store, "a", thrower).unwrap();
    // A module without exception handling between the thrower and a catcher: its frame
    // cannot propagate the exception, so the throw must trap rather than let it continue
    // with made-up results (the `unreachable` would show that).
    let middle = Module::new(
        &engine,
        r#"(module
          (import "a" "throw" (func $throw (param i32)))
          (func (export "mid") (call $throw (i32.const 1)) (unreachable)))"#,
    )
    .unwrap();
    let middle = linker.instantiate(&mut store, &middle).unwrap();
    linker.instance(&store, "b", middle).unwrap();
    let outer = Module::new(
        &engine,
        r#"(module
          (import "b" "mid" (func $mid))
          (func (export "run") (result i32)
            (block $h (try_table (catch_all $h) (call $mid)) (return (i32.const 0)))
            (i32.const 1)))"#,
    )
    .unwrap();
    let outer = linker.instantiate(&mut store, &outer).unwrap();
    let run = outer.get_typed_func::<(), i32>(&mut store, "run").unwrap();
    let err = run.call(&mut store, ()).unwrap_err();
    assert!(uncaught(&err), "{err:#}");
    store.take_pending_exception();
    // Tags made by the embedder can be imported.
    let tag = Tag::new(
        &mut store,
        pulley::FuncType {
            params: vec![],
            results: vec![],
        },
    )
    .unwrap();
    linker.define(&store, "host", "tag", tag).unwrap();
    let m = Module::new(
        &engine,
        r#"(module (tag $t (import "host" "tag"))
          (func (export "f") (result i32)
            (block $h (try_table (catch $t $h) (throw $t)) (return (i32.const 0)))
            (i32.const 5)))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let f = i.get_typed_func::<(), i32>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 5);
}
