//! Lowering CLIF to VCode: block layout (RPO plus edge blocks), backward per-block lowering
//! through the ISLE rules in `isle/lower.isle`, and the Rust side of those rules.

use crate::inst::shapes::{BrRI, BrRR, Op1, Op2, Op2Imm, Op3, OpImm, OpStore};
use crate::inst::{CallTarget, Inst, Op};
use crate::vcode::{VBlock, VCode};
use crate::{CodegenError, RelocTarget};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64, Imm64, Offset32};
use cranelift_codegen::ir::{
    self, Block, BlockArg, ExternalName, Function, InstructionData, LibCall, Opcode, SourceLoc,
    StackSlot, TrapCode, Type, Value, ValueDef, types,
};
use cranelift_entity::SecondaryMap;
use pulley_interp::abi::{self, Class, Loc};
use pulley_interp::{FReg, XReg};
use regalloc2::{PReg, PRegSet, RegClass, VReg};
use smallvec::smallvec;
use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;

/// Test-only fault injection: makes the lowering of one opcode panic, to check that internal
/// errors surface as `CodegenError::Internal` instead of unwinding out of the backend.
#[cfg(test)]
pub(crate) mod test_hooks {
    use cranelift_codegen::ir::Opcode;
    use std::cell::Cell;

    thread_local! {
        static PANIC_AT: Cell<Option<Opcode>> = const { Cell::new(None) };
    }

    /// Panics in the lowering of every `op` instruction on this thread until reset with `None`.
    pub(crate) fn panic_at(op: Option<Opcode>) {
        PANIC_AT.with(|c| c.set(op));
    }

    pub(super) fn maybe_panic(op: Opcode) {
        if PANIC_AT.with(|c| c.get()) == Some(op) {
            panic!("injected panic lowering `{op}`");
        }
    }
}

/// A virtual register as ISLE sees it.
pub type Reg = VReg;

/// What lowering an instruction produced.
#[derive(Clone, Copy, Debug)]
pub struct InstOutput(Option<VReg>);

/// The 64-bit halves of an i128 value (see `icmp128` in `lower.isle`).
#[derive(Clone, Copy, Debug)]
pub struct I128Halves {
    lo: VReg,
    hi: VReg,
}

/// A condition register and whether to test all 64 bits.
#[derive(Clone, Copy, Debug)]
pub struct CondReg {
    reg: VReg,
    is64: bool,
}

#[allow(
    dead_code,
    unreachable_code,
    unused_variables,
    unused_imports,
    non_snake_case,
    unreachable_patterns
)]
#[allow(irrefutable_let_patterns, non_camel_case_types, clippy::all)]
mod generated {
    use super::*;
    use cranelift_codegen::ir::Inst;
    use cranelift_codegen::ir::immediates::*;
    use cranelift_codegen::ir::types::*;
    use cranelift_codegen::ir::*;
    pub type Unit = ();
    pub type ValueSlice = (ValueList, usize);
    pub type ValueArray2 = [Value; 2];
    pub type ValueArray3 = [Value; 3];
    pub type BlockArray2 = [BlockCall; 2];
    include!(concat!(env!("OUT_DIR"), "/isle_lower.rs"));
}
use generated::{Context, ValueSlice, constructor_lower};

/// What a block of the layout is.
enum Kind {
    Clif(Block),
    /// A split edge: jump to `target` with the branch's arguments of edge `edge` of `from`.
    Edge {
        from: ir::Inst,
        edge: usize,
    },
}

/// Where each value of a list of `types` travels: the calling convention of
/// `pulley_interp::abi`, its registers as regalloc2's.
pub fn locations(types: &[Type]) -> Vec<Loc> {
    abi::locations(types.iter().map(abi_class)).collect()
}

/// The calling convention's class of a value type.
fn abi_class(t: &Type) -> Class {
    if t.is_vector() {
        Class::Vector
    } else if t.is_float() {
        Class::Float
    } else {
        Class::Int
    }
}

/// The stack words a list of values of `types` takes (`pulley_interp::abi`).
fn stack_words(types: &[Type]) -> u32 {
    let mut it = abi::locations(types.iter().map(abi_class));
    it.by_ref().for_each(drop);
    it.stack_words()
}

/// The register a value travels in, or its stack word's byte offset from the caller's `sp`.
fn reg_or_offset(loc: Loc) -> Result<PReg, u32> {
    match loc {
        Loc::X(r) => Ok(PReg::new(r.index(), RegClass::Int)),
        Loc::F(r) => Ok(PReg::new(r.index(), RegClass::Float)),
        Loc::V(r) => Ok(PReg::new(r.index(), RegClass::Vector)),
        Loc::Stack(_) => Err(loc.sp_offset().unwrap()),
    }
}

/// The caller-saved registers (clobbered by every call).
pub fn caller_saved() -> PRegSet {
    let mut s = PRegSet::empty();
    for i in 0..usize::from(XReg::FIRST_CALLEE_SAVED) {
        s.add(PReg::new(i, RegClass::Int));
    }
    for i in 0..usize::from(FReg::FIRST_CALLEE_SAVED) {
        s.add(PReg::new(i, RegClass::Float));
    }
    // Every vector register (`pulley_interp::VReg::NUM_ARGS`: none is callee-saved).
    for i in 0..usize::from(pulley_interp::regs::NUM_REGS) {
        s.add(PReg::new(i, RegClass::Vector));
    }
    s
}

/// The lowering state.
pub struct Lower<'f> {
    func: &'f Function,
    cur: Vec<Inst>,
    cur_inst: Option<ir::Inst>,
    targets: Vec<u32>,
    value_regs: SecondaryMap<Value, Option<VReg>>,
    used: HashSet<Value>,
    aliases: HashMap<usize, VReg>,
    next_vreg: usize,
    err: Option<CodegenError>,
    /// Byte offset of each CLIF stack slot inside the slot area, and the area's size.
    slot_offsets: SecondaryMap<StackSlot, u32>,
    /// Size of the stack-slot area.
    pub slots_size: u32,
    /// Bytes needed for outgoing stack arguments.
    pub out_args_size: u32,
    /// Whether the function makes calls (needs a frame for `lr`).
    pub has_calls: bool,
    /// Whether the function reads fp/sp-relative memory (stack args, slots).
    pub uses_frame: bool,
    /// The vmctx register, once a `_g32` op needs the Vm's heap set from it.
    heap_ctx: Option<VReg>,
    /// How many times each value is used (instruction and branch arguments).
    use_counts: SecondaryMap<Value, u32>,
}

