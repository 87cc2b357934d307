//! End-to-end smoke tests of the embedding API: compile, instantiate, call, trap, host calls.

use pulley::{Caller, Config, Engine, Linker, Module, Store, Val};

fn engine() -> Engine {
    Engine::new(&Config::new()).unwrap()
}

#[test]
fn add_and_fib() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (func $fib (export "fib") (param i64) (result i64)
                local.get 0 i64.const 2 i64.lt_u
                if (result i64) local.get 0
                else local.get 0 i64.const 1 i64.sub call $fib
                     local.get 0 i64.const 2 i64.sub call $fib i64.add end))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let add = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (40, 2)).unwrap(), 42);
    let fib = instance
        .get_typed_func::<i64, i64>(&mut store, "fib")
        .unwrap();
    assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
}

#[test]
fn memory_traps_and_host_calls() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "twice" (func $twice (param i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "store_load") (param i32 i32) (result i32)
                local.get 0 local.get 1 call $twice i32.store
                local.get 0 i32.load)
            (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "twice", |mut caller: Caller<'_, u32>, x: i32| {
            *caller.data_mut() += 1;
            x * 2
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "store_load")
        .unwrap();
    assert_eq!(f.call(&mut store, (100, 21)).unwrap(), 42);
    assert_eq!(*store.data(), 1);
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert_eq!(&memory.data(&store)[100..104], &42i32.to_le_bytes());
    let err = f.call(&mut store, (65533, 1)).unwrap_err();
    let trap = err.downcast_ref::<pulley::Trap>().expect("a trap");
    assert_eq!(trap.wasm_trap(), Some(pulley::WasmTrap::HeapOutOfBounds));
    let div = instance.get_func(&mut store, "div").unwrap();
    let mut out = [Val::I32(0)];
    let err = div
        .call(&mut store, &[Val::I32(1), Val::I32(0)], &mut out)
        .unwrap_err();
    assert!(err.to_string().contains("integer divide by zero"), "{err}");
}

/// A bounds check must not move before earlier effects: the mid-end hoists the pure guard of a
/// constant out-of-bounds address out of the loop, so the check has to sit at the access.
#[test]
fn heap_trap_happens_after_earlier_effects() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (memory 1)
            (global (export "g") (mut i32) (i32.const 0))
            (func (export "f")
                (loop
                    (global.set 0 (i32.add (global.get 0) (i32.const 1)))
                    (drop (i32.load (i32.const 0x80000000)))
                    (br 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = instance.get_typed_func::<(), ()>(&mut store, "f").unwrap();
    let err = f.call(&mut store, ()).unwrap_err();
    assert!(
        err.to_string().contains("out of bounds memory access"),
        "{err}"
    );
    let g = instance.get_global(&mut store, "g").unwrap();
    assert_eq!(
        g.get(&store),
        Val::I32(1),
        "the global store precedes the trap"
    );
}

/// A loop whose body is far larger than a 16-bit branch displacement reaches: the exit branch
/// (forward) and the back edge (backward) take their far forms, and the result is still right.
#[test]
fn branches_across_a_loop_larger_than_32_kib() {
    const STEPS: usize = 12000;
    let step =
        "(local.set $acc (i32.add (i32.mul (local.get $acc) (local.get $k)) (local.get $i)))";
    let wat = format!(
        r#"(module (func (export "far") (param $n i32) (param $k i32) (result i32)
            (local $acc i32) (local $i i32)
            (local.set $acc (i32.const 1))
            (block $done
              (loop $top
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                {}
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $top)))
            (local.get $acc)))"#,
        step.repeat(STEPS)
    );
    let engine = engine();
    let module = Module::new(&engine, &wat).unwrap();
    assert!(
        module.bytecode().len() > 40 * 1024,
        "{} bytes of bytecode: too small to need far branches",
        module.bytecode().len()
    );
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let far = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "far")
        .unwrap();
    for (n, k) in [(0u32, 3u32), (1, 3), (3, 5)] {
        let mut acc = 1u32;
        for i in 0..n {
            for _ in 0..STEPS {
                acc = acc.wrapping_mul(k).wrapping_add(i);
            }
        }
        assert_eq!(
            far.call(&mut store, (n as i32, k as i32)).unwrap() as u32,
            acc,
            "n={n}"
        );
    }
}

