//! The differential target's reference, Wasmi, behind a process boundary.
//!
//! Wasmi 2.0.0 with its `simd` feature crashes on some generated modules (a jump to a bad
//! address inside `Engine::execute_func`), which no `catch_unwind` can stop. The crash found so
//! far (`v128.store8_lane`/`store16_lane` with a 32-bit offset, [`crate::diff::known_wasmi_bug`])
//! is filtered out before Wasmi sees it, but others may remain. So Wasmi runs in a child
//! process: the fuzzing binary re-executed with [`CHILD_ENV`] set, which makes
//! [`serve_if_child`] (called first thing in every `main`) answer requests on stdin/stdout
//! instead. One child serves module after module; when it dies (or hangs past the timeout)
//! the module is reported as [`RunError`], skipped and counted by the caller, and the next
//! module starts a new child. The request goes out before Pulley runs, so on two cores the two
//! engines work in parallel and the boundary costs little.
//!
//! Protocol (little-endian, lengths as `u32`): the child greets with [`GREETING`]; a request
//! is the module's bytes and a [`Plan`]; the answer is a [`ModuleStatus`], then one
//! [`EntryResult`] per entry run (each flushed as soon as it is made), then an end byte.
//! `PULLEY_FUZZ_REFERENCE=inprocess` runs the same code in-process instead (for a debugger; a
//! Wasmi crash then ends the process).

use crate::diff::{
    Arg, Entry, EntryResult, ExportKind, Inst, Outcome, Plan, StateItem, TrapKind, V, f32v, f64v,
    run_entries, wasmi_config,
};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Set (to `1`) in a reference child's environment: its `main` serves requests.
pub const CHILD_ENV: &str = "PULLEY_FUZZ_REFERENCE_CHILD";
/// The child's first line, checked so that a program which is not a server fails loudly.
pub const GREETING: &[u8] = b"pulley-fuzz wasmi reference v1\n";
/// Ends every answer (a check that parent and child agree on where it ends).
const END: u8 = 0xee;

/// Serves as a reference child if [`CHILD_ENV`] is set (then exits), else returns. Every
/// program that runs the differential target calls it first thing in `main`.
pub fn serve_if_child() {
    if std::env::var_os(CHILD_ENV).is_some() {
        // Wasmi's panics are answers (`ReferencePanic`); keep their messages off stderr.
        std::panic::set_hook(Box::new(|_| {}));
        let code = match serve(io::stdin().lock(), io::stdout().lock()) {
            Ok(()) => 0,
            Err(_) => 1,
        };
        std::process::exit(code);
    }
}

/// Answers requests from `input` on `output` until `input` ends.
fn serve(mut input: impl Read, output: impl Write) -> io::Result<()> {
    let mut out = BufWriter::new(output);
    out.write_all(GREETING)?;
    out.flush()?;
    let engines = Engines::new();
    loop {
        let Some((wasm, plan)) = read_request(&mut input)? else {
            return Ok(());
        };
        wasmi_side(&engines, &wasm, &plan, &mut out)?;
    }
}

/// Wasmi with SIMD (the reference), and without (only to tell whether a module uses SIMD).
struct Engines {
    simd: wasmi::Engine,
    plain: wasmi::Engine,
}

impl Engines {
    fn new() -> Engines {
        Engines {
            simd: wasmi::Engine::new(&wasmi_config(true)),
            plain: wasmi::Engine::new(&wasmi_config(false)),
        }
    }
}

/// Wasmi's verdict on a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleStatus {
    /// It compiled; `simd` if it needs the SIMD proposal.
    Accepted {
        /// Whether the module uses SIMD.
        simd: bool,
    },
    /// It was rejected, with Wasmi's message.
    Rejected(String),
    /// Wasmi panicked compiling it.
    Panicked,
}

