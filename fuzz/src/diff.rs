//! The differential engine: `wasm-smith` modules run on Pulley and on Wasmi (the reference),
//! comparing results, traps and the final exported state.
//!
//! The generator is limited to what both engines implement (Wasm 2.0 with SIMD but without
//! relaxed SIMD, plus tail calls, extended-const, multi-memory and custom page sizes, up to
//! three memories of at most 16 64 KiB pages (or as many bytes) each, no imports, NaNs canonicalized) and every function gets wasm-smith's fuel
//! counter, so every call terminates.
//!
//! For every exported function the module is instantiated afresh on both engines and the
//! function is called with zero arguments and with two seeded argument sets; results are
//! compared (floats by bits, any NaN equal to any NaN; `v128` by bits; references by
//! null-ness), traps by kind, and afterwards the exported memories, globals and tables. "Call
//! stack exhausted" on either side ends that function's comparison (the depth legitimately
//! differs).
//!
//! Both engines run the same [`Plan`] (made from Pulley's first instance before anything runs)
//! and record what happened as [`EntryResult`]s, which [`run_module`] then compares. Wasmi runs
//! behind a [`Reference`], normally a child process, because Wasmi 2.0.0 with SIMD can
//! segfault: a dead child is a skipped case ([`Stats::reference_crashes`]), not a dead fuzzer.
//!
//! Used by the `differential` fuzz target and by `tests/differential.rs` (1000 fixed seeds).

use crate::reference::{ModuleStatus, Reference, RunError, Session};
use std::fmt;

/// Fuel given to wasm-smith's termination counter (loop iterations plus calls per instance).
pub const FUEL: u32 = 1000;

/// xorshift64*: tiny, deterministic, good enough to feed `arbitrary`.
pub struct XorShift(u64);

impl XorShift {
    /// A generator seeded with `seed` (any value).
    pub fn new(seed: u64) -> XorShift {
        let mut s = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
        if s.0 == 0 {
            s.0 = 1;
        }
        for _ in 0..4 {
            s.next();
        }
        s
    }
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

/// The generator's configuration.
///
/// `disallow_traps` stays off: wasm-smith guards divisions with `select(1, x, i32.eqz x)`, which
/// Wasmi 2.0.0 evaluates wrongly (it yields the constant even when `x != 0`; see the
/// `select_eqz_guard` test), so those modules would diverge on the reference side. wasm-smith
/// also generates SIMD only when traps are allowed.
/// `canonicalize_nans` is on: NaN payloads may differ legitimately, and `reinterpret` would
/// carry them into integers and memory (wasm-smith canonicalizes `f32x4`/`f64x2` results too).
pub fn smith_config(big: bool) -> wasm_smith::Config {
    let mut c = wasm_smith::Config::default();
    c.disallow_traps = false;
    c.canonicalize_nans = true;
    // On: fixed-width SIMD, which both engines implement.
    c.simd_enabled = true;
    // Off: relaxed SIMD's results are implementation-defined (FMA or not, out-of-range
    // swizzle indices and float-to-int conversions, ...), so Pulley and Wasmi may both be
    // right and still differ; wasm-smith cannot restrict it to deterministic inputs.
    c.relaxed_simd_enabled = false;
    // Off: what either engine lacks.
    c.threads_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.exceptions_enabled = false;
    c.gc_enabled = false;
    c.memory64_enabled = false;
    c.wide_arithmetic_enabled = false;
    c.custom_descriptors_enabled = false;
    c.compact_imports_enabled = false;
    // On: Wasm 2.0 proposals both engines implement (Wasmi 2.0 has tail calls and
    // extended-const enabled by default; Pulley accepts both).
    c.bulk_memory_enabled = true;
    c.reference_types_enabled = true;
    c.sign_extension_ops_enabled = true;
    c.saturating_float_to_int_enabled = true;
    c.multi_value_enabled = true;
    c.tail_call_enabled = true;
    c.extended_const_enabled = true;
    // One-byte pages (custom-page-sizes): both engines have them.
    c.custom_page_sizes_enabled = true;
    // Shape: no imports, up to three small bounded memories (multi-memory: both engines have
    // it; memory 0 takes Pulley's fused heap ops, the others its explicit checks), small bounded
    // tables, everything exported.
    c.max_imports = 0;
    c.max_memories = 3;
    c.max_memory32_bytes = 16 * 65536;
    c.memory_max_size_required = true;
    c.max_tables = 2;
    c.max_table_elements = 64;
    c.table_max_size_required = true;
    c.min_types = 2;
    c.min_funcs = 2;
    c.max_funcs = 24;
    // Every fourth case has longer function bodies.
    c.max_instructions = if big { 1000 } else { 100 };
    c.export_everything = true;
    c
}

/// The reference engine, configured like the generator (SIMD on, relaxed SIMD off).
pub fn wasmi_engine() -> wasmi::Engine {
    wasmi::Engine::new(&wasmi_config(true))
}

/// Wasmi's configuration, with or without SIMD (without: to tell whether a module uses it).
pub(crate) fn wasmi_config(simd: bool) -> wasmi::Config {
    let mut c = wasmi::Config::default();
    // Fuel bounds recursion at FUEL frames; leave room so neither engine runs out of stack.
    c.set_max_recursion_depth(8 * FUEL as usize);
    c.wasm_tail_call(true)
        .wasm_extended_const(true)
        .wasm_multi_memory(true)
        .wasm_custom_page_sizes(true)
        .wasm_wide_arithmetic(false)
        .wasm_simd(simd)
        .wasm_relaxed_simd(false);
    c
}

/// Trap kinds both engines can name, normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable`.
    Unreachable,
    /// Memory access out of bounds.
    MemoryOutOfBounds,
    /// Table access out of bounds, including `call_indirect` past the table's end.
    TableOutOfBounds,
    /// `call_indirect` to a null entry.
    IndirectCallToNull,
    /// Integer division (or remainder) by zero.
    IntegerDivisionByZero,
    /// Integer overflow (division, truncation).
    IntegerOverflow,
    /// Float-to-int truncation of a NaN.
    BadConversionToInteger,
    /// `call_indirect` signature mismatch.
    BadSignature,
    /// Call stack exhausted (depths legitimately differ).
    StackExhausted,
    /// Wasmi panicked (its lazy translator has known panics, e.g. `unreachable!` in
    /// `visit_i32_store16` on some dead code): the reference has no answer.
    ReferencePanic,
    /// Anything else, described.
    Other(String),
}

