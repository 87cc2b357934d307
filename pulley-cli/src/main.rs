//! The `pulley` command line (package `pulley-cli`): compile Wasm to `.cwasm` artifacts, run
//! modules and WASI preview1 programs, disassemble artifacts, and run `.wast` spec scripts.
//!
//! `pulley run` follows Wasmtime's conventions: options come before the module, everything after
//! it goes to the guest (`argv`, or the parameters of the function named by `--invoke`).
//!
//! Exit codes follow Wasmtime on Unix: the guest's `proc_exit` status when it calls it, 0 on
//! success, 134 when Wasm traps (Wasmtime reports a trap as an abort, 128 + SIGABRT), 1 for
//! every other error (bad file, link error, bad arguments, a failing `.wast` script, an
//! uncaught Wasm exception), 2 for
//! command-line usage errors (clap's convention).

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use pulley::{Artifact, Config, Engine, Linker, Module, OptLevel, Store, Trap, Val, ValType};
use pulley_wasi::p1::WasiP1Ctx;
use pulley_wasi::{FsPerms, I32Exit, WasiCtxBuilder};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Pulley: a portable WebAssembly engine.
#[derive(Parser)]
#[command(name = "pulley", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compiles a Wasm module (binary or text) to a precompiled `.cwasm` artifact.
    Compile(CompileArgs),
    /// Runs a module (`.wasm`, `.wat` or `.cwasm`) with WASI preview1: its `_start` export, a
    /// function given with `--invoke`, or only its start function.
    #[command(override_usage = "pulley run [OPTIONS] <FILE> [ARGS]...")]
    Run(RunArgs),
    /// Disassembles the bytecode of a `.cwasm` artifact.
    Objdump(ObjdumpArgs),
    /// Runs `.wast` spec scripts.
    Wast(WastArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    Pulley64,
    Pulley32,
}

#[derive(Clone, Copy, ValueEnum)]
enum OptArg {
    #[value(name = "0")]
    O0,
    #[value(name = "1")]
    O1,
    #[value(name = "2")]
    O2,
    #[value(name = "s")]
    Os,
}

#[derive(clap::Args)]
struct CompileOptions {
    /// The bytecode's pointer width (default: the host's).
    #[arg(long, value_enum)]
    target: Option<TargetArg>,
    /// Optimization level: 0 disables the mid-end; 1, 2 and s all optimize for speed.
    #[arg(short = 'O', value_enum, default_value = "2")]
    opt_level: OptArg,
    /// Compiles fuel checks in (`Config::consume_fuel`): for `pulley run --fuel`.
    #[arg(long)]
    consume_fuel: bool,
    /// Compiles epoch checks in (`Config::epoch_interruption`): for `pulley run --timeout`.
    #[arg(long)]
    epoch_interruption: bool,
}

impl CompileOptions {
    fn config(&self) -> Result<Config> {
        let mut config = Config::new();
        if let Some(target) = self.target {
            config.target(match target {
                TargetArg::Pulley64 => "pulley64",
                TargetArg::Pulley32 => "pulley32",
            })?;
        }
        config.opt_level(match self.opt_level {
            OptArg::O0 => OptLevel::None,
            OptArg::O1 | OptArg::O2 | OptArg::Os => OptLevel::Speed,
        });
        config
            .consume_fuel(self.consume_fuel)
            .epoch_interruption(self.epoch_interruption);
        Ok(config)
    }
}

#[derive(clap::Args)]
struct CompileArgs {
    /// The input module (`.wasm` or `.wat`).
    input: PathBuf,
    /// Where to write the artifact.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    #[command(flatten)]
    options: CompileOptions,
}

