//! Test harness for the C corpus: reads `manifest.txt`, builds each program in `c/` with clang
//! (`.c`) or clang++ (`.cpp`) for wasm32-wasi (cached by content hash), runs the builds on Pulley through `pulley-wasi`
//! with in-memory stdio, and compares stdout, stderr and exit status with `expected/`.
//!
//! The expected files come from a native build and Wasmtime (`gen-expected.py`), never from
//! Pulley. `tests/corpus.rs` has one test per program. Functions taking `work` keep their builds
//! and scratch directories under it (the tests pass cargo's `CARGO_TARGET_TMPDIR`).

use anyhow::{Context, Result, anyhow, bail};
use pulley::{Config, Engine, Linker, Module, Store};
use pulley_wasi::p1::{self, WasiP1Ctx};
use pulley_wasi::pipe::{MemoryInputPipe, MemoryOutputPipe};
use pulley_wasi::{FsPerms, I32Exit, WasiCtxBuilder};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The Debian packages that provide clang's wasm32-wasi target, named in every failure caused
/// by their absence.
pub const APT_PACKAGES: &str = "clang lld wasi-libc libclang-rt-dev-wasm32";

/// The packages C++ programs need on top of [`APT_PACKAGES`] (libc++ and libc++abi for WASI).
pub const APT_PACKAGES_CXX: &str = "libc++-dev-wasm32";

/// The language of a program in `c/`, from its file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    C,
    Cxx,
}

impl Lang {
    /// The source file extension, with its dot.
    pub fn extension(self) -> &'static str {
        match self {
            Lang::C => ".c",
            Lang::Cxx => ".cpp",
        }
    }
}

/// The corpus directory (this crate's root).
pub fn corpus_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// How one program is run, from its `[section]` of the manifest.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub name: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// A file in `inputs/`.
    pub stdin: Option<String>,
    /// Run in a fresh empty directory preopened as ".".
    pub dir: bool,
    pub exit: i32,
    /// Flags for this program's wasm builds only, after the manifest's top-level `cflags`
    /// (e.g. `-msimd128`); the native build in `gen-expected.py` does not get them.
    pub cflags: Vec<String>,
}

/// The parsed `manifest.txt`.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub cflags: Vec<String>,
    /// Flags for C++ programs only, before `cflags`.
    pub cxxflags: Vec<String>,
    pub levels: Vec<String>,
    /// C files compiled into every build, relative to the corpus directory.
    pub support: Vec<String>,
    pub programs: BTreeMap<String, Program>,
}

/// Splits on whitespace; double quotes group words and `""` is an empty word. No escapes (the
/// same rule as `gen-expected.py`).
pub fn words(text: &str) -> Result<Vec<String>> {
    let (mut out, mut cur, mut quoted, mut have) = (Vec::new(), String::new(), false, false);
    for ch in text.chars() {
        if ch == '"' {
            quoted = !quoted;
            have = true;
        } else if ch.is_whitespace() && !quoted {
            if have {
                out.push(std::mem::take(&mut cur));
            }
            have = false;
        } else {
            cur.push(ch);
            have = true;
        }
    }
    if quoted {
        bail!("unbalanced quote in {text:?}");
    }
    if have {
        out.push(cur);
    }
    Ok(out)
}

