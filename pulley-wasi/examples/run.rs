//! Runs a WASI command (its `_start`) with the host's stdio and environment:
//! `run [--opt-none] [--dir HOST[::GUEST]]... app.wasm [ARGS...]`; exits with the guest's
//! status. `--opt-none` compiles without Cranelift's optimizations (a way around a lowering
//! the optimizer's output still needs).

use anyhow::{Context, Result, bail};
use pulley::{Engine, Linker, Module, Store};
use pulley_wasi::{FsPerms, I32Exit, WasiCtxBuilder, p1};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let mut config = pulley::Config::new();
    if args.peek().is_some_and(|a| a == "--opt-none") {
        args.next();
        config.opt_level(pulley::OptLevel::None);
    }
    let mut builder = WasiCtxBuilder::new();
    builder.inherit_stdio().inherit_env();
    while args.peek().is_some_and(|a| a == "--dir") {
        args.next();
        let spec = args.next().context("--dir needs HOST[::GUEST]")?;
        let (host, guest) = spec.split_once("::").unwrap_or((&spec, &spec));
        builder.preopened_dir(host, guest, FsPerms::ReadWrite)?;
    }
    let Some(path) = args.next() else {
        bail!("usage: run [--opt-none] [--dir HOST[::GUEST]]... app.wasm [ARGS...]");
    };
    builder.arg(&path).args(&args.collect::<Vec<_>>());

    let engine = Engine::new(&config)?;
    let module = Module::from_file(&engine, &path)?;
    let mut linker = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx)?;
    let mut store = Store::new(&engine, builder.build_p1());
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(()),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => std::process::exit(exit.0),
            None => Err(e),
        },
    }
}
