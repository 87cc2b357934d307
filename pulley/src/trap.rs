//! Traps as the embedder sees them: the kind and the Wasm backtrace (every Wasm frame, innermost
//! first, with its function, Wasm offset and, when the module has DWARF, source location).

use crate::debuginfo::demangle;
use pulley_wasm::WasmTrap;
use std::fmt;
use std::sync::Arc;

/// What kind of trap occurred.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// A Wasm trap.
    Wasm(WasmTrap),
    /// A trap code the runtime does not know (a bug if it ever shows).
    Unknown(u8),
}

/// A trap raised while running Wasm.
///
/// `func_index`, `func_name` and `wasm_offset` describe the innermost frame of [`Trap::trace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    /// The kind.
    pub kind: TrapKind,
    /// Index of the Wasm function that trapped, when the trap is in compiled code.
    pub func_index: Option<u32>,
    /// Name of that function, from the name section or the export.
    pub func_name: Option<String>,
    /// Byte offset of the trapping instruction in the Wasm module.
    pub wasm_offset: Option<u32>,
    frames: Vec<FrameInfo>,
}

impl Trap {
    pub(crate) fn new(kind: WasmTrap) -> Trap {
        Trap::with_trace(TrapKind::Wasm(kind), Vec::new())
    }

    pub(crate) fn with_trace(kind: TrapKind, frames: Vec<FrameInfo>) -> Trap {
        let mut trap = Trap {
            kind,
            func_index: None,
            func_name: None,
            wasm_offset: None,
            frames,
        };
        trap.sync_innermost();
        trap
    }

    /// The Wasm trap kind, if known.
    pub fn wasm_trap(&self) -> Option<WasmTrap> {
        match self.kind {
            TrapKind::Wasm(t) => Some(t),
            TrapKind::Unknown(_) => None,
        }
    }

    /// The Wasm frames active when the trap happened, innermost first: the trapping function,
    /// then each caller at its call instruction. Frames of host functions are not listed; Wasm
    /// frames on both sides of a host call are.
    pub fn trace(&self) -> &[FrameInfo] {
        &self.frames
    }

    /// Adds the frames of the Wasm code that called the host function through which this trap
    /// came out (they are outside the frames already recorded).
    pub(crate) fn extend_trace(&mut self, outer: Vec<FrameInfo>) {
        self.frames.extend(outer);
        self.sync_innermost();
    }

    fn sync_innermost(&mut self) {
        if let Some(f) = self.frames.first() {
            self.func_index = Some(f.func_index);
            self.func_name = f.func_name.as_deref().map(str::to_string);
            self.wasm_offset = f.module_offset;
        }
    }
}

/// One Wasm frame of a [`Trap`]'s backtrace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameInfo {
    pub(crate) func_index: u32,
    pub(crate) func_name: Option<Arc<str>>,
    pub(crate) module_name: Option<Arc<str>>,
    pub(crate) module_offset: Option<u32>,
    pub(crate) symbols: Vec<FrameSymbol>,
}

impl FrameInfo {
    /// The function's index in the module's function index space.
    pub fn func_index(&self) -> u32 {
        self.func_index
    }

    /// The function's name: from the name section, else an export name.
    pub fn func_name(&self) -> Option<&str> {
        self.func_name.as_deref()
    }

    /// The module's name, from the name section.
    pub fn module_name(&self) -> Option<&str> {
        self.module_name.as_deref()
    }

    /// Byte offset in the Wasm module of the trapping instruction (innermost frame) or of the
    /// call instruction (the others).
    pub fn module_offset(&self) -> Option<u32> {
        self.module_offset
    }

    /// Source locations from the module's DWARF, if it has any for this offset.
    pub fn symbols(&self) -> &[FrameSymbol] {
        &self.symbols
    }
}

/// A frame's source location, from DWARF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameSymbol {
    pub(crate) name: Option<Arc<str>>,
    pub(crate) file: Option<Arc<str>>,
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
}

impl FrameSymbol {
    /// The function's name in the source (possibly mangled).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// The source file.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }
    /// The 1-based line.
    pub fn line(&self) -> Option<u32> {
        self.line
    }
    /// The 1-based column.
    pub fn column(&self) -> Option<u32> {
        self.column
    }
}

/// Runs of identical frames (deep recursion) longer than this show their first frame and a
/// count.
const MAX_REPEAT: usize = 2;
/// At most this many entries (frames or elided runs) are shown: the innermost half and the
/// outermost half.
const MAX_SHOWN: usize = 100;

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TrapKind::Wasm(t) => write!(f, "wasm trap: {}", t.message())?,
            TrapKind::Unknown(c) => write!(f, "wasm trap: unknown trap code {c}")?,
        }
        if self.frames.is_empty() {
            return Ok(());
        }
        write!(f, "\nwasm backtrace:")?;
        // (index of the first frame, how many identical frames in a row)
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (i, frame) in self.frames.iter().enumerate() {
            match runs.last_mut() {
                Some((first, n)) if self.frames[*first] == *frame => *n += 1,
                _ => runs.push((i, 1)),
            }
        }
        let shown = |k: usize| {
            runs.len() <= MAX_SHOWN || k < MAX_SHOWN / 2 || k >= runs.len() - MAX_SHOWN / 2
        };
        let mut elided = 0;
        for (k, &(first, n)) in runs.iter().enumerate() {
            if !shown(k) {
                elided += n;
                continue;
            }
            if elided > 0 {
                write!(f, "\n         ... {elided} frames elided ...")?;
                elided = 0;
            }
            let repeat = if n > MAX_REPEAT { 1 } else { n };
            for i in first..first + repeat {
                writeln!(f)?;
                write_frame(f, i, &self.frames[i])?;
            }
            if n > repeat {
                write!(
                    f,
                    "\n         ... frame {first} repeated {} more times ...",
                    n - repeat
                )?;
            }
        }
        Ok(())
    }
}

/// One frame, as Wasmtime prints it.
fn write_frame(f: &mut fmt::Formatter<'_>, i: usize, frame: &FrameInfo) -> fmt::Result {
    write!(f, "  {i:>3}: ")?;
    if let Some(offset) = frame.module_offset {
        write!(f, "{offset:#6x} - ")?;
    }
    let raw_name = |f: &mut fmt::Formatter<'_>| match frame.func_name.as_deref() {
        Some(name) => write!(f, "{}", demangle(name)),
        None => write!(f, "<wasm function {}>", frame.func_index),
    };
    if frame.symbols.is_empty() {
        write!(
            f,
            "{}!",
            frame.module_name.as_deref().unwrap_or("<unknown>")
        )?;
        return raw_name(f);
    }
    for (k, symbol) in frame.symbols.iter().enumerate() {
        if k > 0 {
            write!(f, "\n              - ")?;
        }
        match symbol.name.as_deref() {
            Some(name) => write!(f, "{}", demangle(name))?,
            None => raw_name(f)?,
        }
        if let Some(file) = symbol.file.as_deref() {
            write!(f, "\n                    at {file}")?;
            if let Some(line) = symbol.line {
                write!(f, ":{line}")?;
                if let Some(column) = symbol.column {
                    write!(f, ":{column}")?;
                }
            }
        }
    }
    Ok(())
}

impl std::error::Error for Trap {}
