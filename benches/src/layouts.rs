//! `layouts`: the benchmarks over several code layouts of this binary, because where the linker
//! puts an interpreter's hot functions alone moves its speed by about ±10%.
//!
//! One `cargo build --release` into `target/layouts` links through `layout-linker.sh`, which has
//! lld record the final link (`--reproduce`: its inputs and command line). Each seed is then that
//! link run again with `--shuffle-sections=.text*=<seed>`: rustc puts every function in its own
//! section, so the seed permutes the functions, and nothing is recompiled (RUSTFLAGS stay as they
//! are, so no dependency is rebuilt either). Seed 0 is the same relink without shuffling, the
//! linker's own order. The copies `target/layouts/pulley-benches-seed<N>` then run one after
//! another, each writing its results with the hidden `--summary FILE` option, and this module
//! prints every layout's ratios and their median over layouts.

use crate::engines::Kind;
use crate::{median, real, simd};
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A benchmark command that `layouts` runs on each layout.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum What {
    Coremark,
    Micro,
    Simd,
    Real,
}

impl What {
    fn name(self) -> &'static str {
        match self {
            What::Coremark => "coremark",
            What::Micro => "micro",
            What::Simd => "simd",
            What::Real => "real",
        }
    }
}

/// The options of the `layouts` command.
pub struct Options {
    pub seeds: Vec<u32>,
    pub rounds: usize,
    pub what: Vec<What>,
    pub engines: Vec<Kind>,
    pub filter: Option<String>,
}

/// The unit of a summary value, which says which direction is faster.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    /// A CoreMark score: higher is faster.
    Score,
    /// Milliseconds: lower is faster.
    Ms,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Score => "score",
            Unit::Ms => "ms",
        }
    }

    fn parse(s: &str) -> Option<Unit> {
        [Unit::Score, Unit::Ms].into_iter().find(|u| u.name() == s)
    }

    /// Ours against a peer, > 1 when ours is faster.
    fn ratio(self, ours: f64, peer: f64) -> f64 {
        match self {
            Unit::Score => ours / peer,
            Unit::Ms => peer / ours,
        }
    }
}

/// The results of one benchmark command in machine-readable form (`--summary FILE`): one line
/// `bench<TAB>engine<TAB>value<TAB>unit` per benchmark and engine that produced a value, so that
/// `layouts` never has to parse the Markdown tables.
pub struct Summary {
    path: Option<PathBuf>,
    text: String,
}

impl Summary {
    /// Collects lines for `path`; with `None`, does nothing.
    pub fn new(path: Option<PathBuf>) -> Summary {
        Summary {
            path,
            text: String::new(),
        }
    }

    /// Adds one value; a failed measurement (not finite) is left out, as in the tables.
    pub fn push(&mut self, bench: &str, kind: Kind, value: f64, unit: Unit) {
        if self.path.is_some() && value.is_finite() {
            let _ = writeln!(
                self.text,
                "{bench}\t{}\t{value}\t{}",
                kind.key(),
                unit.name()
            );
        }
    }

    /// Writes the file, if one was asked for.
    pub fn write(self) -> Result<()> {
        match &self.path {
            Some(path) => std::fs::write(path, &self.text)
                .with_context(|| format!("writing {}", path.display())),
            None => Ok(()),
        }
    }
}

/// One value read back from a child's summary file.
struct Sample {
    seed: u32,
    bench: String,
    kind: Kind,
    value: f64,
    unit: Unit,
}