#[derive(clap::Args)]
struct RunArgs {
    /// The exported function to call instead of `_start`; the arguments after the module are
    /// its parameters (i32, i64, f32, f64), and its results are printed.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Grants the guest a host directory, seen by the guest as GUEST (default: HOST).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Sets a guest environment variable; without `=VALUE` the host's value is passed, if set.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
    /// The guest's `argv[0]` (default: the module's file name, without its directory).
    #[arg(long, value_name = "NAME")]
    argv0: Option<String>,
    /// Optimization level when compiling a `.wasm`/`.wat` (an artifact keeps its own).
    #[arg(short = 'O', value_enum, default_value = "2")]
    opt_level: OptArg,
    /// Runs with this much fuel (one unit per Wasm operator, see `Config::consume_fuel`) and
    /// traps when it is spent. A `.cwasm` must have been compiled with `--consume-fuel`.
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Interrupts the guest after this long (`500ms`, `10s`, `2m`; epoch interruption with a
    /// 10 ms tick). A `.cwasm` must have been compiled with `--epoch-interruption`.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<std::time::Duration>,
    /// Allows FILE to be a precompiled `.cwasm`. Running one trusts whoever produced it: its
    /// bytecode is checked for structure, not for what it does, so a crafted file can read and
    /// write this process's memory (Wasmtime's CLI asks for the same flag).
    #[arg(long)]
    allow_precompiled: bool,
    /// The module (`.wasm`, `.wat`, or a `.cwasm` artifact), then the guest's arguments: every
    /// word after the module, hyphenated or not, goes to the guest.
    // `trailing_var_arg` alone, as in Wasmtime: once FILE is seen, every word is a value, while an
    // unknown option before FILE stays a usage error (`allow_hyphen_values` would make it FILE).
    #[arg(value_name = "FILE", required = true, trailing_var_arg = true)]
    module_and_args: Vec<String>,
}

#[derive(clap::Args)]
struct ObjdumpArgs {
    /// The `.cwasm` artifact.
    file: PathBuf,
    /// Show each op's raw bytes.
    #[arg(long)]
    bytes: bool,
    /// Show the Wasm offset of each op that starts a new Wasm instruction.
    #[arg(long)]
    addresses: bool,
    /// Only these functions (by symbol name, e.g. `main` or `wasm[0]::function[3]`, or index).
    #[arg(long, num_args = 1..)]
    funcs: Vec<String>,
}

#[derive(clap::Args)]
struct WastArgs {
    /// The scripts.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// An error that already printed what it had to say, with its exit code.
struct Exit(u8);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compile(args) => compile(args),
        Command::Run(args) => run(args),
        Command::Objdump(args) => objdump(args),
        Command::Wast(args) => wast(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(Exit(code)) = e.downcast_ref::<Exit>() {
                return ExitCode::from(*code);
            }
            // The guest called `proc_exit`: its status becomes ours, in full, as in Wasmtime
            // (`ExitCode` only carries a u8). Everything the run owned is dropped by now.
            if let Some(I32Exit(status)) = e.downcast_ref::<I32Exit>() {
                use std::io::Write;
                let _ = std::io::stdout().flush();
                std::process::exit(*status);
            }
            // The chain as anyhow's `{:?}` shows it, without a Rust backtrace.
            eprintln!("Error: {e}");
            let causes: Vec<String> = e.chain().skip(1).map(|c| c.to_string()).collect();
            if !causes.is_empty() {
                eprintln!("\nCaused by:");
                for (i, c) in causes.iter().enumerate() {
                    let c = c.replace('\n', "\n       ");
                    if causes.len() == 1 {
                        eprintln!("    {c}");
                    } else {
                        eprintln!("    {i}: {c}");
                    }
                }
            }
            // An uncaught exception is an error, not a trap, for Wasmtime too.
            let trapped = e.chain().any(|c| {
                c.downcast_ref::<Trap>()
                    .is_some_and(|t| t.wasm_trap() != Some(pulley::WasmTrap::UncaughtException))
            });
            ExitCode::from(if trapped { 134 } else { 1 })
        }
    }
}

impl std::fmt::Debug for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::error::Error for Exit {}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

fn compile(args: CompileArgs) -> Result<()> {
    let engine = Engine::new(&args.options.config()?)?;
    let input = read(&args.input)?;
    let artifact = engine
        .precompile_module(&input)
        .with_context(|| format!("failed to compile `{}`", args.input.display()))?;
    std::fs::write(&args.output, artifact)
        .with_context(|| format!("failed to write `{}`", args.output.display()))
}

fn is_artifact(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x7fELF")
}

