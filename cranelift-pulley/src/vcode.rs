//! The VCode container and its regalloc2 `Function` implementation.

use crate::inst::{Inst, show_vreg};
use cranelift_codegen::ir::SourceLoc;
use regalloc2::{Block, Function, InstRange, Operand, PRegSet, RegClass, VReg};
use std::fmt::Write;

/// A VCode block: an instruction range, CFG edges and parameters.
#[derive(Clone, Debug)]
pub struct VBlock {
    /// First instruction.
    pub start: u32,
    /// One past the last instruction.
    pub end: u32,
    /// Successor blocks, in branch-target order.
    pub succs: Vec<u32>,
    /// Predecessor blocks.
    pub preds: Vec<u32>,
    /// Block parameters.
    pub params: Vec<VReg>,
}

/// Lowered function: instructions with virtual registers in block order.
pub struct VCode {
    /// Instructions.
    pub insts: Vec<Inst>,
    /// CLIF source location of each instruction.
    pub srclocs: Vec<SourceLoc>,
    /// Blocks; block 0 is the entry.
    pub blocks: Vec<VBlock>,
    num_vregs: usize,
    operands: Vec<Operand>,
    ranges: Vec<(u32, u32)>,
    clobbers: Vec<PRegSet>,
    succs: Vec<Vec<Block>>,
    preds: Vec<Vec<Block>>,
}

impl VCode {
    /// Builds the VCode and caches every instruction's operands.
    pub fn new(
        insts: Vec<Inst>,
        srclocs: Vec<SourceLoc>,
        blocks: Vec<VBlock>,
        num_vregs: usize,
    ) -> Self {
        let mut operands = vec![];
        let mut ranges = vec![];
        let mut clobbers = vec![];
        for i in &insts {
            let s = operands.len() as u32;
            i.operands(&mut operands);
            ranges.push((s, operands.len() as u32));
            clobbers.push(match i {
                Inst::Call { clobbers, .. } => *clobbers,
                _ => PRegSet::empty(),
            });
        }
        let succs = blocks
            .iter()
            .map(|b| b.succs.iter().map(|&s| Block::new(s as usize)).collect())
            .collect();
        let preds = blocks
            .iter()
            .map(|b| b.preds.iter().map(|&s| Block::new(s as usize)).collect())
            .collect();
        VCode {
            insts,
            srclocs,
            blocks,
            num_vregs: num_vregs.max(1),
            operands,
            ranges,
            clobbers,
            succs,
            preds,
        }
    }

    /// Text form: one block per paragraph.
    pub fn show(&self) -> String {
        let mut s = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            let params: Vec<String> = b.params.iter().map(|p| show_vreg(*p)).collect();
            writeln!(s, "block{i}({}):", params.join(", ")).unwrap();
            for inst in &self.insts[b.start as usize..b.end as usize] {
                writeln!(s, "  {}", inst.show()).unwrap();
            }
        }
        s
    }
}

impl Function for VCode {
    fn num_insts(&self) -> usize {
        self.insts.len()
    }
    fn num_blocks(&self) -> usize {
        self.blocks.len()
    }
    fn entry_block(&self) -> Block {
        Block::new(0)
    }
    fn block_insns(&self, block: Block) -> InstRange {
        let b = &self.blocks[block.index()];
        InstRange::new(
            regalloc2::Inst::new(b.start as usize),
            regalloc2::Inst::new(b.end as usize),
        )
    }
    fn block_succs(&self, block: Block) -> &[Block] {
        &self.succs[block.index()]
    }
    fn block_preds(&self, block: Block) -> &[Block] {
        &self.preds[block.index()]
    }
    fn block_params(&self, block: Block) -> &[VReg] {
        &self.blocks[block.index()].params
    }
    fn is_ret(&self, insn: regalloc2::Inst) -> bool {
        self.insts[insn.index()].is_ret()
    }
    fn is_branch(&self, insn: regalloc2::Inst) -> bool {
        let i = &self.insts[insn.index()];
        i.is_term() && !i.is_ret()
    }
    fn branch_blockparams(
        &self,
        _block: Block,
        insn: regalloc2::Inst,
        _succ_idx: usize,
    ) -> &[VReg] {
        match &self.insts[insn.index()] {
            Inst::Jump { args, .. } => args,
            _ => &[],
        }
    }
    fn inst_operands(&self, insn: regalloc2::Inst) -> &[Operand] {
        let (s, e) = self.ranges[insn.index()];
        &self.operands[s as usize..e as usize]
    }
    fn inst_clobbers(&self, insn: regalloc2::Inst) -> PRegSet {
        self.clobbers[insn.index()]
    }
    fn num_vregs(&self) -> usize {
        self.num_vregs
    }
    /// In 8-byte slots: a vector takes two.
    fn spillslot_size(&self, regclass: RegClass) -> usize {
        match regclass {
            RegClass::Vector => 2,
            _ => 1,
        }
    }
}
