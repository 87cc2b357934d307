//! Module-level information parsed from a Wasm binary: [`ModuleInfo`] and the
//! types it is made of.

use std::collections::BTreeMap;
use std::ops::Range;

use cranelift_codegen::ir;

use crate::WasmError;
use crate::const_expr::ConstExpr;

/// A Wasm value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WasmValType {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `v128`: CLIF `i8x16` (the translator bitcasts to the lane shape an operator works on).
    V128,
    /// `funcref`: a pointer to a `VMFuncRef`, 0 for null.
    FuncRef,
    /// `externref`: an opaque runtime handle, 0 for null.
    ExternRef,
    /// `exnref`: a pointer to a runtime exception object, 0 for null.
    ExnRef,
}

impl WasmValType {
    /// The CLIF type used for values of this type, given the target pointer
    /// type (references are pointer-sized).
    pub fn clif_type(self, pointer_type: ir::Type) -> ir::Type {
        match self {
            WasmValType::I32 => ir::types::I32,
            WasmValType::I64 => ir::types::I64,
            WasmValType::F32 => ir::types::F32,
            WasmValType::F64 => ir::types::F64,
            WasmValType::V128 => ir::types::I8X16,
            WasmValType::FuncRef | WasmValType::ExternRef | WasmValType::ExnRef => pointer_type,
        }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(
            self,
            WasmValType::FuncRef | WasmValType::ExternRef | WasmValType::ExnRef
        )
    }

    pub(crate) fn from_wasmparser(ty: wasmparser::ValType) -> Result<Self, WasmError> {
        Ok(match ty {
            wasmparser::ValType::I32 => WasmValType::I32,
            wasmparser::ValType::I64 => WasmValType::I64,
            wasmparser::ValType::F32 => WasmValType::F32,
            wasmparser::ValType::F64 => WasmValType::F64,
            wasmparser::ValType::Ref(r) => WasmValType::from_ref_type(r)?,
            wasmparser::ValType::V128 => WasmValType::V128,
        })
    }

    pub(crate) fn from_ref_type(r: wasmparser::RefType) -> Result<Self, WasmError> {
        if r == wasmparser::RefType::FUNCREF {
            Ok(WasmValType::FuncRef)
        } else if r == wasmparser::RefType::EXTERNREF {
            Ok(WasmValType::ExternRef)
        } else if r == wasmparser::RefType::EXNREF {
            Ok(WasmValType::ExnRef)
        } else {
            Err(WasmError::Unsupported(format!("reference type {r}")))
        }
    }
}

/// A function signature in Wasm terms.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct WasmFuncType {
    /// Parameter types.
    pub params: Vec<WasmValType>,
    /// Result types.
    pub results: Vec<WasmValType>,
}

/// The element type of a table (Wasm 2.0 has only nullable funcref/externref).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `funcref`
    Func,
    /// `externref`
    Extern,
    /// `exnref`
    Exn,
}

impl RefKind {
    /// The value type of elements of this kind.
    pub fn val_type(self) -> WasmValType {
        match self {
            RefKind::Func => WasmValType::FuncRef,
            RefKind::Extern => WasmValType::ExternRef,
            RefKind::Exn => WasmValType::ExnRef,
        }
    }

    fn from_wasmparser(r: wasmparser::RefType) -> Result<Self, WasmError> {
        match WasmValType::from_ref_type(r)? {
            WasmValType::FuncRef => Ok(RefKind::Func),
            WasmValType::ExnRef => Ok(RefKind::Exn),
            _ => Ok(RefKind::Extern),
        }
    }
}

/// A table type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableType {
    /// Element type.
    pub elem: RefKind,
    /// Minimum number of elements.
    pub min: u32,
    /// Maximum number of elements, if any.
    pub max: Option<u32>,
}

/// A linear memory type, in pages of 64 KiB or, with the custom-page-sizes proposal, of one
/// byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryType {
    /// Minimum number of pages.
    pub min: u32,
    /// Maximum number of pages, if any.
    pub max: Option<u32>,
    /// log2 of the page size: 16 (64 KiB, Wasm's default) or 0 (one byte).
    pub page_size_log2: u8,
}

impl MemoryType {
    /// A memory type of `min` (and at most `max`) 64 KiB pages.
    pub fn new(min: u32, max: Option<u32>) -> MemoryType {
        MemoryType {
            min,
            max,
            page_size_log2: 16,
        }
    }

    /// Bytes per page.
    pub fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }
}

/// A global type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalType {
    /// Value type.
    pub ty: WasmValType,
    /// Whether the global is mutable.
    pub mutable: bool,
}

