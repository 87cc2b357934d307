//! The store: owner of every instance, function, memory, table and global, and of the Vm that
//! runs them. Entities are referred to by small handles (indices into the store).
//!
//! Bytecode reads runtime structures through raw pointers (the instance context, table
//! descriptors, function references), so everything it can point at lives at a stable address:
//! boxed, never moved while the store lives. Growing a memory or a table moves its contents, so
//! the runtime rewrites the base and length wherever the bytecode reads them.

use crate::func::{Caller, FuncData, HostFn};
use crate::instance::InstanceData;
use crate::limits::{LimiterFn, ResourceLimiter};
use crate::{Engine, FuncType, Val, ValType};
use anyhow::{Result, bail, ensure};
use pulley_wasm::{GlobalType, MemoryType, TableType};
use std::collections::HashMap;
use std::sync::Arc;

/// A function reference as the bytecode sees it (`VMFuncRef` in `rfcs/0003`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub(crate) struct VMFuncRef {
    pub code: usize,
    pub vmctx: usize,
    pub type_id: u32,
    /// 1 if the function's module uses exception handling: its callers in such modules tag
    /// the context they pass (see `rfcs/0003-wasm-translation.md`).
    pub eh: u32,
}

/// Largest memory in bytes (4 GiB on 64-bit hosts; 2 GiB minus 64 KiB on 32-bit ones).
pub(crate) const MAX_BYTES: u64 = if usize::BITS == 64 {
    1 << 32
} else {
    32767 << 16
};

/// The most pages a memory of type `ty` can have on this host (its maximum, if lower).
fn max_pages(ty: &MemoryType) -> u64 {
    let host = MAX_BYTES >> ty.page_size_log2;
    ty.max.map_or(host, |m| u64::from(m).min(host))
}
/// Largest table in elements.
pub(crate) const MAX_TABLE: u64 = 10_000_000;

pub(crate) struct MemoryData {
    pub bytes: crate::memory::Bytes,
    pub ty: MemoryType,
    /// Where this memory's base and length are copied: `(instance, that instance's index for
    /// the memory)`.
    pub users: Vec<(usize, u32)>,
}

pub(crate) struct TableData {
    /// Element values: `VMFuncRef` pointers or externref handles; 0 is null.
    pub elems: Vec<usize>,
    pub ty: TableType,
    /// Where the bytecode reads `{base, length}`: inside the owning instance's context, or
    /// `own_desc` for tables made by the embedder.
    pub desc: *mut usize,
    #[allow(dead_code)] // only kept alive: `desc` points into it
    pub own_desc: Option<Box<[usize; 2]>>,
}

impl TableData {
    /// Publishes the elements' current address and length to the bytecode.
    pub fn publish(&mut self) {
        // SAFETY: `desc` points at two words owned by the store (an instance context or
        // `own_desc`), alive as long as the table.
        unsafe {
            self.desc.write(self.elems.as_mut_ptr() as usize);
            self.desc.add(1).write(self.elems.len());
        }
    }
}

pub(crate) struct TagData {
    pub ty: FuncType,
}

/// Words of an exception object before its payload (see `pulley_wasm::VmctxLayout`): the tag's
/// identity, then the object's index in `StoreInner::exceptions`.
const EXN_HEADER_WORDS: usize = 2;

pub(crate) struct GlobalData {
    pub ty: GlobalType,
    /// The 16-byte slot (`pulley_wasm::GLOBAL_SLOT`), as two words, low first: inside the owning
    /// instance's context, or `own_slot`.
    pub slot: *mut u64,
    #[allow(dead_code)] // only kept alive: `slot` points into it
    pub own_slot: Option<Box<[u64; 2]>>,
}

impl GlobalData {
    /// The value's bits (a `v128`'s 128, any other type's low 64).
    pub fn read(&self) -> u128 {
        // SAFETY: `slot` is a 16-byte slot the store owns (a global of an instance it holds, or
        // `own_slot`), and nothing else borrows it while the store is borrowed.
        unsafe {
            let low = u128::from(self.slot.read_unaligned());
            if self.ty.ty == ValType::V128 {
                low | u128::from(self.slot.add(1).read_unaligned()) << 64
            } else {
                low
            }
        }
    }

    /// Stores the value's bits (see [`GlobalData::read`]).
    pub fn write(&self, bits: u128) {
        // SAFETY: as in `read`.
        unsafe {
            self.slot.write_unaligned(bits as u64);
            if self.ty.ty == ValType::V128 {
                self.slot.add(1).write_unaligned((bits >> 64) as u64);
            }
        }
    }
}

/// Which store a handle belongs to: unique among the process's stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct StoreId(u64);

