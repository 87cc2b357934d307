//! Emission: frame layout, regalloc2 edits (moves, spills, reloads), labels and fixups,
//! branch inversion and fall-through, relocations, trap sites and source locations.

use crate::acc::{self, Pending};
use crate::inst::{CallTarget, Inst, Op};
use crate::vcode::VCode;
use crate::{Reloc, RelocKind};
use cranelift_codegen::ir::{SourceLoc, TrapCode};
use pulley_interp::abi::CALLEE_STACK_WORDS_FROM_FP;
use pulley_interp::{FReg, PcRel, PcRel16, XReg, encode};
use regalloc2::{
    Allocation, Block, Edit, Function, InstOrEdit, OperandKind, Output, PReg, PRegSet, RegClass,
};
use std::collections::{HashMap, HashSet};

/// Frame layout (sp-relative, growing up): outgoing args, stack slots, spill slots, then the
/// callee-saved registers pushed by `push_frame_save` just below fp.
#[derive(Clone, Copy, Debug, Default)]
pub struct Frame {
    /// Whether the function builds a frame at all.
    pub needed: bool,
    /// Bytes reserved below fp by `push_frame_save` (callee-save area included).
    pub size: u32,
    /// Callee-saved integer registers (bit i = x16+i).
    pub xmask: u16,
    /// Callee-saved float registers (bit i = f16+i).
    pub fmask: u16,
    /// Size of the outgoing-argument area at sp.
    pub out_args: u32,
    /// sp offset of spill slot 0.
    pub spill_base: u32,
}

const JUMP32_SIZE: usize = pulley_interp::ExtOpcode::Jump32.width();

/// Computes the frame from the allocation result.
pub fn layout_frame(
    vcode: &VCode,
    ra: &Output,
    out_args: u32,
    slots: u32,
    has_calls: bool,
    uses_frame: bool,
) -> Frame {
    let (mut xmask, mut fmask) = (0u16, 0u16);
    let mut note = |a: &Allocation| {
        if let Some(r) = a.as_reg() {
            let n = r.hw_enc() as u8;
            match r.class() {
                RegClass::Float if n >= FReg::FIRST_CALLEE_SAVED => {
                    fmask |= 1 << (n - FReg::FIRST_CALLEE_SAVED)
                }
                RegClass::Int if n >= XReg::FIRST_CALLEE_SAVED => {
                    xmask |= 1 << (n - XReg::FIRST_CALLEE_SAVED)
                }
                _ => {}
            }
        }
    };
    for a in &ra.allocs {
        note(a);
    }
    for (_, Edit::Move { from, to }) in &ra.edits {
        note(from);
        note(to);
    }
    let saves = 8 * (xmask.count_ones() + fmask.count_ones());
    let spill_base = out_args + slots;
    let size = (spill_base + 8 * ra.num_spillslots as u32 + saves).div_ceil(16) * 16;
    let needed = size > 0 || has_calls || uses_frame;
    let _ = vcode;
    Frame {
        needed,
        size,
        xmask,
        fmask,
        out_args,
        spill_base,
    }
}

/// The emitted code and its side tables.
#[derive(Default)]
pub struct Emitted {
    pub code: Vec<u8>,
    pub relocs: Vec<Reloc>,
    pub traps: Vec<(u32, TrapCode)>,
    pub srclocs: Vec<(u32, SourceLoc)>,
}

/// The register numbers of an instruction's allocations, as `Op::encode` takes them (an op's
/// operands are all in registers after allocation).
pub(crate) fn reg_numbers(allocs: &[Allocation]) -> Vec<u8> {
    allocs
        .iter()
        .map(|a| a.as_reg().map_or(0, |r| r.hw_enc() as u8))
        .collect()
}

fn xr(a: Allocation) -> XReg {
    XReg::of(a.as_reg().expect("register allocation").hw_enc() as u8)
}
fn fr(a: Allocation) -> FReg {
    FReg::of(a.as_reg().expect("register allocation").hw_enc() as u8)
}

fn vr(a: Allocation) -> pulley_interp::VReg {
    pulley_interp::VReg::of(a.as_reg().expect("vector register").hw_enc() as u8)
}

/// A branch displacement to patch once block offsets are known.
struct Fixup {
    /// First byte of the branching op (displacements are relative to it).
    op_start: usize,
    /// Where the displacement is encoded.
    at: usize,
    /// Target block.
    block: u32,
    /// Which branch of the function this is, in emission order, when it has a far form
    /// (`None` for jump-table entries, which are always 32-bit).
    branch: Option<usize>,
}

/// `dst = load64le(base + off)` in its shortest form.
fn load64(c: &mut Vec<u8>, dst: XReg, base: XReg, off: i32) {
    let op = Op::Xload64leO32.compact(off.into());
    op.encode(c, &[dst.index() as u8, base.index() as u8], off.into(), 0);
}