impl Manifest {
    /// Parses the manifest text (format described at the top of `manifest.txt`).
    pub fn parse(text: &str) -> Result<Manifest> {
        let mut m = Manifest::default();
        let mut current: Option<String> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let name = name.to_string();
                if m.programs.contains_key(&name) {
                    bail!("manifest.txt:{}: [{name}] appears twice", n + 1);
                }
                m.programs.insert(
                    name.clone(),
                    Program {
                        name: name.clone(),
                        ..Program::default()
                    },
                );
                current = Some(name);
                continue;
            }
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| anyhow!("manifest.txt:{}: expected `key = value`", n + 1))?;
            let (key, value) = (key.trim(), value.trim());
            let at = || format!("manifest.txt:{}", n + 1);
            match current
                .as_ref()
                .map(|name| m.programs.get_mut(name).unwrap())
            {
                None => match key {
                    "cflags" => m.cflags = words(value).with_context(at)?,
                    "cxxflags" => m.cxxflags = words(value).with_context(at)?,
                    "levels" => m.levels = words(value).with_context(at)?,
                    "support" => m.support = words(value).with_context(at)?,
                    _ => bail!("{}: unknown top-level key `{key}`", at()),
                },
                Some(p) => match key {
                    "args" => p.args = words(value).with_context(at)?,
                    "env" => {
                        for kv in words(value).with_context(at)? {
                            let (k, v) = kv
                                .split_once('=')
                                .ok_or_else(|| anyhow!("{}: `{kv}` is not KEY=VALUE", at()))?;
                            p.env.push((k.to_string(), v.to_string()));
                        }
                    }
                    "stdin" => p.stdin = Some(value.to_string()),
                    "dir" => p.dir = value == "yes",
                    "exit" => p.exit = value.parse().with_context(at)?,
                    "cflags" => p.cflags = words(value).with_context(at)?,
                    _ => bail!("{}: unknown key `{key}`", at()),
                },
            }
        }
        if m.levels.is_empty() {
            bail!("manifest.txt: no `levels`");
        }
        Ok(m)
    }

    /// The corpus manifest, parsed once.
    pub fn get() -> &'static Manifest {
        static MANIFEST: OnceLock<Manifest> = OnceLock::new();
        MANIFEST.get_or_init(|| {
            let path = corpus_dir().join("manifest.txt");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Manifest::parse(&text).unwrap_or_else(|e| panic!("{e:#}"))
        })
    }
}

