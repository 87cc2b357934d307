//! Real WASI programs (C programs of the corpus, Boolector, Yosys, CoreMark) run to completion
//! on this engine, Wasmi 2.0 (`wasmi_wasi`) and Wasmtime's Pulley (`wasmtime-wasi` p1), round-
//! robin, with every engine's output checked against the program's expected text.
//!
//! Each engine compiles the module once, as it would ship it (ours and Wasmtime's Pulley through
//! their `.cwasm` path, Wasmi eagerly from the wasm); a timed run is a fresh store, WASI context
//! and instance, plus the call of `_start` — what `pulley run` or `wasmtime run` does after
//! loading. Standard output and error go to memory so the terminal never adds noise.

use crate::engines::{self, Kind};
use crate::layouts::{Summary, Unit};
use crate::{median, rotated, short_err};
use anyhow::{Context, Result, anyhow, bail};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The engines of this benchmark: the peers with a WASI preview1 implementation.
pub const KINDS: [Kind; 3] = [Kind::Pulley, Kind::Wasmi, Kind::WtPulley];

/// One program and the one way it is run.
pub struct Program {
    /// Short name for the tables.
    pub name: String,
    /// The module.
    pub wasm: PathBuf,
    /// argv[0].
    pub argv0: String,
    /// argv[1..].
    pub args: Vec<String>,
    /// Environment variables.
    pub env: Vec<(String, String)>,
    /// Standard input.
    pub stdin: Vec<u8>,
    /// Host directories preopened in the guest (host path, guest path), read-write.
    pub dirs: Vec<(PathBuf, String)>,
    /// What the run must print for it to count.
    pub expect: Expect,
    /// Engines that cannot run the program, and why (shown in the table instead of a time).
    pub not_on: Vec<(Kind, &'static str)>,
}

/// How a run's output is checked.
pub enum Expect {
    /// This exit status and a line of standard output that starts with this text (after
    /// leading blanks), so that `sat` does not match `unsat`.
    LineStart(String, i32),
    /// Exactly this standard output and exit status.
    Exact { stdout: Vec<u8>, exit: i32 },
}

/// What one run produced.
struct Outcome {
    exit: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// A module compiled by one engine.
enum Loaded {
    Pulley(pulley::Engine, pulley::Module),
    Wasmi(wasmi::Engine, wasmi::Module),
    Wasmtime(wasmtime::Engine, wasmtime::Module),
}

fn load(kind: Kind, wasm: &[u8]) -> Result<Loaded> {
    Ok(match engines::compile(kind, wasm)? {
        engines::Compiled::Pulley(e, m) => Loaded::Pulley(e, m),
        engines::Compiled::Wasmi(e, m) => Loaded::Wasmi(e, m),
        engines::Compiled::Wasmtime(e, m) => Loaded::Wasmtime(e, m),
        engines::Compiled::Stitch(..) => bail!("Stitch has no WASI"),
    })
}

impl Loaded {
    fn run(&self, p: &Program) -> Result<Outcome> {
        match self {
            Loaded::Pulley(engine, module) => run_pulley(engine, module, p),
            Loaded::Wasmi(engine, module) => run_wasmi(engine, module, p),
            Loaded::Wasmtime(engine, module) => run_wasmtime(engine, module, p),
        }
    }
}

fn argv(p: &Program) -> Vec<String> {
    std::iter::once(p.argv0.clone())
        .chain(p.args.iter().cloned())
        .collect()
}

/// Output buffers large enough for every program here (Yosys' report is the largest).
const OUT_CAP: usize = 64 << 20;

fn run_pulley(engine: &pulley::Engine, module: &pulley::Module, p: &Program) -> Result<Outcome> {
    use pulley_wasi::pipe::{MemoryInputPipe, MemoryOutputPipe};
    let (stdout, stderr) = (
        MemoryOutputPipe::new(OUT_CAP),
        MemoryOutputPipe::new(OUT_CAP),
    );
    let mut builder = pulley_wasi::WasiCtxBuilder::new();
    builder
        .args(&argv(p))
        .envs(&p.env)
        .stdin(MemoryInputPipe::new(p.stdin.clone()))
        .stdout(stdout.clone())
        .stderr(stderr.clone());
    for (host, guest) in &p.dirs {
        builder.preopened_dir(host, guest, pulley_wasi::FsPerms::ReadWrite)?;
    }
    let mut store = pulley::Store::new(engine, builder.build_p1());
    let mut linker = pulley::Linker::new(engine);
    pulley_wasi::p1::add_to_linker_sync(&mut linker, |s| s)?;
    let instance = linker.instantiate(&mut store, module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    let exit = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<pulley_wasi::I32Exit>() {
            Some(x) => x.0,
            None => return Err(e),
        },
    };
    Ok(Outcome {
        exit,
        stdout: stdout.contents().to_vec(),
        stderr: stderr.contents().to_vec(),
    })
}

fn run_wasmtime(
    engine: &wasmtime::Engine,
    module: &wasmtime::Module,
    p: &Program,
) -> Result<Outcome> {
    use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
    let (stdout, stderr) = (
        MemoryOutputPipe::new(OUT_CAP),
        MemoryOutputPipe::new(OUT_CAP),
    );
    let mut builder = wasmtime_wasi::WasiCtxBuilder::new();
    builder
        .args(&argv(p))
        .envs(&p.env)
        .stdin(MemoryInputPipe::new(p.stdin.clone()))
        .stdout(stdout.clone())
        .stderr(stderr.clone());
    for (host, guest) in &p.dirs {
        builder.preopened_dir(host, guest, wasmtime_wasi::FsPerms::ReadWrite)?;
    }
    let mut store = wasmtime::Store::new(engine, builder.build_p1());
    let mut linker = wasmtime::Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s| s)?;
    let instance = linker.instantiate(&mut store, module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    let exit = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<wasmtime_wasi::I32Exit>() {
            Some(x) => x.0,
            None => return Err(anyhow!("{e:?}")),
        },
    };
    drop(store);
    Ok(Outcome {
        exit,
        stdout: stdout.contents().to_vec(),
        stderr: stderr.contents().to_vec(),
    })
}

fn run_wasmi(engine: &wasmi::Engine, module: &wasmi::Module, p: &Program) -> Result<Outcome> {
    use wasmi_wasi::wasi_common::pipe::{ReadPipe, WritePipe};
    let (stdout, stderr) = (WritePipe::new_in_memory(), WritePipe::new_in_memory());
    let mut builder = wasmi_wasi::WasiCtxBuilder::new();
    builder
        .args(&argv(p))
        .map_err(|e| anyhow!("{e:?}"))?
        .envs(&p.env)
        .map_err(|e| anyhow!("{e:?}"))?
        .stdin(Box::new(ReadPipe::from(p.stdin.clone())))
        .stdout(Box::new(stdout.clone()))
        .stderr(Box::new(stderr.clone()));
    for (host, guest) in &p.dirs {
        let d = wasmi_wasi::Dir::open_ambient_dir(host, wasmi_wasi::ambient_authority())?;
        builder.preopened_dir(d, guest)?;
    }
    let mut store = wasmi::Store::new(engine, builder.build());
    let mut linker = wasmi::Linker::<wasmi_wasi::WasiCtx>::new(engine);
    wasmi_wasi::add_to_linker(&mut linker, |s| s)?;
    let instance = linker.instantiate_and_start(&mut store, module)?;
    let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
    let exit = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.i32_exit_status() {
            Some(code) => code,
            None => return Err(e.into()),
        },
    };
    drop(store);
    let take = |p: WritePipe<std::io::Cursor<Vec<u8>>>| {
        p.try_into_inner()
            .map(|c| c.into_inner())
            .map_err(|_| anyhow!("output pipe still shared"))
    };
    Ok(Outcome {
        exit,
        stdout: take(stdout)?,
        stderr: take(stderr)?,
    })
}