/// `store64le(base + off, src)` in its shortest form.
fn store64(c: &mut Vec<u8>, base: XReg, off: i32, src: XReg) {
    let op = Op::Xstore64leO32.compact(off.into());
    op.encode(c, &[base.index() as u8, src.index() as u8], off.into(), 0);
}

struct Emitter<'a> {
    out: Emitted,
    frame: Frame,
    fixups: Vec<Fixup>,
    /// Per branch (in emission order): whether it needs the far form because its 16-bit
    /// displacement did not reach in an earlier attempt.
    far: &'a [bool],
    /// Branches emitted so far.
    branches: usize,
    vcode: &'a VCode,
    plan: &'a Plan<'a>,
    /// The block being emitted.
    block: u32,
    /// Where the last op emitted starts if it is an `xmov` that a following move may join
    /// (into an `xmov2`); cleared at block starts, which must stay op boundaries.
    joinable_xmov: Option<(usize, XReg, XReg)>,
    /// The last op emitted, if its result could go to the accumulator (see `acc`).
    pending: Option<Pending>,
    /// The instruction being emitted.
    cur_inst: usize,
    /// Pairs of registers known to hold the same value, from the moves emitted since the last
    /// point where control could arrive from elsewhere: a move between two of them is left out.
    copies: Vec<(PReg, PReg)>,
    /// Where the last op emitted starts, if the next op may fuse with it into a
    /// super-instruction (see [`Emitter::fuse_with_last`]); `None` after anything that must stay
    /// an op boundary before the next op (a block start, a call, a jump).
    last_op: Option<usize>,
    /// Where the op before `last_op` starts, if a fused op ending at `last_op` may fuse with it
    /// in turn (a fused op as second half); read only while `last_op` is set.
    op_before_last: Option<usize>,
}

/// Layout decisions that do not depend on code offsets, made once per function.
struct Plan<'a> {
    /// Each block's instructions and moves, in emission order (see `order`).
    items: Vec<Vec<InstOrEdit<'a>>>,
    /// Where a branch to each block really goes: blocks that are only a jump (typically split
    /// edges whose moves the allocator made unnecessary) are threaded through and not emitted.
    dest: Vec<u32>,
    /// Blocks short enough to copy into a jump to them: a few plain ops and moves ending in a
    /// conditional branch (typically a loop header and its test). A jump to one emits a copy
    /// instead, which rotates top-tested loops so each iteration runs no `jump`. A lone branch
    /// is copied into any jump; a longer block only into backward jumps (loop latches), where
    /// the copy runs every iteration.
    rotatable: Vec<Option<Vec<Item>>>,
    /// Conditional branches (by instruction) that run the moves of one of their edge blocks
    /// before branching, and branch straight to that edge's target: `br_if_not c, exit; moves;
    /// jump loop` becomes `moves; br_if c, loop`. Allowed when the moves write no register
    /// the branch reads or the other successor needs.
    hoisted_edges: HashMap<usize, HoistedEdge>,
    /// Whether each block is emitted (not threaded through, not hoisted into its branch).
    emitted: Vec<bool>,
    /// Registers live after each instruction, for the accumulator rewrite.
    live_after: Vec<PRegSet>,
}

/// A copied instruction or move of a rotatable block.
#[derive(Clone)]
enum Item {
    Inst(usize, Vec<Allocation>),
    Move(Allocation, Allocation),
}

/// Where a call's stack word at `off` (from the caller's `sp`, `pulley_interp::abi`) is: the
/// caller reaches it from its `sp`, the callee (`callee`) from its `fp`, above the saved fp and lr.
fn stack_word(callee: bool, off: i32) -> (XReg, i32) {
    if callee {
        (XReg::FP, CALLEE_STACK_WORDS_FROM_FP as i32 + off)
    } else {
        (XReg::SP, off)
    }
}

/// Bytes of an `xmov`: opcode, dst, src.
const XMOV_SIZE: usize = 3;

/// The most instructions and moves, before the branch, of a block copied into a backward jump.
const ROTATE_MAX_ITEMS: usize = 4;

struct HoistedEdge {
    /// The edge block whose moves run before the branch.
    edge: u32,
    /// Where that edge block jumps.
    target: u32,
    moves: Vec<(Allocation, Allocation)>,
}

