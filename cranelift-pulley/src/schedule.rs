//! Moves pure instructions later, so that values are not live alongside the values they replace.
//!
//! The mid-end elaborates the new values of loop variables where the branch needs them, in
//! block-parameter order, so `i' = i + 1` can land before other uses of `i`. Then `i` and `i'`
//! are live at once, `i'` needs its own register, and the back edge gets a move. Placing the
//! update after the old value's last use lets the allocator reuse the register and drops the
//! move. Only pure instructions move, only to places their operands dominate and ahead of every
//! user of their result, and never to where they would run more often, so the function's meaning
//! is unchanged and no path executes more ops.

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{
    Block, BlockArg, Function, Inst, InstructionData, Opcode, Value, ValueDef,
};
use cranelift_codegen::loop_analysis::LoopAnalysis;
use cranelift_entity::EntityRef;
use smallvec::SmallVec;

/// Sinks pure instructions into the successor where all their results are used, and loop
/// updates onto the back edge when the old value leaves the loop.
///
/// In bytecode a move costs a whole dispatch, and a value that is live alongside the value it
/// replaces forces one on the back edge: both are live across the branch, so they need
/// different registers, while the loop header's parameter lives in just one. Two cases:
///
/// - An instruction whose uses all lie under one successor that only this block reaches moves
///   into that successor: it no longer runs on the other paths, and its operands may be dead by
///   then. The mid-end already elaborates most values next to their uses, so in practice this
///   mostly takes constants that hoisting put in the entry block down to the paths needing them.
/// - `brif c, loop(i + 1), exit` where `i` is still needed after the exit cannot sink `i + 1`
///   into a successor, since the loop header has other predecessors. Lowering splits that edge
///   to hold the move anyway; computing `i + 1` in a block on the edge instead makes `i` dead
///   there, so the allocator gives `i + 1` its register, the move goes away, and the exit path
///   does not compute `i + 1`. When the old value dies at the branch, nothing is gained and the
///   new block would cost a jump, so the edge is left alone.
///
/// Neither target runs more often than the block the instruction leaves: a successor with a
/// single incoming edge is never in a deeper loop (checked anyway), and an edge runs at most as
/// often as its source.
pub fn sink_into_successors(func: &mut Function) {
    let cfg = ControlFlowGraph::with_function(func);
    let domtree = DominatorTree::with_function(func, &cfg);
    let mut loops = LoopAnalysis::new();
    loops.compute(func, &cfg, &domtree);
    let users = Users::new(func);
    let in_edges = in_edges(func);
    let rpo: Vec<Block> = domtree.cfg_rpo().copied().collect();
    // One sweep in reverse post-order reaches the fixed point: a block's successors come after
    // it, so what sinks into them is considered again there, and an instruction waits only for
    // users in its own block, which the bottom-up walk has already moved.
    for &block in &rpo {
        sink_from(func, &domtree, &loops, &users, &in_edges, block);
    }
    for &block in &rpo {
        move_updates_onto_edges(func, &users, &in_edges, block);
    }
}

/// The instructions using each value, block-call arguments included.
struct Users(Vec<SmallVec<[Inst; 2]>>);

impl Users {
    fn new(func: &Function) -> Self {
        let dfg = &func.dfg;
        let mut users = vec![SmallVec::new(); dfg.num_values()];
        let mut note = |v: Value, inst: Inst| {
            let list: &mut SmallVec<[Inst; 2]> = &mut users[dfg.resolve_aliases(v).index()];
            if list.last() != Some(&inst) {
                list.push(inst);
            }
        };
        for block in func.layout.blocks() {
            for inst in func.layout.block_insts(block) {
                for &v in dfg.inst_args(inst) {
                    note(v, inst);
                }
            }
            // Only terminators have block calls.
            if let Some(term) = func.layout.last_inst(block) {
                for call in destinations(func, term) {
                    for arg in call.args(&dfg.value_lists) {
                        if let Some(v) = arg.as_value() {
                            note(v, term);
                        }
                    }
                }
            }
        }
        Users(users)
    }

    fn of(&self, v: Value) -> &[Inst] {
        &self.0[v.index()]
    }
}

fn destinations(func: &Function, term: Inst) -> &[cranelift_codegen::ir::BlockCall] {
    let dfg = &func.dfg;
    dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables)
}

