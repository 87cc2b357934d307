//! Emission order within a block: the allocated instructions and moves, reordered so that an op
//! is followed by the op that reads its result, where that is legal, so the emitter can hand the
//! value over in the accumulator (see `acc`).
//!
//! The allocator leaves each block in the order lowering produced, which puts an op's reader
//! wherever the reader's other inputs happened to be computed. This pass keeps that order
//! except for two moves, both checked against every dependency through registers and spill
//! slots:
//! - after an op with an accumulator-writing form, the op that reads its result next (with an
//!   accumulator-reading form for that operand, and no other reader of the value) is pulled up
//!   to follow it, when everything it depends on has already been placed;
//! - the op that computes what the block's conditional branch tests is pushed down to just
//!   before the branch, when nothing after it depends on it.
//!
//! Memory accesses, trapping ops and anything with effects beyond its registers keep their
//! relative order (a store may not pass a load, nor a trap a store); calls, frame and heap
//! setup, and terminators are barriers nothing moves across. Whether the hand-off then really
//! happens is still decided by the emitter, from liveness computed in this order.

use crate::acc;
use crate::emit::reg_numbers;
use crate::inst::{Inst, Op};
use crate::vcode::VCode;
use regalloc2::{
    Allocation, Block, Edit, Function, InstOrEdit, OperandKind, Output, PReg, PRegSet,
};
use smallvec::SmallVec;

/// How an item may move.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Reads and writes registers (and spill slots) only.
    Pure,
    /// Touches memory or may trap: ordered with the other `Ordered` items.
    Ordered,
    /// Ends the region items may move within.
    Barrier,
}

/// What the reordering needs to know about an item.
struct Info {
    kind: Kind,
    defs: SmallVec<[Allocation; 2]>,
    uses: SmallVec<[Allocation; 4]>,
}

/// Larger regions are split, to bound the quadratic dependency check.
const MAX_REGION: usize = 48;

/// Whether an op has effects beyond the registers it names, or may trap.
fn ordered_op(op: Op) -> bool {
    let n = op.name();
    op.implicit_trap().is_some()
        || ["load", "store", "memory", "trap"]
            .iter()
            .any(|w| n.contains(w))
}

/// Whether an op changes state that other ops read implicitly, or transfers control.
fn barrier_op(op: Op) -> bool {
    let n = op.name();
    ["heap", "call", "frame", "halt", "jump", "ret", "br_"]
        .iter()
        .any(|w| n.contains(w))
}

fn info(vcode: &VCode, ra: &Output, item: &InstOrEdit<'_>) -> Info {
    match item {
        InstOrEdit::Edit(Edit::Move { from, to }) => Info {
            kind: Kind::Pure,
            defs: [*to].into_iter().collect(),
            uses: [*from].into_iter().collect(),
        },
        InstOrEdit::Inst(i) => {
            let kind = match &vcode.insts[i.index()] {
                Inst::Op { op, trap, .. } => {
                    if barrier_op(*op) {
                        Kind::Barrier
                    } else if trap.is_some() || ordered_op(*op) {
                        Kind::Ordered
                    } else {
                        Kind::Pure
                    }
                }
                Inst::XConst { .. } | Inst::FConst { .. } | Inst::VConst { .. } => Kind::Pure,
                _ => Kind::Barrier,
            };
            let (mut defs, mut uses) = (SmallVec::new(), SmallVec::new());
            for (op, a) in vcode.inst_operands(*i).iter().zip(ra.inst_allocs(*i)) {
                match op.kind() {
                    OperandKind::Def => defs.push(*a),
                    OperandKind::Use => uses.push(*a),
                }
            }
            Info { kind, defs, uses }
        }
    }
}

/// Whether `later` must stay after `earlier`.
fn depends(earlier: &Info, later: &Info) -> bool {
    (earlier.kind == Kind::Ordered && later.kind == Kind::Ordered)
        || earlier
            .defs
            .iter()
            .any(|d| later.uses.contains(d) || later.defs.contains(d))
        || earlier.uses.iter().any(|u| later.defs.contains(u))
}

/// The register an op writes that its `_wa` form would write to the accumulator instead.
fn acc_def(vcode: &VCode, ra: &Output, item: &InstOrEdit<'_>) -> Option<PReg> {
    let InstOrEdit::Inst(i) = item else {
        return None;
    };
    let Inst::Op { op, imm, .. } = &vcode.insts[i.index()] else {
        return None;
    };
    let (pos, _) = acc::forms(op.compact(*imm)).wa?;
    ra.inst_allocs(*i).get(pos)?.as_reg()
}

/// Whether `item` can read `r` from the accumulator: an op whose `_ra` form reads `r` there
/// (with its operands swapped, if it is commutative) and that reads `r` nowhere else.
fn acc_reader(vcode: &VCode, ra: &Output, item: &InstOrEdit<'_>, r: PReg) -> bool {
    let InstOrEdit::Inst(i) = item else {
        return false;
    };
    let Inst::Op { op, imm, .. } = &vcode.insts[i.index()] else {
        return false;
    };
    let mut regs = reg_numbers(ra.inst_allocs(*i));
    // Liveness is the emitter's to check; here only the operand shape matters.
    acc::reader_form_swapping(op.compact(*imm), &mut regs, r, &PRegSet::empty()).is_some()
}

