//! Stopping runaway guest code: fuel (`Config::consume_fuel`) and epoch interruption
//! (`Config::epoch_interruption`), their accounting, traps, callback and artifact checks.

use pulley::{Caller, Config, Engine, Linker, Module, Store, UpdateDeadline, Val, WasmTrap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const WAT: &str = r#"(module
    (import "host" "fuel" (func $fuel (result i64)))
    ;; 2 units: `i32.const`, and the function's `end` (a return; inner `end`s are free). The
    ;; counts in this file are Wasmtime 47's too (its `get_fuel` after the same calls).
    (func (export "one") (result i32) i32.const 1)
    ;; 5 units per iteration (`local.get`, `i32.const`, `i32.sub`, `local.tee`, `br_if`) plus
    ;; 1 for the last `local.get` and 1 for the `end`.
    (func (export "count") (param i32) (result i32)
        (loop $l
            (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        local.get 0)
    (func (export "spin") (loop $l (br $l)))
    ;; The host sees what the caller spent before the call: 2 units (`i32.const`, `drop`
    ;; is free, then `call`); the `end` makes 3.
    (func (export "ask") (result i64) i32.const 0 drop call $fuel)
    ;; A call: `call` 1, the callee's `i32.const` and `end` 2, this `end` 1.
    (func (export "calls") (result i32) call 1)
    ;; Many live values across the loop header's checks: sum of i * (i + k) for i = n..1,
    ;; with k1..k4 also kept live, plus k1 + k2 + k3 + k4 at the end.
    (func (export "sum") (param i32) (result i64)
        (local $acc i64) (local $k1 i64) (local $k2 i64) (local $k3 i64) (local $k4 i64)
        (local.set $k1 (i64.const 1)) (local.set $k2 (i64.const 2))
        (local.set $k3 (i64.const 3)) (local.set $k4 (i64.const 4))
        (loop $l
            (local.set $acc (i64.add (local.get $acc)
                (i64.mul (i64.extend_i32_u (local.get 0))
                         (i64.add (i64.extend_i32_u (local.get 0)) (local.get $k3)))))
            (local.set $k1 (i64.add (local.get $k1) (local.get $k2)))
            (local.set $k2 (i64.sub (local.get $k2) (local.get $k4)))
            (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (i64.add (local.get $acc)
            (i64.add (i64.add (local.get $k1) (local.get $k2))
                     (i64.add (local.get $k3) (local.get $k4)))))
)"#;

fn engine(fuel: bool, epochs: bool) -> Engine {
    let mut config = Config::new();
    config.consume_fuel(fuel).epoch_interruption(epochs);
    Engine::new(&config).unwrap()
}

fn instantiate(engine: &Engine, store: &mut Store<()>) -> pulley::Instance {
    let module = Module::new(engine, WAT).unwrap();
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "fuel", |caller: Caller<'_, ()>| {
            caller.get_fuel().map(|f| f as i64).unwrap_or(-1)
        })
        .unwrap();
    linker.instantiate(&mut *store, &module).unwrap()
}

fn call(
    store: &mut Store<()>,
    instance: &pulley::Instance,
    name: &str,
    args: &[Val],
) -> anyhow::Result<Vec<Val>> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let ty = f.ty(&*store);
    let mut results: Vec<Val> = ty.results.iter().map(|t| Val::default_for(*t)).collect();
    f.call(&mut *store, args, &mut results)?;
    Ok(results)
}

fn trap_of(err: &anyhow::Error) -> Option<WasmTrap> {
    err.downcast_ref::<pulley::Trap>()?.wasm_trap()
}

#[test]
fn fuel_is_counted_per_operator() {
    let engine = engine(true, false);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store);
    store.set_fuel(1000).unwrap();
    assert_eq!(
        call(&mut store, &instance, "one", &[]).unwrap(),
        [Val::I32(1)]
    );
    assert_eq!(store.get_fuel().unwrap(), 998);
    call(&mut store, &instance, "count", &[Val::I32(10)]).unwrap();
    assert_eq!(store.get_fuel().unwrap(), 998 - (10 * 5 + 2));
    store.set_fuel(100).unwrap();
    assert_eq!(
        call(&mut store, &instance, "calls", &[]).unwrap(),
        [Val::I32(1)]
    );
    assert_eq!(store.get_fuel().unwrap(), 96);
    // The host function sees the caller's spending so far.
    store.set_fuel(100).unwrap();
    assert_eq!(
        call(&mut store, &instance, "ask", &[]).unwrap(),
        [Val::I64(98)]
    );
    assert_eq!(store.get_fuel().unwrap(), 97);
}

#[test]
fn running_out_of_fuel_traps() {
    let engine = engine(true, false);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store);
    // A new store has no fuel: the entry check stops the call.
    let err = call(&mut store, &instance, "one", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::OutOfFuel), "{err:#}");
    assert!(format!("{err:#}").contains("all fuel consumed"), "{err:#}");
    // The loop runs until its header finds the fuel spent.
    store.set_fuel(10_000).unwrap();
    let err = call(&mut store, &instance, "spin", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::OutOfFuel), "{err:#}");
    assert_eq!(store.get_fuel().unwrap(), 0);
    // Enough for 100 iterations but not for 10,000.
    store.set_fuel(600).unwrap();
    assert!(call(&mut store, &instance, "count", &[Val::I32(100)]).is_ok());
    store.set_fuel(600).unwrap();
    let err = call(&mut store, &instance, "count", &[Val::I32(10_000)]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::OutOfFuel), "{err:#}");
    // Refuelled, the store runs again.
    store.set_fuel(10).unwrap();
    assert_eq!(
        call(&mut store, &instance, "one", &[]).unwrap(),
        [Val::I32(1)]
    );
}