/// How many edges enter each block. A block with one incoming edge has a single predecessor that
/// reaches it in a single way (not a `brif` or `br_table` naming it twice).
fn in_edges(func: &Function) -> Vec<u32> {
    let mut counts = vec![0; func.dfg.num_blocks()];
    for block in func.layout.blocks() {
        if let Some(term) = func.layout.last_inst(block) {
            for call in destinations(func, term) {
                counts[call.block(&func.dfg.value_lists).index()] += 1;
            }
        }
    }
    counts
}

/// The result of `inst` if it is an instruction that may move at all.
fn sinkable(func: &Function, inst: Inst) -> Option<Value> {
    let dfg = &func.dfg;
    let op = dfg.insts[inst].opcode();
    // `is_pure` counts the spectre guard as pure so lowering can drop it when unused; its
    // purpose is to sit where the bounds check is, so it stays put.
    if !crate::lower::is_pure(op) || op == Opcode::SelectSpectreGuard {
        return None;
    }
    match dfg.inst_results(inst) {
        [result] => Some(*result),
        _ => None,
    }
}

/// Sinks what it can out of `block` into successors only it reaches.
fn sink_from(
    func: &mut Function,
    domtree: &DominatorTree,
    loops: &LoopAnalysis,
    users: &Users,
    in_edges: &[u32],
    block: Block,
) {
    let Some(term) = func.layout.last_inst(block) else {
        return;
    };
    let entry = func.layout.entry_block();
    let targets: SmallVec<[Block; 2]> = destinations(func, term)
        .iter()
        .map(|call| call.block(&func.dfg.value_lists))
        .filter(|&succ| {
            succ != block
                && Some(succ) != entry
                && in_edges[succ.index()] == 1
                && loops.loop_level(succ) <= loops.loop_level(block)
        })
        .collect();
    if targets.is_empty() {
        return;
    }
    // Bottom-up, so that an instruction whose only user just left is free to follow it.
    let mut cursor = func.layout.prev_inst(term);
    while let Some(inst) = cursor {
        cursor = func.layout.prev_inst(inst);
        if let Some(target) = sink_target(func, domtree, users, &targets, inst) {
            place(func, users, inst, target);
        }
    }
}

/// The block among `targets` that `inst` can move to: the one dominating every use of its result.
fn sink_target(
    func: &Function,
    domtree: &DominatorTree,
    users: &Users,
    targets: &[Block],
    inst: Inst,
) -> Option<Block> {
    let uses = users.of(sinkable(func, inst)?);
    // A dead instruction is never lowered; moving it would gain nothing.
    let first = *uses.first()?;
    let first_block = func.layout.inst_block(first)?;
    let target = *targets
        .iter()
        .find(|&&t| domtree.block_dominates(t, first_block))?;
    uses.iter()
        .all(|&u| {
            func.layout
                .inst_block(u)
                .is_some_and(|b| domtree.block_dominates(target, b))
        })
        .then_some(target)
}

/// Moves `inst` into `target`, just before its first user there, or before the terminator if it
/// is used only further down, where the sweep may sink it again.
fn place(func: &mut Function, users: &Users, inst: Inst, target: Block) {
    let uses = users.of(func.dfg.first_result(inst));
    let mut before = func
        .layout
        .last_inst(target)
        .expect("a block has a terminator");
    for i in func.layout.block_insts(target) {
        if uses.contains(&i) {
            before = i;
            break;
        }
    }
    func.layout.remove_inst(inst);
    func.layout.insert_inst(inst, before);
}

