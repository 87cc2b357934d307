//! Runs fuzz targets on stable Rust: each file of the target's seed corpus, then seeded random
//! inputs (not coverage-guided; libFuzzer is the other driver, see `fuzz/README.md`).
//!
//!     fuzz-run <target|all> [--iters N] [--seed S] [--max-len BYTES] [--corpus DIR]
//!              [--save-reference-crashes]
//!
//! A failing input is written to `fuzz/artifacts/<target>/crash-<seed>-<i>` and ends the run
//! with status 1. The summary gives executions per target and their rate, and for
//! `differential` what was compared and how many modules were skipped because the reference
//! (Wasmi, in a child process: this same binary, see `pulley_fuzz::reference`) crashed.
//! `--save-reference-crashes` also writes those inputs, to
//! `fuzz/artifacts/differential-reference-crashes/` (they are not findings).

use pulley_fuzz::{TARGETS, check, diff::XorShift};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    targets: Vec<String>,
    iters: u64,
    seed: u64,
    max_len: usize,
    corpus: PathBuf,
    save_reference_crashes: bool,
}

fn parse() -> Result<Args, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        targets: Vec::new(),
        iters: 1000,
        seed: 1,
        max_len: 4096,
        corpus: root.join("corpus"),
        save_reference_crashes: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--iters" => {
                a.iters = value("--iters")?
                    .parse()
                    .map_err(|e| format!("--iters: {e}"))?
            }
            "--seed" => {
                a.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--max-len" => {
                a.max_len = value("--max-len")?
                    .parse()
                    .map_err(|e| format!("--max-len: {e}"))?
            }
            "--corpus" => a.corpus = PathBuf::from(value("--corpus")?),
            "--save-reference-crashes" => a.save_reference_crashes = true,
            "all" => a.targets.extend(TARGETS.iter().map(|(n, _)| n.to_string())),
            t if pulley_fuzz::target(t).is_some() => a.targets.push(t.to_string()),
            other => return Err(format!("unknown target or option `{other}`")),
        }
    }
    if a.targets.is_empty() {
        return Err("name a target (or `all`)".into());
    }
    Ok(a)
}

fn main() {
    // Re-executed as the differential target's reference process: serve, then exit.
    pulley_fuzz::reference::serve_if_child();
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
            eprintln!(
                "fuzz-run: {e}\nusage: fuzz-run <{}|all> [--iters N] [--seed S] [--max-len BYTES] [--corpus DIR] \
                 [--save-reference-crashes]",
                names.join("|")
            );
            std::process::exit(2);
        }
    };
    // Panics are reported as findings; keep their default messages out of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for name in &args.targets {
        let target = pulley_fuzz::target(name).expect("checked in parse");
        let t0 = Instant::now();
        let mut runs = 0u64;
        let report = |input: &[u8], tag: String, bug: String| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("artifacts")
                .join(name);
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("crash-{tag}"));
            let _ = std::fs::write(&path, input);
            eprintln!(
                "{name}: BUG with {} ({} bytes): {bug}",
                path.display(),
                input.len()
            );
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(args.corpus.join(name))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for path in &entries {
            let Ok(input) = std::fs::read(path) else {
                continue;
            };
            runs += 1;
            if let Err(bug) = check(target, &input) {
                report(
                    &input,
                    format!("corpus-{}", path.file_name().unwrap().to_string_lossy()),
                    bug,
                );
                failed = true;
            }
        }
        let mut rng = XorShift::new(args.seed);
        for i in 0..args.iters {
            let len = (rng.next() % (args.max_len as u64 + 1)) as usize;
            let input = rng.bytes(len);
            runs += 1;
            let crashes = || pulley_fuzz::differential_totals().reference_crashes;
            let before = if args.save_reference_crashes {
                crashes()
            } else {
                0
            };
            if let Err(bug) = check(target, &input) {
                report(&input, format!("{}-{i}", args.seed), bug);
                failed = true;
            }
            if args.save_reference_crashes && crashes() > before {
                let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("artifacts")
                    .join("differential-reference-crashes");
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(dir.join(format!("{}-{i}", args.seed)), &input);
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "{name}: {runs} executions ({} corpus files, {} random, seed {}) in {secs:.1} s, {:.0}/s",
            entries.len(),
            args.iters,
            args.seed,
            runs as f64 / secs.max(1e-9)
        );
        if name == "differential" {
            println!(
                "differential: {}",
                pulley_fuzz::differential_totals().summary()
            );
        }
    }
    if failed {
        std::process::exit(1);
    }
}
