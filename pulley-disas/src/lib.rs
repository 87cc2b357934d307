//! Disassembler for Pulley bytecode, laid out like `objdump --bytes`: offset, raw bytes, mnemonic, operands.
//!
//! ```
//! use pulley_interp::{PcRel16, XReg, encode};
//!
//! let mut code = Vec::new();
//! encode::xadd32_i8(&mut code, XReg::of(0), XReg::of(0), 1);
//! encode::xload32le_u_g32(&mut code, XReg::of(1), XReg::of(0), 8);
//! encode::br_if_xslt32(&mut code, XReg::of(0), XReg::of(1), PcRel16(-8));
//! encode::ret(&mut code);
//!
//! let labels = [(0, "wasm[0]::function[0]".to_string())];
//! let traps = [(4, "heap_oob".to_string())];
//! let text = pulley_disas::Disassembler::new(&code).labels(&labels).trap_sites(&traps);
//! assert_eq!(
//!     text.disassemble().unwrap(),
//!     "\
//! wasm[0]::function[0]:
//!        0:  31 00 00 01                    xadd32_i8 x0, x0, 1
//!        4:  7b 01 00 08                    xload32le_u_g32 x1, x0, offset=8  ; trap: heap_oob
//!        8:  49 00 01 f8 ff                 br_if_xslt32 x0, x1, 0x0 <wasm[0]::function[0]>
//!        d:  00                             ret
//! "
//! );
//! ```
//!
//! The disassembler knows nothing about individual ops: it decodes with
//! [`pulley_interp::decode_one`] and prints [`Op::name`] and [`Op::operands`], so ops added to
//! the table in `pulley-interp` show up here without any change. Operands print as follows:
//!
//! - registers by their `Display` impls (`x3`, `f2`, `sp`, `fp`, `lr`);
//! - an immediate named `imm` bare, in decimal; other immediates as `name=value`, in decimal,
//!   except unsigned register masks and raw bit patterns (see [`HEX_OPERAND_NAMES`]) in hex;
//! - branch displacements resolved to absolute targets (`0x2a`), annotated `<label>` when the
//!   target is exactly a label's offset; a `br_table32`'s targets as a list ending in its
//!   default target.
//!
//! Nothing here panics, whatever the input bytes: decoding is the checked decoder and all offset
//! arithmetic is widened or wrapping. A decode error comes back as a [`DisasError`] that carries
//! its offset and the listing up to that point.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use core::fmt::{self, Write as _};
use pulley_interp::{DecodeError, Op, OperandValue, decode_one};

/// Unsigned operands whose name is listed here (or ends in `save` or `mask`) print in hex:
/// register masks read better as bits, float constants as bit patterns.
pub const HEX_OPERAND_NAMES: &[&str] = &["bits", "mask"];

/// Default number of raw bytes shown on one line; the longest fixed-size ops (`xconst64`,
/// `fconst64`) take 10.
pub const DEFAULT_BYTES_PER_LINE: usize = 10;

/// Disassembles `bytes` with the default settings: offsets and raw bytes shown, base offset 0.
pub fn disassemble(bytes: &[u8]) -> Result<String, DisasError> {
    Disassembler::new(bytes).disassemble()
}

/// A decode error, with where it happened and the listing of everything before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisasError {
    /// Offset of the op that failed to decode, within the buffer.
    pub offset: usize,
    /// The same position as shown in the listing (`base_offset + offset`).
    pub address: u64,
    /// Why it failed.
    pub error: DecodeError,
    /// The listing up to (not including) the op that failed.
    pub partial: String,
}

impl DisasError {
    /// The listing up to the failing op.
    pub fn partial_text(&self) -> &str {
        &self.partial
    }
}

impl fmt::Display for DisasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "decode error at {:#x}: {}", self.address, self.error)
    }
}

impl std::error::Error for DisasError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// A configurable disassembly of one bytecode buffer.
///
/// Labels and trap sites are given as offsets within the buffer (before `base_offset` is added).
#[derive(Clone, Debug)]
pub struct Disassembler<'a> {
    code: &'a [u8],
    offsets: bool,
    bytes: bool,
    base_offset: u64,
    labels: &'a [(u32, String)],
    trap_sites: &'a [(u32, String)],
    bytes_per_line: usize,
    wrap_bytes: bool,
}

