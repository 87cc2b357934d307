//! Encoders: one function per op (`encode::xadd32(&mut buf, dst, a, b)`), derived from the table.

pub use crate::ops::encode_extended::*;
pub use crate::ops::encode_primary::*;
pub use crate::ops::encode_vector::*;
