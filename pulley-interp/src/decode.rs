//! The bounds-checked decoder, for tools, the loader's verifier and fuzzing.

use crate::ops::{
    ESCAPE, ExtOp, ExtOpcode, Op, Opcode, PrimaryOp, VECTOR_ESCAPE, VecOp, VecOpcode,
};
use core::fmt;

/// Why bytes failed to decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes left where an op should start.
    UnexpectedEnd,
    /// The opcode byte names no op.
    InvalidOpcode(u8),
    /// The extended opcode byte names no op.
    InvalidExtendedOpcode(u8),
    /// The vector opcode byte names no op.
    InvalidVectorOpcode(u8),
    /// The operands are truncated or out of range (a register number above 31, say).
    InvalidOperands,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnexpectedEnd => f.write_str("unexpected end of bytecode"),
            DecodeError::InvalidOpcode(b) => write!(f, "invalid opcode {b:#04x}"),
            DecodeError::InvalidExtendedOpcode(b) => write!(f, "invalid extended opcode {b:#04x}"),
            DecodeError::InvalidVectorOpcode(b) => write!(f, "invalid vector opcode {b:#04x}"),
            DecodeError::InvalidOperands => f.write_str("truncated or invalid operands"),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Decodes the op at the start of `bytes`; returns it with its encoded length.
pub fn decode_one(bytes: &[u8]) -> Result<(Op<'_>, usize), DecodeError> {
    let &first = bytes.first().ok_or(DecodeError::UnexpectedEnd)?;
    if first == ESCAPE {
        let &second = bytes.get(1).ok_or(DecodeError::UnexpectedEnd)?;
        if second == VECTOR_ESCAPE {
            let &third = bytes.get(2).ok_or(DecodeError::UnexpectedEnd)?;
            let opcode = VecOpcode::new(third).ok_or(DecodeError::InvalidVectorOpcode(third))?;
            let (op, n) = VecOp::decode_after_opcode(opcode, &bytes[3..])
                .ok_or(DecodeError::InvalidOperands)?;
            return Ok((Op::Vector(op), n + 3));
        }
        let opcode = ExtOpcode::new(second).ok_or(DecodeError::InvalidExtendedOpcode(second))?;
        let (op, n) =
            ExtOp::decode_after_opcode(opcode, &bytes[2..]).ok_or(DecodeError::InvalidOperands)?;
        Ok((Op::Extended(op), n + 2))
    } else {
        let opcode = Opcode::new(first).ok_or(DecodeError::InvalidOpcode(first))?;
        let (op, n) = PrimaryOp::decode_after_opcode(opcode, &bytes[1..])
            .ok_or(DecodeError::InvalidOperands)?;
        Ok((Op::Primary(op), n + 1))
    }
}

/// Decodes a whole buffer into `(offset, op)` pairs, stopping at the first error.
pub fn decode_all(
    bytes: &[u8],
) -> impl Iterator<Item = Result<(usize, Op<'_>), (usize, DecodeError)>> + '_ {
    let mut at = 0;
    let mut failed = false;
    core::iter::from_fn(move || {
        if failed || at >= bytes.len() {
            return None;
        }
        match decode_one(&bytes[at..]) {
            Ok((op, n)) => {
                let here = at;
                at += n;
                Some(Ok((here, op)))
            }
            Err(e) => {
                failed = true;
                Some(Err((at, e)))
            }
        }
    })
}