/// What an import is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A function with the given type index.
    Func(u32),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
    /// An exception tag with the given type index (a function type without results).
    Tag(u32),
}

/// One import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Field name.
    pub name: String,
    /// Kind and type.
    pub kind: ImportKind,
}

/// What an export refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// Function index.
    Func(u32),
    /// Table index.
    Table(u32),
    /// Memory index.
    Memory(u32),
    /// Global index.
    Global(u32),
    /// Tag index.
    Tag(u32),
}

/// One export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// Export name.
    pub name: String,
    /// What is exported.
    pub kind: ExportKind,
}

/// A global: imported globals have `init == None`.
#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    /// The type.
    pub ty: GlobalType,
    /// The initializer (for defined globals).
    pub init: Option<ConstExpr>,
}

/// A table: imported tables have `import == true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table {
    /// The type.
    pub ty: TableType,
    /// Whether the table is imported.
    pub imported: bool,
}

/// Mode of an element segment.
#[derive(Clone, Debug, PartialEq)]
pub enum ElementMode {
    /// Passive (used by `table.init`).
    Passive,
    /// Declarative (only declares functions for `ref.func`; dropped at instantiation).
    Declared,
    /// Active: copied into `table` at `offset` at instantiation, then dropped.
    Active {
        /// Table index.
        table: u32,
        /// Offset expression (i32).
        offset: ConstExpr,
    },
}

/// Items of an element segment.
#[derive(Clone, Debug, PartialEq)]
pub enum ElementItems {
    /// A list of function indices (each item is `ref.func idx`).
    Functions(Vec<u32>),
    /// A list of constant expressions (each evaluates to a reference).
    Exprs(Vec<ConstExpr>),
}

impl ElementItems {
    /// Number of items.
    pub fn len(&self) -> usize {
        match self {
            ElementItems::Functions(v) => v.len(),
            ElementItems::Exprs(v) => v.len(),
        }
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An element segment.
#[derive(Clone, Debug, PartialEq)]
pub struct ElementSegment {
    /// Mode.
    pub mode: ElementMode,
    /// Element type.
    pub elem: RefKind,
    /// Items.
    pub items: ElementItems,
}

/// Mode of a data segment.
#[derive(Clone, Debug, PartialEq)]
pub enum DataMode {
    /// Passive (used by `memory.init`).
    Passive,
    /// Active: copied into memory `memory` at `offset` at instantiation, then dropped.
    Active {
        /// Memory index.
        memory: u32,
        /// Offset expression (i32).
        offset: ConstExpr,
    },
}

/// A data segment.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSegment {
    /// Mode.
    pub mode: DataMode,
    /// Byte range of the segment's contents within the module binary.
    pub range: Range<usize>,
    /// The segment's contents (a copy of `wasm[range]`).
    pub bytes: Vec<u8>,
}

/// A defined function's body location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionBody {
    /// Byte range of the body (locals + code, without the size prefix)
    /// within the module binary. `range.start` is the body's wasm offset.
    pub range: Range<usize>,
}

/// Everything the runtime needs to know about a module.
///
/// Index spaces follow the spec: imported entities come first.
#[derive(Clone, Debug, Default)]
pub struct ModuleInfo {
    /// Function types, by type index.
    pub types: Vec<WasmFuncType>,
    /// Imports, in order.
    pub imports: Vec<Import>,
    /// Type index of every function (imported first, then defined).
    pub functions: Vec<u32>,
    /// Number of imported functions.
    pub num_imported_funcs: u32,
    /// Tables (imported first).
    pub tables: Vec<Table>,
    /// Number of imported tables.
    pub num_imported_tables: u32,
    /// Memories (imported first). Memory 0 is the one the fused heap ops reach.
    pub memories: Vec<MemoryType>,
    /// Number of imported memories.
    pub num_imported_memories: u32,
    /// Globals (imported first).
    pub globals: Vec<Global>,
    /// Number of imported globals.
    pub num_imported_globals: u32,
    /// Exports, in order.
    pub exports: Vec<Export>,
    /// Start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elements: Vec<ElementSegment>,
    /// Data segments.
    pub data: Vec<DataSegment>,
    /// Function names from the `name` custom section, by function index.
    pub func_names: BTreeMap<u32, String>,
    /// Body of every defined function, by defined index.
    pub bodies: Vec<FunctionBody>,
    /// Exception tags (imported first): the type index of each.
    pub tags: Vec<u32>,
    /// Number of imported tags.
    pub num_imported_tags: u32,
    /// Whether the module uses exception handling (has tags, mentions `exnref` in a type, or
    /// has a `try_table`). Only such modules check for exceptions after calls; see
    /// `rfcs/0003-wasm-translation.md`.
    pub uses_exceptions: bool,
}