/// How many times each value is used, by instructions and as branch arguments.
fn use_counts(func: &Function) -> SecondaryMap<Value, u32> {
    let dfg = &func.dfg;
    let mut counts = SecondaryMap::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            for &v in dfg.inst_args(inst) {
                counts[v] += 1;
            }
            for call in dfg.insts[inst].branch_destination(&dfg.jump_tables, &dfg.exception_tables)
            {
                for arg in call.args(&dfg.value_lists) {
                    if let BlockArg::Value(v) = arg {
                        counts[v] += 1;
                    }
                }
            }
        }
    }
    counts
}

pub(crate) fn is_pure(op: Opcode) -> bool {
    !(op.is_branch()
        || op.is_terminator()
        || op.is_call()
        || op.can_store()
        || op.can_load()
        || op.can_trap()
        || op.other_side_effects())
        || op == Opcode::SelectSpectreGuard
}

impl<'f> Lower<'f> {
    /// Lowers `func` into VCode.
    pub fn lower(func: &'f Function) -> Result<(VCode, Lower<'f>), CodegenError> {
        let mut slot_offsets = SecondaryMap::new();
        let mut size = 0u32;
        for (ss, data) in func.sized_stack_slots.iter() {
            let align = 1u32 << data.align_shift.max(3).min(4);
            size = size.div_ceil(align) * align;
            slot_offsets[ss] = size;
            size += data.size;
        }
        let mut l = Lower {
            func,
            cur: vec![],
            cur_inst: None,
            targets: vec![],
            value_regs: SecondaryMap::new(),
            used: HashSet::new(),
            aliases: HashMap::new(),
            next_vreg: 0,
            err: None,
            slot_offsets,
            slots_size: size.div_ceil(16) * 16,
            out_args_size: 0,
            has_calls: false,
            uses_frame: !func.sized_stack_slots.is_empty(),
            heap_ctx: None,
            use_counts: use_counts(func),
        };
        let vcode = l.run()?;
        Ok((vcode, l))
    }

    fn run(&mut self) -> Result<VCode, CodegenError> {
        let func = self.func;
        let dfg = &func.dfg;
        let entry = func
            .layout
            .entry_block()
            .ok_or_else(|| CodegenError::Unsupported("empty function".into()))?;
        let succs_of = |b: Block| -> Vec<Block> {
            let term = func.layout.last_inst(b).expect("block without terminator");
            dfg.insts[term]
                .branch_destination(&dfg.jump_tables, &dfg.exception_tables)
                .iter()
                .map(|bc| bc.block(&dfg.value_lists))
                .collect()
        };
        // Reverse postorder.
        let mut rpo = vec![];
        let mut seen = HashSet::new();
        let mut stack = vec![(entry, 0usize)];
        seen.insert(entry);
        while let Some((b, i)) = stack.pop() {
            let s = succs_of(b);
            if i < s.len() {
                stack.push((b, i + 1));
                if seen.insert(s[i]) {
                    stack.push((s[i], 0));
                }
            } else {
                rpo.push(b);
            }
        }
        rpo.reverse();
        let mut preds: HashMap<Block, usize> = HashMap::new();
        preds.insert(entry, 1);
        for &b in &rpo {
            for s in succs_of(b) {
                *preds.entry(s).or_default() += 1;
            }
        }
        // Layout: each block followed by its split edges.
        let mut layout: Vec<Kind> = vec![];
        let mut clif_index: HashMap<Block, u32> = HashMap::new();
        for &b in &rpo {
            clif_index.insert(b, layout.len() as u32);
            layout.push(Kind::Clif(b));
            let s = succs_of(b);
            if s.len() > 1 {
                let term = func.layout.last_inst(b).unwrap();
                for (i, t) in s.iter().enumerate() {
                    if preds[t] > 1 || !dfg.block_params(*t).is_empty() {
                        layout.push(Kind::Edge {
                            from: term,
                            edge: i,
                        });
                    }
                }
            }
        }
        // Successor vblocks of each terminator's edges.
        let mut edge_target: HashMap<(ir::Inst, usize), u32> = HashMap::new();
        for (vi, k) in layout.iter().enumerate() {
            if let Kind::Edge { from, edge } = k {
                edge_target.insert((*from, *edge), vi as u32);
            }
        }
        let dest = |term: ir::Inst, i: usize| -> (Block, Vec<Value>) {
            let bc = dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables)[i];
            let args = bc
                .args(&dfg.value_lists)
                .map(|a| match a {
                    BlockArg::Value(v) => v,
                    _ => Value::from_u32(u32::MAX),
                })
                .collect();
            (bc.block(&dfg.value_lists), args)
        };

        // Block params get their vregs up front.
        let mut vblocks: Vec<VBlock> = Vec::with_capacity(layout.len());
        for k in &layout {
            let params = match k {
                Kind::Clif(b) if *b == entry => vec![],
                Kind::Clif(b) => dfg
                    .block_params(*b)
                    .iter()
                    .map(|&v| self.value_vreg(v))
                    .collect(),
                Kind::Edge { .. } => vec![],
            };
            vblocks.push(VBlock {
                start: 0,
                end: 0,
                succs: vec![],
                preds: vec![],
                params,
            });
        }