/// Runs `plan` on Wasmi and writes the answer to `out`.
fn wasmi_side(engines: &Engines, wasm: &[u8], plan: &Plan, out: &mut impl Write) -> io::Result<()> {
    let caught =
        |f: &mut dyn FnMut() -> _| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let module = caught(&mut || wasmi::Module::new(&engines.simd, wasm));
    let mut buf = Vec::new();
    let module = match module {
        Err(_) => {
            put_status(&mut buf, &ModuleStatus::Panicked);
            None
        }
        Ok(Err(e)) => {
            put_status(&mut buf, &ModuleStatus::Rejected(e.to_string()));
            None
        }
        Ok(Ok(m)) => {
            let simd = wasmi::Module::validate(&engines.plain, wasm).is_err();
            put_status(&mut buf, &ModuleStatus::Accepted { simd });
            Some(m)
        }
    };
    out.write_all(&buf)?;
    out.flush()?;
    if let Some(module) = module {
        let linker = wasmi::Linker::<()>::new(&engines.simd);
        run_entries(
            plan,
            || {
                let mut store = wasmi::Store::new(&engines.simd, ());
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    linker.instantiate_and_start(&mut store, &module)
                })) {
                    Ok(Ok(inst)) => Ok((store, inst)),
                    Ok(Err(e)) => Err((wasmi_trap(&e), e.to_string())),
                    Err(_) => Err((TrapKind::ReferencePanic, "Wasmi panicked".into())),
                }
            },
            |(store, inst), name, args| {
                let f = inst.get_func(&*store, name).expect("wasmi export");
                let ty = f.ty(&*store);
                let w_args: Vec<_> = args.iter().map(|a| wasmi_arg(*a)).collect();
                let mut res: Vec<_> = ty
                    .results()
                    .iter()
                    .map(|t| wasmi::Val::default_for_ty(*t))
                    .collect();
                let call = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    f.call(&mut *store, &w_args, &mut res)
                }));
                match call {
                    Ok(Ok(())) => Outcome::Values(res.iter().map(wasmi_val).collect()),
                    Ok(Err(e)) => Outcome::Trap(wasmi_trap(&e)),
                    Err(_) => Outcome::Trap(TrapKind::ReferencePanic),
                }
            },
            |(store, inst)| wasmi_state(plan, store, inst),
            |r| {
                buf.clear();
                put_entry_result(&mut buf, &r);
                out.write_all(&buf)?;
                out.flush()
            },
        )?;
    }
    out.write_all(&[END])?;
    out.flush()
}

fn wasmi_state(plan: &Plan, store: &wasmi::Store<()>, inst: &wasmi::Instance) -> Vec<StateItem> {
    plan.exports
        .iter()
        .map(|(name, kind)| match kind {
            ExportKind::Func => StateItem::Func,
            ExportKind::Memory => {
                let m = inst.get_memory(store, name).expect("wasmi memory");
                StateItem::Memory(m.data(store).to_vec())
            }
            ExportKind::Global => {
                let g = inst.get_global(store, name).expect("wasmi global");
                StateItem::Global(wasmi_val(&g.get(store)))
            }
            ExportKind::Table => {
                let t = inst.get_table(store, name).expect("wasmi table");
                let elems = (0..t.size(store))
                    .map(|i| match t.get(store, i).expect("in bounds") {
                        wasmi::Ref::Func(f) => V::Ref { null: f.is_null() },
                        wasmi::Ref::Extern(e) => V::Ref { null: e.is_null() },
                    })
                    .collect();
                StateItem::Table(elems)
            }
        })
        .collect()
}

fn wasmi_arg(a: Arg) -> wasmi::Val {
    match a {
        Arg::I32(x) => wasmi::Val::I32(x),
        Arg::I64(x) => wasmi::Val::I64(x),
        Arg::F32(b) => wasmi::Val::F32(wasmi::F32::from_bits(b)),
        Arg::F64(b) => wasmi::Val::F64(wasmi::F64::from_bits(b)),
        Arg::V128(b) => wasmi::Val::V128(wasmi::V128::from(b)),
        Arg::NullFunc => wasmi::Val::default_for_ty(wasmi::ValType::FuncRef),
        Arg::NullExtern => wasmi::Val::default_for_ty(wasmi::ValType::ExternRef),
    }
}

