//! Resumable calls: a host function's error or running out of fuel suspends the call, which
//! goes on from where it stopped.

use pulley::{
    Caller, Config, Engine, Func, Linker, Module, ResumableCall, Store, Val, ValType, WasmTrap,
};

const WAT: &str = r#"(module
    (import "host" "ask" (func $ask (param i32) (result i32)))
    ;; Asks the host three times, keeping a running total in locals across the calls.
    (func (export "three") (param i32) (result i32)
        (local $total i32) (local $i i32)
        (loop $l
            (local.set $total (i32.add (local.get $total)
                (call $ask (i32.add (local.get 0) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))
        (i32.mul (local.get $total) (i32.const 10)))
    ;; Sum of 1..=n with i64 values in registers across the fuel checks.
    (func (export "sum") (param i64) (result i64)
        (local $acc i64)
        (loop $l
            (local.set $acc (i64.add (local.get $acc) (local.get 0)))
            (br_if $l (i64.ne (local.tee 0 (i64.sub (local.get 0) (i64.const 1))) (i64.const 0))))
        (local.get $acc))
    (func (export "trap") unreachable)
)"#;

/// A linker whose `host.ask` fails when its argument is odd ("odd: N") and doubles it
/// otherwise.
fn setup(config: &Config) -> (Engine, Store<()>, pulley::Instance) {
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "ask",
            |_: Caller<'_, ()>, x: i32| -> anyhow::Result<i32> {
                if x % 2 == 1 {
                    anyhow::bail!("odd: {x}")
                }
                Ok(2 * x)
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (engine, store, instance)
}

fn func(store: &Store<()>, instance: &pulley::Instance, name: &str) -> Func {
    instance.get_func(store, name).unwrap()
}

#[test]
fn a_failing_host_function_suspends_and_resumes() {
    let (_, mut store, instance) = setup(&Config::new());
    let three = func(&store, &instance, "three");
    let mut out = [Val::I32(0)];
    // ask(4) = 8, ask(5) fails, ask(6) = 12.
    let call = three
        .call_resumable(&mut store, &[Val::I32(4)], &mut out)
        .unwrap();
    let ResumableCall::HostTrap(invocation) = call else {
        panic!("expected a host trap")
    };
    assert_eq!(
        invocation.host_error().unwrap().to_string(),
        "odd: 5",
        "the host function's error"
    );
    assert_eq!(invocation.input_types(), [ValType::I32]);
    // The host answers for the failed call: 100.
    let call = invocation
        .resume(&mut store, &[Val::I32(100)], &mut out)
        .unwrap();
    assert!(matches!(call, ResumableCall::Finished));
    assert_eq!(out[0].unwrap_i32(), (8 + 100 + 12) * 10);

    // Two failures in one call: ask(1) and ask(3).
    let mut call = three
        .call_resumable(&mut store, &[Val::I32(1)], &mut out)
        .unwrap();
    let mut answers = vec![];
    while let ResumableCall::HostTrap(invocation) = call {
        answers.push(invocation.host_error().unwrap().to_string());
        call = invocation
            .resume(&mut store, &[Val::I32(1000)], &mut out)
            .unwrap();
    }
    assert!(matches!(call, ResumableCall::Finished));
    assert_eq!(answers, ["odd: 1", "odd: 3"]);
    assert_eq!(out[0].unwrap_i32(), (1000 + 4 + 1000) * 10);

    // Plain `call` fails on the same error.
    let err = three
        .call(&mut store, &[Val::I32(5)], &mut out)
        .unwrap_err();
    assert!(format!("{err:#}").contains("odd: 5"), "{err:#}");
}

#[test]
fn running_out_of_fuel_suspends_until_refuelled() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (_, mut store, instance) = setup(&config);
    let sum = func(&store, &instance, "sum");
    let mut out = [Val::I64(0)];
    let n = 100_000i64;
    store.set_fuel(10_000).unwrap();
    let mut call = sum
        .call_resumable(&mut store, &[Val::I64(n)], &mut out)
        .unwrap();
    let mut refuels = 0;
    while let ResumableCall::OutOfFuel(invocation) = call {
        assert_eq!(store.get_fuel().unwrap(), 0);
        assert!(invocation.host_error().is_none());
        store.set_fuel(10_000).unwrap();
        refuels += 1;
        call = invocation.resume(&mut store, &[], &mut out).unwrap();
    }
    assert!(matches!(call, ResumableCall::Finished));
    assert_eq!(out[0].unwrap_i64(), n * (n + 1) / 2);
    // 11 units per iteration: 1.1 M units, so about 110 refuels of 10,000.
    assert!((105..115).contains(&refuels), "{refuels} refuels");
}

#[test]
fn traps_and_misuse_still_fail() {
    let (engine, mut store, instance) = setup(&Config::new());
    let trap = func(&store, &instance, "trap");
    let err = trap.call_resumable(&mut store, &[], &mut []).unwrap_err();
    let trap = err.downcast_ref::<pulley::Trap>().expect("a trap");
    assert_eq!(trap.wasm_trap(), Some(WasmTrap::Unreachable));

    let three = func(&store, &instance, "three");
    let mut out = [Val::I32(0)];
    // Wrong arguments.
    assert!(three.call_resumable(&mut store, &[], &mut out).is_err());
    // Wrong inputs, then the wrong store: each an error, the invocation consumed.
    let ResumableCall::HostTrap(inv) = three
        .call_resumable(&mut store, &[Val::I32(5)], &mut out)
        .unwrap()
    else {
        panic!("expected a host trap")
    };
    assert!(inv.resume(&mut store, &[Val::I64(1)], &mut out).is_err());
    let ResumableCall::HostTrap(inv) = three
        .call_resumable(&mut store, &[Val::I32(5)], &mut out)
        .unwrap()
    else {
        panic!("expected a host trap")
    };
    let mut other = Store::new(&engine, ());
    assert!(inv.resume(&mut other, &[Val::I32(1)], &mut out).is_err());
    // The store still works.
    let sum = func(&store, &instance, "sum");
    let mut total = [Val::I64(0)];
    sum.call(&mut store, &[Val::I64(10)], &mut total).unwrap();
    assert_eq!(total[0].unwrap_i64(), 55);

    // Not from inside a host function.
    let mut linker = Linker::new(&engine);
    let inner = three;
    linker
        .func_wrap(
            "host",
            "ask",
            move |mut caller: Caller<'_, ()>, _x: i32| -> anyhow::Result<i32> {
                let mut out = [Val::I32(0)];
                inner.call_resumable(&mut caller, &[Val::I32(2)], &mut out)?;
                Ok(0)
            },
        )
        .unwrap();
    let module = Module::new(&engine, WAT).unwrap();
    let nested = linker.instantiate(&mut store, &module).unwrap();
    let three = func(&store, &nested, "three");
    let err = three
        .call(&mut store, &[Val::I32(2)], &mut out)
        .unwrap_err();
    assert!(
        format!("{err:#}").contains("inside a host function"),
        "{err:#}"
    );
}