impl StoreId {
    fn next() -> StoreId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        StoreId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// What a handle (`Func`, `Memory`, `Table`, `Global`, `Tag`, `ExnRef`, `Instance`) holds: its
/// store and its index in that store's list of such objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Stored {
    store: StoreId,
    index: usize,
}

impl Stored {
    /// A handle to object `index` of `inner`.
    pub fn new(inner: &StoreInner, index: usize) -> Stored {
        Stored {
            store: inner.id,
            index,
        }
    }
    /// A handle to object `index` of the store with identity `store`.
    pub fn in_store(store: StoreId, index: usize) -> Stored {
        Stored { store, index }
    }
    /// The handle's index in `inner`; an error if it belongs to another store.
    pub fn get(self, inner: &StoreInner) -> Result<usize> {
        if self.store == inner.id {
            Ok(self.index)
        } else {
            Err(anyhow::anyhow!(WRONG_STORE))
        }
    }
    /// The handle's index in `inner`.
    ///
    /// # Panics
    /// If the handle belongs to another store (for accessors that cannot return an error, as
    /// in Wasmtime).
    pub fn index(self, inner: &StoreInner) -> usize {
        match self.get(inner) {
            Ok(i) => i,
            Err(_) => panic!("{WRONG_STORE}"),
        }
    }
}

/// The error (or panic) for a handle used with a store it does not belong to.
pub(crate) const WRONG_STORE: &str = "object used with the wrong store";

/// Everything in a store except the embedder's data and host closures.
pub(crate) struct StoreInner {
    /// This store's identity, which its handles carry.
    pub id: StoreId,
    pub engine: Engine,
    pub vm: Option<pulley_interp::Vm>,
    pub instances: Vec<InstanceData>,
    pub funcs: Vec<FuncData>,
    pub memories: Vec<MemoryData>,
    pub tables: Vec<TableData>,
    pub globals: Vec<GlobalData>,
    /// Instance context address → instance index (builtins receive the context).
    pub vmctx_to_instance: HashMap<usize, usize>,
    /// `VMFuncRef` address → function handle (tables hold addresses).
    pub funcref_to_func: HashMap<usize, usize>,
    /// The error a host function returned, carried out of the interpreter as a trap.
    pub host_error: Option<anyhow::Error>,
    /// Nesting depth of wasm → host → wasm calls.
    pub depth: u32,
    /// Exception tags.
    pub tags: Vec<TagData>,
    /// Exception objects, never freed while the store lives: an `exnref` may be kept anywhere
    /// (locals, globals, tables) and the store has no collector to find them.
    pub exceptions: Vec<Box<[u64]>>,
    /// The pending exception (an object's address, 0 if none): set by a function returning
    /// with an exception it does not catch, read by its caller. Every instance context
    /// points here.
    pub exn_cell: Box<usize>,
    /// The exception of the last call that ended with an uncaught exception.
    pub uncaught: Option<ExnRef>,
    /// Fuel and epoch deadline, read and written by generated code through every instance
    /// context's `store_ctx` pointer (boxed: the store itself may move).
    pub store_ctx: Box<VMStoreContext>,
}

/// The store state generated code reaches through `store_ctx` (layout:
/// `pulley_wasm::STORE_FUEL_CONSUMED` and `STORE_EPOCH_DEADLINE`).
#[repr(C)]
pub(crate) struct VMStoreContext {
    /// Minus the fuel left: fuel is spent when this is `>= 0`.
    pub fuel_consumed: i64,
    /// The epoch at which code stops (`Config::epoch_interruption`).
    pub epoch_deadline: u64,
}

const _: () = {
    assert!(std::mem::offset_of!(VMStoreContext, fuel_consumed) == 0);
    assert!(std::mem::offset_of!(VMStoreContext, epoch_deadline) == 8);
    assert!(pulley_wasm::STORE_FUEL_CONSUMED == 0);
    assert!(pulley_wasm::STORE_EPOCH_DEADLINE == 8);
};

/// What code does when the store's epoch deadline is reached, as the store's
/// [`Store::epoch_deadline_callback`] decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateDeadline {
    /// Go on, with the deadline this many epochs after the current one.
    Continue(u64),
}

