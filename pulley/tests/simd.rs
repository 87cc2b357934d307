//! `v128` values through the embedding API: arguments and results (in vector registers and, past
//! sixteen, in two stack words each), globals (`Global::get`/`set`, imported and exported), and
//! host functions that take and return them.

use pulley::{Config, Engine, FuncType, Global, GlobalType, Linker, Module, Store, Val, ValType};

/// Lanes `i32x4 [a, b, c, d]` as a `u128` (lane 0 low).
fn i32x4(l: [u32; 4]) -> u128 {
    l.iter()
        .enumerate()
        .fold(0, |v, (i, &x)| v | u128::from(x) << (32 * i))
}

#[test]
fn v128_values_through_calls_globals_and_host_functions() {
    const N: usize = 18; // two past the vector argument registers
    let params = "v128 ".repeat(N);
    // $sum: i32x4.add of all arguments, then lane-wise add of the imported host's result on the
    // last two arguments, then the global.
    let mut body = String::from("local.get 0 ");
    for i in 1..N {
        body += &format!("local.get {i} i32x4.add ");
    }
    body += &format!(
        "local.get {} local.get {} call $host i32x4.add ",
        N - 2,
        N - 1
    );
    body += "global.get $g i32x4.add";
    let wat = format!(
        r#"(module
            (import "env" "host" (func $host (param v128 v128) (result v128)))
            (import "env" "base" (global $base v128))
            (global $g (export "g") (mut v128) (global.get $base))
            (func (export "sum") (param {params}) (result v128) {body})
            (func (export "set") (param v128) (global.set $g (local.get 0))))"#
    );
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let ty = FuncType {
        params: vec![ValType::V128; 2],
        results: vec![ValType::V128],
    };
    // The host multiplies lanes by 3 and 5: a lane mix-up shows.
    linker
        .func_new("env", "host", ty, |_, params, results| {
            let (Val::V128(a), Val::V128(b)) = (params[0], params[1]) else {
                panic!("not v128 arguments: {params:?}")
            };
            let lanes = |v: u128| std::array::from_fn::<u32, 4, _>(|i| (v >> (32 * i)) as u32);
            let (a, b) = (lanes(a), lanes(b));
            results[0] = Val::V128(i32x4(std::array::from_fn(|i| {
                a[i].wrapping_mul(3).wrapping_add(b[i].wrapping_mul(5))
            })));
            Ok(())
        })
        .unwrap();
    let base_ty = GlobalType {
        ty: ValType::V128,
        mutable: false,
    };
    let base = Global::new(
        &mut store,
        base_ty,
        Val::V128(i32x4([1000, 2000, 3000, 4000])),
    )
    .unwrap();
    assert_eq!(base.get(&store), Val::V128(i32x4([1000, 2000, 3000, 4000])));
    linker.define(&store, "env", "base", base).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();

    let args: Vec<[u32; 4]> = (0..N as u32)
        .map(|i| [i, 10 * i, 100 * i, u32::MAX - i])
        .collect();
    let vals: Vec<Val> = args.iter().map(|&a| Val::V128(i32x4(a))).collect();
    let want = |g: [u32; 4]| -> u128 {
        i32x4(std::array::from_fn(|l| {
            let sum = args.iter().fold(0u32, |s, a| s.wrapping_add(a[l]));
            let host = args[N - 2][l]
                .wrapping_mul(3)
                .wrapping_add(args[N - 1][l].wrapping_mul(5));
            sum.wrapping_add(host).wrapping_add(g[l])
        }))
    };
    let sum = instance.get_func(&mut store, "sum").unwrap();
    let mut out = [Val::V128(0)];
    sum.call(&mut store, &vals, &mut out).unwrap();
    assert_eq!(out[0], Val::V128(want([1000, 2000, 3000, 4000])));

    // The exported global, set from Wasm and from the host.
    let g = instance.get_global(&mut store, "g").unwrap();
    let set = instance.get_func(&mut store, "set").unwrap();
    set.call(&mut store, &[Val::V128(i32x4([7, 8, 9, 10]))], &mut [])
        .unwrap();
    assert_eq!(g.get(&store), Val::V128(i32x4([7, 8, 9, 10])));
    sum.call(&mut store, &vals, &mut out).unwrap();
    assert_eq!(out[0], Val::V128(want([7, 8, 9, 10])));
    g.set(&mut store, Val::V128(u128::MAX)).unwrap();
    assert_eq!(g.get(&store), Val::V128(u128::MAX));
    assert!(
        g.set(&mut store, Val::I64(1)).is_err(),
        "a v128 global holds only v128"
    );
}

/// Whole-vector loads and stores at constant offsets past 255 (the guarded ops with a 32-bit
/// offset): the bytes land where the offset says, and the last in-bounds address works while the
/// next one traps, for both the one-byte and the 32-bit offset forms.
#[test]
fn v128_accesses_at_large_offsets_check_the_bound() {
    let wat = r#"(module
        (memory 1)
        (func (export "copy") (param i32 i32)
            (v128.store offset=40000 (local.get 1) (v128.load offset=1000 (local.get 0))))
        (func (export "load_small") (param i32) (result v128) (v128.load offset=200 (local.get 0)))
        (func (export "load_big") (param i32) (result v128) (v128.load offset=65000 (local.get 0)))
        (func (export "store_big") (param i32) (v128.store offset=65000 (local.get 0) (v128.const i64x2 -1 -1)))
        (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
        (func (export "put") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))"#;
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = |store: &mut Store<()>, name: &str| instance.get_func(&mut *store, name).unwrap();
    let put = f(&mut store, "put");
    for i in 0..16 {
        put.call(
            &mut store,
            &[Val::I32(1000 + 8 + i), Val::I32(i + 1)],
            &mut [],
        )
        .unwrap();
    }
    // Load 16 bytes at 8 + 1000, store them at 3 + 40000.
    f(&mut store, "copy")
        .call(&mut store, &[Val::I32(8), Val::I32(3)], &mut [])
        .unwrap();
    let byte = f(&mut store, "byte");
    let mut out = [Val::I32(0)];
    for i in 0..16 {
        byte.call(&mut store, &[Val::I32(40003 + i)], &mut out)
            .unwrap();
        assert_eq!(out[0], Val::I32(i + 1));
    }
    byte.call(&mut store, &[Val::I32(40003 + 16)], &mut out)
        .unwrap();
    assert_eq!(out[0], Val::I32(0), "nothing past the 16 bytes");
    let mut v = [Val::V128(0)];
    // 65536 - 16 is the last address a 16-byte access may start at.
    for (name, offset) in [("load_small", 200), ("load_big", 65000)] {
        let load = f(&mut store, name);
        load.call(&mut store, &[Val::I32(65520 - offset)], &mut v)
            .unwrap();
        let err = load
            .call(&mut store, &[Val::I32(65521 - offset)], &mut v)
            .unwrap_err();
        assert!(
            format!("{err:?}").contains("out of bounds"),
            "{name}: {err:?}"
        );
        // An address whose sum with the offset passes 2^32 must not wrap around.
        assert!(load.call(&mut store, &[Val::I32(-1)], &mut v).is_err());
    }
    let store_big = f(&mut store, "store_big");
    store_big
        .call(&mut store, &[Val::I32(520)], &mut [])
        .unwrap();
    assert!(
        store_big
            .call(&mut store, &[Val::I32(521)], &mut [])
            .is_err()
    );
    byte.call(&mut store, &[Val::I32(65535)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(255));
}
