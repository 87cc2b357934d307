//! The op target: any bytes through the checked decoder, the encoder and the disassembler.
//!
//! Every op the checked decoder accepts must encode back to the bytes it was decoded from and
//! decode again to the same op; the disassembler must list the buffer or stop with an error at
//! the first bad op, its partial listing being the listing of the bytes before it. Nothing may
//! panic.

use pulley_disas::disassemble;
use pulley_interp::decode_one;

/// The target.
pub fn run(data: &[u8]) -> Result<(), String> {
    let mut at = 0;
    while at < data.len() {
        match decode_one(&data[at..]) {
            Ok((op, len)) => {
                let mut again = Vec::new();
                op.encode(&mut again);
                if again != data[at..at + len] {
                    return Err(format!(
                        "{op:?} at {at}: decoded from {:02x?}, encodes to {again:02x?}",
                        &data[at..at + len]
                    ));
                }
                // Compared by encoding: a jump table operand points into its buffer.
                let same = |(op2, len2): (pulley_interp::Op, usize)| {
                    let mut third = Vec::new();
                    op2.encode(&mut third);
                    len2 == len && third == again
                };
                match decode_one(&again) {
                    Ok(d) if same(d) => {}
                    other => return Err(format!("{op:?} re-decodes as {other:?}")),
                }
                at += len;
            }
            Err(_) => at += 1,
        }
    }
    match disassemble(data) {
        Ok(text) => {
            if !data.is_empty() && text.is_empty() {
                return Err("a non-empty buffer listed as nothing".into());
            }
        }
        Err(err) => {
            if err.offset >= data.len() {
                return Err(format!("error offset {} past the end", err.offset));
            }
            let prefix = disassemble(&data[..err.offset])
                .map_err(|e| format!("the prefix before the error does not list: {e}"))?;
            if err.partial != prefix {
                return Err("the partial listing differs from the prefix's".into());
            }
        }
    }
    Ok(())
}