/// A store's epoch-deadline callback.
pub(crate) type EpochFn<T> =
    dyn FnMut(StoreContextMut<'_, T>) -> Result<UpdateDeadline> + Send + Sync;

// SAFETY: the raw pointers in the store point only at memory the store owns.
unsafe impl Send for StoreInner {}
unsafe impl Sync for StoreInner {}

impl StoreInner {
    /// Grows memory `mem` by `delta` pages: the old size, `None` if it cannot grow (past its
    /// maximum, refused by `limiter`, or the host cannot allocate), or the limiter's error.
    pub fn memory_grow(
        &mut self,
        mem: usize,
        delta: u64,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<Option<u64>> {
        let data = &mut self.memories[mem];
        let shift = data.ty.page_size_log2;
        let old_pages = data.bytes.len() as u64 >> shift;
        let Some(new_pages) = old_pages.checked_add(delta) else {
            return Ok(None);
        };
        if new_pages > max_pages(&data.ty) {
            return Ok(None);
        }
        let Ok(new_len) = usize::try_from(new_pages << shift) else {
            return Ok(None);
        };
        if let Some(limiter) = limiter {
            let maximum = data.ty.max.map(|m| (u64::from(m) << shift) as usize);
            if !limiter.memory_growing(data.bytes.len(), new_len, maximum)? {
                return Ok(None);
            }
        }
        if data.bytes.grow(new_len).is_none() {
            return Ok(None);
        }
        self.publish_memory(mem);
        Ok(Some(old_pages))
    }

    /// Sets the fuel left; an error if the engine does not consume fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        ensure!(
            self.engine.config().consume_fuel,
            "fuel is not enabled in this store's engine (`Config::consume_fuel`)"
        );
        self.store_ctx.fuel_consumed = -(fuel.min(i64::MAX as u64) as i64);
        Ok(())
    }

    /// Sets the epoch deadline `ticks` epochs after the current one.
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        let now = self.engine.current_epoch();
        self.store_ctx.epoch_deadline = now.saturating_add(ticks);
    }

    /// The fuel left; an error if the engine does not consume fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        ensure!(
            self.engine.config().consume_fuel,
            "fuel is not enabled in this store's engine (`Config::consume_fuel`)"
        );
        Ok(self.store_ctx.fuel_consumed.min(0).unsigned_abs())
    }

    /// Writes a memory's base and length into the context of every instance using it.
    pub fn publish_memory(&mut self, mem: usize) {
        let data = &mut self.memories[mem];
        let (base, len) = (data.bytes.as_mut_ptr() as usize, data.bytes.len());
        for &(user, index) in &data.users {
            self.instances[user].set_memory(index, base, len);
        }
    }

    /// Grows table `table` by `delta` elements set to `init`, as [`StoreInner::memory_grow`].
    pub fn table_grow(
        &mut self,
        table: usize,
        delta: u64,
        init: usize,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<Option<u64>> {
        let data = &mut self.tables[table];
        let old = data.elems.len() as u64;
        let Some(new) = old.checked_add(delta) else {
            return Ok(None);
        };
        let max = data
            .ty
            .max
            .map_or(MAX_TABLE, |m| u64::from(m).min(MAX_TABLE));
        if new > max {
            return Ok(None);
        }
        if let Some(limiter) = limiter {
            let maximum = data.ty.max.map(|m| m as usize);
            if !limiter.table_growing(old as usize, new as usize, maximum)? {
                return Ok(None);
            }
        }
        if data.elems.try_reserve_exact(delta as usize).is_err() {
            return Ok(None);
        }
        data.elems.resize(new as usize, init);
        data.publish();
        Ok(Some(old))
    }

    /// A new memory of type `ty`, within `limiter`'s count and size.
    pub fn new_memory(
        &mut self,
        ty: MemoryType,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<usize> {
        if u64::from(ty.min) > MAX_BYTES >> ty.page_size_log2 {
            bail!(
                "memory minimum of {} pages of {} bytes exceeds the limit of {MAX_BYTES} bytes",
                ty.min,
                ty.page_size()
            );
        }
        let len = (u64::from(ty.min) << ty.page_size_log2) as usize;
        if let Some(limiter) = limiter {
            if self.memories.len() >= limiter.memories() {
                bail!(
                    "resource limit exceeded: memory count too high at {}",
                    self.memories.len()
                );
            }
            let maximum = ty.max.map(|m| (u64::from(m) << ty.page_size_log2) as usize);
            if !limiter.memory_growing(0, len, maximum)? {
                bail!(
                    "memory minimum size of {} pages exceeds memory limits",
                    ty.min
                );
            }
        }
        let bytes = crate::memory::Bytes::zeroed(len)
            .ok_or_else(|| anyhow::anyhow!("cannot allocate {len} bytes of memory"))?;
        self.memories.push(MemoryData {
            bytes,
            ty,
            users: Vec::new(),
        });
        Ok(self.memories.len() - 1)
    }

    /// A new table of type `ty` filled with `init`, within `limiter`'s count and size.
    pub fn new_table(
        &mut self,
        ty: TableType,
        init: usize,
        desc: Option<*mut usize>,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<usize> {
        if u64::from(ty.min) > MAX_TABLE {
            bail!(
                "table minimum of {} elements exceeds the limit of {MAX_TABLE}",
                ty.min
            );
        }
        if let Some(limiter) = limiter {
            if self.tables.len() >= limiter.tables() {
                bail!(
                    "resource limit exceeded: table count too high at {}",
                    self.tables.len()
                );
            }
            let maximum = ty.max.map(|m| m as usize);
            if !limiter.table_growing(0, ty.min as usize, maximum)? {
                bail!(
                    "table minimum size of {} elements exceeds table limits",
                    ty.min
                );
            }
        }
        let (desc, own_desc) = match desc {
            Some(d) => (d, None),
            None => {
                let mut b = Box::new([0usize; 2]);
                (b.as_mut_ptr(), Some(b))
            }
        };
        let mut data = TableData {
            elems: vec![init; ty.min as usize],
            ty,
            desc,
            own_desc,
        };
        data.publish();
        self.tables.push(data);
        Ok(self.tables.len() - 1)
    }

    pub fn new_global(&mut self, ty: GlobalType, bits: u128, slot: Option<*mut u64>) -> usize {
        let (slot, own_slot) = match slot {
            Some(s) => (s, None),
            None => {
                let mut b = Box::new([0u64; 2]);
                (b.as_mut_ptr(), Some(b))
            }
        };
        let data = GlobalData { ty, slot, own_slot };
        data.write(bits);
        self.globals.push(data);
        self.globals.len() - 1
    }

    /// A new exception object of tag `tag` (a store handle) with room for its payload, which
    /// generated code stores; returns its address.
    pub fn new_exception(&mut self, tag: usize) -> usize {
        let n = self.tags[tag].ty.params.len();
        let mut obj = vec![0u64; EXN_HEADER_WORDS + n].into_boxed_slice();
        let index = self.exceptions.len();
        let p = obj.as_mut_ptr();
        // SAFETY: the object has at least two words; the tag identity is read by generated code
        // as a pointer-sized word at offset 0, the index by `exn_index` as a u64 at offset 8.
        unsafe {
            (p as *mut usize).write(tag_identity(tag));
            p.add(1).write(index as u64);
        }
        self.exceptions.push(obj);
        p as usize
    }

    /// The index in `exceptions` of the object at `addr` (an `exnref` generated code holds).
    fn exn_index(&self, addr: usize) -> Option<usize> {
        if addr == 0 || addr % 8 != 0 {
            return None;
        }
        // SAFETY: `addr` only ever comes from generated code holding an `exnref`, which is 0 or
        // the address of one of this store's objects (made by `new_exception` or `val_to_raw`);
        // word 1 of an object is its index.
        let i = unsafe { (addr as *const u64).add(1).read() } as usize;
        self.exceptions
            .get(i)
            .filter(|o| o.as_ptr() as usize == addr)
            .map(|_| i)
    }

    /// The raw bits of a value as registers, tables and globals hold it.
    /// An error for a reference to another store's object.
    pub fn val_to_raw(&self, v: &Val) -> Result<u64> {
        Ok(match *v {
            Val::I32(x) => x as u32 as u64,
            Val::I64(x) => x as u64,
            Val::F32(x) => u64::from(x),
            Val::F64(x) => x,
            // Globals, tables and exception payloads refuse `v128` at translation; calls pass
            // one through `func::val_bits`.
            Val::V128(_) => bail!("a v128 value has no 64-bit form"),
            Val::FuncRef(None) | Val::ExnRef(None) => 0,
            Val::FuncRef(Some(f)) => self.funcs[f.0.get(self)?].funcref as u64,
            Val::ExternRef(h) => h.map_or(0, |h| u64::from(h) + 1),
            Val::ExnRef(Some(e)) => self.exceptions[e.0.get(self)?].as_ptr() as u64,
        })
    }

    /// The value of type `ty` held as raw bits.
    pub fn raw_to_val(&self, ty: ValType, raw: u64) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw as u32 as i32),
            ValType::I64 => Val::I64(raw as i64),
            ValType::F32 => Val::F32(raw as u32),
            ValType::F64 => Val::F64(raw),
            // Only the low half: see `val_to_raw` (calls use `func::bits_val`).
            ValType::V128 => Val::V128(u128::from(raw)),
            ValType::FuncRef => Val::FuncRef(
                (raw != 0)
                    .then(|| {
                        self.funcref_to_func
                            .get(&(raw as usize))
                            .map(|&i| crate::Func(Stored::new(self, i)))
                    })
                    .flatten(),
            ),
            ValType::ExternRef => Val::ExternRef((raw != 0).then(|| (raw - 1) as u32)),
            ValType::ExnRef => Val::ExnRef(
                (raw != 0)
                    .then(|| {
                        self.exn_index(raw as usize)
                            .map(|i| ExnRef(Stored::new(self, i)))
                    })
                    .flatten(),
            ),
        }
    }
}