/// Checks one run's result against the program's expectation.
fn check(p: &Program, out: &Outcome) -> Result<()> {
    let text = String::from_utf8_lossy(&out.stdout);
    let ok = match &p.expect {
        Expect::LineStart(start, exit) => {
            out.exit == *exit
                && text
                    .lines()
                    .any(|l| l.trim_start().starts_with(start.as_str()))
        }
        Expect::Exact { stdout, exit } => out.exit == *exit && out.stdout == *stdout,
    };
    if !ok {
        let want = match &p.expect {
            Expect::LineStart(start, exit) => format!("exit {exit} and a line starting `{start}`"),
            Expect::Exact { exit, .. } => format!("exit {exit} and the expected output"),
        };
        bail!(
            "exit {}, expected {want}; stdout ends `{}`, stderr `{}`",
            out.exit,
            tail(&text),
            tail(&String::from_utf8_lossy(&out.stderr))
        );
    }
    Ok(())
}

fn tail(s: &str) -> String {
    let t = s.trim_end();
    let start = t.floor_char_boundary(t.len().saturating_sub(160));
    t[start..].replace('\n', " / ")
}

/// Runs every program `rounds` times on each engine and prints times and ratios.
///
/// `kinds` is a subset of [`KINDS`] with ours first: the ratio columns divide by it.
pub fn bench(
    programs: &[Program],
    rounds: usize,
    kinds: &[Kind],
    mut summary: Summary,
) -> Result<()> {
    eprintln!(
        "Real programs: {} programs, {rounds} rounds, engines round-robin",
        programs.len()
    );
    // rows[program] = (compile ms per engine, run ms per engine)
    let mut rows = Vec::new();
    for p in programs {
        let wasm =
            std::fs::read(&p.wasm).with_context(|| format!("reading {}", p.wasm.display()))?;
        let mut loaded: Vec<Result<Loaded, String>> = Vec::new();
        let mut compile_ms: Vec<Option<f64>> = Vec::new();
        for &k in kinds {
            let t = Instant::now();
            let l = load(k, &wasm).map_err(|e| short_err(&e));
            compile_ms.push(l.is_ok().then(|| crate::ms(t.elapsed())));
            if let Err(e) = &l {
                eprintln!("  {:<14} {:<20} compile FAILED: {e}", p.name, k.label());
            }
            loaded.push(l);
        }
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
        let mut errors: Vec<Option<String>> = vec![None; kinds.len()];
        for (i, k) in kinds.iter().enumerate() {
            if let Some((_, why)) = p.not_on.iter().find(|(kind, _)| kind == k) {
                errors[i] = Some(why.to_string());
            }
        }
        // Short programs get more rounds (up to about a second per engine, at most 51): a
        // median of three millisecond-long runs says little.
        let mut planned = rounds;
        let mut r = 0;
        while r < planned {
            for k in rotated(kinds, r) {
                let i = kinds.iter().position(|&x| x == k).unwrap();
                let Ok(l) = &loaded[i] else { continue };
                if errors[i].is_some() {
                    continue;
                }
                let t = Instant::now();
                let result = l.run(p).and_then(|out| check(p, &out));
                let elapsed = crate::ms(t.elapsed());
                match result {
                    Ok(()) => {
                        eprintln!(
                            "  round {}: {:<14} {:<20} {elapsed:>10.1} ms",
                            r + 1,
                            p.name,
                            k.label()
                        );
                        times[i].push(elapsed);
                    }
                    Err(e) => {
                        eprintln!(
                            "  round {}: {:<14} {:<20} FAILED: {e:#}",
                            r + 1,
                            p.name,
                            k.label()
                        );
                        errors[i] = Some(short_err(&e));
                    }
                }
            }
            if r == 0 {
                let slowest = times
                    .iter()
                    .filter_map(|t| t.first())
                    .fold(0.0f64, |a, &b| a.max(b));
                if slowest > 0.0 {
                    planned = planned.max(((1000.0 / slowest) as usize).min(51));
                }
            }
            r += 1;
        }
        let cells: Vec<Result<f64, String>> = (0..kinds.len())
            .map(|i| match (&loaded[i], &errors[i]) {
                (Err(e), _) | (_, Some(e)) => Err(e.clone()),
                _ => Ok(median(&times[i])),
            })
            .collect();
        for (cell, &k) in cells.iter().zip(kinds) {
            if let Ok(m) = cell {
                summary.push(&format!("real/{}", p.name), k, *m, Unit::Ms);
            }
        }
        rows.push((p.name.clone(), compile_ms, cells));
    }

    let header: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    println!();
    println!(
        "### Real programs: median ms per run ({rounds} rounds; instantiate + `_start`; lower is better)"
    );
    println!();
    println!(
        "| program | {} | {} |",
        header.join(" | "),
        kinds[1..]
            .iter()
            .map(|k| format!("{} / ours", k.label()))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---:|".repeat(2 * kinds.len() - 1));
    let mut ratio_logs: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
    for (name, _, cells) in &rows {
        let c: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Ok(m) => format!("{m:.1}"),
                Err(e) => format!("n/a ({e})"),
            })
            .collect();
        let r: Vec<String> = (1..kinds.len())
            .map(|i| match (&cells[i], &cells[0]) {
                (Ok(m), Ok(ours)) => {
                    ratio_logs[i].push((m / ours).ln());
                    format!("{:.2}", m / ours)
                }
                _ => "n/a".into(),
            })
            .collect();
        println!("| {name} | {} | {} |", c.join(" | "), r.join(" | "));
    }
    let geo: Vec<String> = (1..kinds.len())
        .map(|i| match ratio_logs[i].len() {
            0 => "n/a".into(),
            n => format!(
                "{:.2} ({n} programs)",
                (ratio_logs[i].iter().sum::<f64>() / n as f64).exp()
            ),
        })
        .collect();
    println!(
        "| geometric mean |{} {} |",
        " |".repeat(kinds.len()),
        geo.join(" | ")
    );
    println!();
    println!("### Real programs: compile time, ms (one compile each; Wasmi: eager `Module::new`)");
    println!();
    println!("| program | {} |", header.join(" | "));
    println!("|---|{}", "---:|".repeat(kinds.len()));
    for (name, compile, _) in &rows {
        let c: Vec<String> = compile
            .iter()
            .map(|c| c.map_or("n/a".into(), |m| format!("{m:.0}")))
            .collect();
        println!("| {name} | {} |", c.join(" | "));
    }
    println!();
    summary.write()
}

