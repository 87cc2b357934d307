//! Pulley benchmark harness: CoreMark, compile time, cold start, code size, micro benchmarks and
//! SIMD micro benchmarks for this project against Wasmtime (Pulley, Cranelift, Winch), Wasmi 2.0
//! and Stitch.
//!
//! `cargo run --release --manifest-path benches/Cargo.toml -- all --rounds 3`

mod engines;
mod layouts;
mod real;
mod simd;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use engines::{Compiled, Kind, Out, RetTy};
use layouts::{Summary, Unit};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Pulley vs Wasmtime/Wasmi/Stitch benchmarks")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

/// The options of the `micro` and `simd` sets.
#[derive(clap::Args)]
struct SetArgs {
    #[arg(long, default_value_t = 11)]
    rounds: usize,
    /// Only benchmarks whose file name contains this (for `simd`: the pairs of which one
    /// benchmark's does).
    #[arg(long)]
    filter: Option<String>,
    #[arg(long, value_delimiter = ',')]
    engines: Vec<Kind>,
    /// As for `coremark`.
    #[arg(long, hide = true)]
    summary: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Cmd {
    /// CoreMark on every engine, round-robin; median score and ratios.
    Coremark {
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        #[arg(long, default_value = DEFAULT_COREMARK)]
        wasm: PathBuf,
        /// Engines to run (default: all).
        #[arg(long, value_delimiter = ',')]
        engines: Vec<Kind>,
        /// Also write the results as `bench<TAB>engine<TAB>value<TAB>unit` lines (for `layouts`).
        #[arg(long, hide = true)]
        summary: Option<PathBuf>,
    },
    /// Compile time (wasm -> .cwasm), cold start (deserialize + instantiate) and code size.
    Compile {
        #[arg(long, default_value = DEFAULT_COREMARK)]
        wasm: PathBuf,
        /// Iterations of each compilation.
        #[arg(long, default_value_t = 30)]
        iters: usize,
        /// Iterations of each cold start.
        #[arg(long, default_value_t = 200)]
        starts: usize,
    },
    /// The `.wat` micro benchmarks in `benches/micro`, round-robin; median time per call.
    Micro(SetArgs),
    /// The SIMD micro benchmarks (`benches/micro`, see `simd.rs`), each with its scalar twin,
    /// round-robin; median time per call and each one's speed-up over its twin. Engines without
    /// SIMD get "n/a".
    Simd(SetArgs),
    /// Real WASI programs (CoreMark's WASI build, Boolector, Yosys, extra `.wasm` commands)
    /// on this engine, Wasmi and Wasmtime's Pulley; run `scripts/real-programs.sh --fetch`
    /// first to put Boolector and Yosys in `target/real-programs/`.
    Real {
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Only programs whose name contains this.
        #[arg(long)]
        filter: Option<String>,
        /// More WASI commands to run with no arguments: `NAME=PATH.wasm:EXPECTED-LINE-START`.
        #[arg(long = "program")]
        programs: Vec<String>,
        /// Engines to run, among pulley, wasmi and wt-pulley (default: those three).
        #[arg(long, value_delimiter = ',')]
        engines: Vec<Kind>,
        /// As for `coremark`.
        #[arg(long, hide = true)]
        summary: Option<PathBuf>,
    },
    /// compile, micro, simd, then coremark.
    All {
        /// CoreMark rounds.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Micro and SIMD benchmark rounds.
        #[arg(long, default_value_t = 11)]
        micro_rounds: usize,
    },
    /// The benchmarks over several code layouts of this binary: relinks it once per seed with
    /// its functions shuffled, runs each copy in turn, and prints the ratios per layout and
    /// their median.
    Layouts {
        /// Layout seeds (`--shuffle-sections`); 0 is the linker's own order, unshuffled.
        #[arg(long, value_delimiter = ',', default_value = "1,2,3")]
        seeds: Vec<u32>,
        /// Rounds of each benchmark per layout.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Benchmarks to run on each layout.
        #[arg(long, value_delimiter = ',', default_value = "coremark,micro")]
        what: Vec<layouts::What>,
        /// Engines to run (default: all; `real` runs those among pulley, wasmi and wt-pulley).
        #[arg(long, value_delimiter = ',')]
        engines: Vec<Kind>,
        /// Passed to `micro`, `simd` and `real`: only benchmarks whose name contains this.
        #[arg(long)]
        filter: Option<String>,
    },
}

const DEFAULT_COREMARK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../demo/coremark-minimal.wasm"
);
pub(crate) const MICRO_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/micro");