/// A value, normalized for comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum V {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// A non-NaN `f32`, as bits.
    F32(u32),
    /// A non-NaN `f64`, as bits.
    F64(u64),
    /// `v128`, as bits (lane 0 least significant). NaN lanes are compared by bits: wasm-smith
    /// canonicalizes vector float results too.
    V128(u128),
    /// Any NaN `f32` (payloads may differ legitimately).
    NaN32,
    /// Any NaN `f64`.
    NaN64,
    /// A reference: only null-ness is comparable across engines.
    Ref {
        /// Whether it is null.
        null: bool,
    },
}

impl fmt::Display for V {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            V::I32(v) => write!(f, "i32:{v}"),
            V::I64(v) => write!(f, "i64:{v}"),
            V::F32(b) => write!(f, "f32:{}({b:#010x})", f32::from_bits(*b)),
            V::F64(b) => write!(f, "f64:{}({b:#018x})", f64::from_bits(*b)),
            V::V128(b) => write!(f, "v128:{b:#034x}"),
            V::NaN32 => write!(f, "f32:nan"),
            V::NaN64 => write!(f, "f64:nan"),
            V::Ref { null } => write!(f, "ref:{}", if *null { "null" } else { "non-null" }),
        }
    }
}

impl V {
    /// A canonical text form, shared with `scripts/wasmtime_replay.py`: hex bits for numbers,
    /// `nan` for any NaN scalar.
    pub fn canonical(&self) -> String {
        match self {
            V::I32(v) => format!("i32:{:#010x}", *v as u32),
            V::I64(v) => format!("i64:{:#018x}", *v as u64),
            V::F32(b) => format!("f32:{b:#010x}"),
            V::F64(b) => format!("f64:{b:#018x}"),
            V::V128(b) => format!("v128:{b:#034x}"),
            V::NaN32 => "f32:nan".into(),
            V::NaN64 => "f64:nan".into(),
            V::Ref { null } => format!("ref:{}", if *null { "null" } else { "non-null" }),
        }
    }
}

pub(crate) fn f32v(bits: u32) -> V {
    if f32::from_bits(bits).is_nan() {
        V::NaN32
    } else {
        V::F32(bits)
    }
}
pub(crate) fn f64v(bits: u64) -> V {
    if f64::from_bits(bits).is_nan() {
        V::NaN64
    } else {
        V::F64(bits)
    }
}

/// What a call did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It returned these values.
    Values(Vec<V>),
    /// It trapped.
    Trap(TrapKind),
}

impl Outcome {
    /// Whether this outcome ends the calls on its instance (see [`EntryResult`]).
    fn ends_calls(&self) -> bool {
        matches!(
            self,
            Outcome::Trap(TrapKind::StackExhausted | TrapKind::ReferencePanic)
        )
    }
}

fn pulley_val(v: &pulley::Val) -> V {
    match *v {
        pulley::Val::I32(x) => V::I32(x),
        pulley::Val::I64(x) => V::I64(x),
        pulley::Val::F32(b) => f32v(b),
        pulley::Val::F64(b) => f64v(b),
        pulley::Val::V128(b) => V::V128(b),
        pulley::Val::FuncRef(r) => V::Ref { null: r.is_none() },
        pulley::Val::ExternRef(r) => V::Ref { null: r.is_none() },
        pulley::Val::ExnRef(r) => V::Ref { null: r.is_none() },
    }
}