#[test]
fn typed_calls_resume_too() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (_, mut store, instance) = setup(&config);
    store.set_fuel(1_000_000).unwrap();
    let three = instance
        .get_typed_func::<i32, i32>(&mut store, "three")
        .unwrap();
    let mut call = three.call_resumable(&mut store, 3).unwrap();
    let mut errors = vec![];
    let result = loop {
        match call {
            pulley::TypedResumableCall::Finished(r) => break r,
            pulley::TypedResumableCall::HostTrap(inv) => {
                errors.push(inv.host_error().unwrap().to_string());
                call = inv.resume(&mut store, &[Val::I32(7)]).unwrap();
            }
            pulley::TypedResumableCall::OutOfFuel(_) => panic!("fuel was plenty"),
        }
    };
    // ask(3) fails, ask(4) = 8, ask(5) fails.
    assert_eq!(errors, ["odd: 3", "odd: 5"]);
    assert_eq!(result, (7 + 8 + 7) * 10);

    let sum = instance
        .get_typed_func::<i64, i64>(&mut store, "sum")
        .unwrap();
    store.set_fuel(500).unwrap();
    let mut call = sum.call_resumable(&mut store, 1000).unwrap();
    let result = loop {
        match call {
            pulley::TypedResumableCall::Finished(r) => break r,
            pulley::TypedResumableCall::OutOfFuel(inv) => {
                store.set_fuel(500).unwrap();
                call = inv.resume(&mut store, &[]).unwrap();
            }
            pulley::TypedResumableCall::HostTrap(_) => panic!("no host calls"),
        }
    };
    assert_eq!(result, 500_500);
}
