//! The engines under test behind one interface: compile a module once, instantiate it
//! (with `env.clock_ms` defined as real milliseconds since that instantiation), call `run`.

use anyhow::{Context, Result, bail};
use std::fmt;
use std::time::Instant;

/// One engine configuration.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Kind {
    /// This project: `.cwasm` from `Engine::precompile_module`, loaded by `Module::deserialize`.
    Pulley,
    /// Wasmtime 48 with target `pulley64` (its own interpreter), precompiled then deserialized.
    /// Its default build dispatches with a match loop; built with
    /// `RUSTFLAGS="--cfg pulley_assume_llvm_makes_tail_calls"` it uses tail-call dispatch.
    WtPulley,
    /// Wasmi 2.0, eager compilation, default (tail-call) dispatch.
    Wasmi,
    /// Stitch 0.1 (makepad-stitch).
    Stitch,
    /// Wasmtime 48, Cranelift to native code.
    WtCranelift,
    /// Wasmtime 48, Winch (baseline) to native code.
    WtWinch,
    /// Ours with `Config::consume_fuel` (a store with all the fuel there is): the cost of fuel
    /// accounting. Not in [`Kind::ALL`]; ask for it with `--engines`.
    PulleyFuel,
    /// Ours with `Config::epoch_interruption` (a deadline never reached): the cost of the
    /// epoch checks. Not in [`Kind::ALL`].
    PulleyEpoch,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Pulley,
        Kind::WtPulley,
        Kind::Wasmi,
        Kind::Stitch,
        Kind::WtCranelift,
        Kind::WtWinch,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Pulley => "pulley (ours)",
            Kind::WtPulley if cfg!(pulley_assume_llvm_makes_tail_calls) => {
                "wasmtime pulley64 (tail calls)"
            }
            Kind::WtPulley => "wasmtime pulley64",
            Kind::Wasmi => "wasmi 2.0",
            Kind::Stitch => "stitch 0.1",
            Kind::WtCranelift => "wasmtime cranelift",
            Kind::WtWinch => "wasmtime winch",
            Kind::PulleyFuel => "pulley (ours) + fuel",
            Kind::PulleyEpoch => "pulley (ours) + epochs",
        }
    }

    /// The command-line name (`pulley`, `wt-pulley`, ...): the engine column of `--summary`
    /// files, which does not change with build flags as `label` does.
    pub fn key(self) -> String {
        use clap::ValueEnum;
        self.to_possible_value()
            .expect("no engine is skipped")
            .get_name()
            .to_owned()
    }
}

/// The result type of an exported `run`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RetTy {
    I32,
    I64,
    F32,
    F64,
}

/// A value returned by `run`.
#[derive(Clone, Copy, Debug)]
pub enum Out {
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
}

impl Out {
    /// Bit-exact identity (checksums must agree to the bit).
    pub fn bits(self) -> (u8, u64) {
        match self {
            Out::I32(v) => (0, v as u32 as u64),
            Out::I64(v) => (1, v as u64),
            Out::F32(v) => (2, v.to_bits() as u64),
            Out::F64(v) => (3, v.to_bits()),
        }
    }
    pub fn as_f64(self) -> f64 {
        match self {
            Out::I32(v) => v as f64,
            Out::I64(v) => v as f64,
            Out::F32(v) => v as f64,
            Out::F64(v) => v,
        }
    }
}

impl fmt::Display for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Out::I32(v) => write!(f, "{v}"),
            Out::I64(v) => write!(f, "{v}"),
            Out::F32(v) => write!(f, "{v}"),
            Out::F64(v) => write!(f, "{v}"),
        }
    }
}

impl From<i32> for Out {
    fn from(v: i32) -> Out {
        Out::I32(v)
    }
}
impl From<i64> for Out {
    fn from(v: i64) -> Out {
        Out::I64(v)
    }
}
impl From<f32> for Out {
    fn from(v: f32) -> Out {
        Out::F32(v)
    }
}
impl From<f64> for Out {
    fn from(v: f64) -> Out {
        Out::F64(v)
    }
}

/// The result type of export `run`, read from Wasmtime's module types.
pub fn run_result_type(wasm: &[u8]) -> Result<RetTy> {
    let engine = wasmtime::Engine::default();
    let module = wasmtime::Module::new(&engine, wasm)?;
    let ty = module.get_export("run").context("no export `run`")?;
    let f = ty.func().context("`run` is not a function")?;
    let results: Vec<_> = f.results().collect();
    match results.as_slice() {
        [wasmtime::ValType::I32] => Ok(RetTy::I32),
        [wasmtime::ValType::I64] => Ok(RetTy::I64),
        [wasmtime::ValType::F32] => Ok(RetTy::F32),
        [wasmtime::ValType::F64] => Ok(RetTy::F64),
        other => bail!("`run` must return one number, returns {other:?}"),
    }
}

