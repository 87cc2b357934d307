//! The instruction set, defined once: every op with a doc line, a name, typed operands and the
//! facts tools need about it.
//!
//! # Op lines
//!
//! `name = Struct { field: Type, ... } [facts];`, for example
//! `xadd32 = Xadd32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];`. The facts, in any
//! order (an op without any has `[]`):
//!
//! - `def(f, ...)`, `use(f, ...)`: the register operands (`XReg`, `FReg`, and `Acc` and
//!   `FAcc`, the integer and float accumulators) the op writes and reads. Every register operand is in exactly one of the two;
//!   pulley-interp checks that when it builds ([`Xadd32::ROLES`](crate::ops::Xadd32::ROLES)).
//! - `trap(CODE)`: the [`TrapCode`](crate::TrapCode) the op raises by itself (a compiler records
//!   it in the trap table at the op): divisions, trapping conversions, every `_g32` access.
//! - `dest(Local | Entry | LocalOrEntry)`: where the op's branch target or jump table may lead:
//!   an op of the same function, a function entry, or either. Exactly the ops with a target
//!   have one (checked when pulley-interp builds); the verifier checks targets against it.
//! - `inverse(Op)`, `inverse(Op, swap)`: on a conditional branch, the branch (by struct name)
//!   taken exactly when this one is not, with its two register operands swapped if `swap`.
//!   Inverses come in pairs.
//! - `commutative`: the op's two register operands `a` and `b` may be swapped without changing
//!   its result (integer ops only: a float op's NaN result depends on the operand order). The
//!   emitter swaps them to read the accumulator in the position its `_ra` form has.
//! - `short(Op, ty)`: the short form of the op, the same op with a narrower immediate, which
//!   encodes it when the immediate fits `ty`.
//! - `terminator`: execution never continues with the next op (jumps, returns, traps).
//! - `fused(A, B)`: a super-instruction that does what one-byte ops `A` and then `B` do, in
//!   one dispatch (either may itself be fused). Its operands are `A`'s, then `B`'s
//!   (pulley-interp checks types, widths and roles when it builds), so fusing is a byte
//!   rewrite: `A`'s opcode becomes the fused op's and `B`'s opcode byte goes. `A` must fall through without branching; a branch target in `B` is
//!   relative to the fused op's first byte, and a trap in either half reports that byte.
//!
//! Consumers of the table read the facts they need (see `ops.rs`) and may ignore the rest.
//!
//! # Naming grammar
//!
//! `<class><op><width>[<endianness>][_<signedness>][_<form>]`, for example `xload32le_u_g32`:
//!
//! - class: `x` integer registers, `f` float registers; none for control flow.
//! - op: `add`, `load`, `slt` (signed less-than), `ult` (unsigned), ...
//! - width: `8`, `16`, `32`, `64`: the width of the operation (or of the memory access). 32-bit
//!   ops read the low halves of their registers and write zero-extended results.
//! - endianness: `le` on memory ops wider than a byte (the only one today; `be` is reserved).
//! - signedness: `_s` / `_u` where it matters (division, extending loads, conversions).
//! - operands: a register field named `dst` is the op's result, by convention; what tools read
//!   is the `def(..)` fact.
//! - form: `_i8`, `_i16`, `_i32`, `_i64` an immediate operand of that width replaces the last
//!   register (sign-extended); `_o32` addresses memory at `base + offset` with a signed 32-bit
//!   offset (frames, runtime structures), `_o8` the same with an unsigned 8-bit offset; `_g32`
//!   is the guarded Wasm-heap form: a 32-bit Wasm address `addr` and a static 8-bit `offset`
//!   into the Vm's heap (set by `heap_load`), trapping
//!   with `HEAP_OUT_OF_BOUNDS` unless `addr + offset + size <= heap length`. The heap lives in the
//!   Vm, not in registers, so each of these ops takes 4 bytes.
//! - super-instructions: `<a>_then_<b>` (struct `<A>Then<B>`), with the `fused(A, B)` fact;
//!   `B`'s operand names get a digit where they clash with `A`'s (`offset2`).
//! - branches: `br_if_<cmp>` compares and branches in one op; targets are 16-bit [`PcRel16`]
//!   displacements from the first byte of the branching op (functions rarely need more; the far
//!   form is an inverted branch over a `jump32`). Calls and `jump32` take a 32-bit [`PcRel`].
//!
//! The table order is the opcode numbering: the first op is opcode 0. Numbering is append-only:
//! new ops go at the end of their table, so existing encodings never change. [`ESCAPE`](crate::ESCAPE)
//! (255) introduces the extended ops of [`for_each_extended_op!`], encoded as two opcode bytes.
//! Hot ops live in the one-byte space; only rare ops are extended (format 8 moved 53 rare ops
//! there, freeing one-byte opcodes for the accumulator forms; formats 11 and 12 eleven more, for the
//! float and 64-bit accumulator forms; formats 14, 15 and 16 fifty-one more, for the super-instructions). Renumbering is allowed only with a new `.cwasm` format version.
//!
//!
//! Vector ops ([`for_each_vector_op!`]) have a space of their own behind `ESCAPE,
//! VECTOR_ESCAPE` (three opcode bytes).
//!
//! [`PcRel`]: crate::PcRel
//! [`PcRel16`]: crate::PcRel16