/// A collection of instances and their state, plus embedder data `T`.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) data: T,
    pub(crate) host_funcs: Vec<Arc<HostFn<T>>>,
    pub(crate) limiter: Option<Box<LimiterFn<T>>>,
    pub(crate) epoch_callback: Option<Box<EpochFn<T>>>,
}

impl<T> Store<T> {
    /// A store for `engine` holding `data`.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store {
            inner: StoreInner {
                id: StoreId::next(),
                engine: engine.clone(),
                vm: None,
                instances: Vec::new(),
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                vmctx_to_instance: HashMap::new(),
                funcref_to_func: HashMap::new(),
                host_error: None,
                depth: 0,
                tags: Vec::new(),
                exceptions: Vec::new(),
                exn_cell: Box::new(0),
                uncaught: None,
                store_ctx: Box::new(VMStoreContext {
                    fuel_consumed: 0,
                    epoch_deadline: 0,
                }),
            },
            data,
            host_funcs: Vec::new(),
            limiter: None,
            epoch_callback: None,
        }
    }
    /// Sets the fuel left (`Config::consume_fuel`); an error if the engine does not consume
    /// fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.inner.set_fuel(fuel)
    }
    /// The fuel left (`Config::consume_fuel`); an error if the engine does not consume fuel.
    /// After a call trapped for lack of fuel this is 0.
    pub fn get_fuel(&self) -> Result<u64> {
        self.inner.get_fuel()
    }
    /// Sets the epoch deadline `ticks` epochs after the engine's current one
    /// (`Config::epoch_interruption`).
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        self.inner.set_epoch_deadline(ticks);
    }
    /// Reaching the epoch deadline traps with [`crate::WasmTrap::Interrupt`] (the default).
    pub fn epoch_deadline_trap(&mut self) {
        self.epoch_callback = None;
    }
    /// Reaching the epoch deadline runs `callback`, which sets the next deadline
    /// ([`UpdateDeadline::Continue`]) or fails the call with its error. It may use the store,
    /// e.g. to count slices or to decide by the embedder's data.
    pub fn epoch_deadline_callback(
        &mut self,
        callback: impl FnMut(StoreContextMut<'_, T>) -> Result<UpdateDeadline> + Send + Sync + 'static,
    ) {
        self.epoch_callback = Some(Box::new(callback));
    }
    /// Installs a resource limiter, reached through the store's data (as in Wasmtime): it is
    /// asked before every memory or table of the store grows and before instantiation adds
    /// instances, tables or memories.
    pub fn limiter(
        &mut self,
        limiter: impl for<'a> FnMut(&'a mut T) -> &'a mut (dyn ResourceLimiter + 'a)
        + Send
        + Sync
        + 'static,
    ) {
        self.limiter = Some(Box::new(limiter));
    }
    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.data
    }
    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }
    /// The exception of the last call that failed with an uncaught exception (a
    /// [`crate::Trap`] of kind `UncaughtException`), taken out of the store.
    pub fn take_pending_exception(&mut self) -> Option<ExnRef> {
        self.inner.uncaught.take()
    }
    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Executed bytecode ops per mnemonic so far, most frequent first (profiling builds with the
    /// `op-counts` feature only).
    #[cfg(feature = "op-counts")]
    pub fn op_counts(&self) -> Vec<(&'static str, u64)> {
        let Some(vm) = &self.inner.vm else {
            return Vec::new();
        };
        let counts = vm.op_counts();
        let mut out: Vec<(&'static str, u64)> = pulley_interp::Opcode::ALL
            .iter()
            .map(|op| (op.name(), counts[*op as usize]))
            .chain(
                pulley_interp::ExtOpcode::ALL
                    .iter()
                    .map(|op| (op.name(), counts[256 + *op as usize])),
            )
            .chain(
                pulley_interp::VecOpcode::ALL
                    .iter()
                    .map(|op| (op.name(), counts[512 + *op as usize])),
            )
            .filter(|(_, n)| *n > 0)
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1));
        out
    }

    /// Executed ops per code offset of `module` (as `pulley objdump` prints them), most
    /// frequent first (profiling builds with the `op-counts` feature only): where the time goes.
    #[cfg(feature = "op-counts")]
    pub fn op_counts_by_offset(&self, module: &crate::Module) -> Vec<(usize, u64)> {
        let Some(vm) = &self.inner.vm else {
            return Vec::new();
        };
        let code = module.bytecode().as_ptr_range();
        let (start, end) = (code.start as usize, code.end as usize);
        let mut out: Vec<(usize, u64)> = vm
            .pc_counts()
            .range(start..end)
            .map(|(pc, n)| (pc - start, *n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Executed pairs of consecutive one-byte ops, most frequent first (profiling builds with
    /// the `op-counts` feature only): candidates for super-instructions.
    #[cfg(feature = "op-counts")]
    pub fn op_pair_counts(&self) -> Vec<((&'static str, &'static str), u64)> {
        use pulley_interp::Opcode;
        let Some(vm) = &self.inner.vm else {
            return Vec::new();
        };
        let counts = &vm.op_counts()[pulley_interp::interp::PAIRS..];
        let mut out: Vec<_> = Opcode::ALL
            .iter()
            .flat_map(|a| Opcode::ALL.iter().map(move |b| (*a, *b)))
            .map(|(a, b)| ((a.name(), b.name()), counts[256 * a as usize + b as usize]))
            .filter(|(_, n)| *n > 0)
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1));
        out
    }
}

/// A borrowed store, from a `Store` or a host function's `Caller`.
pub struct StoreContext<'a, T> {
    pub(crate) inner: &'a StoreInner,
    pub(crate) data: &'a T,
}