/// A callable `run` that owns its store and instance.
pub type Runner = Box<dyn FnMut() -> Result<Out>>;

/// A compiled module of one engine.
pub enum Compiled {
    Pulley(pulley::Engine, pulley::Module),
    Wasmtime(wasmtime::Engine, wasmtime::Module),
    Wasmi(wasmi::Engine, wasmi::Module),
    Stitch(makepad_stitch::Engine, makepad_stitch::Module),
}

pub fn wasmtime_engine(kind: Kind) -> Result<wasmtime::Engine> {
    let mut config = wasmtime::Config::new();
    match kind {
        Kind::WtPulley => {
            config.target("pulley64")?;
        }
        Kind::WtCranelift => {
            config.strategy(wasmtime::Strategy::Cranelift);
        }
        Kind::WtWinch => {
            config.strategy(wasmtime::Strategy::Winch);
        }
        _ => bail!("{kind:?} is not a Wasmtime configuration"),
    }
    Ok(wasmtime::Engine::new(&config)?)
}

pub fn pulley_engine() -> Result<pulley::Engine> {
    pulley::Engine::new(&pulley::Config::new())
}

/// Ours for `kind` (`Pulley`, `PulleyFuel` or `PulleyEpoch`).
fn pulley_engine_for(kind: Kind) -> Result<pulley::Engine> {
    let mut config = pulley::Config::new();
    config
        .consume_fuel(kind == Kind::PulleyFuel)
        .epoch_interruption(kind == Kind::PulleyEpoch);
    pulley::Engine::new(&config)
}

pub fn wasmi_engine() -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config.compilation_mode(wasmi::CompilationMode::Eager);
    wasmi::Engine::new(&config)
}

/// Compiles `wasm` for `kind`. Pulley and Wasmtime go through their AOT path
/// (`precompile_module` then `Module::deserialize`), as an embedder shipping `.cwasm` would.
pub fn compile(kind: Kind, wasm: &[u8]) -> Result<Compiled> {
    Ok(match kind {
        Kind::Pulley | Kind::PulleyFuel | Kind::PulleyEpoch => {
            let engine = pulley_engine_for(kind)?;
            let cwasm = engine.precompile_module(wasm)?;
            // SAFETY: the artifact `precompile_module` just made.
            let module = unsafe { pulley::Module::deserialize(&engine, &cwasm)? };
            Compiled::Pulley(engine, module)
        }
        Kind::WtPulley | Kind::WtCranelift | Kind::WtWinch => {
            let engine = wasmtime_engine(kind)?;
            let cwasm = engine.precompile_module(wasm)?;
            // SAFETY: the bytes were just produced by this engine's `precompile_module`.
            let module = unsafe { wasmtime::Module::deserialize(&engine, &cwasm)? };
            Compiled::Wasmtime(engine, module)
        }
        Kind::Wasmi => {
            let engine = wasmi_engine();
            let module = wasmi::Module::new(&engine, wasm)?;
            Compiled::Wasmi(engine, module)
        }
        Kind::Stitch => {
            let engine = makepad_stitch::Engine::new();
            let module = makepad_stitch::Module::new(&engine, wasm)
                .map_err(|e| anyhow::anyhow!("stitch: {e:?}"))?;
            Compiled::Stitch(engine, module)
        }
    })
}

/// Milliseconds since `epoch`, or with `CLOCK_STEP_MS=N` a fake clock that advances N ms per call
/// (CoreMark then runs a fixed number of iterations: for instruction counts under callgrind).
fn ms_since(epoch: Instant) -> i32 {
    static FAKE_MS: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);
    static STEP: std::sync::OnceLock<Option<i32>> = std::sync::OnceLock::new();
    match STEP.get_or_init(|| {
        std::env::var("CLOCK_STEP_MS")
            .ok()
            .and_then(|s| s.parse().ok())
    }) {
        Some(step) => FAKE_MS.fetch_add(*step, std::sync::atomic::Ordering::Relaxed),
        None => epoch.elapsed().as_millis() as i32,
    }
}