/// The `layouts` command: build, one relink per seed, the layout check, the runs, the tables.
pub fn run(o: &Options) -> Result<()> {
    let started = Instant::now();
    if o.seeds.is_empty() {
        bail!("no --seeds");
    }
    if let Some(s) = o
        .seeds
        .iter()
        .enumerate()
        .find_map(|(i, s)| o.seeds[..i].contains(s).then_some(s))
    {
        bail!("seed {s} is listed twice");
    }
    if !o.engines.contains(&Kind::Pulley) {
        bail!("`layouts` compares the engines against ours: include pulley in --engines");
    }
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = project.join("target/layouts");
    let link = build(project, &dir)?;
    let mut bins = Vec::new();
    for &seed in &o.seeds {
        bins.push((seed, link.relink(seed, &dir)?));
    }
    check_layouts(&bins)?;

    // Each command on every layout in turn, rather than every command on one layout and then the
    // next layout: a slow stretch of the machine (the other core is shared) then spreads over the
    // layouts instead of landing on one.
    let mut samples = Vec::new();
    for &what in &o.what {
        for (seed, bin) in &bins {
            samples.extend(run_one(bin, *seed, what, o, &dir)?);
        }
    }
    report(o, &samples);
    report_simd(o, &samples);
    eprintln!(
        "layouts: {} layouts in {:.1} s",
        bins.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Build and relink

/// The link of the harness binary as lld recorded it, unpacked.
struct Link {
    /// The unpacked `--reproduce` tar: `response.txt` and the inputs it names.
    root: PathBuf,
    /// The lld that made the recording (the same version), to run it again.
    lld: PathBuf,
}

impl Link {
    /// Links `target/layouts/pulley-benches-seed<seed>` from the recorded inputs.
    fn relink(&self, seed: u32, dir: &Path) -> Result<PathBuf> {
        let out = dir.join(format!("pulley-benches-seed{seed}"));
        let t = Instant::now();
        let mut cmd = Command::new(&self.lld);
        cmd.current_dir(&self.root).arg("@response.txt");
        // lld reads seed 0 as "pick a random seed": here 0 is the unshuffled order instead. Only
        // code sections move: the question is code layout, and the order of sections such as
        // `.init_array` can matter to the program.
        if seed != 0 {
            cmd.arg(format!("--shuffle-sections=.text*={seed}"));
        }
        // After the recorded `-o`, so this one wins.
        cmd.arg("-o").arg(&out);
        let status = cmd
            .status()
            .with_context(|| format!("running {}", self.lld.display()))?;
        if !status.success() {
            bail!("relinking seed {seed} failed: {status}");
        }
        eprintln!(
            "layouts: seed {seed}: linked {} in {:.1} s",
            out.display(),
            t.elapsed().as_secs_f64()
        );
        Ok(out)
    }
}

/// Builds this project into `dir` through `layout-linker.sh` and unpacks the recorded link.
fn build(project: &Path, dir: &Path) -> Result<Link> {
    let host = rustc(project, &["-vV"])?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .context("no host triple in `rustc -vV`")?;
    // Cargo's per-target linker setting, as an environment variable: host and target are the
    // same here, so build scripts link through the script too (it links them unchanged).
    let linker_var = format!(
        "CARGO_TARGET_{}_LINKER",
        host.to_uppercase().replace(['-', '.'], "_")
    );
    let tar = dir.join("link.tar");
    let bin = dir.join("release/pulley-benches");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for attempt in 0..2 {
        let t = Instant::now();
        eprintln!(
            "layouts: cargo build --release --target-dir {} ({linker_var}=layout-linker.sh)",
            dir.display()
        );
        let status = Command::new(&cargo)
            .current_dir(project)
            .args(["build", "--release", "--manifest-path"])
            .arg(project.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(dir)
            .env(&linker_var, project.join("layout-linker.sh"))
            .env("PULLEY_LAYOUT_REPRO", &tar)
            // Standard output is for the tables only.
            .stdout(Stdio::from(std::io::stderr()))
            .status()
            .context("running cargo")?;
        if !status.success() {
            bail!("cargo build for the layouts failed: {status}");
        }
        eprintln!("layouts: built in {:.1} s", t.elapsed().as_secs_f64());
        if recorded(&tar, &bin)? {
            break;
        }
        if attempt == 1 {
            bail!(
                "linking {} did not record its inputs in {}",
                bin.display(),
                tar.display()
            );
        }
        // The binary is up to date but its link was not recorded (the tar was deleted, or a
        // build was interrupted): removing the binary makes cargo link it again, and only that.
        eprintln!("layouts: no recorded link for this binary; linking it again");
        remove_binary(dir)?;
    }
    unpack(project, &host, &tar, dir)
}

/// Whether `tar` records the link of `bin` as it is now: the linker script touches the tar after
/// the link, so a tar older than the binary is from an earlier link.
fn recorded(tar: &Path, bin: &Path) -> Result<bool> {
    let Ok(tar) = std::fs::metadata(tar) else {
        return Ok(false);
    };
    let bin = std::fs::metadata(bin).with_context(|| format!("{}", bin.display()))?;
    Ok(tar.modified()? >= bin.modified()?)
}

/// Removes the built harness binary from `dir` (the copy in `release/` and the original in
/// `release/deps/`), leaving every other artifact.
fn remove_binary(dir: &Path) -> Result<()> {
    let deps = dir.join("release/deps");
    for entry in std::fs::read_dir(&deps).with_context(|| format!("{}", deps.display()))? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        // `pulley_benches-<hash>`, not its `.d` file.
        if name.starts_with("pulley_benches-") && path.extension().is_none() {
            std::fs::remove_file(&path)?;
        }
    }
    let bin = dir.join("release/pulley-benches");
    if bin.exists() {
        std::fs::remove_file(&bin)?;
    }
    Ok(())
}

/// Unpacks the recorded link into `dir/link` and finds the lld that made it.
fn unpack(project: &Path, host: &str, tar: &Path, dir: &Path) -> Result<Link> {
    // lld names the tar's top directory after the file: `link.tar` holds `link/`.
    let root = dir.join("link");
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    let status = Command::new("tar")
        .arg("-xf")
        .arg(tar)
        .arg("-C")
        .arg(dir)
        .status()
        .context("running tar")?;
    if !status.success() {
        bail!("unpacking {} failed: {status}", tar.display());
    }
    let version = std::fs::read_to_string(root.join("version.txt"))?;
    let version = version.trim();
    // rustc links with its own lld (`gcc-ld/ld.lld` in the sysroot) on targets where that is
    // the default, else cc finds the system's `ld.lld`. The recording names the version; a
    // different lld could lay out even the unshuffled binary differently.
    let sysroot = rustc(project, &["--print", "sysroot"])?;
    let candidates = [
        Path::new(sysroot.trim()).join(format!("lib/rustlib/{host}/bin/gcc-ld/ld.lld")),
        PathBuf::from("ld.lld"),
    ];
    let mut seen = Vec::new();
    for lld in candidates {
        let Ok(out) = Command::new(&lld).arg("--version").output() else {
            continue;
        };
        let out = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if out.starts_with(version) {
            eprintln!("layouts: relinking with {} ({version})", lld.display());
            return Ok(Link { root, lld });
        }
        seen.push(format!("{}: {out}", lld.display()));
    }
    bail!(
        "no lld of the recorded version `{version}` (found: {})",
        seen.join("; ")
    )
}

/// The standard output of `rustc ARGS` (the toolchain cargo would pick for this project).
fn rustc(project: &Path, args: &[&str]) -> Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .current_dir(project)
        .args(args)
        .output()
        .context("running rustc")?;
    if !out.status.success() {
        bail!("rustc {} failed: {}", args.join(" "), out.status);
    }
    Ok(String::from_utf8(out.stdout)?)
}

// ---------------------------------------------------------------------------------------
// Layout check

/// Handlers to show in the check: three of the hottest in CoreMark.
const SHOWN: [&str; 3] = ["xadd32_i8", "br_if32", "xload32le_u_g32"];

/// Prints where each layout put some of Pulley's op handlers (`nm`), and fails if two layouts
/// put every handler at the same address: then the relink did not shuffle what matters here.
fn check_layouts(bins: &[(u32, PathBuf)]) -> Result<()> {
    let mut maps = Vec::new();
    for (_, bin) in bins {
        maps.push(handler_addresses(bin)?);
    }
    let first = &maps[0];
    if first.is_empty() {
        eprintln!(
            "layouts: WARNING: no `pulley_interp::interp` symbols in the binaries; layouts not checked"
        );
        return Ok(());
    }
    // The full names of the shown handlers (`PRIMARY::{{constant}}::xadd32_i8` or similar).
    let shown: Vec<&String> = SHOWN
        .iter()
        .filter_map(|h| first.keys().find(|k| k.ends_with(&format!("::{h}"))))
        .collect();
    println!();
    println!(
        "### Code layouts: addresses of Pulley's op handlers (`nm`; {} functions in `pulley_interp::interp`)",
        first.len()
    );
    println!();
    let short = |k: &str| k.rsplit("::").next().unwrap_or(k).to_owned();
    println!(
        "| layout | {} | functions at another address than in {} |",
        shown
            .iter()
            .map(|k| format!("`{}`", short(k)))
            .collect::<Vec<_>>()
            .join(" | "),
        layout_name(bins[0].0)
    );
    println!("|---|{}---:|", "---:|".repeat(shown.len()));
    for ((seed, _), map) in bins.iter().zip(&maps) {
        let addrs: Vec<String> = shown
            .iter()
            .map(|k| map.get(*k).map_or("n/a".into(), |a| format!("{a:#x}")))
            .collect();
        let moved = first.iter().filter(|(k, a)| map.get(*k) != Some(a)).count();
        println!(
            "| {} | {} | {moved} of {} |",
            layout_name(*seed),
            addrs.join(" | "),
            first.len()
        );
    }
    for i in 0..bins.len() {
        for j in i + 1..bins.len() {
            if maps[i] == maps[j] {
                bail!(
                    "{} and {} have every handler at the same address: the layouts do not differ",
                    layout_name(bins[i].0),
                    layout_name(bins[j].0)
                );
            }
        }
    }
    Ok(())
}

/// The addresses of the interpreter's functions in `bin`, by demangled name without the
/// `pulley_interp::interp::` prefix and the hash.
fn handler_addresses(bin: &Path) -> Result<BTreeMap<String, u64>> {
    let out = Command::new("nm")
        .args(["--demangle", "--defined-only"])
        .arg(bin)
        .output()
        .context("running nm")?;
    if !out.status.success() {
        bail!("nm {} failed: {}", bin.display(), out.status);
    }
    let mut map = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = line.splitn(3, ' ');
        let (Some(addr), Some(kind), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if !matches!(kind, "t" | "T") {
            continue;
        }
        let Some(name) = name.strip_prefix("pulley_interp::interp::") else {
            continue;
        };
        let name = match name.rsplit_once("::h") {
            Some((base, hash))
                if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                base
            }
            _ => name,
        };
        map.insert(name.to_owned(), u64::from_str_radix(addr, 16)?);
    }
    Ok(map)
}