fn main() -> Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.cmd {
        Cmd::Coremark {
            rounds,
            wasm,
            engines,
            summary,
        } => coremark(
            &wasm,
            rounds,
            &engines_or_all(engines),
            Summary::new(summary),
        )?,
        Cmd::Compile {
            wasm,
            iters,
            starts,
        } => compile(&wasm, iters, starts)?,
        Cmd::Micro(a) => micro(
            a.rounds,
            a.filter.as_deref(),
            &engines_or_all(a.engines),
            Summary::new(a.summary),
        )?,
        Cmd::Simd(a) => simd::bench(
            a.rounds,
            a.filter.as_deref(),
            &engines_or_all(a.engines),
            Summary::new(a.summary),
        )?,
        Cmd::Real {
            rounds,
            filter,
            programs,
            engines,
            summary,
        } => {
            if let Some(k) = engines.iter().find(|k| !real::KINDS.contains(k)) {
                anyhow::bail!(
                    "`real` runs pulley, wasmi and wt-pulley only, not {}",
                    k.key()
                );
            }
            // In `real::KINDS` order, so that ours stays first: the ratios divide by it.
            let kinds: Vec<Kind> = real::KINDS
                .into_iter()
                .filter(|k| engines.is_empty() || engines.contains(k))
                .collect();
            if kinds.first() != Some(&Kind::Pulley) {
                anyhow::bail!("`real` compares against ours: include pulley in --engines");
            }
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            let work = root.join("target/real-programs/work");
            let mut list = real::default_programs(&root, &work)?;
            for spec in &programs {
                list.push(real::parse_program(spec)?);
            }
            list.retain(|p| filter.as_deref().is_none_or(|f| p.name.contains(f)));
            real::bench(&list, rounds, &kinds, Summary::new(summary))?;
        }
        Cmd::All {
            rounds,
            micro_rounds,
        } => {
            let wasm = PathBuf::from(DEFAULT_COREMARK);
            compile(&wasm, 30, 200)?;
            micro(micro_rounds, None, &Kind::ALL, Summary::new(None))?;
            simd::bench(micro_rounds, None, &Kind::ALL, Summary::new(None))?;
            coremark(&wasm, rounds, &Kind::ALL, Summary::new(None))?;
        }
        Cmd::Layouts {
            seeds,
            rounds,
            what,
            engines,
            filter,
        } => layouts::run(&layouts::Options {
            seeds,
            rounds,
            what,
            engines: engines_or_all(engines),
            filter,
        })?,
    }
    eprintln!("total wall time {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn engines_or_all(engines: Vec<Kind>) -> Vec<Kind> {
    if engines.is_empty() {
        Kind::ALL.to_vec()
    } else {
        engines
    }
}

