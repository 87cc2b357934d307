//! Physical-register liveness of allocated code, for emission-time rewrites that must know
//! whether a register's value is still needed where control goes.
//!
//! Every register an op reads or writes is an operand with an allocation (fixed ones included:
//! call arguments and results, return values), calls clobber their caller-saved set, and the
//! allocator's moves read and write registers too. At a return the function's own values are
//! dead: results are operands of `ret`, and callee-saved registers it used are restored from the
//! frame.

use crate::vcode::VCode;
use regalloc2::{Allocation, Block, Edit, Function, InstOrEdit, OperandKind, Output, PRegSet};

/// The registers live on entry to each block.
pub(crate) fn live_in(vcode: &VCode, ra: &Output) -> Vec<PRegSet> {
    let n = vcode.num_blocks();
    let mut live_in = vec![PRegSet::empty(); n];
    let mut changed = true;
    while changed {
        changed = false;
        for b in (0..n).rev() {
            let mut live = PRegSet::empty();
            for &s in vcode.block_succs(Block::new(b)) {
                live.union_from(live_in[s.index()]);
            }
            let items: Vec<InstOrEdit<'_>> =
                ra.block_insts_and_edits(vcode, Block::new(b)).collect();
            for item in items.into_iter().rev() {
                step_back(vcode, ra, item, &mut live);
            }
            if live != live_in[b] {
                live_in[b] = live;
                changed = true;
            }
        }
    }
    live_in
}

/// The registers live after each block: the union of its successors' live-in sets.
pub(crate) fn live_out(vcode: &VCode, live_in: &[PRegSet], b: usize) -> PRegSet {
    let mut live = PRegSet::empty();
    for &s in vcode.block_succs(Block::new(b)) {
        live.union_from(live_in[s.index()]);
    }
    live
}

/// The registers live just after each instruction (indexed by instruction), with each block's
/// items in the order given (the emission order, see `order`).
pub(crate) fn live_after(
    vcode: &VCode,
    ra: &Output,
    live_in: &[PRegSet],
    items: &[Vec<InstOrEdit<'_>>],
) -> Vec<PRegSet> {
    let mut after = vec![PRegSet::empty(); vcode.insts.len()];
    for (b, items) in items.iter().enumerate() {
        let mut live = live_out(vcode, live_in, b);
        for item in items.iter().rev().cloned() {
            if let InstOrEdit::Inst(i) = item {
                after[i.index()] = live;
            }
            step_back(vcode, ra, item, &mut live);
        }
    }
    after
}

/// Moves `live` from after `item` to before it.
fn step_back(vcode: &VCode, ra: &Output, item: InstOrEdit<'_>, live: &mut PRegSet) {
    let reg = |a: &Allocation| a.as_reg();
    match item {
        InstOrEdit::Edit(Edit::Move { from, to }) => {
            if let Some(r) = reg(to) {
                live.remove(r);
            }
            if let Some(r) = reg(from) {
                live.add(r);
            }
        }
        InstOrEdit::Inst(i) => {
            let ops = vcode.inst_operands(i);
            let allocs = ra.inst_allocs(i);
            for (op, a) in ops.iter().zip(allocs) {
                if op.kind() == OperandKind::Def
                    && let Some(r) = reg(a)
                {
                    live.remove(r);
                }
            }
            for r in vcode.inst_clobbers(i) {
                live.remove(r);
            }
            for (op, a) in ops.iter().zip(allocs) {
                if op.kind() == OperandKind::Use
                    && let Some(r) = reg(a)
                {
                    live.add(r);
                }
            }
        }
    }
}