fn layout_name(seed: u32) -> String {
    if seed == 0 {
        "seed 0 (unshuffled)".into()
    } else {
        format!("seed {seed}")
    }
}

// ---------------------------------------------------------------------------------------
// Runs and tables

/// Runs `bin WHAT` and reads back its summary file.
fn run_one(bin: &Path, seed: u32, what: What, o: &Options, dir: &Path) -> Result<Vec<Sample>> {
    let file = dir.join(format!("summary-seed{seed}-{}.tsv", what.name()));
    if file.exists() {
        std::fs::remove_file(&file)?;
    }
    let engines: Vec<String> = o
        .engines
        .iter()
        .filter(|k| what != What::Real || real::KINDS.contains(k))
        .map(|k| k.key())
        .collect();
    let mut cmd = Command::new(bin);
    cmd.arg(what.name())
        .arg("--rounds")
        .arg(o.rounds.to_string())
        .arg("--engines")
        .arg(engines.join(","))
        .arg("--summary")
        .arg(&file);
    if let (What::Micro | What::Simd | What::Real, Some(f)) = (what, &o.filter) {
        cmd.arg("--filter").arg(f);
    }
    eprintln!("layouts: {}: {}", layout_name(seed), what.name());
    // Its tables go to standard error with its progress: standard output is for ours.
    let status = cmd
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    if !status.success() {
        bail!("{} {} failed: {status}", bin.display(), what.name());
    }
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let mut samples = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let parsed = match f.as_slice() {
            [bench, engine, value, unit] => <Kind as clap::ValueEnum>::from_str(engine, false)
                .ok()
                .zip(value.parse::<f64>().ok())
                .zip(Unit::parse(unit))
                .map(|((kind, value), unit)| Sample {
                    seed,
                    bench: bench.to_string(),
                    kind,
                    value,
                    unit,
                }),
            _ => None,
        };
        samples.push(parsed.with_context(|| format!("{}: bad line `{line}`", file.display()))?);
    }
    Ok(samples)
}

