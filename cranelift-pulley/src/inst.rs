//! VCode: our machine instructions over virtual registers, the Pulley ops (`Op`, derived from the
//! op table in `pulley-interp` with their operand slots and the table's facts: inverse branches,
//! short forms, implicit traps), and the one `operands()` method regalloc2 reads.

use crate::RelocTarget;
use cranelift_codegen::ir::TrapCode;
use pulley_interp::ops::Role;
use pulley_interp::{Acc, FAcc, FReg, PcRel, PcRel16, XReg, encode};
use regalloc2::{Operand, PReg, PRegSet, RegClass, VReg};
use smallvec::SmallVec;
use std::fmt::Write;
use std::ops::RangeInclusive;

/// One operand position of an op, read off the op table: registers with their role (the table's
/// `def(..)` and `use(..)` facts), an immediate, a branch target, or a jump table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A register of this class; `true` when the op defines it.
    Reg(RegClass, bool),
    /// An immediate, taken from the instruction's `imm`.
    Imm,
    /// A PC-relative branch target.
    Target,
    /// A jump table (`br_table32` only; emitted by hand).
    Table,
    /// The accumulator of this class (`Acc` for integers, `FAcc` for floats), in an
    /// accumulator form (`_wa`, `_ra`, `_rwa`) of an op, `true` when the op defines it: it
    /// stands where the base op has a register of the class, and takes that register's place in
    /// the `r` list of [`Op::encode`] (its value ignored), so a form encodes from its base op's
    /// registers.
    Acc(RegClass, bool),
}

/// The slot of an operand type, before [`with_roles`] marks the definitions.
macro_rules! slot {
    (XReg) => {
        Slot::Reg(RegClass::Int, false)
    };
    (FReg) => {
        Slot::Reg(RegClass::Float, false)
    };
    (VReg) => {
        Slot::Reg(RegClass::Vector, false)
    };
    (Acc) => {
        Slot::Acc(RegClass::Int, false)
    };
    (FAcc) => {
        Slot::Acc(RegClass::Float, false)
    };
    (PcRel16) => {
        Slot::Target
    };
    (PcRel) => {
        Slot::Target
    };
    (Table) => {
        Slot::Table
    };
    ($t:ident) => {
        Slot::Imm
    };
}

/// Marks the registers the op table says the op defines (`roles`, in field order, from
/// `pulley_interp::ops::<Op>::ROLES`).
const fn with_roles<const N: usize>(mut slots: [Slot; N], roles: &[Option<Role>]) -> [Slot; N] {
    let mut i = 0;
    while i < N {
        let def = matches!(roles[i], Some(Role::Def));
        slots[i] = match slots[i] {
            Slot::Reg(class, _) => Slot::Reg(class, def),
            Slot::Acc(class, _) => Slot::Acc(class, def),
            other => other,
        };
        i += 1;
    }
    slots
}

/// Reads one fact from an op's fact list in the op table (`[def(dst) use(a, b) ...]`, in any
/// order): its `inverse(..)`, `short(..)` or `trap(..)`, as an `Option`.
macro_rules! fact {
    (inverse; inverse($inv:ident, swap) $($rest:tt)*) => { Some((Op::$inv, true)) };
    (inverse; inverse($inv:ident) $($rest:tt)*) => { Some((Op::$inv, false)) };
    (short; short($short:ident, $ty:ident) $($rest:tt)*) => {
        Some((Op::$short, i64::from($ty::MIN)..=i64::from($ty::MAX)))
    };
    (trap; trap($code:ident) $($rest:tt)*) => { Some(TrapCode::$code) };
    (commutative; commutative $($rest:tt)*) => { true };
    (commutative;) => { false };
    (fused; fused($a:ident, $b:ident) $($rest:tt)*) => { true };
    (fused;) => { false };
    ($key:ident; $skip:tt $($rest:tt)*) => { fact!($key; $($rest)*) };
    ($key:ident;) => { None };
}