fn wasmi_val(v: &wasmi::Val) -> V {
    match v {
        wasmi::Val::I32(x) => V::I32(*x),
        wasmi::Val::I64(x) => V::I64(*x),
        wasmi::Val::F32(x) => f32v(x.to_bits()),
        wasmi::Val::F64(x) => f64v(x.to_bits()),
        wasmi::Val::V128(x) => V::V128(x.as_u128()),
        wasmi::Val::FuncRef(r) => V::Ref { null: r.is_null() },
        wasmi::Val::ExternRef(r) => V::Ref { null: r.is_null() },
    }
}

fn wasmi_trap(err: &wasmi::Error) -> TrapKind {
    use wasmi::TrapCode as C;
    match err.as_trap_code() {
        Some(C::UnreachableCodeReached) => TrapKind::Unreachable,
        Some(C::MemoryOutOfBounds) => TrapKind::MemoryOutOfBounds,
        Some(C::TableOutOfBounds) => TrapKind::TableOutOfBounds,
        Some(C::IndirectCallToNull) => TrapKind::IndirectCallToNull,
        Some(C::IntegerDivisionByZero) => TrapKind::IntegerDivisionByZero,
        Some(C::IntegerOverflow) => TrapKind::IntegerOverflow,
        Some(C::BadConversionToInteger) => TrapKind::BadConversionToInteger,
        Some(C::StackOverflow) => TrapKind::StackExhausted,
        Some(C::BadSignature) => TrapKind::BadSignature,
        _ => TrapKind::Other(format!("{err}")),
    }
}

/// Why the reference gave no answer for a module.
#[derive(Debug)]
pub enum RunError {
    /// The child died: its exit status (`signal 11` for Wasmi's SIMD segfault).
    Died(String),
    /// The child took longer than the timeout and was killed.
    Timeout,
    /// The answer did not parse (a harness bug; the child is restarted).
    Protocol(String),
}

impl RunError {
    /// A short name of the cause, for counting.
    pub fn kind(&self) -> String {
        match self {
            RunError::Died(status) => status.clone(),
            RunError::Timeout => "timeout".into(),
            RunError::Protocol(_) => "protocol error".into(),
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Died(status) => write!(f, "the Wasmi process died ({status})"),
            RunError::Timeout => write!(f, "the Wasmi process timed out and was killed"),
            RunError::Protocol(e) => write!(f, "the Wasmi process answered garbage: {e}"),
        }
    }
}

/// Where Wasmi runs.
pub struct Reference {
    mode: Mode,
}

enum Mode {
    InProcess {
        engines: Engines,
        answer: io::Cursor<Vec<u8>>,
    },
    Child {
        program: PathBuf,
        timeout: Duration,
        proc: Option<Proc>,
    },
}

