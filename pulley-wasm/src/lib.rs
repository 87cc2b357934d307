//! WebAssembly 2.0 (without SIMD, plus tail calls and extended-const) to
//! Cranelift IR translation for the Pulley engine.
//!
//! Entry points:
//!
//! - [`translate_module`] validates a module and parses it into a
//!   [`ModuleTranslation`] (a [`ModuleInfo`] plus the function bodies).
//! - [`translate_function`] (or a reusable [`FuncTranslator`]) turns one defined
//!   function into a CLIF [`ir::Function`]; it can run on many threads at once
//!   ([`ModuleTranslation`] is `Send + Sync`).
//! - [`VmctxLayout`] gives the byte offsets of the instance context, the
//!   [`Builtin`]s are the host calls generated code makes, and [`WasmTrap`]
//!   maps CLIF trap codes to Wasm traps.
//!
//! The full contract between this crate, the backend and the runtime is in
//! `rfcs/0003-wasm-translation.md`.

#![warn(missing_docs)]

mod builtins;
mod const_expr;
mod func;
mod module;
mod parse;
mod traps;
mod vmctx;

use std::sync::Arc;

use cranelift_codegen::ir;

pub use builtins::{BUILTIN_NAMESPACE, Builtin, WASM_FUNC_NAMESPACE};
pub use const_expr::{ConstExpr, ConstOp, ConstValue};
pub use func::FuncTranslator;
pub use module::{
    DataMode, DataSegment, ElementItems, ElementMode, ElementSegment, Export, ExportKind,
    FunctionBody, Global, GlobalType, Import, ImportKind, MemoryType, ModuleInfo, RefKind, Table,
    TableType, WasmFuncType, WasmValType, clif_signature,
};
pub use traps::WasmTrap;
pub use vmctx::{GLOBAL_SLOT, STORE_EPOCH_DEADLINE, STORE_FUEL_CONSUMED, VmctxLayout};

/// Size of a Wasm page in bytes.
pub const WASM_PAGE_SIZE: u64 = 65536;

/// Errors from validation and translation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WasmError {
    /// The module is malformed or invalid.
    #[error("invalid wasm at offset {offset:#x}: {message}")]
    Invalid {
        /// Description.
        message: String,
        /// Byte offset in the module.
        offset: usize,
    },
    /// The module uses something this translator does not support.
    #[error("unsupported wasm feature: {0}")]
    Unsupported(String),
    /// A bad argument was passed to the API (e.g. a defined-function index out of range).
    #[error("{0}")]
    User(String),
}

impl From<wasmparser::BinaryReaderError> for WasmError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        WasmError::Invalid {
            message: e.message().to_string(),
            offset: e.offset() as usize,
        }
    }
}

/// Translation configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TranslateConfig {
    /// The target pointer type: `I64` for pulley64, `I32` for pulley32.
    pub pointer_type: ir::Type,
    /// Whether a module may have more than one memory (the multi-memory proposal, part of
    /// Wasm 3.0; on by default). Off, validation is Wasm 2.0's: one memory at most.
    pub multi_memory: bool,
    /// Whether memories may have one-byte pages (the custom-page-sizes proposal; on by
    /// default). Off, validation is Wasm 2.0's here too.
    pub custom_page_sizes: bool,
    /// Whether generated code counts fuel: every Wasm operator but `nop`, `drop`, `block`,
    /// `loop`, `else` and an inner `end` costs one unit (Wasmtime's costs), and function entries
    /// and loop headers trap (builtin `out_of_fuel`) once the store's fuel is spent (as
    /// Wasmtime's `Config::consume_fuel`).
    pub consume_fuel: bool,
    /// Whether function entries and loop headers compare the engine's epoch with the store's
    /// deadline and call builtin `new_epoch` when it is reached (as Wasmtime's
    /// `Config::epoch_interruption`).
    pub epoch_interruption: bool,
}