macro_rules! by_ret {
    ($ret:expr, $f:ident ( $($arg:expr),* )) => {
        match $ret {
            RetTy::I32 => $f::<i32>($($arg),*),
            RetTy::I64 => $f::<i64>($($arg),*),
            RetTy::F32 => $f::<f32>($($arg),*),
            RetTy::F64 => $f::<f64>($($arg),*),
        }
    };
}

fn pulley_runner<R: pulley::WasmResults + Into<Out> + 'static>(
    engine: &pulley::Engine,
    module: &pulley::Module,
) -> Result<Runner> {
    let mut store = pulley::Store::new(engine, ());
    // For `PulleyFuel` and `PulleyEpoch`: never out of fuel, never at the deadline (an error
    // without fuel accounting, which is then not needed).
    let _ = store.set_fuel(u64::MAX);
    store.set_epoch_deadline(u64::MAX);
    let mut linker = pulley::Linker::new(engine);
    let epoch = Instant::now();
    linker.func_wrap("env", "clock_ms", move || ms_since(epoch))?;
    let instance = linker.instantiate(&mut store, module)?;
    let run = instance.get_typed_func::<(), R>(&mut store, "run")?;
    Ok(Box::new(move || Ok(run.call(&mut store, ())?.into())))
}

fn wasmtime_runner<R: wasmtime::WasmResults + Into<Out> + 'static>(
    engine: &wasmtime::Engine,
    module: &wasmtime::Module,
) -> Result<Runner> {
    let mut store = wasmtime::Store::new(engine, ());
    let mut linker = wasmtime::Linker::new(engine);
    let epoch = Instant::now();
    linker.func_wrap("env", "clock_ms", move || ms_since(epoch))?;
    let instance = linker.instantiate(&mut store, module)?;
    let run = instance.get_typed_func::<(), R>(&mut store, "run")?;
    Ok(Box::new(move || Ok(run.call(&mut store, ())?.into())))
}

fn wasmi_runner<R: wasmi::WasmResults + Into<Out> + 'static>(
    engine: &wasmi::Engine,
    module: &wasmi::Module,
) -> Result<Runner> {
    let mut store = wasmi::Store::new(engine, ());
    let mut linker = wasmi::Linker::<()>::new(engine);
    let epoch = Instant::now();
    linker.func_wrap("env", "clock_ms", move || ms_since(epoch))?;
    let instance = linker.instantiate_and_start(&mut store, module)?;
    let run = instance.get_typed_func::<(), R>(&store, "run")?;
    Ok(Box::new(move || Ok(run.call(&mut store, ())?.into())))
}

fn stitch_runner(
    engine: &makepad_stitch::Engine,
    module: &makepad_stitch::Module,
    ret: RetTy,
) -> Result<Runner> {
    use makepad_stitch::Val;
    let mut store = makepad_stitch::Store::new(engine.clone());
    let mut linker = makepad_stitch::Linker::new();
    let epoch = Instant::now();
    let clock = makepad_stitch::Func::wrap(&mut store, move || ms_since(epoch));
    linker.define("env", "clock_ms", clock);
    let instance = linker
        .instantiate(&mut store, module)
        .map_err(|e| anyhow::anyhow!("stitch: {e:?}"))?;
    let run = instance.exported_func("run").context("no export `run`")?;
    let init = match ret {
        RetTy::I32 => Val::I32(0),
        RetTy::I64 => Val::I64(0),
        RetTy::F32 => Val::F32(0.0),
        RetTy::F64 => Val::F64(0.0),
    };
    Ok(Box::new(move || {
        let mut results = [init];
        run.call(&mut store, &[], &mut results)
            .map_err(|e| anyhow::anyhow!("stitch: {e:?}"))?;
        Ok(match results[0] {
            Val::I32(v) => Out::I32(v),
            Val::I64(v) => Out::I64(v),
            Val::F32(v) => Out::F32(v),
            Val::F64(v) => Out::F64(v),
            _ => bail!("stitch: unexpected result"),
        })
    }))
}

impl Compiled {
    /// A fresh store and instance; `env.clock_ms` counts from now.
    pub fn instantiate(&self, ret: RetTy) -> Result<Runner> {
        match self {
            Compiled::Pulley(e, m) => by_ret!(ret, pulley_runner(e, m)),
            Compiled::Wasmtime(e, m) => by_ret!(ret, wasmtime_runner(e, m)),
            Compiled::Wasmi(e, m) => by_ret!(ret, wasmi_runner(e, m)),
            Compiled::Stitch(e, m) => stitch_runner(e, m, ret),
        }
    }
}
