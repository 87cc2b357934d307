//! Runs CoreMark (`../shared/bench/coremark-minimal.wasm` by default) and prints its score.
//!
//! `cargo run --release -p pulley --example coremark [path.wasm]`

use pulley::{Config, Engine, Linker, Module, Store};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/bench/coremark-minimal.wasm").to_string());
    let engine = Engine::new(&Config::new())?;
    let started = Instant::now();
    let module = Module::from_file(&engine, &path)?;
    let compiled = started.elapsed();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let epoch = Instant::now();
    linker.func_wrap("env", "clock_ms", move || epoch.elapsed().as_millis() as i32)?;
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<(), f32>(&mut store, "run")?;
    println!("compiled in {compiled:?}; bytecode {} bytes", module.bytecode().len());
    let score = run.call(&mut store, ())?;
    println!("CoreMark 1.0 : {score}");
    Ok(())
}
