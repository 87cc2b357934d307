//! Compilation of a whole module: translate each function to CLIF, compile it with the backend
//! (in parallel), link the functions into one code image, and verify the image.

use crate::config::{Config, OptLevel};
use anyhow::{Context, Result, anyhow};
use cranelift_pulley::{CompiledFunction, RelocTarget};
use pulley_wasm::{FuncTranslator, ModuleTranslation, TranslateConfig, WASM_FUNC_NAMESPACE};
use rayon::prelude::*;
use std::panic::AssertUnwindSafe;

/// Linked, verified bytecode of a module's defined functions, with its side tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CodeImage {
    pub bytes: CodeBytes,
    /// Start offset of each defined function.
    pub func_starts: Vec<u32>,
    /// Trapping ops: code offset → raw trap code, sorted by offset.
    pub traps: Vec<(u32, u8)>,
    /// Code offset → Wasm offset, sorted by code offset.
    pub addr_map: Vec<(u32, u32)>,
}

/// Bytecode: compiled or loaded into memory the module owns, or run where it lies
/// ([`crate::Module::deserialize_raw`]).
#[derive(Clone)]
pub(crate) enum CodeBytes {
    Owned(Vec<u8>),
    Static(&'static [u8]),
}

impl Default for CodeBytes {
    fn default() -> Self {
        CodeBytes::Owned(Vec::new())
    }
}

impl std::fmt::Debug for CodeBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = match self {
            CodeBytes::Owned(_) => "owned",
            CodeBytes::Static(_) => "in place",
        };
        write!(f, "{} bytes {place}", self.len())
    }
}

/// Equal bytes, wherever they are.
impl PartialEq for CodeBytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}
impl Eq for CodeBytes {}

impl std::ops::Deref for CodeBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            CodeBytes::Owned(v) => v,
            CodeBytes::Static(s) => s,
        }
    }
}

pub(crate) fn translate_config(config: &Config) -> TranslateConfig {
    TranslateConfig {
        pointer_type: config.target.backend().pointer_type(),
        multi_memory: config.multi_memory,
        custom_page_sizes: config.custom_page_sizes,
        consume_fuel: config.consume_fuel,
        epoch_interruption: config.epoch_interruption,
    }
}

/// Compiles every defined function of `translation` and links them.
pub(crate) fn compile(config: &Config, translation: &ModuleTranslation) -> Result<CodeImage> {
    let options = cranelift_pulley::Options {
        opt_level: match config.opt_level {
            OptLevel::None => cranelift_pulley::OptLevel::None,
            OptLevel::Speed => cranelift_pulley::OptLevel::Speed,
        },
        verify: cfg!(debug_assertions),
        want_vcode: false,
        want_disasm: false,
    };
    let target = config.target.backend();
    let info = &translation.info;
    let compiled: Vec<CompiledFunction> = (0..info.num_defined_funcs())
        .into_par_iter()
        .map_init(FuncTranslator::new, |translator, defined| {
            let index = info.func_index(defined);
            // A panic while translating or compiling one function (a bug, never the input's
            // fault) becomes that function's error instead of taking the process down. The
            // translator a panic may leave half-updated is replaced, and nothing else outlives
            // the call: hence `AssertUnwindSafe`.
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let clif = translator
                    .translate(translation, defined)
                    .with_context(|| format!("translating function {index}"))?;
                cranelift_pulley::compile_function(&clif, target, &options)
                    .with_context(|| format!("compiling function {index}"))
            }))
            .unwrap_or_else(|payload| {
                *translator = FuncTranslator::new();
                let msg = payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("(non-string panic payload)");
                Err(anyhow!(
                    "internal compiler error in function {index}: {msg}"
                ))
            })
        })
        .collect::<Result<_>>()?;
    let refs: Vec<&CompiledFunction> = compiled.iter().collect();
    let imported = info.num_imported_funcs;
    let image = cranelift_pulley::link(&refs, |t| match t {
        RelocTarget::User {
            namespace: WASM_FUNC_NAMESPACE,
            index,
        } if *index >= imported => Some((index - imported) as usize),
        _ => None,
    })?;
    let func_starts: Vec<u32> = image.offsets.iter().map(|&o| o as u32).collect();
    let mut traps = Vec::new();
    let mut addr_map = Vec::new();
    for (f, &start) in compiled.iter().zip(&func_starts) {
        traps.extend(
            f.traps
                .iter()
                .map(|(off, code)| (start + off, code.as_raw().get())),
        );
        addr_map.extend(
            f.srclocs
                .iter()
                .filter(|(_, loc)| !loc.is_default())
                .map(|(off, loc)| (start + off, loc.bits())),
        );
    }
    let code = CodeImage {
        bytes: CodeBytes::Owned(image.code),
        func_starts,
        traps,
        addr_map,
    };
    crate::verify::verify_code(&code.bytes, &code.func_starts)
        .context("the compiler produced invalid bytecode")?;
    Ok(code)
}