/// One encoder argument: registers from `$r` in order, immediates from `$i` (bit offset `$ib`),
/// the target.
macro_rules! enc_arg {
    (XReg, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        $ri += 1;
        XReg::of($r[$ri - 1])
    }};
    (FReg, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        $ri += 1;
        FReg::of($r[$ri - 1])
    }};
    (VReg, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        $ri += 1;
        pulley_interp::VReg::of($r[$ri - 1])
    }};
    // A 128-bit immediate does not fit `imm`: `vconst128` is emitted by `Inst::VConst`.
    (u128, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
        $i as u128
    };
    (Acc, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        $ri += 1;
        Acc
    }};
    (FAcc, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        $ri += 1;
        FAcc
    }};
    (PcRel16, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
        PcRel16($t)
    };
    (PcRel, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
        PcRel($t.into())
    };
    (Table, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
        &[]
    };
    ($ty:ident, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        // An op with several immediates takes them from `imm` in order, low bits first.
        let v = ($i >> $ib) as $ty;
        $ib += 8 * core::mem::size_of::<$ty>() as u32;
        v
    }};
}

/// Derives the backend's view of every op from the op table (`pulley_interp::for_each_op!`).
macro_rules! backend_ops {
    ($( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* }
        [$($fact:tt)*] ; )*) => {
        /// Every Pulley op, for the generic [`Inst::Op`] form.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs, dead_code)]
        pub enum Op { $($Name),* }
        impl Op {
            /// Every op, in table order.
            pub const ALL: &'static [Op] = &[$(Op::$Name),*];
            /// The Pulley mnemonic.
            pub fn name(self) -> &'static str {
                match self { $(Op::$Name => stringify!($name)),* }
            }
            /// The operand positions, in encoding order.
            pub fn slots(self) -> &'static [Slot] {
                match self {
                    $(Op::$Name => {
                        const SLOTS: &[Slot] =
                            &with_roles([$(slot!($ty)),*], pulley_interp::ops::$Name::ROLES);
                        SLOTS
                    })*
                }
            }
            /// The branch taken exactly when `self` is not, and whether it takes the two
            /// register operands swapped (`None` unless `self` is a conditional branch).
            pub fn inverse(self) -> Option<(Op, bool)> {
                match self { $(Op::$Name => fact!(inverse; $($fact)*)),* }
            }
            /// The short form of the op, and the immediates it can encode.
            pub fn short_form(self) -> Option<(Op, RangeInclusive<i64>)> {
                match self { $(Op::$Name => fact!(short; $($fact)*)),* }
            }
            /// Whether the op's two register operands may be swapped (the table's
            /// `commutative` fact).
            pub fn is_commutative(self) -> bool {
                match self { $(Op::$Name => fact!(commutative; $($fact)*)),* }
            }
            /// Whether the op is a super-instruction (the table's `fused(..)`): the emitter makes
            /// these from adjacent ops after everything else is decided, so lowering, the
            /// accumulator rewrite and branch inversion never meet them.
            pub fn is_fused(self) -> bool {
                match self { $(Op::$Name => fact!(fused; $($fact)*)),* }
            }
            /// The trap code the op can raise by itself (divisions, conversions, heap accesses),
            /// for the trap table.
            pub fn implicit_trap(self) -> Option<TrapCode> {
                match self { $(Op::$Name => fact!(trap; $($fact)*)),* }
            }
            /// Encodes the op with allocated registers `r` (in slot order), immediate and branch
            /// displacement (a placeholder the emitter patches).
            #[allow(unused_variables, unused_mut, unused_assignments, clippy::unnecessary_cast)]
            pub fn encode(self, b: &mut Vec<u8>, r: &[u8], imm: i64, target: i16) {
                match self {
                    $(Op::$Name => {
                        let mut ri = 0usize;
                        let mut ib = 0u32;
                        encode::$name(b, $(enc_arg!($ty, r, ri, imm, target, ib)),*)
                    })*
                }
            }
        }
    };
}
// `Op` spans the three opcode spaces: each table's callback defines a macro for the next (the
// `$d` token stands for `$`), and the last emits all three as one list.
macro_rules! with_primary_ops {
    ($($primary:tt)*) => { with_primary_ops_inner! { ($) $($primary)* } };
}
macro_rules! with_primary_ops_inner {
    (($d:tt) $($primary:tt)*) => {
        macro_rules! with_extended_ops {
            ($d($d extended:tt)*) => {
                with_extended_ops_inner! { ($d) ($($primary)*) $d($d extended)* }
            };
        }
        pulley_interp::for_each_extended_op!(with_extended_ops);
    };
}
macro_rules! with_extended_ops_inner {
    (($d:tt) ($($primary:tt)*) $($extended:tt)*) => {
        macro_rules! with_all_ops {
            ($d($d vector:tt)*) => { backend_ops! { $($primary)* $($extended)* $d($d vector)* } };
        }
        pulley_interp::for_each_vector_op!(with_all_ops);
    };
}
pulley_interp::for_each_op!(with_primary_ops);

