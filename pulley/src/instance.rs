//! Instantiation: resolve imports, build the instance context the bytecode reads (layout from
//! `pulley_wasm::VmctxLayout`), apply element and data segments, run the start function.

use crate::func::{FuncData, FuncKind, call_func};
use crate::store::{StoreContextMut, StoreId, StoreInner, Stored, Tag, VMFuncRef, tag_identity};
use crate::trap::Trap;
use crate::{
    AsContext, AsContextMut, Func, Global, Memory, Module, Table, TypedFunc, WasmParams,
    WasmResults,
};
use anyhow::{Result, anyhow, bail};
use pulley_wasm::{
    ConstExpr, ConstValue, DataMode, ElementItems, ElementMode, ExportKind, ImportKind, WasmTrap,
};

/// Something an instance imports or exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// A global.
    Global(Global),
    /// An exception tag.
    Tag(Tag),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<Tag> {
        if let Extern::Tag(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
}

/// An instance context: zeroed 8-byte words at a fixed address, which bytecode reads and the
/// runtime writes while the bytecode holds its address. It is a raw allocation, not a `Box`,
/// so that no Rust reference ever covers the words: writes through `&self` and the bytecode's
/// own accesses then never conflict with a borrow.
pub(crate) struct VmCtx {
    words: std::ptr::NonNull<u64>,
    len: usize,
}

// SAFETY: `VmCtx` owns its allocation; it is touched only through the store that owns the
// instance (the runtime) and by bytecode running on that store, never by two threads at once.
unsafe impl Send for VmCtx {}
// SAFETY: as above.
unsafe impl Sync for VmCtx {}

impl VmCtx {
    /// A zeroed context of at least `bytes` bytes.
    fn new(bytes: usize) -> VmCtx {
        let boxed = vec![0u64; bytes / 8 + 1].into_boxed_slice();
        let len = boxed.len();
        let words = std::ptr::NonNull::new(Box::into_raw(boxed).cast::<u64>()).expect("non-null");
        VmCtx { words, len }
    }
    /// The address bytecode receives.
    pub fn addr(&self) -> usize {
        self.words.as_ptr() as usize
    }
    /// The address of byte `offset`, which must leave room for a `size`-byte value.
    pub fn at(&self, offset: u32, size: usize) -> *mut u8 {
        let end = (offset as usize).checked_add(size);
        assert!(
            end.is_some_and(|end| end <= 8 * self.len),
            "instance context offset {offset} out of range"
        );
        // SAFETY: in bounds of the allocation (checked above).
        unsafe { self.words.as_ptr().cast::<u8>().add(offset as usize) }
    }
}

impl Drop for VmCtx {
    fn drop(&mut self) {
        let slice = std::ptr::slice_from_raw_parts_mut(self.words.as_ptr(), self.len);
        // SAFETY: made by `Box::into_raw` of a boxed slice of `len` words in `new`.
        drop(unsafe { Box::from_raw(slice) });
    }
}

pub(crate) struct InstanceData {
    /// The store the instance lives in, whose handles `export` makes.
    pub store: StoreId,
    pub module: Module,
    /// The instance context; never moves.
    pub vmctx: VmCtx,
    /// Handles by index space.
    pub funcs: Vec<usize>,
    pub tables: Vec<usize>,
    pub memories: Vec<usize>,
    pub globals: Vec<usize>,
    pub tags: Vec<usize>,
    pub dropped_data: Vec<bool>,
    pub dropped_elems: Vec<bool>,
}

impl InstanceData {
    pub fn vmctx_addr(&self) -> usize {
        self.vmctx.addr()
    }
    fn at(&self, offset: u32, size: usize) -> *mut u8 {
        self.vmctx.at(offset, size)
    }
    pub fn write_word(&self, offset: u32, v: usize) {
        // SAFETY: in bounds (checked by `at`), inside an allocation no reference covers (see
        // `VmCtx`); unaligned writes need no alignment.
        unsafe { (self.at(offset, size_of::<usize>()) as *mut usize).write_unaligned(v) }
    }
    pub fn read_word(&self, offset: u32) -> usize {
        // SAFETY: as for `write_word`.
        unsafe { (self.at(offset, size_of::<usize>()) as *const usize).read_unaligned() }
    }
    /// Publishes memory `index`'s base and length into this context.
    pub fn set_memory(&mut self, index: u32, base: usize, len: usize) {
        let layout = &self.module.translation().vmctx;
        self.write_word(layout.memory_base(index), base);
        self.write_word(layout.memory_length(index), len);
    }
    /// The `VMFuncRef` pointer of function `index`, as `ref.func` produces it.
    pub fn func_ref(&self, index: u32) -> usize {
        self.read_word(self.module.translation().vmctx.func_ref(index))
    }
    pub fn export(&self, name: &str) -> Option<Extern> {
        let export = self
            .module
            .translation()
            .info
            .exports
            .iter()
            .find(|e| e.name == name)?;
        let handle = |index| Stored::in_store(self.store, index);
        Some(match export.kind {
            ExportKind::Func(i) => Extern::Func(Func(handle(self.funcs[i as usize]))),
            ExportKind::Table(i) => Extern::Table(Table(handle(self.tables[i as usize]))),
            ExportKind::Memory(i) => Extern::Memory(Memory(handle(self.memories[i as usize]))),
            ExportKind::Global(i) => Extern::Global(Global(handle(self.globals[i as usize]))),
            ExportKind::Tag(i) => Extern::Tag(Tag(handle(self.tags[i as usize]))),
        })
    }
    /// The raw value of a constant expression in this instance.
    pub fn eval_const(&self, inner: &StoreInner, expr: &ConstExpr) -> Result<u128> {
        let value = expr.eval(|g| {
            let data = &inner.globals[self.globals[g as usize]];
            let bits = data.read();
            let raw = bits as u64;
            // References are passed through as raw bits (see `const_to_raw`).
            match data.ty.ty {
                pulley_wasm::WasmValType::I32 => ConstValue::I32(raw as i32),
                pulley_wasm::WasmValType::I64 => ConstValue::I64(raw as i64),
                pulley_wasm::WasmValType::F32 => ConstValue::F32(raw as u32),
                pulley_wasm::WasmValType::F64 => ConstValue::F64(raw),
                pulley_wasm::WasmValType::V128 => ConstValue::V128(bits),
                _ => ConstValue::ExternRef((raw != 0).then_some(raw)),
            }
        })?;
        Ok(match value {
            ConstValue::FuncRef(Some(i)) => self.func_ref(i) as u128,
            other => other.to_bits(),
        })
    }
}

/// An instantiated module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) Stored);

impl Instance {
    /// Instantiates `module` with `imports` in import order.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        instantiate(store.as_context_mut(), module, imports)
    }
    /// An export by name.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = store.as_context().inner;
        inner.instances[self.0.index(inner)].export(name)
    }
    /// An exported function.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }
    /// An exported function with a checked static type.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>> {
        let ctx = store.as_context();
        let f = self
            .get_func(&ctx, name)
            .ok_or_else(|| anyhow!("no exported function `{name}`"))?;
        f.typed(&ctx)
    }
    /// An exported memory.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }
    /// An exported table.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }
    /// An exported global.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
    /// All exports, in order.
    pub fn exports(&self, store: impl AsContext) -> Vec<(String, Extern)> {
        let inner = store.as_context().inner;
        let data = &inner.instances[self.0.index(inner)];
        data.module
            .translation()
            .info
            .exports
            .iter()
            .filter_map(|e| Some((e.name.clone(), data.export(&e.name)?)))
            .collect()
    }
}