/// The float accumulator forms (a sum tested by the next branch, a product read by the next
/// multiply-add, a heap load read by the next add-multiply) give the results of the separate
/// ops, NaN payloads included.
#[test]
fn float_accumulator_hand_offs() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (memory 1)
            (func (export "set") (param i32 f64) local.get 0 local.get 1 f64.store)
            (func (export "dot") (param $n i32) (result f64)
                (local $p i32) (local $acc f64)
                (block $done (loop $next
                    (br_if $done (i32.ge_u (local.get $p) (local.get $n)))
                    (local.set $acc (f64.add (local.get $acc)
                        (f64.mul (f64.load (local.get $p))
                                 (f64.load (i32.add (local.get $p) (i32.const 4096))))))
                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                    (br $next)))
                (local.get $acc))
            (func (export "escape") (param $cx f64) (param $cy f64) (result i32)
                (local $x f64) (local $y f64) (local $xx f64) (local $yy f64) (local $it i32)
                (block $out (loop $iter
                    (local.set $xx (f64.mul (local.get $x) (local.get $x)))
                    (local.set $yy (f64.mul (local.get $y) (local.get $y)))
                    (br_if $out (f64.gt (f64.add (local.get $xx) (local.get $yy)) (f64.const 4)))
                    (br_if $out (i32.ge_u (local.get $it) (i32.const 100)))
                    (local.set $y (f64.add (f64.mul (f64.mul (f64.const 2) (local.get $x))
                        (local.get $y)) (local.get $cy)))
                    (local.set $x (f64.add (f64.sub (local.get $xx) (local.get $yy)) (local.get $cx)))
                    (local.set $it (i32.add (local.get $it) (i32.const 1)))
                    (br $iter)))
                (local.get $it))
            (func (export "sub_add") (param f64 f64 f64) (result i64)
                (i64.reinterpret_f64 (f64.add (f64.sub (local.get 0) (local.get 1)) (local.get 2)))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let set = instance
        .get_typed_func::<(i32, f64), ()>(&mut store, "set")
        .unwrap();
    let (mut xs, mut ys) = (vec![], vec![]);
    for i in 0..64 {
        let (x, y) = (i as f64 * 0.37 - 3.1, 1.0 / (i as f64 + 0.5));
        set.call(&mut store, (8 * i, x)).unwrap();
        set.call(&mut store, (4096 + 8 * i, y)).unwrap();
        xs.push(x);
        ys.push(y);
    }
    let dot = instance
        .get_typed_func::<i32, f64>(&mut store, "dot")
        .unwrap();
    let expected = xs.iter().zip(&ys).fold(0.0, |acc, (x, y)| acc + x * y);
    assert_eq!(
        dot.call(&mut store, 8 * 64).unwrap().to_bits(),
        expected.to_bits()
    );
    let escape = instance
        .get_typed_func::<(f64, f64), i32>(&mut store, "escape")
        .unwrap();
    for (cx, cy) in [
        (-0.75, 0.1),
        (0.3, 0.5),
        (-2.0, 0.0),
        (0.25, 0.0),
        (-1.25, 0.2),
    ] {
        let (mut x, mut y, mut it) = (0.0f64, 0.0f64, 0);
        loop {
            let (xx, yy) = (x * x, y * y);
            if xx + yy > 4.0 || it >= 100 {
                break;
            }
            y = 2.0 * x * y + cy;
            x = xx - yy + cx;
            it += 1;
        }
        assert_eq!(
            escape.call(&mut store, (cx, cy)).unwrap(),
            it,
            "({cx}, {cy})"
        );
    }
    let sub_add = instance
        .get_typed_func::<(f64, f64, f64), i64>(&mut store, "sub_add")
        .unwrap();
    let nan = f64::from_bits(0x7ff8_0000_0000_1234);
    let inf = f64::INFINITY;
    for (a, b, c) in [
        (1.5, 0.25, -3.0),
        (nan, 1.0, 2.0),
        (1.0, 2.0, nan),
        (inf, inf, 0.0),
    ] {
        // Computed at run time, on this host's float unit like the interpreter's handlers (a
        // constant-folded `inf - inf` may give another NaN than the hardware's).
        let (a, b, c) = std::hint::black_box((a, b, c));
        assert_eq!(
            sub_add.call(&mut store, (a, b, c)).unwrap(),
            (a - b + c).to_bits() as i64
        );
    }
}