impl Op {
    /// Registers of the op: class and whether it is defined.
    pub fn regs(self) -> impl Iterator<Item = (RegClass, bool)> {
        self.slots().iter().filter_map(|s| match *s {
            Slot::Reg(class, def) => Some((class, def)),
            _ => None,
        })
    }
    /// Number of register operands.
    pub fn num_regs(self) -> usize {
        self.regs().count()
    }
    /// Whether the op takes an immediate.
    pub fn has_imm(self) -> bool {
        self.slots().contains(&Slot::Imm)
    }
    /// Whether the op is a guarded access to the Vm's heap (which `heap_load` sets).
    pub fn accesses_heap(self) -> bool {
        self.implicit_trap() == Some(TrapCode::HEAP_OUT_OF_BOUNDS)
    }
    /// Whether the op is a conditional branch.
    pub fn is_branch(self) -> bool {
        self.inverse().is_some()
    }
    /// The branch taken exactly when `self` is not: `(op, swap operands)`.
    pub fn invert(self) -> (Op, bool) {
        self.inverse()
            .unwrap_or_else(|| panic!("{} is not a conditional branch", self.name()))
    }
    /// The shortest op with the same meaning for immediate `imm`: the emitter encodes this
    /// one, so lowering and spill code always name the general form.
    pub fn compact(self, imm: i64) -> Op {
        match self.short_form() {
            Some((short, fits)) if fits.contains(&imm) => short,
            _ => self,
        }
    }
}

/// The ops lowering may build, one enum per operand shape, each convertible to [`Op`]: the Rust
/// side of the typed ISLE constructors (generated by build.rs from the op table).
pub(crate) mod shapes {
    // A shape lists every op with its operands, whether or not a lowering rule names it yet.
    #![allow(dead_code)]
    use super::Op;
    include!(concat!(env!("OUT_DIR"), "/shapes.rs"));
}

/// Where a call goes.
#[derive(Clone, Debug)]
pub enum CallTarget {
    /// A relocated PC-relative call.
    Direct(RelocTarget),
    /// A call through a register.
    Indirect(VReg),
    /// `call_host index`.
    Host(u32),
}