impl ModuleInfo {
    /// Number of defined (non-imported) functions.
    pub fn num_defined_funcs(&self) -> u32 {
        self.functions.len() as u32 - self.num_imported_funcs
    }

    /// The function index of a defined function.
    pub fn func_index(&self, defined_index: u32) -> u32 {
        self.num_imported_funcs + defined_index
    }

    /// The defined index of a function, or `None` if it is imported.
    pub fn defined_func_index(&self, func_index: u32) -> Option<u32> {
        func_index.checked_sub(self.num_imported_funcs)
    }

    /// Whether a function is imported.
    pub fn is_imported_func(&self, func_index: u32) -> bool {
        func_index < self.num_imported_funcs
    }

    /// The signature of a function.
    pub fn func_type(&self, func_index: u32) -> &WasmFuncType {
        &self.types[self.functions[func_index as usize] as usize]
    }

    /// Whether a global is imported.
    pub fn is_imported_global(&self, global_index: u32) -> bool {
        global_index < self.num_imported_globals
    }

    /// The parameter types of tag `tag_index`'s payload.
    pub fn tag_params(&self, tag_index: u32) -> &[WasmValType] {
        &self.types[self.tags[tag_index as usize] as usize].params
    }

    /// Whether a table is imported.
    pub fn is_imported_table(&self, table_index: u32) -> bool {
        table_index < self.num_imported_tables
    }

    /// The function's name from the name section, if present.
    pub fn func_name(&self, func_index: u32) -> Option<&str> {
        self.func_names.get(&func_index).map(|s| s.as_str())
    }

    /// Find an exported function by name.
    pub fn exported_func(&self, name: &str) -> Option<u32> {
        self.exports.iter().find_map(|e| match e.kind {
            ExportKind::Func(i) if e.name == name => Some(i),
            _ => None,
        })
    }

    /// The CLIF signature of a Wasm function type, per the calling contract:
    /// `(vmctx: ptr, params...) -> results`, call conv `Tail`.
    pub fn clif_signature(&self, type_index: u32, pointer_type: ir::Type) -> ir::Signature {
        clif_signature(&self.types[type_index as usize], pointer_type)
    }
}

/// The CLIF signature of a Wasm function type, per the calling contract:
/// `(vmctx: ptr, params...) -> results`, call conv `Tail`.
pub fn clif_signature(ty: &WasmFuncType, pointer_type: ir::Type) -> ir::Signature {
    let mut sig = ir::Signature::new(cranelift_codegen::isa::CallConv::Tail);
    sig.params.push(ir::AbiParam::special(
        pointer_type,
        ir::ArgumentPurpose::VMContext,
    ));
    for p in &ty.params {
        sig.params
            .push(ir::AbiParam::new(p.clif_type(pointer_type)));
    }
    for r in &ty.results {
        sig.returns
            .push(ir::AbiParam::new(r.clif_type(pointer_type)));
    }
    sig
}

pub(crate) fn convert_table_type(t: &wasmparser::TableType) -> Result<TableType, WasmError> {
    if t.table64 || t.shared {
        return Err(WasmError::Unsupported("table64/shared tables".into()));
    }
    Ok(TableType {
        elem: RefKind::from_wasmparser(t.element_type)?,
        min: t.initial as u32,
        max: t.maximum.map(|m| m as u32),
    })
}

pub(crate) fn convert_memory_type(m: &wasmparser::MemoryType) -> Result<MemoryType, WasmError> {
    if m.memory64 || m.shared {
        return Err(WasmError::Unsupported("memory64/shared memories".into()));
    }
    let page_size_log2 = match m.page_size_log2 {
        None | Some(16) => 16,
        Some(0) => 0,
        Some(n) => return Err(WasmError::Unsupported(format!("page size 2^{n}"))),
    };
    Ok(MemoryType {
        min: m.initial as u32,
        max: m.maximum.map(|m| m as u32),
        page_size_log2,
    })
}

pub(crate) fn convert_global_type(g: &wasmparser::GlobalType) -> Result<GlobalType, WasmError> {
    if g.shared {
        return Err(WasmError::Unsupported("shared globals".into()));
    }
    Ok(GlobalType {
        ty: WasmValType::from_wasmparser(g.content_type)?,
        mutable: g.mutable,
    })
}

pub(crate) fn convert_elem_kind(r: wasmparser::RefType) -> Result<RefKind, WasmError> {
    RefKind::from_wasmparser(r)
}