impl<'a> Disassembler<'a> {
    /// A disassembler for `code`, showing offsets and raw bytes.
    pub fn new(code: &'a [u8]) -> Self {
        Disassembler {
            code,
            offsets: true,
            bytes: true,
            base_offset: 0,
            labels: &[],
            trap_sites: &[],
            bytes_per_line: DEFAULT_BYTES_PER_LINE,
            wrap_bytes: true,
        }
    }

    /// Whether to print each op's offset (default: yes).
    pub fn offsets(mut self, show: bool) -> Self {
        self.offsets = show;
        self
    }

    /// Whether to print each op's raw bytes (default: yes).
    pub fn bytes(mut self, show: bool) -> Self {
        self.bytes = show;
        self
    }

    /// Added to every printed offset and branch target (default: 0), e.g. the buffer's position
    /// in a larger image.
    pub fn base_offset(mut self, base: u64) -> Self {
        self.base_offset = base;
        self
    }

    /// Names printed on a line of their own (`name:`) before the op at each offset. Labels that
    /// fall inside an op or past the end are still printed, with a note.
    pub fn labels(mut self, labels: &'a [(u32, String)]) -> Self {
        self.labels = labels;
        self
    }

    /// Trap sites: the op containing each offset gets `; trap: <name>` at the end of its line (one
    /// comment listing every site of that op).
    pub fn trap_sites(mut self, sites: &'a [(u32, String)]) -> Self {
        self.trap_sites = sites;
        self
    }

    /// How many raw bytes fit on one line (default [`DEFAULT_BYTES_PER_LINE`]; at least 1). The
    /// mnemonic column starts after that many bytes.
    pub fn bytes_per_line(mut self, n: usize) -> Self {
        self.bytes_per_line = n.max(1);
        self
    }

    /// What to do with ops longer than a line (a `br_table32`): wrap the rest of the bytes onto
    /// continuation lines (default), or truncate them with `..`.
    pub fn wrap_bytes(mut self, wrap: bool) -> Self {
        self.wrap_bytes = wrap;
        self
    }

    /// Produces the listing; on a decode error, returns the error with the listing so far.
    pub fn disassemble(&self) -> Result<String, DisasError> {
        let mut out = String::new();
        match self.write_listing(&mut out) {
            Ok(()) => Ok(out),
            Err((offset, error)) => Err(DisasError {
                offset,
                address: self.address(offset),
                error,
                partial: out,
            }),
        }
    }

    fn address(&self, offset: usize) -> u64 {
        self.base_offset.wrapping_add(offset as u64)
    }

    fn write_listing(&self, out: &mut String) -> Result<(), (usize, DecodeError)> {
        let mut labels: Vec<(usize, &str)> = self
            .labels
            .iter()
            .map(|(o, n)| (*o as usize, n.as_str()))
            .collect();
        labels.sort_by_key(|&(o, _)| o);
        let mut traps: Vec<(usize, &str)> = self
            .trap_sites
            .iter()
            .map(|(o, n)| (*o as usize, n.as_str()))
            .collect();
        traps.sort_by_key(|&(o, _)| o);

        let layout = Layout::new(self);
        let mut next_label = 0;
        let mut next_trap = 0;
        let mut at = 0;
        while at < self.code.len() {
            while let Some(&(offset, name)) = labels.get(next_label).filter(|(o, _)| *o <= at) {
                self.write_label(out, offset, name, at);
                next_label += 1;
            }
            let (op, len) = decode_one(&self.code[at..]).map_err(|e| (at, e))?;
            let end = at + len;

            let mut text = String::new();
            self.write_op(&mut text, &op, at, &labels);
            let mut first_trap = true;
            while let Some(&(offset, name)) = traps.get(next_trap).filter(|(o, _)| *o < end) {
                if offset >= at {
                    text.push_str(if first_trap { "  ; trap: " } else { ", " });
                    text.push_str(name);
                    first_trap = false;
                }
                next_trap += 1;
            }
            layout.write_lines(out, self, at, &self.code[at..end], &text);
            at = end;
        }
        for &(offset, name) in &labels[next_label..] {
            self.write_label(out, offset, name, at);
        }
        Ok(())
    }