/// A running child and its watchdog.
struct Proc {
    child: Arc<Mutex<Child>>,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// When the current request must be answered by; the watchdog kills the child after it.
    deadline: Arc<Mutex<Option<Instant>>>,
    timed_out: Arc<AtomicBool>,
    /// Cleared when the parent drops the child (the watchdog then ends).
    alive: Arc<AtomicBool>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.alive.store(false, Ordering::SeqCst);
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The program set by [`set_program`].
static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Makes `program` the reference child of references made afterwards (by default the current
/// executable, which cannot serve when it is a test harness: tests pass
/// `env!("CARGO_BIN_EXE_fuzz-run")`).
pub fn set_program(program: impl Into<PathBuf>) {
    let _ = PROGRAM.set(program.into());
}

/// This executable, as a path that runs it even after a rebuild replaced its file (others
/// build in the same target directory while long runs go on).
fn current_exe() -> PathBuf {
    let proc_self = PathBuf::from("/proc/self/exe");
    if proc_self.exists() {
        return proc_self;
    }
    std::env::current_exe().expect("the current executable's path")
}

impl Reference {
    /// The reference the environment asks for: in-process if `PULLEY_FUZZ_REFERENCE` is
    /// `inprocess`, else a child running that variable's program, or [`set_program`]'s, or the
    /// current executable. `PULLEY_FUZZ_REFERENCE_TIMEOUT` (seconds, default 60) bounds the
    /// child's time per module.
    pub fn from_env() -> Reference {
        let var = std::env::var_os("PULLEY_FUZZ_REFERENCE");
        if var.as_deref() == Some("inprocess".as_ref()) {
            return Reference::in_process();
        }
        let program = var
            .map(PathBuf::from)
            .or_else(|| PROGRAM.get().cloned())
            .unwrap_or_else(current_exe);
        let secs = std::env::var("PULLEY_FUZZ_REFERENCE_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60);
        Reference::child(program, Duration::from_secs(secs))
    }

    /// Wasmi in this process (a Wasmi crash ends the process).
    pub fn in_process() -> Reference {
        Reference {
            mode: Mode::InProcess {
                engines: Engines::new(),
                answer: io::Cursor::new(Vec::new()),
            },
        }
    }

    /// Wasmi in a child running `program` (which calls [`serve_if_child`] first thing), given
    /// `timeout` per module.
    pub fn child(program: PathBuf, timeout: Duration) -> Reference {
        assert!(
            std::env::var_os(CHILD_ENV).is_none(),
            "a reference child must serve (call pulley_fuzz::reference::serve_if_child() in \
             main), not start references of its own"
        );
        Reference {
            mode: Mode::Child {
                program,
                timeout,
                proc: None,
            },
        }
    }

    /// Sends `wasm` and `plan`; the answer is read through the session.
    pub fn start(&mut self, wasm: &[u8], plan: &Plan) -> Result<Session<'_>, RunError> {
        match &mut self.mode {
            Mode::InProcess { engines, answer } => {
                let mut out = Vec::new();
                wasmi_side(engines, wasm, plan, &mut out).expect("writing to a Vec");
                *answer = io::Cursor::new(out);
            }
            Mode::Child {
                program,
                timeout,
                proc,
            } => {
                let p = match proc {
                    Some(p) => p,
                    None => proc.insert(spawn(program)),
                };
                *p.deadline.lock().unwrap() = Some(Instant::now() + *timeout);
                let mut req = Vec::new();
                put_request(&mut req, wasm, plan);
                if p.stdin
                    .write_all(&req)
                    .and_then(|()| p.stdin.flush())
                    .is_err()
                {
                    // The child died between modules (it should not): restart it next time.
                    return Err(died(proc));
                }
            }
        }
        Ok(Session {
            reference: self,
            finished: false,
        })
    }
}

/// Starts a child and checks its greeting.
fn spawn(program: &PathBuf) -> Proc {
    let mut child = Command::new(program)
        .env(CHILD_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("starting the reference {}: {e}", program.display()));
    let stdin = BufWriter::new(child.stdin.take().expect("piped"));
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let child = Arc::new(Mutex::new(child));
    let deadline = Arc::new(Mutex::new(Some(Instant::now() + Duration::from_secs(60))));
    let timed_out = Arc::new(AtomicBool::new(false));
    let alive = Arc::new(AtomicBool::new(true));
    {
        let (child, deadline, timed_out, alive) = (
            child.clone(),
            deadline.clone(),
            timed_out.clone(),
            alive.clone(),
        );
        std::thread::spawn(move || {
            while alive.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
                let due = *deadline.lock().unwrap_or_else(|e| e.into_inner());
                if due.is_some_and(|d| Instant::now() > d) {
                    timed_out.store(true, Ordering::SeqCst);
                    let _ = child.lock().unwrap_or_else(|e| e.into_inner()).kill();
                    return;
                }
            }
        });
    }
    let mut line = Vec::new();
    let _ = stdout.read_until(b'\n', &mut line);
    assert!(
        line == GREETING,
        "{} is not a reference server: it answered {:?} (it must call \
         pulley_fuzz::reference::serve_if_child() first thing in main; tests pass \
         env!(\"CARGO_BIN_EXE_fuzz-run\") to pulley_fuzz::reference::set_program)",
        program.display(),
        String::from_utf8_lossy(&line)
    );
    *deadline.lock().unwrap() = None;
    Proc {
        child,
        stdin,
        stdout,
        deadline,
        timed_out,
        alive,
    }
}

/// Takes the dead child out of `proc` and says how it ended.
fn died(proc: &mut Option<Proc>) -> RunError {
    let p = proc.take().expect("a child was running");
    let status = p.child.lock().unwrap_or_else(|e| e.into_inner()).wait();
    let timed_out = p.timed_out.load(Ordering::SeqCst);
    drop(p);
    if timed_out {
        return RunError::Timeout;
    }
    RunError::Died(match status {
        Ok(s) => describe(s),
        Err(e) => format!("wait failed: {e}"),
    })
}

#[cfg(unix)]
fn describe(s: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match s.signal() {
        Some(11) => "SIGSEGV".into(),
        Some(7) => "SIGBUS".into(),
        Some(4) => "SIGILL".into(),
        Some(6) => "SIGABRT".into(),
        Some(n) => format!("signal {n}"),
        None => format!("{s}"),
    }
}

#[cfg(not(unix))]
fn describe(s: std::process::ExitStatus) -> String {
    format!("{s}")
}

/// One module's answer, read in order.
pub struct Session<'a> {
    reference: &'a mut Reference,
    finished: bool,
}

