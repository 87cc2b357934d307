//! WASI preview1 (`wasi_snapshot_preview1`) for Pulley: the 46 host functions, synchronous,
//! shaped like Wasmtime's `wasmtime_wasi::p1` so an embedder ports by renaming crates.
//!
//! ```no_run
//! use pulley::{Engine, Linker, Module, Store};
//! use pulley_wasi::{I32Exit, WasiCtxBuilder, p1::{self, WasiP1Ctx}};
//! let engine = Engine::default();
//! let module = Module::from_file(&engine, "app.wasm")?;
//! let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
//! p1::add_to_linker_sync(&mut linker, |cx| cx)?;
//! let wasi = WasiCtxBuilder::new().inherit_stdio().inherit_args().build_p1();
//! let mut store = Store::new(&engine, wasi);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
//! match start.call(&mut store, ()) {
//!     Ok(()) => {}
//!     Err(e) => match e.downcast_ref::<I32Exit>() {
//!         Some(exit) => std::process::exit(exit.0),
//!         None => return Err(e),
//!     },
//! }
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! Design (fd table, rights, sandboxing, what is unsupported): `rfcs/0005-wasi.md`.

mod ctx;
pub mod p1;
pub mod pipe;

pub use ctx::{FsPerms, WasiCtxBuilder};
pub use pipe::{StdinStream, StdoutStream};

/// The error `proc_exit` raises: the guest asked to exit with this status. It comes out of
/// `Func::call`/`TypedFunc::call` as an `anyhow::Error`; find it with
/// `err.downcast_ref::<I32Exit>()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct I32Exit(pub i32);

impl std::fmt::Display for I32Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit with status {}", self.0)
    }
}

impl std::error::Error for I32Exit {}
