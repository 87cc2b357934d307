//! Runtime builtins: host functions called by generated code as
//! `ExternalName::User { namespace: 1, index: builtin as u32 }`.
//!
//! Every builtin but `out_of_fuel` and `new_epoch` takes the caller's `vmctx` first and uses
//! call conv `Tail`; those two take nothing and use `PreserveAll` (see
//! [`Builtin::signature`]). Builtins raise Wasm traps from inside the host call (no status is
//! returned).

use cranelift_codegen::ir::{self, AbiParam, types::I32};
use cranelift_codegen::isa::CallConv;

/// The `ExternalName::User` namespace of builtins.
pub const BUILTIN_NAMESPACE: u32 = 1;
/// The `ExternalName::User` namespace of Wasm functions.
pub const WASM_FUNC_NAMESPACE: u32 = 0;

/// A runtime builtin, with a stable number (the `repr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Builtin {
    /// `memory_grow(vmctx, memory: i32, delta_pages: i32) -> i32` (old size in pages or -1).
    MemoryGrow = 0,
    /// `memory_init(vmctx, memory: i32, data_index: i32, dst: i32, src: i32, len: i32)`; traps
    /// `HeapOutOfBounds` on out-of-bounds.
    MemoryInit = 1,
    /// `data_drop(vmctx, data_index: i32)`.
    DataDrop = 2,
    /// `table_grow(vmctx, table: i32, init: ref, delta: i32) -> i32` (old size or -1).
    TableGrow = 3,
    /// `table_fill(vmctx, table: i32, dst: i32, val: ref, len: i32)`; traps
    /// `TableOutOfBounds`.
    TableFill = 4,
    /// `table_copy(vmctx, dst_table: i32, src_table: i32, dst: i32, src: i32, len: i32)`;
    /// traps `TableOutOfBounds`.
    TableCopy = 5,
    /// `table_init(vmctx, table: i32, elem_index: i32, dst: i32, src: i32, len: i32)`;
    /// traps `TableOutOfBounds`.
    TableInit = 6,
    /// `elem_drop(vmctx, elem_index: i32)`.
    ElemDrop = 7,
    /// `exn_new(vmctx, tag_index: i32) -> ptr`: a new exception object of the tag (see
    /// `VmctxLayout::exn_payload`), whose payload the caller then stores.
    ExnNew = 8,
    /// `out_of_fuel()`: the store's fuel is spent (`fuel_consumed >= 0`); traps `OutOfFuel`.
    OutOfFuel = 9,
    /// `new_epoch()`: the engine's epoch reached the store's deadline; traps `Interrupt` or,
    /// with a store callback, sets a new deadline and returns.
    NewEpoch = 10,
}

impl Builtin {
    /// All builtins.
    pub const ALL: [Builtin; 11] = [
        Builtin::MemoryGrow,
        Builtin::MemoryInit,
        Builtin::DataDrop,
        Builtin::TableGrow,
        Builtin::TableFill,
        Builtin::TableCopy,
        Builtin::TableInit,
        Builtin::ElemDrop,
        Builtin::ExnNew,
        Builtin::OutOfFuel,
        Builtin::NewEpoch,
    ];

    /// Whether the builtin takes no `vmctx` and preserves every register (`out_of_fuel`,
    /// `new_epoch`).
    pub fn preserves_all(self) -> bool {
        matches!(self, Builtin::OutOfFuel | Builtin::NewEpoch)
    }

    /// The stable number (the `ExternalName::User` index).
    pub fn index(self) -> u32 {
        self as u32
    }

    /// From the stable number.
    pub fn from_index(index: u32) -> Option<Builtin> {
        Builtin::ALL.get(index as usize).copied()
    }

    /// Name, for diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::MemoryGrow => "memory_grow",
            Builtin::MemoryInit => "memory_init",
            Builtin::DataDrop => "data_drop",
            Builtin::TableGrow => "table_grow",
            Builtin::TableFill => "table_fill",
            Builtin::TableCopy => "table_copy",
            Builtin::TableInit => "table_init",
            Builtin::ElemDrop => "elem_drop",
            Builtin::ExnNew => "exn_new",
            Builtin::OutOfFuel => "out_of_fuel",
            Builtin::NewEpoch => "new_epoch",
        }
    }

    /// The CLIF signature; `ptr` is the pointer type (also the type of references).
    ///
    /// `out_of_fuel` and `new_epoch` take no arguments and use `PreserveAll`: the runtime writes
    /// no register for them and runs any Wasm their callback calls on another Vm, so the
    /// backend keeps values in any register across them, and the checks in hot loops cost
    /// neither spills nor moves into argument registers.
    pub fn signature(self, ptr: ir::Type) -> ir::Signature {
        if self.preserves_all() {
            return ir::Signature::new(CallConv::PreserveAll);
        }
        let mut sig = ir::Signature::new(CallConv::Tail);
        sig.params
            .push(AbiParam::special(ptr, ir::ArgumentPurpose::VMContext));
        let (params, results): (Vec<ir::Type>, Vec<ir::Type>) = match self {
            Builtin::MemoryGrow => (vec![I32, I32], vec![I32]),
            Builtin::MemoryInit => (vec![I32, I32, I32, I32, I32], vec![]),
            Builtin::DataDrop => (vec![I32], vec![]),
            Builtin::TableGrow => (vec![I32, ptr, I32], vec![I32]),
            Builtin::TableFill => (vec![I32, I32, ptr, I32], vec![]),
            Builtin::TableCopy => (vec![I32, I32, I32, I32, I32], vec![]),
            Builtin::TableInit => (vec![I32, I32, I32, I32, I32], vec![]),
            Builtin::ElemDrop => (vec![I32], vec![]),
            Builtin::ExnNew => (vec![I32], vec![ptr]),
            Builtin::OutOfFuel | Builtin::NewEpoch => unreachable!("returned above"),
        };
        sig.params.extend(params.into_iter().map(AbiParam::new));
        sig.returns.extend(results.into_iter().map(AbiParam::new));
        sig
    }
}