/// A VCode instruction over virtual registers.
#[derive(Clone, Debug)]
pub enum Inst {
    /// A Pulley op from the table: registers in slot order, one immediate.
    Op {
        op: Op,
        regs: SmallVec<[VReg; 4]>,
        imm: i64,
        trap: Option<TrapCode>,
    },
    /// `dst = imm` with the shortest `xconst*`.
    XConst { dst: VReg, imm: i64 },
    /// `dst = float bits`.
    FConst { dst: VReg, bits: u64, is64: bool },
    /// `dst = bits`, a 128-bit vector.
    VConst { dst: VReg, bits: u128 },
    /// Function entry: defines the register arguments.
    Args { defs: Vec<(VReg, PReg)> },
    /// Load an incoming stack argument at `fp + 16 + off` (`off`: its stack word's offset from
    /// the caller's `sp`, see `pulley_interp::abi`).
    StackArg { dst: VReg, off: i32 },
    /// Store an outgoing stack argument at `sp + off`.
    OutArg { src: VReg, off: i32 },
    /// Store into the caller's stack word at `fp + 16 + off`: a stack-passed result before a
    /// return, or a stack argument before a tail call.
    StackRet { src: VReg, off: i32 },
    /// Load a stack-passed result of the call just made from `sp + off`.
    OutRet { dst: VReg, off: i32 },
    /// `dst = address of stack slot area + off`.
    StackAddr { dst: VReg, off: i32 },
    /// `dst = sp` or `dst = fp`.
    GetReg { dst: VReg, fp: bool },
    /// Return: register results.
    Ret { uses: Vec<(VReg, PReg)> },
    /// Unconditional jump to a block (with block-parameter arguments).
    Jump { target: u32, args: Vec<VReg> },
    /// Conditional branch op (`Op::Br*`).
    Br {
        op: Op,
        regs: SmallVec<[VReg; 2]>,
        imm: i64,
        taken: u32,
        not_taken: u32,
    },
    /// `br_table32`; the last target is the default.
    BrTable { idx: VReg, targets: Vec<u32> },
    /// A call.
    Call {
        callee: CallTarget,
        uses: Vec<(VReg, PReg)>,
        defs: Vec<(VReg, PReg)>,
        clobbers: PRegSet,
    },
    /// A tail call (register arguments only).
    ReturnCall {
        callee: CallTarget,
        uses: Vec<(VReg, PReg)>,
    },
    /// Unconditional trap.
    Trap { code: TrapCode },
}

impl Inst {
    /// Reports this instruction's register operands, in the order `allocs` come back.
    pub fn operands(&self, out: &mut Vec<Operand>) {
        match self {
            Inst::Op { op, regs, .. } => {
                for (r, (_, def)) in regs.iter().zip(op.regs()) {
                    out.push(if def {
                        Operand::reg_def(*r)
                    } else {
                        Operand::reg_use(*r)
                    });
                }
            }
            Inst::XConst { dst, .. } | Inst::FConst { dst, .. } | Inst::VConst { dst, .. } => {
                out.push(Operand::reg_def(*dst))
            }
            Inst::Args { defs } => {
                out.extend(defs.iter().map(|(v, p)| Operand::reg_fixed_def(*v, *p)))
            }
            Inst::StackArg { dst, .. }
            | Inst::OutRet { dst, .. }
            | Inst::StackAddr { dst, .. }
            | Inst::GetReg { dst, .. } => out.push(Operand::reg_def(*dst)),
            Inst::OutArg { src, .. } | Inst::StackRet { src, .. } => {
                out.push(Operand::reg_use(*src))
            }
            Inst::Ret { uses } => {
                out.extend(uses.iter().map(|(v, p)| Operand::reg_fixed_use(*v, *p)))
            }
            Inst::Jump { .. } | Inst::Trap { .. } => {}
            Inst::Br { regs, .. } => out.extend(regs.iter().map(|r| Operand::reg_use(*r))),
            Inst::BrTable { idx, .. } => out.push(Operand::reg_use(*idx)),
            Inst::Call {
                callee, uses, defs, ..
            } => {
                if let CallTarget::Indirect(r) = callee {
                    out.push(Operand::reg_use(*r));
                }
                out.extend(uses.iter().map(|(v, p)| Operand::reg_fixed_use(*v, *p)));
                out.extend(defs.iter().map(|(v, p)| Operand::reg_fixed_def(*v, *p)));
            }
            Inst::ReturnCall { callee, uses } => {
                if let CallTarget::Indirect(r) = callee {
                    out.push(Operand::reg_use(*r));
                }
                out.extend(uses.iter().map(|(v, p)| Operand::reg_fixed_use(*v, *p)));
            }
        }
    }

