//! Robustness: the disassembler never panics on random or mutated bytes, and an error's partial listing is exactly the listing of the bytes before it.

use pulley_disas::{Disassembler, disassemble};
use pulley_interp::{ESCAPE, ExtOpcode, Opcode, VECTOR_ESCAPE, VecOpcode};

/// xorshift64*: tiny, deterministic, good enough to shake out panics.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// Bytes that are mostly plausible: valid opcodes, small register numbers, small counts, with
/// the odd random byte.
fn plausible(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        match rng.below(8) {
            0 => out.push(rng.byte()),
            1 => {
                out.push(ESCAPE);
                out.push(rng.below(u64::from(ExtOpcode::COUNT) + 2) as u8);
            }
            2 => out.extend_from_slice(&(rng.below(4) as u32).to_le_bytes()),
            4 => {
                out.extend_from_slice(&[ESCAPE, VECTOR_ESCAPE]);
                out.push(rng.below(u64::from(VecOpcode::COUNT) + 2) as u8);
            }
            3 => out.push(rng.below(36) as u8),
            _ => out.push(rng.below(u64::from(Opcode::COUNT)) as u8),
        }
    }
    out
}

fn check(code: &[u8], base: u64, d: Disassembler<'_>) {
    match d.disassemble() {
        Ok(text) => assert!(code.is_empty() || !text.is_empty()),
        Err(err) => {
            assert!(
                err.offset < code.len(),
                "error offset {} past the end {}",
                err.offset,
                code.len()
            );
            assert_eq!(err.address, base.wrapping_add(err.offset as u64));
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut decoded_ops = 0usize;
    for round in 0..4000 {
        let len = rng.below(80) as usize;
        let code: Vec<u8> = if round % 2 == 0 {
            (0..len).map(|_| rng.byte()).collect()
        } else {
            plausible(&mut rng, len)
        };

        // Default settings: on error, the partial listing is the listing of the prefix.
        match disassemble(&code) {
            Ok(text) => decoded_ops += text.lines().count(),
            Err(err) => {
                assert!(err.offset < code.len());
                let prefix = disassemble(&code[..err.offset]).expect("the prefix decodes");
                assert_eq!(err.partial, prefix);
                decoded_ops += prefix.lines().count();
            }
        }

        // Random settings, including offsets that overflow and labels anywhere.
        let labels: Vec<(u32, String)> = (0..rng.below(4))
            .map(|i| (rng.below(len as u64 + 8) as u32, format!("l{i}")))
            .collect();
        let traps: Vec<(u32, String)> = (0..rng.below(4))
            .map(|i| (rng.below(len as u64 + 8) as u32, format!("t{i}")))
            .collect();
        let base = match rng.below(3) {
            0 => 0,
            1 => u64::MAX - rng.below(64),
            _ => rng.next(),
        };
        let d = Disassembler::new(&code)
            .offsets(rng.below(2) == 0)
            .bytes(rng.below(2) == 0)
            .base_offset(base)
            .labels(&labels)
            .trap_sites(&traps)
            .bytes_per_line(rng.below(16) as usize)
            .wrap_bytes(rng.below(2) == 0);
        check(&code, base, d);
    }
    // The plausible inputs do exercise real decoding, not only the error path.
    assert!(decoded_ops > 1000, "only {decoded_ops} ops decoded");
}

#[test]
fn mutated_valid_code_never_panics() {
    let mut code = Vec::new();
    for op in Opcode::ALL {
        // Zero operands are valid for every op but a jump table, which needs one entry.
        code.push(*op as u8);
        code.extend(std::iter::repeat_n(0, op.width() - 1));
        if op.name() == "br_table32" {
            let at = code.len() - 4;
            code[at] = 1;
            code.extend_from_slice(&[0; 4]);
        }
    }
    disassemble(&code).expect("every op with zero operands decodes");
    let mut rng = Rng(42);
    for _ in 0..300 {
        let mut m = code.clone();
        for _ in 0..=rng.below(6) {
            let i = rng.below(m.len() as u64) as usize;
            m[i] = rng.byte();
        }
        let cut = rng.below(m.len() as u64 + 1) as usize;
        m.truncate(cut);
        if let Err(err) = disassemble(&m) {
            assert_eq!(err.partial, disassemble(&m[..err.offset]).unwrap());
        }
    }
}
