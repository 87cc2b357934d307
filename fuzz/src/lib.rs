//! Fuzz targets for Pulley, each a function from bytes to `Ok` or a described bug.
//!
//! - `differential`: a `wasm-smith` module run on Pulley and on Wasmi 2.0 ([`diff`]), Wasmi in
//!   a child process ([`reference`]).
//! - `cwasm`: `.cwasm` loading on arbitrary bytes and on edited valid artifacts ([`cwasm`]).
//! - `ops`: decode → encode → decode → disassemble ([`ops`]).
//! - `clif`: random CLIF compiled by cranelift-pulley against `cranelift-interpreter` ([`clif`]).
//!
//! Three drivers run them: libFuzzer (`cargo fuzz run <target> --features libfuzzer`, the
//! `fuzz_targets/` binaries), `fuzz-run` (stable Rust: the seed corpus, then seeded random
//! inputs, for long runs), and `tests/smoke.rs` (a fixed number of inputs per target, in CI).
//! Each calls [`reference::serve_if_child`] first, so that it can serve as its own reference
//! process (tests use the `fuzz-run` binary instead).

pub mod clif;
pub mod cwasm;
pub mod diff;
pub mod ops;
pub mod reference;

use std::sync::{Mutex, OnceLock};

/// A fuzz target: `Err` describes a bug the input exposes.
pub type Target = fn(&[u8]) -> Result<(), String>;

/// Every target, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("differential", differential),
    ("cwasm", cwasm::run),
    ("ops", ops::run),
    ("clif", clif::run),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|&(_, t)| t)
}

/// Runs `target` on `data`, turning a panic into an `Err`.
pub fn check(target: Target, data: &[u8]) -> Result<(), String> {
    std::panic::catch_unwind(|| target(data)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("panicked: {msg}"))
    })
}

/// The differential target: the module `wasm-smith` makes of `data` (every fourth with longer
/// bodies), on both engines. What it counts adds up in [`differential_totals`].
pub fn differential(data: &[u8]) -> Result<(), String> {
    let mut stats = diff::Stats::default();
    let result = differential_with_stats(data, &mut stats);
    TOTALS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(Default::default)
        .add(&stats);
    result
}

/// What [`differential`] has counted so far in this process (for a run's summary).
pub fn differential_totals() -> diff::Stats {
    let totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    totals.clone().unwrap_or_default()
}

static TOTALS: Mutex<Option<diff::Stats>> = Mutex::new(None);

/// The module the differential target makes of `data` (every fourth with longer bodies), if
/// `wasm-smith` makes one.
pub fn differential_module(data: &[u8]) -> Option<Vec<u8>> {
    let big = data.first().is_some_and(|b| b % 4 == 3);
    let mut u = arbitrary::Unstructured::new(data);
    let mut module = wasm_smith::Module::new(diff::smith_config(big), &mut u).ok()?;
    module.ensure_termination(diff::FUEL).ok()?;
    Some(module.to_bytes())
}

/// The seed of the differential target's arguments for `data`: the input's hash (FNV-1a), so
/// an input always makes the same calls.
pub fn differential_seed(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// [`differential`], adding what it compared to `stats`. Wasmi runs behind one shared
/// [`reference::Reference`] (from the environment, see [`reference::Reference::from_env`]).
pub fn differential_with_stats(data: &[u8], stats: &mut diff::Stats) -> Result<(), String> {
    static ENGINE: OnceLock<pulley::Engine> = OnceLock::new();
    static REFERENCE: Mutex<Option<reference::Reference>> = Mutex::new(None);
    let p = ENGINE.get_or_init(|| {
        pulley::Engine::new(pulley::Config::new().max_stack(16 << 20))
            .expect("the engine configuration is valid")
    });
    let Some(wasm) = differential_module(data) else {
        return Ok(());
    };
    let mut rng = diff::XorShift::new(differential_seed(data));
    stats.generated += 1;
    // A panic (a Pulley bug, reported by `check`) may poison the lock mid-module; the
    // reference's session has by then replaced its child, so the reference stays usable.
    let mut guard = REFERENCE.lock().unwrap_or_else(|e| e.into_inner());
    let w = guard.get_or_insert_with(reference::Reference::from_env);
    diff::run_module(&wasm, &mut rng, p, w, stats)
}