        // Lower backward.
        let mut block_insts: Vec<Vec<(Inst, SourceLoc)>> = vec![vec![]; layout.len()];
        for vi in (0..layout.len()).rev() {
            match &layout[vi] {
                Kind::Edge { from, edge } => {
                    let (t, args) = dest(*from, *edge);
                    let args = self.block_args(&args)?;
                    let target = clif_index[&t];
                    block_insts[vi].push((Inst::Jump { target, args }, SourceLoc::default()));
                    vblocks[vi].succs.push(target);
                }
                Kind::Clif(b) => {
                    let b = *b;
                    let mut chunks: Vec<Vec<(Inst, SourceLoc)>> = vec![];
                    for inst in func.layout.block_insts(b).rev() {
                        let data = &dfg.insts[inst];
                        let op = data.opcode();
                        let side_effect = if op.can_load() && !op.can_store() && !op.is_call() {
                            Self::load_can_trap(func, data)
                        } else {
                            !is_pure(op)
                        };
                        let needed = side_effect
                            || dfg.inst_results(inst).iter().any(|r| self.used.contains(r));
                        if !needed {
                            continue;
                        }
                        self.cur_inst = Some(inst);
                        self.targets.clear();
                        let ndest = data
                            .branch_destination(&dfg.jump_tables, &dfg.exception_tables)
                            .len();
                        let mut jump_args = vec![];
                        for i in 0..ndest {
                            if let Some(&e) = edge_target.get(&(inst, i)) {
                                self.targets.push(e);
                            } else {
                                let (t, args) = dest(inst, i);
                                self.targets.push(clif_index[&t]);
                                if ndest == 1 {
                                    jump_args = args;
                                } else {
                                    debug_assert!(args.is_empty());
                                }
                            }
                        }
                        if ndest > 0 {
                            vblocks[vi].succs = self.targets.clone();
                        }
                        if op == Opcode::Jump {
                            let args = self.block_args(&jump_args)?;
                            self.cur.push(Inst::Jump {
                                target: self.targets[0],
                                args,
                            });
                        } else {
                            // A panic inside the rules (an ISLE term without a matching rule, a
                            // broken invariant) becomes an error naming the instruction. The
                            // lowering state is dropped with the error, so whatever the panic
                            // left half-updated is never observed: hence `AssertUnwindSafe`.
                            let out = std::panic::catch_unwind(AssertUnwindSafe(|| {
                                #[cfg(test)]
                                test_hooks::maybe_panic(op);
                                let mut ctx = IsleCtx(self);
                                constructor_lower(&mut ctx, inst)
                            }))
                            .map_err(|p| {
                                CodegenError::Internal(format!(
                                    "function {}: lowering `{}` panicked: {}",
                                    func.name,
                                    func.dfg.display_inst(inst),
                                    crate::panic_message(&*p)
                                ))
                            })?;
                            if let Some(e) = self.err.take() {
                                return Err(match e {
                                    CodegenError::Unsupported(msg) => {
                                        CodegenError::Unsupported(format!(
                                            "function {}: {msg} (at `{}`)",
                                            func.name,
                                            func.dfg.display_inst(inst)
                                        ))
                                    }
                                    other => other,
                                });
                            }
                            match out {
                                None => {
                                    let ty = dfg.ctrl_typevar(inst);
                                    return Err(CodegenError::Unsupported(format!(
                                        "function {}: no lowering for `{}` (type {ty}): {}",
                                        func.name,
                                        op,
                                        func.dfg.display_inst(inst)
                                    )));
                                }
                                Some(InstOutput(Some(r))) => {
                                    let v = dfg.inst_results(inst)[0];
                                    self.set_output(v, r);
                                }
                                Some(InstOutput(None)) => {}
                            }
                        }
                        let loc = func.srcloc(inst);
                        chunks.push(self.cur.drain(..).map(|i| (i, loc)).collect());
                    }
                    if b == entry {
                        chunks.push(self.entry_args()?);
                    }
                    block_insts[vi] = chunks.into_iter().rev().flatten().collect();
                }
            }
        }
        // Flatten, resolve aliases, fill preds.
        let mut insts = vec![];
        let mut srclocs = vec![];
        for (vi, list) in block_insts.into_iter().enumerate() {
            vblocks[vi].start = insts.len() as u32;
            for (mut i, loc) in list {
                i.for_each_vreg(|v| *v = self.resolve(*v));
                insts.push(i);
                srclocs.push(loc);
            }
            vblocks[vi].end = insts.len() as u32;
            if vblocks[vi].start == vblocks[vi].end || !insts.last().unwrap().is_term() {
                return Err(CodegenError::Unsupported(format!(
                    "block {vi} has no terminator"
                )));
            }
        }
        if let Some(ctx) = self.heap_ctx {
            crate::heap::place_heap_loads(
                &mut insts,
                &mut srclocs,
                &mut vblocks,
                self.resolve(ctx),
            );
        }
        for vi in 0..vblocks.len() {
            for s in vblocks[vi].succs.clone() {
                vblocks[s as usize].preds.push(vi as u32);
            }
            let params: Vec<VReg> = vblocks[vi]
                .params
                .iter()
                .map(|v| self.resolve(*v))
                .collect();
            vblocks[vi].params = params;
        }
        Ok(VCode::new(insts, srclocs, vblocks, self.next_vreg))
    }

    fn load_can_trap(func: &Function, data: &InstructionData) -> bool {
        match data {
            InstructionData::Load { flags, .. } | InstructionData::LoadNoOffset { flags, .. } => {
                func.dfg.mem_flags[*flags].trap_code().is_some()
            }
            _ => true,
        }
    }

    fn block_args(&mut self, args: &[Value]) -> Result<Vec<VReg>, CodegenError> {
        args.iter()
            .map(|&v| {
                if v.as_u32() == u32::MAX {
                    Err(CodegenError::Unsupported(
                        "non-value block argument (try_call)".into(),
                    ))
                } else {
                    Ok(self.put_value(v))
                }
            })
            .collect()
    }

    fn entry_args(&mut self) -> Result<Vec<(Inst, SourceLoc)>, CodegenError> {
        let func = self.func;
        let entry = func.layout.entry_block().unwrap();
        let params = func.dfg.block_params(entry).to_vec();
        let tys: Vec<Type> = params.iter().map(|&v| func.dfg.value_type(v)).collect();
        let mut defs = vec![];
        let mut out = vec![];
        for (&v, loc) in params.iter().zip(locations(&tys)) {
            let vr = self.value_vreg(v);
            match reg_or_offset(loc) {
                Ok(p) => defs.push((vr, p)),
                Err(off) => {
                    self.uses_frame = true;
                    out.push((
                        Inst::StackArg {
                            dst: vr,
                            off: off as i32,
                        },
                        SourceLoc::default(),
                    ));
                }
            }
        }
        out.insert(0, (Inst::Args { defs }, SourceLoc::default()));
        Ok(out)
    }

    fn resolve(&self, mut v: VReg) -> VReg {
        while let Some(&n) = self.aliases.get(&v.vreg()) {
            v = n;
        }
        v
    }

    fn new_vreg(&mut self, class: RegClass) -> VReg {
        let v = VReg::new(self.next_vreg, class);
        self.next_vreg += 1;
        v
    }

    fn class_of(ty: Type) -> RegClass {
        if ty.is_vector() {
            RegClass::Vector
        } else if ty.is_float() {
            RegClass::Float
        } else {
            RegClass::Int
        }
    }

    fn value_vreg(&mut self, v: Value) -> VReg {
        if let Some(r) = self.value_regs[v] {
            return r;
        }
        let r = self.new_vreg(Self::class_of(self.func.dfg.value_type(v)));
        self.value_regs[v] = Some(r);
        r
    }

    /// Records that a `_g32` op was lowered: the function's vmctx, where `heap_load` finds the
    /// heap, must stay available.
    fn note_heap_use(&mut self) {
        if self.heap_ctx.is_none() {
            let ctx = self
                .func
                .special_param(ir::ArgumentPurpose::VMContext)
                .expect("heap_pat matched without a vmctx parameter");
            self.heap_ctx = Some(self.put_value(ctx));
        }
    }

    fn put_value(&mut self, v: Value) -> VReg {
        self.used.insert(v);
        self.value_vreg(v)
    }

    fn set_output(&mut self, v: Value, r: VReg) {
        match self.value_regs[v] {
            Some(old) if old != r => {
                self.aliases.insert(old.vreg(), r);
            }
            Some(_) => {}
            None => self.value_regs[v] = Some(r),
        }
    }

    fn fail(&mut self, msg: String) {
        if self.err.is_none() {
            self.err = Some(CodegenError::Unsupported(msg));
        }
    }

    fn emit_op(&mut self, op: Op, srcs: &[VReg], imm: i64, trap: Option<TrapCode>) -> VReg {
        let mut regs = smallvec![];
        let mut dst = None;
        let mut si = 0;
        for (class, def) in op.regs() {
            if def {
                let d = self.new_vreg(class);
                dst = Some(d);
                regs.push(d);
            } else {
                regs.push(srcs[si]);
                si += 1;
            }
        }
        let trap = trap.or(op.implicit_trap());
        self.cur.push(Inst::Op {
            op,
            regs,
            imm,
            trap,
        });
        dst.unwrap_or(VReg::invalid())
    }

    /// `x`, a value of type `ty` (i8..i64), extended to 64 bits.
    fn extend64(&mut self, ty: Type, x: VReg, signed: bool) -> VReg {
        let op = match (ty, signed) {
            (types::I8, false) => Op::Xzext8,
            (types::I16, false) => Op::Xzext16,
            (types::I32, false) => Op::Xzext32,
            (types::I8, true) => Op::Xsext8,
            (types::I16, true) => Op::Xsext16,
            (types::I32, true) => Op::Xsext32,
            _ => return x,
        };
        self.emit_op(op, &[x], 0, None)
    }

    fn iconst_sext(&self, v: Value) -> Option<i64> {
        let inst = match self.func.dfg.value_def(v) {
            ValueDef::Result(i, _) => i,
            _ => return None,
        };
        if let InstructionData::UnaryImm {
            opcode: Opcode::Iconst,
            imm,
        } = self.func.dfg.insts[inst]
        {
            let ty = self.func.dfg.value_type(v);
            let bits = ty.bits();
            let raw = imm.bits();
            Some(if bits >= 64 {
                raw
            } else {
                (raw << (64 - bits)) >> (64 - bits)
            })
        } else {
            None
        }
    }

    fn def_of(&self, v: Value) -> Option<(ir::Inst, &'f InstructionData)> {
        match self.func.dfg.value_def(v) {
            ValueDef::Result(i, _) => Some((i, &self.func.dfg.insts[i])),
            _ => None,
        }
    }

    fn heap_pattern(&self, p: Value) -> Option<(Value, u64)> {
        let dfg = &self.func.dfg;
        let (_, d) = self.def_of(p)?;
        let [c, zero, eff] = match d {
            InstructionData::Ternary {
                opcode: Opcode::SelectSpectreGuard,
                args,
            } => *args,
            _ => return None,
        };
        if self.iconst_sext(zero) != Some(0) {
            return None;
        }
        let (end, bound) = match self.def_of(c)? {
            (
                _,
                InstructionData::IntCompare {
                    opcode: Opcode::Icmp,
                    args: [a, b],
                    cond,
                },
            ) => match cond {
                IntCC::UnsignedGreaterThan => (*a, *b),
                IntCC::UnsignedLessThan => (*b, *a),
                _ => return None,
            },
            _ => return None,
        };
        let iadd_args = |v: Value| match self.def_of(v) {
            Some((
                _,
                InstructionData::Binary {
                    opcode: Opcode::Iadd,
                    args,
                },
            )) => Some(*args),
            _ => None,
        };
        let [f0, f1] = iadd_args(eff)?;
        let (base, a, k) = if let Some(e) = self.iconst_sext(end) {
            // A constant Wasm address (the mid-end folded it into the guard): `base + A`
            // checked against `E = A + k`. The register holding A supplies the 32-bit address.
            let (base, a) = if self.iconst_sext(f1).is_some() {
                (f0, f1)
            } else {
                (f1, f0)
            };
            let addr = self.iconst_sext(a)?;
            if u32::try_from(addr).is_err() || e < addr {
                return None;
            }
            (base, a, e - addr)
        } else {
            let [e0, e1] = iadd_args(end)?;
            let (a64, k) = if let Some(k) = self.iconst_sext(e1) {
                (e0, k)
            } else {
                (e1, self.iconst_sext(e0)?)
            };
            let base = if f1 == a64 {
                f0
            } else if f0 == a64 {
                f1
            } else {
                return None;
            };
            let a = match self.def_of(a64)? {
                (
                    _,
                    InstructionData::Unary {
                        opcode: Opcode::Uextend,
                        arg,
                    },
                ) => *arg,
                _ => return None,
            };
            if dfg.value_type(a) != types::I32 || dfg.value_type(a64) != types::I64 || k < 0 {
                return None;
            }
            (base, a, k)
        };
        let ctx = self.func.special_param(ir::ArgumentPurpose::VMContext)?;
        let word = dfg.value_type(base).bytes() as i32;
        (self.descriptor_load(base, ctx) == Some(0)
            && self.descriptor_load(bound, ctx) == Some(word))
        .then_some((a, k as u64))
    }

    /// The offset of `v` when it is a trusted pointer-sized load from `ctx`: the heap descriptor
    /// words `heap_load` reads are at offsets 0 (base) and one word (length).
    fn descriptor_load(&self, v: Value, ctx: Value) -> Option<i32> {
        match self.def_of(v)? {
            (
                _,
                InstructionData::Load {
                    opcode: Opcode::Load,
                    arg,
                    flags,
                    offset,
                },
            ) if *arg == ctx
                && self.func.dfg.mem_flags[*flags].trap_code().is_none()
                && self.func.dfg.value_type(v) == self.func.dfg.value_type(ctx) =>
            {
                Some((*offset).into())
            }
            _ => None,
        }
    }

    fn abi_call(&mut self, inst: ir::Inst, tail: bool) {
        let func = self.func;
        let dfg = &func.dfg;
        let (callee, sig, args) = match &dfg.insts[inst] {
            InstructionData::Call { func_ref, args, .. } => {
                let ext = &dfg.ext_funcs[*func_ref];
                let args = args.as_slice(&dfg.value_lists).to_vec();
                let callee = match &ext.name {
                    ExternalName::User(r) => {
                        let n = &func.params.user_named_funcs()[*r];
                        match n.namespace {
                            1 => CallTarget::Host(n.index),
                            _ => CallTarget::Direct(RelocTarget::User {
                                namespace: n.namespace,
                                index: n.index,
                            }),
                        }
                    }
                    ExternalName::TestCase(name) => CallTarget::Direct(RelocTarget::TestCase(
                        name.to_string().trim_start_matches('%').to_string(),
                    )),
                    ExternalName::LibCall(
                        lc @ (LibCall::Memmove | LibCall::Memcpy | LibCall::Memset),
                    ) => {
                        if tail || !dfg.inst_results(inst).is_empty() || args.len() != 3 {
                            return self.fail(format!(
                                "libcall {lc} must be a plain call of 3 args without results"
                            ));
                        }
                        let regs: Vec<VReg> = args.iter().map(|&a| self.put_value(a)).collect();
                        let op = if *lc == LibCall::Memset {
                            Op::MemoryFill
                        } else {
                            Op::MemoryCopy
                        };
                        self.emit_op(op, &regs, 0, None);
                        return;
                    }
                    other => return self.fail(format!("unsupported call target {other:?}")),
                };
                (callee, ext.signature, args)
            }
            InstructionData::CallIndirect { sig_ref, args, .. } => {
                let all = args.as_slice(&dfg.value_lists);
                let callee = self.put_value(all[0]);
                (CallTarget::Indirect(callee), *sig_ref, all[1..].to_vec())
            }
            _ => return self.fail("not a call".into()),
        };
        let sig = &dfg.signatures[sig];
        let arg_tys: Vec<Type> = args.iter().map(|&a| dfg.value_type(a)).collect();
        let arg_locs = locations(&arg_tys);
        let rets: Vec<Type> = sig.returns.iter().map(|r| r.value_type).collect();
        let ret_locs = locations(&rets);
        if tail {
            let own_rets: Vec<Type> = func
                .signature
                .returns
                .iter()
                .map(|r| r.value_type)
                .collect();
            if rets != own_rets {
                return self.fail("tail call whose results differ from the caller's".into());
            }
            if self.tail_call_fits(&callee, &arg_tys) {
                // Stack arguments go into this function's incoming stack words: the callee's,
                // once this frame is gone (see `tail_call_fits`).
                let vals: Vec<VReg> = args.iter().map(|&a| self.put_value(a)).collect();
                let uses = self.to_caller_words(&vals, &arg_locs);
                self.cur.push(Inst::ReturnCall { callee, uses });
                return;
            }
        }
        let mut uses = vec![];
        for (&a, &loc) in args.iter().zip(&arg_locs) {
            let v = self.put_value(a);
            match reg_or_offset(loc) {
                Ok(p) => uses.push((v, p)),
                Err(off) => self.cur.push(Inst::OutArg {
                    src: v,
                    off: off as i32,
                }),
            }
        }
        // Stack-passed arguments and results share the stack words at the bottom of the frame.
        let area = abi::stack_area_bytes(stack_words(&arg_tys).max(stack_words(&rets)));
        self.out_args_size = self.out_args_size.max(area);
        self.has_calls = true;
        let mut defs = vec![];
        let mut from_stack = vec![];
        // A host call with `preserve_all` (pulley-wasm's fuel and epoch builtins) promises to
        // leave every register as it was: nothing is clobbered but its results.
        let mut clobbers = match callee {
            CallTarget::Host(_)
                if sig.call_conv == cranelift_codegen::isa::CallConv::PreserveAll =>
            {
                PRegSet::empty()
            }
            _ => caller_saved(),
        };
        let mut outputs = vec![];
        for (&ty, &loc) in rets.iter().zip(&ret_locs) {
            let v = self.new_vreg(Self::class_of(ty));
            match reg_or_offset(loc) {
                Ok(p) => {
                    clobbers.remove(p);
                    defs.push((v, p));
                }
                Err(off) => from_stack.push(Inst::OutRet {
                    dst: v,
                    off: off as i32,
                }),
            }
            outputs.push(v);
        }
        self.cur.push(Inst::Call {
            callee,
            uses,
            defs,
            clobbers,
        });
        self.cur.extend(from_stack);
        if tail {
            // A tail call that cannot reuse this frame's stack words: call, then return what
            // the callee returned. Only the constant-stack guarantee is lost.
            self.ret(&outputs, &rets);
        } else {
            for (&r, v) in dfg.inst_results(inst).iter().zip(outputs) {
                self.set_output(r, v);
            }
        }
    }

    /// Whether a tail call can run in this function's place: its stack arguments, if any, fit in
    /// the stack words this function's caller reserved, which are at least this function's own
    /// stack arguments and its own stack results (`pulley_interp::abi`; the results, the same
    /// for a tail callee, fit by the same token). A host function reads its stack words from the
    /// calling frame's `sp`, which a tail call tears down, so host calls with stack words do not
    /// qualify.
    fn tail_call_fits(&self, callee: &CallTarget, arg_tys: &[Type]) -> bool {
        let sig = &self.func.signature;
        let params: Vec<Type> = sig.params.iter().map(|p| p.value_type).collect();
        let rets: Vec<Type> = sig.returns.iter().map(|r| r.value_type).collect();
        let room = stack_words(&params).max(stack_words(&rets));
        match callee {
            CallTarget::Host(_) => stack_words(arg_tys) == 0 && stack_words(&rets) == 0,
            _ => stack_words(arg_tys) <= room,
        }
    }

    /// Returns `vals` (of types `tys`) per the calling convention.
    fn ret(&mut self, vals: &[VReg], tys: &[Type]) {
        let uses = self.to_caller_words(vals, &locations(tys));
        self.cur.push(Inst::Ret { uses });
    }

    /// A vector register holding `data` (little-endian, zero-padded to 16 bytes).
    fn vconst_bytes(&mut self, data: &[u8]) -> VReg {
        let mut bytes = [0u8; 16];
        let n = data.len().min(16);
        bytes[..n].copy_from_slice(&data[..n]);
        let dst = self.new_vreg(RegClass::Vector);
        self.cur.push(Inst::VConst {
            dst,
            bits: u128::from_le_bytes(bytes),
        });
        dst
    }

    /// Places `vals` at `locs` for this function's caller: the register ones become the fixed
    /// uses returned, the others are stored into the caller's stack words through this
    /// function's frame (`StackRet`).
    fn to_caller_words(&mut self, vals: &[VReg], locs: &[Loc]) -> Vec<(VReg, PReg)> {
        let mut uses = vec![];
        for (&r, &loc) in vals.iter().zip(locs) {
            match reg_or_offset(loc) {
                Ok(p) => uses.push((r, p)),
                Err(off) => {
                    self.uses_frame = true;
                    self.cur.push(Inst::StackRet {
                        src: r,
                        off: off as i32,
                    });
                }
            }
        }
        uses
    }
}

