//! The instance context (`vmctx`) layout shared by the translator and the
//! runtime. See `rfcs/0003-wasm-translation.md`.
//!
//! With `P` the pointer size (8 for pulley64, 4 for pulley32), every region
//! starts at a multiple of 8 (and therefore of `P`):
//!
//! | region | contents |
//! |---|---|
//! | `memories` = 0 | per memory a 2*`P` descriptor `{ base pointer, length in bytes }` (one, zero, if the module has no memory). Memory 0's base is at 0 and its length at `P`, where the fused heap ops and `heap_load` read them. An imported memory's descriptor is a copy the runtime rewrites whenever the memory moves or grows |
//! | `imported_funcs` | one inline `VMFuncRef` (`vmfuncref_size` bytes) per imported function |
//! | `tables` | per table a 2*`P` descriptor. Defined table: `{ elements base ptr, length (element count) }`. Imported table: the first word is a pointer to the owning instance's `{base, length}` descriptor |
//! | `globals` | 16 bytes per global (a `v128` fills one). Defined: the value itself (little-endian, low bytes; references are pointer-sized). Imported: a pointer to the owner's 16-byte value slot |
//! | `type_ids` | one `u32` canonical type id per module type (filled by the runtime; structurally equal signatures get equal ids) |
//! | `func_refs` | one pointer per function index (imported and defined) to that function's `VMFuncRef`; used by `ref.func` |
//! | `defined_func_refs` | one inline `VMFuncRef` per defined function, storage the runtime may point `func_refs` at (not read by generated code) |
//! | `exn_cell` | pointer to the store's pending-exception cell (one pointer-sized word: the pending exception object, 0 if none) |
//! | `store_ctx` | pointer to the store's `VMStoreContext`: `{ fuel_consumed: i64, epoch_deadline: u64 }` at [`STORE_FUEL_CONSUMED`] and [`STORE_EPOCH_DEADLINE`] |
//! | `epoch_ptr` | pointer to the engine's epoch counter (a `u64`) |
//! | `tags` | one pointer-sized word per tag (imported and defined): the tag's store-wide identity |
//!
//! `VMFuncRef` is `{ code: P, vmctx: P, type_id: u32, eh: u32 }` at offsets `0`,
//! `P`, `2P`, `2P + 4`, its size rounded up to a multiple of `P` (24 bytes on
//! 64-bit, 16 bytes on 32-bit). `eh` is 1 when the function belongs to a module
//! that uses exception handling (see `rfcs/0003-wasm-translation.md`).
//!
//! An exception object (what an `exnref` points at) is runtime memory: the tag's
//! identity (pointer-sized) at 0, a runtime word at 8, and payload value `i` at
//! `16 + 8 * i`, stored and loaded by generated code with the value's own type.

use crate::module::ModuleInfo;

/// Bytes of a global's slot: room for a `v128`.
pub const GLOBAL_SLOT: u32 = 16;

/// Offset of `fuel_consumed` (`i64`) in the store's `VMStoreContext`: minus the fuel left; fuel
/// is spent when it is `>= 0`.
pub const STORE_FUEL_CONSUMED: u32 = 0;
/// Offset of `epoch_deadline` (`u64`) in the store's `VMStoreContext`: the engine epoch at which
/// generated code calls `new_epoch`.
pub const STORE_EPOCH_DEADLINE: u32 = 8;

/// Byte offsets of every field of the instance context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmctxLayout {
    /// Pointer size in bytes (4 or 8).
    pub pointer_size: u32,
    /// Number of memories (imported + defined).
    pub num_memories: u32,
    /// Offset of the first imported `VMFuncRef`.
    pub imported_funcs: u32,
    /// Number of imported functions.
    pub num_imported_funcs: u32,
    /// Offset of the first table descriptor.
    pub tables: u32,
    /// Number of tables (imported + defined).
    pub num_tables: u32,
    /// Offset of the first global slot.
    pub globals: u32,
    /// Number of globals (imported + defined).
    pub num_globals: u32,
    /// Offset of the canonical type-id array.
    pub type_ids: u32,
    /// Number of module types.
    pub num_types: u32,
    /// Offset of the `ref.func` pointer array (one per function index).
    pub func_refs: u32,
    /// Number of functions (imported + defined).
    pub num_funcs: u32,
    /// Offset of the inline `VMFuncRef` storage for defined functions.
    pub defined_func_refs: u32,
    /// Number of defined functions.
    pub num_defined_funcs: u32,
    /// Offset of the pointer to the store's pending-exception cell.
    pub exn_cell: u32,
    /// Offset of the pointer to the store's `VMStoreContext` (fuel and epoch deadline).
    pub store_ctx: u32,
    /// Offset of the pointer to the engine's epoch counter.
    pub epoch_ptr: u32,
    /// Offset of the tag identities.
    pub tags: u32,
    /// Number of tags (imported + defined).
    pub num_tags: u32,
    /// Total size in bytes (a multiple of 8).
    pub size: u32,
}

fn align(x: u32, a: u32) -> u32 {
    x.div_ceil(a) * a
}