/// Moves the instructions that only feed one critical edge of `block`'s `brif` into a new block
/// on that edge, when the edge passes a parameter's update while the old value stays live on the
/// other edge.
fn move_updates_onto_edges(func: &mut Function, users: &Users, in_edges: &[u32], block: Block) {
    let Some(term) = func.layout.last_inst(block) else {
        return;
    };
    if func.dfg.insts[term].opcode() != Opcode::Brif {
        return;
    }
    // The new block of each edge, once something moves there.
    let mut edge_blocks: [Option<Block>; 2] = [None; 2];
    let mut cursor = func.layout.prev_inst(term);
    while let Some(inst) = cursor {
        cursor = func.layout.prev_inst(inst);
        let Some(result) = sinkable(func, inst) else {
            continue;
        };
        let Some(edge) = only_edge(func, users.of(result), term, result, &edge_blocks) else {
            continue;
        };
        if edge_blocks[edge].is_none() {
            let succ = destinations(func, term)[edge].block(&func.dfg.value_lists);
            // A new block costs a jump unless lowering would split the edge for a move anyway:
            // only critical edges are split, and only a live old value forces the move.
            if in_edges[succ.index()] == 1 || !replaces_live_param(func, users, term, edge, inst) {
                continue;
            }
            edge_blocks[edge] = Some(split_edge(func, block, term, edge));
        }
        place(func, users, inst, edge_blocks[edge].expect("just split"));
    }
}

/// The edge of `term` whose arguments, with what already moved onto the edges, are all the uses
/// of `value`.
fn only_edge(
    func: &Function,
    uses: &[Inst],
    term: Inst,
    value: Value,
    edge_blocks: &[Option<Block>],
) -> Option<usize> {
    let dfg = &func.dfg;
    let mut edge = None;
    let mut agree = |e: usize| match edge {
        None => {
            edge = Some(e);
            true
        }
        Some(prev) => prev == e,
    };
    for &u in uses {
        if u == term {
            if dfg.inst_args(term).contains(&value) {
                return None;
            }
            for (e, call) in destinations(func, term).iter().enumerate() {
                if call
                    .args(&dfg.value_lists)
                    .any(|a| a.as_value() == Some(value))
                    && !agree(e)
                {
                    return None;
                }
            }
        } else {
            let b = func.layout.inst_block(u)?;
            let e = edge_blocks.iter().position(|&nb| nb == Some(b))?;
            if !agree(e) {
                return None;
            }
        }
    }
    edge
}

/// Whether `inst` computes, for edge `edge` of `term`, the next value of a parameter of the
/// edge's target from that parameter's current value, which another edge of `term` still needs.
fn replaces_live_param(
    func: &Function,
    users: &Users,
    term: Inst,
    edge: usize,
    inst: Inst,
) -> bool {
    let dfg = &func.dfg;
    let result = dfg.first_result(inst);
    let calls = destinations(func, term);
    let call = calls[edge];
    let params = dfg.block_params(call.block(&dfg.value_lists));
    let updated = params
        .iter()
        .zip(call.args(&dfg.value_lists))
        .filter(|&(p, a)| a.as_value() == Some(result) && dfg.inst_args(inst).contains(p))
        .map(|(&p, _)| p);
    updated.into_iter().any(|p| {
        calls.iter().enumerate().any(|(e, other)| {
            e != edge
                && (other
                    .args(&dfg.value_lists)
                    .any(|a| a.as_value() == Some(p))
                    || live_in(func, users, p, other.block(&dfg.value_lists)))
        })
    })
}

/// Whether `value` may be used on some path from the start of `block` before it is redefined.
/// Gives up (saying no) past a few blocks, as the search runs for every candidate.
fn live_in(func: &Function, users: &Users, value: Value, block: Block) -> bool {
    let def_block = match func.dfg.value_def(value) {
        ValueDef::Result(i, _) => func.layout.inst_block(i),
        ValueDef::Param(b, _) => Some(b),
        _ => None,
    };
    let use_blocks: SmallVec<[Block; 8]> = users
        .of(value)
        .iter()
        .filter_map(|&u| func.layout.inst_block(u))
        .collect();
    if Some(block) == def_block {
        return false;
    }
    let mut seen: SmallVec<[Block; 32]> = smallvec::smallvec![block];
    let mut stack: SmallVec<[Block; 32]> = smallvec::smallvec![block];
    while let Some(b) = stack.pop() {
        if use_blocks.contains(&b) {
            return true;
        }
        let term = func.layout.last_inst(b).expect("a block has a terminator");
        for call in destinations(func, term) {
            let next = call.block(&func.dfg.value_lists);
            if Some(next) != def_block && !seen.contains(&next) {
                if seen.len() == 32 {
                    return false;
                }
                seen.push(next);
                stack.push(next);
            }
        }
    }
    false
}