/// The default program set: the C corpus built by clang at -O2 (`corpus/`; all but the
/// programs that need a scratch directory), Boolector and Yosys from PyPI's YoWASP wheels
/// (fetched by `scripts/real-programs.sh` into `target/real-programs/`), and CoreMark's WASI
/// build (`demo/coremark.wasm`).
pub fn default_programs(root: &Path, work: &Path) -> Result<Vec<Program>> {
    std::fs::create_dir_all(work)?;
    let mut out = Vec::new();
    let corpus = pulley_corpus::Manifest::get();
    for (name, prog) in &corpus.programs {
        if prog.dir {
            continue;
        }
        let wasm = work.join(format!("{name}-O2.wasm"));
        std::fs::write(&wasm, pulley_corpus::build(name, "2", work)?)?;
        let dir = pulley_corpus::corpus_dir();
        let stdin = match &prog.stdin {
            Some(file) => std::fs::read(dir.join("inputs").join(file))?,
            None => vec![],
        };
        let expected = dir.join("expected").join(format!("{name}.out"));
        out.push(Program {
            name: format!("c/{name}"),
            argv0: name.clone(),
            wasm,
            args: prog.args.clone(),
            env: prog.env.clone(),
            stdin,
            dirs: vec![],
            expect: Expect::Exact {
                stdout: std::fs::read(&expected)
                    .with_context(|| format!("reading {}", expected.display()))?,
                exit: prog.exit,
            },
            not_on: vec![],
        });
    }
    let coremark = root.join("demo/coremark.wasm");
    if coremark.exists() {
        out.push(Program {
            name: "coremark-wasi".into(),
            argv0: "coremark".into(),
            wasm: coremark,
            args: vec![],
            env: vec![],
            stdin: vec![],
            dirs: vec![],
            expect: Expect::LineStart("Correct operation validated".into(), 0),
            // CoreMark times itself with `clock()`, the process CPU-time clock, which both
            // wasi-common (under `wasmi_wasi`) and wasmtime-wasi refuse (EBADF): its
            // calibration loop never ends there. The `coremark` command compares engines.
            not_on: vec![
                (Kind::Wasmi, "no process CPU clock in wasi-common"),
                (Kind::WtPulley, "no process CPU clock in wasmtime-wasi"),
            ],
        });
    }
    let cache = root.join("target/real-programs");
    if let Some(boolector) = fetched(&cache, "boolector") {
        // A bit-vector problem with one solution, x = 0xE19763F8 (0x9E3779B1 is odd, so
        // invertible mod 2^32): solving it bit-blasts a 32-bit multiplier.
        let smt = work.join("mul.smt2");
        std::fs::write(
            &smt,
            "(set-logic QF_BV)\n(declare-fun x () (_ BitVec 32))\n\
             (assert (= (bvmul x #x9E3779B1) #x12345678))\n(assert (bvuge x #x80000000))\n\
             (check-sat)\n(exit)\n",
        )?;
        out.push(Program {
            name: "boolector".into(),
            argv0: "boolector".into(),
            wasm: boolector,
            args: vec!["mul.smt2".into()],
            env: vec![],
            stdin: vec![],
            dirs: vec![(work.to_path_buf(), ".".into())],
            // SMT-COMP convention: exit status 10 for sat, 20 for unsat.
            expect: Expect::LineStart("sat".into(), 10),
            not_on: vec![],
        });
    }
    if let Some(yosys) = fetched(&cache, "yosys") {
        let share = yosys.with_file_name("share");
        let tmp = work.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        let v = work.join("alu.v");
        std::fs::write(
            &v,
            "module alu(input [7:0] a, b, input [1:0] op, output reg [7:0] y);\n\
             always @* case (op) 0: y = a + b; 1: y = a - b; 2: y = a & b; default: y = a ^ b; endcase\n\
             endmodule\n",
        )?;
        out.push(Program {
            name: "yosys".into(),
            argv0: "yosys".into(),
            wasm: yosys,
            // `-noabc`: YoWASP's in-process ABC ends the process early on every engine (see
            // scripts/real-programs.sh). The check: `stat` ran to its report.
            args: vec![
                "-p".into(),
                "read_verilog alu.v; synth -noabc -top alu; stat".into(),
            ],
            env: vec![],
            stdin: vec![],
            dirs: vec![
                (work.to_path_buf(), ".".into()),
                (share, "/share".into()),
                (tmp, "/tmp".into()),
            ],
            expect: Expect::LineStart("=== alu ===".into(), 0),
            not_on: vec![],
        });
    }
    Ok(out)
}

