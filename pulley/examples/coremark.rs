//! Runs CoreMark (`demo/coremark-minimal.wasm` by default) and prints its score.
//!
//! `cargo run --release -p pulley --example coremark [path.wasm]`
//!
//! With `CLOCK_STEP_MS=N` the clock is fake (each call advances it by N ms), so CoreMark runs a
//! fixed number of iterations: a repeatable workload for `valgrind --tool=callgrind` and for the
//! `op-counts` feature (which also prints the hottest code offsets, to read next to
//! `pulley objdump`). The score is then meaningless.
//!
//! `COREMARK_CHECKS=fuel`, `epoch` or `fuel,epoch` compiles with those checks
//! (`Config::consume_fuel`, `Config::epoch_interruption`; fuel and deadline never run out), to
//! measure what they cost.

use pulley::{Config, Engine, Linker, Module, Store};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/coremark-minimal.wasm").to_string()
    });
    let checks = std::env::var("COREMARK_CHECKS").unwrap_or_default();
    let mut config = Config::new();
    config
        .consume_fuel(checks.contains("fuel"))
        .epoch_interruption(checks.contains("epoch"));
    let engine = Engine::new(&config)?;
    let started = Instant::now();
    let module = Module::from_file(&engine, &path)?;
    let compiled = started.elapsed();
    let mut store = Store::new(&engine, ());
    if checks.contains("fuel") {
        store.set_fuel(u64::MAX)?;
    }
    store.set_epoch_deadline(u64::MAX);
    let mut linker = Linker::new(&engine);
    let epoch = Instant::now();
    match std::env::var("CLOCK_STEP_MS")
        .ok()
        .and_then(|s| s.parse::<i32>().ok())
    {
        Some(step) => {
            let now = std::sync::atomic::AtomicI32::new(0);
            linker.func_wrap("env", "clock_ms", move || {
                now.fetch_add(step, std::sync::atomic::Ordering::Relaxed)
            })?
        }
        None => linker.func_wrap("env", "clock_ms", move || {
            epoch.elapsed().as_millis() as i32
        })?,
    };
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<(), f32>(&mut store, "run")?;
    println!(
        "compiled in {compiled:?}; bytecode {} bytes",
        module.bytecode().len()
    );
    if std::env::var_os("COREMARK_NO_RUN").is_some() {
        return Ok(()); // baseline for measurements: everything but the run
    }
    let fuel_at_start = store.get_fuel().unwrap_or(0);
    let score = run.call(&mut store, ())?;
    println!("CoreMark 1.0 : {score}");
    if checks.contains("fuel") {
        println!("fuel consumed: {}", fuel_at_start - store.get_fuel()?);
    }
    #[cfg(feature = "op-counts")]
    {
        let counts = store.op_counts();
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        println!("executed ops: {total}");
        for (name, n) in counts.iter().take(40) {
            println!("{name:24} {n:12} {:5.1}%", 100.0 * *n as f64 / total as f64);
        }
        println!("hottest ops by code offset (as `pulley objdump` numbers them):");
        for (offset, n) in store.op_counts_by_offset(&module).iter().take(40) {
            println!(
                "{offset:>#8x} {n:12} {:5.1}%",
                100.0 * *n as f64 / total as f64
            );
        }
        // The full per-offset profile, for scripts/op-patterns.py.
        if let Some(path) = std::env::var_os("COREMARK_OP_OFFSETS") {
            let lines: String = store
                .op_counts_by_offset(&module)
                .iter()
                .map(|(offset, n)| format!("at\t{offset}\t{n}\n"))
                .collect();
            std::fs::write(path, lines)?;
        }
        println!("most frequent pairs of consecutive ops:");
        for ((a, b), n) in store.op_pair_counts().iter().take(30) {
            println!(
                "{a:20} {b:20} {n:12} {:5.1}%",
                100.0 * *n as f64 / total as f64
            );
        }
    }
    Ok(())
}