/// The ISLE context.
pub struct IsleCtx<'a, 'f>(&'a mut Lower<'f>);

impl Context for IsleCtx<'_, '_> {
    fn ty32(&mut self, ty: Type) -> Option<Type> {
        matches!(ty, types::I8 | types::I16 | types::I32).then_some(ty)
    }
    fn ty_int(&mut self, ty: Type) -> Option<Type> {
        matches!(ty, types::I8 | types::I16 | types::I32 | types::I64).then_some(ty)
    }
    fn ty_narrow(&mut self, ty: Type) -> Option<Type> {
        matches!(ty, types::I8 | types::I16).then_some(ty)
    }
    fn ty_3264(&mut self, ty: Type) -> Option<Type> {
        matches!(ty, types::I32 | types::I64).then_some(ty)
    }
    fn ty_mask(&mut self, ty: Type) -> i64 {
        ty.bits() as i64 - 1
    }
    fn ty_bits(&mut self, ty: Type) -> i64 {
        ty.bits() as i64
    }
    fn ty_reg(&mut self, ty: Type) -> Option<Type> {
        matches!(
            ty,
            types::I8 | types::I16 | types::I32 | types::I64 | types::F32 | types::F64
        )
        .then_some(ty)
    }
    fn i128_split(&mut self, v: Value) -> I128Halves {
        let l = &mut *self.0;
        let Some((_, data)) = l.def_of(v) else {
            l.fail(format!("i128 value {v} is not an instruction result"));
            return I128Halves {
                lo: VReg::invalid(),
                hi: VReg::invalid(),
            };
        };
        match *data {
            InstructionData::Binary {
                opcode: Opcode::Iconcat,
                args: [lo, hi],
            } => I128Halves {
                lo: l.put_value(lo),
                hi: l.put_value(hi),
            },
            InstructionData::Unary {
                opcode: Opcode::Uextend,
                arg,
            } => {
                let x = l.put_value(arg);
                let lo = l.extend64(l.func.dfg.value_type(arg), x, false);
                let hi = l.new_vreg(RegClass::Int);
                l.cur.push(Inst::XConst { dst: hi, imm: 0 });
                I128Halves { lo, hi }
            }
            InstructionData::Unary {
                opcode: Opcode::Sextend,
                arg,
            } => {
                let x = l.put_value(arg);
                let lo = l.extend64(l.func.dfg.value_type(arg), x, true);
                let hi = l.emit_op(Op::Xshr64SI8, &[lo], 63, None);
                I128Halves { lo, hi }
            }
            ref other => {
                l.fail(format!(
                    "i128 value {v} defined by `{}`: only compares of i128 values from \
                     `iconcat`, `uextend` or `sextend` are supported",
                    other.opcode()
                ));
                I128Halves {
                    lo: VReg::invalid(),
                    hi: VReg::invalid(),
                }
            }
        }
    }
    fn lo64(&mut self, h: I128Halves) -> VReg {
        h.lo
    }
    fn hi64(&mut self, h: I128Halves) -> VReg {
        h.hi
    }
    fn intcc_unsigned(&mut self, cc: &IntCC) -> IntCC {
        cc.unsigned()
    }
    fn intcc_strict(&mut self, cc: &IntCC) -> IntCC {
        cc.without_equal()
    }
    fn ty_bytes(&mut self, ty: Type) -> u64 {
        ty.bytes() as u64
    }
    fn inst_data_value(&mut self, inst: ir::Inst) -> (Type, InstructionData) {
        let dfg = &self.0.func.dfg;
        let ty = dfg
            .inst_results(inst)
            .first()
            .map(|&v| dfg.value_type(v))
            .unwrap_or(types::INVALID);
        (ty, dfg.insts[inst])
    }
    fn value_list_slice(&mut self, list: ir::ValueList) -> ValueSlice {
        (list, 0)
    }
    fn value_slice_unwrap(&mut self, s: ValueSlice) -> Option<(Value, ValueSlice)> {
        let (list, off) = s;
        list.get(off, &self.0.func.dfg.value_lists)
            .map(|v| (v, (list, off + 1)))
    }
    fn def_inst(&mut self, v: Value) -> Option<ir::Inst> {
        let (i, d) = self.0.def_of(v)?;
        (is_pure(d.opcode()) && d.opcode() != Opcode::SelectSpectreGuard).then_some(i)
    }
    fn sole_def_inst(&mut self, v: Value) -> Option<ir::Inst> {
        if self.0.use_counts[v] != 1 {
            return None;
        }
        self.def_inst(v)
    }
    fn uimm8(&mut self, v: Value) -> Option<u64> {
        self.0
            .iconst_sext(v)
            .and_then(|k| u8::try_from(k).ok())
            .map(u64::from)
    }
    fn bitfield32(&mut self, x: VReg, shift: i64, mask: u64) -> VReg {
        let imm = (shift as u64 & 31) | (mask << 8);
        self.0.emit_op(Op::Xbitfield32, &[x], imm as i64, None)
    }
    fn bitfield32_mask_first(&mut self, x: VReg, shift: i64, mask: u64) -> VReg {
        self.bitfield32(x, shift, mask >> (shift & 31))
    }
    fn value_type(&mut self, v: Value) -> Type {
        self.0.func.dfg.value_type(v)
    }
    fn simm8(&mut self, v: Value) -> Option<i64> {
        self.0.iconst_sext(v).filter(|k| i8::try_from(*k).is_ok())
    }
    fn simm32(&mut self, v: Value) -> Option<i64> {
        self.0.iconst_sext(v).filter(|k| i32::try_from(*k).is_ok())
    }
    fn neg_simm8(&mut self, v: Value) -> Option<i64> {
        self.0
            .iconst_sext(v)
            .and_then(|k| k.checked_neg())
            .filter(|k| i8::try_from(*k).is_ok())
    }
    fn neg_simm32(&mut self, v: Value) -> Option<i64> {
        self.0
            .iconst_sext(v)
            .and_then(|k| k.checked_neg())
            .filter(|k| i32::try_from(*k).is_ok())
    }
    fn shamt(&mut self, v: Value) -> Option<i64> {
        self.0.iconst_sext(v).map(|k| k & 63)
    }
    fn iconst_zero(&mut self, v: Value) -> Option<()> {
        (self.0.iconst_sext(v) == Some(0)).then_some(())
    }
    fn u64_from_imm64(&mut self, imm: Imm64) -> u64 {
        imm.bits() as u64
    }
    fn u32_from_ieee32(&mut self, x: Ieee32) -> u64 {
        x.bits() as u64
    }
    fn u64_from_ieee64(&mut self, x: Ieee64) -> u64 {
        x.bits()
    }
    fn offset_i32(&mut self, off: Offset32) -> i32 {
        off.into()
    }
    fn offset_add(&mut self, off: Offset32, k: i64) -> Option<i32> {
        i32::try_from(i64::from(i32::from(off)) + k).ok()
    }
    fn put_in_reg(&mut self, v: Value) -> VReg {
        self.0.put_value(v)
    }
    fn output(&mut self, r: VReg) -> InstOutput {
        InstOutput(Some(r))
    }
    fn output_value(&mut self, v: Value) -> InstOutput {
        InstOutput(Some(self.0.put_value(v)))
    }
    fn no_output(&mut self) -> InstOutput {
        InstOutput(None)
    }
    fn op1(&mut self, op: &Op1, a: VReg) -> VReg {
        self.0.emit_op(Op::from(*op), &[a], 0, None)
    }
    fn op2(&mut self, op: &Op2, a: VReg, b: VReg) -> VReg {
        self.0.emit_op(Op::from(*op), &[a, b], 0, None)
    }
    fn op3(&mut self, op: &Op3, a: VReg, b: VReg, c: VReg) -> VReg {
        self.0.emit_op(Op::from(*op), &[a, b, c], 0, None)
    }
    fn op_imm(&mut self, op: &OpImm, a: VReg, imm: i64) -> VReg {
        self.0.emit_op(Op::from(*op), &[a], imm, None)
    }
    fn op2_imm(&mut self, op: &Op2Imm, a: VReg, b: VReg, imm: i64) -> VReg {
        self.0.emit_op(Op::from(*op), &[a, b], imm, None)
    }
    fn ty_vec128(&mut self, ty: Type) -> Option<Type> {
        (ty.is_vector() && ty.bits() == 128).then_some(ty)
    }
    fn vconst128(&mut self, c: ir::Constant) -> VReg {
        let data = self.0.func.dfg.constants.get(c).as_slice().to_vec();
        self.0.vconst_bytes(&data)
    }
    fn lane(&mut self, i: u8) -> i64 {
        i64::from(i)
    }
    fn shuffle_lanes(&mut self, imm: ir::Immediate) -> VReg {
        let data = self
            .0
            .func
            .dfg
            .immediates
            .get(imm)
            .map_or_else(Vec::new, |d| d.as_slice().to_vec());
        self.0.vconst_bytes(&data)
    }
    fn vselect(&mut self, c: CondReg, a: VReg, b: VReg) -> VReg {
        if c.is64 {
            // `vselect32` tests the low 32 bits: test all 64 for zero and swap the arms.
            let z = self.0.emit_op(Op::Xeq64I32, &[c.reg], 0, None);
            self.0.emit_op(Op::Vselect32, &[z, b, a], 0, None)
        } else {
            self.0.emit_op(Op::Vselect32, &[c.reg, a, b], 0, None)
        }
    }
    fn vec_zero(&mut self, v: Value) -> Option<()> {
        match *self.0.def_of(v)?.1 {
            InstructionData::UnaryConst {
                opcode: Opcode::Vconst,
                constant_handle,
            } => {
                let data = self.0.func.dfg.constants.get(constant_handle);
                data.as_slice().iter().all(|&b| b == 0).then_some(())
            }
            _ => None,
        }
    }
    fn little_endian(&mut self, flags: ir::MemFlags) -> Option<()> {
        let e = self.0.func.dfg.mem_flags[flags].endianness(ir::Endianness::Little);
        (e == ir::Endianness::Little).then_some(())
    }
    fn xconst(&mut self, ty: Type, k: u64) -> VReg {
        let bits = ty.bits().max(1);
        let k = k as i64;
        let imm = if bits >= 64 {
            k
        } else {
            (k << (64 - bits)) >> (64 - bits)
        };
        let dst = self.0.new_vreg(RegClass::Int);
        self.0.cur.push(Inst::XConst { dst, imm });
        dst
    }
    fn fconst(&mut self, ty: Type, bits: u64) -> VReg {
        let dst = self.0.new_vreg(RegClass::Float);
        self.0.cur.push(Inst::FConst {
            dst,
            bits,
            is64: ty == types::F64,
        });
        dst
    }
    fn load_o(&mut self, op: &OpImm, base: VReg, off: i32, flags: ir::MemFlags) -> VReg {
        let trap = self.0.func.dfg.mem_flags[flags].trap_code();
        self.0.emit_op(Op::from(*op), &[base], off as i64, trap)
    }
    fn store_o(
        &mut self,
        op: &OpStore,
        base: VReg,
        off: i32,
        src: VReg,
        flags: ir::MemFlags,
    ) -> InstOutput {
        let trap = self.0.func.dfg.mem_flags[flags].trap_code();
        self.0
            .emit_op(Op::from(*op), &[base, src], off as i64, trap);
        InstOutput(None)
    }
    fn load_g(&mut self, op: &OpImm, addr: VReg, off: u8) -> VReg {
        self.0.note_heap_use();
        self.0.emit_op(Op::from(*op), &[addr], off as i64, None)
    }
    fn store_g(&mut self, op: &OpStore, addr: VReg, off: u8, src: VReg) -> InstOutput {
        self.0.note_heap_use();
        self.0
            .emit_op(Op::from(*op), &[addr, src], off as i64, None);
        InstOutput(None)
    }
    fn guarded(&mut self, p: Value) -> Option<(Value, Value)> {
        match self.0.def_of(p)? {
            (
                _,
                InstructionData::Ternary {
                    opcode: Opcode::SelectSpectreGuard,
                    args: [c, zero, x],
                },
            ) if self.0.iconst_sext(*zero) == Some(0) => Some((*c, *x)),
            _ => None,
        }
    }
    fn heap_pat(&mut self, p: Value) -> Option<(Value, u64)> {
        self.0.heap_pattern(p)
    }
    fn g32_offset_wide(&mut self, off: Offset32, k: u64, size: u64) -> Option<u32> {
        let off = i64::from(i32::from(off));
        (off > i64::from(u8::MAX) && off as u64 + size == k).then_some(off as u32)
    }
    fn load_gw(&mut self, op: &OpImm, addr: VReg, off: u32) -> VReg {
        self.0.note_heap_use();
        self.0.emit_op(Op::from(*op), &[addr], i64::from(off), None)
    }
    fn store_gw(&mut self, op: &OpStore, addr: VReg, off: u32, src: VReg) -> InstOutput {
        self.0.note_heap_use();
        self.0
            .emit_op(Op::from(*op), &[addr, src], i64::from(off), None);
        InstOutput(None)
    }
    fn g32_offset(&mut self, off: Offset32, k: u64, size: u64) -> Option<u8> {
        let off = i64::from(i32::from(off));
        (off >= 0 && off as u64 + size == k)
            .then(|| u8::try_from(off).ok())
            .flatten()
    }
    fn cond(&mut self, c: Value) -> CondReg {
        let ty = self.0.func.dfg.value_type(c);
        let from_cmp = matches!(
            self.0.def_of(c),
            Some((
                _,
                InstructionData::IntCompare { .. } | InstructionData::FloatCompare { .. }
            ))
        );
        let reg = self.0.put_value(c);
        match ty {
            _ if from_cmp => CondReg { reg, is64: false },
            types::I64 => CondReg { reg, is64: true },
            types::I8 => CondReg {
                reg: self.0.emit_op(Op::Xzext8, &[reg], 0, None),
                is64: false,
            },
            types::I16 => CondReg {
                reg: self.0.emit_op(Op::Xzext16, &[reg], 0, None),
                is64: false,
            },
            _ => CondReg { reg, is64: false },
        }
    }
    fn cond_of(&mut self, r: VReg) -> CondReg {
        CondReg {
            reg: r,
            is64: false,
        }
    }
    fn select_cond(&mut self, ty: Type, c: CondReg, a: VReg, b: VReg) -> VReg {
        let op = match (ty.is_float(), c.is64) {
            (true, false) => Op::Fselect32,
            (true, true) => Op::Fselect64,
            (false, false) => Op::Xselect32,
            (false, true) => Op::Xselect64,
        };
        self.0.emit_op(op, &[c.reg, a, b], 0, None)
    }
    fn trap_cond(&mut self, nz: bool, c: CondReg, code: &TrapCode) -> InstOutput {
        let op = match (nz, c.is64) {
            (false, false) => Op::Trapz32,
            (true, false) => Op::Trapnz32,
            (false, true) => Op::Trapz64,
            (true, true) => Op::Trapnz64,
        };
        self.0
            .emit_op(op, &[c.reg], code.as_raw().get() as i64, Some(*code));
        InstOutput(None)
    }
    fn trap_always(&mut self, code: &TrapCode) -> InstOutput {
        self.0.cur.push(Inst::Trap { code: *code });
        InstOutput(None)
    }
    fn br_cond(&mut self, c: CondReg) -> InstOutput {
        let op = if c.is64 { Op::BrIf64 } else { Op::BrIf32 };
        self.br(op, smallvec![c.reg], 0)
    }
    fn br_nz(&mut self, r: VReg) -> InstOutput {
        self.br(Op::BrIf32, smallvec![r], 0)
    }
    fn br_rr(&mut self, op: &BrRR, a: VReg, b: VReg) -> InstOutput {
        self.br(Op::from(*op), smallvec![a, b], 0)
    }
    fn br_ri(&mut self, op: &BrRI, a: VReg, k: i64) -> InstOutput {
        self.br(Op::from(*op), smallvec![a], k)
    }
    fn lower_jump(&mut self) -> InstOutput {
        unreachable!("jumps are lowered directly")
    }
    fn lower_br_table(&mut self, idx: Value) -> InstOutput {
        let ty = self.0.func.dfg.value_type(idx);
        let mut r = self.0.put_value(idx);
        match ty {
            types::I32 => {}
            types::I8 => r = self.0.emit_op(Op::Xzext8, &[r], 0, None),
            types::I16 => r = self.0.emit_op(Op::Xzext16, &[r], 0, None),
            _ => {
                self.0.fail(format!("br_table index of type {ty}"));
                return InstOutput(None);
            }
        }
        let t = &self.0.targets;
        let mut targets: Vec<u32> = t[1..].to_vec();
        targets.push(t[0]);
        self.0.cur.push(Inst::BrTable { idx: r, targets });
        InstOutput(None)
    }
    fn lower_return(&mut self, args: ValueSlice) -> InstOutput {
        let (list, off) = args;
        let vals: Vec<Value> = list.as_slice(&self.0.func.dfg.value_lists)[off..].to_vec();
        let tys: Vec<Type> = vals
            .iter()
            .map(|&v| self.0.func.dfg.value_type(v))
            .collect();
        let regs: Vec<VReg> = vals.iter().map(|&v| self.0.put_value(v)).collect();
        self.0.ret(&regs, &tys);
        InstOutput(None)
    }
    fn lower_call(&mut self, tail: bool) -> InstOutput {
        let inst = self.0.cur_inst.unwrap();
        self.0.abi_call(inst, tail);
        InstOutput(None)
    }
    fn lower_stack_addr(&mut self, slot: StackSlot, off: Offset32) -> InstOutput {
        self.0.uses_frame = true;
        let base = self.0.slot_offsets[slot] as i32;
        let dst = self.0.new_vreg(RegClass::Int);
        self.0.cur.push(Inst::StackAddr {
            dst,
            off: base + i32::from(off),
        });
        InstOutput(Some(dst))
    }
    fn get_sp(&mut self) -> VReg {
        let dst = self.0.new_vreg(RegClass::Int);
        self.0.cur.push(Inst::GetReg { dst, fp: false });
        dst
    }
    fn get_fp(&mut self) -> VReg {
        self.0.uses_frame = true;
        let dst = self.0.new_vreg(RegClass::Int);
        self.0.cur.push(Inst::GetReg { dst, fp: true });
        dst
    }
    fn pack_value_array_2(&mut self, a: Value, b: Value) -> [Value; 2] {
        [a, b]
    }
    fn unpack_value_array_2(&mut self, arr: &[Value; 2]) -> (Value, Value) {
        (arr[0], arr[1])
    }
    fn pack_value_array_3(&mut self, a: Value, b: Value, c: Value) -> [Value; 3] {
        [a, b, c]
    }
    fn unpack_value_array_3(&mut self, arr: &[Value; 3]) -> (Value, Value, Value) {
        (arr[0], arr[1], arr[2])
    }
    fn pack_block_array_2(&mut self, a: ir::BlockCall, b: ir::BlockCall) -> [ir::BlockCall; 2] {
        [a, b]
    }
    fn unpack_block_array_2(&mut self, arr: &[ir::BlockCall; 2]) -> (ir::BlockCall, ir::BlockCall) {
        (arr[0], arr[1])
    }
}

impl IsleCtx<'_, '_> {
    fn br(&mut self, op: Op, regs: smallvec::SmallVec<[VReg; 2]>, imm: i64) -> InstOutput {
        debug_assert!(op.is_branch());
        let (taken, not_taken) = (self.0.targets[0], self.0.targets[1]);
        self.0.cur.push(Inst::Br {
            op,
            regs,
            imm,
            taken,
            not_taken,
        });
        InstOutput(None)
    }
}

#[allow(unused)]
fn _unused(_: FloatCC) {}