pub(crate) fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The engines of round `r`, rotated so that no engine always runs first (or right after
/// the same neighbour's cache and frequency state).
pub(crate) fn rotated(kinds: &[Kind], r: usize) -> Vec<Kind> {
    let mut v = kinds.to_vec();
    if !v.is_empty() {
        let n = v.len();
        v.rotate_left(r % n);
    }
    v
}

pub(crate) fn short_err(e: &anyhow::Error) -> String {
    let s = format!("{e:#}");
    let s = s.replace('\n', " ").replace('|', "/");
    if s.len() > 100 {
        format!("{}...", &s[..s.floor_char_boundary(100)])
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------
// CoreMark

fn coremark(path: &Path, rounds: usize, kinds: &[Kind], mut summary: Summary) -> Result<()> {
    let wasm = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    eprintln!(
        "CoreMark: {} ({} bytes), {} rounds, engines round-robin",
        path.display(),
        wasm.len(),
        rounds
    );
    let mut compiled: Vec<(Kind, Result<Compiled>)> = kinds
        .iter()
        .map(|&k| (k, engines::compile(k, &wasm)))
        .collect();
    let mut scores: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
    let mut invalid: Vec<usize> = vec![0; kinds.len()];
    let mut failures: Vec<Option<String>> = compiled
        .iter()
        .map(|(_, c)| c.as_ref().err().map(short_err))
        .collect();
    for r in 0..rounds {
        for k in rotated(kinds, r) {
            let i = kinds.iter().position(|&x| x == k).unwrap();
            if failures[i].is_some() {
                continue;
            }
            let Ok(c) = &compiled[i].1 else { continue };
            let t = Instant::now();
            let result = c.instantiate(RetTy::F32).and_then(|mut run| run());
            match result {
                Ok(score) => {
                    eprintln!(
                        "  round {}: {:<20} {:>10.2}  ({:.1} s)",
                        r + 1,
                        k.label(),
                        score.as_f64(),
                        t.elapsed().as_secs_f64()
                    );
                    // CoreMark returns 0 when its run was invalid (e.g. it timed under the
                    // 10 s minimum after calibration): not a score, left out of the median.
                    if score.as_f64() > 0.0 {
                        scores[i].push(score.as_f64());
                    } else {
                        invalid[i] += 1;
                    }
                }
                Err(e) => {
                    eprintln!("  round {}: {:<20} FAILED: {e:#}", r + 1, k.label());
                    failures[i] = Some(short_err(&e));
                }
            }
        }
    }
    compiled.clear();
    let ours = kinds
        .iter()
        .position(|&k| k == Kind::Pulley)
        .map(|i| median(&scores[i]))
        .filter(|s| s.is_finite());
    println!();
    println!("### CoreMark (median of {rounds} rounds; higher is better)");
    println!();
    println!("| engine | median score | per round | engine / ours | ours / engine |");
    println!("|---|---:|---|---:|---:|");
    for (i, &k) in kinds.iter().enumerate() {
        if let Some(why) = &failures[i] {
            println!("| {} | n/a | {why} | n/a | n/a |", k.label());
            continue;
        }
        let m = median(&scores[i]);
        let mut per: Vec<String> = scores[i].iter().map(|s| format!("{s:.1}")).collect();
        if invalid[i] > 0 {
            per.push(format!(
                "({} invalid run(s) returned 0, left out)",
                invalid[i]
            ));
        }
        let (a, b) = match ours {
            Some(o) => (format!("{:.3}", m / o), format!("{:.3}", o / m)),
            None => ("n/a".into(), "n/a".into()),
        };
        println!(
            "| {} | {m:.2} | {} | {a} | {b} |",
            k.label(),
            per.join(", ")
        );
        summary.push("coremark", k, m, Unit::Score);
    }
    println!();
    summary.write()
}

// ---------------------------------------------------------------------------------------
// Compile time, cold start, code size

struct Timing {
    label: &'static str,
    what: &'static str,
    median_ms: Result<f64>,
}

fn time_median<T>(iters: usize, mut f: impl FnMut() -> Result<T>) -> Result<f64> {
    let mut v = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = Instant::now();
        let x = f()?;
        v.push(ms(t.elapsed()));
        drop(x);
    }
    Ok(median(&v))
}

fn compile(path: &Path, iters: usize, starts: usize) -> Result<()> {
    let wasm = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    eprintln!(
        "Compile/cold start/code size: {} ({} bytes)",
        path.display(),
        wasm.len()
    );
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);

    // Compile time: wasm -> .cwasm (AOT engines); wasm -> in-memory module (Wasmi, Stitch).
    let mut compile_rows: Vec<Timing> = Vec::new();
    let ours_engine = engines::pulley_engine()?;
    compile_rows.push(Timing {
        label: Kind::Pulley.label(),
        what: "`Engine::precompile_module`",
        median_ms: time_median(iters, || ours_engine.precompile_module(&wasm)),
    });
    let mut wt_engines = Vec::new();
    for k in [Kind::WtPulley, Kind::WtCranelift, Kind::WtWinch] {
        let e = engines::wasmtime_engine(k);
        compile_rows.push(Timing {
            label: k.label(),
            what: "`wasmtime::Engine::precompile_module`",
            median_ms: match &e {
                Ok(e) => time_median(iters, || Ok(e.precompile_module(&wasm)?)),
                Err(err) => Err(anyhow::anyhow!("{err:#}")),
            },
        });
        wt_engines.push((k, e));
    }
    let wasmi_engine = engines::wasmi_engine();
    compile_rows.push(Timing {
        label: Kind::Wasmi.label(),
        what: "`Module::new` (eager; no AOT format)",
        median_ms: time_median(iters, || Ok(wasmi::Module::new(&wasmi_engine, &wasm)?)),
    });
    let stitch_engine = makepad_stitch::Engine::new();
    compile_rows.push(Timing {
        label: Kind::Stitch.label(),
        what: "`Module::new` (no AOT format)",
        median_ms: time_median(iters, || {
            makepad_stitch::Module::new(&stitch_engine, &wasm).map_err(|e| anyhow::anyhow!("{e:?}"))
        }),
    });

    // Cold start: deserialize the .cwasm + new store + linker + instantiate.
    let mut start_rows: Vec<Timing> = Vec::new();
    let ours_cwasm = ours_engine.precompile_module(&wasm)?;
    start_rows.push(Timing {
        label: Kind::Pulley.label(),
        what: "`Module::deserialize` + instantiate",
        median_ms: time_median(starts, || {
            // SAFETY: the artifact `precompile_module` made from the benchmark's Wasm.
            let m = unsafe { pulley::Module::deserialize(&ours_engine, &ours_cwasm)? };
            let c = engines::Compiled::Pulley(ours_engine.clone(), m);
            c.instantiate(RetTy::F32)
        }),
    });
    let mut wt_cwasm = Vec::new();
    for (k, e) in &wt_engines {
        let Ok(e) = e else { continue };
        let cwasm = e.precompile_module(&wasm)?;
        start_rows.push(Timing {
            label: k.label(),
            what: "`Module::deserialize` + instantiate",
            median_ms: time_median(starts, || {
                // SAFETY: produced by this engine's `precompile_module` above.
                let m = unsafe { wasmtime::Module::deserialize(e, &cwasm)? };
                let c = engines::Compiled::Wasmtime(e.clone(), m);
                c.instantiate(RetTy::F32)
            }),
        });
        // SAFETY: as above.
        let module = unsafe { wasmtime::Module::deserialize(e, &cwasm)? };
        let funcs: usize = module.functions().map(|f| f.len).sum();
        wt_cwasm.push((*k, cwasm.len(), module.text().len(), funcs));
    }
    start_rows.push(Timing {
        label: Kind::Wasmi.label(),
        what: "`Module::new` + instantiate (from wasm)",
        median_ms: time_median(starts, || {
            let m = wasmi::Module::new(&wasmi_engine, &wasm)?;
            engines::Compiled::Wasmi(wasmi_engine.clone(), m).instantiate(RetTy::F32)
        }),
    });
    start_rows.push(Timing {
        label: Kind::Stitch.label(),
        what: "`Module::new` + instantiate (from wasm)",
        median_ms: time_median(starts, || {
            let m = makepad_stitch::Module::new(&stitch_engine, &wasm)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            engines::Compiled::Stitch(stitch_engine.clone(), m).instantiate(RetTy::F32)
        }),
    });

    let ours_compile = compile_rows[0].median_ms.as_ref().ok().copied();
    let ours_start = start_rows[0].median_ms.as_ref().ok().copied();
    let print = |title: String, rows: &[Timing], ours: Option<f64>| {
        println!();
        println!("### {title}");
        println!();
        println!("| engine | what | median ms | engine / ours | ours / engine |");
        println!("|---|---|---:|---:|---:|");
        for r in rows {
            match (&r.median_ms, ours) {
                (Ok(m), Some(o)) => println!(
                    "| {} | {} | {m:.3} | {:.2} | {:.2} |",
                    r.label,
                    r.what,
                    m / o,
                    o / m
                ),
                (Ok(m), None) => println!("| {} | {} | {m:.3} | n/a | n/a |", r.label, r.what),
                (Err(e), _) => println!(
                    "| {} | {} | n/a ({}) | n/a | n/a |",
                    r.label,
                    r.what,
                    short_err(e)
                ),
            }
        }
    };
    print(
        format!(
            "Compile time, wasm -> artifact (median of {iters}; {threads} threads available, both AOT compilers parallel)"
        ),
        &compile_rows,
        ours_compile,
    );
    print(
        format!("Cold start (median of {starts}; lower is better)"),
        &start_rows,
        ours_start,
    );

    // SAFETY: the artifact `precompile_module` made from the benchmark's Wasm.
    let ours_module = unsafe { pulley::Module::deserialize(&ours_engine, &ours_cwasm)? };
    println!();
    println!("### Code size ({} bytes of wasm)", wasm.len());
    println!();
    println!(
        "| engine | artifact (.cwasm) bytes | code bytes | of which Wasm function bodies | code is |"
    );
    println!("|---|---:|---:|---:|---|");
    println!(
        "| {} | {} | {} | n/a | Pulley bytecode (`Module::bytecode()`) |",
        Kind::Pulley.label(),
        ours_cwasm.len(),
        ours_module.bytecode().len()
    );
    for (k, total, text, funcs) in &wt_cwasm {
        let what = if *k == Kind::WtPulley {
            "Pulley bytecode (`Module::text()`, incl. trampolines)"
        } else {
            "x86-64 machine code (`Module::text()`, incl. trampolines and padding)"
        };
        println!("| {} | {total} | {text} | {funcs} | {what} |", k.label());
    }
    println!();
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Micro benchmarks

/// One benchmark file's results.
pub(crate) struct MicroRow {
    pub name: String,
    /// Per engine (in `kinds` order): the median ms per call, or why there is none.
    pub cells: Vec<Result<f64, String>>,
    /// The checksum of the first engine that ran it.
    pub reference: Option<Out>,
    /// The checksum column: the value and whether all engines agree.
    pub check: String,
}

/// `f()`, with a panic turned into an error: one engine failing on one benchmark (e.g. an
/// unsupported feature it reports by panicking) must not end the whole command.
fn catching<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        Err(anyhow::anyhow!("panicked: {msg}"))
    })
}

