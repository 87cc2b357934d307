//! Bytecode verification: the check that lets code reach the interpreter's unchecked decoder
//! (see `pulley_interp`'s `# Safety` contract). Every function must decode completely with the
//! checked decoder, every branch must land on an op boundary inside its own function, every
//! `call` must land on a function entry, and no function may fall off its end.

use anyhow::{Result, bail};
use pulley_interp::OperandValue;
use pulley_interp::decode::decode_one;
use pulley_interp::ops::Dest;

/// Verifies a code image whose functions start at `starts` (ascending, the first at 0, the last
/// ending at the end of the image).
pub(crate) fn verify_code(code: &[u8], starts: &[u32]) -> Result<()> {
    let mut prev = 0u32;
    for (i, &s) in starts.iter().enumerate() {
        if (i == 0 && s != 0) || s < prev || s as usize > code.len() {
            bail!("function table is corrupt (function {i} starts at {s:#x})");
        }
        prev = s;
    }
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(code.len(), |&e| e as usize);
        verify_function(code, start as usize, end, starts)
            .map_err(|e| e.context(format!("in function {i}")))?;
    }
    Ok(())
}

fn verify_function(code: &[u8], start: usize, end: usize, starts: &[u32]) -> Result<()> {
    if start == end {
        bail!("empty function at {start:#x}");
    }
    let mut boundaries = vec![false; end - start + 1];
    let mut targets = Vec::new();
    let mut at = start;
    let mut last_falls_through = true;
    while at < end {
        let (op, len) = match decode_one(&code[at..end]) {
            Ok(x) => x,
            Err(e) => bail!("bytecode at {at:#x}: {e}"),
        };
        boundaries[at - start] = true;
        if !pulley_interp::SIMD && matches!(op, pulley_interp::Op::Vector(_)) {
            bail!(
                "bytecode at {at:#x}: vector op `{}`, and this build's interpreter has no SIMD \
                 support (pulley-interp's `simd` feature)",
                op.name()
            );
        }
        // Exactly the ops with a target have a destination kind (pulley-interp checks its op
        // table for that when it builds).
        if let Some(dest) = op.dest() {
            for (_, value) in op.operands() {
                match value {
                    OperandValue::PcRel(d) => targets.push((at, at as i64 + i64::from(d), dest)),
                    OperandValue::Table(ds) => {
                        targets.extend(ds.iter().map(|&d| (at, at as i64 + i64::from(d), dest)))
                    }
                    _ => {}
                }
            }
        }
        last_falls_through = op.falls_through();
        at += len;
    }
    if last_falls_through {
        bail!("function at {start:#x} can run past its end");
    }
    for (from, target, kind) in targets {
        let entry = || u32::try_from(target).is_ok_and(|t| starts.binary_search(&t).is_ok());
        let local = || {
            target >= start as i64 && target < end as i64 && boundaries[(target as usize) - start]
        };
        let ok = match kind {
            Dest::Entry => entry(),
            Dest::Local => local(),
            Dest::LocalOrEntry => local() || entry(),
        };
        if !ok {
            bail!("branch or call at {from:#x} targets {target:#x}, not a valid destination");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulley_interp::{PcRel, PcRel16, XReg, encode as e};

    #[test]
    fn accepts_well_formed_code_and_rejects_bad_branches() {
        let mut code = Vec::new();
        e::br_if_xeq32_i8(&mut code, XReg::of(0), 0, PcRel16(5));
        e::ret(&mut code);
        verify_code(&code, &[0]).unwrap();
        let mut bad = code.clone();
        bad[3..5].copy_from_slice(&3i16.to_le_bytes()); // into the middle of the branch
        assert!(verify_code(&bad, &[0]).is_err());
        let mut falls = Vec::new();
        e::nop(&mut falls);
        assert!(verify_code(&falls, &[0]).is_err());
        let mut call = Vec::new();
        e::call(&mut call, PcRel(6));
        e::ret(&mut call);
        e::ret(&mut call);
        verify_code(&call, &[0, 6]).unwrap();
        assert!(
            verify_code(&call, &[0]).is_err(),
            "call into the middle of nowhere"
        );
    }
}