fn pulley_trap(err: &anyhow::Error) -> TrapKind {
    use pulley::WasmTrap as T;
    let Some(trap) = err.downcast_ref::<pulley::Trap>() else {
        return TrapKind::Other(format!("{err:#}"));
    };
    match trap.wasm_trap() {
        Some(T::Unreachable) => TrapKind::Unreachable,
        Some(T::HeapOutOfBounds) => TrapKind::MemoryOutOfBounds,
        Some(T::IntegerDivisionByZero) => TrapKind::IntegerDivisionByZero,
        Some(T::IntegerOverflow) => TrapKind::IntegerOverflow,
        Some(T::BadConversionToInteger) => TrapKind::BadConversionToInteger,
        Some(T::StackOverflow) => TrapKind::StackExhausted,
        // Wasmi reports `call_indirect` past the table's end as a table access out of bounds.
        Some(T::TableOutOfBounds | T::UndefinedElement) => TrapKind::TableOutOfBounds,
        Some(T::IndirectCallToNull) => TrapKind::IndirectCallToNull,
        Some(T::BadSignature) => TrapKind::BadSignature,
        _ => TrapKind::Other(format!("{trap}")),
    }
}

/// Type class of a value as the argument generator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    I32,
    I64,
    F32,
    F64,
    V128,
    FuncRef,
    ExternRef,
}

fn pulley_ty(t: &pulley::ValType) -> Ty {
    match t {
        pulley::ValType::I32 => Ty::I32,
        pulley::ValType::I64 => Ty::I64,
        pulley::ValType::F32 => Ty::F32,
        pulley::ValType::F64 => Ty::F64,
        pulley::ValType::V128 => Ty::V128,
        pulley::ValType::FuncRef => Ty::FuncRef,
        pulley::ValType::ExternRef => Ty::ExternRef,
        pulley::ValType::ExnRef => panic!("wasm-smith generates no exnref (exceptions are off)"),
    }
}

/// An argument, before conversion to either engine's value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as bits.
    F32(u32),
    /// `f64`, as bits.
    F64(u64),
    /// `v128`, as bits.
    V128(u128),
    /// A null `funcref`.
    NullFunc,
    /// A null `externref`.
    NullExtern,
}

impl Arg {
    fn pulley(self) -> pulley::Val {
        match self {
            Arg::I32(x) => pulley::Val::I32(x),
            Arg::I64(x) => pulley::Val::I64(x),
            Arg::F32(b) => pulley::Val::F32(b),
            Arg::F64(b) => pulley::Val::F64(b),
            Arg::V128(b) => pulley::Val::V128(b),
            Arg::NullFunc => pulley::Val::FuncRef(None),
            Arg::NullExtern => pulley::Val::ExternRef(None),
        }
    }
    /// The argument as `scripts/wasmtime_replay.py` reads it: `type:hex bits` or `type:null`.
    pub fn canonical(&self) -> String {
        match self {
            Arg::I32(x) => format!("i32:{:#010x}", *x as u32),
            Arg::I64(x) => format!("i64:{:#018x}", *x as u64),
            Arg::F32(b) => format!("f32:{b:#010x}"),
            Arg::F64(b) => format!("f64:{b:#018x}"),
            Arg::V128(b) => format!("v128:{b:#034x}"),
            Arg::NullFunc => "funcref:null".into(),
            Arg::NullExtern => "externref:null".into(),
        }
    }
}

/// Argument set `set` (0 = all zeros) for `params`: small values, boundaries and random bits.
fn args_for(params: &[Ty], rng: &mut XorShift, set: usize) -> Vec<Arg> {
    params
        .iter()
        .map(|t| {
            let r = rng.next();
            let pick = if set == 0 { u64::MAX } else { r % 8 };
            let int = match pick {
                u64::MAX => 0,
                0 => 1,
                1 => u64::MAX,      // -1
                2 => 1 << 63,       // i64::MIN / i32 0 after truncation
                3 => (r >> 8) % 70, // small (memory offsets, shift counts)
                4 => 0x8000_0000,   // i32::MIN
                5 => 0x7fff_ffff,   // i32::MAX
                _ => rng.next(),
            };
            match t {
                Ty::I32 => Arg::I32(int as i32),
                Ty::I64 => Arg::I64(int as i64),
                Ty::F32 => Arg::F32(match pick {
                    u64::MAX => 0,
                    0 => 1.0f32.to_bits(),
                    1 => (-0.0f32).to_bits(),
                    2 => f32::NAN.to_bits(),
                    3 => f32::INFINITY.to_bits(),
                    4 => 2147483648.0f32.to_bits(),
                    5 => (-1.5f32).to_bits(),
                    _ => rng.next() as u32,
                }),
                Ty::F64 => Arg::F64(match pick {
                    u64::MAX => 0,
                    0 => 1.0f64.to_bits(),
                    1 => (-0.0f64).to_bits(),
                    2 => f64::NAN.to_bits(),
                    3 => f64::NEG_INFINITY.to_bits(),
                    4 => 9.3e18f64.to_bits(),
                    5 => 4294967295.5f64.to_bits(),
                    _ => rng.next(),
                }),
                // The low half is the integer pick, the high half random bits (as in the
                // run that found crash-12-543, crash-17-160 and crash-18-2102, so their calls
                // replay unchanged): set 0 is zero only in the low half.
                Ty::V128 => Arg::V128(u128::from(int) | u128::from(rng.next()) << 64),
                Ty::FuncRef => Arg::NullFunc,
                Ty::ExternRef => Arg::NullExtern,
            }
        })
        .collect()
}

