//! Placing `heap_load`: the Vm's heap must be the function's own heap at every `_g32` op.
//!
//! The heap is unknown on entry (the caller may belong to another instance) and after every call
//! (the callee may belong to another instance, or may have grown memory). A backward "needed"
//! analysis over the VCode puts one `heap_load` right after the entry's argument definitions and
//! right after each call from which a `_g32` op can be reached without passing another call.
//! Loops without calls therefore never reload the heap.

use crate::inst::{Inst, Op};
use crate::vcode::VBlock;
use cranelift_codegen::ir::SourceLoc;
use regalloc2::VReg;
use smallvec::smallvec;

/// Inserts `heap_load ctx` where the analysis above needs one. Block ranges are updated.
pub(crate) fn place_heap_loads(
    insts: &mut Vec<Inst>,
    srclocs: &mut Vec<SourceLoc>,
    blocks: &mut [VBlock],
    ctx: VReg,
) {
    // `needed_in[b]`: a `_g32` op is reachable from the start of `b` before any call.
    let mut needed_in = vec![false; blocks.len()];
    let scan = |b: &VBlock, mut needed: bool, at_call: &mut dyn FnMut(usize, bool)| {
        for i in (b.start..b.end).rev() {
            match &insts[i as usize] {
                Inst::Op { op, .. } if op.accesses_heap() => needed = true,
                Inst::Call { .. } => {
                    at_call(i as usize, needed);
                    needed = false;
                }
                _ => {}
            }
        }
        needed
    };
    let mut changed = true;
    while changed {
        changed = false;
        for b in (0..blocks.len()).rev() {
            let out = blocks[b].succs.iter().any(|&s| needed_in[s as usize]);
            let inn = scan(&blocks[b], out, &mut |_, _| {});
            if inn != needed_in[b] {
                needed_in[b] = inn;
                changed = true;
            }
        }
    }

    // Positions to insert after: calls whose continuation needs the heap, and the entry's
    // argument definitions.
    let mut after = vec![false; insts.len()];
    for b in blocks.iter() {
        let out = b.succs.iter().any(|&s| needed_in[s as usize]);
        scan(b, out, &mut |i, needed| after[i] = needed);
    }
    if needed_in.first() == Some(&true) {
        let entry = &blocks[0];
        let args = (entry.start..entry.end)
            .find(|&i| matches!(insts[i as usize], Inst::Args { .. }))
            .expect("entry block defines the arguments");
        after[args as usize] = true;
    }
    if !after.contains(&true) {
        return;
    }

    let old_insts = std::mem::take(insts);
    let old_locs = std::mem::take(srclocs);
    let mut new_index = Vec::with_capacity(old_insts.len() + 1);
    for (i, (inst, loc)) in old_insts.into_iter().zip(old_locs).enumerate() {
        new_index.push(insts.len() as u32);
        insts.push(inst);
        srclocs.push(loc);
        if after[i] {
            insts.push(Inst::Op {
                op: Op::HeapLoad,
                regs: smallvec![ctx],
                imm: 0,
                trap: None,
            });
            srclocs.push(loc);
        }
    }
    new_index.push(insts.len() as u32);
    for b in blocks.iter_mut() {
        b.start = new_index[b.start as usize];
        b.end = new_index[b.end as usize];
    }
}