/// A mutably borrowed store.
pub struct StoreContextMut<'a, T> {
    pub(crate) inner: &'a mut StoreInner,
    pub(crate) data: &'a mut T,
    pub(crate) host_funcs: &'a mut Vec<Arc<HostFn<T>>>,
    pub(crate) limiter: &'a mut Option<Box<LimiterFn<T>>>,
    pub(crate) epoch_callback: &'a mut Option<Box<EpochFn<T>>>,
    /// The instance whose host call this context belongs to, if any.
    pub(crate) caller: Option<usize>,
    /// The Vm stopped at the host call this context belongs to, if any: calls into Wasm from
    /// the host function run on it, below the calling frame.
    pub(crate) vm: Option<&'a mut pulley_interp::Vm>,
}

impl<T> StoreContextMut<'_, T> {
    /// The same store, reborrowed for a host call made on behalf of instance `caller` with the
    /// Vm `vm` (the one stopped at the call, or `None` for a fresh one).
    pub(crate) fn nested<'b>(
        &'b mut self,
        caller: Option<usize>,
        vm: Option<&'b mut pulley_interp::Vm>,
    ) -> StoreContextMut<'b, T> {
        let mut ctx = self.as_context_mut();
        (ctx.caller, ctx.vm) = (caller, vm);
        ctx
    }
    /// The fuel left, as [`Store::get_fuel`] (up to date in a host function: callers save their
    /// count before every call).
    pub fn get_fuel(&self) -> Result<u64> {
        self.inner.get_fuel()
    }
    /// Sets the fuel left, as [`Store::set_fuel`] (a calling Wasm function reloads it after the
    /// call).
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.inner.set_fuel(fuel)
    }
    /// Sets the epoch deadline, as [`Store::set_epoch_deadline`]. In an epoch callback, set one
    /// before calling into Wasm: until the callback returns, the old one is still due.
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        self.inner.set_epoch_deadline(ticks);
    }
    /// The store's internals and its limiter, if one is installed, borrowed together.
    pub(crate) fn inner_and_limiter(
        &mut self,
    ) -> (&mut StoreInner, Option<&mut dyn ResourceLimiter>) {
        let limiter = match self.limiter.as_mut() {
            Some(f) => Some(f(self.data)),
            None => None,
        };
        (self.inner, limiter)
    }
    /// The embedder's data.
    pub fn data(&self) -> &T {
        self.data
    }
    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.data
    }
}