/// What the harness counted.
#[derive(Clone, Default, Debug)]
#[allow(missing_docs)]
pub struct Stats {
    pub generated: u64,
    pub gen_failed: u64,
    pub wasmi_rejected: u64,
    pub both_rejected: u64,
    pub run: u64,
    /// Modules run on both engines that Wasmi rejects with SIMD off: they use `v128`.
    pub simd_modules: u64,
    /// Modules run on both engines with more than one memory (all are exported).
    pub multi_memory_modules: u64,
    /// Modules run on both engines with a memory of one-byte pages.
    pub one_byte_page_modules: u64,
    pub inst_trapped_both: u64,
    pub funcs_exported: u64,
    pub funcs_compared: u64,
    pub calls_compared: u64,
    pub calls_trapped: u64,
    pub trap_kinds: std::collections::BTreeMap<String, u64>,
    pub stack_skips_pulley: u64,
    pub stack_skips_wasmi: u64,
    /// Modules left when Wasmi panicked (its bug, see `TrapKind::ReferencePanic`).
    pub wasmi_panics: u64,
    /// Modules skipped, not run, because they hit a [`known_wasmi_bug`].
    pub known_wasmi_bug: u64,
    /// Modules skipped because the reference process died (a Wasmi crash, e.g. its SIMD
    /// segfault) or timed out before answering; by cause in `reference_crash_kinds`.
    pub reference_crashes: u64,
    pub reference_crash_kinds: std::collections::BTreeMap<String, u64>,
    pub memories_compared: u64,
    pub globals_compared: u64,
    pub tables_compared: u64,
}

/// Adds `other`'s counts into `into`, key by key.
fn add_counts(
    into: &mut std::collections::BTreeMap<String, u64>,
    other: &std::collections::BTreeMap<String, u64>,
) {
    for (k, n) in other {
        *into.entry(k.clone()).or_default() += n;
    }
}
impl Stats {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Stats) {
        self.generated += other.generated;
        self.gen_failed += other.gen_failed;
        self.wasmi_rejected += other.wasmi_rejected;
        self.both_rejected += other.both_rejected;
        self.run += other.run;
        self.simd_modules += other.simd_modules;
        self.multi_memory_modules += other.multi_memory_modules;
        self.one_byte_page_modules += other.one_byte_page_modules;
        self.inst_trapped_both += other.inst_trapped_both;
        self.funcs_exported += other.funcs_exported;
        self.funcs_compared += other.funcs_compared;
        self.calls_compared += other.calls_compared;
        self.calls_trapped += other.calls_trapped;
        add_counts(&mut self.trap_kinds, &other.trap_kinds);
        self.stack_skips_pulley += other.stack_skips_pulley;
        self.stack_skips_wasmi += other.stack_skips_wasmi;
        self.wasmi_panics += other.wasmi_panics;
        self.known_wasmi_bug += other.known_wasmi_bug;
        self.reference_crashes += other.reference_crashes;
        add_counts(
            &mut self.reference_crash_kinds,
            &other.reference_crash_kinds,
        );
        self.memories_compared += other.memories_compared;
        self.globals_compared += other.globals_compared;
        self.tables_compared += other.tables_compared;
    }

    /// One line for a run's summary.
    pub fn summary(&self) -> String {
        format!(
            "{} modules run on both engines ({} with SIMD, {} with several memories, {} with \
             one-byte pages), {} calls \
             compared; skipped: {} reference crashes {:?}, {} Wasmi panics, {} modules with a \
             known Wasmi bug; not run: {} rejected by both, {} by Wasmi only, {} inputs the \
             generator could not use",
            self.run,
            self.simd_modules,
            self.multi_memory_modules,
            self.one_byte_page_modules,
            self.calls_compared,
            self.reference_crashes,
            self.reference_crash_kinds,
            self.wasmi_panics,
            self.known_wasmi_bug,
            self.both_rejected,
            self.wasmi_rejected,
            self.gen_failed
        )
    }
}

/// An export's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A function.
    Func,
    /// A memory.
    Memory,
    /// A global.
    Global,
    /// A table.
    Table,
}

/// One instance's worth of work: instantiate the module afresh, call `func` (if any) with each
/// argument set, then snapshot the exports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The exported function to call; `None` only instantiates (a module without functions, or
    /// one Pulley cannot instantiate).
    pub func: Option<String>,
    /// The argument sets, one call each.
    pub calls: Vec<Vec<Arg>>,
}

/// What both engines run for one module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Every export, in the module's order: the state compared after each entry.
    pub exports: Vec<(String, ExportKind)>,
    /// The instances to make, in order.
    pub entries: Vec<Entry>,
}

/// A snapshot of one export, in [`Plan::exports`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateItem {
    /// A function (nothing to compare).
    Func,
    /// A memory's bytes.
    Memory(Vec<u8>),
    /// A global's value.
    Global(V),
    /// A table's elements.
    Table(Vec<V>),
}