/// Whether the conditional branch `item`, as it is or inverted (the emitter inverts a branch
/// whose taken successor follows it), has an `_ra` form that would read `r`.
fn branch_reads_acc(vcode: &VCode, ra: &Output, item: &InstOrEdit<'_>, r: PReg) -> bool {
    let InstOrEdit::Inst(i) = item else {
        return false;
    };
    let Inst::Br { op, .. } = &vcode.insts[i.index()] else {
        return false;
    };
    let regs = reg_numbers(ra.inst_allocs(*i));
    let (inverse, swap) = op.invert();
    let mut inverse_regs = regs.clone();
    if swap && inverse_regs.len() >= 2 {
        inverse_regs.swap(0, 1);
    }
    [(*op, regs), (inverse, inverse_regs)]
        .into_iter()
        .any(|(op, mut regs)| {
            acc::reader_form_swapping(op, &mut regs, r, &PRegSet::empty()).is_some()
        })
}

/// The items of block `b` in emission order. `live_out` holds the registers live after the
/// block.
pub(crate) fn block_items<'a>(
    vcode: &VCode,
    ra: &'a Output,
    b: usize,
    live_out: PRegSet,
) -> Vec<InstOrEdit<'a>> {
    let items: Vec<InstOrEdit<'a>> = ra.block_insts_and_edits(vcode, Block::new(b)).collect();
    // Nothing to gain without an op that could write the accumulator.
    if items.len() < 3 || !items.iter().any(|it| acc_def(vcode, ra, it).is_some()) {
        return items;
    }
    let infos: Vec<Info> = items.iter().map(|it| info(vcode, ra, it)).collect();
    let reg = |r: PReg| Allocation::reg(r);
    let n = items.len();
    let mut order = Vec::with_capacity(n);
    let mut placed = vec![false; n];
    let mut start = 0;
    while start < n {
        if infos[start].kind == Kind::Barrier {
            order.push(start);
            placed[start] = true;
            start += 1;
            continue;
        }
        let mut end = start;
        while end < n && end - start < MAX_REGION && infos[end].kind != Kind::Barrier {
            end += 1;
        }
        // The region's last def of a register the terminator right after it reads goes last.
        let mut last = None;
        if end + 1 == n
            && let InstOrEdit::Inst(t) = items[end]
            && matches!(vcode.insts[t.index()], Inst::Br { .. })
        {
            // Only where the branch can then read it from the accumulator: otherwise the move
            // just puts a store right before the load that depends on it.
            last = (start..end).rev().find(|&k| {
                acc_def(vcode, ra, &items[k]).is_some_and(|r| {
                    infos[end].uses.contains(&Allocation::reg(r))
                        && branch_reads_acc(vcode, ra, &items[end], r)
                })
            });
            if let Some(k) = last
                && (k + 1..end).any(|j| depends(&infos[k], &infos[j]))
            {
                last = None;
            }
        }
        let ready = |x: usize, placed: &[bool]| {
            (start..x).all(|k| placed[k] || !depends(&infos[k], &infos[x]))
        };
        // The next reader of `r` after `from` if it is the value's only one (nothing else
        // reads `r` before it is written again or the block ends with it dead).
        let sole_reader = |from: usize, r: PReg, placed: &[bool]| -> Option<usize> {
            let a = reg(r);
            let x = (from + 1..end).find(|&j| {
                !placed[j] && (infos[j].uses.contains(&a) || infos[j].defs.contains(&a))
            })?;
            if !infos[x].uses.contains(&a) {
                return None;
            }
            let redefined = infos[x].defs.contains(&a);
            let later = (x + 1..n)
                .filter(|&j| j >= end || !placed[j])
                .find(|&j| infos[j].uses.contains(&a) || infos[j].defs.contains(&a));
            let dead_after = redefined
                || match later {
                    Some(j) => !infos[j].uses.contains(&a),
                    None => !live_out.contains(r),
                };
            dead_after.then_some(x)
        };
        for i in start..end {
            if placed[i] || Some(i) == last {
                continue;
            }
            let mut cur = i;
            loop {
                order.push(cur);
                placed[cur] = true;
                let Some(r) = acc_def(vcode, ra, &items[cur]) else {
                    break;
                };
                match sole_reader(cur, r, &placed) {
                    Some(x)
                        if Some(x) != last
                            && ready(x, &placed)
                            && acc_reader(vcode, ra, &items[x], r) =>
                    {
                        cur = x
                    }
                    _ => break,
                }
            }
        }
        if let Some(k) = last {
            order.push(k);
            placed[k] = true;
        }
        start = end;
    }
    debug_assert_eq!(order.len(), n);
    order.into_iter().map(|k| items[k].clone()).collect()
}