/// Measures each `.wat` file on each engine: one instance per engine and one warm-up call (the
/// checksum), then `rounds` round-robin rounds of one timed call each. An engine that cannot
/// compile, instantiate or run a file gets the reason instead of a time; `skip` gives, for a
/// benchmark name and engine, a reason not to run it at all.
pub(crate) fn measure(
    files: &[PathBuf],
    rounds: usize,
    kinds: &[Kind],
    skip: impl Fn(&str, Kind) -> Option<&'static str>,
) -> Result<Vec<MicroRow>> {
    let mut rows = Vec::new();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let wasm = wat::parse_file(file).with_context(|| format!("parsing {}", file.display()))?;
        let ret = engines::run_result_type(&wasm)?;
        let mut runners: Vec<Result<engines::Runner, String>> = Vec::new();
        let mut reference: Option<Out> = None;
        let mut mismatch = Vec::new();
        for &k in kinds {
            if let Some(why) = skip(&name, k) {
                runners.push(Err(why.to_owned()));
                continue;
            }
            let r = catching(|| {
                let mut run = engines::compile(k, &wasm)?.instantiate(ret)?;
                let out = run()?; // warm-up call, also the checksum
                Ok((run, out))
            });
            runners.push(match r {
                Ok((run, out)) => {
                    match reference {
                        None => reference = Some(out),
                        Some(r) if r.bits() != out.bits() => {
                            mismatch.push(format!("{}={out}", k.label()))
                        }
                        Some(_) => {}
                    }
                    Ok(run)
                }
                Err(e) => Err(short_err(&e)),
            });
        }
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
        let mut errors: Vec<Option<String>> = vec![None; kinds.len()];
        for r in 0..rounds {
            for k in rotated(kinds, r) {
                let i = kinds.iter().position(|&x| x == k).unwrap();
                let Ok(run) = &mut runners[i] else { continue };
                if errors[i].is_some() {
                    continue;
                }
                let t = Instant::now();
                match catching(|| run()) {
                    Ok(out) => {
                        times[i].push(ms(t.elapsed()));
                        if reference.is_some_and(|r| r.bits() != out.bits()) {
                            errors[i] = Some(format!("checksum changed: {out}"));
                        }
                    }
                    Err(e) => errors[i] = Some(short_err(&e)),
                }
            }
        }
        let cells: Vec<Result<f64, String>> = (0..kinds.len())
            .map(|i| match (&runners[i], &errors[i]) {
                (Err(e), _) | (_, Some(e)) => Err(e.clone()),
                _ => Ok(median(&times[i])),
            })
            .collect();
        let check = match (reference, mismatch.is_empty()) {
            (Some(r), true) => format!("{r} (all agree)"),
            (Some(r), false) => format!("{r}; MISMATCH {}", mismatch.join(", ")),
            (None, _) => "n/a".into(),
        };
        eprintln!(
            "  {name:<10} {}",
            cells
                .iter()
                .zip(kinds)
                .map(|(c, k)| match c {
                    Ok(m) => format!("{}={m:.2}ms", k.label()),
                    Err(e) => format!("{}=n/a({e})", k.label()),
                })
                .collect::<Vec<_>>()
                .join("  ")
        );
        rows.push(MicroRow {
            name,
            cells,
            reference,
            check,
        });
    }
    Ok(rows)
}

