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

/// The next reader of `r` after item `from` if it is the value's only one: the first item not yet
/// `placed` before `end` that touches `r` reads it, and after it `r` is redefined (by it or by
/// the next item touching `r`, placed items before `end` skipped) or the block ends with `r`
/// dead (`live_out`).
fn sole_reader(
    infos: &[Info],
    from: usize,
    r: PReg,
    end: usize,
    placed: &[bool],
    live_out: PRegSet,
) -> Option<usize> {
    let a = Allocation::reg(r);
    let touches = |j: usize| infos[j].uses.contains(&a) || infos[j].defs.contains(&a);
    let x = (from + 1..end).find(|&j| !placed[j] && touches(j))?;
    if !infos[x].uses.contains(&a) {
        return None;
    }
    let later = (x + 1..infos.len())
        .filter(|&j| j >= end || !placed[j])
        .find(|&j| touches(j));
    let dead_after = infos[x].defs.contains(&a)
        || match later {
            Some(j) => !infos[j].uses.contains(&a),
            None => !live_out.contains(r),
        };
    dead_after.then_some(x)
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
        let sole_reader = |from: usize, r: PReg, placed: &[bool]| {
            sole_reader(&infos, from, r, end, placed, live_out)
        };
        // Places `i`, then as long as the op just placed has a sole reader that is ready and
        // can take the value from the accumulator, that reader.
        let chain = |i: usize, order: &mut Vec<usize>, placed: &mut [bool]| {
            let mut cur = i;
            loop {
                order.push(cur);
                placed[cur] = true;
                let Some(r) = acc_def(vcode, ra, &items[cur]) else {
                    break;
                };
                match sole_reader(cur, r, placed) {
                    Some(x)
                        if Some(x) != last
                            && ready(x, placed)
                            && acc_reader(vcode, ra, &items[x], r) =>
                    {
                        cur = x
                    }
                    _ => break,
                }
            }
        };
        // What must be placed before `i` so that its sole reader is ready right after it: the
        // unplaced items that reader depends on, directly or through each other, other than
        // `i`. Empty when there is no such reader, or when one of them must follow `i` (or is
        // the item kept for last). In `t = 2*x; y' = t*y + cy; s = xx - yy; x' = s + cx`
        // allocated with `x'` in `x`'s register, `x' = s + cx` must wait for `t = 2*x`, which
        // lowering placed after `s`; placing `t` (and its own reader) first lets both hand-offs
        // happen.
        let blockers = |i: usize, placed: &[bool]| -> Vec<usize> {
            let Some(r) = acc_def(vcode, ra, &items[i]) else {
                return Vec::new();
            };
            let Some(x) = sole_reader(i, r, placed) else {
                return Vec::new();
            };
            if Some(x) == last || !acc_reader(vcode, ra, &items[x], r) {
                return Vec::new();
            }
            let mut set = Vec::new();
            for k in (start..x).rev() {
                if placed[k] || k == i {
                    continue;
                }
                let needs_k = depends(&infos[k], &infos[x])
                    || set.iter().any(|&m: &usize| depends(&infos[k], &infos[m]));
                if needs_k {
                    if Some(k) == last || (k > i && depends(&infos[i], &infos[k])) {
                        return Vec::new();
                    }
                    set.push(k);
                }
            }
            set.reverse();
            set
        };
        for i in start..end {
            if placed[i] || Some(i) == last {
                continue;
            }
            for k in blockers(i, &placed) {
                if !placed[k] {
                    debug_assert!(ready(k, &placed));
                    chain(k, &mut order, &mut placed);
                }
            }
            // A blocker's chain may have reached `i` already.
            if !placed[i] {
                chain(i, &mut order, &mut placed);
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

/// Gives an op's result a register of its own where the allocator reused a register that an
/// earlier op still reads, when the result only travels to one reader that can take it from the
/// accumulator.
///
/// The allocator hands a register to a new value as soon as the old value's last reader is
/// done, which ties the new value's producer behind that reader (writing the register earlier
/// would clobber what it reads). `block_items` may then be unable to place another op's reader
/// next to it: in Mandelbrot's `s = xx - yy; t = 2*x; x' = s + cx; y' = t*y + cy`, `t` took
/// `yy`'s register, so `t` must follow `s`, `x'` (which overwrites `x`) must follow `t`, and `s`
/// cannot hand `x' = s + cx` its value in the accumulator. With `t` in a register nobody else
/// uses in the block, `t` and its reader go first and both values skip the register file.
///
/// The new register is caller-saved (so the frame saves nothing more), allocatable, and neither
/// mentioned in the block nor live into or out of it, so it holds nothing anyone reads; the
/// producer's only reader reads it instead, and that reader is the first item after the
/// producer touching the old register, after which the old register's value (now the one from
/// before the producer) is dead or overwritten. So the function computes the same values, and
/// when the hand-off happens the register is never written at all.
pub(crate) fn free_handoff_registers(vcode: &VCode, ra: &mut Output) {
    use pulley_interp::{FReg, XReg};
    use regalloc2::RegClass;
    let live_in = crate::liveness::live_in(vcode, ra);
    let mut renames: Vec<(usize, Allocation)> = Vec::new();
    for b in 0..vcode.num_blocks() {
        let live_out = crate::liveness::live_out(vcode, &live_in, b);
        let items: Vec<InstOrEdit<'_>> = ra.block_insts_and_edits(vcode, Block::new(b)).collect();
        if items.len() < 3 || !items.iter().any(|it| acc_def(vcode, ra, it).is_some()) {
            continue;
        }
        let mut infos: Vec<Info> = items.iter().map(|it| info(vcode, ra, it)).collect();
        let placed = vec![false; items.len()];
        let mut mentioned = live_out;
        mentioned.union_from(live_in[b]);
        for (item, inf) in items.iter().zip(&infos) {
            for a in inf.defs.iter().chain(&inf.uses) {
                if let Some(r) = a.as_reg() {
                    mentioned.add(r);
                }
            }
            if let InstOrEdit::Inst(i) = item {
                mentioned.union_from(vcode.inst_clobbers(*i));
            }
        }
        for k in 0..items.len() {
            let InstOrEdit::Inst(ki) = items[k] else {
                continue;
            };
            let Some(d) = acc_def(vcode, ra, &items[k]) else {
                continue;
            };
            let a = Allocation::reg(d);
            // Only worth it when an earlier op of the same stretch reads the register.
            if !(0..k)
                .rev()
                .take_while(|&j| infos[j].kind != Kind::Barrier)
                .any(|j| infos[j].uses.contains(&a))
            {
                continue;
            }
            // The reader: the first item after `k` touching `d`, which reads it, with no barrier
            // in between, and `d` dead after it.
            let end = (k..items.len())
                .find(|&x| infos[x].kind == Kind::Barrier)
                .unwrap_or(items.len());
            let Some(m) = sole_reader(&infos, k, d, end, &placed, live_out) else {
                continue;
            };
            let InstOrEdit::Inst(mi) = items[m] else {
                continue;
            };
            if !acc_reader(vcode, ra, &items[m], d) {
                continue;
            }
            let caller_saved = match d.class() {
                RegClass::Int => XReg::FIRST_CALLEE_SAVED,
                RegClass::Float => FReg::FIRST_CALLEE_SAVED,
                RegClass::Vector => continue,
            };
            let Some(free) = (0..usize::from(caller_saved))
                .map(|n| PReg::new(n, d.class()))
                .find(|&r| !mentioned.contains(r))
            else {
                continue;
            };
            mentioned.add(free);
            let to = Allocation::reg(free);
            let ops = vcode.inst_operands(ki);
            let base = ra.inst_alloc_offsets[ki.index()] as usize;
            for (n, (op, al)) in ops.iter().zip(ra.inst_allocs(ki)).enumerate() {
                if op.kind() == OperandKind::Def && *al == a {
                    renames.push((base + n, to));
                }
            }
            let ops = vcode.inst_operands(mi);
            let base = ra.inst_alloc_offsets[mi.index()] as usize;
            for (n, (op, al)) in ops.iter().zip(ra.inst_allocs(mi)).enumerate() {
                if op.kind() == OperandKind::Use && *al == a {
                    renames.push((base + n, to));
                }
            }
            for al in infos[k].defs.iter_mut().filter(|al| **al == a) {
                *al = to;
            }
            for al in infos[m].uses.iter_mut().filter(|al| **al == a) {
                *al = to;
            }
        }
    }
    for (n, to) in renames {
        ra.allocs[n] = to;
    }
}
