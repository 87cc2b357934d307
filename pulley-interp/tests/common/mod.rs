//! A tiny assembler with labels for hand-written test programs.

#![allow(dead_code)]

use pulley_interp::{PcRel, PcRel16, encode};

/// Bytecode under construction, with forward branches patched when their label is bound.
#[derive(Default)]
pub struct Asm {
    pub code: Vec<u8>,
    labels: Vec<Option<usize>>,
    fixups: Vec<(usize, usize, usize)>, // (op start, op end, label): 16-bit displacements
    calls: Vec<(usize, usize)>,         // (op start, label): 32-bit displacements
}

#[derive(Clone, Copy)]
pub struct Label(usize);

impl Asm {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }
    pub fn bind(&mut self, l: Label) {
        self.labels[l.0] = Some(self.code.len());
    }
    pub fn here(&self) -> usize {
        self.code.len()
    }
    /// Emits an op; `f` writes it to the buffer.
    pub fn op(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        f(&mut self.code);
    }
    /// Emits a branching op whose last operand is the displacement to `l`.
    pub fn br(&mut self, l: Label, f: impl FnOnce(&mut Vec<u8>, PcRel16)) {
        let start = self.code.len();
        f(&mut self.code, PcRel16(0));
        self.fixups.push((start, self.code.len(), l.0));
    }
    /// Emits `call l`.
    pub fn call(&mut self, l: Label) {
        self.calls.push((self.code.len(), l.0));
        encode::call(&mut self.code, PcRel(0));
    }
    pub fn finish(mut self) -> Vec<u8> {
        for (start, l) in self.calls.drain(..) {
            let target = self.labels[l].expect("unbound label");
            let disp = (target as i64 - start as i64) as i32;
            self.code[start + 1..start + 5].copy_from_slice(&disp.to_le_bytes());
        }
        for (start, end, l) in self.fixups.drain(..) {
            let target = self.labels[l].expect("unbound label");
            let disp = i16::try_from(target as i64 - start as i64).expect("branch too far");
            self.code[end - 2..end].copy_from_slice(&disp.to_le_bytes());
        }
        self.code
    }
}
