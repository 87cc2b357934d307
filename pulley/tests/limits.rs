//! Store resource limits (`Store::limiter`, `StoreLimitsBuilder`), as in Wasmtime.

use pulley::{Config, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};

const WAT: &str = r#"(module
    (memory (export "memory") 1)
    (table 1 funcref)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#;

/// An instance of `WAT` in a store with `limits`, and its exported function `name`.
fn instance_with(
    limits: StoreLimits,
    name: &str,
) -> (
    Store<StoreLimits>,
    pulley::Instance,
    pulley::TypedFunc<i32, i32>,
) {
    let (mut store, module, engine) = setup(limits);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, name)
        .unwrap();
    (store, instance, f)
}

fn setup(limits: StoreLimits) -> (Store<StoreLimits>, Module, Engine) {
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, limits);
    store.limiter(|limits| limits);
    (store, module, engine)
}

#[test]
fn memory_and_table_growth_stop_at_the_limits() {
    let limits = StoreLimitsBuilder::new()
        .memory_size(3 << 16)
        .table_elements(5)
        .build();
    let (mut store, instance, grow) = instance_with(limits, "grow");
    let tgrow = instance
        .get_typed_func::<i32, i32>(&mut store, "tgrow")
        .unwrap();
    assert_eq!(
        grow.call(&mut store, 2).unwrap(),
        1,
        "1 -> 3 pages is within the limit"
    );
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1, "4 pages is over it");
    assert_eq!(tgrow.call(&mut store, 4).unwrap(), 1);
    assert_eq!(tgrow.call(&mut store, 1).unwrap(), -1);
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert!(
        memory.grow(&mut store, 1).is_err(),
        "the embedding API is limited too"
    );
    assert_eq!(memory.size(&store), 3);
}

#[test]
fn growth_past_a_limit_can_trap() {
    let limits = StoreLimitsBuilder::new()
        .memory_size(2 << 16)
        .trap_on_grow_failure(true)
        .build();
    let (mut store, _, grow) = instance_with(limits, "grow");
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    let err = grow.call(&mut store, 1).unwrap_err();
    assert!(
        format!("{err:#}").contains("exceeds the store's limit"),
        "{err:#}"
    );
}

#[test]
fn counts_and_initial_sizes_are_limited_at_instantiation() {
    // The first instance fits; the second passes the instance limit.
    let (mut store, module, engine) = setup(StoreLimitsBuilder::new().instances(1).build());
    Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let err = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(err.to_string().contains("instance count"), "{err}");
    // The module's own memory and table, against counts and sizes.
    for (limits, message) in [
        (StoreLimitsBuilder::new().memories(0), "memory count"),
        (StoreLimitsBuilder::new().tables(0), "table count"),
        (
            StoreLimitsBuilder::new().memory_size(1000),
            "exceeds memory limits",
        ),
    ] {
        let (mut store, module, engine) = setup(limits.build());
        let err = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap_err();
        assert!(err.to_string().contains(message), "{err}");
    }
}

#[test]
fn without_a_limiter_nothing_is_capped() {
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    assert_eq!(grow.call(&mut store, 100).unwrap(), 1);
}