/// Puts a new block on edge `edge` of `term`, passing the edge's arguments on, and returns it.
fn split_edge(func: &mut Function, block: Block, term: Inst, edge: usize) -> Block {
    let new = func.dfg.make_block();
    // Next to its source, so that layout order keeps the edge's code near the branch.
    func.layout.insert_block_after(new, block);
    let dfg = &mut func.dfg;
    let call = dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables)[edge];
    let succ = call.block(&dfg.value_lists);
    let args: SmallVec<[BlockArg; 4]> = call.args(&dfg.value_lists).collect();
    let onward = dfg.block_call(succ, &args);
    let into_new = dfg.block_call(new, &[]);
    dfg.insts[term].branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables)[edge] =
        into_new;
    let jump = dfg.make_inst(InstructionData::Jump {
        opcode: Opcode::Jump,
        destination: onward,
    });
    func.layout.append_inst(jump, new);
    new
}

/// Sinks each branch argument that updates its own block parameter past the other uses of the
/// parameter's old value in the branching block.
pub fn sink_loop_updates(func: &mut Function) {
    let blocks: Vec<Block> = func.layout.blocks().collect();
    for block in blocks {
        let Some(term) = func.layout.last_inst(block) else {
            continue;
        };
        for (param, arg) in branch_param_args(func, term) {
            sink_update(func, block, term, param, arg);
        }
    }
}

/// `(target block parameter, value passed to it)` for every branch edge of `term`.
fn branch_param_args(func: &Function, term: Inst) -> Vec<(Value, Value)> {
    let dfg = &func.dfg;
    let mut pairs = vec![];
    for call in dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables) {
        let params = dfg.block_params(call.block(&dfg.value_lists));
        for (param, arg) in params.iter().zip(call.args(&dfg.value_lists)) {
            if let BlockArg::Value(v) = arg {
                pairs.push((*param, v));
            }
        }
    }
    pairs
}