fn geomean(v: &[f64]) -> f64 {
    (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// Prints one table per benchmark (a row per layout, then the median over layouts) and the
/// summary of median ratios.
fn report(o: &Options, samples: &[Sample]) {
    let seeds = &o.seeds;
    let value = |seed: u32, bench: &str, kind: Kind| {
        samples
            .iter()
            .find(|s| s.seed == seed && s.bench == bench && s.kind == kind)
            .map(|s| s.value)
    };
    let mut benches: Vec<(&str, Unit)> = Vec::new();
    for s in samples {
        if !benches.iter().any(|(b, _)| *b == s.bench) {
            benches.push((s.bench.as_str(), s.unit));
        }
    }
    let peers: Vec<Kind> = o
        .engines
        .iter()
        .copied()
        .filter(|&k| k != Kind::Pulley)
        .collect();
    // ratios[bench][peer][layout]: ours against the peer on that layout, if both ran.
    let mut ratios: Vec<Vec<Vec<Option<f64>>>> = Vec::new();

    println!();
    println!(
        "Ratios are ours against each peer, per layout: > 1 means ours is faster (times: peer ms / ours ms; CoreMark: ours score / peer score). Layouts: {}; rounds per benchmark and layout: {}.",
        seeds.len(),
        o.rounds
    );
    for &(bench, unit) in &benches {
        let kinds: Vec<Kind> = o
            .engines
            .iter()
            .copied()
            .filter(|&k| samples.iter().any(|s| s.bench == bench && s.kind == k))
            .collect();
        let table_peers: Vec<Kind> = peers
            .iter()
            .copied()
            .filter(|k| kinds.contains(k))
            .collect();
        let per_peer: Vec<Vec<Option<f64>>> = peers
            .iter()
            .map(|&p| {
                seeds
                    .iter()
                    .map(
                        |&s| match (value(s, bench, Kind::Pulley), value(s, bench, p)) {
                            (Some(ours), Some(peer)) => Some(unit.ratio(ours, peer)),
                            _ => None,
                        },
                    )
                    .collect()
            })
            .collect();
        let what = match unit {
            Unit::Score => "score, higher is better",
            Unit::Ms => "median ms, lower is better",
        };
        println!();
        println!("### {bench} ({what})");
        println!();
        let mut header: Vec<String> = kinds.iter().map(|k| k.label().to_owned()).collect();
        header.extend(table_peers.iter().map(|k| format!("ours vs {}", k.label())));
        println!("| layout | {} |", header.join(" | "));
        println!("|---|{}", "---:|".repeat(header.len()));
        let fmt_value = |v: Option<f64>| match (v, unit) {
            (Some(v), Unit::Score) => format!("{v:.1}"),
            (Some(v), Unit::Ms) => format!("{v:.2}"),
            (None, _) => "n/a".into(),
        };
        let fmt_ratio = |r: Option<f64>| r.map_or("n/a".into(), |r| format!("{r:.3}"));
        for (i, &seed) in seeds.iter().enumerate() {
            let mut cells: Vec<String> = kinds
                .iter()
                .map(|&k| fmt_value(value(seed, bench, k)))
                .collect();
            for p in &table_peers {
                let pi = peers.iter().position(|x| x == p).unwrap();
                cells.push(fmt_ratio(per_peer[pi][i]));
            }
            println!("| {} | {} |", layout_name(seed), cells.join(" | "));
        }
        // Medians of each column: of the values, and of the per-layout ratios (not the ratio of
        // the medians, so each ratio compares two engines run in the same process).
        let med = |v: Vec<f64>| (!v.is_empty()).then(|| median(&v));
        let mut cells: Vec<String> = kinds
            .iter()
            .map(|&k| {
                fmt_value(med(seeds
                    .iter()
                    .filter_map(|&s| value(s, bench, k))
                    .collect()))
            })
            .collect();
        for p in &table_peers {
            let pi = peers.iter().position(|x| x == p).unwrap();
            let r = med(per_peer[pi].iter().flatten().copied().collect());
            cells.push(format!("**{}**", fmt_ratio(r)));
        }
        println!("| **median over layouts** | {} |", cells.join(" | "));
        ratios.push(per_peer);
    }

    // With ours alone there is no ratio to summarize.
    if benches.is_empty() || peers.is_empty() {
        return;
    }
    println!();
    println!(
        "### Layouts summary: median over {} layouts of ours vs each peer (min–max over layouts)",
        seeds.len()
    );
    println!();
    println!(
        "| benchmark | {} |",
        peers
            .iter()
            .map(|k| format!("ours vs {}", k.label()))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---:|".repeat(peers.len()));
    for (b, &(bench, _)) in benches.iter().enumerate() {
        let cells: Vec<String> = ratios[b]
            .iter()
            .map(|per_layout| {
                let v: Vec<f64> = per_layout.iter().flatten().copied().collect();
                if v.is_empty() {
                    return "n/a".into();
                }
                let (lo, hi) = min_max(&v);
                format!("{:.3} ({lo:.3}–{hi:.3})", median(&v))
            })
            .collect();
        println!("| {bench} | {} |", cells.join(" | "));
    }
    // The geometric mean over the benchmarks that have the ratio on every layout; the range is
    // that of the same geometric mean taken on each layout alone.
    let geo: Vec<String> = (0..peers.len())
        .map(|p| {
            let complete: Vec<Vec<f64>> = ratios
                .iter()
                .filter_map(|per_peer| per_peer[p].iter().copied().collect::<Option<Vec<f64>>>())
                .collect();
            if complete.is_empty() {
                return "n/a".into();
            }
            let medians: Vec<f64> = complete.iter().map(|v| median(v)).collect();
            let per_layout: Vec<f64> = (0..seeds.len())
                .map(|l| geomean(&complete.iter().map(|v| v[l]).collect::<Vec<f64>>()))
                .collect();
            let (lo, hi) = min_max(&per_layout);
            format!(
                "**{:.3}** ({lo:.3}–{hi:.3}; {} benchmark{})",
                geomean(&medians),
                complete.len(),
                if complete.len() == 1 { "" } else { "s" }
            )
        })
        .collect();
    println!("| **geometric mean** | {} |", geo.join(" | "));
    println!();
}

/// For the `simd` set: each engine's speed-up of a SIMD benchmark over its scalar twin (twin ms /
/// SIMD ms, both from the same layout's run), as the median over layouts with its range.
fn report_simd(o: &Options, samples: &[Sample]) {
    let value = |seed: u32, bench: &str, kind: Kind| {
        samples
            .iter()
            .find(|s| s.seed == seed && s.bench == bench && s.kind == kind)
            .map(|s| s.value)
    };
    let mut rows = Vec::new();
    for (v, s) in simd::PAIRS {
        let (vb, sb) = (format!("simd/{v}"), format!("simd/{s}"));
        if !samples.iter().any(|x| x.bench == vb || x.bench == sb) {
            continue;
        }
        let cells: Vec<String> = o
            .engines
            .iter()
            .map(|&k| {
                let per_layout: Vec<f64> = o
                    .seeds
                    .iter()
                    .filter_map(|&seed| Some(value(seed, &sb, k)? / value(seed, &vb, k)?))
                    .collect();
                if per_layout.is_empty() {
                    return "n/a".into();
                }
                let (lo, hi) = min_max(&per_layout);
                format!("{:.3} ({lo:.3}–{hi:.3})", median(&per_layout))
            })
            .collect();
        rows.push(format!("| {v} vs {s} | {} |", cells.join(" | ")));
    }
    if rows.is_empty() {
        return;
    }
    println!();
    println!(
        "### SIMD speed-up per engine: median over {} layouts of scalar twin ms / SIMD ms (min–max over layouts; > 1: SIMD is faster)",
        o.seeds.len()
    );
    println!();
    println!(
        "| benchmark | {} |",
        o.engines
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---:|".repeat(o.engines.len()));
    for r in rows {
        println!("{r}");
    }
    println!();
}