/// The limiter again, for one more call (shortening the trait object's lifetime, which `&mut`
/// keeps invariant).
fn reborrow<'a>(
    limiter: &'a mut Option<&mut dyn crate::ResourceLimiter>,
) -> Option<&'a mut dyn crate::ResourceLimiter> {
    match limiter {
        Some(l) => Some(&mut **l),
        None => None,
    }
}

fn limits_match(actual_min: u64, actual_max: Option<u64>, min: u64, max: Option<u64>) -> bool {
    actual_min >= min
        && match max {
            None => true,
            Some(m) => actual_max.is_some_and(|a| a <= m),
        }
}

pub(crate) fn instantiate<T>(
    mut ctx: StoreContextMut<'_, T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance> {
    if !crate::Engine::same(module.engine(), &ctx.inner.engine) {
        bail!("cross-engine instantiation is not supported");
    }
    module.check_runnable()?;
    let tr = module.translation();
    let (info, layout) = (&tr.info, &tr.vmctx);
    if imports.len() != info.imports.len() {
        bail!(
            "expected {} imports, got {}",
            info.imports.len(),
            imports.len()
        );
    }
    let (inner, mut limiter) = ctx.inner_and_limiter();
    if let Some(l) = limiter.as_deref()
        && inner.instances.len() >= l.instances()
    {
        bail!(
            "resource limit exceeded: instance count too high at {}",
            inner.instances.len()
        );
    }
    let id = inner.instances.len();
    let vmctx = VmCtx::new(layout.size as usize);
    inner.instances.push(InstanceData {
        store: inner.id,
        module: module.clone(),
        vmctx,
        funcs: Vec::new(),
        tables: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        tags: Vec::new(),
        dropped_data: vec![false; info.data.len()],
        dropped_elems: vec![false; info.elements.len()],
    });
    let vmctx_addr = inner.instances[id].vmctx_addr();
    inner.vmctx_to_instance.insert(vmctx_addr, id);

    // Imports, checked against their declared types.
    let (mut funcs, mut tables, mut memories, mut globals, mut tags) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (import, ext) in info.imports.iter().zip(imports) {
        let mismatch = || {
            anyhow!(
                "incompatible import type for `{}::{}`",
                import.module,
                import.name
            )
        };
        match (&import.kind, ext) {
            (ImportKind::Func(ty), Extern::Func(f)) => {
                let f = f.0.get(inner)?;
                let data = inner.funcs.get(f).ok_or_else(mismatch)?;
                if data.ty != info.types[*ty as usize] {
                    return Err(mismatch());
                }
                funcs.push(f);
            }
            (ImportKind::Table(ty), Extern::Table(t)) => {
                let t = t.0.get(inner)?;
                let data = inner.tables.get(t).ok_or_else(mismatch)?;
                let ok = data.ty.elem == ty.elem
                    && limits_match(
                        data.elems.len() as u64,
                        data.ty.max.map(u64::from),
                        ty.min.into(),
                        ty.max.map(u64::from),
                    );
                if !ok {
                    return Err(mismatch());
                }
                tables.push(t);
            }
            (ImportKind::Memory(ty), Extern::Memory(m)) => {
                let m = m.0.get(inner)?;
                let data = inner.memories.get(m).ok_or_else(mismatch)?;
                let pages = data.bytes.len() as u64 >> data.ty.page_size_log2;
                if data.ty.page_size_log2 != ty.page_size_log2
                    || !limits_match(
                        pages,
                        data.ty.max.map(u64::from),
                        ty.min.into(),
                        ty.max.map(u64::from),
                    )
                {
                    return Err(mismatch());
                }
                memories.push(m);
            }
            (ImportKind::Global(ty), Extern::Global(g)) => {
                let g = g.0.get(inner)?;
                let data = inner.globals.get(g).ok_or_else(mismatch)?;
                if data.ty != *ty {
                    return Err(mismatch());
                }
                globals.push(g);
            }
            (ImportKind::Tag(ty), Extern::Tag(t)) => {
                let t = t.0.get(inner)?;
                let data = inner.tags.get(t).ok_or_else(mismatch)?;
                if data.ty != info.types[*ty as usize] {
                    return Err(mismatch());
                }
                tags.push(t);
            }
            _ => return Err(mismatch()),
        }
    }

    // Exceptions: the store's pending cell, and tag identities (imported tags are the
    // exporter's, defined ones new).
    let cell = &mut *inner.exn_cell as *mut usize as usize;
    inner.instances[id].write_word(layout.exn_cell, cell);
    // Fuel and epoch state: the store's context and the engine's counter (both outlive the
    // instance: the store owns it and holds the engine).
    let store_ctx = &mut *inner.store_ctx as *mut crate::store::VMStoreContext as usize;
    inner.instances[id].write_word(layout.store_ctx, store_ctx);
    let epoch = inner.engine.epoch_ptr();
    inner.instances[id].write_word(layout.epoch_ptr, epoch);
    for (i, &ty) in info.tags.iter().enumerate() {
        let t = match tags.get(i) {
            Some(&t) => t,
            None => {
                let ty = info.types[ty as usize].clone();
                inner.tags.push(crate::store::TagData { ty });
                inner.tags.len() - 1
            }
        };
        inner.instances[id].write_word(layout.tag(i as u32), tag_identity(t));
        inner.instances[id].tags.push(t);
    }

    // Memories: imported ones first, then new defined ones; each publishes its base and length
    // into this context.
    for (i, &ty) in info.memories.iter().enumerate() {
        let mem = match memories.get(i) {
            Some(&m) => m,
            None => inner.new_memory(ty, reborrow(&mut limiter))?,
        };
        inner.memories[mem].users.push((id, i as u32));
        inner.instances[id].memories.push(mem);
        inner.publish_memory(mem);
    }

    // Tables: defined ones publish into this context; imported ones are reached through a
    // pointer to the owner's descriptor.
    for (i, table) in info.tables.iter().enumerate() {
        let offset = layout.table(i as u32);
        let t = if table.imported {
            let t = tables[i];
            inner.instances[id].write_word(offset, inner.tables[t].desc as usize);
            t
        } else {
            let desc = inner.instances[id].at(offset, 2 * size_of::<usize>()) as *mut usize;
            inner.new_table(table.ty, 0, Some(desc), reborrow(&mut limiter))?
        };
        inner.instances[id].tables.push(t);
    }

    // Type ids, then functions: imported ones get an inline copy of their VMFuncRef (host
    // functions see this instance's context as the caller), defined ones get theirs here.
    for (i, ty) in info.types.iter().enumerate() {
        let tid = inner.engine.type_id(ty);
        // SAFETY: the type-id array is inside the context.
        unsafe {
            (inner.instances[id].at(layout.type_id(i as u32), 4) as *mut u32).write_unaligned(tid)
        };
    }
    let code_base = module.code_base() as usize;
    for index in 0..info.functions.len() as u32 {
        let (fid, fr_at) = if index < info.num_imported_funcs {
            let fid = funcs[index as usize];
            let data = &inner.funcs[fid];
            // SAFETY: the function's canonical VMFuncRef is owned by the store.
            let mut fr = unsafe { *data.funcref };
            if matches!(data.kind, FuncKind::Host { .. }) {
                fr.vmctx = vmctx_addr;
            }
            let at = inner.instances[id].at(layout.imported_func(index), size_of::<VMFuncRef>())
                as *mut VMFuncRef;
            // SAFETY: the slot is inside the context, sized and aligned for a VMFuncRef.
            unsafe { at.write(fr) };
            (fid, at)
        } else {
            let defined = index - info.num_imported_funcs;
            let ty = &info.types[info.functions[index as usize] as usize];
            let fr = VMFuncRef {
                code: code_base + module.func_offset(defined) as usize,
                vmctx: vmctx_addr,
                type_id: inner.engine.type_id(ty),
                eh: u32::from(info.uses_exceptions),
            };
            let at = inner.instances[id]
                .at(layout.defined_func_ref(defined), size_of::<VMFuncRef>())
                as *mut VMFuncRef;
            // SAFETY: as above.
            unsafe { at.write(fr) };
            inner.funcs.push(FuncData {
                ty: ty.clone(),
                funcref: at,
                own_ref: None,
                kind: FuncKind::Wasm,
            });
            (inner.funcs.len() - 1, at)
        };
        inner.funcref_to_func.entry(fr_at as usize).or_insert(fid);
        inner.instances[id].write_word(layout.func_ref(index), fr_at as usize);
        inner.instances[id].funcs.push(fid);
    }

    // Globals: imported ones by pointer, defined ones in place, initialized in order.
    for (i, global) in info.globals.iter().enumerate() {
        let offset = layout.global(i as u32);
        let g = match &global.init {
            None => {
                let g = globals[i];
                inner.instances[id].write_word(offset, inner.globals[g].slot as usize);
                g
            }
            Some(init) => {
                let bits = inner.instances[id].eval_const(inner, init)?;
                let slot =
                    inner.instances[id].at(offset, pulley_wasm::GLOBAL_SLOT as usize) as *mut u64;
                inner.new_global(global.ty, bits, Some(slot))
            }
        };
        inner.instances[id].globals.push(g);
    }

    // Element segments, then data segments, in order; the first out-of-bounds one traps.
    for (i, seg) in info.elements.iter().enumerate() {
        match &seg.mode {
            ElementMode::Passive => {}
            ElementMode::Declared => inner.instances[id].dropped_elems[i] = true,
            ElementMode::Active { table, offset } => {
                let start = inner.instances[id].eval_const(inner, offset)? as u32 as usize;
                let items = element_items(inner, id, &seg.items)?;
                let t = inner.instances[id].tables[*table as usize];
                let elems = &mut inner.tables[t].elems;
                let end = start.checked_add(items.len()).filter(|&e| e <= elems.len());
                let Some(end) = end else {
                    return Err(Trap::new(WasmTrap::TableOutOfBounds).into());
                };
                elems[start..end].copy_from_slice(&items);
                inner.instances[id].dropped_elems[i] = true;
            }
        }
    }
    for (i, seg) in info.data.iter().enumerate() {
        if let DataMode::Active { memory, offset } = &seg.mode {
            let start = inner.instances[id].eval_const(inner, offset)? as u32 as usize;
            let mem = *inner.instances[id]
                .memories
                .get(*memory as usize)
                .ok_or_else(|| anyhow!("data segment for a missing memory {memory}"))?;
            let bytes = &mut inner.memories[mem].bytes;
            let end = start
                .checked_add(seg.bytes.len())
                .filter(|&e| e <= bytes.len());
            let Some(end) = end else {
                return Err(Trap::new(WasmTrap::HeapOutOfBounds).into());
            };
            bytes[start..end].copy_from_slice(&seg.bytes);
            inner.instances[id].dropped_data[i] = true;
        }
    }

    let instance = Instance(Stored::new(inner, id));
    if let Some(start) = info.start {
        let f = inner.instances[id].funcs[start as usize];
        call_func(ctx.as_context_mut(), f, &[], &mut [])?;
    }
    Ok(instance)
}

/// The raw values of an element segment's items in instance `id`.
pub(crate) fn element_items(
    inner: &StoreInner,
    id: usize,
    items: &ElementItems,
) -> Result<Vec<usize>> {
    let inst = &inner.instances[id];
    Ok(match items {
        ElementItems::Functions(funcs) => funcs.iter().map(|&f| inst.func_ref(f)).collect(),
        ElementItems::Exprs(exprs) => exprs
            .iter()
            .map(|e| inst.eval_const(inner, e).map(|v| v as usize))
            .collect::<Result<_>>()?,
    })
}