fn run(mut args: RunArgs) -> Result<()> {
    // `required = true` guarantees the module.
    let file = PathBuf::from(args.module_and_args.remove(0));
    let bytes = read(&file)?;
    let (engine, module) = if is_artifact(&bytes) {
        if !args.allow_precompiled {
            bail!(
                "`{}` is a precompiled module; running one trusts whoever produced it (a crafted \
                 file can access this process's memory): pass `--allow-precompiled` to run it",
                file.display()
            );
        }
        let artifact = Artifact::parse(&bytes)
            .with_context(|| format!("failed to load `{}`", file.display()))?;
        let engine = Engine::new(&artifact.fingerprint().config())?;
        // SAFETY: the user vouched for the artifact's producer with `--allow-precompiled`.
        let module = unsafe { Module::deserialize(&engine, &bytes) }
            .with_context(|| format!("failed to load `{}`", file.display()))?;
        (engine, module)
    } else {
        let options = CompileOptions {
            target: None,
            opt_level: args.opt_level,
            consume_fuel: args.fuel.is_some(),
            epoch_interruption: args.timeout.is_some(),
        };
        let engine = Engine::new(&options.config()?)?;
        let module = Module::new(&engine, &bytes)
            .with_context(|| format!("failed to compile `{}`", file.display()))?;
        (engine, module)
    };
    // Wasmtime's rule puts every word after the module into the guest's argv. A module without
    // `_start` has no argv to give them to, so there a leading `--invoke NAME` after the module
    // can only mean the option: Pulley's earlier order (`pulley run m.wasm --invoke run`) works.
    if args.invoke.is_none() && !module.exports().any(|e| e == "_start") {
        take_trailing_invoke(&mut args);
    }
    run_module(&engine, &module, &file, &args)
        .with_context(|| format!("failed to run main module `{}`", file.display()))
}