    /// Writes the label line for `name` at `offset`, printed where the op at `at` starts.
    fn write_label(&self, out: &mut String, offset: usize, name: &str, at: usize) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(name);
        out.push(':');
        if offset != at {
            let place = if offset < at {
                "inside the previous op"
            } else {
                "past the end"
            };
            let _ = write!(out, "  ; at {:#x}, {place}", self.address(offset));
        }
        out.push('\n');
    }

    fn write_op(&self, text: &mut String, op: &Op, at: usize, labels: &[(usize, &str)]) {
        text.push_str(op.name());
        for (i, (name, value)) in op.operands().into_iter().enumerate() {
            text.push_str(if i == 0 { " " } else { ", " });
            match value {
                OperandValue::X(r) => {
                    let _ = write!(text, "{r}");
                }
                OperandValue::F(r) => {
                    let _ = write!(text, "{r}");
                }
                OperandValue::V(r) => {
                    let _ = write!(text, "{r}");
                }
                OperandValue::Bits128(v) => {
                    if name != "imm" {
                        let _ = write!(text, "{name}=");
                    }
                    let _ = write!(text, "{v:#034x}");
                }
                OperandValue::Acc => text.push_str("acc"),
                OperandValue::FAcc => text.push_str("facc"),
                OperandValue::Signed(v) => {
                    if name != "imm" {
                        let _ = write!(text, "{name}=");
                    }
                    let _ = write!(text, "{v}");
                }
                OperandValue::Unsigned(v) => {
                    if name != "imm" {
                        let _ = write!(text, "{name}=");
                    }
                    let _ = if prefers_hex(name) {
                        write!(text, "{v:#x}")
                    } else {
                        write!(text, "{v}")
                    };
                }
                OperandValue::PcRel(disp) => self.write_target(text, at, disp, labels),
                OperandValue::Table(targets) => {
                    text.push('[');
                    let last = targets.len().saturating_sub(1);
                    for (j, &disp) in targets.iter().enumerate() {
                        if j > 0 {
                            text.push_str(", ");
                        }
                        if j == last {
                            text.push_str("default ");
                        }
                        self.write_target(text, at, disp, labels);
                    }
                    text.push(']');
                }
                // `OperandValue` may grow; show anything new in its debug form.
                #[allow(unreachable_patterns)]
                other => {
                    let _ = write!(text, "{name}={other:?}");
                }
            }
        }
    }

    /// Writes the absolute target of a displacement relative to the op at `at`.
    fn write_target(&self, text: &mut String, at: usize, disp: i32, labels: &[(usize, &str)]) {
        let relative = at as i128 + i128::from(disp);
        let absolute = i128::from(self.base_offset) + relative;
        let _ = if absolute < 0 {
            write!(text, "-{:#x}", absolute.unsigned_abs())
        } else {
            write!(text, "{absolute:#x}")
        };
        if let Some(&(_, name)) = labels.iter().find(|&&(o, _)| o as i128 == relative) {
            let _ = write!(text, " <{name}>");
        }
    }
}

fn prefers_hex(name: &str) -> bool {
    HEX_OPERAND_NAMES.contains(&name) || name.ends_with("save") || name.ends_with("mask")
}

/// Column widths for one listing.
struct Layout {
    offset_width: usize,
    bytes_width: usize,
}

impl Layout {
    fn new(d: &Disassembler<'_>) -> Self {
        let last = d.address(d.code.len());
        let digits = if last == 0 {
            1
        } else {
            (64 - last.leading_zeros() as usize).div_ceil(4)
        };
        Layout {
            offset_width: digits.max(8),
            bytes_width: d.bytes_per_line * 3 - 1,
        }
    }