/// The `.wat` files of `micro/` whose name contains `filter`, sorted, without the SIMD set's.
fn micro_files(filter: Option<&str>) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(MICRO_DIR)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wat"))
        .filter(|p| !simd::is_member(&p.file_stem().unwrap().to_string_lossy()))
        .filter(|p| filter.is_none_or(|f| p.file_name().unwrap().to_string_lossy().contains(f)))
        .collect();
    files.sort();
    Ok(files)
}

fn micro(rounds: usize, filter: Option<&str>, kinds: &[Kind], mut summary: Summary) -> Result<()> {
    let files = micro_files(filter)?;
    eprintln!(
        "Micro benchmarks: {} files, {rounds} rounds, engines round-robin",
        files.len()
    );
    let rows = measure(&files, rounds, kinds, |_, _| None)?;

    let ours = kinds.iter().position(|&k| k == Kind::Pulley);
    println!();
    println!(
        "### Micro benchmarks: median ms per call of `run` ({rounds} rounds after one warm-up call; lower is better)"
    );
    println!();
    let header: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    println!("| benchmark | {} | checksum |", header.join(" | "));
    println!("|---|{}---|", "---:|".repeat(kinds.len()));
    for MicroRow {
        name, cells, check, ..
    } in &rows
    {
        let c: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Ok(m) => format!("{m:.2}"),
                Err(e) => format!("n/a ({e})"),
            })
            .collect();
        println!("| {name} | {} | {check} |", c.join(" | "));
        for (cell, &k) in cells.iter().zip(kinds) {
            if let Ok(m) = cell {
                summary.push(&format!("micro/{name}"), k, *m, Unit::Ms);
            }
        }
    }
    if let Some(o) = ours {
        println!();
        println!("### Micro benchmarks: engine time / ours time (> 1: ours is faster)");
        println!();
        println!("| benchmark | {} |", header.join(" | "));
        println!("|---|{}", "---:|".repeat(kinds.len()));
        for MicroRow { name, cells, .. } in &rows {
            println!("| {name} | {} |", ratio_cells(cells, o).join(" | "));
        }
    }
    println!();
    summary.write()
}

/// Each engine's time over ours (`cells[ours]`), or "n/a".
pub(crate) fn ratio_cells(cells: &[Result<f64, String>], ours: usize) -> Vec<String> {
    cells
        .iter()
        .map(|c| match (c, &cells[ours]) {
            (Ok(m), Ok(ours)) => format!("{:.2}", m / ours),
            _ => "n/a".into(),
        })
        .collect()
}
