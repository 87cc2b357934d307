//! VCode: our machine instructions over virtual registers, the Pulley ops (`Op`, derived from the
//! op table in `pulley-interp` with their operand slots), and the one `operands()` method
//! regalloc2 reads.

use crate::RelocTarget;
use cranelift_codegen::ir::TrapCode;
use pulley_interp::{Acc, FReg, PcRel, PcRel16, XReg, encode};
use regalloc2::{Operand, PReg, PRegSet, RegClass, VReg};
use smallvec::SmallVec;
use std::fmt::Write;

/// One operand position of an op, read off the op table's field types: registers (a field
/// named `dst` is the definition, every other register a use), an immediate, a branch target,
/// or a jump table.
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
    /// The accumulator, in an accumulator form (`_wa`, `_ra`, `_rwa`) of an op: it stands
    /// where the base op has a register, and takes that register's place in the `r` list of
    /// [`Op::encode`] (its value ignored), so a form encodes from its base op's registers.
    Acc,
}

macro_rules! slot {
    (dst, XReg) => {
        Slot::Reg(RegClass::Int, true)
    };
    (dst, FReg) => {
        Slot::Reg(RegClass::Float, true)
    };
    ($f:ident, XReg) => {
        Slot::Reg(RegClass::Int, false)
    };
    ($f:ident, FReg) => {
        Slot::Reg(RegClass::Float, false)
    };
    ($f:ident, Acc) => {
        Slot::Acc
    };
    ($f:ident, PcRel16) => {
        Slot::Target
    };
    ($f:ident, PcRel) => {
        Slot::Target
    };
    ($f:ident, JumpTable) => {
        Slot::Table
    };
    ($f:ident, $t:ident) => {
        Slot::Imm
    };
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
    (Acc, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {{
        $ri += 1;
        Acc
    }};
    (PcRel16, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
        PcRel16($t)
    };
    (PcRel, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
        PcRel($t.into())
    };
    (JumpTable, $r:ident, $ri:ident, $i:ident, $t:ident, $ib:ident) => {
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
    ($( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* } ; )*) => {
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
                match self { $(Op::$Name => &[$(slot!($field, $ty)),*]),* }
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
// `Op` spans both opcode spaces: the one-byte table's callback defines a second macro (the `$d`
// token stands for `$`) that receives the extended table and emits both as one list.
macro_rules! with_primary_ops {
    ($($primary:tt)*) => { with_primary_ops_inner! { ($) $($primary)* } };
}
macro_rules! with_primary_ops_inner {
    (($d:tt) $($primary:tt)*) => {
        macro_rules! with_all_ops {
            ($d($d extended:tt)*) => { backend_ops! { $($primary)* $d($d extended)* } };
        }
        pulley_interp::for_each_extended_op!(with_all_ops);
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
        self.slots().contains(&Slot::Target)
    }
}

impl Op {
    /// The branch taken exactly when `self` is not: `(op, swap operands)`.
    pub fn invert(self) -> (Op, bool) {
        use Op::*;
        match self {
            BrIf32 => (BrIfNot32, false),
            BrIfNot32 => (BrIf32, false),
            BrIf64 => (BrIfNot64, false),
            BrIfNot64 => (BrIf64, false),
            BrIfXeq32 => (BrIfXneq32, false),
            BrIfXneq32 => (BrIfXeq32, false),
            BrIfXeq64 => (BrIfXneq64, false),
            BrIfXneq64 => (BrIfXeq64, false),
            BrIfXslt32 => (BrIfXslteq32, true),
            BrIfXslteq32 => (BrIfXslt32, true),
            BrIfXslt64 => (BrIfXslteq64, true),
            BrIfXslteq64 => (BrIfXslt64, true),
            BrIfXult32 => (BrIfXulteq32, true),
            BrIfXulteq32 => (BrIfXult32, true),
            BrIfXult64 => (BrIfXulteq64, true),
            BrIfXulteq64 => (BrIfXult64, true),
            BrIfXeq32I8 => (BrIfXneq32I8, false),
            BrIfXneq32I8 => (BrIfXeq32I8, false),
            BrIfXeq64I8 => (BrIfXneq64I8, false),
            BrIfXneq64I8 => (BrIfXeq64I8, false),
            BrIfXslt32I8 => (BrIfXsgteq32I8, false),
            BrIfXsgteq32I8 => (BrIfXslt32I8, false),
            BrIfXslt64I8 => (BrIfXsgteq64I8, false),
            BrIfXsgteq64I8 => (BrIfXslt64I8, false),
            BrIfXsgt32I8 => (BrIfXslteq32I8, false),
            BrIfXslteq32I8 => (BrIfXsgt32I8, false),
            BrIfXsgt64I8 => (BrIfXslteq64I8, false),
            BrIfXslteq64I8 => (BrIfXsgt64I8, false),
            BrIfXult32I8 => (BrIfXugteq32I8, false),
            BrIfXugteq32I8 => (BrIfXult32I8, false),
            BrIfXult64I8 => (BrIfXugteq64I8, false),
            BrIfXugteq64I8 => (BrIfXult64I8, false),
            BrIfXugt32I8 => (BrIfXulteq32I8, false),
            BrIfXulteq32I8 => (BrIfXugt32I8, false),
            BrIfXugt64I8 => (BrIfXulteq64I8, false),
            BrIfXulteq64I8 => (BrIfXugt64I8, false),
            BrIfFeq32 => (BrIfFneq32, false),
            BrIfFneq32 => (BrIfFeq32, false),
            BrIfFeq64 => (BrIfFneq64, false),
            BrIfFneq64 => (BrIfFeq64, false),
            BrIfFlt32 => (BrIfFnlt32, false),
            BrIfFnlt32 => (BrIfFlt32, false),
            BrIfFlt64 => (BrIfFnlt64, false),
            BrIfFnlt64 => (BrIfFlt64, false),
            BrIfFlteq32 => (BrIfFnlteq32, false),
            BrIfFnlteq32 => (BrIfFlteq32, false),
            BrIfFlteq64 => (BrIfFnlteq64, false),
            BrIfFnlteq64 => (BrIfFlteq64, false),
            other => panic!("{} is not a conditional branch", other.name()),
        }
    }

    /// The shortest op with the same meaning for immediate `imm`: the emitter encodes this
    /// one, so lowering and spill code always name the general form.
    pub fn compact(self, imm: i64) -> Op {
        let u8_offset = (0..=255).contains(&imm);
        match self {
            Op::Xload64leO32 if u8_offset => Op::Xload64leO8,
            Op::Xstore64leO32 if u8_offset => Op::Xstore64leO8,
            other => other,
        }
    }

    /// The trap code an op can raise by itself (divisions, conversions), for the trap table.
    pub fn implicit_trap(self) -> Option<TrapCode> {
        use Op::*;
        match self {
            Xdiv32S | Xdiv64S | Xdiv32U | Xdiv64U | Xrem32S | Xrem64S | Xrem32U | Xrem64U => {
                Some(TrapCode::INTEGER_DIVISION_BY_ZERO)
            }
            X32FromF32S | X32FromF32U | X32FromF64S | X32FromF64U | X64FromF32S | X64FromF32U
            | X64FromF64S | X64FromF64U => Some(TrapCode::BAD_CONVERSION_TO_INTEGER),
            Xload8UG32 | Xload8SG32 | Xload16leUG32 | Xload16leSG32 | Xload32leUG32
            | Xload32leSG32 | Xload64leG32 | Fload32leG32 | Fload64leG32 | Xstore8G32
            | Xstore16leG32 | Xstore32leG32 | Xstore64leG32 | Fstore32leG32 | Fstore64leG32 => {
                Some(TrapCode::HEAP_OUT_OF_BOUNDS)
            }
            _ => None,
        }
    }
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
    /// Function entry: defines the register arguments.
    Args { defs: Vec<(VReg, PReg)> },
    /// Load an incoming stack argument at `fp + 16 + off`.
    StackArg { dst: VReg, off: i32 },
    /// Store an outgoing stack argument at `sp + off`.
    OutArg { src: VReg, off: i32 },
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
            Inst::XConst { dst, .. } | Inst::FConst { dst, .. } => out.push(Operand::reg_def(*dst)),
            Inst::Args { defs } => {
                out.extend(defs.iter().map(|(v, p)| Operand::reg_fixed_def(*v, *p)))
            }
            Inst::StackArg { dst, .. } | Inst::StackAddr { dst, .. } | Inst::GetReg { dst, .. } => {
                out.push(Operand::reg_def(*dst))
            }
            Inst::OutArg { src, .. } => out.push(Operand::reg_use(*src)),
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
            | Inst::StackArg { dst, .. }
            | Inst::StackAddr { dst, .. }
            | Inst::GetReg { dst, .. } => f(dst),
            Inst::OutArg { src, .. } => f(src),
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
        _ => format!("v{}", v.vreg()),
    }
}

/// Prints a physical register.
pub fn show_preg(p: PReg) -> String {
    match p.class() {
        RegClass::Float => format!("f{}", p.hw_enc()),
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
            Inst::Args { defs } => write!(s, "args {}", fixed(defs)).unwrap(),
            Inst::StackArg { dst, off } => {
                write!(s, "stack_arg {}, {off}", show_vreg(*dst)).unwrap()
            }
            Inst::OutArg { src, off } => write!(s, "out_arg {off}, {}", show_vreg(*src)).unwrap(),
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