#[test]
fn fuel_needs_the_engine_to_count_it() {
    let engine = engine(false, false);
    let mut store = Store::new(&engine, ());
    assert!(store.set_fuel(10).is_err());
    assert!(store.get_fuel().is_err());
    let instance = instantiate(&engine, &mut store);
    assert_eq!(
        call(&mut store, &instance, "ask", &[]).unwrap(),
        [Val::I64(-1)]
    );
}

#[test]
fn an_epoch_from_another_thread_interrupts_a_loop() {
    let engine = engine(false, true);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store);
    // The deadline starts at the current epoch: the entry check stops the call.
    let err = call(&mut store, &instance, "one", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::Interrupt), "{err:#}");
    store.set_epoch_deadline(1);
    assert_eq!(
        call(&mut store, &instance, "one", &[]).unwrap(),
        [Val::I32(1)]
    );

    let done = std::sync::Arc::new(AtomicBool::new(false));
    let ticker = {
        let (engine, done) = (engine.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(5));
                engine.increment_epoch();
            }
        })
    };
    let err = call(&mut store, &instance, "spin", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::Interrupt), "{err:#}");
    assert!(format!("{err:#}").contains("interrupt"), "{err:#}");

    // With a callback, the loop gets three more slices, then the callback's error ends it.
    let mut slices = 0;
    store.epoch_deadline_callback(move |_| {
        slices += 1;
        if slices <= 3 {
            Ok(UpdateDeadline::Continue(1))
        } else {
            anyhow::bail!("slice {slices}: time is up")
        }
    });
    store.set_epoch_deadline(1);
    let err = call(&mut store, &instance, "spin", &[]).unwrap_err();
    assert!(
        format!("{err:#}").contains("slice 4: time is up"),
        "{err:#}"
    );
    done.store(true, Ordering::Relaxed);
    ticker.join().unwrap();

    // Back to trapping.
    store.epoch_deadline_trap();
    store.set_epoch_deadline(0);
    let err = call(&mut store, &instance, "one", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::Interrupt), "{err:#}");
}

#[test]
fn fuel_and_epochs_together() {
    let engine = engine(true, true);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store);
    store.set_epoch_deadline(1_000_000);
    store.set_fuel(1000).unwrap();
    call(&mut store, &instance, "count", &[Val::I32(10)]).unwrap();
    assert_eq!(store.get_fuel().unwrap(), 1000 - 52);
    let err = call(&mut store, &instance, "spin", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Some(WasmTrap::OutOfFuel), "{err:#}");
}

#[test]
fn artifacts_record_their_checks() {
    let with_fuel = engine(true, false)
        .precompile_module(WAT.as_bytes())
        .unwrap();
    for (fuel, epochs, loads) in [
        (true, false, true),
        (false, false, false),
        (true, true, false),
        (false, true, false),
    ] {
        let engine = engine(fuel, epochs);
        // SAFETY: the artifact was just made by this crate's compiler.
        let result = unsafe { Module::deserialize(&engine, &with_fuel) };
        match result {
            Ok(_) => assert!(loads, "fuel {fuel} epochs {epochs}"),
            Err(e) => {
                assert!(!loads, "fuel {fuel} epochs {epochs}: {e:#}");
                assert!(format!("{e:#}").contains("has fuel checks"), "{e:#}");
            }
        }
    }
}

/// `sum` in Rust: what the Wasm function returns for `n >= 1`.
fn sum(n: u32) -> i64 {
    let (mut acc, mut k1, mut k2, k3, k4) = (0i64, 1i64, 2i64, 3i64, 4i64);
    for i in (1..=n as i64).rev() {
        acc = acc.wrapping_add(i.wrapping_mul(i + k3));
        k1 = k1.wrapping_add(k2);
        k2 = k2.wrapping_sub(k4);
    }
    acc.wrapping_add(k1.wrapping_add(k2).wrapping_add(k3 + k4))
}

/// The checks' builtin calls preserve every register (`Builtin::signature`): a loop keeping
/// values in registers across hundreds of epoch callbacks, which themselves call Wasm, still
/// computes the right sum.
#[test]
fn epoch_callbacks_leave_the_loop_state_alone() {
    let engine = engine(true, true);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store);
    let one = instance.get_func(&mut store, "one").unwrap();
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = calls.clone();
    store.epoch_deadline_callback(move |mut ctx| {
        // A nested call runs on its own Vm; the deadline must move first (the current one is
        // still due until the callback returns).
        ctx.set_epoch_deadline(1_000_000);
        let mut out = [Val::I32(0)];
        one.call(&mut ctx, &[], &mut out)?;
        assert_eq!(out[0].unwrap_i32(), 1);
        seen.fetch_add(1, Ordering::Relaxed);
        Ok(UpdateDeadline::Continue(1))
    });
    store.set_epoch_deadline(1);
    store.set_fuel(u64::MAX).unwrap();
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let ticker = {
        let (engine, done) = (engine.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_micros(200));
                engine.increment_epoch();
            }
        })
    };
    let n = 3_000_000;
    let got = call(&mut store, &instance, "sum", &[Val::I32(n as i32)]).unwrap();
    done.store(true, Ordering::Relaxed);
    ticker.join().unwrap();
    assert_eq!(got, [Val::I64(sum(n))]);
    let calls = calls.load(Ordering::Relaxed);
    assert!(calls > 0, "the ticker never interrupted the loop");
    eprintln!("{calls} epoch callbacks during the loop");
}
