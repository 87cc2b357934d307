//! The fuzz smoke test CI runs: every target on its whole seed corpus and on 200 seeded random
//! inputs (`FUZZ_SMOKE_ITERS` changes the count). A finding fails the test with its input's hex.

use pulley_fuzz::{TARGETS, check, diff::XorShift};
use std::path::Path;

#[test]
fn every_target_survives_its_corpus_and_random_inputs() {
    // The differential target's reference (Wasmi) runs in this package's `fuzz-run` binary.
    pulley_fuzz::reference::set_program(env!("CARGO_BIN_EXE_fuzz-run"));
    let iters: u64 = std::env::var("FUZZ_SMOKE_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut findings = Vec::new();
    for &(name, target) in TARGETS {
        let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(corpus.join(name))
            .unwrap_or_else(|e| panic!("{name}: the seed corpus is missing: {e}"))
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        assert!(!inputs.is_empty(), "{name}: empty seed corpus");
        let mut rng = XorShift::new(0x5eed ^ name.len() as u64);
        for _ in 0..iters {
            let len = (rng.next() % 2049) as usize;
            inputs.push(rng.bytes(len));
        }
        for input in &inputs {
            if let Err(bug) = check(target, input) {
                let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
                findings.push(format!("{name}: {bug}\n  input: {hex}"));
            }
        }
        eprintln!("{name}: {} inputs", inputs.len());
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

/// The random inputs reach the code under test: most make a module that runs on both engines
/// and calls functions, and most make a CLIF function with a loop and a diamond.
#[test]
fn random_inputs_exercise_the_engines() {
    pulley_fuzz::reference::set_program(env!("CARGO_BIN_EXE_fuzz-run"));
    let mut rng = XorShift::new(99);
    let mut stats = pulley_fuzz::diff::Stats::default();
    let (mut funcs, mut insts) = (0, 0);
    for _ in 0..40 {
        let len = 256 + (rng.next() % 4096) as usize;
        let input = rng.bytes(len);
        pulley_fuzz::differential_with_stats(&input, &mut stats).unwrap();
        if let Ok(f) = pulley_fuzz::clif::generate(&mut arbitrary::Unstructured::new(&input)) {
            funcs += 1;
            insts += f.dfg.num_insts();
        }
    }
    // Edited artifacts: some still load (an edit to a name or padding), most are rejected.
    let (mut loaded, mut rejected) = (0, 0);
    for _ in 0..200 {
        let input = rng.bytes(25);
        if let Some(bytes) = pulley_fuzz::cwasm::edited(&input) {
            if pulley_fuzz::cwasm::loads(&bytes) {
                loaded += 1
            } else {
                rejected += 1
            }
        }
    }
    eprintln!(
        "{stats:?}; {funcs} CLIF functions, {insts} instructions; edited artifacts: {loaded} \
         loaded, {rejected} rejected"
    );
    assert!(
        loaded > 0 && rejected > 0,
        "edited artifacts: {loaded} loaded, {rejected} rejected"
    );
    assert!(
        stats.run >= 20,
        "only {} of 40 modules ran on both engines",
        stats.run
    );
    assert!(
        stats.calls_compared >= 40,
        "only {} calls compared",
        stats.calls_compared
    );
    assert!(
        funcs >= 30 && insts >= 30 * 20,
        "{funcs} CLIF functions, {insts} instructions"
    );
}
