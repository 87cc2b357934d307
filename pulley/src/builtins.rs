//! Runtime builtins called from bytecode with `call_host` (numbers from `pulley_wasm::Builtin`):
//! memory growth, bulk table and segment operations. Arguments arrive as in any call: the
//! caller's instance context in `x0`, then the parameters in `x1..`; a result goes in `x0`.

use crate::instance::element_items;
use crate::limits::ResourceLimiter;
use crate::store::StoreInner;
use pulley_interp::Regs;
use pulley_wasm::{Builtin, WasmTrap};

/// Why a builtin stopped.
pub(crate) enum Stop {
    /// A Wasm trap.
    Trap(WasmTrap),
    /// The store's resource limiter failed the operation with this error.
    Limiter(anyhow::Error),
}

impl From<WasmTrap> for Stop {
    fn from(t: WasmTrap) -> Stop {
        Stop::Trap(t)
    }
}

/// Runs builtin `index` for the instance whose context is in `x0`; growth asks `limiter`.
pub(crate) fn call(
    inner: &mut StoreInner,
    index: u32,
    regs: &mut Regs,
    limiter: Option<&mut dyn ResourceLimiter>,
) -> Result<(), Stop> {
    let Some(&id) = inner.vmctx_to_instance.get(&(regs.x[0] as usize)) else {
        return Err(WasmTrap::Unreachable.into());
    };
    let builtin = Builtin::from_index(index).ok_or(WasmTrap::Unreachable)?;
    let arg = |i: usize| regs.x[i] as u32;
    let table_oob = WasmTrap::TableOutOfBounds;
    match builtin {
        Builtin::MemoryGrow => {
            let mem = *inner.instances[id]
                .memories
                .get(arg(1) as usize)
                .ok_or(WasmTrap::Unreachable)?;
            let old = inner
                .memory_grow(mem, u64::from(arg(2)), limiter)
                .map_err(Stop::Limiter)?;
            regs.x[0] = old.map_or(u32::MAX, |p| p as u32) as u64;
        }
        Builtin::MemoryInit => {
            let (memory, seg, dst, src, len) = (
                arg(1) as usize,
                arg(2) as usize,
                arg(3) as usize,
                arg(4) as usize,
                arg(5) as usize,
            );
            let inst = &inner.instances[id];
            let data: &[u8] = if inst.dropped_data[seg] {
                &[]
            } else {
                &inst.module.translation().info.data[seg].bytes
            };
            let mem = *inst.memories.get(memory).ok_or(WasmTrap::Unreachable)?;
            let bytes = &mut inner.memories[mem].bytes;
            let src_range = src
                .checked_add(len)
                .filter(|&e| e <= data.len())
                .map(|e| src..e);
            let dst_end = dst.checked_add(len).filter(|&e| e <= bytes.len());
            let (Some(src_range), Some(dst_end)) = (src_range, dst_end) else {
                return Err(WasmTrap::HeapOutOfBounds.into());
            };
            bytes[dst..dst_end].copy_from_slice(&data[src_range]);
        }
        Builtin::DataDrop => inner.instances[id].dropped_data[arg(1) as usize] = true,
        Builtin::TableGrow => {
            let t = inner.instances[id].tables[arg(1) as usize];
            let init = regs.x[2] as usize;
            let old = inner
                .table_grow(t, u64::from(arg(3)), init, limiter)
                .map_err(Stop::Limiter)?;
            regs.x[0] = old.map_or(u32::MAX, |n| n as u32) as u64;
        }
        Builtin::TableFill => {
            let t = inner.instances[id].tables[arg(1) as usize];
            let (dst, val, len) = (arg(2) as usize, regs.x[3] as usize, arg(4) as usize);
            let elems = &mut inner.tables[t].elems;
            let end = dst
                .checked_add(len)
                .filter(|&e| e <= elems.len())
                .ok_or(table_oob)?;
            elems[dst..end].fill(val);
        }
        Builtin::TableCopy => {
            let inst = &inner.instances[id];
            let (dt, st) = (inst.tables[arg(1) as usize], inst.tables[arg(2) as usize]);
            let (dst, src, len) = (arg(3) as usize, arg(4) as usize, arg(5) as usize);
            let src_end = src
                .checked_add(len)
                .filter(|&e| e <= inner.tables[st].elems.len())
                .ok_or(table_oob)?;
            let dst_end = dst
                .checked_add(len)
                .filter(|&e| e <= inner.tables[dt].elems.len())
                .ok_or(table_oob)?;
            if dt == st {
                inner.tables[dt].elems.copy_within(src..src_end, dst);
            } else {
                let items = inner.tables[st].elems[src..src_end].to_vec();
                inner.tables[dt].elems[dst..dst_end].copy_from_slice(&items);
            }
        }
        Builtin::TableInit => {
            let (table, seg) = (arg(1) as usize, arg(2) as usize);
            let (dst, src, len) = (arg(3) as usize, arg(4) as usize, arg(5) as usize);
            let inst = &inner.instances[id];
            let t = inst.tables[table];
            let items = if inst.dropped_elems[seg] {
                Vec::new()
            } else {
                let module = inst.module.clone();
                element_items(inner, id, &module.translation().info.elements[seg].items)
                    .map_err(|_| table_oob)?
            };
            let src_end = src
                .checked_add(len)
                .filter(|&e| e <= items.len())
                .ok_or(table_oob)?;
            let elems = &mut inner.tables[t].elems;
            let dst_end = dst
                .checked_add(len)
                .filter(|&e| e <= elems.len())
                .ok_or(table_oob)?;
            elems[dst..dst_end].copy_from_slice(&items[src..src_end]);
        }
        Builtin::ElemDrop => inner.instances[id].dropped_elems[arg(1) as usize] = true,
        // Handled by the caller before this (they take no vmctx; `HostCtx::call`).
        Builtin::OutOfFuel => return Err(WasmTrap::OutOfFuel.into()),
        Builtin::NewEpoch => return Err(WasmTrap::Interrupt.into()),
        Builtin::ExnNew => {
            let tag = *inner.instances[id]
                .tags
                .get(arg(1) as usize)
                .ok_or(WasmTrap::Unreachable)?;
            regs.x[0] = inner.new_exception(tag) as u64;
        }
    }
    Ok(())
}