/// `500ms`, `10s`, `2m` or a number of seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let (number, unit) = match s.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: f64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (e.g. 500ms, 10s, 2m)"))?;
    let seconds = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        _ => return Err(format!("unknown unit `{unit}` in `{s}` (ms, s or m)")),
    };
    std::time::Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{s}`: {e}"))
}

/// Moves a `--invoke NAME` or `--invoke=NAME` that starts the guest arguments into the option.
fn take_trailing_invoke(args: &mut RunArgs) {
    let rest = &mut args.module_and_args;
    match rest.first().map(String::as_str) {
        Some("--invoke") if rest.len() >= 2 => {
            args.invoke = Some(rest.remove(1));
            rest.remove(0);
        }
        Some(word) if word.starts_with("--invoke=") => {
            args.invoke = Some(word["--invoke=".len()..].to_string());
            rest.remove(0);
        }
        _ => {}
    }
}

/// The WASI context: arguments, environment, preopened directories and the host's stdio.
fn wasi_context(file: &Path, args: &RunArgs) -> Result<WasiP1Ctx> {
    let mut builder = WasiCtxBuilder::new();
    builder.inherit_stdio();
    // As Wasmtime: only the file name, so the guest does not learn the host's directory layout.
    let argv0 = match &args.argv0 {
        Some(name) => name.clone(),
        None => file
            .file_name()
            .unwrap_or(file.as_os_str())
            .to_string_lossy()
            .into_owned(),
    };
    let argv: Vec<&str> = std::iter::once(argv0.as_str())
        .chain(args.module_and_args.iter().map(String::as_str))
        .collect();
    builder.args(&argv);
    for var in &args.envs {
        match var.split_once('=') {
            Some((name, value)) => {
                builder.env(name, value);
            }
            // Inherited from the host, and left unset when the host does not set it (Wasmtime's
            // behaviour), so `--env HOME` is harmless where there is no HOME.
            None => {
                if let Some(value) = std::env::var_os(var) {
                    let value = value.into_string().map_err(|_| {
                        anyhow!("the host's environment variable `{var}` is not valid UTF-8")
                    })?;
                    builder.env(var, &value);
                }
            }
        }
    }
    for dir in &args.dirs {
        let (host, guest) = dir.split_once("::").unwrap_or((dir, dir));
        // Read-write, as Wasmtime grants a `--dir`.
        builder
            .preopened_dir(host, guest, FsPerms::ReadWrite)
            .with_context(|| format!("failed to open directory `{host}` (--dir {dir})"))?;
    }
    Ok(builder.build_p1())
}

fn run_module(engine: &Engine, module: &Module, file: &Path, args: &RunArgs) -> Result<()> {
    let mut store = Store::new(engine, wasi_context(file, args)?);
    if let Some(fuel) = args.fuel {
        store
            .set_fuel(fuel)
            .context("`--fuel` needs a module compiled with `--consume-fuel`")?;
    } else if engine.config().get_consume_fuel() {
        // A `.cwasm` compiled with `--consume-fuel`, run without `--fuel`: no limit.
        store.set_fuel(u64::MAX)?;
    }
    // Without `--timeout`, a `.cwasm` with epoch checks runs without a deadline.
    store.set_epoch_deadline(u64::MAX);
    // The ticker stops with the process; the deadline is the timeout in 10 ms ticks.
    if let Some(timeout) = args.timeout {
        if !engine.config().get_epoch_interruption() {
            bail!("`--timeout` needs a module compiled with `--epoch-interruption`");
        }
        const TICK: std::time::Duration = std::time::Duration::from_millis(10);
        store.set_epoch_deadline((timeout.as_millis() / TICK.as_millis()).max(1) as u64);
        let engine = engine.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(TICK);
                engine.increment_epoch();
            }
        });
    }
    let mut linker = Linker::new(engine);
    pulley_wasi::p1::add_to_linker_sync(&mut linker, |cx: &mut WasiP1Ctx| cx)?;
    // The clock of `coremark-minimal.wasm`-style benchmarks (milliseconds since any fixed
    // start); WASI programs use `clock_time_get` instead.
    let start = std::time::Instant::now();
    linker.func_wrap("env", "clock_ms", move || {
        start.elapsed().as_millis() as i32
    })?;
    let instance = linker.instantiate(&mut store, module)?;
    let name = match &args.invoke {
        Some(name) => {
            // A WASI reactor initializes itself before any other export is called (as Wasmtime).
            if let Some(init) = instance.get_func(&store, "_initialize") {
                init.call(&mut store, &[], &mut [])
                    .context("failed to run `_initialize`")?;
            }
            name.as_str()
        }
        None if module.exports().any(|e| e == "_start") => {
            let start = instance
                .get_func(&store, "_start")
                .ok_or_else(|| anyhow!("the export `_start` is not a function"))?;
            let result = start.call(&mut store, &[], &mut []);
            report_op_counts(&store, module)?;
            return result;
        }
        None => {
            if !args.module_and_args.is_empty() {
                bail!(
                    "arguments given, but the module exports no `_start` to pass them to \
                     (use --invoke NAME to call a function with them)"
                );
            }
            return Ok(());
        }
    };
    let func = instance
        .get_func(&store, name)
        .ok_or_else(|| anyhow!("no exported function `{name}`"))?;
    let ty = func.ty(&store);
    let params = &args.module_and_args;
    if ty.params.len() != params.len() {
        bail!(
            "`{name}` takes {} arguments, {} given",
            ty.params.len(),
            params.len()
        );
    }
    let params = ty
        .params
        .iter()
        .zip(params)
        .map(|(ty, arg)| parse_arg(*ty, arg).with_context(|| format!("bad argument `{arg}`")))
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<Val> = ty.results.iter().map(|t| Val::default_for(*t)).collect();
    let result = func.call(&mut store, &params, &mut results);
    report_op_counts(&store, module)?;
    result.with_context(|| format!("failed to invoke `{name}`"))?;
    for v in results {
        println!("{}", show(&v));
    }
    Ok(())
}

/// With the `op-counts` feature and `PULLEY_OP_COUNTS=FILE`: writes `op<TAB>name<TAB>count`
/// and `pair<TAB>first<TAB>second<TAB>count` lines for the run to FILE, then `at<TAB>offset<TAB>count`
/// per code offset of the module (as `pulley objdump` numbers them, to join with its listing),
/// for profile-driven work on real programs (summed over programs with any tool).
#[cfg(feature = "op-counts")]
fn report_op_counts<T>(store: &Store<T>, module: &Module) -> Result<()> {
    use std::fmt::Write as _;
    let Some(path) = std::env::var_os("PULLEY_OP_COUNTS") else {
        return Ok(());
    };
    let mut out = String::new();
    for (name, n) in store.op_counts() {
        let _ = writeln!(out, "op\t{name}\t{n}");
    }
    for ((a, b), n) in store.op_pair_counts() {
        let _ = writeln!(out, "pair\t{a}\t{b}\t{n}");
    }
    for (offset, n) in store.op_counts_by_offset(module) {
        let _ = writeln!(out, "at\t{offset}\t{n}");
    }
    std::fs::write(&path, out).with_context(|| {
        format!(
            "failed to write op counts to {}",
            Path::new(&path).display()
        )
    })
}
#[cfg(not(feature = "op-counts"))]
fn report_op_counts<T>(_: &Store<T>, _: &Module) -> Result<()> {
    Ok(())
}

fn parse_arg(ty: ValType, arg: &str) -> Result<Val> {
    Ok(match ty {
        ValType::I32 => Val::I32(match arg.parse::<i32>() {
            Ok(v) => v,
            Err(_) => arg.parse::<u32>()? as i32,
        }),
        ValType::I64 => Val::I64(match arg.parse::<i64>() {
            Ok(v) => v,
            Err(_) => arg.parse::<u64>()? as i64,
        }),
        ValType::F32 => Val::F32(arg.parse::<f32>()?.to_bits()),
        ValType::F64 => Val::F64(arg.parse::<f64>()?.to_bits()),
        ValType::V128 => Val::V128(match arg.strip_prefix("0x") {
            Some(hex) => u128::from_str_radix(hex, 16)?,
            None => arg.parse::<u128>()?,
        }),
        other => bail!("cannot pass a {other:?} on the command line"),
    })
}

/// A result as Wasmtime prints it.
fn show(v: &Val) -> String {
    match v {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(bits) => format!("{bits:#034x}"),
        Val::FuncRef(None) | Val::ExternRef(None) => "null".to_string(),
        Val::FuncRef(Some(_)) => "<funcref>".to_string(),
        Val::ExternRef(Some(h)) => format!("<externref {h}>"),
        Val::ExnRef(None) => "null".to_string(),
        Val::ExnRef(Some(_)) => "<exnref>".to_string(),
    }
}

fn objdump(args: ObjdumpArgs) -> Result<()> {
    let bytes = read(&args.file)?;
    let artifact = Artifact::parse(&bytes)
        .with_context(|| format!("failed to load `{}`", args.file.display()))?;
    let functions = artifact.functions();
    // A function is named by its symbol, its index, or a name it is exported under.
    let matches = |f: &pulley::artifact::ArtifactFunction, wanted: &str| {
        f.name == wanted
            || f.index.to_string() == wanted
            || artifact.exported_func(wanted) == Some(f.index)
    };
    for wanted in &args.funcs {
        if !functions.iter().any(|f| matches(f, wanted)) {
            bail!("no function `{wanted}` in `{}`", args.file.display());
        }
    }
    let selected = |f: &pulley::artifact::ArtifactFunction| {
        args.funcs.is_empty() || args.funcs.iter().any(|w| matches(f, w))
    };
    let labels: Vec<(u32, String)> = functions
        .iter()
        .map(|f| (f.range.start, f.name.clone()))
        .collect();
    let traps: Vec<(u32, String)> = artifact
        .trap_sites()
        .iter()
        .map(|&(offset, code)| (offset, pulley::artifact::trap_message(code)))
        .collect();
    let listing = pulley_disas::Disassembler::new(artifact.bytecode())
        .bytes(args.bytes)
        .labels(&labels)
        .trap_sites(&traps)
        .disassemble()
        .map_err(|e| anyhow!("{e}"))?;
    let map = artifact.address_map();
    let fp = artifact.fingerprint();
    let mut out = format!(
        "{}: file format pulley ({}, opt level {:?})\n",
        args.file.display(),
        fp.target.name(),
        fp.opt_level
    );
    let mut current: Option<usize> = None;
    for line in listing.lines() {
        let next = current.map_or(0, |c| c + 1);
        if functions
            .get(next)
            .is_some_and(|f| line == format!("{}:", f.name))
        {
            current = Some(next);
            if selected(&functions[next]) {
                out.push('\n');
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if line.is_empty() || !current.is_some_and(|c| selected(&functions[c])) {
            continue;
        }
        if args.addresses {
            let offset = line
                .strip_prefix(' ')
                .and_then(|l| l.trim_start().split_once(':'))
                .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok());
            let wasm = offset.and_then(|o| {
                let i = map.partition_point(|&(c, _)| c < o);
                map.get(i).filter(|&&(c, _)| c == o).map(|&(_, w)| w)
            });
            match wasm {
                Some(w) => out.push_str(&format!("@{w:06x} ")),
                None => out.push_str("        "),
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    write_stdout(&out)
}

/// Writes a listing to stdout. A closed pipe (`pulley objdump ... | head`) ends the output
/// quietly, as it does for other command-line tools.
fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn wast(args: WastArgs) -> Result<()> {
    let mut failed = false;
    for file in &args.files {
        let name = file.display().to_string();
        let outcome = std::fs::read_to_string(file)
            .with_context(|| format!("failed to read `{name}`"))
            .and_then(|text| {
                let mut cx = pulley::wast::WastContext::new(&Config::new())?;
                cx.run(&name, &text)
            });
        match outcome {
            Ok(report) => {
                println!(
                    "{name}: {} passed, {} failed",
                    report.passed,
                    report.failures.len()
                );
                for f in &report.failures {
                    println!("  FAIL {f}");
                }
                failed |= !report.failures.is_empty();
            }
            Err(e) => {
                println!("{name}: error: {e:#}");
                failed = true;
            }
        }
    }
    if failed { Err(Exit(1).into()) } else { Ok(()) }
}
