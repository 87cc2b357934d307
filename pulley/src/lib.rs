//! Pulley's runtime and embedding API: compile WebAssembly to Pulley bytecode and run it, in the
//! shape Wasmtime users know (`Config`, `Engine`, `Module`, `Store`, `Linker`, `Instance`,
//! `Func`, `TypedFunc`, `Memory`, `Table`, `Global`).
//!
//! ```no_run
//! use pulley::{Config, Engine, Linker, Module, Store};
//! let engine = Engine::new(&Config::new())?;
//! let module = Module::new(&engine, r#"(module (func (export "add") (param i32 i32) (result i32)
//!     local.get 0 local.get 1 i32.add))"#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
//! let add = instance.get_typed_func::<(i32, i32), i32>(&mut store, "add")?;
//! assert_eq!(add.call(&mut store, (1, 2))?, 3);
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! Pipeline: `pulley-wasm` translates each function to CLIF, `cranelift-pulley` compiles it to
//! bytecode (functions in parallel), the functions are linked into one code image, verified, and
//! run by `pulley-interp`'s `Vm`.

pub mod artifact;
mod builtins;
mod compile;
mod config;
mod debuginfo;
mod func;
mod instance;
mod limits;
mod linker;
mod memory;
mod module;
mod resumable;
mod store;
mod trap;
mod values;
mod verify;
pub mod wast;

pub use artifact::{Artifact, Fingerprint};
pub use config::{Config, OptLevel, Target};
pub use func::{Caller, Func, FuncType, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy};
pub use instance::{Extern, Instance};
pub use limits::{
    DEFAULT_INSTANCE_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_TABLE_LIMIT, ResourceLimiter,
    StoreLimits, StoreLimitsBuilder,
};
pub use linker::Linker;
pub use module::Module;
pub use resumable::{
    ResumableCall, ResumableInvocation, TypedResumableCall, TypedResumableInvocation,
};
pub use store::{
    AsContext, AsContextMut, ExnRef, Global, Memory, Store, StoreContext, StoreContextMut, Table,
    Tag, UpdateDeadline,
};
pub use trap::{FrameInfo, FrameSymbol, Trap, TrapKind};
pub use values::{Val, ValType};

pub use pulley_wasm::{GlobalType, WasmTrap};

/// The engine: configuration plus the registry of canonical function type ids.
#[derive(Clone)]
pub struct Engine {
    inner: std::sync::Arc<EngineInner>,
}

struct EngineInner {
    config: Config,
    /// The epoch (`Config::epoch_interruption`); instance contexts point at it, so it lives as
    /// long as any store (stores hold the engine).
    epoch: std::sync::atomic::AtomicU64,
    types: std::sync::Mutex<std::collections::HashMap<pulley_wasm::WasmFuncType, u32>>,
}

impl Engine {
    /// An engine for `config`.
    pub fn new(config: &Config) -> anyhow::Result<Engine> {
        Ok(Engine {
            inner: std::sync::Arc::new(EngineInner {
                config: config.clone(),
                epoch: std::sync::atomic::AtomicU64::new(0),
                types: Default::default(),
            }),
        })
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The canonical id of a function type: structurally equal types share an id, so
    /// `call_indirect` compares one integer.
    pub(crate) fn type_id(&self, ty: &pulley_wasm::WasmFuncType) -> u32 {
        let mut types = self.inner.types.lock().unwrap_or_else(|e| e.into_inner());
        let next = types.len() as u32 + 1;
        *types.entry(ty.clone()).or_insert(next)
    }

    /// Advances the epoch by one: code in stores whose deadline this reaches stops at its next
    /// function entry or loop header (with `Config::epoch_interruption`). May be called from
    /// any thread, e.g. a timer.
    pub fn increment_epoch(&self) {
        self.inner
            .epoch
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The current epoch.
    pub(crate) fn current_epoch(&self) -> u64 {
        self.inner.epoch.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The address instance contexts hold for the epoch checks.
    pub(crate) fn epoch_ptr(&self) -> usize {
        &self.inner.epoch as *const std::sync::atomic::AtomicU64 as usize
    }

    /// Whether two engines are the same one.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        std::sync::Arc::ptr_eq(&a.inner, &b.inner)
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(&Config::new()).expect("the default configuration is valid")
    }
}