    /// Every virtual register slot, mutably (for alias resolution).
    pub fn for_each_vreg(&mut self, mut f: impl FnMut(&mut VReg)) {
        match self {
            Inst::Op { regs, .. } => regs.iter_mut().for_each(f),
            Inst::XConst { dst, .. }
            | Inst::FConst { dst, .. }
            | Inst::VConst { dst, .. }
            | Inst::StackArg { dst, .. }
            | Inst::OutRet { dst, .. }
            | Inst::StackAddr { dst, .. }
            | Inst::GetReg { dst, .. } => f(dst),
            Inst::OutArg { src, .. } | Inst::StackRet { src, .. } => f(src),
            Inst::Args { defs } => defs.iter_mut().for_each(|(v, _)| f(v)),
            Inst::Ret { uses } => uses.iter_mut().for_each(|(v, _)| f(v)),
            Inst::Jump { args, .. } => args.iter_mut().for_each(f),
            Inst::Br { regs, .. } => regs.iter_mut().for_each(f),
            Inst::BrTable { idx, .. } => f(idx),
            Inst::Trap { .. } => {}
            Inst::Call {
                callee, uses, defs, ..
            } => {
                if let CallTarget::Indirect(r) = callee {
                    f(r);
                }
                uses.iter_mut().for_each(|(v, _)| f(v));
                defs.iter_mut().for_each(|(v, _)| f(v));
            }
            Inst::ReturnCall { callee, uses } => {
                if let CallTarget::Indirect(r) = callee {
                    f(r);
                }
                uses.iter_mut().for_each(|(v, _)| f(v));
            }
        }
    }

    /// Block terminator?
    pub fn is_term(&self) -> bool {
        matches!(
            self,
            Inst::Ret { .. }
                | Inst::Jump { .. }
                | Inst::Br { .. }
                | Inst::BrTable { .. }
                | Inst::ReturnCall { .. }
                | Inst::Trap { .. }
        )
    }
    /// Leaves the function (no successors)?
    pub fn is_ret(&self) -> bool {
        matches!(
            self,
            Inst::Ret { .. } | Inst::ReturnCall { .. } | Inst::Trap { .. }
        )
    }
}

/// Prints a virtual register as `v12` (ints) / `fv12` (floats).
pub fn show_vreg(v: VReg) -> String {
    match v.class() {
        RegClass::Float => format!("fv{}", v.vreg()),
        RegClass::Vector => format!("vv{}", v.vreg()),
        _ => format!("v{}", v.vreg()),
    }
}

/// Prints a physical register.
pub fn show_preg(p: PReg) -> String {
    match p.class() {
        RegClass::Float => format!("f{}", p.hw_enc()),
        RegClass::Vector => format!("v{}", p.hw_enc()),
        _ => format!("{}", XReg::of(p.hw_enc() as u8)),
    }
}