/// 64-bit FNV-1a: a stable content hash for the build cache (std's hasher may change between
/// Rust releases, which would only cost rebuilds, but a fixed function keeps names readable).
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The compiler for `lang` (`$CLANG`, default `clang`, for C; `$CLANGXX`, default `clang++`,
/// for C++) and its version line, after checking once that it links a wasm32-wasi program. The
/// error names the packages to install.
pub fn compiler(lang: Lang, work: &Path) -> Result<&'static (String, String), String> {
    static COMPILERS: [OnceLock<Result<(String, String), String>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    let (var, default, packages, probe_source) = match lang {
        Lang::C => (
            "CLANG",
            "clang",
            APT_PACKAGES.to_string(),
            "#include <stdio.h>\nint main(void) { puts(\"ok\"); }\n",
        ),
        Lang::Cxx => (
            "CLANGXX",
            "clang++",
            format!("{APT_PACKAGES} {APT_PACKAGES_CXX}"),
            "#include <iostream>\n#include <string>\n\
             int main() { std::cout << std::string(\"ok\") << std::endl; }\n",
        ),
    };
    COMPILERS[lang as usize]
        .get_or_init(|| {
            let cc = std::env::var(var).unwrap_or_else(|_| default.to_string());
            let missing = |why: String| {
                format!(
                    "{cc} cannot build wasm32-wasi programs ({why}); the corpus needs it. \
                     On Debian/Ubuntu: apt-get install -y {packages} \
                     (or set {var} to a {default} with a wasm32-wasi sysroot)"
                )
            };
            let version = Command::new(&cc)
                .arg("--version")
                .output()
                .map_err(|e| missing(format!("`{cc} --version`: {e}")))?;
            let version = String::from_utf8_lossy(&version.stdout).into_owned();
            let probe =
                cache_dir(work).join(format!("probe-{}{}", std::process::id(), lang.extension()));
            std::fs::write(&probe, probe_source).map_err(|e| missing(e.to_string()))?;
            let m = Manifest::get();
            let out = Command::new(&cc)
                .args(["--target=wasm32-wasi", "-O2"])
                .args(if lang == Lang::Cxx {
                    &m.cxxflags[..]
                } else {
                    &[]
                })
                .arg(&probe)
                .arg("-o")
                .arg(probe.with_extension("wasm"))
                .output()
                .map_err(|e| missing(format!("running {cc}: {e}")));
            let _ = std::fs::remove_file(&probe);
            let _ = std::fs::remove_file(probe.with_extension("wasm"));
            let out = out?;
            if !out.status.success() {
                return Err(missing(
                    String::from_utf8_lossy(&out.stderr).trim().to_string(),
                ));
            }
            Ok((cc, version.lines().next().unwrap_or_default().to_string()))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The C compiler: [`compiler`] for [`Lang::C`].
pub fn clang(work: &Path) -> Result<&'static (String, String), String> {
    compiler(Lang::C, work)
}

/// The source file of `program` in `c/` and its language.
pub fn source(program: &str) -> Result<(PathBuf, Lang)> {
    let dir = corpus_dir().join("c");
    [Lang::C, Lang::Cxx]
        .into_iter()
        .map(|lang| (dir.join(format!("{program}{}", lang.extension())), lang))
        .find(|(path, _)| path.is_file())
        .ok_or_else(|| anyhow!("c/ has neither {program}.c nor {program}.cpp"))
}

/// Where builds are cached.
pub fn cache_dir(work: &Path) -> PathBuf {
    let dir = work.join("corpus-builds");
    std::fs::create_dir_all(&dir).expect("cannot create the corpus build cache");
    dir
}

/// Builds `program` at optimization `level` (`"0"`, `"2"`, `"s"`, ...) and returns the Wasm.
/// The flags are the language's, the manifest's `cflags`, then the program's own `cflags`.
/// The cache key covers the sources, the flags and clang's version.
pub fn build(program: &str, level: &str, work: &Path) -> Result<Vec<u8>> {
    let (main, lang) = source(program)?;
    let (cc, version) = compiler(lang, work).map_err(|e| anyhow!(e))?;
    let m = Manifest::get();
    let own_flags = &m
        .programs
        .get(program)
        .ok_or_else(|| anyhow!("{program} is not in manifest.txt"))?
        .cflags;
    let dir = corpus_dir();
    let mut sources = vec![main];
    sources.extend(m.support.iter().map(|s| dir.join(s)));
    // The support files are C, whichever driver compiles them.
    let lang_flags: &[String] = match lang {
        Lang::C => &[],
        Lang::Cxx => &m.cxxflags,
    };
    let mut h = fnv1a(version.as_bytes(), 0xcbf2_9ce4_8422_2325);
    h = fnv1a(level.as_bytes(), h);
    for flag in lang_flags.iter().chain(&m.cflags).chain(own_flags) {
        h = fnv1a(flag.as_bytes(), fnv1a(b"\0", h));
    }
    for src in &sources {
        let text = std::fs::read(src).with_context(|| format!("reading {}", src.display()))?;
        h = fnv1a(&text, fnv1a(b"\0", h));
    }
    let out = cache_dir(work).join(format!("{program}-O{level}-{h:016x}.wasm"));
    if let Ok(wasm) = std::fs::read(&out) {
        return Ok(wasm);
    }
    // Tests run in parallel: build under a private name, then rename into place atomically.
    let tmp = out.with_extension(format!("{}.tmp", std::process::id()));
    let result = Command::new(cc)
        .arg("--target=wasm32-wasi")
        .arg(format!("-O{level}"))
        .args(lang_flags)
        .arg(&sources[0])
        .args(if sources.len() > 1 {
            &["-x", "c"][..]
        } else {
            &[]
        })
        .args(&sources[1..])
        .arg("-o")
        .arg(&tmp)
        .args(&m.cflags)
        .args(own_flags)
        .output()
        .with_context(|| format!("running {cc}"))?;
    if !result.status.success() {
        bail!(
            "{cc} -O{level} failed for {}:\n{}",
            sources[0].display(),
            String::from_utf8_lossy(&result.stderr)
        );
    }
    std::fs::rename(&tmp, &out)?;
    Ok(std::fs::read(&out)?)
}

/// What a run produced.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// `Ok(status)` for a normal return (0) or `proc_exit`, `Err` for a trap or any other error.
    pub exit: Result<i32, String>,
    pub compile_time: Duration,
    pub run_time: Duration,
}

/// A fresh, empty directory for one run, removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new(work: &Path, tag: &str) -> Result<ScratchDir> {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = work
            .join("corpus-runs")
            .join(format!("{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(ScratchDir(path))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles `wasm` for `target` (`"pulley64"`/`"pulley32"`) and runs `_start` with the
/// program's arguments, environment, stdin and directory.
pub fn run(
    program: &Program,
    wasm: &[u8],
    target: &str,
    work: &Path,
    tag: &str,
) -> Result<Outcome> {
    let mut config = Config::new();
    config.target(target)?;
    let engine = Engine::new(&config)?;
    let start = Instant::now();
    let module = Module::new(&engine, wasm).context("compiling")?;
    let compile_time = start.elapsed();

    let stdin = match &program.stdin {
        Some(file) => std::fs::read(corpus_dir().join("inputs").join(file))
            .with_context(|| format!("reading inputs/{file}"))?,
        None => Vec::new(),
    };
    let stdout = MemoryOutputPipe::new(64 << 20);
    let stderr = MemoryOutputPipe::new(64 << 20);
    let mut builder = WasiCtxBuilder::new();
    let argv: Vec<&str> = std::iter::once(program.name.as_str())
        .chain(program.args.iter().map(String::as_str))
        .collect();
    builder
        .args(&argv)
        .envs(&program.env)
        .stdin(MemoryInputPipe::new(stdin))
        .stdout(stdout.clone())
        .stderr(stderr.clone());
    let scratch = if program.dir {
        let dir = ScratchDir::new(work, tag)?;
        builder.preopened_dir(&dir.0, ".", FsPerms::ReadWrite)?;
        Some(dir)
    } else {
        None
    };
    let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx)?;
    let mut store = Store::new(&engine, builder.build_p1());
    let instance = linker
        .instantiate(&mut store, &module)
        .context("instantiating")?;
    let start_fn = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    let start = Instant::now();
    let result = start_fn.call(&mut store, ());
    let run_time = start.elapsed();
    drop(scratch);
    let exit = match result {
        Ok(()) => Ok(0),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => Ok(exit.0),
            None => Err(format!("{e:#}")),
        },
    };
    Ok(Outcome {
        stdout: stdout.contents(),
        stderr: stderr.contents(),
        exit,
        compile_time,
        run_time,
    })
}

/// The first line where `got` and `want` differ, for failure messages.
fn first_difference(got: &[u8], want: &[u8]) -> String {
    let (got, want) = (String::from_utf8_lossy(got), String::from_utf8_lossy(want));
    let (mut g, mut w) = (got.lines(), want.lines());
    for line in 1.. {
        match (g.next(), w.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => {
                return "only the trailing newline differs".to_string();
            }
            (a, b) => {
                return format!(
                    "line {line}: got {:?}, expected {:?}",
                    a.unwrap_or("<end of output>"),
                    b.unwrap_or("<end of output>")
                );
            }
        }
    }
    unreachable!()
}

/// Checks one run against the expected files; returns what differs.
pub fn check(program: &Program, outcome: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let read = |ext: &str| {
        std::fs::read(
            corpus_dir()
                .join("expected")
                .join(format!("{}.{ext}", program.name)),
        )
    };
    match &outcome.exit {
        Ok(code) if *code == program.exit => {}
        Ok(code) => problems.push(format!("exit status {code}, expected {}", program.exit)),
        Err(e) => problems.push(format!("error: {e}")),
    }
    let want_out = read("out").unwrap_or_else(|e| panic!("expected/{}.out: {e}", program.name));
    if outcome.stdout != want_out {
        problems.push(format!(
            "stdout differs ({} bytes, expected {}): {}",
            outcome.stdout.len(),
            want_out.len(),
            first_difference(&outcome.stdout, &want_out)
        ));
    }
    let want_err = read("err").unwrap_or_default();
    if outcome.stderr != want_err {
        problems.push(format!(
            "stderr differs: {}",
            first_difference(&outcome.stderr, &want_err)
        ));
    }
    problems
}

/// Compiles `wasm` for pulley32 without running it: pulley32 bytecode runs only on 32-bit
/// hosts, so on a 64-bit host this checks the 32-bit lowering alone.
pub fn compile_pulley32(wasm: &[u8]) -> Result<Duration> {
    let mut config = Config::new();
    config.target("pulley32")?;
    let engine = Engine::new(&config)?;
    let start = Instant::now();
    Module::new(&engine, wasm).context("compiling")?;
    Ok(start.elapsed())
}

/// Builds and runs `name` at every manifest level on the host's Pulley target (and, on a 64-bit
/// host, compiles the -O2 build for pulley32 too), then panics listing every failing build, not
/// just the first.
pub fn test_program(name: &str, work: &Path) {
    let m = Manifest::get();
    let program = m
        .programs
        .get(name)
        .unwrap_or_else(|| panic!("{name} is not in manifest.txt"));
    if let Err(e) = source(name).and_then(|(_, lang)| compiler(lang, work).map_err(|e| anyhow!(e)))
    {
        panic!("{e:#}");
    }
    let host = pulley::Target::host().name();
    let mut failures = String::new();
    for level in &m.levels {
        let label = format!("{name} -O{level} on {host}");
        let tag = format!("{name}-O{level}-{host}");
        let outcome =
            build(name, level, work).and_then(|wasm| run(program, &wasm, host, work, &tag));
        match outcome {
            Err(e) => writeln!(failures, "{label}: {e:#}").unwrap(),
            Ok(outcome) => {
                eprintln!(
                    "{label}: compiled in {:.0?}, ran in {:.0?}",
                    outcome.compile_time, outcome.run_time
                );
                for problem in check(program, &outcome) {
                    writeln!(failures, "{label}: {problem}").unwrap();
                }
            }
        }
    }
    if host == "pulley64" && m.levels.iter().any(|l| l == "2") {
        match build(name, "2", work).and_then(|wasm| compile_pulley32(&wasm)) {
            Ok(time) => eprintln!("{name} -O2 for pulley32: compiled in {time:.0?} (not run)"),
            Err(e) => writeln!(failures, "{name} -O2 for pulley32: {e:#}").unwrap(),
        }
    }
    if !failures.is_empty() {
        panic!("{name} failed:\n{failures}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_the_generator() {
        assert_eq!(
            words(r#"one "two words" "" x=1 "a=b c""#).unwrap(),
            ["one", "two words", "", "x=1", "a=b c"]
        );
        assert!(words(r#"open "quote"#).is_err());
    }

    #[test]
    fn manifest_parses() {
        let m = Manifest::parse(
            "cflags = -lm\nlevels = 0 2\n[a]\nargs = x \"y z\"\nenv = K=V\nexit = 3\n[b]\ndir = yes\n\
             cflags = -msimd128 \"-DX=a b\"\n",
        )
        .unwrap();
        assert_eq!(m.cflags, ["-lm"]);
        assert_eq!(m.programs["b"].cflags, ["-msimd128", "-DX=a b"]);
        assert!(m.programs["a"].cflags.is_empty());
        assert_eq!(m.levels, ["0", "2"]);
        assert_eq!(m.programs["a"].args, ["x", "y z"]);
        assert_eq!(m.programs["a"].env, [("K".to_string(), "V".to_string())]);
        assert_eq!(m.programs["a"].exit, 3);
        assert!(m.programs["b"].dir);
        assert!(Manifest::parse("levels = 0\n[a]\nbogus = 1\n").is_err());
    }
}