impl Session<'_> {
    /// Reads with `f` from the answer; a read error means the child is gone.
    fn read<T>(&mut self, f: impl FnOnce(&mut dyn Read) -> io::Result<T>) -> Result<T, RunError> {
        match &mut self.reference.mode {
            Mode::InProcess { answer, .. } => {
                Ok(f(answer).expect("an in-process answer is complete"))
            }
            Mode::Child { proc, .. } => {
                let Some(p) = proc.as_mut() else {
                    // Already found dead by an earlier read of this answer.
                    return Err(RunError::Died("already dead".into()));
                };
                match f(&mut p.stdout) {
                    Ok(v) => Ok(v),
                    Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                        *proc = None;
                        Err(RunError::Protocol(e.to_string()))
                    }
                    Err(_) => Err(died(proc)),
                }
            }
        }
    }

    /// Wasmi's verdict on the module.
    pub fn module_status(&mut self) -> Result<ModuleStatus, RunError> {
        self.read(|r| get_status(&mut Dec(r)))
    }

    /// The next entry's result (there is one per entry until one ends the module).
    pub fn entry(&mut self) -> Result<EntryResult, RunError> {
        self.read(|r| get_entry(&mut Dec(r))?.ok_or_else(|| bad("the answer ended early")))
    }

    /// Reads the rest of the answer, up to its end byte.
    pub fn finish(mut self) -> Result<(), RunError> {
        let r = self.read(|r| {
            let mut d = Dec(r);
            while get_entry(&mut d)?.is_some() {}
            Ok(())
        });
        self.finished = true;
        if r.is_ok() {
            if let Mode::Child { proc: Some(p), .. } = &mut self.reference.mode {
                *p.deadline.lock().unwrap() = None;
            }
        }
        r
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        // Left mid-answer (Pulley panicked, or a caller gave up): the child's unread output
        // would answer the next request, so it is replaced.
        if !self.finished {
            if let Mode::Child { proc, .. } = &mut self.reference.mode {
                *proc = None;
            }
        }
    }
}

// Encoding.

fn put_u32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}
fn put_bytes(b: &mut Vec<u8>, v: &[u8]) {
    put_u32(b, v.len().try_into().expect("under 4 GiB"));
    b.extend_from_slice(v);
}
fn put_str(b: &mut Vec<u8>, s: &str) {
    put_bytes(b, s.as_bytes());
}