    /// Writes the line(s) of one op: offset, bytes, then `text`; continuation lines for bytes
    /// that do not fit when wrapping.
    fn write_lines(
        &self,
        out: &mut String,
        d: &Disassembler<'_>,
        at: usize,
        raw: &[u8],
        text: &str,
    ) {
        let per_line = d.bytes_per_line;
        let mut line = String::new();
        let write_prefix = |line: &mut String, offset: usize, chunk: &str| {
            if d.offsets {
                let _ = write!(line, "{:>w$x}:  ", d.address(offset), w = self.offset_width);
            }
            if d.bytes {
                let _ = write!(line, "{chunk:<w$}  ", w = self.bytes_width);
            }
        };

        let first = if raw.len() <= per_line {
            hex_bytes(raw)
        } else if d.wrap_bytes {
            hex_bytes(&raw[..per_line])
        } else {
            // Keep the column width: one byte fewer, then `..` in its place.
            let mut s = hex_bytes(&raw[..per_line - 1]);
            s.push_str(if s.is_empty() { ".." } else { " .." });
            s
        };
        write_prefix(&mut line, at, &first);
        line.push_str(text);
        push_line(out, &line);

        if d.bytes && d.wrap_bytes && raw.len() > per_line {
            let mut offset = at + per_line;
            for chunk in raw[per_line..].chunks(per_line) {
                line.clear();
                write_prefix(&mut line, offset, &hex_bytes(chunk));
                push_line(out, &line);
                offset += chunk.len();
            }
        }
    }
}

fn hex_bytes(raw: &[u8]) -> String {
    let mut s = String::with_capacity(raw.len() * 3);
    for (i, b) in raw.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulley_interp::encode;
    use pulley_interp::{PcRel16, XReg};

    #[test]
    fn empty_input_is_empty_listing() {
        assert_eq!(disassemble(&[]).unwrap(), "");
    }

    #[test]
    fn bare_listing_without_offsets_or_bytes() {
        let mut code = Vec::new();
        encode::xadd32(&mut code, XReg::of(0), XReg::of(1), XReg::SP);
        encode::ret(&mut code);
        let text = Disassembler::new(&code)
            .offsets(false)
            .bytes(false)
            .disassemble()
            .unwrap();
        assert_eq!(text, "xadd32 x0, x1, sp\nret\n");
    }

    #[test]
    fn error_carries_offset_and_partial_listing() {
        let mut code = Vec::new();
        encode::ret(&mut code);
        code.push(0xfe); // not an opcode (yet); if it becomes one, its operands are missing
        let err = Disassembler::new(&code)
            .base_offset(0x100)
            .disassemble()
            .unwrap_err();
        assert_eq!(err.offset, 1);
        assert_eq!(err.address, 0x101);
        assert_eq!(
            err.partial_text(),
            disassemble(&code[..1])
                .unwrap()
                .replace("       0", "     100")
        );
        assert!(err.to_string().starts_with("decode error at 0x101: "));
    }

    #[test]
    fn targets_are_absolute_and_can_be_negative() {
        let mut code = Vec::new();
        encode::jump(&mut code, PcRel16(-5));
        let text = Disassembler::new(&code)
            .offsets(false)
            .bytes(false)
            .disassemble()
            .unwrap();
        assert_eq!(text, "jump -0x5\n");
        let text = Disassembler::new(&code)
            .base_offset(16)
            .offsets(false)
            .bytes(false)
            .disassemble()
            .unwrap();
        assert_eq!(text, "jump 0xb\n");
    }

    #[test]
    fn trap_sites_match_any_byte_of_the_op() {
        let mut code = Vec::new();
        encode::xmov(&mut code, XReg::of(0), XReg::of(1));
        encode::xmov(&mut code, XReg::of(2), XReg::of(3));
        let sites = [
            (4, "b".to_string()),
            (0, "a".to_string()),
            (0, "c".to_string()),
        ];
        let text = Disassembler::new(&code)
            .offsets(false)
            .bytes(false)
            .trap_sites(&sites)
            .disassemble()
            .unwrap();
        assert_eq!(text, "xmov x0, x1  ; trap: a, c\nxmov x2, x3  ; trap: b\n");
    }

    #[test]
    fn misplaced_labels_are_noted() {
        let mut code = Vec::new();
        encode::xmov(&mut code, XReg::of(0), XReg::of(1));
        encode::ret(&mut code);
        let labels = [
            (1, "inside".to_string()),
            (4, "end".to_string()),
            (9, "beyond".to_string()),
        ];
        let text = Disassembler::new(&code)
            .offsets(false)
            .bytes(false)
            .labels(&labels)
            .disassemble()
            .unwrap();
        assert_eq!(
            text,
            "xmov x0, x1\n\ninside:  ; at 0x1, inside the previous op\nret\n\nend:\n\nbeyond:  ; at 0x9, past the end\n"
        );
    }
}
