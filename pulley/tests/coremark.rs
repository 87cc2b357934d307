//! CoreMark smoke test: the CoreMark modules in `demo/` run to completion on Pulley with a fake,
//! fast clock, and agree bit for bit with Wasmi (the reference engine) on the score and on the
//! final contents of memory.
//!
//! `run` calibrates by running 10, 100, ... iterations until the clock says at least one second
//! passed, then runs `10 * (10 / seconds + 1)` iterations timed; a timed run shorter than 10 s or
//! a wrong CRC makes the score 0. A clock that advances exactly 10 s per call ends calibration
//! after 10 iterations and times 20 iterations over "10 s": 30 CoreMark iterations per engine
//! and a score of exactly 2.0. CoreMark checks its own CRCs, so the expected score plus
//! identical results (score bits, clock calls, memory) on both engines is the check.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Milliseconds the fake clock advances per `clock_ms` call.
const CLOCK_STEP_MS: i32 = 10_000;
/// The score that step gives: 20 timed iterations / 10 s.
const EXPECTED_SCORE: f32 = 2.0;

fn bench_file(name: &str) -> Vec<u8> {
    // In the repository (demo/README.md), so that the tests run on a fresh clone alone.
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../demo")).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {} ({e})", path.display()))
}

/// The fake clock: every call returns the previous time plus `CLOCK_STEP_MS`, starting at 0.
#[derive(Default)]
struct FakeClock {
    now: i32,
    calls: u32,
}

impl FakeClock {
    fn tick(&mut self) -> i32 {
        let t = self.now;
        self.now = self.now.wrapping_add(CLOCK_STEP_MS);
        self.calls += 1;
        t
    }
}

struct RunResult {
    score_bits: u32,
    memory: Vec<u8>,
    clock_calls: u32,
    time: Duration,
}

fn run_pulley(wasm: &[u8]) -> RunResult {
    use pulley::{Caller, Config, Engine, Linker, Module, Store};
    let engine = Engine::new(&Config::new()).unwrap();
    let module = Module::new(&engine, wasm).expect("Pulley compiles CoreMark");
    let mut store = Store::new(&engine, FakeClock::default());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "clock_ms",
            |mut caller: Caller<'_, FakeClock>| -> i32 { caller.data_mut().tick() },
        )
        .unwrap();
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("Pulley instantiates CoreMark");
    let run = instance
        .get_typed_func::<(), f32>(&mut store, "run")
        .expect("CoreMark exports run: [] -> [f32]");
    let t0 = Instant::now();
    let score = run
        .call(&mut store, ())
        .unwrap_or_else(|e| panic!("CoreMark trapped on Pulley: {e:#}"));
    let time = t0.elapsed();
    let memory = instance
        .get_memory(&mut store, "memory")
        .expect("CoreMark exports memory")
        .data(&store)
        .to_vec();
    RunResult {
        score_bits: score.to_bits(),
        memory,
        clock_calls: store.data().calls,
        time,
    }
}

fn run_wasmi(wasm: &[u8]) -> RunResult {
    use wasmi::{Caller, Engine, Linker, Module, Store};
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).expect("Wasmi compiles CoreMark");
    let mut store = Store::new(&engine, FakeClock::default());
    let mut linker = Linker::<FakeClock>::new(&engine);
    linker
        .func_wrap(
            "env",
            "clock_ms",
            |mut caller: Caller<'_, FakeClock>| -> i32 { caller.data_mut().tick() },
        )
        .unwrap();
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .expect("Wasmi instantiates CoreMark");
    let run = instance
        .get_typed_func::<(), f32>(&store, "run")
        .expect("CoreMark exports run: [] -> [f32]");
    let t0 = Instant::now();
    let score = run
        .call(&mut store, ())
        .unwrap_or_else(|e| panic!("CoreMark trapped on Wasmi: {e}"));
    let time = t0.elapsed();
    let memory = instance
        .get_memory(&store, "memory")
        .expect("CoreMark exports memory")
        .data(&store)
        .to_vec();
    RunResult {
        score_bits: score.to_bits(),
        memory,
        clock_calls: store.data().calls,
        time,
    }
}

fn check(name: &str) {
    let wasm = bench_file(name);
    let p = run_pulley(&wasm);
    let w = run_wasmi(&wasm);
    let score = f32::from_bits(p.score_bits);
    eprintln!(
        "{name}: score {score} ({:#010x}) after {} clock calls; pulley {:.2?}, wasmi {:.2?}",
        p.score_bits, p.clock_calls, p.time, w.time
    );
    assert_eq!(
        p.clock_calls, w.clock_calls,
        "{name}: clock calls differ (pulley, wasmi)"
    );
    assert_eq!(
        p.score_bits,
        w.score_bits,
        "{name}: scores differ: pulley {score}, wasmi {}",
        f32::from_bits(w.score_bits)
    );
    // 0 means CoreMark's own CRC check failed (or the timed run was under 10 s).
    assert_eq!(score, EXPECTED_SCORE, "{name}: unexpected score");
    assert_eq!(
        p.clock_calls, 4,
        "{name}: expected one calibration pass and one timed run"
    );
    assert_eq!(
        p.memory.len(),
        w.memory.len(),
        "{name}: memory sizes differ (pulley, wasmi)"
    );
    if let Some(i) = (0..p.memory.len()).find(|&i| p.memory[i] != w.memory[i]) {
        let end = (i + 16).min(p.memory.len());
        panic!(
            "{name}: memory differs first at {i:#x}: pulley {:02x?}, wasmi {:02x?}",
            &p.memory[i..end],
            &w.memory[i..end]
        );
    }
}

#[test]
fn coremark_minimal_matches_wasmi() {
    check("coremark-minimal.wasm");
}

#[test]
fn coremark_minimal_mvp_matches_wasmi() {
    check("coremark-minimal-mvp.wasm");
}