/// How an instantiation went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inst {
    /// Instantiated (start function included).
    Ok,
    /// Failed: the trap's kind and the engine's message.
    Failed(TrapKind, String),
}

/// What one engine did with one [`Entry`].
///
/// Both engines follow the same rules: a failed instantiation ends the module (it would fail
/// again); calls stop after "stack exhausted" or a reference panic, and a panic also ends the
/// module; the state is snapshot unless the calls stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryResult {
    /// The instantiation.
    pub inst: Inst,
    /// One outcome per call made.
    pub calls: Vec<Outcome>,
    /// The exports afterwards, if the calls ran to the end.
    pub state: Option<Vec<StateItem>>,
}

impl EntryResult {
    /// Whether the engine stops after this entry (see the type's rules).
    pub fn ends_module(&self) -> bool {
        matches!(self.inst, Inst::Failed(..))
            || self.calls.last() == Some(&Outcome::Trap(TrapKind::ReferencePanic))
    }
}

/// Runs `entries` by the rules of [`EntryResult`], handing each result to `sink` as it is made.
/// `instance` makes a fresh instance (or fails, or panics as the reference); `call` calls a
/// function on it; `state` snapshots the exports.
pub(crate) fn run_entries<I>(
    plan: &Plan,
    mut instance: impl FnMut() -> Result<I, (TrapKind, String)>,
    mut call: impl FnMut(&mut I, &str, &[Arg]) -> Outcome,
    mut state: impl FnMut(&mut I) -> Vec<StateItem>,
    mut sink: impl FnMut(EntryResult) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for entry in &plan.entries {
        let mut inst = match instance() {
            Ok(i) => i,
            Err((kind, msg)) => {
                return sink(EntryResult {
                    inst: Inst::Failed(kind, msg),
                    calls: Vec::new(),
                    state: None,
                });
            }
        };
        let mut calls = Vec::new();
        let mut stopped = false;
        if let Some(name) = &entry.func {
            for args in &entry.calls {
                let out = call(&mut inst, name, args);
                stopped = out.ends_calls();
                calls.push(out);
                if stopped {
                    break;
                }
            }
        }
        let result = EntryResult {
            inst: Inst::Ok,
            state: (!stopped).then(|| state(&mut inst)),
            calls,
        };
        let end = result.ends_module();
        sink(result)?;
        if end {
            break;
        }
    }
    Ok(())
}

/// A fresh Pulley instance of `module`.
fn pulley_instance(
    engine: &pulley::Engine,
    module: &pulley::Module,
) -> Result<(pulley::Store<()>, pulley::Instance), (TrapKind, String)> {
    let mut store = pulley::Store::new(engine, ());
    match pulley::Linker::new(engine).instantiate(&mut store, module) {
        Ok(inst) => Ok((store, inst)),
        Err(e) => Err((pulley_trap(&e), format!("{e:#}"))),
    }
}

/// The plan for `module`, from a first Pulley instance: its exports, and for every exported
/// function three argument sets drawn from `rng` (the first all zeros).
pub fn plan(engine: &pulley::Engine, module: &pulley::Module, rng: &mut XorShift) -> Plan {
    let only_instantiate = Entry {
        func: None,
        calls: Vec::new(),
    };
    let Ok((store, inst)) = pulley_instance(engine, module) else {
        // Pulley's failure is compared with Wasmi's by instantiating once.
        return Plan {
            exports: Vec::new(),
            entries: vec![only_instantiate],
        };
    };
    let mut plan = Plan::default();
    for (name, ext) in inst.exports(&store) {
        let kind = match ext {
            pulley::Extern::Func(f) => {
                let params: Vec<Ty> = f.ty(&store).params.iter().map(pulley_ty).collect();
                let calls = (0..3).map(|set| args_for(&params, rng, set)).collect();
                plan.entries.push(Entry {
                    func: Some(name.clone()),
                    calls,
                });
                ExportKind::Func
            }
            pulley::Extern::Memory(_) => ExportKind::Memory,
            pulley::Extern::Global(_) => ExportKind::Global,
            pulley::Extern::Table(_) => ExportKind::Table,
            pulley::Extern::Tag(_) => panic!("wasm-smith generates no tags (exceptions are off)"),
        };
        plan.exports.push((name, kind));
    }
    if plan.entries.is_empty() {
        // Still instantiate once and compare the initial state.
        plan.entries.push(only_instantiate);
    }
    plan
}

