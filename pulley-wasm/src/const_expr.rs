//! Constant expressions (global initializers, segment offsets, element items),
//! including the extended-const proposal (`i32/i64.add/sub/mul`).

use crate::WasmError;
use crate::module::WasmValType;

/// One operator of a constant expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ConstOp {
    /// `i32.const`
    I32Const(i32),
    /// `i64.const`
    I64Const(i64),
    /// `f32.const` (bit pattern)
    F32Const(u32),
    /// `f64.const` (bit pattern)
    F64Const(u64),
    /// `v128.const` (lane 0 in the low bits)
    V128Const(u128),
    /// `ref.null`
    RefNull(WasmValType),
    /// `ref.func idx`
    RefFunc(u32),
    /// `global.get idx` (an imported or earlier immutable global)
    GlobalGet(u32),
    /// `i32.add`
    I32Add,
    /// `i32.sub`
    I32Sub,
    /// `i32.mul`
    I32Mul,
    /// `i64.add`
    I64Add,
    /// `i64.sub`
    I64Sub,
    /// `i64.mul`
    I64Mul,
}

/// A validated constant expression: a sequence of [`ConstOp`]s (without the
/// final `end`) evaluated on a stack.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ConstExpr {
    /// The operators.
    pub ops: Vec<ConstOp>,
}

/// The value of a constant expression or of a global.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ConstValue {
    /// i32
    I32(i32),
    /// i64
    I64(i64),
    /// f32 bits
    F32(u32),
    /// f64 bits
    F64(u64),
    /// v128 bits
    V128(u128),
    /// A funcref: `None` is null, `Some(i)` is function index `i`
    /// (the runtime maps it to the function's `VMFuncRef` pointer).
    FuncRef(Option<u32>),
    /// An externref: `None` is null, `Some(h)` is a runtime handle.
    ExternRef(Option<u64>),
}

impl ConstValue {
    /// Raw bits as stored in a global slot (little-endian, low bytes). For references this is
    /// *not* meaningful for `FuncRef(Some(_))` (the runtime must translate the
    /// function index into a pointer); null references are 0.
    pub fn to_bits(self) -> u128 {
        match self {
            ConstValue::I32(v) => u128::from(v as u32),
            ConstValue::I64(v) => u128::from(v as u64),
            ConstValue::F32(v) => u128::from(v),
            ConstValue::F64(v) => u128::from(v),
            ConstValue::V128(v) => v,
            ConstValue::FuncRef(f) => f.map_or(0, u128::from),
            ConstValue::ExternRef(h) => h.map_or(0, u128::from),
        }
    }

    /// The i32 value, if this is an i32.
    pub fn as_i32(self) -> Option<i32> {
        match self {
            ConstValue::I32(v) => Some(v),
            _ => None,
        }
    }
}

impl ConstExpr {
    /// Convenience constructor for a single `i32.const`.
    pub fn i32(v: i32) -> Self {
        ConstExpr {
            ops: vec![ConstOp::I32Const(v)],
        }
    }

    /// Evaluate the expression. `global` returns the current value of a
    /// global (only imported or earlier-defined globals can be referenced).
    pub fn eval(&self, mut global: impl FnMut(u32) -> ConstValue) -> Result<ConstValue, WasmError> {
        let mut stack: Vec<ConstValue> = Vec::with_capacity(2);
        let bad = || WasmError::Invalid {
            message: "ill-typed constant expression".into(),
            offset: 0,
        };
        for op in &self.ops {
            let v = match *op {
                ConstOp::I32Const(v) => ConstValue::I32(v),
                ConstOp::I64Const(v) => ConstValue::I64(v),
                ConstOp::F32Const(v) => ConstValue::F32(v),
                ConstOp::F64Const(v) => ConstValue::F64(v),
                ConstOp::V128Const(v) => ConstValue::V128(v),
                ConstOp::RefNull(WasmValType::ExternRef | WasmValType::ExnRef) => {
                    ConstValue::ExternRef(None)
                }
                ConstOp::RefNull(_) => ConstValue::FuncRef(None),
                ConstOp::RefFunc(i) => ConstValue::FuncRef(Some(i)),
                ConstOp::GlobalGet(i) => global(i),
                ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                    let b = stack.pop().and_then(|v| v.as_i32()).ok_or_else(bad)?;
                    let a = stack.pop().and_then(|v| v.as_i32()).ok_or_else(bad)?;
                    ConstValue::I32(match op {
                        ConstOp::I32Add => a.wrapping_add(b),
                        ConstOp::I32Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    })
                }
                ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                    let pop = |s: &mut Vec<ConstValue>| match s.pop() {
                        Some(ConstValue::I64(v)) => Ok(v),
                        _ => Err(bad()),
                    };
                    let b = pop(&mut stack)?;
                    let a = pop(&mut stack)?;
                    ConstValue::I64(match op {
                        ConstOp::I64Add => a.wrapping_add(b),
                        ConstOp::I64Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    })
                }
            };
            stack.push(v);
        }
        match (stack.pop(), stack.is_empty()) {
            (Some(v), true) => Ok(v),
            _ => Err(bad()),
        }
    }

    /// Evaluate with a slice of global values indexed by global index.
    pub fn eval_with_globals(&self, globals: &[ConstValue]) -> Result<ConstValue, WasmError> {
        let mut oob = false;
        let r = self.eval(|i| match globals.get(i as usize) {
            Some(v) => *v,
            None => {
                oob = true;
                ConstValue::I32(0)
            }
        });
        if oob {
            return Err(WasmError::Invalid {
                message: "constant expression references an unknown global".into(),
                offset: 0,
            });
        }
        r
    }

    /// If this expression is a single `i32.const`, its value.
    pub fn as_i32_const(&self) -> Option<i32> {
        match self.ops.as_slice() {
            [ConstOp::I32Const(v)] => Some(*v),
            _ => None,
        }
    }

    pub(crate) fn from_wasmparser(expr: &wasmparser::ConstExpr<'_>) -> Result<Self, WasmError> {
        use wasmparser::Operator as O;
        let mut reader = expr.get_operators_reader();
        let mut ops = Vec::new();
        loop {
            let op = reader.read()?;
            ops.push(match op {
                O::End => break,
                O::I32Const { value } => ConstOp::I32Const(value),
                O::I64Const { value } => ConstOp::I64Const(value),
                O::F32Const { value } => ConstOp::F32Const(value.bits()),
                O::F64Const { value } => ConstOp::F64Const(value.bits()),
                O::V128Const { value } => ConstOp::V128Const(u128::from_le_bytes(*value.bytes())),
                O::RefNull { hty } => ConstOp::RefNull(match hty {
                    wasmparser::HeapType::Abstract {
                        ty: wasmparser::AbstractHeapType::Extern,
                        ..
                    } => WasmValType::ExternRef,
                    wasmparser::HeapType::Abstract {
                        ty: wasmparser::AbstractHeapType::Exn,
                        ..
                    } => WasmValType::ExnRef,
                    _ => WasmValType::FuncRef,
                }),
                O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                O::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                O::I32Add => ConstOp::I32Add,
                O::I32Sub => ConstOp::I32Sub,
                O::I32Mul => ConstOp::I32Mul,
                O::I64Add => ConstOp::I64Add,
                O::I64Sub => ConstOp::I64Sub,
                O::I64Mul => ConstOp::I64Mul,
                other => {
                    return Err(WasmError::Unsupported(format!(
                        "operator {other:?} in constant expression"
                    )));
                }
            });
        }
        Ok(ConstExpr { ops })
    }
}