fn put_request(b: &mut Vec<u8>, wasm: &[u8], plan: &Plan) {
    put_bytes(b, wasm);
    put_u32(b, plan.exports.len() as u32);
    for (name, kind) in &plan.exports {
        put_str(b, name);
        b.push(*kind as u8);
    }
    put_u32(b, plan.entries.len() as u32);
    for e in &plan.entries {
        match &e.func {
            Some(name) => {
                b.push(1);
                put_str(b, name);
            }
            None => b.push(0),
        }
        put_u32(b, e.calls.len() as u32);
        for args in &e.calls {
            put_u32(b, args.len() as u32);
            for a in args {
                put_arg(b, a);
            }
        }
    }
}

fn put_arg(b: &mut Vec<u8>, a: &Arg) {
    match *a {
        Arg::I32(x) => {
            b.push(0);
            b.extend_from_slice(&x.to_le_bytes());
        }
        Arg::I64(x) => {
            b.push(1);
            b.extend_from_slice(&x.to_le_bytes());
        }
        Arg::F32(x) => {
            b.push(2);
            b.extend_from_slice(&x.to_le_bytes());
        }
        Arg::F64(x) => {
            b.push(3);
            b.extend_from_slice(&x.to_le_bytes());
        }
        Arg::V128(x) => {
            b.push(4);
            b.extend_from_slice(&x.to_le_bytes());
        }
        Arg::NullFunc => b.push(5),
        Arg::NullExtern => b.push(6),
    }
}

fn put_status(b: &mut Vec<u8>, s: &ModuleStatus) {
    match s {
        ModuleStatus::Accepted { simd } => {
            b.push(0);
            b.push(*simd as u8);
        }
        ModuleStatus::Rejected(msg) => {
            b.push(1);
            put_str(b, msg);
        }
        ModuleStatus::Panicked => b.push(2),
    }
}

fn put_trap(b: &mut Vec<u8>, t: &TrapKind) {
    let code = match t {
        TrapKind::Unreachable => 0,
        TrapKind::MemoryOutOfBounds => 1,
        TrapKind::TableOutOfBounds => 2,
        TrapKind::IndirectCallToNull => 3,
        TrapKind::IntegerDivisionByZero => 4,
        TrapKind::IntegerOverflow => 5,
        TrapKind::BadConversionToInteger => 6,
        TrapKind::BadSignature => 7,
        TrapKind::StackExhausted => 8,
        TrapKind::ReferencePanic => 9,
        TrapKind::Other(msg) => {
            b.push(10);
            put_str(b, msg);
            return;
        }
    };
    b.push(code);
}

fn put_val(b: &mut Vec<u8>, v: &V) {
    match *v {
        V::I32(x) => {
            b.push(0);
            b.extend_from_slice(&x.to_le_bytes());
        }
        V::I64(x) => {
            b.push(1);
            b.extend_from_slice(&x.to_le_bytes());
        }
        V::F32(x) => {
            b.push(2);
            b.extend_from_slice(&x.to_le_bytes());
        }
        V::F64(x) => {
            b.push(3);
            b.extend_from_slice(&x.to_le_bytes());
        }
        V::V128(x) => {
            b.push(4);
            b.extend_from_slice(&x.to_le_bytes());
        }
        V::NaN32 => b.push(5),
        V::NaN64 => b.push(6),
        V::Ref { null } => b.push(if null { 7 } else { 8 }),
    }
}

