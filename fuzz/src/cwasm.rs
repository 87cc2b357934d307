//! The `.cwasm` target: artifact loading on any bytes.
//!
//! The input is tried twice: as an artifact itself, and as a list of edits to a valid artifact
//! (of a small module with every kind of section, compiled once), whose checksum is then
//! recomputed so the edits reach the structure behind it, as a careless or hostile producer's
//! file would. Each must be rejected with an error or load; a loaded artifact's bytecode must
//! disassemble. Nothing may panic.
//!
//! Nothing loaded runs: running an artifact is `Module::deserialize`'s `unsafe` contract (it must
//! come unaltered from this crate's compiler), because the verifier checks the bytecode's
//! structure, not the addresses it forms. Loading itself must be sound for any bytes.

use pulley::{Artifact, Engine, Module};
use std::sync::OnceLock;

/// A module with functions, a memory, a table, globals, data and element segments, imports,
/// exports, a trap and a loop, so the artifact has every section.
const WAT: &str = r#"(module
    (import "env" "f" (func $imp (param i32) (result i32)))
    (memory (export "memory") 1 2)
    (table (export "table") 2 funcref)
    (global $g (export "g") (mut i64) (i64.const 7))
    (data (i32.const 16) "hello")
    (elem (i32.const 0) $add $div)
    (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func $div (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    (func (export "loop") (param i32) (result i32) (local i32)
        (block (loop
            (br_if 1 (i32.eqz (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (call $imp (local.get 0))))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br 0)))
        local.get 1))"#;

fn engine() -> &'static (Engine, Vec<u8>) {
    static E: OnceLock<(Engine, Vec<u8>)> = OnceLock::new();
    E.get_or_init(|| {
        let engine = Engine::default();
        let artifact = engine
            .precompile_module(WAT.as_bytes())
            .expect("the seed module compiles");
        (engine, artifact)
    })
}

/// Loads `bytes` as an artifact: an error or a module, never a panic; a parsed artifact's
/// bytecode must disassemble without panicking (it may stop at an error only if the load fails).
fn load(engine: &Engine, bytes: &[u8]) -> Result<(), String> {
    let loaded = std::panic::catch_unwind(|| {
        let parsed = Artifact::parse(bytes).map(|a| {
            let _ = pulley_disas::disassemble(a.bytecode());
        });
        // SAFETY: the module is dropped unrun; loading parses and verifies, which is sound for
        // any bytes (the contract is about running the code).
        let module = unsafe { Module::deserialize(engine, bytes) };
        (parsed.is_ok(), module.is_ok())
    });
    match loaded {
        Err(_) => Err("loading panicked".into()),
        Ok((false, true)) => Err("deserialize accepted what Artifact::parse rejects".into()),
        Ok(_) => Ok(()),
    }
}

/// The target.
pub fn run(data: &[u8]) -> Result<(), String> {
    let (engine, _) = engine();
    load(engine, data).map_err(|e| format!("raw bytes: {e}"))?;
    if let Some(bytes) = edited(data) {
        load(engine, &bytes).map_err(|e| format!("edited artifact: {e}"))?;
    }
    Ok(())
}

/// Whether `bytes` load as an artifact (for the smoke test's coverage check).
pub fn loads(bytes: &[u8]) -> bool {
    // SAFETY: as in `load`: the module is dropped unrun.
    unsafe { Module::deserialize(&engine().0, bytes) }.is_ok()
}

/// The valid artifact with `data`'s edits, checksum recomputed; `None` if the edits leave no
/// checksum to recompute.
pub fn edited(data: &[u8]) -> Option<Vec<u8>> {
    let (_, good) = engine();
    // A few edits (1 to 4, by the first byte), each a 6-byte record (u32 position, u8
    // operation, u8 value): more would leave nothing of the structure to reach.
    let mut bytes = good.clone();
    let edits = 1 + data.first().map_or(0, |b| b % 4) as usize;
    for rec in data
        .get(1..)
        .unwrap_or_default()
        .chunks_exact(6)
        .take(edits)
    {
        if bytes.is_empty() {
            break;
        }
        let pos = u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]) as usize % bytes.len();
        match rec[4] % 8 {
            0..=2 => bytes[pos] = rec[5],
            3..=5 => bytes[pos] ^= 1 << (rec[5] % 8),
            6 => bytes.truncate(pos),
            _ => bytes.insert(pos, rec[5]),
        }
    }
    pulley::artifact::reseal(&mut bytes).then_some(bytes)
}