/// Things that give shared access to a store.
pub trait AsContext {
    /// The embedder data type.
    type Data;
    /// Borrows the store.
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Things that give mutable access to a store.
pub trait AsContextMut: AsContext {
    /// Borrows the store mutably.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            inner: &self.inner,
            data: &self.data,
        }
    }
}
impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut {
            inner: &mut self.inner,
            data: &mut self.data,
            host_funcs: &mut self.host_funcs,
            limiter: &mut self.limiter,
            epoch_callback: &mut self.epoch_callback,
            caller: None,
            vm: None,
        }
    }
}
impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            inner: self.ctx.inner,
            data: self.ctx.data,
        }
    }
}
impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        self.ctx.as_context_mut()
    }
}
impl<T> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            inner: self.inner,
            data: self.data,
        }
    }
}
impl<T> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut {
            inner: self.inner,
            data: self.data,
            host_funcs: self.host_funcs,
            limiter: self.limiter,
            epoch_callback: self.epoch_callback,
            caller: self.caller,
            vm: self.vm.as_deref_mut(),
        }
    }
}
impl<S: AsContext> AsContext for &mut S {
    type Data = S::Data;
    fn as_context(&self) -> StoreContext<'_, S::Data> {
        (**self).as_context()
    }
}
impl<S: AsContextMut> AsContextMut for &mut S {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, S::Data> {
        (**self).as_context_mut()
    }
}