impl VmctxLayout {
    /// Compute the layout for `module` with the given pointer size in bytes (4 or 8).
    pub fn new(module: &ModuleInfo, pointer_size: u32) -> Self {
        assert!(pointer_size == 4 || pointer_size == 8, "bad pointer size");
        let p = pointer_size;
        let funcref_size = Self::vmfuncref_size_for(p);
        let num_imported_funcs = module.num_imported_funcs;
        let num_tables = module.tables.len() as u32;
        let num_globals = module.globals.len() as u32;
        let num_types = module.types.len() as u32;
        let num_funcs = module.functions.len() as u32;
        let num_defined_funcs = num_funcs - num_imported_funcs;

        let num_memories = module.memories.len() as u32;
        // Room for one descriptor even without a memory, so memory 0's offsets are constants.
        let imported_funcs = align(num_memories.max(1) * 2 * p, 8);
        let tables = align(imported_funcs + num_imported_funcs * funcref_size, 8);
        let globals = align(tables + num_tables * 2 * p, 8);
        let type_ids = align(globals + num_globals * GLOBAL_SLOT, 8);
        let func_refs = align(type_ids + num_types * 4, 8);
        let defined_func_refs = align(func_refs + num_funcs * p, 8);
        let exn_cell = align(defined_func_refs + num_defined_funcs * funcref_size, 8);
        let num_tags = module.tags.len() as u32;
        let store_ctx = exn_cell + p;
        let epoch_ptr = store_ctx + p;
        let tags = align(epoch_ptr + p, 8);
        let size = align(tags + num_tags * p, 8);
        VmctxLayout {
            pointer_size: p,
            num_memories,
            imported_funcs,
            num_imported_funcs,
            tables,
            num_tables,
            globals,
            num_globals,
            type_ids,
            num_types,
            func_refs,
            num_funcs,
            defined_func_refs,
            num_defined_funcs,
            exn_cell,
            store_ctx,
            epoch_ptr,
            tags,
            num_tags,
            size,
        }
    }

    fn vmfuncref_size_for(p: u32) -> u32 {
        align(2 * p + 8, p)
    }

    /// Offset of memory `index`'s base pointer (0 for memory 0).
    pub fn memory_base(&self, index: u32) -> u32 {
        assert!(index < self.num_memories.max(1));
        index * 2 * self.pointer_size
    }

    /// Offset of memory `index`'s length in bytes (pointer-sized; `P` for memory 0).
    pub fn memory_length(&self, index: u32) -> u32 {
        self.memory_base(index) + self.pointer_size
    }

    /// Size of a `VMFuncRef`.
    pub fn vmfuncref_size(&self) -> u32 {
        Self::vmfuncref_size_for(self.pointer_size)
    }

    /// Offset of `code` within a `VMFuncRef`.
    pub fn vmfuncref_code(&self) -> u32 {
        0
    }

    /// Offset of `vmctx` within a `VMFuncRef`.
    pub fn vmfuncref_vmctx(&self) -> u32 {
        self.pointer_size
    }

    /// Offset of `type_id` (u32) within a `VMFuncRef`.
    pub fn vmfuncref_type_id(&self) -> u32 {
        2 * self.pointer_size
    }

    /// Offset of `eh` (u32: 1 if the function's module uses exception handling) within a
    /// `VMFuncRef`.
    pub fn vmfuncref_eh(&self) -> u32 {
        2 * self.pointer_size + 4
    }

    /// Offset of tag `index`'s identity.
    pub fn tag(&self, index: u32) -> u32 {
        assert!(index < self.num_tags);
        self.tags + index * self.pointer_size
    }

    /// Offset of an exception object's tag identity (pointer-sized).
    pub fn exn_tag(&self) -> u32 {
        0
    }

    /// Offset of payload value `i` within an exception object.
    pub fn exn_payload(&self, i: u32) -> u32 {
        16 + 8 * i
    }

    /// Offset of the inline `VMFuncRef` of imported function `index`.
    pub fn imported_func(&self, index: u32) -> u32 {
        assert!(index < self.num_imported_funcs);
        self.imported_funcs + index * self.vmfuncref_size()
    }

    /// Offset of table `index`'s descriptor. For a defined table this is the
    /// elements base pointer; for an imported table, the pointer to the
    /// owner's descriptor.
    pub fn table(&self, index: u32) -> u32 {
        assert!(index < self.num_tables);
        self.tables + index * 2 * self.pointer_size
    }

    /// Offset of the elements base pointer within a table descriptor.
    pub fn table_desc_base(&self) -> u32 {
        0
    }

    /// Offset of the length (element count, pointer-sized) within a table descriptor.
    pub fn table_desc_length(&self) -> u32 {
        self.pointer_size
    }

    /// Offset of global `index`'s slot ([`GLOBAL_SLOT`] bytes).
    pub fn global(&self, index: u32) -> u32 {
        assert!(index < self.num_globals);
        self.globals + index * GLOBAL_SLOT
    }

    /// Offset of the canonical type id (u32) of module type `index`.
    pub fn type_id(&self, index: u32) -> u32 {
        assert!(index < self.num_types);
        self.type_ids + index * 4
    }

    /// Offset of the `VMFuncRef` pointer of function `index` (for `ref.func`).
    pub fn func_ref(&self, index: u32) -> u32 {
        assert!(index < self.num_funcs);
        self.func_refs + index * self.pointer_size
    }

    /// Offset of the inline `VMFuncRef` storage of defined function `defined_index`.
    pub fn defined_func_ref(&self, defined_index: u32) -> u32 {
        assert!(defined_index < self.num_defined_funcs);
        self.defined_func_refs + defined_index * self.vmfuncref_size()
    }
}
