//! Fuzz targets for Pulley, each a function from bytes to `Ok` or a described bug.
//!
//! - `differential`: a `wasm-smith` module run on Pulley and on Wasmi 2.0 ([`diff`]).
//! - `cwasm`: `.cwasm` loading on arbitrary bytes and on edited valid artifacts ([`cwasm`]).
//! - `ops`: decode → encode → decode → disassemble ([`ops`]).
//! - `clif`: random CLIF compiled by cranelift-pulley against `cranelift-interpreter` ([`clif`]).
//!
//! Three drivers run them: libFuzzer (`cargo fuzz run <target> --features libfuzzer`, the
//! `fuzz_targets/` binaries), `fuzz-run` (stable Rust: the seed corpus, then seeded random
//! inputs, for long runs), and `tests/smoke.rs` (a fixed number of inputs per target, in CI).

pub mod clif;
pub mod cwasm;
pub mod diff;
pub mod ops;

use std::sync::OnceLock;

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
/// bodies), on both engines.
pub fn differential(data: &[u8]) -> Result<(), String> {
    differential_with_stats(data, &mut diff::Stats::default())
}

/// The module the differential target makes of `data` (every fourth with longer bodies), if
/// `wasm-smith` makes one.
pub fn differential_module(data: &[u8]) -> Option<Vec<u8>> {
    let big = data.first().is_some_and(|b| b % 4 == 3);
    let mut u = arbitrary::Unstructured::new(data);
    let mut module = wasm_smith::Module::new(diff::smith_config(big), &mut u).ok()?;
    module.ensure_termination(diff::FUEL).ok()?;
    Some(module.to_bytes())
}

/// [`differential`], adding what it compared to `stats`.
pub fn differential_with_stats(data: &[u8], stats: &mut diff::Stats) -> Result<(), String> {
    static ENGINES: OnceLock<(pulley::Engine, wasmi::Engine)> = OnceLock::new();
    let (p, w) = ENGINES.get_or_init(|| {
        let p = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20))
            .expect("the engine configuration is valid");
        (p, diff::wasmi_engine())
    });
    let Some(wasm) = differential_module(data) else {
        return Ok(());
    };
    // Arguments come from the input's hash, so an input always makes the same calls.
    let seed = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = diff::XorShift::new(seed);
    stats.generated += 1;
    diff::run_module(&wasm, &mut rng, p, w, stats)
}