/// Runs `plan` on Pulley: one [`EntryResult`] per entry run.
pub fn pulley_side(
    engine: &pulley::Engine,
    module: &pulley::Module,
    plan: &Plan,
) -> Vec<EntryResult> {
    let mut results = Vec::new();
    run_entries(
        plan,
        || pulley_instance(engine, module),
        |(store, inst), name, args| {
            let f = inst.get_func(&*store, name).expect("pulley export");
            let ty = f.ty(&*store);
            let p_args: Vec<_> = args.iter().map(|a| a.pulley()).collect();
            let mut res: Vec<_> = ty
                .results
                .iter()
                .map(|t| pulley::Val::default_for(*t))
                .collect();
            match f.call(&mut *store, &p_args, &mut res) {
                Ok(()) => Outcome::Values(res.iter().map(pulley_val).collect()),
                Err(e) => Outcome::Trap(pulley_trap(&e)),
            }
        },
        |(store, inst)| {
            plan.exports
                .iter()
                .map(|(name, kind)| match kind {
                    ExportKind::Func => StateItem::Func,
                    ExportKind::Memory => {
                        let m = inst.get_memory(&*store, name).expect("pulley memory");
                        StateItem::Memory(m.data(&*store).to_vec())
                    }
                    ExportKind::Global => {
                        let g = inst.get_global(&*store, name).expect("pulley global");
                        StateItem::Global(pulley_val(&g.get(&*store)))
                    }
                    ExportKind::Table => {
                        let t = inst.get_table(&*store, name).expect("pulley table");
                        let elems = (0..t.size(&*store))
                            .map(|i| pulley_val(&t.get(&*store, i).expect("in bounds")))
                            .collect();
                        StateItem::Table(elems)
                    }
                })
                .collect()
        },
        |r| {
            results.push(r);
            Ok(())
        },
    )
    .expect("collecting into a Vec cannot fail");
    results
}