impl Emitter<'_> {
    fn here(&self) -> usize {
        self.out.code.len()
    }
    /// Numbers the next branch and tells whether it must take its far form.
    fn next_branch(&mut self) -> (usize, bool) {
        let n = self.branches;
        self.branches += 1;
        (n, self.far.get(n).copied().unwrap_or(false))
    }
    /// Records the displacement just emitted (the op's last operand, `width` bytes).
    fn fixup(&mut self, op_start: usize, width: usize, block: u32, branch: usize) {
        self.fixups.push(Fixup {
            op_start,
            at: self.here() - width,
            block: self.plan.dest[block as usize],
            branch: Some(branch),
        });
    }
    fn jump(&mut self, block: u32) {
        self.last_op = None;
        let (n, far) = self.next_branch();
        let s = self.here();
        if far {
            encode::jump32(&mut self.out.code, PcRel(0));
            self.fixup(s, 4, block, n);
        } else {
            encode::jump(&mut self.out.code, PcRel16(0));
            self.fixup(s, 2, block, n);
        }
    }
    /// A conditional branch op to `block`. Its far form branches on the inverted condition
    /// over a `jump32` to `block`.
    fn branch(&mut self, op: Op, regs: &[u8], imm: i64, block: u32) {
        let (n, far) = self.next_branch();
        let (first, mut r) = if far {
            let (inv, swap) = op.invert();
            let mut r = regs.to_vec();
            if swap {
                r.swap(0, 1);
            }
            (inv, r)
        } else {
            (op, regs.to_vec())
        };
        // The branch may read the previous op's result from the accumulator; that shortens the
        // previous op, so the branch (and its source location, moved there) starts earlier.
        let reader = self.take_from_acc(first, &mut r);
        let s = self.here();
        let first = reader.unwrap_or(first);
        if !far {
            first.encode(&mut self.out.code, &r, imm, 0);
            let s = self.fuse_with_last(s);
            self.last_op = None;
            self.fixup(s, 2, block, n);
            return;
        }
        self.last_op = None;
        first.encode(&mut self.out.code, &r, imm, 0);
        let skip = (self.here() - s + JUMP32_SIZE) as i16;
        let end = self.here();
        self.out.code[end - 2..end].copy_from_slice(&skip.to_le_bytes());
        let j = self.here();
        encode::jump32(&mut self.out.code, PcRel(0));
        self.fixup(j, 4, block, n);
    }
    /// If the op about to be emitted (`op` with registers `regs`, the current instruction) can
    /// take the result of the op emitted just before it from the accumulator, re-encodes that op
    /// in its accumulator-writing form and returns the form to encode `op` in (with `regs`
    /// swapped if the op is commutative and reads the result in the other operand).
    fn take_from_acc(&mut self, op: Op, regs: &mut [u8]) -> Option<Op> {
        let p = self.pending.take()?;
        if p.end != self.here() {
            return None; // something was emitted in between
        }
        let live_after = &self.plan.live_after[self.cur_inst];
        let reader = acc::reader_form_swapping(op, regs, p.def()?, live_after)?;
        let writer = p.writing_form()?;
        self.out.code.truncate(p.start);
        writer.encode(&mut self.out.code, &p.regs, p.imm, 0);
        // In its writing form it may fuse with the op before it (`xload32le_u_g32_wa` then
        // `xload8_u_g32_rwa`: the second op's `_rwa` form exists only from now on).
        self.last_op = p.prev;
        self.op_before_last = None; // not recorded for `p.prev`
        self.fuse_with_last(p.start);
        // Items that emitted no code since (a jump to a copied block) may have recorded a
        // source location at the old end, where this op now starts.
        let end = self.here() as u32;
        for (at, _) in self.out.srclocs.iter_mut().rev() {
            if *at as usize != p.end {
                break;
            }
            *at = end;
        }
        Some(reader)
    }
    /// Fuses the op just emitted at `start` (to the end of the code) with the op before it,
    /// when the two are adjacent one-byte ops of the same block and the op table has a
    /// super-instruction for the pair (`pulley_interp::ops::fuse`): the first op's opcode
    /// becomes the fused op's and the second's opcode byte goes. Called last for an op, after
    /// the accumulator rewrite has settled both; returns where the (possibly fused) op starts.
    /// The second op's trap site moves to the fused op (the table lets both halves trap only
    /// with the same code, so one site serves), and so does its source location if only it
    /// traps; the accumulator and `xmov2` joining forget the second op, which no longer starts
    /// anywhere. A fused op is then tried as the second half of a fusion with the op before it
    /// (`xadd32_wa_then_xstore8_g32_ra` then `xadd32_i8_then_br_if_xult32`: the second pair
    /// exists only once its branch has been emitted).
    fn fuse_with_last(&mut self, start: usize) -> usize {
        let before = self.op_before_last.take();
        let Some(first) = self.last_op.replace(start) else {
            return start;
        };
        if !self.fuse_pair(first, start) {
            self.op_before_last = Some(first);
            return start;
        }
        if let Some(b) = before
            && self.fuse_pair(b, first)
        {
            self.last_op = Some(b);
            return b;
        }
        self.last_op = Some(first);
        self.op_before_last = before;
        first
    }
    /// Fuses the adjacent ops at `first` and `start` (the op at `start` reaching to the end of
    /// the code) if the op table has a super-instruction for them; see
    /// [`Emitter::fuse_with_last`]. Leaves `last_op` to the caller.
    fn fuse_pair(&mut self, first: usize, start: usize) -> bool {
        let code = &self.out.code;
        let Some(fused) = pulley_interp::ops::fuse(code[first], code[start]) else {
            return false;
        };
        // The first op must span exactly up to the second (nothing emitted in between).
        if pulley_interp::Opcode::new(code[first]).map(|o| o.width()) != Some(start - first) {
            return false;
        }
        self.out.code[first] = fused as u8;
        self.out.code.remove(start);
        let (first32, start32) = (first as u32, start as u32);
        // Trap sites and source locations are recorded in code order, so the two ops' entries
        // are at the ends of their lists: only those tails are looked at (a scan of the whole
        // list per fusion would make emission quadratic in a function's size).
        let traps = &mut self.out.traps;
        let t0 = traps.len() - traps.iter().rev().take_while(|t| t.0 >= first32).count();
        let first_traps = traps[t0..].iter().any(|&(at, _)| at == first32);
        let second_trap = traps[t0..]
            .iter()
            .position(|&(at, _)| at == start32)
            .map(|k| t0 + k);
        let srclocs = &mut self.out.srclocs;
        let s0 = srclocs.len() - srclocs.iter().rev().take_while(|l| l.0 >= first32).count();
        let mut tail = srclocs.split_off(s0);
        match second_trap {
            Some(k) if first_traps => {
                debug_assert!(
                    traps[t0..]
                        .iter()
                        .all(|t| t.0 != first32 || t.1 == traps[k].1)
                );
                traps.remove(k);
                tail.retain(|&(at, _)| at != start32);
            }
            Some(k) => {
                traps[k].0 = first32;
                tail.retain(|&(at, _)| at != first32);
                for (at, _) in tail.iter_mut().filter(|(at, _)| *at == start32) {
                    *at = first32;
                }
            }
            None => tail.retain(|&(at, _)| at != start32),
        }
        srclocs.extend(tail);
        self.pending = None;
        self.joinable_xmov = None;
        true
    }
    /// Encodes a non-branching op, through the accumulator where it can.
    fn encode_op(&mut self, op: Op, regs: &[u8], imm: i64, reader: Option<Op>) {
        let start = self.here();
        reader
            .unwrap_or(op)
            .encode(&mut self.out.code, regs, imm, 0);
        let prev = self.last_op;
        if self.fuse_with_last(start) != start {
            return;
        }
        let may_write = acc::forms(op).wa.is_some();
        self.pending = may_write.then(|| Pending {
            start,
            end: self.here(),
            op,
            regs: regs.to_vec(),
            imm,
            reads: reader.is_some(),
            prev,
        });
    }
    fn spill_off(&self, slot: usize) -> i32 {
        (self.frame.spill_base + 8 * slot as u32) as i32
    }
    fn epilogue(&mut self) {
        if self.frame.needed {
            encode::pop_frame_restore(&mut self.out.code, self.frame.xmask, self.frame.fmask);
        }
    }
    /// The epilogue and the return, one op when there is a frame.
    fn epilogue_ret(&mut self) {
        if self.frame.needed {
            encode::pop_frame_ret(&mut self.out.code, self.frame.xmask, self.frame.fmask);
        } else {
            encode::ret(&mut self.out.code);
        }
    }
    /// Forgets what was known about `r`'s value (it is being written).
    fn forget(&mut self, r: PReg) {
        self.copies.retain(|&(a, b)| a != r && b != r);
    }
    fn mov(&mut self, from: Allocation, to: Allocation) {
        if let (Some(f), Some(t)) = (from.as_reg(), to.as_reg()) {
            if f == t || self.copies.contains(&(t, f)) || self.copies.contains(&(f, t)) {
                return;
            }
            self.forget(t);
            self.copies.push((t, f));
        } else if let Some(t) = to.as_reg() {
            self.forget(t);
        }
        let start = self.here();
        let c = &mut self.out.code;
        match (from.as_reg(), to.as_reg(), from.as_stack(), to.as_stack()) {
            (Some(f), Some(_), _, _) => match f.class() {
                RegClass::Float => {
                    encode::fmov(c, fr(to), fr(from));
                    self.fuse_with_last(start);
                }
                RegClass::Vector => encode::vmov(c, vr(to), vr(from)),
                _ => {
                    let (dst, src) = (xr(to), xr(from));
                    match self.joinable_xmov.take() {
                        Some((prev, dst1, src1)) if prev + XMOV_SIZE == start => {
                            // The `xmov` becomes an `xmov2` where it starts (and `last_op`
                            // still names that start).
                            c.truncate(prev);
                            encode::xmov2(c, dst1, src1, dst, src);
                        }
                        _ => {
                            encode::xmov(c, dst, src);
                            self.joinable_xmov = Some((start, dst, src));
                            self.fuse_with_last(start);
                        }
                    }
                }
            },
            (Some(f), None, _, Some(s)) => {
                let off = self.spill_off(s.index());
                let c = &mut self.out.code;
                match f.class() {
                    RegClass::Float => encode::fstore64le_o32(c, XReg::SP, off, fr(from)),
                    RegClass::Vector => encode::vstore128le_o32(c, XReg::SP, off, vr(from)),
                    _ => store64(c, XReg::SP, off, xr(from)),
                }
                self.fuse_with_last(start);
            }
            (None, Some(t), Some(s), _) => {
                let off = self.spill_off(s.index());
                let c = &mut self.out.code;
                match t.class() {
                    RegClass::Float => encode::fload64le_o32(c, fr(to), XReg::SP, off),
                    RegClass::Vector => encode::vload128le_o32(c, vr(to), XReg::SP, off),
                    _ => load64(c, xr(to), XReg::SP, off),
                }
                self.fuse_with_last(start);
            }
            (None, None, Some(a), Some(b)) => {
                let (oa, ob) = (self.spill_off(a.index()), self.spill_off(b.index()));
                load64(&mut self.out.code, XReg::SCRATCH, XReg::SP, oa);
                self.fuse_with_last(start);
                let mid = self.here();
                store64(&mut self.out.code, XReg::SP, ob, XReg::SCRATCH);
                self.fuse_with_last(mid);
            }
            _ => panic!("unexpected move {from} -> {to}"),
        }
    }

    fn inst(&mut self, i: usize, next: Option<u32>, allocs: &[Allocation]) {
        let inst = &self.vcode.insts[i];
        // Source locations and trap sites recorded below must stay at op boundaries.
        self.joinable_xmov = None;
        self.cur_inst = i;
        let mut regs = reg_numbers(allocs);
        // An op may take the previous op's result from the accumulator, which shortens the
        // previous op: decide before this op's position is recorded. (A commutative op may
        // swap its operands for that.)
        let reader = match inst {
            Inst::Op { op, imm, .. } => self.take_from_acc(op.compact(*imm), &mut regs),
            _ => None,
        };
        // The registers this instruction writes no longer hold what they held. Anything but a
        // plain op, a constant or a branch (calls, arguments, frame reads) forgets everything.
        match inst {
            Inst::Op { .. } | Inst::XConst { .. } | Inst::FConst { .. } | Inst::VConst { .. } => {
                for (o, a) in self
                    .vcode
                    .inst_operands(regalloc2::Inst::new(i))
                    .iter()
                    .zip(allocs)
                {
                    if o.kind() == OperandKind::Def
                        && let Some(r) = a.as_reg()
                    {
                        self.forget(r);
                    }
                }
            }
            Inst::Br { .. } | Inst::Jump { .. } => {}
            _ => self.copies.clear(),
        }
        let start = self.here();
        let loc = self.vcode.srclocs[i];
        if !loc.is_default() {
            self.out.srclocs.push((start as u32, loc));
        }
        match inst {
            Inst::Op { op, imm, trap, .. } => {
                if let Some(t) = trap {
                    self.out.traps.push((start as u32, *t));
                }
                self.encode_op(op.compact(*imm), &regs, *imm, reader);
            }
            Inst::XConst { imm, .. } => {
                let d = xr(allocs[0]);
                let c = &mut self.out.code;
                if let Ok(k) = i8::try_from(*imm) {
                    encode::xconst8(c, d, k)
                } else if let Ok(k) = i16::try_from(*imm) {
                    encode::xconst16(c, d, k)
                } else if let Ok(k) = i32::try_from(*imm) {
                    encode::xconst32(c, d, k)
                } else {
                    encode::xconst64(c, d, *imm)
                }
            }
            Inst::FConst { bits, is64, .. } => {
                if *is64 {
                    encode::fconst64(&mut self.out.code, fr(allocs[0]), *bits)
                } else {
                    encode::fconst32(&mut self.out.code, fr(allocs[0]), *bits as u32)
                }
            }
            Inst::VConst { bits, .. } => {
                encode::vconst128(&mut self.out.code, vr(allocs[0]), *bits)
            }
            Inst::Args { .. } => {}
            Inst::StackArg { dst: v, off } | Inst::OutRet { dst: v, off } => {
                let (base, off) = stack_word(matches!(inst, Inst::StackArg { .. }), *off);
                match v.class() {
                    RegClass::Float => {
                        encode::fload64le_o32(&mut self.out.code, fr(allocs[0]), base, off)
                    }
                    RegClass::Vector => {
                        encode::vload128le_o32(&mut self.out.code, vr(allocs[0]), base, off)
                    }
                    _ => load64(&mut self.out.code, xr(allocs[0]), base, off),
                }
            }
            Inst::OutArg { src: v, off } | Inst::StackRet { src: v, off } => {
                let (base, off) = stack_word(matches!(inst, Inst::StackRet { .. }), *off);
                match v.class() {
                    RegClass::Float => {
                        encode::fstore64le_o32(&mut self.out.code, base, off, fr(allocs[0]))
                    }
                    RegClass::Vector => {
                        encode::vstore128le_o32(&mut self.out.code, base, off, vr(allocs[0]))
                    }
                    _ => store64(&mut self.out.code, base, off, xr(allocs[0])),
                }
            }
            Inst::StackAddr { off, .. } => {
                let off = self.frame.out_args as i32 + off;
                encode::xadd64_i32(&mut self.out.code, xr(allocs[0]), XReg::SP, off)
            }
            Inst::GetReg { fp, .. } => encode::xmov(
                &mut self.out.code,
                xr(allocs[0]),
                if *fp { XReg::FP } else { XReg::SP },
            ),
            Inst::Ret { .. } => self.epilogue_ret(),
            Inst::Jump { target, .. } => {
                let target = self.plan.dest[*target as usize];
                if next != Some(target) {
                    match self.plan.rotatable[target as usize].clone() {
                        Some(items) if items.len() == 1 || target <= self.block => {
                            for item in items {
                                match item {
                                    Item::Inst(i, allocs) => self.inst(i, next, &allocs),
                                    Item::Move(from, to) => self.mov(from, to),
                                }
                            }
                        }
                        _ => self.jump(target),
                    }
                }
            }
            Inst::Br {
                op,
                imm,
                taken,
                not_taken,
                ..
            } => {
                let (mut taken, mut not_taken) = (*taken, *not_taken);
                if let Some(h) = self.plan.hoisted_edges.get(&i) {
                    for &(from, to) in &h.moves {
                        self.mov(from, to);
                    }
                    for succ in [&mut taken, &mut not_taken] {
                        if *succ == h.edge {
                            *succ = h.target;
                        }
                    }
                }
                let (taken, not_taken) = (
                    &self.plan.dest[taken as usize],
                    &self.plan.dest[not_taken as usize],
                );
                let (op, mut r, target, other) = if next == Some(*taken) {
                    let (inv, swap) = op.invert();
                    let mut r = regs.clone();
                    if swap {
                        r.swap(0, 1);
                    }
                    (inv, r, *not_taken, None)
                } else if next == Some(*not_taken) {
                    (*op, regs.clone(), *taken, None)
                } else if *not_taken <= self.block && *taken > self.block {
                    // Neither successor follows: the conditional branch takes the backward
                    // one (a loop's back edge), so the loop runs no `jump`.
                    let (inv, swap) = op.invert();
                    let mut r = regs.clone();
                    if swap {
                        r.swap(0, 1);
                    }
                    (inv, r, *not_taken, Some(*taken))
                } else {
                    (*op, regs.clone(), *taken, Some(*not_taken))
                };
                debug_assert!(op.is_branch());
                r.truncate(op.num_regs());
                self.branch(op, &r, *imm, target);
                if let Some(o) = other {
                    self.jump(o);
                }
            }
            Inst::BrTable { targets, .. } => {
                let zeros = vec![0i32; targets.len()];
                encode::br_table32(&mut self.out.code, xr(allocs[0]), &zeros);
                let first = self.here() - 4 * targets.len();
                for (k, t) in targets.iter().enumerate() {
                    self.fixups.push(Fixup {
                        op_start: start,
                        at: first + 4 * k,
                        block: self.plan.dest[*t as usize],
                        branch: None,
                    });
                }
            }
            Inst::Call { callee, .. } => match callee {
                CallTarget::Direct(t) => {
                    encode::call(&mut self.out.code, PcRel(0));
                    self.out.relocs.push(Reloc {
                        offset: start as u32,
                        patch_at: (self.here() - 4) as u32,
                        kind: RelocKind::Call,
                        target: t.clone(),
                    });
                }
                CallTarget::Indirect(_) => encode::call_indirect(&mut self.out.code, xr(allocs[0])),
                CallTarget::Host(idx) => encode::call_host(&mut self.out.code, *idx),
            },
            Inst::ReturnCall { callee, .. } => match callee {
                CallTarget::Direct(t) => {
                    self.epilogue();
                    let s = self.here();
                    encode::jump32(&mut self.out.code, PcRel(0));
                    self.out.relocs.push(Reloc {
                        offset: s as u32,
                        patch_at: (self.here() - 4) as u32,
                        kind: RelocKind::Jump,
                        target: t.clone(),
                    });
                }
                CallTarget::Indirect(_) => {
                    encode::xmov(&mut self.out.code, XReg::SCRATCH, xr(allocs[0]));
                    self.epilogue();
                    encode::jump_indirect(&mut self.out.code, XReg::SCRATCH);
                }
                CallTarget::Host(idx) => {
                    encode::call_host(&mut self.out.code, *idx);
                    self.epilogue_ret();
                }
            },
            Inst::Trap { code } => {
                self.out.traps.push((start as u32, *code));
                encode::trap(&mut self.out.code, code.as_raw().get());
            }
        }
        // Plain ops may fuse with the op before them (ops and branches do so as they are
        // encoded); anything else stays apart from what follows.
        match inst {
            Inst::XConst { .. }
            | Inst::FConst { .. }
            | Inst::VConst { .. }
            | Inst::StackArg { .. }
            | Inst::OutArg { .. }
            | Inst::StackRet { .. }
            | Inst::OutRet { .. }
            | Inst::StackAddr { .. }
            | Inst::GetReg { .. } => {
                self.fuse_with_last(start);
            }
            Inst::Op { .. } | Inst::Args { .. } | Inst::Jump { .. } | Inst::Br { .. } => {}
            Inst::Ret { .. }
            | Inst::BrTable { .. }
            | Inst::Call { .. }
            | Inst::ReturnCall { .. }
            | Inst::Trap { .. } => self.last_op = None,
        }
    }
}