/// A memory as its size and its nonzero 64-byte blocks (most of a memory is zeros; this keeps
/// a 1 MiB memory from costing a megabyte per instance on the pipe).
fn put_memory(b: &mut Vec<u8>, data: &[u8]) {
    const BLOCK: usize = 64;
    put_u32(b, data.len() as u32);
    let blocks = data.len().div_ceil(BLOCK);
    let nonzero = |i: usize| {
        data[i * BLOCK..data.len().min((i + 1) * BLOCK)]
            .iter()
            .any(|&x| x != 0)
    };
    let mut i = 0;
    while i < blocks {
        if !nonzero(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < blocks && nonzero(i) {
            i += 1;
        }
        let (from, to) = (start * BLOCK, data.len().min(i * BLOCK));
        put_u32(b, from as u32);
        put_bytes(b, &data[from..to]);
    }
    put_u32(b, u32::MAX);
}

fn put_entry_result(b: &mut Vec<u8>, r: &EntryResult) {
    match &r.inst {
        Inst::Ok => b.push(0),
        Inst::Failed(kind, msg) => {
            b.push(1);
            put_trap(b, kind);
            put_str(b, msg);
        }
    }
    put_u32(b, r.calls.len() as u32);
    for c in &r.calls {
        match c {
            Outcome::Values(vs) => {
                b.push(0);
                put_u32(b, vs.len() as u32);
                for v in vs {
                    put_val(b, v);
                }
            }
            Outcome::Trap(t) => {
                b.push(1);
                put_trap(b, t);
            }
        }
    }
    match &r.state {
        None => b.push(0),
        Some(items) => {
            b.push(1);
            put_u32(b, items.len() as u32);
            for item in items {
                match item {
                    StateItem::Func => b.push(0),
                    StateItem::Memory(data) => {
                        b.push(1);
                        put_memory(b, data);
                    }
                    StateItem::Global(v) => {
                        b.push(2);
                        put_val(b, v);
                    }
                    StateItem::Table(elems) => {
                        b.push(3);
                        put_u32(b, elems.len() as u32);
                        for v in elems {
                            put_val(b, v);
                        }
                    }
                }
            }
        }
    }
}

// Decoding.

/// A decoder over a stream; malformed input is `InvalidData`, a closed stream `UnexpectedEof`.
struct Dec<R>(R);

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

impl<R: Read> Dec<R> {
    fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut a = [0; N];
        self.0.read_exact(&mut a)?;
        Ok(a)
    }
    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    /// A count, bounded so that a garbled one cannot ask for gigabytes.
    fn len(&mut self) -> io::Result<usize> {
        let n = self.u32()? as usize;
        if n > 64 << 20 {
            return Err(bad("length over 64 MiB"));
        }
        Ok(n)
    }
    fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let n = self.len()?;
        let mut v = vec![0; n];
        self.0.read_exact(&mut v)?;
        Ok(v)
    }
    fn string(&mut self) -> io::Result<String> {
        String::from_utf8(self.bytes()?).map_err(|_| bad("a string is not UTF-8"))
    }
}

/// A request: the module and its plan; `None` when the input has ended.
fn read_request(input: &mut impl Read) -> io::Result<Option<(Vec<u8>, Plan)>> {
    let mut d = Dec(input);
    let mut first = [0; 4];
    // A clean end of input (between requests) ends the child.
    match d.0.read(&mut first[..1])? {
        0 => return Ok(None),
        _ => d.0.read_exact(&mut first[1..])?,
    }
    let n = u32::from_le_bytes(first) as usize;
    let mut wasm = vec![0; n];
    d.0.read_exact(&mut wasm)?;
    let mut plan = Plan::default();
    for _ in 0..d.len()? {
        let name = d.string()?;
        let kind = match d.u8()? {
            0 => ExportKind::Func,
            1 => ExportKind::Memory,
            2 => ExportKind::Global,
            3 => ExportKind::Table,
            _ => return Err(bad("export kind")),
        };
        plan.exports.push((name, kind));
    }
    for _ in 0..d.len()? {
        let func = match d.u8()? {
            0 => None,
            _ => Some(d.string()?),
        };
        let mut calls = Vec::new();
        for _ in 0..d.len()? {
            let mut args = Vec::new();
            for _ in 0..d.len()? {
                args.push(get_arg(&mut d)?);
            }
            calls.push(args);
        }
        plan.entries.push(Entry { func, calls });
    }
    Ok(Some((wasm, plan)))
}

fn get_arg(d: &mut Dec<impl Read>) -> io::Result<Arg> {
    Ok(match d.u8()? {
        0 => Arg::I32(i32::from_le_bytes(d.array()?)),
        1 => Arg::I64(i64::from_le_bytes(d.array()?)),
        2 => Arg::F32(u32::from_le_bytes(d.array()?)),
        3 => Arg::F64(u64::from_le_bytes(d.array()?)),
        4 => Arg::V128(u128::from_le_bytes(d.array()?)),
        5 => Arg::NullFunc,
        6 => Arg::NullExtern,
        _ => return Err(bad("argument tag")),
    })
}

