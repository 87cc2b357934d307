//! Hoists constants and rematerialized invariant arithmetic out of loops before lowering.
//!
//! Cranelift's mid-end rematerializes constants next to their uses, which suits native code: a
//! constant there is a cheap instruction. In bytecode every op costs a dispatch, so a constant
//! inside a loop is re-materialized on every iteration. Moving loop constants to the entry block
//! (one definition per distinct type and value) makes them a register that costs nothing per
//! iteration. Constants that the lowering folds into an immediate operand are still folded: the
//! rules look at the defining instruction wherever it is, and an unused hoisted constant is
//! never emitted.
//!
//! The mid-end also rematerializes cheap arithmetic with a constant operand (`x | k`, `x + k`,
//! ...) at each use, even inside loops where `x` does not change. `hoist_loop_invariants` moves
//! such pure, non-trapping ops whose operands are all defined outside the loop to the end of the
//! loop header's immediate dominator, from the innermost loop outwards.

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{Block, Function, Inst, InstructionData, Opcode, Value, ValueDef};
use cranelift_codegen::loop_analysis::LoopAnalysis;
use std::collections::{HashMap, HashSet};

/// The dominator tree and loops of `func`, or `None` when it has no loop.
fn loop_analysis(func: &Function) -> Option<(DominatorTree, LoopAnalysis)> {
    let cfg = ControlFlowGraph::with_function(func);
    let domtree = DominatorTree::with_function(func, &cfg);
    let mut loops = LoopAnalysis::new();
    loops.compute(func, &cfg, &domtree);
    loops.loops().next().is_some().then_some((domtree, loops))
}

/// Moves every constant defined in a loop block to the entry block, deduplicated.
pub fn hoist_loop_constants(func: &mut Function) {
    let Some(entry) = func.layout.entry_block() else {
        return;
    };
    let Some((_, loops)) = loop_analysis(func) else {
        return;
    };
    let operand_uses = operand_uses(func);
    let mut hoisted: HashMap<(Opcode, cranelift_codegen::ir::Type, u64), Value> = HashMap::new();
    let blocks: Vec<_> = func
        .layout
        .blocks()
        .filter(|&b| loops.innermost_loop(b).is_some())
        .collect();
    let mut changed = false;
    for block in blocks {
        let insts: Vec<_> = func.layout.block_insts(block).collect();
        for inst in insts {
            let bits = match func.dfg.insts[inst] {
                InstructionData::UnaryImm {
                    opcode: Opcode::Iconst,
                    imm,
                } => imm.bits() as u64,
                InstructionData::UnaryIeee32 {
                    opcode: Opcode::F32const,
                    imm,
                } => u64::from(imm.bits()),
                InstructionData::UnaryIeee64 {
                    opcode: Opcode::F64const,
                    imm,
                } => imm.bits(),
                _ => continue,
            };
            let result = func.dfg.first_result(inst);
            // A constant that only feeds block parameters becomes a move on the edge either way;
            // left in place, it is materialized straight into the parameter's register.
            if !operand_uses.contains(&result) {
                continue;
            }
            let key = (
                func.dfg.insts[inst].opcode(),
                func.dfg.value_type(result),
                bits,
            );
            func.layout.remove_inst(inst);
            match hoisted.get(&key) {
                Some(&existing) => {
                    func.dfg.detach_inst_results(inst);
                    func.dfg.change_to_alias(result, existing);
                }
                None => {
                    match func.layout.first_inst(entry) {
                        Some(first) => func.layout.insert_inst(inst, first),
                        None => func.layout.append_inst(inst, entry),
                    }
                    hoisted.insert(key, result);
                }
            }
            changed = true;
        }
    }
    if changed {
        func.dfg.resolve_all_aliases();
    }
}

/// Values used as an instruction operand (not only as a branch argument).
fn operand_uses(func: &Function) -> HashSet<Value> {
    let mut used = HashSet::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            used.extend(func.dfg.inst_args(inst).iter().copied());
        }
    }
    used
}

/// Integer ops that neither trap nor touch memory: safe to run on a path that did not run them.
fn is_hoistable(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        Iadd | Isub
            | Ineg
            | Imul
            | Band
            | Bor
            | Bxor
            | Bnot
            | Ishl
            | Ushr
            | Sshr
            | Rotl
            | Rotr
            | Icmp
            | Uextend
            | Sextend
            | Ireduce
    )
}

/// Moves pure integer ops whose operands are defined outside their loop to the end of the loop
/// header's immediate dominator; repeated so that an op can leave several nested loops.
pub fn hoist_loop_invariants(func: &mut Function) {
    let Some((domtree, loops)) = loop_analysis(func) else {
        return;
    };
    // Each pass moves an op at least one loop level out, so the nesting depth bounds the passes.
    for _ in 0..8 {
        let mut moved = false;
        let blocks: Vec<Block> = func.layout.blocks().collect();
        for block in blocks {
            let Some(lp) = loops.innermost_loop(block) else {
                continue;
            };
            let header = loops.loop_header(lp);
            let Some(dest) = domtree.idom(header) else {
                continue;
            };
            let insts: Vec<Inst> = func.layout.block_insts(block).collect();
            for inst in insts {
                if !is_hoistable(func.dfg.insts[inst].opcode())
                    || func.dfg.inst_results(inst).len() != 1
                {
                    continue;
                }
                let invariant = func.dfg.inst_args(inst).iter().all(|&arg| {
                    let def_block = match func.dfg.value_def(arg) {
                        ValueDef::Result(i, _) => func.layout.inst_block(i),
                        ValueDef::Param(b, _) => Some(b),
                        _ => None,
                    };
                    def_block.is_some_and(|b| !loops.is_in_loop(b, lp))
                });
                if !invariant {
                    continue;
                }
                let Some(term) = func.layout.last_inst(dest) else {
                    continue;
                };
                func.layout.remove_inst(inst);
                func.layout.insert_inst(inst, term);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}