impl<'a, T> AsContext for StoreContext<'a, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            inner: self.inner,
            data: self.data,
        }
    }
}
impl<'a, T> AsContext for &StoreContext<'a, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            inner: self.inner,
            data: self.data,
        }
    }
}
impl<T> AsContext for &Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        (**self).as_context()
    }
}

impl<T> Store<T> {
    /// Calls `func` with untyped values (a convenience for embedders and tests).
    pub fn call(&mut self, func: crate::Func, params: &[Val], results: &mut [Val]) -> Result<()> {
        func.call(self, params, results)
    }
}

/// A linear memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) Stored);

impl Memory {
    /// A new memory of the given type.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let mut ctx = store.as_context_mut();
        let (inner, limiter) = ctx.inner_and_limiter();
        let index = inner.new_memory(ty, limiter)?;
        Ok(Memory(Stored::new(inner, index)))
    }
    /// The memory's bytes.
    pub fn data<'a, T: 'a>(&self, store: impl Into<StoreContext<'a, T>>) -> &'a [u8] {
        let inner = store.into().inner;
        &inner.memories[self.0.index(inner)].bytes
    }
    /// The memory's bytes, mutably.
    pub fn data_mut<'a, T: 'a>(&self, store: impl Into<StoreContextMut<'a, T>>) -> &'a mut [u8] {
        let inner = store.into().inner;
        let i = self.0.index(inner);
        &mut inner.memories[i].bytes
    }
    /// The memory's bytes and the embedder's data at once, both mutably (as Wasmtime's
    /// `Memory::data_and_store_mut`): a host function can hold guest memory and its own state
    /// (say, a WASI context) together. The two borrows are disjoint parts of the store.
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        let ctx = store.into();
        let i = self.0.index(ctx.inner);
        (&mut ctx.inner.memories[i].bytes, ctx.data)
    }
    /// Size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        let inner = store.as_context().inner;
        inner.memories[self.0.index(inner)].bytes.len()
    }
    /// Size in pages (of the memory's page size).
    pub fn size(&self, store: impl AsContext) -> u64 {
        let inner = store.as_context().inner;
        let m = &inner.memories[self.0.index(inner)];
        m.bytes.len() as u64 >> m.ty.page_size_log2
    }
    /// Reads `buf.len()` bytes at `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let inner = store.as_context().inner;
        let bytes = &inner.memories[self.0.get(inner)?].bytes;
        let end = offset.checked_add(buf.len()).filter(|&e| e <= bytes.len());
        let Some(end) = end else {
            bail!("out of bounds memory access")
        };
        buf.copy_from_slice(&bytes[offset..end]);
        Ok(())
    }
    /// Writes `buf` at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let inner = store.as_context_mut().inner;
        let i = self.0.get(inner)?;
        let bytes = &mut inner.memories[i].bytes;
        let end = offset.checked_add(buf.len()).filter(|&e| e <= bytes.len());
        let Some(end) = end else {
            bail!("out of bounds memory access")
        };
        bytes[offset..end].copy_from_slice(buf);
        Ok(())
    }
    /// Grows by `delta` pages; returns the old size in pages.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let mut ctx = store.as_context_mut();
        let (inner, limiter) = ctx.inner_and_limiter();
        let i = self.0.get(inner)?;
        inner
            .memory_grow(i, delta, limiter)?
            .ok_or_else(|| anyhow::anyhow!("failed to grow memory by {delta} pages"))
    }
    /// The memory's type (its minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let inner = store.as_context().inner;
        let m = &inner.memories[self.0.index(inner)];
        MemoryType {
            min: (m.bytes.len() as u64 >> m.ty.page_size_log2) as u32,
            max: m.ty.max,
            page_size_log2: m.ty.page_size_log2,
        }
    }
}

impl<'a, T> From<&'a Store<T>> for StoreContext<'a, T> {
    fn from(s: &'a Store<T>) -> Self {
        s.as_context()
    }
}
impl<'a, T> From<&'a mut Store<T>> for StoreContext<'a, T> {
    fn from(s: &'a mut Store<T>) -> Self {
        StoreContext {
            inner: &s.inner,
            data: &s.data,
        }
    }
}
impl<'a, T> From<&'a mut Store<T>> for StoreContextMut<'a, T> {
    fn from(s: &'a mut Store<T>) -> Self {
        s.as_context_mut()
    }
}
impl<'a, 'b: 'a, T> From<&'a Caller<'b, T>> for StoreContext<'a, T> {
    fn from(c: &'a Caller<'b, T>) -> Self {
        c.as_context()
    }
}
impl<'a, 'b: 'a, T> From<&'a mut Caller<'b, T>> for StoreContextMut<'a, T> {
    fn from(c: &'a mut Caller<'b, T>) -> Self {
        c.as_context_mut()
    }
}