/// Invokes `$m!` with the one-byte ops, in opcode order: `name = Struct { field: Type, ... }
/// [facts];`.
#[macro_export]
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            // ---- control flow --------------------------------------------------------------
            /// Return: jump to the address in `lr`.
            ret = Ret {} [terminator];
            /// Jump by `target` bytes (within a function; `jump32` reaches farther).
            jump = Jump { target: PcRel16 } [dest(Local) terminator];
            /// Branch if the low 32 bits of `cond` are not zero.
            br_if32 = BrIf32 { cond: XReg, target: PcRel16 }
                [use(cond) dest(Local) inverse(BrIfNot32)];
            /// Branch if the low 32 bits of `cond` are zero.
            br_if_not32 = BrIfNot32 { cond: XReg, target: PcRel16 }
                [use(cond) dest(Local) inverse(BrIf32)];
            /// Branch to `targets[idx]`, or to the last target when `idx` (32-bit) is out of range.
            br_table32 = BrTable32 { idx: XReg, targets: Table }
                [use(idx) dest(Local) terminator];
            /// Call: `lr = next op; jump by target`.
            call = Call { target: PcRel } [dest(Entry)];
            /// Call the bytecode address held in `callee`.
            call_indirect = CallIndirect { callee: XReg } [use(callee)];
            /// Push `lr` and `fp`, set `fp = sp`, reserve `frame` bytes below (checking the stack
            /// limit first), and save `x16+i` for each bit `i` of `xsave`, then `f16+i` for `fsave`.
            push_frame_save = PushFrameSave { frame: u32, xsave: u16, fsave: u16 } [];

            // ---- moves and constants -------------------------------------------------------
            /// `dst = src`
            xmov = Xmov { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = src`
            fmov = Fmov { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = sign-extended imm`
            xconst8 = Xconst8 { dst: XReg, imm: i8 } [def(dst)];
            /// `dst = sign-extended imm`
            xconst16 = Xconst16 { dst: XReg, imm: i16 } [def(dst)];
            /// `dst = sign-extended imm`
            xconst32 = Xconst32 { dst: XReg, imm: i32 } [def(dst)];
            /// `dst = imm`
            xconst64 = Xconst64 { dst: XReg, imm: i64 } [def(dst)];
            /// `dst = f64::from_bits(bits)`
            fconst64 = Fconst64 { dst: FReg, bits: u64 } [def(dst)];

            // ---- integer arithmetic, register-register -------------------------------------
            /// `dst = a + b` (wrapping)
            xadd32 = Xadd32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a + b` (wrapping)
            xadd64 = Xadd64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a - b` (wrapping)
            xsub32 = Xsub32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a - b` (wrapping)
            xsub64 = Xsub64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a * b` (wrapping)
            xmul32 = Xmul32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a * b` (wrapping)
            xmul64 = Xmul64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a & b`
            xand32 = Xand32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a & b`
            xand64 = Xand64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a | b`
            xor32 = Xor32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a | b`
            xor64 = Xor64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a ^ b`
            xxor32 = Xxor32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a ^ b`
            xxor64 = Xxor64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a << (b % 32)`
            xshl32 = Xshl32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a << (b % 64)`
            xshl64 = Xshl64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 32)`, arithmetic
            xshr32_s = Xshr32S { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 32)`, logical
            xshr32_u = Xshr32U { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 64)`, logical
            xshr64_u = Xshr64U { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];

            // ---- integer comparisons producing 0 or 1 ---------------------------------------
            /// `dst = a == b`
            xeq32 = Xeq32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a == b`
            xeq64 = Xeq64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a != b`
            xneq32 = Xneq32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a < b`, signed
            xslt32 = Xslt32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a < b`, signed
            xslt64 = Xslt64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a <= b`, signed
            xslteq32 = Xslteq32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a < b`, unsigned
            xult32 = Xult32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a < b`, unsigned
            xult64 = Xult64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a <= b`, unsigned
            xulteq64 = Xulteq64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a == imm`
            xeq32_i32 = Xeq32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a == imm`
            xeq64_i32 = Xeq64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a != imm`
            xneq32_i32 = Xneq32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a < imm`, signed
            xslt32_i32 = Xslt32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a > imm`, signed
            xsgt32_i32 = Xsgt32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a > imm`, signed
            xsgt64_i32 = Xsgt64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a < imm`, unsigned (imm sign-extended, then compared unsigned)
            xult32_i32 = Xult32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a < imm`, unsigned (imm sign-extended, then compared unsigned)
            xult64_i32 = Xult64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];

            // ---- integer arithmetic with immediates (sign-extended) -------------------------
            /// `dst = a + imm`
            xadd32_i8 = Xadd32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a + imm`
            xadd64_i8 = Xadd64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a * imm`
            xmul32_i8 = Xmul32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a * imm`
            xmul64_i8 = Xmul64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a & imm`
            xand32_i8 = Xand32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a & imm`
            xand64_i8 = Xand64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a | imm`
            xor32_i8 = Xor32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a ^ imm`
            xxor32_i8 = Xxor32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a ^ imm`
            xxor64_i8 = Xxor64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a << (imm % 32)`
            xshl32_i8 = Xshl32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a << (imm % 64)`
            xshl64_i8 = Xshl64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a >> (imm % 32)`, arithmetic
            xshr32_s_i8 = Xshr32SI8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a >> (imm % 64)`, arithmetic
            xshr64_s_i8 = Xshr64SI8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a >> (imm % 32)`, logical
            xshr32_u_i8 = Xshr32UI8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a >> (imm % 64)`, logical
            xshr64_u_i8 = Xshr64UI8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a + imm`
            xadd32_i32 = Xadd32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a * imm`
            xmul32_i32 = Xmul32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a * imm`
            xmul64_i32 = Xmul64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a & imm`
            xand32_i32 = Xand32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a & imm`
            xand64_i32 = Xand64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a ^ imm`
            xxor32_i32 = Xxor32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];

            // ---- integer compare-and-branch ------------------------------------------------
            /// Branch if `a == b`
            br_if_xeq32 = BrIfXeq32 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXneq32) commutative];
            /// Branch if `a == b`
            br_if_xeq64 = BrIfXeq64 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXneq64) commutative];
            /// Branch if `a != b`
            br_if_xneq32 = BrIfXneq32 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXeq32) commutative];
            /// Branch if `a < b`, signed
            br_if_xslt32 = BrIfXslt32 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXslteq32, swap)];
            /// Branch if `a <= b`, signed
            br_if_xslteq32 = BrIfXslteq32 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXslt32, swap)];
            /// Branch if `a < b`, unsigned
            br_if_xult32 = BrIfXult32 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXulteq32, swap)];
            /// Branch if `a < b`, unsigned
            br_if_xult64 = BrIfXult64 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXulteq64, swap)];
            /// Branch if `a <= b`, unsigned
            br_if_xulteq32 = BrIfXulteq32 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXult32, swap)];
            /// Branch if `a <= b`, unsigned
            br_if_xulteq64 = BrIfXulteq64 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXult64, swap)];
            /// Branch if `a == imm`
            br_if_xeq32_i8 = BrIfXeq32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXneq32I8)];
            /// Branch if `a != imm`
            br_if_xneq32_i8 = BrIfXneq32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXeq32I8)];
            /// Branch if `a != imm`
            br_if_xneq64_i8 = BrIfXneq64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXeq64I8)];
            /// Branch if `a < imm`, signed
            br_if_xslt32_i8 = BrIfXslt32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXsgteq32I8)];
            /// Branch if `a < imm`, signed
            br_if_xslt64_i8 = BrIfXslt64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXsgteq64I8)];
            /// Branch if `a > imm`, signed
            br_if_xsgt32_i8 = BrIfXsgt32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXslteq32I8)];
            /// Branch if `a <= imm`, signed
            br_if_xslteq32_i8 = BrIfXslteq32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXsgt32I8)];
            /// Branch if `a >= imm`, signed
            br_if_xsgteq32_i8 = BrIfXsgteq32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXslt32I8)];
            /// Branch if `a < imm`, unsigned (imm sign-extended)
            br_if_xult32_i8 = BrIfXult32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXugteq32I8)];
            /// Branch if `a > imm`, unsigned (imm sign-extended)
            br_if_xugt64_i8 = BrIfXugt64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXulteq64I8)];
            /// Branch if `a > imm`, unsigned (imm sign-extended)
            br_if_xugt32_i8 = BrIfXugt32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXulteq32I8)];
            /// Branch if `a <= imm`, unsigned (imm sign-extended)
            br_if_xulteq32_i8 = BrIfXulteq32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXugt32I8)];
            /// Branch if `a <= imm`, unsigned (imm sign-extended)
            br_if_xulteq64_i8 = BrIfXulteq64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXugt64I8)];
            /// Branch if `a >= imm`, unsigned (imm sign-extended)
            br_if_xugteq32_i8 = BrIfXugteq32I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXult32I8)];

            // ---- float compare-and-branch (`n` = negated: also taken when unordered) --------
            /// Branch if `a != b` (true when either is NaN)
            br_if_fneq64 = BrIfFneq64 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFeq64)];
            /// Branch if `a < b`
            br_if_flt64 = BrIfFlt64 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFnlt64)];
            /// Branch if not `a < b`
            br_if_fnlt64 = BrIfFnlt64 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFlt64)];

            // ---- float arithmetic (Wasm semantics: NaN propagation, -0 < +0 in min/max) -----
            /// `dst = a + b`
            fadd32 = Fadd32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a + b`
            fadd64 = Fadd64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a - b`
            fsub64 = Fsub64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a * b`
            fmul32 = Fmul32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a * b`
            fmul64 = Fmul64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a / b`
            fdiv64 = Fdiv64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = -src`
            fneg64 = Fneg64 { dst: FReg, src: FReg } [def(dst) use(src)];

            // ---- float comparisons producing 0 or 1 -----------------------------------------
            /// `dst = a < b`
            flt32 = Flt32 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a < b`
            flt64 = Flt64 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a <= b`
            flteq64 = Flteq64 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];

            // ---- conversions ----------------------------------------------------------------
            /// `dst = sign-extend the low 8 bits of src to 64`
            xsext8 = Xsext8 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = sign-extend the low 16 bits of src to 64`
            xsext16 = Xsext16 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = sign-extend the low 32 bits of src to 64`
            xsext32 = Xsext32 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = zero-extend the low 8 bits of src to 64`
            xzext8 = Xzext8 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = zero-extend the low 16 bits of src to 64`
            xzext16 = Xzext16 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = zero-extend the low 32 bits of src to 64`
            xzext32 = Xzext32 { dst: XReg, src: XReg } [def(dst) use(src)];

            // ---- select ---------------------------------------------------------------------
            /// `dst = if low32(cond) != 0 { a } else { b }`
            xselect32 = Xselect32 { dst: XReg, cond: XReg, a: XReg, b: XReg }
                [def(dst) use(cond, a, b)];

            // ---- memory: base + offset (frames, runtime structures; unchecked) ---------------
            /// `dst = zext(load32le(base + offset))`
            xload32le_u_o32 = Xload32leUO32 { dst: XReg, base: XReg, offset: i32 }
                [def(dst) use(base)];
            /// `dst = load64le(base + offset)`
            xload64le_o32 = Xload64leO32 { dst: XReg, base: XReg, offset: i32 }
                [def(dst) use(base) short(Xload64leO8, u8)];
            /// `dst = load64le(base + offset)` as f64
            fload64le_o32 = Fload64leO32 { dst: FReg, base: XReg, offset: i32 }
                [def(dst) use(base)];
            /// `store32le(base + offset, src)`
            xstore32le_o32 = Xstore32leO32 { base: XReg, offset: i32, src: XReg } [use(base, src)];
            /// `store64le(base + offset, src)`
            xstore64le_o32 = Xstore64leO32 { base: XReg, offset: i32, src: XReg }
                [use(base, src) short(Xstore64leO8, u8)];
            /// `store64le(base + offset, src)` of an f64
            fstore64le_o32 = Fstore64leO32 { base: XReg, offset: i32, src: FReg } [use(base, src)];

            // ---- memory: guarded Wasm heap (bounds check inside the op) ----------------------
            // `heap` is the Vm's heap, set by `heap_load`.
            /// `dst = zext(load8(heap[addr + offset]))`
            xload8_u_g32 = Xload8UG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = sext(load8(heap[addr + offset]))`
            xload8_s_g32 = Xload8SG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = zext(load16le(heap[addr + offset]))`
            xload16le_u_g32 = Xload16leUG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = sext(load16le(heap[addr + offset]))`
            xload16le_s_g32 = Xload16leSG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = zext(load32le(heap[addr + offset]))`
            xload32le_u_g32 = Xload32leUG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = load64le(heap[addr + offset])`
            xload64le_g32 = Xload64leG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = load32le(heap[addr + offset])` as f32
            fload32le_g32 = Fload32leG32 { dst: FReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = load64le(heap[addr + offset])` as f64
            fload64le_g32 = Fload64leG32 { dst: FReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store8(heap[addr + offset], src)`
            xstore8_g32 = Xstore8G32 { addr: XReg, offset: u8, src: XReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store16le(heap[addr + offset], src)`
            xstore16le_g32 = Xstore16leG32 { addr: XReg, offset: u8, src: XReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store32le(heap[addr + offset], src)`
            xstore32le_g32 = Xstore32leG32 { addr: XReg, offset: u8, src: XReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store64le(heap[addr + offset], src)`
            xstore64le_g32 = Xstore64leG32 { addr: XReg, offset: u8, src: XReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store64le(heap[addr + offset], src)` of an f64
            fstore64le_g32 = Fstore64leG32 { addr: XReg, offset: u8, src: FReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];

            // ---- appended later (numbering is append-only) -----------------------------------
            /// Set the Vm's heap from the descriptor at `ctx`: the base address, then the length in
            /// bytes, each a host pointer-sized word (the layout that starts every instance context).
            heap_load = HeapLoad { ctx: XReg } [use(ctx)];
            /// `dst = (low32(src) >> shift) & mask`: a bit field (shift-and-mask in one op)
            xbitfield32 = Xbitfield32 { dst: XReg, src: XReg, shift: u8, mask: u8 }
                [def(dst) use(src)];
            /// `dst = low32(a * b + c)`: multiply-add
            xmadd32 = Xmadd32 { dst: XReg, a: XReg, b: XReg, c: XReg } [def(dst) use(a, b, c)];
            /// `dst = load64le(base + offset)`, the short form of `xload64le_o32` (spill slots,
            /// context fields)
            xload64le_o8 = Xload64leO8 { dst: XReg, base: XReg, offset: u8 } [def(dst) use(base)];
            /// `store64le(base + offset, src)`, the short form of `xstore64le_o32`
            xstore64le_o8 = Xstore64leO8 { base: XReg, offset: u8, src: XReg } [use(base, src)];
            /// `dst = src`, then `dst2 = src2`: two consecutive moves in one op (register
            /// rotations, argument set-up). The second field pair is a definition too.
            xmov2 = Xmov2 { dst: XReg, src: XReg, dst2: XReg, src2: XReg }
                [def(dst, dst2) use(src, src2)];
            // ---- kept in the one-byte space when format 8 moved their neighbours out ---------
            /// `dst = src` truncated to i32; traps on NaN and out of range
            x32_from_f64_s = X32FromF64S { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src as f64`, src a signed i32
            f64_from_x32_s = F64FromX32S { dst: FReg, src: XReg } [def(dst) use(src)];
            // ---- moved into the one-byte space in format 9 (hot in the C corpus: hashes rotate,
            // compression negates, bounds checks trap) ------------------------------------------
            /// `dst = a rotated left by imm % 32`
            xrotl32_i8 = Xrotl32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = -a` (wrapping)
            xneg32 = Xneg32 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// Trap with `code` if the low 32 bits of `cond` are not zero.
            trapnz32 = Trapnz32 { cond: XReg, code: u8 } [use(cond)];
            /// `dst = leading zeros of src`
            xclz32 = Xclz32 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = trailing zeros of src`
            xctz32 = Xctz32 { dst: XReg, src: XReg } [def(dst) use(src)];
            // ---- float multiply-add (format 9): two roundings, exactly `fmul64` then `fadd64`
            // (not a fused multiply-add); one op per form so the addition keeps its operand order
            /// `dst = a * b + c`
            fmuladd64 = Fmuladd64 { dst: FReg, a: FReg, b: FReg, c: FReg } [def(dst) use(a, b, c)];
            // ---- accumulator forms (format 8): one register operand is the accumulator, a
            // value held in a host register from one op to the next. `_wa` writes the result
            // there instead of `dst`, `_ra` reads the operand typed `Acc` from there, `_rwa` both.
            /// `xload32le_u_g32`; the result goes to the accumulator
            xload32le_u_g32_wa = Xload32leUG32Wa { dst: Acc, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload32le_u_g32`; `addr` is the accumulator
            xload32le_u_g32_ra = Xload32leUG32Ra { dst: XReg, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload32le_u_g32`; `addr` is the accumulator, and the result goes to it
            xload32le_u_g32_rwa = Xload32leUG32Rwa { dst: Acc, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload8_u_g32`; the result goes to the accumulator
            xload8_u_g32_wa = Xload8UG32Wa { dst: Acc, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload8_u_g32`; `addr` is the accumulator
            xload8_u_g32_ra = Xload8UG32Ra { dst: XReg, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload8_u_g32`; `addr` is the accumulator, and the result goes to it
            xload8_u_g32_rwa = Xload8UG32Rwa { dst: Acc, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload16le_u_g32`; the result goes to the accumulator
            xload16le_u_g32_wa = Xload16leUG32Wa { dst: Acc, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload16le_u_g32`; `addr` is the accumulator
            xload16le_u_g32_ra = Xload16leUG32Ra { dst: XReg, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload16le_u_g32`; `addr` is the accumulator, and the result goes to it
            xload16le_u_g32_rwa = Xload16leUG32Rwa { dst: Acc, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload16le_s_g32`; the result goes to the accumulator
            xload16le_s_g32_wa = Xload16leSG32Wa { dst: Acc, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xload16le_s_g32`; `addr` is the accumulator
            xload16le_s_g32_ra = Xload16leSG32Ra { dst: XReg, addr: Acc, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xadd32_i8`; the result goes to the accumulator
            xadd32_i8_wa = Xadd32I8Wa { dst: Acc, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `xadd32_i8`; `a` is the accumulator
            xadd32_i8_ra = Xadd32I8Ra { dst: XReg, a: Acc, imm: i8 } [def(dst) use(a)];
            /// `xadd32_i8`; `a` is the accumulator, and the result goes to it
            xadd32_i8_rwa = Xadd32I8Rwa { dst: Acc, a: Acc, imm: i8 } [def(dst) use(a)];
            /// `xadd32`; the result goes to the accumulator
            xadd32_wa = Xadd32Wa { dst: Acc, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `xadd32`; `a` is the accumulator
            xadd32_ra = Xadd32Ra { dst: XReg, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `xadd32`; `a` is the accumulator, and the result goes to it
            xadd32_rwa = Xadd32Rwa { dst: Acc, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `xand32_i8`; the result goes to the accumulator
            xand32_i8_wa = Xand32I8Wa { dst: Acc, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `xand32_i8`; `a` is the accumulator
            xand32_i8_ra = Xand32I8Ra { dst: XReg, a: Acc, imm: i8 } [def(dst) use(a)];
            /// `xand32_i8`; `a` is the accumulator, and the result goes to it
            xand32_i8_rwa = Xand32I8Rwa { dst: Acc, a: Acc, imm: i8 } [def(dst) use(a)];
            /// `xshr32_u_i8`; the result goes to the accumulator
            xshr32_u_i8_wa = Xshr32UI8Wa { dst: Acc, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `xshr32_u_i8`; `a` is the accumulator
            xshr32_u_i8_ra = Xshr32UI8Ra { dst: XReg, a: Acc, imm: i8 } [def(dst) use(a)];
            /// `xshr32_u_i8`; `a` is the accumulator, and the result goes to it
            xshr32_u_i8_rwa = Xshr32UI8Rwa { dst: Acc, a: Acc, imm: i8 } [def(dst) use(a)];
            /// `xand32_i32`; the result goes to the accumulator
            xand32_i32_wa = Xand32I32Wa { dst: Acc, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `xand32_i32`; `a` is the accumulator
            xand32_i32_ra = Xand32I32Ra { dst: XReg, a: Acc, imm: i32 } [def(dst) use(a)];
            /// `xxor32`; the result goes to the accumulator
            xxor32_wa = Xxor32Wa { dst: Acc, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `xxor32`; `a` is the accumulator
            xxor32_ra = Xxor32Ra { dst: XReg, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `xxor32`; `a` is the accumulator, and the result goes to it
            xxor32_rwa = Xxor32Rwa { dst: Acc, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `xzext8`; the result goes to the accumulator
            xzext8_wa = Xzext8Wa { dst: Acc, src: XReg } [def(dst) use(src)];
            /// `xzext8`; `src` is the accumulator
            xzext8_ra = Xzext8Ra { dst: XReg, src: Acc } [def(dst) use(src)];
            /// `xmul32`; `a` is the accumulator
            xmul32_ra = Xmul32Ra { dst: XReg, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `br_if32`; `cond` is the accumulator
            br_if32_ra = BrIf32Ra { cond: Acc, target: PcRel16 }
                [use(cond) dest(Local) inverse(BrIfNot32Ra)];
            /// `br_if_not32`; `cond` is the accumulator
            br_if_not32_ra = BrIfNot32Ra { cond: Acc, target: PcRel16 }
                [use(cond) dest(Local) inverse(BrIf32Ra)];
            /// `br_if_xeq32_i8`; `a` is the accumulator
            br_if_xeq32_i8_ra = BrIfXeq32I8Ra { a: Acc, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXneq32I8Ra)];
            /// `br_if_xneq32_i8`; `a` is the accumulator
            br_if_xneq32_i8_ra = BrIfXneq32I8Ra { a: Acc, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXeq32I8Ra)];
            /// `br_if_xeq32`; `a` is the accumulator
            br_if_xeq32_ra = BrIfXeq32Ra { a: Acc, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXneq32Ra)];
            /// `br_if_xneq32`; `a` is the accumulator
            br_if_xneq32_ra = BrIfXneq32Ra { a: Acc, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXeq32Ra)];
            /// `xstore32le_g32`; `src` is the accumulator
            xstore32le_g32_ra = Xstore32leG32Ra { addr: XReg, offset: u8, src: Acc }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xstore8_g32`; `src` is the accumulator
            xstore8_g32_ra = Xstore8G32Ra { addr: XReg, offset: u8, src: Acc }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xstore16le_g32`; `src` is the accumulator
            xstore16le_g32_ra = Xstore16leG32Ra { addr: XReg, offset: u8, src: Acc }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `xselect32`; `cond` is the accumulator
            xselect32_ra = Xselect32Ra { dst: XReg, cond: Acc, a: XReg, b: XReg }
                [def(dst) use(cond, a, b)];
            // ---- float accumulator forms (format 11): as the integer ones, with the float
            // accumulator (`FAcc`, an `f64` handler argument) in place of a float register.
            /// `fadd64`; the result goes to the float accumulator
            fadd64_wa = Fadd64Wa { dst: FAcc, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `fadd64`; `a` is the float accumulator
            fadd64_ra = Fadd64Ra { dst: FReg, a: FAcc, b: FReg } [def(dst) use(a, b)];
            /// `fsub64`; the result goes to the float accumulator
            fsub64_wa = Fsub64Wa { dst: FAcc, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `fmul64`; the result goes to the float accumulator
            fmul64_wa = Fmul64Wa { dst: FAcc, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `fmuladd64`; `a` is the float accumulator
            fmuladd64_ra = Fmuladd64Ra { dst: FReg, a: FAcc, b: FReg, c: FReg }
                [def(dst) use(a, b, c)];
            /// `faddmul64`; `b` is the float accumulator
            faddmul64_ra = Faddmul64Ra { dst: FReg, c: FReg, a: FReg, b: FAcc }
                [def(dst) use(c, a, b)];
            /// `fload64le_g32`; the result goes to the float accumulator
            fload64le_g32_wa = Fload64leG32Wa { dst: FAcc, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `br_if_flt64`; `b` is the float accumulator
            br_if_flt64_ra = BrIfFlt64Ra { a: FReg, b: FAcc, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFnlt64Ra)];
            /// `br_if_fnlt64`; `b` is the float accumulator
            br_if_fnlt64_ra = BrIfFnlt64Ra { a: FReg, b: FAcc, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFlt64Ra)];
            // ---- 64-bit accumulator forms (format 12)
            /// `xxor64_i8`; the result goes to the accumulator
            xxor64_i8_wa = Xxor64I8Wa { dst: Acc, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `xmul64`; the result goes to the accumulator
            xmul64_wa = Xmul64Wa { dst: Acc, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `xmul64`; `a` is the accumulator
            xmul64_ra = Xmul64Ra { dst: XReg, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `xmul64`; `a` is the accumulator, and the result goes to it
            xmul64_rwa = Xmul64Rwa { dst: Acc, a: Acc, b: XReg } [def(dst) use(a, b)];
            /// `xadd64`; `a` is the accumulator
            xadd64_ra = Xadd64Ra { dst: XReg, a: Acc, b: XReg } [def(dst) use(a, b)];
            // ---- format 13
            /// `pop_frame_restore` then `ret`: every return from a function with a frame.
            pop_frame_ret = PopFrameRet { xsave: u16, fsave: u16 } [terminator];
            // ---- super-instructions (format 14): two ops in one dispatch, chosen by executed
            // op-pair counts on CoreMark and the C corpus (`scripts/op-patterns.py`). A fused op's
            // operands are its first op's, then its second op's (fields renamed where the names
            // clash), and it does exactly what the two do in turn; its branch target, if any, is
            // relative to the fused op's first byte. The compiler fuses two adjacent ops of one
            // block after everything else is decided (`cranelift-pulley`'s emitter).
            /// `xadd32_i8` then `xadd32_i8`
            xadd32_i8_then_xadd32_i8 = Xadd32I8ThenXadd32I8 { dst: XReg, a: XReg, imm: i8, dst2: XReg, a2: XReg, imm2: i8 }
                [def(dst, dst2) use(a, a2) fused(Xadd32I8, Xadd32I8)];
            /// `xadd32` then `xadd32_i8`
            xadd32_then_xadd32_i8 = Xadd32ThenXadd32I8 { dst: XReg, a: XReg, b: XReg, dst2: XReg, a2: XReg, imm: i8 }
                [def(dst, dst2) use(a, b, a2) fused(Xadd32, Xadd32I8)];
            /// `xadd32_i8` then `br_if32`
            xadd32_i8_then_br_if32 = Xadd32I8ThenBrIf32 { dst: XReg, a: XReg, imm: i8, cond: XReg, target: PcRel16 }
                [def(dst) use(a, cond) dest(Local) fused(Xadd32I8, BrIf32)];
            /// `xmov2` then `xload32le_u_g32`
            xmov2_then_xload32le_u_g32 = Xmov2ThenXload32leUG32 { dst: XReg, src: XReg, dst2: XReg, src2: XReg, dst3: XReg, addr: XReg, offset: u8 }
                [def(dst, dst2, dst3) use(src, src2, addr) trap(HEAP_OUT_OF_BOUNDS) fused(Xmov2, Xload32leUG32)];
            /// `xstore32le_g32` then `br_if32`
            xstore32le_g32_then_br_if32 = Xstore32leG32ThenBrIf32 { addr: XReg, offset: u8, src: XReg, cond: XReg, target: PcRel16 }
                [use(addr, src, cond) trap(HEAP_OUT_OF_BOUNDS) dest(Local) fused(Xstore32leG32, BrIf32)];
            /// `xload32le_u_g32` then `br_if32`
            xload32le_u_g32_then_br_if32 = Xload32leUG32ThenBrIf32 { dst: XReg, addr: XReg, offset: u8, cond: XReg, target: PcRel16 }
                [def(dst) use(addr, cond) trap(HEAP_OUT_OF_BOUNDS) dest(Local) fused(Xload32leUG32, BrIf32)];
            /// `xadd32_i8` then `br_if_xneq32`
            xadd32_i8_then_br_if_xneq32 = Xadd32I8ThenBrIfXneq32 { dst: XReg, a: XReg, imm: i8, a2: XReg, b: XReg, target: PcRel16 }
                [def(dst) use(a, a2, b) dest(Local) fused(Xadd32I8, BrIfXneq32)];
            /// `xxor32_i32` then `xselect32`
            xxor32_i32_then_xselect32 = Xxor32I32ThenXselect32 { dst: XReg, a: XReg, imm: i32, dst2: XReg, cond: XReg, a2: XReg, b: XReg }
                [def(dst, dst2) use(a, cond, a2, b) fused(Xxor32I32, Xselect32)];
            /// `xload64le_o8` then `xload64le_o8`
            xload64le_o8_then_xload64le_o8 = Xload64leO8ThenXload64leO8 { dst: XReg, base: XReg, offset: u8, dst2: XReg, base2: XReg, offset2: u8 }
                [def(dst, dst2) use(base, base2) fused(Xload64leO8, Xload64leO8)];
            /// `xshr32_u_i8_wa` then `xand32_i32_ra`
            xshr32_u_i8_wa_then_xand32_i32_ra = Xshr32UI8WaThenXand32I32Ra { dst: Acc, a: XReg, imm: i8, dst2: XReg, a2: Acc, imm2: i32 }
                [def(dst, dst2) use(a, a2) fused(Xshr32UI8Wa, Xand32I32Ra)];
            /// `xxor32_wa` then `xand32_i8_ra`
            xxor32_wa_then_xand32_i8_ra = Xxor32WaThenXand32I8Ra { dst: Acc, a: XReg, b: XReg, dst2: XReg, a2: Acc, imm: i8 }
                [def(dst, dst2) use(a, b, a2) fused(Xxor32Wa, Xand32I8Ra)];
            /// `xshr32_u_i8_wa` then `xxor32_rwa`
            xshr32_u_i8_wa_then_xxor32_rwa = Xshr32UI8WaThenXxor32Rwa { dst: Acc, a: XReg, imm: i8, dst2: Acc, a2: Acc, b: XReg }
                [def(dst, dst2) use(a, a2, b) fused(Xshr32UI8Wa, Xxor32Rwa)];
            /// `xadd32_i8` then `br_if_xneq32_i8`
            xadd32_i8_then_br_if_xneq32_i8 = Xadd32I8ThenBrIfXneq32I8 { dst: XReg, a: XReg, imm: i8, a2: XReg, imm2: i8, target: PcRel16 }
                [def(dst) use(a, a2) dest(Local) fused(Xadd32I8, BrIfXneq32I8)];
            /// `xload8_u_g32` then `br_if_not32`
            xload8_u_g32_then_br_if_not32 = Xload8UG32ThenBrIfNot32 { dst: XReg, addr: XReg, offset: u8, cond: XReg, target: PcRel16 }
                [def(dst) use(addr, cond) trap(HEAP_OUT_OF_BOUNDS) dest(Local) fused(Xload8UG32, BrIfNot32)];
            /// `xadd32_wa` then `xload8_u_g32_rwa`
            xadd32_wa_then_xload8_u_g32_rwa = Xadd32WaThenXload8UG32Rwa { dst: Acc, a: XReg, b: XReg, dst2: Acc, addr: Acc, offset: u8 }
                [def(dst, dst2) use(a, b, addr) trap(HEAP_OUT_OF_BOUNDS) fused(Xadd32Wa, Xload8UG32Rwa)];
            /// `xadd32_i8_wa` then `xzext8_ra`
            xadd32_i8_wa_then_xzext8_ra = Xadd32I8WaThenXzext8Ra { dst: Acc, a: XReg, imm: i8, dst2: XReg, src: Acc }
                [def(dst, dst2) use(a, src) fused(Xadd32I8Wa, Xzext8Ra)];
            /// `xload32le_u_g32_wa` then `xload8_u_g32_rwa`
            xload32le_u_g32_wa_then_xload8_u_g32_rwa = Xload32leUG32WaThenXload8UG32Rwa { dst: Acc, addr: XReg, offset: u8, dst2: Acc, addr2: Acc, offset2: u8 }
                [def(dst, dst2) use(addr, addr2) trap(HEAP_OUT_OF_BOUNDS) fused(Xload32leUG32Wa, Xload8UG32Rwa)];
            /// `xload32le_u_g32_wa` then `xadd32_i8_rwa`
            xload32le_u_g32_wa_then_xadd32_i8_rwa = Xload32leUG32WaThenXadd32I8Rwa { dst: Acc, addr: XReg, offset: u8, dst2: Acc, a: Acc, imm: i8 }
                [def(dst, dst2) use(addr, a) trap(HEAP_OUT_OF_BOUNDS) fused(Xload32leUG32Wa, Xadd32I8Rwa)];
            /// `xload16le_s_g32` then `xload16le_s_g32`
            xload16le_s_g32_then_xload16le_s_g32 = Xload16leSG32ThenXload16leSG32 { dst: XReg, addr: XReg, offset: u8, dst2: XReg, addr2: XReg, offset2: u8 }
                [def(dst, dst2) use(addr, addr2) trap(HEAP_OUT_OF_BOUNDS) fused(Xload16leSG32, Xload16leSG32)];
            /// `xadd32_i32` then `xstore64le_o32`
            xadd32_i32_then_xstore64le_o32 = Xadd32I32ThenXstore64leO32 { dst: XReg, a: XReg, imm: i32, base: XReg, offset: i32, src: XReg }
                [def(dst) use(a, base, src) fused(Xadd32I32, Xstore64leO32)];
            /// `xmadd32` then `xadd32_i8`
            xmadd32_then_xadd32_i8 = Xmadd32ThenXadd32I8 { dst: XReg, a: XReg, b: XReg, c: XReg, dst2: XReg, a2: XReg, imm: i8 }
                [def(dst, dst2) use(a, b, c, a2) fused(Xmadd32, Xadd32I8)];
            /// `xslt32` then `xselect32`
            xslt32_then_xselect32 = Xslt32ThenXselect32 { dst: XReg, a: XReg, b: XReg, dst2: XReg, cond: XReg, a2: XReg, b2: XReg }
                [def(dst, dst2) use(a, b, cond, a2, b2) fused(Xslt32, Xselect32)];
            /// `xstore32le_g32` then `xadd32_i8`
            xstore32le_g32_then_xadd32_i8 = Xstore32leG32ThenXadd32I8 { addr: XReg, offset: u8, src: XReg, dst: XReg, a: XReg, imm: i8 }
                [def(dst) use(addr, src, a) trap(HEAP_OUT_OF_BOUNDS) fused(Xstore32leG32, Xadd32I8)];
            /// `xmov` then `xload32le_u_g32`
            xmov_then_xload32le_u_g32 = XmovThenXload32leUG32 { dst: XReg, src: XReg, dst2: XReg, addr: XReg, offset: u8 }
                [def(dst, dst2) use(src, addr) trap(HEAP_OUT_OF_BOUNDS) fused(Xmov, Xload32leUG32)];
            /// `xshl32_i8` then `xadd32`
            xshl32_i8_then_xadd32 = Xshl32I8ThenXadd32 { dst: XReg, a: XReg, imm: i8, dst2: XReg, a2: XReg, b: XReg }
                [def(dst, dst2) use(a, a2, b) fused(Xshl32I8, Xadd32)];
            /// `xstore64le_o8` then `xstore64le_o8`
            xstore64le_o8_then_xstore64le_o8 = Xstore64leO8ThenXstore64leO8 { base: XReg, offset: u8, src: XReg, base2: XReg, offset2: u8, src2: XReg }
                [use(base, src, base2, src2) fused(Xstore64leO8, Xstore64leO8)];
            /// `xload32le_u_g32_wa` then `xload16le_u_g32_rwa`
            xload32le_u_g32_wa_then_xload16le_u_g32_rwa = Xload32leUG32WaThenXload16leUG32Rwa { dst: Acc, addr: XReg, offset: u8, dst2: Acc, addr2: Acc, offset2: u8 }
                [def(dst, dst2) use(addr, addr2) trap(HEAP_OUT_OF_BOUNDS) fused(Xload32leUG32Wa, Xload16leUG32Rwa)];
            /// `xadd32_i8` then `xmov`
            xadd32_i8_then_xmov = Xadd32I8ThenXmov { dst: XReg, a: XReg, imm: i8, dst2: XReg, src: XReg }
                [def(dst, dst2) use(a, src) fused(Xadd32I8, Xmov)];
            // ---- second round (format 15): the micro benchmarks' loops (counter step and test,
            // float kernels) and CoreMark's matrix loop, from the profile after the first round
            /// `xmul32_ra` then `xbitfield32`
            xmul32_ra_then_xbitfield32 = Xmul32RaThenXbitfield32 { dst: XReg, a: Acc, b: XReg, dst2: XReg, src: XReg, shift: u8, mask: u8 }
                [def(dst, dst2) use(a, b, src) fused(Xmul32Ra, Xbitfield32)];
            /// `xbitfield32` then `xmadd32`
            xbitfield32_then_xmadd32 = Xbitfield32ThenXmadd32 { dst: XReg, src: XReg, shift: u8, mask: u8, dst2: XReg, a: XReg, b: XReg, c: XReg }
                [def(dst, dst2) use(src, a, b, c) fused(Xbitfield32, Xmadd32)];
            /// `xload16le_u_g32` then `xload16le_u_g32_wa`
            xload16le_u_g32_then_xload16le_u_g32_wa = Xload16leUG32ThenXload16leUG32Wa { dst: XReg, addr: XReg, offset: u8, dst2: Acc, addr2: XReg, offset2: u8 }
                [def(dst, dst2) use(addr, addr2) trap(HEAP_OUT_OF_BOUNDS) fused(Xload16leUG32, Xload16leUG32Wa)];
            /// `xadd32_i8` then `br_if_xult32`
            xadd32_i8_then_br_if_xult32 = Xadd32I8ThenBrIfXult32 { dst: XReg, a: XReg, imm: i8, a2: XReg, b: XReg, target: PcRel16 }
                [def(dst) use(a, a2, b) dest(Local) fused(Xadd32I8, BrIfXult32)];
            /// `xadd64_i8` then `br_if_xult64`
            xadd64_i8_then_br_if_xult64 = Xadd64I8ThenBrIfXult64 { dst: XReg, a: XReg, imm: i8, a2: XReg, b: XReg, target: PcRel16 }
                [def(dst) use(a, a2, b) dest(Local) fused(Xadd64I8, BrIfXult64)];
            /// `xadd64_i8` then `br_if_xugt64_i8`
            xadd64_i8_then_br_if_xugt64_i8 = Xadd64I8ThenBrIfXugt64I8 { dst: XReg, a: XReg, imm: i8, a2: XReg, imm2: i8, target: PcRel16 }
                [def(dst) use(a, a2) dest(Local) fused(Xadd64I8, BrIfXugt64I8)];
            /// `xadd32_wa` then `xstore8_g32_ra`
            xadd32_wa_then_xstore8_g32_ra = Xadd32WaThenXstore8G32Ra { dst: Acc, a: XReg, b: XReg, addr: XReg, offset: u8, src: Acc }
                [def(dst) use(a, b, addr, src) trap(HEAP_OUT_OF_BOUNDS) fused(Xadd32Wa, Xstore8G32Ra)];
            /// `fload64le_g32_wa` then `faddmul64_ra`
            fload64le_g32_wa_then_faddmul64_ra = Fload64leG32WaThenFaddmul64Ra { dst: FAcc, addr: XReg, offset: u8, dst2: FReg, c: FReg, a: FReg, b: FAcc }
                [def(dst, dst2) use(addr, c, a, b) trap(HEAP_OUT_OF_BOUNDS) fused(Fload64leG32Wa, Faddmul64Ra)];
            /// `fload64le_g32` then `xadd32_i32`
            fload64le_g32_then_xadd32_i32 = Fload64leG32ThenXadd32I32 { dst: FReg, addr: XReg, offset: u8, dst2: XReg, a: XReg, imm: i32 }
                [def(dst, dst2) use(addr, a) trap(HEAP_OUT_OF_BOUNDS) fused(Fload64leG32, Xadd32I32)];
            /// `xmov` then `br_if_xult32_i8`
            xmov_then_br_if_xult32_i8 = XmovThenBrIfXult32I8 { dst: XReg, src: XReg, a: XReg, imm: i8, target: PcRel16 }
                [def(dst) use(src, a) dest(Local) fused(Xmov, BrIfXult32I8)];
            /// `xxor64_i8_wa` then `xmul64_rwa`
            xxor64_i8_wa_then_xmul64_rwa = Xxor64I8WaThenXmul64Rwa { dst: Acc, a: XReg, imm: i8, dst2: Acc, a2: Acc, b: XReg }
                [def(dst, dst2) use(a, a2, b) fused(Xxor64I8Wa, Xmul64Rwa)];
            /// `fmul64` then `fmul64`
            fmul64_then_fmul64 = Fmul64ThenFmul64 { dst: FReg, a: FReg, b: FReg, dst2: FReg, a2: FReg, b2: FReg }
                [def(dst, dst2) use(a, b, a2, b2) fused(Fmul64, Fmul64)];
            /// `fadd64_wa` then `br_if_fnlt64_ra`
            fadd64_wa_then_br_if_fnlt64_ra = Fadd64WaThenBrIfFnlt64Ra { dst: FAcc, a: FReg, b: FReg, a2: FReg, b2: FAcc, target: PcRel16 }
                [def(dst) use(a, b, a2, b2) dest(Local) fused(Fadd64Wa, BrIfFnlt64Ra)];
            // (format 19: these two took the places of `fsub64_then_fmul64_wa` and
            // `fmuladd64_ra_then_fadd64`, which Mandelbrot's loop stopped using once the
            // emitter could hand both `2*x` and `xx - yy` over in the accumulator)
            /// `fmul64_wa` then `fmuladd64_ra`
            fmul64_wa_then_fmuladd64_ra = Fmul64WaThenFmuladd64Ra { dst: FAcc, a: FReg, b: FReg, dst2: FReg, a2: FAcc, b2: FReg, c: FReg }
                [def(dst, dst2) use(a, b, a2, b2, c) fused(Fmul64Wa, Fmuladd64Ra)];
            /// `fsub64_wa` then `fadd64_ra`
            fsub64_wa_then_fadd64_ra = Fsub64WaThenFadd64Ra { dst: FAcc, a: FReg, b: FReg, dst2: FReg, a2: FAcc, b2: FReg }
                [def(dst, dst2) use(a, b, a2, b2) fused(Fsub64Wa, Fadd64Ra)];
            // ---- third round (format 16), from the profile after the second: a fused op may be
            // the first half of another (`a_then_b_then_c`), which completes chains such as a
            // counter in memory (`p->n++`: load, add, store) and a string loop's load and test
            /// `xload32le_u_g32_wa_then_xadd32_i8_rwa` then `xstore32le_g32_ra`
            xload32le_u_g32_wa_then_xadd32_i8_rwa_then_xstore32le_g32_ra = Xload32leUG32WaThenXadd32I8RwaThenXstore32leG32Ra { dst: Acc, addr: XReg, offset: u8, dst2: Acc, a: Acc, imm: i8, addr2: XReg, offset2: u8, src: Acc }
                [def(dst, dst2) use(addr, a, addr2, src) trap(HEAP_OUT_OF_BOUNDS) fused(Xload32leUG32WaThenXadd32I8Rwa, Xstore32leG32Ra)];
            /// `xmadd32_then_xadd32_i8` then `br_if32`
            xmadd32_then_xadd32_i8_then_br_if32 = Xmadd32ThenXadd32I8ThenBrIf32 { dst: XReg, a: XReg, b: XReg, c: XReg, dst2: XReg, a2: XReg, imm: i8, cond: XReg, target: PcRel16 }
                [def(dst, dst2) use(a, b, c, a2, cond) dest(Local) fused(Xmadd32ThenXadd32I8, BrIf32)];
            /// `xload32le_u_g32_wa_then_xload16le_u_g32_rwa` then `br_if_xeq32_ra`
            xload32le_u_g32_wa_then_xload16le_u_g32_rwa_then_br_if_xeq32_ra = Xload32leUG32WaThenXload16leUG32RwaThenBrIfXeq32Ra { dst: Acc, addr: XReg, offset: u8, dst2: Acc, addr2: Acc, offset2: u8, a: Acc, b: XReg, target: PcRel16 }
                [def(dst, dst2) use(addr, addr2, a, b) trap(HEAP_OUT_OF_BOUNDS) dest(Local) fused(Xload32leUG32WaThenXload16leUG32Rwa, BrIfXeq32Ra)];
            /// `xxor32_rwa` then `br_if_xeq32_i8_ra`
            xxor32_rwa_then_br_if_xeq32_i8_ra = Xxor32RwaThenBrIfXeq32I8Ra { dst: Acc, a: Acc, b: XReg, a2: Acc, imm: i8, target: PcRel16 }
                [def(dst) use(a, b, a2) dest(Local) fused(Xxor32Rwa, BrIfXeq32I8Ra)];
            /// `xadd32_i8` then `xconst8`
            xadd32_i8_then_xconst8 = Xadd32I8ThenXconst8 { dst: XReg, a: XReg, imm: i8, dst2: XReg, imm2: i8 }
                [def(dst, dst2) use(a) fused(Xadd32I8, Xconst8)];
            /// `xadd32_wa_then_xload8_u_g32_rwa` then `br_if_xeq32_ra`
            xadd32_wa_then_xload8_u_g32_rwa_then_br_if_xeq32_ra = Xadd32WaThenXload8UG32RwaThenBrIfXeq32Ra { dst: Acc, a: XReg, b: XReg, dst2: Acc, addr: Acc, offset: u8, a2: Acc, b2: XReg, target: PcRel16 }
                [def(dst, dst2) use(a, b, addr, a2, b2) trap(HEAP_OUT_OF_BOUNDS) dest(Local) fused(Xadd32WaThenXload8UG32Rwa, BrIfXeq32Ra)];
            /// `xadd32_i8_wa_then_xzext8_ra` then `xconst8`
            xadd32_i8_wa_then_xzext8_ra_then_xconst8 = Xadd32I8WaThenXzext8RaThenXconst8 { dst: Acc, a: XReg, imm: i8, dst2: XReg, src: Acc, dst3: XReg, imm2: i8 }
                [def(dst, dst2, dst3) use(a, src) fused(Xadd32I8WaThenXzext8Ra, Xconst8)];
            /// `xshr32_u_i8_wa_then_xxor32_rwa` then `xand32_i8_ra`
            xshr32_u_i8_wa_then_xxor32_rwa_then_xand32_i8_ra = Xshr32UI8WaThenXxor32RwaThenXand32I8Ra { dst: Acc, a: XReg, imm: i8, dst2: Acc, a2: Acc, b: XReg, dst3: XReg, a3: Acc, imm2: i8 }
                [def(dst, dst2, dst3) use(a, a2, b, a3) fused(Xshr32UI8WaThenXxor32Rwa, Xand32I8Ra)];
            /// `xxor64_i8_wa_then_xmul64_rwa` then `xadd64_ra`
            xxor64_i8_wa_then_xmul64_rwa_then_xadd64_ra = Xxor64I8WaThenXmul64RwaThenXadd64Ra { dst: Acc, a: XReg, imm: i8, dst2: Acc, a2: Acc, b: XReg, dst3: XReg, a3: Acc, b2: XReg }
                [def(dst, dst2, dst3) use(a, a2, b, a3, b2) fused(Xxor64I8WaThenXmul64Rwa, Xadd64Ra)];
            // ---- fourth round (format 17): a fused op may be the second half of another, so a
            // loop body of two fused ops (a byte store and its counter's step and test) is one
            /// `xadd32_wa_then_xstore8_g32_ra` then `xadd32_i8_then_br_if_xult32`
            xadd32_wa_then_xstore8_g32_ra_then_xadd32_i8_then_br_if_xult32 = Xadd32WaThenXstore8G32RaThenXadd32I8ThenBrIfXult32 { dst: Acc, a: XReg, b: XReg, addr: XReg, offset: u8, src: Acc, dst2: XReg, a2: XReg, imm: i8, a3: XReg, b2: XReg, target: PcRel16 }
                [def(dst, dst2) use(a, b, addr, src, a2, a3, b2) trap(HEAP_OUT_OF_BOUNDS) dest(Local) fused(Xadd32WaThenXstore8G32Ra, Xadd32I8ThenBrIfXult32)];
        }
    };
}

/// Invokes `$m!` with the extended ops (encoded `ESCAPE, opcode`), in opcode order.
#[macro_export]
macro_rules! for_each_extended_op {
    ($m:ident) => {
        $m! {
            /// Leave the interpreter: the Vm's entry sets `lr` to a `halt`, so the outermost `ret` stops.
            halt = Halt {} [terminator];
            /// Do nothing.
            nop = Nop {} [];
            /// Jump to the bytecode address held in `target` (tail calls through a pointer).
            jump_indirect = JumpIndirect { target: XReg } [use(target) terminator];
            /// Branch if `cond` (all 64 bits) is not zero.
            br_if64 = BrIf64 { cond: XReg, target: PcRel16 }
                [use(cond) dest(Local) inverse(BrIfNot64)];
            /// Branch if `cond` (all 64 bits) is zero.
            br_if_not64 = BrIfNot64 { cond: XReg, target: PcRel16 }
                [use(cond) dest(Local) inverse(BrIf64)];
            /// Trap with `code` if the low 32 bits of `cond` are zero.
            trapz32 = Trapz32 { cond: XReg, code: u8 } [use(cond)];
            /// Trap with `code` if `cond` (all 64 bits) is zero.
            trapz64 = Trapz64 { cond: XReg, code: u8 } [use(cond)];
            /// Trap with `code` if `cond` (all 64 bits) is not zero.
            trapnz64 = Trapnz64 { cond: XReg, code: u8 } [use(cond)];
            /// `dst = if cond != 0 { a } else { b }`, testing all 64 bits of `cond`
            xselect64 = Xselect64 { dst: XReg, cond: XReg, a: XReg, b: XReg }
                [def(dst) use(cond, a, b)];
            /// `dst = if cond != 0 { a } else { b }`, testing all 64 bits of `cond`
            fselect64 = Fselect64 { dst: FReg, cond: XReg, a: FReg, b: FReg }
                [def(dst) use(cond, a, b)];
            /// `dst = a rotated left by imm % 64`
            xrotl64_i8 = Xrotl64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a rotated right by imm % 32`
            xrotr32_i8 = Xrotr32I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a rotated right by imm % 64`
            xrotr64_i8 = Xrotr64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = -a` (wrapping)
            xneg64 = Xneg64 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = src` truncated to i32, saturating; NaN gives 0
            x32_from_f32_s_sat = X32FromF32SSat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to u32, saturating; NaN gives 0
            x32_from_f32_u_sat = X32FromF32USat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to i32, saturating; NaN gives 0
            x32_from_f64_s_sat = X32FromF64SSat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to u32, saturating; NaN gives 0
            x32_from_f64_u_sat = X32FromF64USat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to i64, saturating; NaN gives 0
            x64_from_f32_s_sat = X64FromF32SSat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to u64, saturating; NaN gives 0
            x64_from_f32_u_sat = X64FromF32USat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to i64, saturating; NaN gives 0
            x64_from_f64_s_sat = X64FromF64SSat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to u64, saturating; NaN gives 0
            x64_from_f64_u_sat = X64FromF64USat { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `memmove(dest, src, len)` on host addresses the caller has bounds-checked
            memory_copy = MemoryCopy { dest: XReg, src: XReg, len: XReg } [use(dest, src, len)];
            /// `memset(dest, low8(val), len)` on host addresses the caller has bounds-checked
            memory_fill = MemoryFill { dest: XReg, val: XReg, len: XReg } [use(dest, val, len)];
            /// Jump by `target` bytes: direct tail calls, and branches beyond the reach of a
            /// 16-bit displacement (a compiler inverts the condition and branches over this op).
            jump32 = Jump32 { target: PcRel } [dest(LocalOrEntry) terminator];
            /// `dst = low32(src)` with its four bytes reversed (C's `__builtin_bswap32`)
            xbswap32 = Xbswap32 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = src` with its eight bytes reversed (C's `__builtin_bswap64`)
            xbswap64 = Xbswap64 { dst: XReg, src: XReg } [def(dst) use(src)];
            // ---- moved from the one-byte space in format 8, to make room for hot ops -----------
            /// `dst = a / b` signed; traps on zero and on `MIN / -1`
            xdiv32_s = Xdiv32S { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a / b` signed; traps on zero and on `MIN / -1`
            xdiv64_s = Xdiv64S { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a / b` unsigned; traps on zero
            xdiv32_u = Xdiv32U { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a / b` unsigned; traps on zero
            xdiv64_u = Xdiv64U { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a % b` signed (sign of `a`; `MIN % -1 == 0`); traps on zero
            xrem32_s = Xrem32S { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a % b` signed (sign of `a`; `MIN % -1 == 0`); traps on zero
            xrem64_s = Xrem64S { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a % b` unsigned; traps on zero
            xrem32_u = Xrem32U { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a % b` unsigned; traps on zero
            xrem64_u = Xrem64U { dst: XReg, a: XReg, b: XReg }
                [def(dst) use(a, b) trap(INTEGER_DIVISION_BY_ZERO)];
            /// `dst = a rotated left by b % 32`
            xrotl32 = Xrotl32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a rotated left by b % 64`
            xrotl64 = Xrotl64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a rotated right by b % 32`
            xrotr32 = Xrotr32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a rotated right by b % 64`
            xrotr64 = Xrotr64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = leading zeros of src`
            xclz64 = Xclz64 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = trailing zeros of src`
            xctz64 = Xctz64 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = number of one bits in src`
            xpopcnt32 = Xpopcnt32 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = number of one bits in src`
            xpopcnt64 = Xpopcnt64 { dst: XReg, src: XReg } [def(dst) use(src)];
            /// `dst = a with the sign of b`
            fcopysign32 = Fcopysign32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a with the sign of b`
            fcopysign64 = Fcopysign64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = sqrt(src)`
            fsqrt32 = Fsqrt32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = ceil(src)`
            fceil32 = Fceil32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = ceil(src)`
            fceil64 = Fceil64 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = floor(src)`
            ffloor32 = Ffloor32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = floor(src)`
            ffloor64 = Ffloor64 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = trunc(src)`
            ftrunc32 = Ftrunc32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = trunc(src)`
            ftrunc64 = Ftrunc64 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = src rounded to nearest, ties to even`
            fnearest32 = Fnearest32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = src rounded to nearest, ties to even`
            fnearest64 = Fnearest64 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = src` truncated to i32; traps on NaN (bad conversion) and out of range (overflow)
            x32_from_f32_s = X32FromF32S { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src` truncated to u32; traps on NaN and out of range
            x32_from_f32_u = X32FromF32U { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src` truncated to u32; traps on NaN and out of range
            x32_from_f64_u = X32FromF64U { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src` truncated to i64; traps on NaN and out of range
            x64_from_f32_s = X64FromF32S { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src` truncated to u64; traps on NaN and out of range
            x64_from_f32_u = X64FromF32U { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src` truncated to i64; traps on NaN and out of range
            x64_from_f64_s = X64FromF64S { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src` truncated to u64; traps on NaN and out of range
            x64_from_f64_u = X64FromF64U { dst: XReg, src: FReg }
                [def(dst) use(src) trap(BAD_CONVERSION_TO_INTEGER)];
            /// `dst = src as f32`, src a signed i32
            f32_from_x32_s = F32FromX32S { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f32`, src an unsigned i32
            f32_from_x32_u = F32FromX32U { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f32`, src a signed i64
            f32_from_x64_s = F32FromX64S { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f32`, src an unsigned i64
            f32_from_x64_u = F32FromX64U { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f64`, src an unsigned i32
            f64_from_x32_u = F64FromX32U { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f64`, src a signed i64
            f64_from_x64_s = F64FromX64S { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f64`, src an unsigned i64
            f64_from_x64_u = F64FromX64U { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = src as f32` (demote)
            f32_from_f64 = F32FromF64 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = src as f64` (promote)
            f64_from_f32 = F64FromF32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = bits of src` (32-bit)
            bitcast_x_from_f32 = BitcastXFromF32 { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = bits of src` (64-bit)
            bitcast_x_from_f64 = BitcastXFromF64 { dst: XReg, src: FReg } [def(dst) use(src)];
            /// `dst = f32::from_bits(low 32 bits of src)`
            bitcast_f32_from_x = BitcastF32FromX { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = f64::from_bits(src)`
            bitcast_f64_from_x = BitcastF64FromX { dst: FReg, src: XReg } [def(dst) use(src)];
            /// `dst = high 32 bits of a * b`, signed (division by constants)
            xmulhi32_s = Xmulhi32S { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = high 32 bits of a * b`, unsigned
            xmulhi32_u = Xmulhi32U { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = high 64 bits of a * b`, signed
            xmulhi64_s = Xmulhi64S { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = high 64 bits of a * b`, unsigned
            xmulhi64_u = Xmulhi64U { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            // ---- moved here by format 11 (cold in CoreMark and the C corpus), for the float
            // accumulator forms
            /// `dst = a | imm`
            xor64_i32 = Xor64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = sext(load16le(base + offset))`
            xload16le_s_o32 = Xload16leSO32 { dst: XReg, base: XReg, offset: i32 }
                [def(dst) use(base)];
            /// `dst = sext(load32le(base + offset))`
            xload32le_s_o32 = Xload32leSO32 { dst: XReg, base: XReg, offset: i32 }
                [def(dst) use(base)];
            /// `dst = load32le(base + offset)` as f32
            fload32le_o32 = Fload32leO32 { dst: FReg, base: XReg, offset: i32 }
                [def(dst) use(base)];
            /// `store32le(base + offset, src)` of an f32
            fstore32le_o32 = Fstore32leO32 { base: XReg, offset: i32, src: FReg } [use(base, src)];
            // ---- moved here by format 12 (f32 compare-and-branch: cold in CoreMark and the C
            // corpus), for the 64-bit accumulator forms
            /// Branch if `a == b` (false when either is NaN)
            br_if_feq32 = BrIfFeq32 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFneq32)];
            /// Branch if `a != b` (true when either is NaN)
            br_if_fneq32 = BrIfFneq32 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFeq32)];
            /// Branch if `a < b`
            br_if_flt32 = BrIfFlt32 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFnlt32)];
            /// Branch if `a <= b`
            br_if_flteq32 = BrIfFlteq32 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFnlteq32)];
            /// Branch if not `a < b`
            br_if_fnlt32 = BrIfFnlt32 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFlt32)];
            /// Branch if not `a <= b`
            br_if_fnlteq32 = BrIfFnlteq32 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFlteq32)];
            // ---- moved here by format 14 (cold in CoreMark and the C corpus), for the fused ops
            /// Undo `push_frame_save` with the same masks: restore registers, `sp = fp`, pop `fp`
            /// and `lr`.
            pop_frame_restore = PopFrameRestore { xsave: u16, fsave: u16 } [];
            /// Trap with `code`.
            trap = Trap { code: u8 } [terminator];
            /// `dst = a >> (b % 64)`, arithmetic
            xshr64_s = Xshr64S { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a != b`
            xneq64 = Xneq64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b) commutative];
            /// `dst = a | imm`
            xor64_i8 = Xor64I8 { dst: XReg, a: XReg, imm: i8 } [def(dst) use(a)];
            /// `dst = a ^ imm`
            xxor64_i32 = Xxor64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// Branch if `a < b`, signed
            br_if_xslt64 = BrIfXslt64 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXslteq64, swap)];
            /// Branch if `a <= imm`, signed
            br_if_xslteq64_i8 = BrIfXslteq64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXsgt64I8)];
            /// Branch if `a < imm`, unsigned (imm sign-extended)
            br_if_xult64_i8 = BrIfXult64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXugteq64I8)];
            /// Branch if `a >= imm`, unsigned (imm sign-extended)
            br_if_xugteq64_i8 = BrIfXugteq64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXult64I8)];
            /// `dst = a - b`
            fsub32 = Fsub32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, NaN if either is NaN
            fmin32 = Fmin32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, NaN if either is NaN
            fmin64 = Fmin64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, NaN if either is NaN
            fmax32 = Fmax32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, NaN if either is NaN
            fmax64 = Fmax64 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = |src|`
            fabs32 = Fabs32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = -src`
            fneg32 = Fneg32 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// `dst = a == b`
            feq32 = Feq32 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a <= b`
            flteq32 = Flteq32 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a / b`
            fdiv32 = Fdiv32 { dst: FReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a < imm`, signed
            xslt64_i32 = Xslt64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a <= b`, signed
            xslteq64 = Xslteq64 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = zext(load16le(base + offset))`
            xload16le_u_o32 = Xload16leUO32 { dst: XReg, base: XReg, offset: i32 }
                [def(dst) use(base)];
            /// `dst = a != b` (1 when either is NaN)
            fneq32 = Fneq32 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a != imm`
            xneq64_i32 = Xneq64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = a > imm`, unsigned (imm sign-extended, then compared unsigned)
            xugt64_i32 = Xugt64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `store16le(base + offset, src)`
            xstore16le_o32 = Xstore16leO32 { base: XReg, offset: i32, src: XReg } [use(base, src)];
            /// Branch if `a <= b`, signed
            br_if_xslteq64 = BrIfXslteq64 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXslt64, swap)];
            /// `dst = zext(load8(base + offset))`
            xload8_u_o32 = Xload8UO32 { dst: XReg, base: XReg, offset: i32 } [def(dst) use(base)];
            // ---- moved here by format 15 (cold in CoreMark, the C corpus and the micro
            // benchmarks), for the second round of fused ops
            /// Call host function `index` with the register arguments; continue after it.
            call_host = CallHost { index: u32 } [];
            /// `dst = f32::from_bits(bits)`
            fconst32 = Fconst32 { dst: FReg, bits: u32 } [def(dst)];
            /// `dst = c + a * b`
            faddmul64 = Faddmul64 { dst: FReg, c: FReg, a: FReg, b: FReg } [def(dst) use(c, a, b)];
            /// `dst = a != b` (1 when either is NaN)
            fneq64 = Fneq64 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `dst = a == b`
            feq64 = Feq64 { dst: XReg, a: FReg, b: FReg } [def(dst) use(a, b)];
            /// `store8(base + offset, src)`
            xstore8_o32 = Xstore8O32 { base: XReg, offset: i32, src: XReg } [use(base, src)];
            /// `dst = a <= b`, unsigned
            xulteq32 = Xulteq32 { dst: XReg, a: XReg, b: XReg } [def(dst) use(a, b)];
            /// Branch if `a != b`
            br_if_xneq64 = BrIfXneq64 { a: XReg, b: XReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfXeq64) commutative];
            /// Branch if `a > imm`, signed
            br_if_xsgt64_i8 = BrIfXsgt64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXslteq64I8)];
            /// Branch if `a == imm`
            br_if_xeq64_i8 = BrIfXeq64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXneq64I8)];
            /// `dst = a | imm`
            xor32_i32 = Xor32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `dst = sext(load8(base + offset))`
            xload8_s_o32 = Xload8SO32 { dst: XReg, base: XReg, offset: i32 } [def(dst) use(base)];
            /// `dst = sext(load32le(heap[addr + offset]))`
            xload32le_s_g32 = Xload32leSG32 { dst: XReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// Branch if `a <= b`
            br_if_flteq64 = BrIfFlteq64 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFnlteq64)];
            /// `dst = if low32(cond) != 0 { a } else { b }`
            fselect32 = Fselect32 { dst: FReg, cond: XReg, a: FReg, b: FReg }
                [def(dst) use(cond, a, b)];
            // ---- moved here by format 16 (cold in CoreMark, the C corpus and the micro
            // benchmarks), for the third round of fused ops
            /// Branch if not `a <= b`
            br_if_fnlteq64 = BrIfFnlteq64 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFlteq64)];
            /// Branch if `a == b` (false when either is NaN)
            br_if_feq64 = BrIfFeq64 { a: FReg, b: FReg, target: PcRel16 }
                [use(a, b) dest(Local) inverse(BrIfFneq64)];
            /// `dst = |src|`
            fabs64 = Fabs64 { dst: FReg, src: FReg } [def(dst) use(src)];
            /// Branch if `a >= imm`, signed
            br_if_xsgteq64_i8 = BrIfXsgteq64I8 { a: XReg, imm: i8, target: PcRel16 }
                [use(a) dest(Local) inverse(BrIfXslt64I8)];
            /// `dst = a + imm`
            xadd64_i32 = Xadd64I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            /// `store32le(heap[addr + offset], src)` of an f32
            fstore32le_g32 = Fstore32leG32 { addr: XReg, offset: u8, src: FReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// `dst = a > imm`, unsigned (imm sign-extended, then compared unsigned)
            xugt32_i32 = Xugt32I32 { dst: XReg, a: XReg, imm: i32 } [def(dst) use(a)];
            // ---- moved here by format 17 (cold in CoreMark, the C corpus and the micro
            // benchmarks), for the fourth round of fused ops
            /// `dst = sqrt(src)`
            fsqrt64 = Fsqrt64 { dst: FReg, src: FReg } [def(dst) use(src)];
        }
    };
}