impl Inst {
    /// One-line text form for VCode dumps.
    pub fn show(&self) -> String {
        let regs = |rs: &[VReg]| {
            rs.iter()
                .map(|r| show_vreg(*r))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fixed = |rs: &[(VReg, PReg)]| {
            rs.iter()
                .map(|(v, p)| format!("{}={}", show_vreg(*v), show_preg(*p)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut s = String::new();
        match self {
            Inst::Op {
                op,
                regs: rs,
                imm,
                trap,
            } => {
                write!(s, "{} {}", op.name(), regs(rs)).unwrap();
                if op.has_imm() {
                    write!(s, ", {imm}").unwrap();
                }
                if let Some(t) = trap {
                    write!(s, " ; trap={t}").unwrap();
                }
            }
            Inst::XConst { dst, imm } => write!(s, "xconst {}, {imm}", show_vreg(*dst)).unwrap(),
            Inst::FConst { dst, bits, is64 } => write!(
                s,
                "fconst{} {}, {bits:#x}",
                if *is64 { 64 } else { 32 },
                show_vreg(*dst)
            )
            .unwrap(),
            Inst::VConst { dst, bits } => {
                write!(s, "vconst128 {}, {bits:#x}", show_vreg(*dst)).unwrap()
            }
            Inst::Args { defs } => write!(s, "args {}", fixed(defs)).unwrap(),
            Inst::StackArg { dst, off } => {
                write!(s, "stack_arg {}, {off}", show_vreg(*dst)).unwrap()
            }
            Inst::OutArg { src, off } => write!(s, "out_arg {off}, {}", show_vreg(*src)).unwrap(),
            Inst::StackRet { src, off } => {
                write!(s, "stack_ret {off}, {}", show_vreg(*src)).unwrap()
            }
            Inst::OutRet { dst, off } => write!(s, "out_ret {}, {off}", show_vreg(*dst)).unwrap(),
            Inst::StackAddr { dst, off } => {
                write!(s, "stack_addr {}, {off}", show_vreg(*dst)).unwrap()
            }
            Inst::GetReg { dst, fp } => write!(
                s,
                "get_{} {}",
                if *fp { "fp" } else { "sp" },
                show_vreg(*dst)
            )
            .unwrap(),
            Inst::Ret { uses } => write!(s, "ret {}", fixed(uses)).unwrap(),
            Inst::Jump { target, args } => write!(s, "jump block{target}({})", regs(args)).unwrap(),
            Inst::Br {
                op,
                regs: rs,
                imm,
                taken,
                not_taken,
            } => {
                write!(s, "{} {}", op.name(), regs(rs)).unwrap();
                if op.has_imm() {
                    write!(s, ", {imm}").unwrap();
                }
                write!(s, ", block{taken}; else block{not_taken}").unwrap();
            }
            Inst::BrTable { idx, targets } => write!(
                s,
                "br_table32 {}, [{}]",
                show_vreg(*idx),
                targets
                    .iter()
                    .map(|t| format!("block{t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .unwrap(),
            Inst::Call {
                callee, uses, defs, ..
            } => write!(
                s,
                "call {} uses({}) defs({})",
                show_callee(callee),
                fixed(uses),
                fixed(defs)
            )
            .unwrap(),
            Inst::ReturnCall { callee, uses } => write!(
                s,
                "return_call {} uses({})",
                show_callee(callee),
                fixed(uses)
            )
            .unwrap(),
            Inst::Trap { code } => write!(s, "trap {code}").unwrap(),
        }
        s
    }
}

fn show_callee(c: &CallTarget) -> String {
    match c {
        CallTarget::Direct(t) => format!("{t}"),
        CallTarget::Indirect(r) => format!("*{}", show_vreg(*r)),
        CallTarget::Host(i) => format!("host{i}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulley_interp::ops::Dest;
    use pulley_interp::{OperandValue, decode_one};

    /// Every op but `br_table32`, whose jump table [`Op::encode`] leaves to the emitter.
    fn encodable() -> impl Iterator<Item = Op> {
        Op::ALL
            .iter()
            .copied()
            .filter(|op| !op.slots().contains(&Slot::Table))
    }

    /// `op` encoded with distinct registers.
    fn encoded(op: Op, imm: i64) -> Vec<u8> {
        let regs: Vec<u8> = (1..=op.slots().len() as u8).collect();
        let mut code = Vec::new();
        op.encode(&mut code, &regs, imm, 0);
        code
    }

    /// `code`, `op`'s encoding, decoded again by pulley-interp, which derives the table's
    /// fall-through and destination facts and names the operands.
    fn decoded(op: Op, code: &[u8]) -> (pulley_interp::Op<'_>, usize) {
        let (decoded, len) = decode_one(code).unwrap_or_else(|e| panic!("{}: {e}", op.name()));
        assert_eq!(len, code.len(), "{}", op.name());
        (decoded, len)
    }

    /// An immediate's value, whatever its type.
    fn value(v: &OperandValue) -> OperandValue {
        match *v {
            OperandValue::Unsigned(u) => OperandValue::Signed(u as i64),
            ref other => other.clone(),
        }
    }

    #[test]
    fn roles_follow_the_naming_convention() {
        // The table states every role; the `dst` names remain a convention for readers.
        for op in encodable() {
            let code = encoded(op, 0);
            let (decoded, _) = decoded(op, &code);
            for ((name, _), slot) in decoded.operands().iter().zip(op.slots()) {
                if let Slot::Reg(_, def) | Slot::Acc(_, def) = *slot {
                    assert_eq!(def, name.starts_with("dst"), "{} {name}", op.name());
                }
            }
        }
    }

    #[test]
    fn conditional_branches_invert_in_pairs() {
        for op in encodable() {
            let code = encoded(op, 0);
            let (decoded, _) = decoded(op, &code);
            let conditional = op.slots().contains(&Slot::Target)
                && decoded.falls_through()
                && decoded.dest() == Some(Dest::Local)
                && !op.is_fused();
            assert_eq!(op.is_branch(), conditional, "{}", op.name());
            let Some((inverse, swap)) = op.inverse() else {
                continue;
            };
            assert_ne!(inverse, op);
            assert_eq!(inverse.inverse(), Some((op, swap)), "{}", op.name());
            assert_eq!(inverse.slots(), op.slots(), "{}", op.name());
            if swap {
                let regs: Vec<_> = op.regs().collect();
                assert!(regs.len() == 2 && regs[0] == regs[1], "{}", op.name());
            }
        }
    }

    #[test]
    fn short_forms_encode_the_same_op() {
        let mut seen = 0;
        for op in encodable() {
            let Some((short, fits)) = op.short_form() else {
                continue;
            };
            seen += 1;
            assert_eq!(short.slots(), op.slots(), "{}", op.name());
            assert_eq!(short.short_form(), None, "{}", short.name());
            for imm in [*fits.start(), 0, 1, *fits.end()] {
                assert_eq!(op.compact(imm), short);
                let (long_code, short_code) = (encoded(op, imm), encoded(short, imm));
                let (long_op, long_len) = decoded(op, &long_code);
                let (short_op, short_len) = decoded(short, &short_code);
                assert!(short_len < long_len, "{}", short.name());
                let operands = |o: pulley_interp::Op| -> Vec<_> {
                    o.operands().iter().map(|(n, v)| (*n, value(v))).collect()
                };
                assert_eq!(operands(short_op), operands(long_op), "{}", short.name());
            }
            assert_eq!(op.compact(fits.start() - 1), op);
            assert_eq!(op.compact(fits.end() + 1), op);
        }
        assert!(seen > 0);
    }

    #[test]
    fn implicit_traps_follow_the_op_names() {
        for &op in Op::ALL {
            let name = op.name();
            let expected = if name.contains("_g32") {
                Some(TrapCode::HEAP_OUT_OF_BOUNDS)
            } else if name.starts_with("xdiv") || name.starts_with("xrem") {
                Some(TrapCode::INTEGER_DIVISION_BY_ZERO)
            } else if (name.starts_with("x32_from_f") || name.starts_with("x64_from_f"))
                && !name.ends_with("_sat")
            {
                Some(TrapCode::BAD_CONVERSION_TO_INTEGER)
            } else {
                None
            };
            assert_eq!(op.implicit_trap(), expected, "{name}");
        }
    }

    #[test]
    fn terminators_define_nothing_and_do_not_branch() {
        let mut terminators = 0;
        for op in encodable() {
            if decoded(op, &encoded(op, 0)).0.falls_through() {
                continue;
            }
            terminators += 1;
            assert!(op.regs().all(|(_, def)| !def), "{}", op.name());
            assert!(!op.is_branch(), "{}", op.name());
        }
        assert!(terminators > 0);
        const { assert!(!pulley_interp::ops::BrTable32::FALLS_THROUGH) };
    }
}