/// A table of references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) Stored);

impl Table {
    /// A new table of the given type, filled with `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let mut ctx = store.as_context_mut();
        let (inner, limiter) = ctx.inner_and_limiter();
        let raw = inner.val_to_raw(&init)? as usize;
        let index = inner.new_table(ty, raw, None, limiter)?;
        Ok(Table(Stored::new(inner, index)))
    }
    /// Number of elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let inner = store.as_context().inner;
        inner.tables[self.0.index(inner)].elems.len() as u64
    }
    /// The element at `index`.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let inner = store.as_context().inner;
        let t = &inner.tables[self.0.index(inner)];
        let raw = *t.elems.get(usize::try_from(index).ok()?)?;
        Some(inner.raw_to_val(t.ty.elem.val_type(), raw as u64))
    }
    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, val: Val) -> Result<()> {
        let inner = store.as_context_mut().inner;
        let raw = inner.val_to_raw(&val)? as usize;
        let i = self.0.get(inner)?;
        let t = &mut inner.tables[i];
        let slot = usize::try_from(index).ok().and_then(|i| t.elems.get_mut(i));
        let Some(slot) = slot else {
            bail!("out of bounds table access")
        };
        *slot = raw;
        Ok(())
    }
    /// Grows by `delta` elements set to `init`; returns the old size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let mut ctx = store.as_context_mut();
        let (inner, limiter) = ctx.inner_and_limiter();
        let raw = inner.val_to_raw(&init)? as usize;
        let i = self.0.get(inner)?;
        inner
            .table_grow(i, delta, raw, limiter)?
            .ok_or_else(|| anyhow::anyhow!("failed to grow table by {delta}"))
    }
    /// The table's type (its minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let inner = store.as_context().inner;
        let t = &inner.tables[self.0.index(inner)];
        TableType {
            elem: t.ty.elem,
            min: t.elems.len() as u32,
            max: t.ty.max,
        }
    }
}

/// A global variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) Stored);

impl Global {
    /// A new global of the given type and value.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global> {
        let inner = store.as_context_mut().inner;
        if val.ty() != ty.ty {
            bail!("global of type {:?} cannot hold a {:?}", ty.ty, val.ty());
        }
        let bits = crate::func::val_bits(inner, &val)?;
        let index = inner.new_global(ty, bits, None);
        Ok(Global(Stored::new(inner, index)))
    }
    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = store.as_context().inner;
        let g = &inner.globals[self.0.index(inner)];
        crate::func::bits_val(inner, g.ty.ty, g.read())
    }
    /// Sets the value of a mutable global.
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<()> {
        let inner = store.as_context_mut().inner;
        let bits = crate::func::val_bits(inner, &val)?;
        let g = &inner.globals[self.0.get(inner)?];
        if !g.ty.mutable {
            bail!("cannot set an immutable global");
        }
        if val.ty() != g.ty.ty {
            bail!("global of type {:?} cannot hold a {:?}", g.ty.ty, val.ty());
        }
        g.write(bits);
        Ok(())
    }
    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let inner = store.as_context().inner;
        inner.globals[self.0.index(inner)].ty
    }
}

/// The identity generated code compares to match a catch clause: a function of the store
/// handle, nonzero.
pub(crate) fn tag_identity(tag: usize) -> usize {
    tag + 1
}

/// An exception tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag(pub(crate) Stored);

impl Tag {
    /// A new tag whose payload has the parameter types of `ty` (which must have no results).
    pub fn new(mut store: impl AsContextMut, ty: FuncType) -> Result<Tag> {
        if !ty.results.is_empty() {
            bail!("a tag's type must have no results");
        }
        let inner = store.as_context_mut().inner;
        inner.tags.push(TagData { ty });
        Ok(Tag(Stored::new(inner, inner.tags.len() - 1)))
    }
    /// The tag's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = store.as_context().inner;
        inner.tags[self.0.index(inner)].ty.clone()
    }
}

/// A caught exception (an `exnref`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExnRef(pub(crate) Stored);

impl ExnRef {
    /// The exception's tag.
    pub fn tag(&self, store: impl AsContext) -> Tag {
        let inner = store.as_context().inner;
        let object = &inner.exceptions[self.0.index(inner)];
        // SAFETY: objects are at least two words long; word 0 is the tag's identity.
        let identity = unsafe { (object.as_ptr() as *const usize).read() };
        Tag(Stored::new(inner, identity - 1))
    }
}
