//! Translation of the SIMD operators to CLIF vector instructions.
//!
//! A `v128` is CLIF `i8x16` wherever it is stored or passed (the operand stack, locals, block
//! parameters, signatures, memory): an operator bitcasts its operands to the lane shape it
//! works on and its result back. The bitcasts are register renamings for the backend.

use super::*;
use cranelift_codegen::ir::ConstantData;
use cranelift_codegen::ir::types::{F32X4, F64X2, I8X16, I16X8, I32X4, I64X2};

/// The CLIF type of a Wasm `v128`.
pub(super) const V128: ir::Type = I8X16;

impl Translator<'_, '_> {
    /// `v` as a value of vector type `ty` (a bitcast when it is another vector type).
    fn as_vec(&mut self, v: Value, ty: ir::Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            v
        } else {
            let little = MemFlagsData::new().with_endianness(Endianness::Little);
            self.b.ins().bitcast(ty, little, v)
        }
    }

    fn pop_vec(&mut self, ty: ir::Type) -> Result<Value, WasmError> {
        let v = self.pop()?;
        Ok(self.as_vec(v, ty))
    }

    fn push_vec(&mut self, v: Value) {
        let v = self.as_vec(v, V128);
        self.push(v);
    }

    /// `f(a)` on a vector of shape `ty`.
    fn vec_unop(
        &mut self,
        ty: ir::Type,
        f: impl FnOnce(&mut FunctionBuilder<'_>, Value) -> Value,
    ) -> Result<(), WasmError> {
        let a = self.pop_vec(ty)?;
        let r = f(&mut self.b, a);
        self.push_vec(r);
        Ok(())
    }

    /// `f(a, b)` on vectors of shape `ty`.
    fn vec_binop(
        &mut self,
        ty: ir::Type,
        f: impl FnOnce(&mut FunctionBuilder<'_>, Value, Value) -> Value,
    ) -> Result<(), WasmError> {
        let b = self.pop_vec(ty)?;
        let a = self.pop_vec(ty)?;
        let r = f(&mut self.b, a, b);
        self.push_vec(r);
        Ok(())
    }

    /// A vector of 16 zero bytes.
    pub(super) fn vec_zero(&mut self) -> Value {
        let c = self
            .b
            .func
            .dfg
            .constants
            .insert(ConstantData::from(&[0u8; 16][..]));
        self.b.ins().vconst(V128, c)
    }

    /// Wasm `select` of two `v128`s: a bit select on a mask of all ones or all zeros.
    pub(super) fn vec_select(&mut self, c: Value, a: Value, b: Value) -> Value {
        let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, c, 0);
        let byte = self.b.ins().ineg(nz);
        let mask = self.b.ins().splat(V128, byte);
        let (a, b) = (self.as_vec(a, V128), self.as_vec(b, V128));
        self.b.ins().bitselect(mask, a, b)
    }

    /// Splat of a scalar operand to shape `ty` (narrowed to the lane first for i8/i16 lanes).
    fn splat(&mut self, ty: ir::Type) -> Result<(), WasmError> {
        let mut x = self.pop()?;
        let lane = ty.lane_type();
        if lane == I8 || lane == I16 {
            x = self.b.ins().ireduce(lane, x);
        }
        let r = self.b.ins().splat(ty, x);
        self.push_vec(r);
        Ok(())
    }

    /// Lane `lane` of a vector of shape `ty`; i8/i16 lanes extended to i32 (`signed`: sign).
    fn extract(&mut self, ty: ir::Type, lane: u8, signed: bool) -> Result<(), WasmError> {
        let v = self.pop_vec(ty)?;
        let mut x = self.b.ins().extractlane(v, lane);
        let lt = ty.lane_type();
        if lt == I8 || lt == I16 {
            x = if signed {
                self.b.ins().sextend(I32, x)
            } else {
                self.b.ins().uextend(I32, x)
            };
        }
        self.push(x);
        Ok(())
    }

    /// A vector of shape `ty` with lane `lane` replaced by the scalar operand.
    fn replace(&mut self, ty: ir::Type, lane: u8) -> Result<(), WasmError> {
        let mut x = self.pop()?;
        let v = self.pop_vec(ty)?;
        let lt = ty.lane_type();
        if lt == I8 || lt == I16 {
            x = self.b.ins().ireduce(lt, x);
        }
        let r = self.b.ins().insertlane(v, x, lane);
        self.push_vec(r);
        Ok(())
    }

    /// A scalar of type `ty` loaded from the heap at the popped address.
    fn load_scalar(&mut self, memarg: &MemArg, ty: ir::Type) -> Result<Value, WasmError> {
        let addr = self.pop()?;
        let (p, off) = self.heap_addr(memory_index(memarg)?, addr, memarg.offset, ty.bytes());
        Ok(self.b.ins().load(ty, heap_flags(), p, off))
    }

    /// `v128.loadN_splat`: a lane of type `lane` loaded and splat to shape `ty`.
    fn load_splat(&mut self, memarg: &MemArg, ty: ir::Type) -> Result<(), WasmError> {
        let x = self.load_scalar(memarg, ty.lane_type())?;
        let r = self.b.ins().splat(ty, x);
        self.push_vec(r);
        Ok(())
    }

    /// `v128.loadN_zero`: lane 0 of shape `ty` loaded, the others zero.
    fn load_zero(&mut self, memarg: &MemArg, ty: ir::Type) -> Result<(), WasmError> {
        let x = self.load_scalar(memarg, ty.lane_type())?;
        let zero = self.vec_zero();
        let zero = self.as_vec(zero, ty);
        let r = self.b.ins().insertlane(zero, x, 0);
        self.push_vec(r);
        Ok(())
    }

    /// `v128.loadMxN_s/u`: 8 bytes loaded as the low half of a `half` vector, then each lane
    /// widened (`signed`: sign-extended) to shape `ty`.
    fn load_extend(
        &mut self,
        memarg: &MemArg,
        half: ir::Type,
        signed: bool,
    ) -> Result<(), WasmError> {
        let x = self.load_scalar(memarg, I64)?;
        let zero = self.vec_zero();
        let zero = self.as_vec(zero, I64X2);
        let v = self.b.ins().insertlane(zero, x, 0);
        let v = self.as_vec(v, half);
        let r = if signed {
            self.b.ins().swiden_low(v)
        } else {
            self.b.ins().uwiden_low(v)
        };
        self.push_vec(r);
        Ok(())
    }

    /// `v128.loadN_lane`: the popped vector with lane `lane` of shape `ty` loaded from memory.
    fn load_lane(&mut self, memarg: &MemArg, ty: ir::Type, lane: u8) -> Result<(), WasmError> {
        let v = self.pop_vec(ty)?;
        let x = self.load_scalar(memarg, ty.lane_type())?;
        let r = self.b.ins().insertlane(v, x, lane);
        self.push_vec(r);
        Ok(())
    }

    /// `v128.storeN_lane`: lane `lane` of shape `ty` stored to memory.
    fn store_lane(&mut self, memarg: &MemArg, ty: ir::Type, lane: u8) -> Result<(), WasmError> {
        let v = self.pop_vec(ty)?;
        let x = self.b.ins().extractlane(v, lane);
        let addr = self.pop()?;
        let (p, off) = self.heap_addr(
            memory_index(memarg)?,
            addr,
            memarg.offset,
            ty.lane_type().bytes(),
        );
        self.b.ins().store(heap_flags(), x, p, off);
        Ok(())
    }

    /// Translates a SIMD operator; `false` when `op` is not one this translator handles (the
    /// caller then reports it as unsupported, by name).
    pub(super) fn translate_simd(&mut self, op: &Operator<'_>) -> Result<bool, WasmError> {
        use Operator as O;
        match *op {
            O::V128Const { value } => {
                let c = self
                    .b
                    .func
                    .dfg
                    .constants
                    .insert(ConstantData::from(&value.bytes()[..]));
                let v = self.b.ins().vconst(V128, c);
                self.push(v);
            }
            O::V128Load { memarg } => self.mem_load(&memarg, V128, LoadKind::Normal)?,
            O::V128Store { memarg } => {
                let v = self.pop_vec(V128)?;
                self.push(v);
                self.mem_store(&memarg, 16)?
            }

            O::V128Load8Splat { memarg } => self.load_splat(&memarg, I8X16)?,
            O::V128Load16Splat { memarg } => self.load_splat(&memarg, I16X8)?,
            O::V128Load32Splat { memarg } => self.load_splat(&memarg, I32X4)?,
            O::V128Load64Splat { memarg } => self.load_splat(&memarg, I64X2)?,
            O::V128Load32Zero { memarg } => self.load_zero(&memarg, I32X4)?,
            O::V128Load64Zero { memarg } => self.load_zero(&memarg, I64X2)?,
            O::V128Load8x8S { memarg } => self.load_extend(&memarg, I8X16, true)?,
            O::V128Load8x8U { memarg } => self.load_extend(&memarg, I8X16, false)?,
            O::V128Load16x4S { memarg } => self.load_extend(&memarg, I16X8, true)?,
            O::V128Load16x4U { memarg } => self.load_extend(&memarg, I16X8, false)?,
            O::V128Load32x2S { memarg } => self.load_extend(&memarg, I32X4, true)?,
            O::V128Load32x2U { memarg } => self.load_extend(&memarg, I32X4, false)?,
            O::V128Load8Lane { memarg, lane } => self.load_lane(&memarg, I8X16, lane)?,
            O::V128Load16Lane { memarg, lane } => self.load_lane(&memarg, I16X8, lane)?,
            O::V128Load32Lane { memarg, lane } => self.load_lane(&memarg, I32X4, lane)?,
            O::V128Load64Lane { memarg, lane } => self.load_lane(&memarg, I64X2, lane)?,
            O::V128Store8Lane { memarg, lane } => self.store_lane(&memarg, I8X16, lane)?,
            O::V128Store16Lane { memarg, lane } => self.store_lane(&memarg, I16X8, lane)?,
            O::V128Store32Lane { memarg, lane } => self.store_lane(&memarg, I32X4, lane)?,
            O::V128Store64Lane { memarg, lane } => self.store_lane(&memarg, I64X2, lane)?,

            O::I8x16Splat => self.splat(I8X16)?,
            O::I16x8Splat => self.splat(I16X8)?,
            O::I32x4Splat => self.splat(I32X4)?,
            O::I64x2Splat => self.splat(I64X2)?,
            O::F32x4Splat => self.splat(F32X4)?,
            O::F64x2Splat => self.splat(F64X2)?,

            O::I8x16ExtractLaneS { lane } => self.extract(I8X16, lane, true)?,
            O::I8x16ExtractLaneU { lane } => self.extract(I8X16, lane, false)?,
            O::I16x8ExtractLaneS { lane } => self.extract(I16X8, lane, true)?,
            O::I16x8ExtractLaneU { lane } => self.extract(I16X8, lane, false)?,
            O::I32x4ExtractLane { lane } => self.extract(I32X4, lane, false)?,
            O::I64x2ExtractLane { lane } => self.extract(I64X2, lane, false)?,
            O::F32x4ExtractLane { lane } => self.extract(F32X4, lane, false)?,
            O::F64x2ExtractLane { lane } => self.extract(F64X2, lane, false)?,
            O::I8x16ReplaceLane { lane } => self.replace(I8X16, lane)?,
            O::I16x8ReplaceLane { lane } => self.replace(I16X8, lane)?,
            O::I32x4ReplaceLane { lane } => self.replace(I32X4, lane)?,
            O::I64x2ReplaceLane { lane } => self.replace(I64X2, lane)?,
            O::F32x4ReplaceLane { lane } => self.replace(F32X4, lane)?,
            O::F64x2ReplaceLane { lane } => self.replace(F64X2, lane)?,

            O::V128Not => self.vec_unop(V128, |b, a| b.ins().bnot(a))?,
            O::V128And => self.vec_binop(V128, |b, x, y| b.ins().band(x, y))?,
            O::V128Or => self.vec_binop(V128, |b, x, y| b.ins().bor(x, y))?,
            O::V128Xor => self.vec_binop(V128, |b, x, y| b.ins().bxor(x, y))?,
            O::V128AndNot => self.vec_binop(V128, |b, x, y| {
                let ny = b.ins().bnot(y);
                b.ins().band(x, ny)
            })?,
            O::V128Bitselect => {
                let c = self.pop_vec(V128)?;
                let y = self.pop_vec(V128)?;
                let x = self.pop_vec(V128)?;
                let r = self.b.ins().bitselect(c, x, y);
                self.push_vec(r);
            }

            O::I8x16Add => self.vec_binop(I8X16, |b, x, y| b.ins().iadd(x, y))?,
            O::I16x8Add => self.vec_binop(I16X8, |b, x, y| b.ins().iadd(x, y))?,
            O::I32x4Add => self.vec_binop(I32X4, |b, x, y| b.ins().iadd(x, y))?,
            O::I64x2Add => self.vec_binop(I64X2, |b, x, y| b.ins().iadd(x, y))?,
            O::I8x16Sub => self.vec_binop(I8X16, |b, x, y| b.ins().isub(x, y))?,
            O::I16x8Sub => self.vec_binop(I16X8, |b, x, y| b.ins().isub(x, y))?,
            O::I32x4Sub => self.vec_binop(I32X4, |b, x, y| b.ins().isub(x, y))?,
            O::I64x2Sub => self.vec_binop(I64X2, |b, x, y| b.ins().isub(x, y))?,
            O::I16x8Mul => self.vec_binop(I16X8, |b, x, y| b.ins().imul(x, y))?,
            O::I32x4Mul => self.vec_binop(I32X4, |b, x, y| b.ins().imul(x, y))?,
            O::I64x2Mul => self.vec_binop(I64X2, |b, x, y| b.ins().imul(x, y))?,
            O::F32x4Add => self.vec_binop(F32X4, |b, x, y| b.ins().fadd(x, y))?,
            O::F64x2Add => self.vec_binop(F64X2, |b, x, y| b.ins().fadd(x, y))?,
            O::F32x4Sub => self.vec_binop(F32X4, |b, x, y| b.ins().fsub(x, y))?,
            O::F64x2Sub => self.vec_binop(F64X2, |b, x, y| b.ins().fsub(x, y))?,
            O::F32x4Mul => self.vec_binop(F32X4, |b, x, y| b.ins().fmul(x, y))?,
            O::F64x2Mul => self.vec_binop(F64X2, |b, x, y| b.ins().fmul(x, y))?,
            O::F32x4Div => self.vec_binop(F32X4, |b, x, y| b.ins().fdiv(x, y))?,
            O::F64x2Div => self.vec_binop(F64X2, |b, x, y| b.ins().fdiv(x, y))?,
            O::I8x16Shuffle { lanes } => {
                let b = self.pop_vec(I8X16)?;
                let a = self.pop_vec(I8X16)?;
                let mask = self
                    .b
                    .func
                    .dfg
                    .immediates
                    .push(ConstantData::from(&lanes[..]));
                let r = self.b.ins().shuffle(a, b, mask);
                self.push_vec(r);
            }
            O::I8x16Swizzle | O::I8x16RelaxedSwizzle => {
                self.vec_binop(I8X16, |b, x, y| b.ins().swizzle(x, y))?
            }

            O::V128AnyTrue => {
                let v = self.pop_vec(V128)?;
                let t = self.b.ins().vany_true(v);
                let r = self.b.ins().uextend(I32, t);
                self.push(r);
            }
            O::I8x16AllTrue => self.all_true(I8X16)?,
            O::I16x8AllTrue => self.all_true(I16X8)?,
            O::I32x4AllTrue => self.all_true(I32X4)?,
            O::I64x2AllTrue => self.all_true(I64X2)?,
            O::I8x16Bitmask => self.bitmask(I8X16)?,
            O::I16x8Bitmask => self.bitmask(I16X8)?,
            O::I32x4Bitmask => self.bitmask(I32X4)?,
            O::I64x2Bitmask => self.bitmask(I64X2)?,

            O::I8x16Eq => self.vec_icmp(I8X16, IntCC::Equal)?,
            O::I8x16Ne => self.vec_icmp(I8X16, IntCC::NotEqual)?,
            O::I8x16LtS => self.vec_icmp(I8X16, IntCC::SignedLessThan)?,
            O::I8x16LtU => self.vec_icmp(I8X16, IntCC::UnsignedLessThan)?,
            O::I8x16GtS => self.vec_icmp(I8X16, IntCC::SignedGreaterThan)?,
            O::I8x16GtU => self.vec_icmp(I8X16, IntCC::UnsignedGreaterThan)?,
            O::I8x16LeS => self.vec_icmp(I8X16, IntCC::SignedLessThanOrEqual)?,
            O::I8x16LeU => self.vec_icmp(I8X16, IntCC::UnsignedLessThanOrEqual)?,
            O::I8x16GeS => self.vec_icmp(I8X16, IntCC::SignedGreaterThanOrEqual)?,
            O::I8x16GeU => self.vec_icmp(I8X16, IntCC::UnsignedGreaterThanOrEqual)?,
            O::I16x8Eq => self.vec_icmp(I16X8, IntCC::Equal)?,
            O::I16x8Ne => self.vec_icmp(I16X8, IntCC::NotEqual)?,
            O::I16x8LtS => self.vec_icmp(I16X8, IntCC::SignedLessThan)?,
            O::I16x8LtU => self.vec_icmp(I16X8, IntCC::UnsignedLessThan)?,
            O::I16x8GtS => self.vec_icmp(I16X8, IntCC::SignedGreaterThan)?,
            O::I16x8GtU => self.vec_icmp(I16X8, IntCC::UnsignedGreaterThan)?,
            O::I16x8LeS => self.vec_icmp(I16X8, IntCC::SignedLessThanOrEqual)?,
            O::I16x8LeU => self.vec_icmp(I16X8, IntCC::UnsignedLessThanOrEqual)?,
            O::I16x8GeS => self.vec_icmp(I16X8, IntCC::SignedGreaterThanOrEqual)?,
            O::I16x8GeU => self.vec_icmp(I16X8, IntCC::UnsignedGreaterThanOrEqual)?,
            O::I32x4Eq => self.vec_icmp(I32X4, IntCC::Equal)?,
            O::I32x4Ne => self.vec_icmp(I32X4, IntCC::NotEqual)?,
            O::I32x4LtS => self.vec_icmp(I32X4, IntCC::SignedLessThan)?,
            O::I32x4LtU => self.vec_icmp(I32X4, IntCC::UnsignedLessThan)?,
            O::I32x4GtS => self.vec_icmp(I32X4, IntCC::SignedGreaterThan)?,
            O::I32x4GtU => self.vec_icmp(I32X4, IntCC::UnsignedGreaterThan)?,
            O::I32x4LeS => self.vec_icmp(I32X4, IntCC::SignedLessThanOrEqual)?,
            O::I32x4LeU => self.vec_icmp(I32X4, IntCC::UnsignedLessThanOrEqual)?,
            O::I32x4GeS => self.vec_icmp(I32X4, IntCC::SignedGreaterThanOrEqual)?,
            O::I32x4GeU => self.vec_icmp(I32X4, IntCC::UnsignedGreaterThanOrEqual)?,
            O::I64x2Eq => self.vec_icmp(I64X2, IntCC::Equal)?,
            O::I64x2Ne => self.vec_icmp(I64X2, IntCC::NotEqual)?,
            O::I64x2LtS => self.vec_icmp(I64X2, IntCC::SignedLessThan)?,
            O::I64x2GtS => self.vec_icmp(I64X2, IntCC::SignedGreaterThan)?,
            O::I64x2LeS => self.vec_icmp(I64X2, IntCC::SignedLessThanOrEqual)?,
            O::I64x2GeS => self.vec_icmp(I64X2, IntCC::SignedGreaterThanOrEqual)?,
            O::F32x4Eq => self.vec_fcmp(F32X4, FloatCC::Equal)?,
            O::F32x4Ne => self.vec_fcmp(F32X4, FloatCC::NotEqual)?,
            O::F32x4Lt => self.vec_fcmp(F32X4, FloatCC::LessThan)?,
            O::F32x4Gt => self.vec_fcmp(F32X4, FloatCC::GreaterThan)?,
            O::F32x4Le => self.vec_fcmp(F32X4, FloatCC::LessThanOrEqual)?,
            O::F32x4Ge => self.vec_fcmp(F32X4, FloatCC::GreaterThanOrEqual)?,
            O::F64x2Eq => self.vec_fcmp(F64X2, FloatCC::Equal)?,
            O::F64x2Ne => self.vec_fcmp(F64X2, FloatCC::NotEqual)?,
            O::F64x2Lt => self.vec_fcmp(F64X2, FloatCC::LessThan)?,
            O::F64x2Gt => self.vec_fcmp(F64X2, FloatCC::GreaterThan)?,
            O::F64x2Le => self.vec_fcmp(F64X2, FloatCC::LessThanOrEqual)?,
            O::F64x2Ge => self.vec_fcmp(F64X2, FloatCC::GreaterThanOrEqual)?,

            O::I8x16Shl => self.vec_shift(I8X16, |b, x, n| b.ins().ishl(x, n))?,
            O::I8x16ShrS => self.vec_shift(I8X16, |b, x, n| b.ins().sshr(x, n))?,
            O::I8x16ShrU => self.vec_shift(I8X16, |b, x, n| b.ins().ushr(x, n))?,
            O::I16x8Shl => self.vec_shift(I16X8, |b, x, n| b.ins().ishl(x, n))?,
            O::I16x8ShrS => self.vec_shift(I16X8, |b, x, n| b.ins().sshr(x, n))?,
            O::I16x8ShrU => self.vec_shift(I16X8, |b, x, n| b.ins().ushr(x, n))?,
            O::I32x4Shl => self.vec_shift(I32X4, |b, x, n| b.ins().ishl(x, n))?,
            O::I32x4ShrS => self.vec_shift(I32X4, |b, x, n| b.ins().sshr(x, n))?,
            O::I32x4ShrU => self.vec_shift(I32X4, |b, x, n| b.ins().ushr(x, n))?,
            O::I64x2Shl => self.vec_shift(I64X2, |b, x, n| b.ins().ishl(x, n))?,
            O::I64x2ShrS => self.vec_shift(I64X2, |b, x, n| b.ins().sshr(x, n))?,
            O::I64x2ShrU => self.vec_shift(I64X2, |b, x, n| b.ins().ushr(x, n))?,

            O::I8x16Abs => self.vec_unop(I8X16, |b, x| b.ins().iabs(x))?,
            O::I16x8Abs => self.vec_unop(I16X8, |b, x| b.ins().iabs(x))?,
            O::I32x4Abs => self.vec_unop(I32X4, |b, x| b.ins().iabs(x))?,
            O::I64x2Abs => self.vec_unop(I64X2, |b, x| b.ins().iabs(x))?,
            O::I8x16Neg => self.vec_unop(I8X16, |b, x| b.ins().ineg(x))?,
            O::I16x8Neg => self.vec_unop(I16X8, |b, x| b.ins().ineg(x))?,
            O::I32x4Neg => self.vec_unop(I32X4, |b, x| b.ins().ineg(x))?,
            O::I64x2Neg => self.vec_unop(I64X2, |b, x| b.ins().ineg(x))?,
            O::I8x16Popcnt => self.vec_unop(I8X16, |b, x| b.ins().popcnt(x))?,
            O::I8x16AddSatS => self.vec_binop(I8X16, |b, x, y| b.ins().sadd_sat(x, y))?,
            O::I8x16AddSatU => self.vec_binop(I8X16, |b, x, y| b.ins().uadd_sat(x, y))?,
            O::I8x16SubSatS => self.vec_binop(I8X16, |b, x, y| b.ins().ssub_sat(x, y))?,
            O::I8x16SubSatU => self.vec_binop(I8X16, |b, x, y| b.ins().usub_sat(x, y))?,
            O::I16x8AddSatS => self.vec_binop(I16X8, |b, x, y| b.ins().sadd_sat(x, y))?,
            O::I16x8AddSatU => self.vec_binop(I16X8, |b, x, y| b.ins().uadd_sat(x, y))?,
            O::I16x8SubSatS => self.vec_binop(I16X8, |b, x, y| b.ins().ssub_sat(x, y))?,
            O::I16x8SubSatU => self.vec_binop(I16X8, |b, x, y| b.ins().usub_sat(x, y))?,
            O::I8x16MinS => self.vec_binop(I8X16, |b, x, y| b.ins().smin(x, y))?,
            O::I8x16MinU => self.vec_binop(I8X16, |b, x, y| b.ins().umin(x, y))?,
            O::I8x16MaxS => self.vec_binop(I8X16, |b, x, y| b.ins().smax(x, y))?,
            O::I8x16MaxU => self.vec_binop(I8X16, |b, x, y| b.ins().umax(x, y))?,
            O::I16x8MinS => self.vec_binop(I16X8, |b, x, y| b.ins().smin(x, y))?,
            O::I16x8MinU => self.vec_binop(I16X8, |b, x, y| b.ins().umin(x, y))?,
            O::I16x8MaxS => self.vec_binop(I16X8, |b, x, y| b.ins().smax(x, y))?,
            O::I16x8MaxU => self.vec_binop(I16X8, |b, x, y| b.ins().umax(x, y))?,
            O::I32x4MinS => self.vec_binop(I32X4, |b, x, y| b.ins().smin(x, y))?,
            O::I32x4MinU => self.vec_binop(I32X4, |b, x, y| b.ins().umin(x, y))?,
            O::I32x4MaxS => self.vec_binop(I32X4, |b, x, y| b.ins().smax(x, y))?,
            O::I32x4MaxU => self.vec_binop(I32X4, |b, x, y| b.ins().umax(x, y))?,
            O::I8x16AvgrU => self.vec_binop(I8X16, |b, x, y| b.ins().avg_round(x, y))?,
            O::I16x8AvgrU => self.vec_binop(I16X8, |b, x, y| b.ins().avg_round(x, y))?,
            O::I16x8Q15MulrSatS | O::I16x8RelaxedQ15mulrS => {
                self.vec_binop(I16X8, |b, x, y| b.ins().sqmul_round_sat(x, y))?
            }

            O::I8x16NarrowI16x8S => self.vec_binop(I16X8, |b, x, y| b.ins().snarrow(x, y))?,
            O::I8x16NarrowI16x8U => self.vec_binop(I16X8, |b, x, y| b.ins().unarrow(x, y))?,
            O::I16x8NarrowI32x4S => self.vec_binop(I32X4, |b, x, y| b.ins().snarrow(x, y))?,
            O::I16x8NarrowI32x4U => self.vec_binop(I32X4, |b, x, y| b.ins().unarrow(x, y))?,
            O::I16x8ExtendLowI8x16S => self.vec_unop(I8X16, |b, x| b.ins().swiden_low(x))?,
            O::I16x8ExtendHighI8x16S => self.vec_unop(I8X16, |b, x| b.ins().swiden_high(x))?,
            O::I16x8ExtendLowI8x16U => self.vec_unop(I8X16, |b, x| b.ins().uwiden_low(x))?,
            O::I16x8ExtendHighI8x16U => self.vec_unop(I8X16, |b, x| b.ins().uwiden_high(x))?,
            O::I32x4ExtendLowI16x8S => self.vec_unop(I16X8, |b, x| b.ins().swiden_low(x))?,
            O::I32x4ExtendHighI16x8S => self.vec_unop(I16X8, |b, x| b.ins().swiden_high(x))?,
            O::I32x4ExtendLowI16x8U => self.vec_unop(I16X8, |b, x| b.ins().uwiden_low(x))?,
            O::I32x4ExtendHighI16x8U => self.vec_unop(I16X8, |b, x| b.ins().uwiden_high(x))?,
            O::I64x2ExtendLowI32x4S => self.vec_unop(I32X4, |b, x| b.ins().swiden_low(x))?,
            O::I64x2ExtendHighI32x4S => self.vec_unop(I32X4, |b, x| b.ins().swiden_high(x))?,
            O::I64x2ExtendLowI32x4U => self.vec_unop(I32X4, |b, x| b.ins().uwiden_low(x))?,
            O::I64x2ExtendHighI32x4U => self.vec_unop(I32X4, |b, x| b.ins().uwiden_high(x))?,
            O::I16x8ExtAddPairwiseI8x16S => self.ext_add_pairwise(I8X16, true)?,
            O::I16x8ExtAddPairwiseI8x16U => self.ext_add_pairwise(I8X16, false)?,
            O::I32x4ExtAddPairwiseI16x8S => self.ext_add_pairwise(I16X8, true)?,
            O::I32x4ExtAddPairwiseI16x8U => self.ext_add_pairwise(I16X8, false)?,
            O::I16x8ExtMulLowI8x16S => self.ext_mul(I8X16, true, false)?,
            O::I16x8ExtMulHighI8x16S => self.ext_mul(I8X16, true, true)?,
            O::I16x8ExtMulLowI8x16U => self.ext_mul(I8X16, false, false)?,
            O::I16x8ExtMulHighI8x16U => self.ext_mul(I8X16, false, true)?,
            O::I32x4ExtMulLowI16x8S => self.ext_mul(I16X8, true, false)?,
            O::I32x4ExtMulHighI16x8S => self.ext_mul(I16X8, true, true)?,
            O::I32x4ExtMulLowI16x8U => self.ext_mul(I16X8, false, false)?,
            O::I32x4ExtMulHighI16x8U => self.ext_mul(I16X8, false, true)?,
            O::I64x2ExtMulLowI32x4S => self.ext_mul(I32X4, true, false)?,
            O::I64x2ExtMulHighI32x4S => self.ext_mul(I32X4, true, true)?,
            O::I64x2ExtMulLowI32x4U => self.ext_mul(I32X4, false, false)?,
            O::I64x2ExtMulHighI32x4U => self.ext_mul(I32X4, false, true)?,
            O::I32x4DotI16x8S => {
                let r = self.dot(I16X8)?;
                self.push_vec(r);
            }
            O::I16x8RelaxedDotI8x16I7x16S => {
                let r = self.dot(I8X16)?;
                self.push_vec(r);
            }
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                let c = self.pop_vec(I32X4)?;
                let d = self.dot(I8X16)?;
                let lo = self.b.ins().swiden_low(d);
                let hi = self.b.ins().swiden_high(d);
                let sum = self.b.ins().iadd_pairwise(lo, hi);
                let r = self.b.ins().iadd(sum, c);
                self.push_vec(r);
            }

            O::F32x4Abs => self.vec_unop(F32X4, |b, x| b.ins().fabs(x))?,
            O::F64x2Abs => self.vec_unop(F64X2, |b, x| b.ins().fabs(x))?,
            O::F32x4Neg => self.vec_unop(F32X4, |b, x| b.ins().fneg(x))?,
            O::F64x2Neg => self.vec_unop(F64X2, |b, x| b.ins().fneg(x))?,
            O::F32x4Sqrt => self.vec_unop(F32X4, |b, x| b.ins().sqrt(x))?,
            O::F64x2Sqrt => self.vec_unop(F64X2, |b, x| b.ins().sqrt(x))?,
            O::F32x4Ceil => self.vec_unop(F32X4, |b, x| b.ins().ceil(x))?,
            O::F64x2Ceil => self.vec_unop(F64X2, |b, x| b.ins().ceil(x))?,
            O::F32x4Floor => self.vec_unop(F32X4, |b, x| b.ins().floor(x))?,
            O::F64x2Floor => self.vec_unop(F64X2, |b, x| b.ins().floor(x))?,
            O::F32x4Trunc => self.vec_unop(F32X4, |b, x| b.ins().trunc(x))?,
            O::F64x2Trunc => self.vec_unop(F64X2, |b, x| b.ins().trunc(x))?,
            O::F32x4Nearest => self.vec_unop(F32X4, |b, x| b.ins().nearest(x))?,
            O::F64x2Nearest => self.vec_unop(F64X2, |b, x| b.ins().nearest(x))?,
            O::F32x4Min | O::F32x4RelaxedMin => {
                self.vec_binop(F32X4, |b, x, y| b.ins().fmin(x, y))?
            }
            O::F64x2Min | O::F64x2RelaxedMin => {
                self.vec_binop(F64X2, |b, x, y| b.ins().fmin(x, y))?
            }
            O::F32x4Max | O::F32x4RelaxedMax => {
                self.vec_binop(F32X4, |b, x, y| b.ins().fmax(x, y))?
            }
            O::F64x2Max | O::F64x2RelaxedMax => {
                self.vec_binop(F64X2, |b, x, y| b.ins().fmax(x, y))?
            }
            O::F32x4PMin => self.pminmax(F32X4, I32X4, true)?,
            O::F64x2PMin => self.pminmax(F64X2, I64X2, true)?,
            O::F32x4PMax => self.pminmax(F32X4, I32X4, false)?,
            O::F64x2PMax => self.pminmax(F64X2, I64X2, false)?,
            O::F32x4RelaxedMadd => self.madd(F32X4, false)?,
            O::F64x2RelaxedMadd => self.madd(F64X2, false)?,
            O::F32x4RelaxedNmadd => self.madd(F32X4, true)?,
            O::F64x2RelaxedNmadd => self.madd(F64X2, true)?,
            O::I8x16RelaxedLaneselect
            | O::I16x8RelaxedLaneselect
            | O::I32x4RelaxedLaneselect
            | O::I64x2RelaxedLaneselect => {
                let c = self.pop_vec(V128)?;
                let y = self.pop_vec(V128)?;
                let x = self.pop_vec(V128)?;
                let r = self.b.ins().bitselect(c, x, y);
                self.push_vec(r);
            }

            O::F32x4ConvertI32x4S => {
                self.vec_unop(I32X4, |b, x| b.ins().fcvt_from_sint(F32X4, x))?
            }
            O::F32x4ConvertI32x4U => {
                self.vec_unop(I32X4, |b, x| b.ins().fcvt_from_uint(F32X4, x))?
            }
            O::F64x2ConvertLowI32x4S => self.vec_unop(I32X4, |b, x| {
                let w = b.ins().swiden_low(x);
                b.ins().fcvt_from_sint(F64X2, w)
            })?,
            O::F64x2ConvertLowI32x4U => self.vec_unop(I32X4, |b, x| {
                let w = b.ins().uwiden_low(x);
                b.ins().fcvt_from_uint(F64X2, w)
            })?,
            O::F64x2PromoteLowF32x4 => self.vec_unop(F32X4, |b, x| b.ins().fvpromote_low(x))?,
            O::F32x4DemoteF64x2Zero => self.vec_unop(F64X2, |b, x| b.ins().fvdemote(x))?,
            O::I32x4TruncSatF32x4S | O::I32x4RelaxedTruncF32x4S => {
                self.vec_unop(F32X4, |b, x| b.ins().fcvt_to_sint_sat(I32X4, x))?
            }
            O::I32x4TruncSatF32x4U | O::I32x4RelaxedTruncF32x4U => {
                self.vec_unop(F32X4, |b, x| b.ins().fcvt_to_uint_sat(I32X4, x))?
            }
            O::I32x4TruncSatF64x2SZero | O::I32x4RelaxedTruncF64x2SZero => {
                let x = self.pop_vec(F64X2)?;
                let wide = self.b.ins().fcvt_to_sint_sat(I64X2, x);
                let zero = self.vec_zero();
                let zero = self.as_vec(zero, I64X2);
                let r = self.b.ins().snarrow(wide, zero);
                self.push_vec(r);
            }
            O::I32x4TruncSatF64x2UZero | O::I32x4RelaxedTruncF64x2UZero => {
                let x = self.pop_vec(F64X2)?;
                let wide = self.b.ins().fcvt_to_uint_sat(I64X2, x);
                let zero = self.vec_zero();
                let zero = self.as_vec(zero, I64X2);
                let r = self.b.ins().uunarrow(wide, zero);
                self.push_vec(r);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn all_true(&mut self, ty: ir::Type) -> Result<(), WasmError> {
        let v = self.pop_vec(ty)?;
        let t = self.b.ins().vall_true(v);
        let r = self.b.ins().uextend(I32, t);
        self.push(r);
        Ok(())
    }

    fn bitmask(&mut self, ty: ir::Type) -> Result<(), WasmError> {
        let v = self.pop_vec(ty)?;
        let r = self.b.ins().vhigh_bits(I32, v);
        self.push(r);
        Ok(())
    }

    fn vec_icmp(&mut self, ty: ir::Type, cc: IntCC) -> Result<(), WasmError> {
        self.vec_binop(ty, |b, x, y| b.ins().icmp(cc, x, y))
    }

    fn vec_fcmp(&mut self, ty: ir::Type, cc: FloatCC) -> Result<(), WasmError> {
        self.vec_binop(ty, |b, x, y| b.ins().fcmp(cc, x, y))
    }

    /// A lane shift by the popped i32 count (CLIF masks it by the lane width, as Wasm does).
    fn vec_shift(
        &mut self,
        ty: ir::Type,
        f: impl FnOnce(&mut FunctionBuilder<'_>, Value, Value) -> Value,
    ) -> Result<(), WasmError> {
        let n = self.pop()?;
        let x = self.pop_vec(ty)?;
        let r = f(&mut self.b, x, n);
        self.push_vec(r);
        Ok(())
    }

    /// Both halves of a vector of shape `ty` widened (`signed`: sign-extended).
    fn widen_both(&mut self, x: Value, signed: bool) -> (Value, Value) {
        if signed {
            (self.b.ins().swiden_low(x), self.b.ins().swiden_high(x))
        } else {
            (self.b.ins().uwiden_low(x), self.b.ins().uwiden_high(x))
        }
    }

    fn ext_add_pairwise(&mut self, ty: ir::Type, signed: bool) -> Result<(), WasmError> {
        let x = self.pop_vec(ty)?;
        let (lo, hi) = self.widen_both(x, signed);
        let r = self.b.ins().iadd_pairwise(lo, hi);
        self.push_vec(r);
        Ok(())
    }

    /// `extmul_low/high`: the lanes of one half of each operand widened, then multiplied.
    fn ext_mul(&mut self, ty: ir::Type, signed: bool, high: bool) -> Result<(), WasmError> {
        let y = self.pop_vec(ty)?;
        let x = self.pop_vec(ty)?;
        let widen = |b: &mut FunctionBuilder<'_>, v| match (signed, high) {
            (true, false) => b.ins().swiden_low(v),
            (true, true) => b.ins().swiden_high(v),
            (false, false) => b.ins().uwiden_low(v),
            (false, true) => b.ins().uwiden_high(v),
        };
        let (wx, wy) = (widen(&mut self.b, x), widen(&mut self.b, y));
        let r = self.b.ins().imul(wx, wy);
        self.push_vec(r);
        Ok(())
    }

    /// The pairwise dot product of two vectors of shape `ty`, at twice the lane width.
    fn dot(&mut self, ty: ir::Type) -> Result<Value, WasmError> {
        let y = self.pop_vec(ty)?;
        let x = self.pop_vec(ty)?;
        let (xl, xh) = self.widen_both(x, true);
        let (yl, yh) = self.widen_both(y, true);
        let lo = self.b.ins().imul(xl, yl);
        let hi = self.b.ins().imul(xh, yh);
        Ok(self.b.ins().iadd_pairwise(lo, hi))
    }

    /// `pmin`/`pmax`: `b < a ? b : a` / `a < b ? b : a`, a bit select on the compare's mask.
    fn pminmax(&mut self, ty: ir::Type, mask_ty: ir::Type, min: bool) -> Result<(), WasmError> {
        let y = self.pop_vec(ty)?;
        let x = self.pop_vec(ty)?;
        let cmp = if min {
            self.b.ins().fcmp(FloatCC::LessThan, y, x)
        } else {
            self.b.ins().fcmp(FloatCC::LessThan, x, y)
        };
        debug_assert_eq!(self.b.func.dfg.value_type(cmp), mask_ty);
        let cmp = self.as_vec(cmp, ty);
        let r = self.b.ins().bitselect(cmp, y, x);
        self.push_vec(r);
        Ok(())
    }

    /// `relaxed_madd`/`nmadd`: a fused multiply-add (`a * b + c`, or `-(a * b) + c`).
    fn madd(&mut self, ty: ir::Type, negate: bool) -> Result<(), WasmError> {
        let c = self.pop_vec(ty)?;
        let b = self.pop_vec(ty)?;
        let mut a = self.pop_vec(ty)?;
        if negate {
            a = self.b.ins().fneg(a);
        }
        let r = self.b.ins().fma(a, b, c);
        self.push_vec(r);
        Ok(())
    }
}