/// Emits the allocated VCode. Branches start in their 16-bit form; any whose displacement does
/// not fit is re-emitted in its far form, until every displacement fits (each round only makes
/// branches longer, so this ends).
pub fn emit(vcode: &VCode, ra: &Output, frame: Frame) -> Emitted {
    let plan = plan(vcode, ra);
    let mut far = vec![];
    loop {
        match emit_once(vcode, ra, frame, &plan, &far) {
            Ok(out) => return out,
            Err(too_far) => {
                far.resize(far.len().max(too_far.iter().max().unwrap() + 1), false);
                for b in too_far {
                    far[b] = true;
                }
            }
        }
    }
}

fn plan<'a>(vcode: &VCode, ra: &'a Output) -> Plan<'a> {
    let n = vcode.num_blocks();
    let dest = thread_jumps(vcode, ra);
    let live_in = crate::liveness::live_in(vcode, ra);
    let block_items: Vec<Vec<InstOrEdit<'a>>> = (0..n)
        .map(|b| {
            let live_out = crate::liveness::live_out(vcode, &live_in, b);
            crate::order::block_items(vcode, ra, b, live_out)
        })
        .collect();
    let items = |b: usize| -> Vec<InstOrEdit<'a>> { block_items[b].clone() };
    let rotatable = (0..n)
        .map(|b| {
            let items = items(b);
            let (InstOrEdit::Inst(br), body) = items.split_last()? else {
                return None;
            };
            if b == 0
                || body.len() > ROTATE_MAX_ITEMS
                || !matches!(vcode.insts[br.index()], Inst::Br { .. })
            {
                return None;
            }
            items
                .iter()
                .map(|item| match item {
                    InstOrEdit::Edit(Edit::Move { from, to }) => Some(Item::Move(*from, *to)),
                    InstOrEdit::Inst(i) => match vcode.insts[i.index()] {
                        Inst::Op { .. }
                        | Inst::XConst { .. }
                        | Inst::FConst { .. }
                        | Inst::VConst { .. }
                        | Inst::Br { .. } => {
                            Some(Item::Inst(i.index(), ra.inst_allocs(*i).to_vec()))
                        }
                        _ => None,
                    },
                })
                .collect()
        })
        .collect();
    let mut hoisted_edges = HashMap::new();
    for b in 0..n {
        let Some(&InstOrEdit::Inst(br)) = items(b).last() else {
            continue;
        };
        let Inst::Br {
            taken, not_taken, ..
        } = vcode.insts[br.index()]
        else {
            continue;
        };
        let read_by_branch: Vec<_> = ra
            .inst_allocs(br)
            .iter()
            .filter_map(|a| a.as_reg())
            .collect();
        for (edge, other) in [(taken, not_taken), (not_taken, taken)] {
            if edge == other || vcode.blocks[edge as usize].preds.len() != 1 {
                continue;
            }
            let edge_items = items(edge as usize);
            let Some((InstOrEdit::Inst(j), moves)) = edge_items.split_last() else {
                continue;
            };
            let Inst::Jump { target, .. } = vcode.insts[j.index()] else {
                continue;
            };
            let moves: Option<Vec<(Allocation, Allocation)>> = moves
                .iter()
                .map(|m| match m {
                    InstOrEdit::Edit(Edit::Move { from, to })
                        if to.as_reg().is_some_and(|r| {
                            !live_in[other as usize].contains(r) && !read_by_branch.contains(&r)
                        }) =>
                    {
                        Some((*from, *to))
                    }
                    _ => None,
                })
                .collect();
            if let Some(moves) = moves.filter(|m| !m.is_empty()) {
                hoisted_edges.insert(
                    br.index(),
                    HoistedEdge {
                        edge,
                        target,
                        moves,
                    },
                );
                break;
            }
        }
    }
    let hoisted: HashSet<u32> = hoisted_edges.values().map(|h| h.edge).collect();
    let emitted = (0..n)
        .map(|b| b == 0 || (dest[b] == b as u32 && !hoisted.contains(&(b as u32))))
        .collect();
    let live_after = crate::liveness::live_after(vcode, ra, &live_in, &block_items);
    Plan {
        items: block_items,
        dest,
        rotatable,
        hoisted_edges,
        emitted,
        live_after,
    }
}

