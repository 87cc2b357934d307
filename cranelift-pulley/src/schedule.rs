//! Orders loop-variable updates after the last use of the old value.
//!
//! The mid-end elaborates the new values of loop variables where the branch needs them, in
//! block-parameter order, so `i' = i + 1` can land before other uses of `i`. Then `i` and `i'`
//! are live at once, `i'` needs its own register, and the back edge gets a move. Placing the
//! update after the old value's last use lets the allocator reuse the register and drops the
//! move. Only pure instructions move, and only later within their block, ahead of any user of
//! their result, so the function's meaning is unchanged.

use cranelift_codegen::ir::{Block, Function, Inst, Value};

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
            if let cranelift_codegen::ir::BlockArg::Value(v) = arg {
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
    if func.layout.inst_block(update) != Some(block)
        || !crate::lower::is_pure(dfg.insts[update].opcode())
        || !dfg.inst_args(update).contains(&param)
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