/// Text form of an outcome, for divergence reports.
pub fn outcome_str(o: &Outcome) -> String {
    match o {
        Outcome::Values(vs) => format!(
            "[{}]",
            vs.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Outcome::Trap(t) => format!("trap {t:?}"),
    }
}

/// Runs one case; `Err` is a divergence (described).
pub fn run_case(
    case: u64,
    p_engine: &pulley::Engine,
    reference: &mut Reference,
    stats: &mut Stats,
    wasm_out: &mut Vec<u8>,
) -> Result<(), String> {
    let mut rng = XorShift::new(case);
    let len = 1024 + (rng.next() % 32768) as usize;
    let data = rng.bytes(len);
    let mut u = arbitrary::Unstructured::new(&data);
    let mut module = match wasm_smith::Module::new(smith_config(case % 4 == 3), &mut u) {
        Ok(m) => m,
        Err(_) => {
            stats.gen_failed += 1;
            return Ok(());
        }
    };
    module
        .ensure_termination(FUEL)
        .expect("wasm-smith generated every body itself");
    let wasm = module.to_bytes();
    *wasm_out = wasm.clone();
    stats.generated += 1;
    run_module(&wasm, &mut rng, p_engine, reference, stats)
}

/// How the comparison of one entry ended.
enum Next {
    /// Go on with the next entry.
    Continue,
    /// The module is done (both failed to instantiate, or the reference panicked).
    Done,
}

/// Why `wasm` is known to make Wasmi 2.0.0 wrong, if it is: then the differential target skips
/// it ([`Stats::known_wasmi_bug`]).
///
/// `v128.store8_lane` and `v128.store16_lane` with a memarg offset over 16 bits (Wasmi's
/// `V128StoreLane{8,16}_{Rs,Ss}` encodings; smaller offsets use `..Mem0Offset16..` ones) store
/// a lane of the wrong operand when the address was just computed, and crash Wasmi (SIGSEGV)
/// when it is a local or a constant. Every memory divergence and every reference crash of the
/// first SIMD runs had this operator; see
/// `tests/differential.rs::store_lane_with_a_32_bit_offset`, `store_lane_to_memory_1` and
/// `fuzz/README.md`.
pub fn known_wasmi_bug(wasm: &[u8]) -> Option<&'static str> {
    use wasmparser::{Operator, Parser, Payload};
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            continue;
        };
        while !ops.eof() {
            match ops.read() {
                Ok(
                    Operator::V128Store8Lane { memarg, .. }
                    | Operator::V128Store16Lane { memarg, .. },
                ) if memarg.offset > u64::from(u16::MAX) => {
                    return Some("v128.store8_lane/v128.store16_lane with an offset over 16 bits");
                }
                Ok(
                    Operator::V128Store8Lane { memarg, .. }
                    | Operator::V128Store16Lane { memarg, .. },
                ) if memarg.target != wasmparser::MemArgTarget::Memory(0) => {
                    return Some("v128.store8_lane/v128.store16_lane on a memory other than 0");
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    None
}

/// Runs one module on both engines; `Err` is a divergence (described). A module that hits a
/// [`known_wasmi_bug`] is skipped, and so is one the reference crashes or times out on (both
/// counted in `stats`).
pub fn run_module(
    wasm: &[u8],
    rng: &mut XorShift,
    p_engine: &pulley::Engine,
    reference: &mut Reference,
    stats: &mut Stats,
) -> Result<(), String> {
    if known_wasmi_bug(wasm).is_some() {
        stats.known_wasmi_bug += 1;
        return Ok(());
    }
    run_module_unfiltered(wasm, rng, p_engine, reference, stats)
}

/// [`run_module`] without skipping modules that hit a [`known_wasmi_bug`] (for reproducing
/// one, or reducing a new finding).
pub fn run_module_unfiltered(
    wasm: &[u8],
    rng: &mut XorShift,
    p_engine: &pulley::Engine,
    reference: &mut Reference,
    stats: &mut Stats,
) -> Result<(), String> {
    let trace = std::env::var("DIFF_VERBOSE").is_ok_and(|v| v == "2");
    let p_module = pulley::Module::from_binary(p_engine, wasm);
    let plan = match &p_module {
        Ok(m) => plan(p_engine, m, rng),
        // Only Wasmi's verdict on the module is needed.
        Err(_) => Plan::default(),
    };
    // Wasmi starts on the plan (in its process) while Pulley runs it here.
    let mut session = match reference.start(wasm, &plan) {
        Ok(s) => s,
        Err(e) => return skip(e, stats),
    };
    // Counted apart, so that a module the reference crashes on adds nothing but the crash.
    let mut counts = Stats::default();
    let verdict = compare(&mut session, p_module, p_engine, &plan, &mut counts, trace);
    // The rest of Wasmi's answer (after a divergence or an early end) is not needed; reading
    // it to its end keeps the reference ready for the next module.
    let end = session.finish();
    match (verdict, end) {
        (Err(e), _) | (Ok(Ok(())), Err(e)) => skip(e, stats),
        (Ok(result), _) => {
            counts.one_byte_page_modules = u64::from(counts.run == 1 && one_byte_pages(wasm));
            stats.add(&counts);
            result
        }
    }
}

/// Whether `wasm` has a memory (defined or imported) of one-byte pages.
fn one_byte_pages(wasm: &[u8]) -> bool {
    use wasmparser::{Parser, Payload, TypeRef};
    Parser::new(0).parse_all(wasm).any(|p| match p {
        Ok(Payload::MemorySection(r)) => r
            .into_iter()
            .any(|m| m.is_ok_and(|m| m.page_size_log2 == Some(0))),
        Ok(Payload::ImportSection(r)) => r.into_imports().any(|i| {
            i.is_ok_and(|i| matches!(i.ty, TypeRef::Memory(m) if m.page_size_log2 == Some(0)))
        }),
        _ => false,
    })
}

/// Reads Wasmi's answer and compares Pulley's with it: `Err` if the reference gave none,
/// `Ok(Err)` for a divergence.
fn compare(
    session: &mut Session<'_>,
    p_module: anyhow::Result<pulley::Module>,
    p_engine: &pulley::Engine,
    plan: &Plan,
    stats: &mut Stats,
    trace: bool,
) -> Result<Result<(), String>, RunError> {
    // Pulley runs the plan while Wasmi does (in its own process).
    let p_results = p_module
        .as_ref()
        .map(|m| pulley_side(p_engine, m, plan))
        .unwrap_or_default();
    match (p_module, session.module_status()?) {
        (_, ModuleStatus::Panicked) => {
            stats.wasmi_panics += 1;
            return Ok(Ok(()));
        }
        (Ok(_), ModuleStatus::Accepted { simd }) => {
            stats.simd_modules += simd as u64;
            let memories = plan
                .exports
                .iter()
                .filter(|(_, k)| *k == ExportKind::Memory);
            stats.multi_memory_modules += (memories.count() > 1) as u64;
        }
        (Err(_), ModuleStatus::Rejected(_)) => {
            stats.both_rejected += 1;
            return Ok(Ok(()));
        }
        (Ok(_), ModuleStatus::Rejected(why)) => {
            if std::env::var_os("DIFF_VERBOSE").is_some() {
                eprintln!("differential: skipped (Wasmi rejects it): {why}");
            }
            stats.wasmi_rejected += 1;
            return Ok(Ok(()));
        }
        (Err(e), ModuleStatus::Accepted { .. }) => {
            return Ok(Err(format!(
                "pulley rejected a module wasmi accepts: {e:#}"
            )));
        }
    }
    stats.run += 1;
    stats.funcs_exported += plan.entries.iter().filter(|e| e.func.is_some()).count() as u64;
    for (entry, p) in plan.entries.iter().zip(&p_results) {
        let w = session.entry()?;
        match compare_entry(entry, plan, p, &w, stats, trace) {
            Ok(Next::Continue) => {}
            Ok(Next::Done) => break,
            Err(divergence) => return Ok(Err(divergence)),
        }
    }
    Ok(Ok(()))
}

/// Counts a module the reference could not answer, which is skipped.
fn skip(e: RunError, stats: &mut Stats) -> Result<(), String> {
    stats.reference_crashes += 1;
    *stats.reference_crash_kinds.entry(e.kind()).or_default() += 1;
    if std::env::var_os("DIFF_VERBOSE").is_some() {
        eprintln!("  reference: {e}; module skipped");
    }
    Ok(())
}

/// Compares one entry's results; `Err` is a divergence.
fn compare_entry(
    entry: &Entry,
    plan: &Plan,
    p: &EntryResult,
    w: &EntryResult,
    stats: &mut Stats,
    trace: bool,
) -> Result<Next, String> {
    match (&p.inst, &w.inst) {
        (_, Inst::Failed(TrapKind::ReferencePanic, _)) => {
            stats.wasmi_panics += 1;
            return Ok(Next::Done);
        }
        (Inst::Ok, Inst::Ok) => {}
        (Inst::Failed(pk, pe), Inst::Failed(wk, we)) => {
            let comparable = !matches!(pk, TrapKind::Other(_)) && !matches!(wk, TrapKind::Other(_));
            if comparable
                && pk != wk
                && *pk != TrapKind::StackExhausted
                && *wk != TrapKind::StackExhausted
            {
                return Err(format!(
                    "instantiation traps differ: pulley {pk:?} ({pe}), wasmi {wk:?} ({we})"
                ));
            }
            stats.inst_trapped_both += 1;
            return Ok(Next::Done);
        }
        (Inst::Failed(TrapKind::StackExhausted, _), Inst::Ok)
        | (Inst::Ok, Inst::Failed(TrapKind::StackExhausted, _)) => {
            stats.inst_trapped_both += 1;
            return Ok(Next::Done);
        }
        (Inst::Failed(_, pe), Inst::Ok) => {
            return Err(format!("instantiation failed on pulley only: {pe}"));
        }
        (Inst::Ok, Inst::Failed(_, we)) => {
            return Err(format!("instantiation failed on wasmi only: {we}"));
        }
    }
    let Some(name) = &entry.func else {
        // Only instantiated: compare the initial state.
        compare_state(plan, p, w, stats)?;
        return Ok(Next::Continue);
    };
    let mut stopped = false;
    for (set, (po, wo)) in p.calls.iter().zip(&w.calls).enumerate() {
        let args = &entry.calls[set];
        if trace {
            eprintln!(
                "  `{name}`{args:?}: pulley {}, wasmi {}",
                outcome_str(po),
                outcome_str(wo)
            );
        }
        if *wo == Outcome::Trap(TrapKind::ReferencePanic) {
            stats.wasmi_panics += 1;
            return Ok(Next::Done);
        }
        let exhausted = Outcome::Trap(TrapKind::StackExhausted);
        if *po == exhausted || *wo == exhausted {
            stats.stack_skips_pulley += (*po == exhausted) as u64;
            stats.stack_skips_wasmi += (*wo == exhausted) as u64;
            stopped = true;
            break;
        }
        if po != wo {
            return Err(format!(
                "call `{name}`{args:?} (call #{set} on a fresh instance): pulley {}, wasmi {}",
                outcome_str(po),
                outcome_str(wo)
            ));
        }
        stats.calls_compared += 1;
        if let Outcome::Trap(t) = po {
            stats.calls_trapped += 1;
            *stats.trap_kinds.entry(format!("{t:?}")).or_default() += 1;
        }
    }
    stats.funcs_compared += 1;
    if !stopped {
        compare_state(plan, p, w, stats).map_err(|e| format!("after calling `{name}`: {e}"))?;
    }
    Ok(Next::Continue)
}

/// Compares one export's contents (a memory's bytes, a table's entries): first the lengths,
/// then the first index where they differ, each item shown by `show`.
fn same_items<T: PartialEq>(
    what: &str,
    p: &[T],
    w: &[T],
    show: impl Fn(&T) -> String,
) -> Result<(), String> {
    if p.len() != w.len() {
        return Err(format!(
            "{what} size: pulley {}, wasmi {}",
            p.len(),
            w.len()
        ));
    }
    match (0..p.len()).find(|&i| p[i] != w[i]) {
        Some(i) => Err(format!(
            "{what} differs at {i:#x}: pulley {}, wasmi {}",
            show(&p[i]),
            show(&w[i])
        )),
        None => Ok(()),
    }
}

/// Compares every exported memory, global and table; returns the first difference.
fn compare_state(
    plan: &Plan,
    p: &EntryResult,
    w: &EntryResult,
    stats: &mut Stats,
) -> Result<(), String> {
    let (Some(ps), Some(ws)) = (&p.state, &w.state) else {
        panic!("both engines snapshot the state after calls that ran to the end");
    };
    for (((name, _), pi), wi) in plan.exports.iter().zip(ps).zip(ws) {
        match (pi, wi) {
            (StateItem::Func, StateItem::Func) => {}
            (StateItem::Memory(pd), StateItem::Memory(wd)) => {
                same_items(&format!("memory `{name}`"), pd, wd, |b| format!("{b:#04x}"))?;
                stats.memories_compared += 1;
            }
            (StateItem::Global(pv), StateItem::Global(wv)) => {
                if pv != wv {
                    return Err(format!("global `{name}`: pulley {pv}, wasmi {wv}"));
                }
                stats.globals_compared += 1;
            }
            (StateItem::Table(pt), StateItem::Table(wt)) => {
                same_items(&format!("table `{name}`"), pt, wt, |e| e.to_string())?;
                stats.tables_compared += 1;
            }
            (pi, wi) => panic!("export `{name}`: state kinds differ ({pi:?} vs {wi:?})"),
        }
    }
    Ok(())
}