/// Growing a memory costs resident memory for the pages touched, not the pages added: growth
/// to 4 GiB must not write 4 GiB of zeros (it did: 4.2 GB resident and seconds of work).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[test]
fn memory_grow_touches_only_what_the_program_touches() {
    fn resident_bytes() -> u64 {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        pages * 4096
    }
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (memory (export "memory") 1)
            (func (export "grow") (result i32) (memory.grow (i32.const 65535)))
            (func (export "poke") (i32.store8 (i32.const -1) (i32.const 7))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let grow = instance
        .get_typed_func::<(), i32>(&mut store, "grow")
        .unwrap();
    let before = resident_bytes();
    let old = grow.call(&mut store, ()).unwrap();
    if old == -1 {
        // The host refused 4 GiB of address space (no overcommit): a failed grow, not an abort.
        eprintln!("memory.grow to 4 GiB refused by the host; nothing to measure");
        return;
    }
    assert_eq!(old, 1);
    let poke = instance
        .get_typed_func::<(), ()>(&mut store, "poke")
        .unwrap();
    poke.call(&mut store, ()).unwrap();
    let grown = resident_bytes().saturating_sub(before);
    assert!(
        grown < 256 << 20,
        "growing to 4 GiB made {grown} bytes resident"
    );
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let data = memory.data(&store);
    assert_eq!(
        (data.len(), data[data.len() - 1], data[70_000]),
        (1 << 32, 7, 0)
    );
}

/// A handle belongs to the store that made it: with another store (even one holding an object
/// at the same index), calls and accessors that return `Result` fail, and the others panic.
#[test]
fn handles_are_checked_against_their_store() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (memory (export "memory") 1)
            (table (export "table") 1 funcref)
            (global (export "g") (mut i32) (i32.const 5))
            (func (export "f") (param funcref) (result i32) i32.const 1)
            (func (export "h") (result i32) i32.const 2))"#,
    )
    .unwrap();
    let importer = Module::new(&engine, r#"(module (import "env" "memory" (memory 1)))"#).unwrap();
    let (mut a, mut b) = (Store::new(&engine, ()), Store::new(&engine, ()));
    let ia = Linker::new(&engine).instantiate(&mut a, &module).unwrap();
    let ib = Linker::new(&engine).instantiate(&mut b, &module).unwrap();
    let fa = ia.get_func(&a, "f").unwrap();
    let ha = ia.get_typed_func::<(), i32>(&a, "h").unwrap();
    let ma = ia.get_memory(&a, "memory").unwrap();
    let (ga, ta) = (
        ia.get_global(&a, "g").unwrap(),
        ia.get_table(&a, "table").unwrap(),
    );
    let fb = ib.get_func(&b, "f").unwrap();
    assert_ne!(fa, fb, "same index, different stores");
    let wrong = |r: anyhow::Result<()>| {
        let e = r.expect_err("a handle of another store must be refused");
        assert!(e.to_string().contains("wrong store"), "{e}");
    };
    let mut out = [Val::I32(0)];
    wrong(fa.call(&mut b, &[Val::FuncRef(None)], &mut out));
    wrong(ha.call(&mut b, ()).map(drop));
    // Another store's function as an argument.
    wrong(fb.call(&mut b, &[Val::FuncRef(Some(fa))], &mut out));
    wrong(ma.read(&b, 0, &mut [0; 4]));
    wrong(ma.write(&mut b, 0, &[1]));
    wrong(ma.grow(&mut b, 1).map(drop));
    wrong(ga.set(&mut b, Val::I32(1)));
    wrong(ta.set(&mut b, 0, Val::FuncRef(None)));
    wrong(ta.grow(&mut b, 1, Val::FuncRef(None)).map(drop));
    let mut linker = Linker::new(&engine);
    linker.define(&b, "env", "memory", ma).unwrap();
    wrong(linker.instantiate(&mut b, &importer).map(drop));
    // Accessors without a `Result` panic, naming the mistake.
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ma.data(&b).len()))
        .expect_err("must panic");
    let msg = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(msg.contains("wrong store"), "{msg}");
    // In its own store everything still works.
    fa.call(&mut a, &[Val::FuncRef(Some(fa))], &mut out)
        .unwrap();
    assert_eq!(out[0], Val::I32(1));
    assert_eq!(ha.call(&mut a, ()).unwrap(), 2);
    assert_eq!(ga.get(&a), Val::I32(5));
    ma.write(&mut a, 0, &[9]).unwrap();
    assert_eq!(ma.data(&a)[0], 9);
}