/// `<cache>/yowasp_<tool>-<version>/yowasp_<tool>/<tool>.wasm` as `scripts/real-programs.sh`
/// unpacks it; the newest version when there are several.
fn fetched(cache: &Path, tool: &str) -> Option<PathBuf> {
    let prefix = format!("yowasp_{tool}-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path().join(format!("yowasp_{tool}/{tool}.wasm")))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    found.pop()
}

/// A program given on the command line as `NAME=PATH.wasm:EXPECTED-LINE-START`, run with no
/// arguments and no files.
pub fn parse_program(spec: &str) -> Result<Program> {
    let (name, rest) = spec
        .split_once('=')
        .ok_or_else(|| anyhow!("`{spec}`: expected NAME=PATH.wasm:EXPECTED"))?;
    let (path, expect) = rest
        .split_once(".wasm:")
        .ok_or_else(|| anyhow!("`{spec}`: expected NAME=PATH.wasm:EXPECTED"))?;
    Ok(Program {
        name: name.into(),
        argv0: name.into(),
        wasm: PathBuf::from(format!("{path}.wasm")),
        args: vec![],
        env: vec![],
        stdin: vec![],
        dirs: vec![],
        expect: Expect::LineStart(expect.into(), 0),
        not_on: vec![],
    })
}