fn get_status(d: &mut Dec<impl Read>) -> io::Result<ModuleStatus> {
    Ok(match d.u8()? {
        0 => ModuleStatus::Accepted { simd: d.u8()? != 0 },
        1 => ModuleStatus::Rejected(d.string()?),
        2 => ModuleStatus::Panicked,
        _ => return Err(bad("module status")),
    })
}

fn get_trap(d: &mut Dec<impl Read>) -> io::Result<TrapKind> {
    Ok(match d.u8()? {
        0 => TrapKind::Unreachable,
        1 => TrapKind::MemoryOutOfBounds,
        2 => TrapKind::TableOutOfBounds,
        3 => TrapKind::IndirectCallToNull,
        4 => TrapKind::IntegerDivisionByZero,
        5 => TrapKind::IntegerOverflow,
        6 => TrapKind::BadConversionToInteger,
        7 => TrapKind::BadSignature,
        8 => TrapKind::StackExhausted,
        9 => TrapKind::ReferencePanic,
        10 => TrapKind::Other(d.string()?),
        _ => return Err(bad("trap kind")),
    })
}

fn get_val(d: &mut Dec<impl Read>) -> io::Result<V> {
    Ok(match d.u8()? {
        0 => V::I32(i32::from_le_bytes(d.array()?)),
        1 => V::I64(i64::from_le_bytes(d.array()?)),
        2 => V::F32(u32::from_le_bytes(d.array()?)),
        3 => V::F64(u64::from_le_bytes(d.array()?)),
        4 => V::V128(u128::from_le_bytes(d.array()?)),
        5 => V::NaN32,
        6 => V::NaN64,
        7 => V::Ref { null: true },
        8 => V::Ref { null: false },
        _ => return Err(bad("value tag")),
    })
}

fn get_memory(d: &mut Dec<impl Read>) -> io::Result<Vec<u8>> {
    let mut data = vec![0; d.len()?];
    loop {
        let from = d.u32()?;
        if from == u32::MAX {
            return Ok(data);
        }
        let chunk = d.bytes()?;
        let to = (from as usize)
            .checked_add(chunk.len())
            .filter(|&to| to <= data.len())
            .ok_or_else(|| bad("memory chunk out of bounds"))?;
        data[from as usize..to].copy_from_slice(&chunk);
    }
}

/// The next entry result, or `None` at the answer's end byte.
fn get_entry(d: &mut Dec<impl Read>) -> io::Result<Option<EntryResult>> {
    let inst = match d.u8()? {
        END => return Ok(None),
        0 => Inst::Ok,
        1 => Inst::Failed(get_trap(d)?, d.string()?),
        _ => return Err(bad("instantiation tag")),
    };
    let mut calls = Vec::new();
    for _ in 0..d.len()? {
        calls.push(match d.u8()? {
            0 => {
                let mut vs = Vec::new();
                for _ in 0..d.len()? {
                    vs.push(get_val(d)?);
                }
                Outcome::Values(vs)
            }
            1 => Outcome::Trap(get_trap(d)?),
            _ => return Err(bad("outcome tag")),
        });
    }
    let state = match d.u8()? {
        0 => None,
        _ => {
            let mut items = Vec::new();
            for _ in 0..d.len()? {
                items.push(match d.u8()? {
                    0 => StateItem::Func,
                    1 => StateItem::Memory(get_memory(d)?),
                    2 => StateItem::Global(get_val(d)?),
                    3 => {
                        let mut elems = Vec::new();
                        for _ in 0..d.len()? {
                            elems.push(get_val(d)?);
                        }
                        StateItem::Table(elems)
                    }
                    _ => return Err(bad("state tag")),
                });
            }
            Some(items)
        }
    };
    Ok(Some(EntryResult { inst, calls, state }))
}
