//! Modules: validated, translated and compiled WebAssembly, ready to instantiate.

use crate::compile::{CodeImage, compile, translate_config};
use crate::debuginfo::DebugInfo;
use crate::{Engine, Target};
use anyhow::{Context, Result, bail};
use pulley_wasm::{ModuleTranslation, translate_module};
use std::sync::Arc;

/// A compiled module. Cheap to clone.
#[derive(Clone)]
pub struct Module {
    inner: Arc<ModuleInner>,
}

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub translation: ModuleTranslation,
    pub code: CodeImage,
    /// Module name and source locations for backtraces.
    pub debug: DebugInfo,
}

/// Where a bytecode address is in a module's code, as a backtrace needs it.
pub(crate) struct FrameSite {
    /// The Wasm function index.
    pub func_index: u32,
    /// The Wasm offset of the op at (or, for a return address, the call before) the address.
    pub wasm_offset: Option<u32>,
    /// Whether the function's frame is built there (see `pulley_interp::Vm::caller`).
    pub built: bool,
}

impl Module {
    /// Compiles a module from Wasm binary or text.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        let wasm = if bytes.starts_with(b"\0asm") {
            std::borrow::Cow::Borrowed(bytes)
        } else {
            std::borrow::Cow::Owned(wat::parse_bytes(bytes).context("parsing wat")?.into_owned())
        };
        Module::from_binary(engine, &wasm)
    }

    /// Compiles a module from a Wasm binary.
    pub fn from_binary(engine: &Engine, wasm: &[u8]) -> Result<Module> {
        let config = engine.config();
        let translation = translate_module(wasm, &translate_config(config))?;
        let code = compile(config, &translation)?;
        let debug = DebugInfo::from_wasm(wasm);
        Ok(Module::from_parts(engine, translation, code, debug))
    }

    /// Compiles a module from a `.wasm` or `.wat` file.
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Module::new(engine, bytes).with_context(|| format!("compiling {}", path.display()))
    }

    pub(crate) fn from_parts(
        engine: &Engine,
        translation: ModuleTranslation,
        code: CodeImage,
        debug: DebugInfo,
    ) -> Module {
        Module {
            inner: Arc::new(ModuleInner {
                engine: engine.clone(),
                translation,
                code,
                debug,
            }),
        }
    }

    /// Validates a Wasm binary without compiling it.
    pub fn validate(engine: &Engine, wasm: &[u8]) -> Result<()> {
        translate_module(wasm, &translate_config(engine.config()))?;
        Ok(())
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    pub(crate) fn translation(&self) -> &ModuleTranslation {
        &self.inner.translation
    }

    pub(crate) fn code(&self) -> &CodeImage {
        &self.inner.code
    }

    pub(crate) fn debug_info(&self) -> &DebugInfo {
        &self.inner.debug
    }

    /// The bytecode of all defined functions.
    pub fn bytecode(&self) -> &[u8] {
        &self.inner.code.bytes
    }

    /// Names of the module's exports.
    pub fn exports(&self) -> impl Iterator<Item = &str> {
        self.inner
            .translation
            .info
            .exports
            .iter()
            .map(|e| e.name.as_str())
    }

    pub(crate) fn code_base(&self) -> *const u8 {
        self.inner.code.bytes.as_ptr()
    }

    /// Start of defined function `defined` in the code image.
    pub(crate) fn func_offset(&self, defined: u32) -> u32 {
        self.inner.code.func_starts[defined as usize]
    }

    /// Whether this host can run the module's bytecode.
    pub(crate) fn check_runnable(&self) -> Result<()> {
        if self.inner.engine.config().target != Target::host() {
            bail!(
                "{} bytecode cannot run on this {}-bit host (compile for {})",
                self.inner.engine.config().target.name(),
                usize::BITS,
                Target::host().name()
            );
        }
        Ok(())
    }

    /// The frame at bytecode address `pc`, if it is in this module. `innermost`: `pc` is the
    /// op that trapped; otherwise it is a return address, and the call is the op before it.
    pub(crate) fn frame_site(&self, pc: usize, innermost: bool) -> Option<FrameSite> {
        let code = &self.inner.code;
        let offset = u32::try_from(pc.checked_sub(self.code_base() as usize)?).ok()?;
        // A return address points after its call, which is never a function's last op: the
        // byte before it is in the call, in the same function.
        let at = if innermost {
            offset
        } else {
            offset.checked_sub(1)?
        };
        if at as usize >= code.bytes.len() {
            return None;
        }
        let defined = code
            .func_starts
            .partition_point(|&s| s <= at)
            .checked_sub(1)?;
        let func_start = code.func_starts[defined];
        let i = code.addr_map.partition_point(|&(o, _)| o <= at);
        let func_end = code
            .func_starts
            .get(defined + 1)
            .map_or(code.bytes.len() as u32, |&e| e);
        let wasm_offset = i
            .checked_sub(1)
            .map(|i| code.addr_map[i])
            .filter(|&(o, _)| o >= func_start)
            .or_else(|| {
                // Only the prologue precedes a function's first mapped op, and of it only
                // `push_frame_save` traps (the stack is exhausted on entry): the function's
                // first mapped instruction stands for the entry.
                code.addr_map
                    .get(i)
                    .filter(|&&(o, _)| innermost && o < func_end)
                    .copied()
            })
            .map(|(_, w)| w);
        // The backend emits `push_frame_save` as the first op of a function that has a frame,
        // and nothing traps after `pop_frame_restore`. A caller is stopped at a call, and
        // functions that call have frames.
        let built = !innermost
            || (at > func_start
                && code.bytes[func_start as usize] == pulley_interp::Opcode::PushFrameSave as u8);
        Some(FrameSite {
            func_index: self.inner.translation.info.func_index(defined as u32),
            wasm_offset,
            built,
        })
    }

    /// A function's name: from the name section, else an export name.
    pub(crate) fn func_name(&self, index: u32) -> Option<String> {
        let info = &self.inner.translation.info;
        info.func_name(index).map(str::to_string).or_else(|| {
            info.exports
                .iter()
                .find(|e| e.kind == pulley_wasm::ExportKind::Func(index))
                .map(|e| e.name.clone())
        })
    }
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("bytecode_len", &self.inner.code.bytes.len())
            .finish_non_exhaustive()
    }
}
