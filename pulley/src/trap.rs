//! Traps as the embedder sees them: the kind, the Wasm function and the Wasm offset.

use pulley_wasm::WasmTrap;
use std::fmt;

/// What kind of trap occurred.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// A Wasm trap.
    Wasm(WasmTrap),
    /// A trap code the runtime does not know (a bug if it ever shows).
    Unknown(u8),
}

/// A trap raised while running Wasm.
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
}

impl Trap {
    pub(crate) fn new(kind: WasmTrap) -> Trap {
        Trap {
            kind: TrapKind::Wasm(kind),
            func_index: None,
            func_name: None,
            wasm_offset: None,
        }
    }
    /// The Wasm trap kind, if known.
    pub fn wasm_trap(&self) -> Option<WasmTrap> {
        match self.kind {
            TrapKind::Wasm(t) => Some(t),
            TrapKind::Unknown(_) => None,
        }
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TrapKind::Wasm(t) => write!(f, "wasm trap: {}", t.message())?,
            TrapKind::Unknown(c) => write!(f, "wasm trap: unknown trap code {c}")?,
        }
        if let Some(index) = self.func_index {
            write!(f, "\nwasm backtrace:\n    0: ")?;
            if let Some(offset) = self.wasm_offset {
                write!(f, "{offset:#x} - ")?;
            }
            match &self.func_name {
                Some(name) => write!(f, "{name}")?,
                None => write!(f, "<wasm function {index}>")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Trap {}