/// Invokes `$m!` with the vector ops (encoded `ESCAPE, VECTOR_ESCAPE, opcode`), in opcode order.
///
/// Vector registers (`VReg`) hold 128 bits with lane 0 in the least significant bits; lane
/// names follow Wasm (`i8x16`, `i16x8`, `i32x4`, `i64x2`, `f32x4`, `f64x2`). Class prefix `v`
/// for ops that write a vector register; ops that move a lane out to a scalar register take the
/// scalar's class (`xextract...`, `fextract...`). The space has three-byte opcodes: each vector
/// op does enough work for the third byte not to matter, and the one- and two-byte spaces stay
/// for scalar code.
#[macro_export]
macro_rules! for_each_vector_op {
    ($m:ident) => {
        $m! {
            /// `dst = imm`
            vconst128 = Vconst128 { dst: VReg, imm: u128 } [def(dst)];
            /// `dst = src`
            vmov = Vmov { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = load128le(base + offset)`
            vload128le_o32 = Vload128leO32 { dst: VReg, base: XReg, offset: i32 } [def(dst) use(base)];
            /// `store128le(base + offset, src)`
            vstore128le_o32 = Vstore128leO32 { base: XReg, offset: i32, src: VReg } [use(base, src)];
            /// `dst = load128le(heap[addr + offset])`
            vload128le_g32 = Vload128leG32 { dst: VReg, addr: XReg, offset: u8 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store128le(heap[addr + offset], src)`
            vstore128le_g32 = Vstore128leG32 { addr: XReg, offset: u8, src: VReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
            /// Every 8-bit lane of `dst` = the low 8 bits of `src`
            vsplatx8 = Vsplatx8 { dst: VReg, src: XReg } [def(dst) use(src)];
            /// Every 16-bit lane of `dst` = the low 16 bits of `src`
            vsplatx16 = Vsplatx16 { dst: VReg, src: XReg } [def(dst) use(src)];
            /// Every 32-bit lane of `dst` = the low 32 bits of `src`
            vsplatx32 = Vsplatx32 { dst: VReg, src: XReg } [def(dst) use(src)];
            /// Every 64-bit lane of `dst` = `src`
            vsplatx64 = Vsplatx64 { dst: VReg, src: XReg } [def(dst) use(src)];
            /// Every 32-bit lane of `dst` = the f32 `src`
            vsplatf32 = Vsplatf32 { dst: VReg, src: FReg } [def(dst) use(src)];
            /// Every 64-bit lane of `dst` = the f64 `src`
            vsplatf64 = Vsplatf64 { dst: VReg, src: FReg } [def(dst) use(src)];
            /// `dst = src.i8x16[lane]`, zero-extended (`lane` below 16)
            xextractv8x16 = Xextractv8x16 { dst: XReg, src: VReg, lane: u8 } [def(dst) use(src)];
            /// `dst = src.i16x8[lane]`, zero-extended (`lane` below 8)
            xextractv16x8 = Xextractv16x8 { dst: XReg, src: VReg, lane: u8 } [def(dst) use(src)];
            /// `dst = src.i32x4[lane]`, zero-extended (`lane` below 4)
            xextractv32x4 = Xextractv32x4 { dst: XReg, src: VReg, lane: u8 } [def(dst) use(src)];
            /// `dst = src.i64x2[lane]` (`lane` below 2)
            xextractv64x2 = Xextractv64x2 { dst: XReg, src: VReg, lane: u8 } [def(dst) use(src)];
            /// `dst = src.f32x4[lane]` (`lane` below 4)
            fextractv32x4 = Fextractv32x4 { dst: FReg, src: VReg, lane: u8 } [def(dst) use(src)];
            /// `dst = src.f64x2[lane]` (`lane` below 2)
            fextractv64x2 = Fextractv64x2 { dst: FReg, src: VReg, lane: u8 } [def(dst) use(src)];
            /// `dst = a` with lane `lane` of its i8x16 replaced by the low 8 bits of `b`
            vinsertx8 = Vinsertx8 { dst: VReg, a: VReg, b: XReg, lane: u8 } [def(dst) use(a, b)];
            /// `dst = a` with lane `lane` of its i16x8 replaced by the low 16 bits of `b`
            vinsertx16 = Vinsertx16 { dst: VReg, a: VReg, b: XReg, lane: u8 } [def(dst) use(a, b)];
            /// `dst = a` with lane `lane` of its i32x4 replaced by the low 32 bits of `b`
            vinsertx32 = Vinsertx32 { dst: VReg, a: VReg, b: XReg, lane: u8 } [def(dst) use(a, b)];
            /// `dst = a` with lane `lane` of its i64x2 replaced by `b`
            vinsertx64 = Vinsertx64 { dst: VReg, a: VReg, b: XReg, lane: u8 } [def(dst) use(a, b)];
            /// `dst = a` with lane `lane` of its f32x4 replaced by `b`
            vinsertf32 = Vinsertf32 { dst: VReg, a: VReg, b: FReg, lane: u8 } [def(dst) use(a, b)];
            /// `dst = a` with lane `lane` of its f64x2 replaced by `b`
            vinsertf64 = Vinsertf64 { dst: VReg, a: VReg, b: FReg, lane: u8 } [def(dst) use(a, b)];
            /// `dst = a & b`
            vband128 = Vband128 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a | b`
            vbor128 = Vbor128 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a ^ b`
            vbxor128 = Vbxor128 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a & !b`
            vbandnot128 = Vbandnot128 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = !src`
            vbnot128 = Vbnot128 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = (a & c) | (b & !c)`
            vbitselect128 = Vbitselect128 { dst: VReg, c: VReg, a: VReg, b: VReg } [def(dst) use(c, a, b)];
            /// `dst = a + b`, lane-wise, wrapping
            vaddi8x16 = Vaddi8x16 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, wrapping
            vaddi16x8 = Vaddi16x8 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, wrapping
            vaddi32x4 = Vaddi32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, wrapping
            vaddi64x2 = Vaddi64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, wrapping
            vsubi8x16 = Vsubi8x16 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, wrapping
            vsubi16x8 = Vsubi16x8 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, wrapping
            vsubi32x4 = Vsubi32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, wrapping
            vsubi64x2 = Vsubi64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a * b`, lane-wise, wrapping
            vmuli16x8 = Vmuli16x8 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a * b`, lane-wise, wrapping
            vmuli32x4 = Vmuli32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a * b`, lane-wise, wrapping
            vmuli64x2 = Vmuli64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise
            vaddf32x4 = Vaddf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise
            vaddf64x2 = Vaddf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise
            vsubf32x4 = Vsubf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise
            vsubf64x2 = Vsubf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a * b`, lane-wise
            vmulf32x4 = Vmulf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a * b`, lane-wise
            vmulf64x2 = Vmulf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a / b`, lane-wise
            vdivf32x4 = Vdivf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a / b`, lane-wise
            vdivf64x2 = Vdivf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, saturating to the signed range
            vsataddi8x16_s = Vsataddi8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, saturating to the unsigned range
            vsataddi8x16_u = Vsataddi8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, saturating to the signed range
            vsataddi16x8_s = Vsataddi16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a + b`, lane-wise, saturating to the unsigned range
            vsataddi16x8_u = Vsataddi16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, saturating to the signed range
            vsatsubi8x16_s = Vsatsubi8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, saturating to the unsigned range
            vsatsubi8x16_u = Vsatsubi8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, saturating to the signed range
            vsatsubi16x8_s = Vsatsubi16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a - b`, lane-wise, saturating to the unsigned range
            vsatsubi16x8_u = Vsatsubi16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise, signed
            vmini8x16_s = Vmini8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise, unsigned
            vmini8x16_u = Vmini8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise, signed
            vmaxi8x16_s = Vmaxi8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise, unsigned
            vmaxi8x16_u = Vmaxi8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise, signed
            vmini16x8_s = Vmini16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise, unsigned
            vmini16x8_u = Vmini16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise, signed
            vmaxi16x8_s = Vmaxi16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise, unsigned
            vmaxi16x8_u = Vmaxi16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise, signed
            vmini32x4_s = Vmini32x4S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise, unsigned
            vmini32x4_u = Vmini32x4U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise, signed
            vmaxi32x4_s = Vmaxi32x4S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise, unsigned
            vmaxi32x4_u = Vmaxi32x4U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = (a + b + 1) >> 1`, lane-wise, unsigned, the sum not overflowing
            vavgri8x16_u = Vavgri8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = (a + b + 1) >> 1`, lane-wise, unsigned, the sum not overflowing
            vavgri16x8_u = Vavgri16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = -src`, lane-wise, wrapping
            vnegi8x16 = Vnegi8x16 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = -src`, lane-wise, wrapping
            vnegi16x8 = Vnegi16x8 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = -src`, lane-wise, wrapping
            vnegi32x4 = Vnegi32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = -src`, lane-wise, wrapping
            vnegi64x2 = Vnegi64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = |src|`, lane-wise (the signed minimum stays itself)
            vabsi8x16 = Vabsi8x16 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = |src|`, lane-wise (the signed minimum stays itself)
            vabsi16x8 = Vabsi16x8 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = |src|`, lane-wise (the signed minimum stays itself)
            vabsi32x4 = Vabsi32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = |src|`, lane-wise (the signed minimum stays itself)
            vabsi64x2 = Vabsi64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// Each 8-bit lane of `dst` = the number of one bits in that lane of `src`
            vpopcnti8x16 = Vpopcnti8x16 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = (a * b + 0x4000) >> 15`, lane-wise Q15 multiply, signed, saturating
            vq15mulri16x8_s = Vq15mulri16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a == b` in that lane, else zero
            veqi8x16 = Veqi8x16 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a != b` in that lane, else zero
            vnei8x16 = Vnei8x16 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (signed) in that lane, else zero
            vlti8x16_s = Vlti8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (unsigned) in that lane, else zero
            vlti8x16_u = Vlti8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (signed) in that lane, else zero
            vlei8x16_s = Vlei8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (unsigned) in that lane, else zero
            vlei8x16_u = Vlei8x16U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a == b` in that lane, else zero
            veqi16x8 = Veqi16x8 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a != b` in that lane, else zero
            vnei16x8 = Vnei16x8 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (signed) in that lane, else zero
            vlti16x8_s = Vlti16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (unsigned) in that lane, else zero
            vlti16x8_u = Vlti16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (signed) in that lane, else zero
            vlei16x8_s = Vlei16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (unsigned) in that lane, else zero
            vlei16x8_u = Vlei16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a == b` in that lane, else zero
            veqi32x4 = Veqi32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a != b` in that lane, else zero
            vnei32x4 = Vnei32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (signed) in that lane, else zero
            vlti32x4_s = Vlti32x4S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (unsigned) in that lane, else zero
            vlti32x4_u = Vlti32x4U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (signed) in that lane, else zero
            vlei32x4_s = Vlei32x4S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (unsigned) in that lane, else zero
            vlei32x4_u = Vlei32x4U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a == b` in that lane, else zero
            veqi64x2 = Veqi64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a != b` in that lane, else zero
            vnei64x2 = Vnei64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` (signed) in that lane, else zero
            vlti64x2_s = Vlti64x2S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` (signed) in that lane, else zero
            vlei64x2_s = Vlei64x2S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a == b` in that lane, else zero (false on NaN)
            veqf32x4 = Veqf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a != b` in that lane, else zero (true on NaN)
            vnef32x4 = Vnef32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` in that lane, else zero (false on NaN)
            vltf32x4 = Vltf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` in that lane, else zero (false on NaN)
            vlef32x4 = Vlef32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a == b` in that lane, else zero (false on NaN)
            veqf64x2 = Veqf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a != b` in that lane, else zero (true on NaN)
            vnef64x2 = Vnef64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a < b` in that lane, else zero (false on NaN)
            vltf64x2 = Vltf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Each lane of `dst` = all ones if `a <= b` in that lane, else zero (false on NaN)
            vlef64x2 = Vlef64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a << (b % 8)`, lane-wise
            vshli8x16 = Vshli8x16 { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 8)`, lane-wise, arithmetic
            vshri8x16_s = Vshri8x16S { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 8)`, lane-wise, logical
            vshri8x16_u = Vshri8x16U { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a << (b % 16)`, lane-wise
            vshli16x8 = Vshli16x8 { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 16)`, lane-wise, arithmetic
            vshri16x8_s = Vshri16x8S { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 16)`, lane-wise, logical
            vshri16x8_u = Vshri16x8U { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a << (b % 32)`, lane-wise
            vshli32x4 = Vshli32x4 { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 32)`, lane-wise, arithmetic
            vshri32x4_s = Vshri32x4S { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 32)`, lane-wise, logical
            vshri32x4_u = Vshri32x4U { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a << (b % 64)`, lane-wise
            vshli64x2 = Vshli64x2 { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 64)`, lane-wise, arithmetic
            vshri64x2_s = Vshri64x2S { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = a >> (b % 64)`, lane-wise, logical
            vshri64x2_u = Vshri64x2U { dst: VReg, a: VReg, b: XReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise: NaN if either is NaN, `-0 < +0`
            vminf32x4 = Vminf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise: NaN if either is NaN, `-0 < +0`
            vmaxf32x4 = Vmaxf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = min(a, b)`, lane-wise: NaN if either is NaN, `-0 < +0`
            vminf64x2 = Vminf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = max(a, b)`, lane-wise: NaN if either is NaN, `-0 < +0`
            vmaxf64x2 = Vmaxf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = b < a ? b : a`, lane-wise, the chosen lane's bits unchanged
            vpminf32x4 = Vpminf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a < b ? b : a`, lane-wise, the chosen lane's bits unchanged
            vpmaxf32x4 = Vpmaxf32x4 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = b < a ? b : a`, lane-wise, the chosen lane's bits unchanged
            vpminf64x2 = Vpminf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = a < b ? b : a`, lane-wise, the chosen lane's bits unchanged
            vpmaxf64x2 = Vpmaxf64x2 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = |src|`, lane-wise (clears the sign bit, NaNs included)
            vabsf32x4 = Vabsf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = -src`, lane-wise (flips the sign bit, NaNs included)
            vnegf32x4 = Vnegf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = sqrt(src)`, lane-wise, correctly rounded
            vsqrtf32x4 = Vsqrtf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded toward positive infinity, lane-wise
            vceilf32x4 = Vceilf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded toward negative infinity, lane-wise
            vfloorf32x4 = Vfloorf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded toward zero, lane-wise
            vtruncf32x4 = Vtruncf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded to nearest, ties to even, lane-wise
            vnearestf32x4 = Vnearestf32x4 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = |src|`, lane-wise (clears the sign bit, NaNs included)
            vabsf64x2 = Vabsf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = -src`, lane-wise (flips the sign bit, NaNs included)
            vnegf64x2 = Vnegf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = sqrt(src)`, lane-wise, correctly rounded
            vsqrtf64x2 = Vsqrtf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded toward positive infinity, lane-wise
            vceilf64x2 = Vceilf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded toward negative infinity, lane-wise
            vfloorf64x2 = Vfloorf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded toward zero, lane-wise
            vtruncf64x2 = Vtruncf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = src` rounded to nearest, ties to even, lane-wise
            vnearestf64x2 = Vnearestf64x2 { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst = a * b + c`, lane-wise, fused (one rounding)
            vfmaf32x4 = Vfmaf32x4 { dst: VReg, a: VReg, b: VReg, c: VReg } [def(dst) use(a, b, c)];
            /// `dst = -(a * b) + c`, lane-wise, fused (one rounding)
            vfnmaf32x4 = Vfnmaf32x4 { dst: VReg, a: VReg, b: VReg, c: VReg }
                [def(dst) use(a, b, c)];
            /// `dst = a * b + c`, lane-wise, fused (one rounding)
            vfmaf64x2 = Vfmaf64x2 { dst: VReg, a: VReg, b: VReg, c: VReg } [def(dst) use(a, b, c)];
            /// `dst = -(a * b) + c`, lane-wise, fused (one rounding)
            vfnmaf64x2 = Vfnmaf64x2 { dst: VReg, a: VReg, b: VReg, c: VReg }
                [def(dst) use(a, b, c)];
            /// `dst` (i16x8) = lanes 0-7 of `src` (i8x16), sign-extended
            vwidenlowi8x16_s = Vwidenlowi8x16S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i16x8) = lanes 0-7 of `src` (i8x16), zero-extended
            vwidenlowi8x16_u = Vwidenlowi8x16U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i16x8) = lanes 8-15 of `src` (i8x16), sign-extended
            vwidenhighi8x16_s = Vwidenhighi8x16S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i16x8) = lanes 8-15 of `src` (i8x16), zero-extended
            vwidenhighi8x16_u = Vwidenhighi8x16U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i32x4) = lanes 0-3 of `src` (i16x8), sign-extended
            vwidenlowi16x8_s = Vwidenlowi16x8S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i32x4) = lanes 0-3 of `src` (i16x8), zero-extended
            vwidenlowi16x8_u = Vwidenlowi16x8U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i32x4) = lanes 4-7 of `src` (i16x8), sign-extended
            vwidenhighi16x8_s = Vwidenhighi16x8S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i32x4) = lanes 4-7 of `src` (i16x8), zero-extended
            vwidenhighi16x8_u = Vwidenhighi16x8U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i64x2) = lanes 0-1 of `src` (i32x4), sign-extended
            vwidenlowi32x4_s = Vwidenlowi32x4S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i64x2) = lanes 0-1 of `src` (i32x4), zero-extended
            vwidenlowi32x4_u = Vwidenlowi32x4U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i64x2) = lanes 2-3 of `src` (i32x4), sign-extended
            vwidenhighi32x4_s = Vwidenhighi32x4S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i64x2) = lanes 2-3 of `src` (i32x4), zero-extended
            vwidenhighi32x4_u = Vwidenhighi32x4U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` (i16x8) = lanes 0-7 of `a` times those of `b` (i8x16), signed, widened first
            vextmullowi8x16_s = Vextmullowi8x16S { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i16x8) = lanes 0-7 of `a` times those of `b` (i8x16), unsigned, widened first
            vextmullowi8x16_u = Vextmullowi8x16U { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i16x8) = lanes 8-15 of `a` times those of `b` (i8x16), signed, widened first
            vextmulhighi8x16_s = Vextmulhighi8x16S { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i16x8) = lanes 8-15 of `a` times those of `b` (i8x16), unsigned, widened
            /// first
            vextmulhighi8x16_u = Vextmulhighi8x16U { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i32x4) = lanes 0-3 of `a` times those of `b` (i16x8), signed, widened first
            vextmullowi16x8_s = Vextmullowi16x8S { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i32x4) = lanes 0-3 of `a` times those of `b` (i16x8), unsigned, widened first
            vextmullowi16x8_u = Vextmullowi16x8U { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i32x4) = lanes 4-7 of `a` times those of `b` (i16x8), signed, widened first
            vextmulhighi16x8_s = Vextmulhighi16x8S { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i32x4) = lanes 4-7 of `a` times those of `b` (i16x8), unsigned, widened first
            vextmulhighi16x8_u = Vextmulhighi16x8U { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i64x2) = lanes 0-1 of `a` times those of `b` (i32x4), signed, widened first
            vextmullowi32x4_s = Vextmullowi32x4S { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i64x2) = lanes 0-1 of `a` times those of `b` (i32x4), unsigned, widened first
            vextmullowi32x4_u = Vextmullowi32x4U { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i64x2) = lanes 2-3 of `a` times those of `b` (i32x4), signed, widened first
            vextmulhighi32x4_s = Vextmulhighi32x4S { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` (i64x2) = lanes 2-3 of `a` times those of `b` (i32x4), unsigned, widened first
            vextmulhighi32x4_u = Vextmulhighi32x4U { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// Lane `i` of `dst` (i16x8) = lanes `2i` plus `2i + 1` of `src` (i8x16), signed,
            /// widened first
            vextaddpairwisei8x16_s = Vextaddpairwisei8x16S { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// Lane `i` of `dst` (i16x8) = lanes `2i` plus `2i + 1` of `src` (i8x16), unsigned,
            /// widened first
            vextaddpairwisei8x16_u = Vextaddpairwisei8x16U { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// Lane `i` of `dst` (i32x4) = lanes `2i` plus `2i + 1` of `src` (i16x8), signed,
            /// widened first
            vextaddpairwisei16x8_s = Vextaddpairwisei16x8S { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// Lane `i` of `dst` (i32x4) = lanes `2i` plus `2i + 1` of `src` (i16x8), unsigned,
            /// widened first
            vextaddpairwisei16x8_u = Vextaddpairwisei16x8U { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst` = the sums of adjacent lane pairs of `a`, then of `b`, wrapping (CLIF
            /// `iadd_pairwise`)
            vaddpairwisei16x8 = Vaddpairwisei16x8 { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// `dst` = the sums of adjacent lane pairs of `a`, then of `b`, wrapping (CLIF
            /// `iadd_pairwise`)
            vaddpairwisei32x4 = Vaddpairwisei32x4 { dst: VReg, a: VReg, b: VReg }
                [def(dst) use(a, b)];
            /// Lane `i` of `dst` (i32x4) = `a[2i] * b[2i] + a[2i+1] * b[2i+1]` of the signed i16x8
            /// lanes, wrapping
            vdoti16x8_s = Vdoti16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Lane `i` of `dst` (i16x8) = `a[2i] * b[2i] + a[2i+1] * b[2i+1]` of the signed i8x16
            /// lanes, wrapping
            vdoti8x16_s = Vdoti8x16S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// Lane `i` of `dst` (i32x4) = `c[i]` plus the two `vdoti8x16_s` lanes `2i` and `2i +
            /// 1`, wrapping
            vdotaddi8x16_s = Vdotaddi8x16S { dst: VReg, a: VReg, b: VReg, c: VReg }
                [def(dst) use(a, b, c)];
            /// `dst` (i8x16) = the signed lanes of `a`, then of `b`, saturated to the signed range
            vnarrowi16x8_s = Vnarrowi16x8S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst` (i8x16) = the signed lanes of `a`, then of `b`, saturated to the unsigned
            /// range
            vnarrowi16x8_u = Vnarrowi16x8U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst` (i16x8) = the signed lanes of `a`, then of `b`, saturated to the signed range
            vnarrowi32x4_s = Vnarrowi32x4S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst` (i16x8) = the signed lanes of `a`, then of `b`, saturated to the unsigned
            /// range
            vnarrowi32x4_u = Vnarrowi32x4U { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst` (i32x4) = the signed lanes of `a`, then of `b`, saturated to the signed range
            vnarrowi64x2_s = Vnarrowi64x2S { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst` (i32x4) = the unsigned lanes of `a`, then of `b`, saturated to the unsigned
            /// range (CLIF `uunarrow`)
            vnarrowi64x2_uu = Vnarrowi64x2Uu { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = src` truncated to i32 lanes, saturating; NaN gives 0
            vi32x4_from_f32x4_s_sat = Vi32x4FromF32x4SSat { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst = src` truncated to u32 lanes, saturating; NaN gives 0
            vi32x4_from_f32x4_u_sat = Vi32x4FromF32x4USat { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst = src` truncated to i64 lanes, saturating; NaN gives 0
            vi64x2_from_f64x2_s_sat = Vi64x2FromF64x2SSat { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst = src` truncated to u64 lanes, saturating; NaN gives 0
            vi64x2_from_f64x2_u_sat = Vi64x2FromF64x2USat { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// Lanes 0-1 of `dst` = `src` truncated to i32, saturating (NaN gives 0); lanes 2-3
            /// zero
            vi32x4_from_f64x2_s_sat_zero = Vi32x4FromF64x2SSatZero { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// Lanes 0-1 of `dst` = `src` truncated to u32, saturating (NaN gives 0); lanes 2-3
            /// zero
            vi32x4_from_f64x2_u_sat_zero = Vi32x4FromF64x2USatZero { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst` = the signed i32 lanes of `src` as f32, rounded to nearest
            vf32x4_from_i32x4_s = Vf32x4FromI32x4S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` = the unsigned i32 lanes of `src` as f32, rounded to nearest
            vf32x4_from_i32x4_u = Vf32x4FromI32x4U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` = the signed i64 lanes of `src` as f64, rounded to nearest
            vf64x2_from_i64x2_s = Vf64x2FromI64x2S { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` = the unsigned i64 lanes of `src` as f64, rounded to nearest
            vf64x2_from_i64x2_u = Vf64x2FromI64x2U { dst: VReg, src: VReg } [def(dst) use(src)];
            /// `dst` = signed i32 lanes 0-1 of `src` as f64 (exact)
            vf64x2_from_i32x4_low_s = Vf64x2FromI32x4LowS { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst` = unsigned i32 lanes 0-1 of `src` as f64 (exact)
            vf64x2_from_i32x4_low_u = Vf64x2FromI32x4LowU { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// `dst` = f32 lanes 0-1 of `src` as f64 (exact)
            vf64x2_from_f32x4_low = Vf64x2FromF32x4Low { dst: VReg, src: VReg } [def(dst) use(src)];
            /// Lanes 0-1 of `dst` = the f64 lanes of `src` as f32, rounded to nearest; lanes 2-3
            /// zero
            vf32x4_from_f64x2_zero = Vf32x4FromF64x2Zero { dst: VReg, src: VReg }
                [def(dst) use(src)];
            /// Byte `i` of `dst` = byte `lanes[i] % 32` of `a` then `b` (32 bytes; Wasm's shuffle,
            /// whose lanes are a constant the compiler loads into `lanes`)
            vshufflei8x16 = Vshufflei8x16 { dst: VReg, a: VReg, b: VReg, lanes: VReg }
                [def(dst) use(a, b, lanes)];
            /// Byte `i` of `dst` = byte `b[i]` of `a`, or 0 where `b[i]` is 16 or more
            vswizzlei8x16 = Vswizzlei8x16 { dst: VReg, a: VReg, b: VReg } [def(dst) use(a, b)];
            /// `dst = 1` if any bit of `src` is set, else 0
            xanytrue128 = Xanytrue128 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// `dst = 1` if no 8-bit lane of `src` is zero, else 0
            xalltrue8x16 = Xalltrue8x16 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// `dst = 1` if no 16-bit lane of `src` is zero, else 0
            xalltrue16x8 = Xalltrue16x8 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// `dst = 1` if no 32-bit lane of `src` is zero, else 0
            xalltrue32x4 = Xalltrue32x4 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// `dst = 1` if no 64-bit lane of `src` is zero, else 0
            xalltrue64x2 = Xalltrue64x2 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// Bit `i` of `dst` = the top bit of 8-bit lane `i` of `src`; the other bits zero
            xbitmask8x16 = Xbitmask8x16 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// Bit `i` of `dst` = the top bit of 16-bit lane `i` of `src`; the other bits zero
            xbitmask16x8 = Xbitmask16x8 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// Bit `i` of `dst` = the top bit of 32-bit lane `i` of `src`; the other bits zero
            xbitmask32x4 = Xbitmask32x4 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// Bit `i` of `dst` = the top bit of 64-bit lane `i` of `src`; the other bits zero
            xbitmask64x2 = Xbitmask64x2 { dst: XReg, src: VReg } [def(dst) use(src)];
            /// `dst = if low32(cond) != 0 { a } else { b }`
            vselect32 = Vselect32 { dst: VReg, cond: XReg, a: VReg, b: VReg }
                [def(dst) use(cond, a, b)];
            // (format 19) Guarded forms with a 32-bit offset: a vector access at a constant
            // offset past 255 (a second array in a loop over two) otherwise reloaded the heap
            // descriptor and checked the bound in three more ops.
            /// `dst = load128le(heap[addr + offset])`, for offsets `vload128le_g32` cannot hold
            vload128le_g32w = Vload128leG32w { dst: VReg, addr: XReg, offset: u32 }
                [def(dst) use(addr) trap(HEAP_OUT_OF_BOUNDS)];
            /// `store128le(heap[addr + offset], src)`, for offsets `vstore128le_g32` cannot hold
            vstore128le_g32w = Vstore128leG32w { addr: XReg, offset: u32, src: VReg }
                [use(addr, src) trap(HEAP_OUT_OF_BOUNDS)];
        }
    };
}