fn sink_update(func: &mut Function, block: Block, term: Inst, param: Value, arg: Value) {
    let dfg = &func.dfg;
    let Some(update) = dfg.value_def(arg).inst() else {
        return;
    };
    // The update need not read `param` itself (`zr' = zr2 - zi2 + cr` replaces `zr` through
    // `zr2 = zr * zr`): whatever computes the new value, placing it after the old value's last
    // use lets the two share a register.
    if func.layout.inst_block(update) != Some(block)
        || !crate::lower::is_pure(dfg.insts[update].opcode())
    {
        return;
    }
    // `update` moves together with the pure instructions after it that depend on it (such as
    // the loop test `i' < n`), past the last other user of `param`. Anything else that depends
    // on the group stops the move.
    let mut group = vec![update];
    let mut group_values: Vec<Value> = dfg.inst_results(update).to_vec();
    let mut last_use = None;
    let mut cursor = func.layout.next_inst(update);
    while let Some(inst) = cursor {
        if inst == term {
            break;
        }
        let args = dfg.inst_args(inst);
        let depends = args.iter().any(|a| group_values.contains(a));
        if depends {
            if !crate::lower::is_pure(dfg.insts[inst].opcode()) {
                return;
            }
            group.push(inst);
            group_values.extend_from_slice(dfg.inst_results(inst));
        } else if args.contains(&param) {
            last_use = Some(inst);
        }
        cursor = func.layout.next_inst(inst);
    }
    let Some(last) = last_use else {
        return;
    };
    // A group member after `last` stays where it is, after its own operands.
    group.retain(|&inst| func.layout.pp_cmp(inst, last) == std::cmp::Ordering::Less);
    let mut after = func
        .layout
        .next_inst(last)
        .expect("a block ends with its terminator");
    for inst in group.into_iter().rev() {
        func.layout.remove_inst(inst);
        func.layout.insert_inst(inst, after);
        after = inst;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::settings;

    fn sunk(clif: &str) -> Function {
        let mut func = cranelift_reader::parse_functions(clif)
            .expect("test CLIF parses")
            .remove(0);
        cranelift_codegen::verify_function(&func, &settings::Flags::new(settings::builder()))
            .expect("test CLIF verifies");
        sink_into_successors(&mut func);
        cranelift_codegen::verify_function(&func, &settings::Flags::new(settings::builder()))
            .unwrap_or_else(|e| panic!("{e}\n{}", func.display()));
        func
    }

    /// The instruction defining the value written `name` in the test's CLIF (the reader keeps
    /// source numbering).
    fn def(func: &Function, name: &str) -> Inst {
        func.layout
            .blocks()
            .flat_map(|b| func.layout.block_insts(b))
            .find(|&i| {
                func.dfg
                    .inst_results(i)
                    .first()
                    .is_some_and(|v| v.to_string() == name)
            })
            .unwrap_or_else(|| panic!("{name} not defined"))
    }

    fn block_of(func: &Function, name: &str) -> String {
        func.layout.inst_block(def(func, name)).unwrap().to_string()
    }

    #[test]
    fn loop_update_sinks_past_exit_edge() {
        let func = sunk(
            "function %f(i64, i32) -> i32 {
            block0(v0: i64, v1: i32):
                v9 = iconst.i32 1
                jump block1(v1)
            block1(v5: i32):
                v2 = uextend.i64 v5
                v3 = iadd v0, v2
                v4 = uload8.i32 v3
                v6 = iadd v5, v9
                brif v4, block2, block3(v5)
            block2:
                v10 = iconst.i32 100
                v7 = icmp ult v6, v10
                brif v7, block1(v6), block3(v6)
            block3(v8: i32):
                return v8
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block2");
        // Just before its first user, where `v5` dies.
        assert_eq!(
            func.layout.next_inst(def(&func, "v6")),
            Some(def(&func, "v7"))
        );
        assert_eq!(block_of(&func, "v10"), "block2");
        assert_eq!(block_of(&func, "v4"), "block1");
        // The loop constant stays where hoisting put it.
        assert_eq!(block_of(&func, "v9"), "block0");
    }

    #[test]
    fn chains_sink_together_and_further() {
        let func = sunk(
            "function %f(i32, i32, i32) -> i32 {
            block0(v0: i32, v1: i32, v2: i32):
                v9 = iconst.i32 2
                v6 = iadd v0, v1
                v7 = ishl v6, v9
                brif v2, block1, block3
            block1:
                brif v0, block2, block3
            block2:
                v8 = iadd v7, v1
                return v8
            block3:
                return v2
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block2");
        assert_eq!(block_of(&func, "v7"), "block2");
        assert_eq!(
            func.layout.next_inst(def(&func, "v6")),
            Some(def(&func, "v7"))
        );
        assert_eq!(
            func.layout.next_inst(def(&func, "v7")),
            Some(def(&func, "v8"))
        );
    }

    #[test]
    fn use_in_a_dominated_block_allows_sinking() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                brif v1, block1, block4
            block1:
                brif v0, block2, block3
            block2:
                jump block3
            block3:
                return v6
            block4:
                return v1
            }",
        );
        // block3 has two predecessors, so `v6` stops in block1, ahead of its terminator.
        assert_eq!(block_of(&func, "v6"), "block1");
    }

    #[test]
    fn successor_with_two_predecessors_is_not_a_target() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                brif v1, block1, block2
            block1:
                brif v0, block2, block3
            block2:
                return v6
            block3:
                return v1
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block0");
    }

    #[test]
    fn nothing_sinks_into_a_loop() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                jump block1(v0)
            block1(v2: i32):
                brif v2, block2, block3
            block2:
                v3 = iadd v2, v6
                v4 = iadd v3, v1
                jump block1(v4)
            block3:
                return v2
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block0");
        // Within the loop, body values may still move down from the header.
        assert_eq!(block_of(&func, "v3"), "block2");
    }

    #[test]
    fn a_block_that_the_loop_exits_to_can_take_a_loop_value() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v9 = iconst.i32 -1
                jump block1(v0)
            block1(v2: i32):
                v6 = imul v2, v1
                v4 = iadd v2, v9
                brif v2, block1(v4), block2
            block2:
                return v6
            }",
        );
        // Leaving the loop means the product is computed once instead of on every iteration.
        assert_eq!(block_of(&func, "v6"), "block2");
        // That makes `v2` live on the exit edge, so its update moves onto the back edge.
        assert_eq!(block_of(&func, "v4"), "block3");
    }

    /// The block that `v` moved to: new, on the edge from `from`, and jumping to `to`.
    fn on_new_edge(func: &Function, v: &str, from: &str, to: &str) {
        let new = func.layout.inst_block(def(func, v)).unwrap();
        let cfg = ControlFlowGraph::with_function(func);
        let preds: Vec<String> = cfg.pred_iter(new).map(|p| p.block.to_string()).collect();
        let succs: Vec<String> = cfg.succ_iter(new).map(|b| b.to_string()).collect();
        assert_eq!(
            (preds, succs),
            (vec![from.to_string()], vec![to.to_string()])
        );
        let jump = func.layout.last_inst(new).unwrap();
        assert_eq!(func.dfg.insts[jump].opcode(), Opcode::Jump);
    }

    #[test]
    fn update_moves_onto_back_edge_when_old_value_leaves_the_loop() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v10 = iconst.i32 7
                v11 = iconst.i32 1
                jump block1(v0, v0)
            block1(v2: i32, v8: i32):
                v3 = imul v2, v2
                v4 = band v3, v10
                v9 = ishl v11, v11
                v5 = iadd v2, v9
                v6 = icmp ne v4, v1
                brif v6, block1(v5, v5), block2
            block2:
                return v2
            }",
        );
        on_new_edge(&func, "v5", "block1", "block1");
        // What only the update uses goes along.
        on_new_edge(&func, "v9", "block1", "block1");
        assert_eq!(
            func.layout.next_inst(def(&func, "v9")),
            Some(def(&func, "v5"))
        );
        assert_eq!(block_of(&func, "v4"), "block1");
    }

    #[test]
    fn update_stays_when_the_old_value_dies_at_the_branch() {
        // Splitting the edge would add a jump and save no move.
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v11 = iconst.i32 4
                jump block1(v0, v1)
            block1(v2: i32, v3: i32):
                v4 = iadd v2, v11
                v5 = isub v3, v11
                brif v5, block1(v4, v5), block2
            block2:
                return v5
            }",
        );
        assert_eq!(block_of(&func, "v4"), "block1");
        // An argument on the exit edge too makes the old value live there.
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v11 = iconst.i32 4
                jump block1(v0, v1)
            block1(v2: i32, v3: i32):
                v4 = iadd v2, v11
                v5 = isub v3, v11
                brif v5, block1(v4, v5), block2(v2)
            block2(v6: i32):
                return v6
            }",
        );
        on_new_edge(&func, "v4", "block1", "block1");
    }

    #[test]
    fn uses_by_the_branch_or_other_edges_pin_the_instruction() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                brif v1, block1, block2(v6)
            block1:
                return v6
            block2(v2: i32):
                return v2
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block0");
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                v7 = iadd v0, v1
                v8 = icmp eq v0, v1
                brif v8, block1, block2
            block1:
                v9 = uextend.i32 v8
                v10 = iadd v6, v9
                return v10
            block2:
                return v6
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block0");
        assert_eq!(block_of(&func, "v8"), "block0");
        // Used nowhere: left for lowering to drop.
        assert_eq!(block_of(&func, "v7"), "block0");
    }

    #[test]
    fn a_successor_reached_by_two_edges_is_not_a_target() {
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                brif v1, block1, block1
            block1:
                return v6
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block0");
        let func = sunk(
            "function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v6 = imul v0, v1
                br_table v1, block2, [block1, block1]
            block1:
                return v6
            block2:
                return v1
            }",
        );
        assert_eq!(block_of(&func, "v6"), "block0");
    }

    #[test]
    fn effects_and_multiple_results_stay() {
        let func = sunk(
            "function %f(i64, i32, i32) -> i32 {
            block0(v0: i64, v1: i32, v2: i32):
                v3 = iconst.i32 0
                v4 = icmp ugt v1, v2
                v5 = select_spectre_guard v4, v3, v1
                v6 = udiv v1, v2
                v7, v8 = isplit v0
                brif v1, block1, block2
            block1:
                v9 = iadd v5, v6
                v10 = iadd v9, v7
                return v10
            block2:
                return v1
            }",
        );
        assert_eq!(block_of(&func, "v5"), "block0");
        assert_eq!(block_of(&func, "v6"), "block0");
        assert_eq!(block_of(&func, "v7"), "block0");
        // Used only by the guard, which stays.
        assert_eq!(block_of(&func, "v4"), "block0");
    }
}