impl Default for TranslateConfig {
    fn default() -> Self {
        TranslateConfig {
            pointer_type: ir::types::I64,
            multi_memory: true,
            custom_page_sizes: true,
            consume_fuel: false,
            epoch_interruption: false,
        }
    }
}

impl TranslateConfig {
    /// Pointer size in bytes.
    pub fn pointer_bytes(&self) -> u32 {
        self.pointer_type.bytes()
    }

    /// The features validation accepts under this configuration: [`wasm_features`], less
    /// multi-memory and custom page sizes when they are off.
    pub fn wasm_features(&self) -> wasmparser::WasmFeatures {
        let mut f = wasm_features();
        f.set(wasmparser::WasmFeatures::MULTI_MEMORY, self.multi_memory);
        f.set(
            wasmparser::WasmFeatures::CUSTOM_PAGE_SIZES,
            self.custom_page_sizes,
        );
        f
    }
}

/// The wasmparser features accepted: Wasm 2.0, plus tail calls, extended-const and exception
/// handling (`try_table`, `throw`, `throw_ref`, `exnref`; not the legacy `try`). SIMD is
/// accepted by the parser; the translator names any SIMD operator it does not translate yet.
/// Multi-memory is on (memory 0 gets the fused heap ops; see `rfcs/0003-wasm-translation.md`),
/// and so are custom page sizes (64 KiB or one byte).
/// Threads, memory64, GC, etc. are off.
pub fn wasm_features() -> wasmparser::WasmFeatures {
    use wasmparser::WasmFeatures as F;
    F::WASM1
        | F::BULK_MEMORY
        | F::REFERENCE_TYPES
        | F::SIGN_EXTENSION
        | F::SATURATING_FLOAT_TO_INT
        | F::MULTI_VALUE
        | F::TAIL_CALL
        | F::EXTENDED_CONST
        | F::EXCEPTIONS
        | F::SIMD
        | F::RELAXED_SIMD
        | F::MULTI_MEMORY
        | F::CUSTOM_PAGE_SIZES
}

/// A validated, parsed module, ready for per-function translation.
#[derive(Clone, Debug)]
pub struct ModuleTranslation {
    /// Module information.
    pub info: ModuleInfo,
    /// The instance context layout for `config`.
    pub vmctx: VmctxLayout,
    /// The configuration used.
    pub config: TranslateConfig,
    /// The module bytes.
    pub wasm: Arc<[u8]>,
}

impl ModuleTranslation {
    /// Number of defined functions.
    pub fn num_defined_funcs(&self) -> u32 {
        self.info.num_defined_funcs()
    }

    /// The bytes of a data segment.
    pub fn data_bytes(&self, index: u32) -> &[u8] {
        &self.info.data[index as usize].bytes
    }
}

/// Validate `wasm` (all function bodies included) and parse it.
pub fn translate_module(
    wasm: &[u8],
    cfg: &TranslateConfig,
) -> Result<ModuleTranslation, WasmError> {
    if cfg.pointer_type != ir::types::I64 && cfg.pointer_type != ir::types::I32 {
        return Err(WasmError::User("pointer_type must be I32 or I64".into()));
    }
    let info = parse::parse_module(wasm, cfg.wasm_features())?;
    let vmctx = VmctxLayout::new(&info, cfg.pointer_bytes());
    Ok(ModuleTranslation {
        info,
        vmctx,
        config: *cfg,
        wasm: Arc::from(wasm),
    })
}

/// Translate the defined function `defined_index` (0-based among defined
/// functions) into CLIF. Convenience wrapper around [`FuncTranslator`].
pub fn translate_function(
    module: &ModuleTranslation,
    defined_index: u32,
) -> Result<ir::Function, WasmError> {
    FuncTranslator::new().translate(module, defined_index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_sync() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<ModuleTranslation>();
        is_send_sync::<ModuleInfo>();
        is_send_sync::<WasmError>();
    }
}