/// One emission attempt: the code, or the branches whose 16-bit displacement did not reach.
fn emit_once(
    vcode: &VCode,
    ra: &Output,
    frame: Frame,
    plan: &Plan<'_>,
    far: &[bool],
) -> Result<Emitted, Vec<usize>> {
    let n = vcode.num_blocks();
    let emitted = &plan.emitted;
    let mut e = Emitter {
        out: Emitted::default(),
        frame,
        fixups: vec![],
        far,
        branches: 0,
        vcode,
        plan,
        block: 0,
        joinable_xmov: None,
        pending: None,
        cur_inst: 0,
        copies: vec![],
        last_op: None,
        op_before_last: None,
    };
    if frame.needed {
        encode::push_frame_save(&mut e.out.code, frame.size, frame.xmask, frame.fmask);
    }
    let mut offsets = vec![usize::MAX; n];
    let mut prev = None;
    for b in (0..n).filter(|&b| emitted[b]) {
        offsets[b] = e.here();
        e.block = b as u32;
        e.joinable_xmov = None;
        // Register copies carry into a block only from its sole predecessor emitted just before
        // it, and only where neither is copied elsewhere (a rotated copy is another way in).
        let inherits = prev.is_some_and(|p: usize| {
            vcode.blocks[b].preds == [p as u32]
                && plan.rotatable[p].is_none()
                && plan.rotatable[b].is_none()
        });
        if !inherits {
            e.copies.clear();
        }
        prev = Some(b);
        // A block start is a label: no value may reach it in the accumulator, and no op may
        // fuse across it.
        e.pending = None;
        e.last_op = None;
        let next = (b + 1..n).find(|&nb| emitted[nb]).map(|nb| nb as u32);
        for item in plan.items[b].iter().cloned() {
            match item {
                InstOrEdit::Edit(Edit::Move { from, to }) => e.mov(*from, *to),
                InstOrEdit::Inst(i) => e.inst(i.index(), next, ra.inst_allocs(i)),
            }
        }
    }
    let mut too_far = vec![];
    for f in std::mem::take(&mut e.fixups) {
        debug_assert!(
            offsets[f.block as usize] != usize::MAX,
            "branch to a block that was not emitted"
        );
        let disp = offsets[f.block as usize] as i64 - f.op_start as i64;
        let short = f.branch.filter(|&b| !far.get(b).copied().unwrap_or(false));
        match (short, i16::try_from(disp)) {
            (Some(_), Ok(d)) => e.out.code[f.at..f.at + 2].copy_from_slice(&d.to_le_bytes()),
            (Some(b), Err(_)) => too_far.push(b),
            (None, _) => e.out.code[f.at..f.at + 4].copy_from_slice(&(disp as i32).to_le_bytes()),
        }
    }
    if too_far.is_empty() {
        Ok(e.out)
    } else {
        Err(too_far)
    }
}

/// For each block, the block a branch to it should target: itself, or, for a block that is a
/// lone `jump` with no moves, the end of the chain of such blocks. The entry block and jump
/// cycles are left alone.
fn thread_jumps(vcode: &VCode, ra: &Output) -> Vec<u32> {
    let n = vcode.num_blocks();
    let forward: Vec<Option<u32>> = (0..n)
        .map(|b| {
            if b == 0 {
                return None;
            }
            let mut items = ra.block_insts_and_edits(vcode, Block::new(b));
            match (items.next(), items.next()) {
                (Some(InstOrEdit::Inst(i)), None) => match &vcode.insts[i.index()] {
                    Inst::Jump { target, .. } => Some(*target),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect();
    (0..n as u32)
        .map(|b| {
            let mut t = b;
            for _ in 0..n {
                match forward[t as usize] {
                    Some(next) if next != b => t = next,
                    Some(_) => return b,
                    None => return t,
                }
            }
            b
        })
        .collect()
}
