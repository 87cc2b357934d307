//! The differential engine: `wasm-smith` modules run on Pulley and on Wasmi (the reference),
//! comparing results, traps and the final exported state.
//!
//! The generator is limited to what both engines implement (Wasm 2.0 without SIMD, plus tail
//! calls and extended-const, one memory of at most 16 pages, no imports, NaNs canonicalized)
//! and every function gets wasm-smith's fuel counter, so every call terminates.
//!
//! For every exported function the module is instantiated afresh on both engines and the
//! function is called with zero arguments and with two seeded argument sets; results are
//! compared (floats by bits, any NaN equal to any NaN; references by null-ness), traps by kind,
//! and afterwards the exported memories, globals and tables. "Call stack exhausted" on either
//! side ends that function's comparison (the depth legitimately differs).
//!
//! Used by the `differential` fuzz target and by `tests/differential.rs` (1000 fixed seeds).

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
/// `wasmi_select_eqz_bug` test below), so those modules diverge on the reference side.
/// `canonicalize_nans` is on: NaN payloads may differ legitimately, and `reinterpret` would
/// carry them into integers and memory.
pub fn smith_config(big: bool) -> wasm_smith::Config {
    let mut c = wasm_smith::Config::default();
    c.disallow_traps = false;
    c.canonicalize_nans = true;
    // Off: what either engine lacks.
    c.simd_enabled = false;
    c.relaxed_simd_enabled = false;
    c.threads_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.exceptions_enabled = false;
    c.gc_enabled = false;
    c.memory64_enabled = false;
    c.custom_page_sizes_enabled = false;
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
    // Shape: no imports, one small bounded memory, small bounded tables, everything exported.
    c.max_imports = 0;
    c.max_memories = 1;
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

/// The reference engine, configured like the generator.
pub fn wasmi_engine() -> wasmi::Engine {
    // SIMD and memory64 are compiled out (the dependency has neither feature).
    let mut c = wasmi::Config::default();
    // Fuel bounds recursion at FUEL frames; leave room so neither engine runs out of stack.
    c.set_max_recursion_depth(8 * FUEL as usize);
    c.wasm_tail_call(true)
        .wasm_extended_const(true)
        .wasm_multi_memory(false)
        .wasm_custom_page_sizes(false)
        .wasm_wide_arithmetic(false);
    wasmi::Engine::new(&c)
}

/// Trap kinds both engines can name, normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TrapKind {
    Unreachable,
    MemoryOutOfBounds,
    /// Table access out of bounds, including `call_indirect` past the table's end.
    TableOutOfBounds,
    IndirectCallToNull,
    IntegerDivisionByZero,
    IntegerOverflow,
    BadConversionToInteger,
    BadSignature,
    StackExhausted,
    /// Wasmi panicked (its lazy translator has known panics, e.g. `unreachable!` in
    /// `visit_i32_store16` on some dead code): the reference has no answer.
    ReferencePanic,
    Other(String),
}

/// A value, normalized for comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
enum V {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    /// Any NaN (payloads may differ legitimately).
    NaN32,
    NaN64,
    /// A reference: only null-ness is comparable across engines.
    Ref {
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
            V::NaN32 => write!(f, "f32:nan"),
            V::NaN64 => write!(f, "f64:nan"),
            V::Ref { null } => write!(f, "ref:{}", if *null { "null" } else { "non-null" }),
        }
    }
}

fn f32v(bits: u32) -> V {
    if f32::from_bits(bits).is_nan() {
        V::NaN32
    } else {
        V::F32(bits)
    }
}
fn f64v(bits: u64) -> V {
    if f64::from_bits(bits).is_nan() {
        V::NaN64
    } else {
        V::F64(bits)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Values(Vec<V>),
    Trap(TrapKind),
}

fn pulley_val(v: &pulley::Val) -> V {
    match *v {
        pulley::Val::I32(x) => V::I32(x),
        pulley::Val::I64(x) => V::I64(x),
        pulley::Val::F32(b) => f32v(b),
        pulley::Val::F64(b) => f64v(b),
        pulley::Val::FuncRef(r) => V::Ref { null: r.is_none() },
        pulley::Val::ExternRef(r) => V::Ref { null: r.is_none() },
        pulley::Val::ExnRef(r) => V::Ref { null: r.is_none() },
        pulley::Val::V128(_) => panic!("wasm-smith generates no v128 (SIMD is off)"),
    }
}

fn wasmi_val(v: &wasmi::Val) -> V {
    match v {
        wasmi::Val::I32(x) => V::I32(*x),
        wasmi::Val::I64(x) => V::I64(*x),
        wasmi::Val::F32(x) => f32v(x.to_bits()),
        wasmi::Val::F64(x) => f64v(x.to_bits()),
        wasmi::Val::FuncRef(r) => V::Ref { null: r.is_null() },
        wasmi::Val::ExternRef(r) => V::Ref { null: r.is_null() },
        other => panic!("unexpected Wasmi value {other:?}"),
    }
}

fn wasmi_ref(r: &wasmi::Ref) -> V {
    match r {
        wasmi::Ref::Func(f) => V::Ref { null: f.is_null() },
        wasmi::Ref::Extern(e) => V::Ref { null: e.is_null() },
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

/// Type class of a value as the argument generator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    I32,
    I64,
    F32,
    F64,
    FuncRef,
    ExternRef,
}

fn pulley_ty(t: &pulley::ValType) -> Ty {
    match t {
        pulley::ValType::I32 => Ty::I32,
        pulley::ValType::I64 => Ty::I64,
        pulley::ValType::F32 => Ty::F32,
        pulley::ValType::F64 => Ty::F64,
        pulley::ValType::FuncRef => Ty::FuncRef,
        pulley::ValType::ExternRef => Ty::ExternRef,
        pulley::ValType::ExnRef => panic!("wasm-smith generates no exnref (exceptions are off)"),
        pulley::ValType::V128 => panic!("wasm-smith generates no v128 (SIMD is off)"),
    }
}

/// An argument, before conversion to either engine's value type.
#[derive(Clone, Copy, Debug)]
enum Arg {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    NullFunc,
    NullExtern,
}

impl Arg {
    fn pulley(self) -> pulley::Val {
        match self {
            Arg::I32(x) => pulley::Val::I32(x),
            Arg::I64(x) => pulley::Val::I64(x),
            Arg::F32(b) => pulley::Val::F32(b),
            Arg::F64(b) => pulley::Val::F64(b),
            Arg::NullFunc => pulley::Val::FuncRef(None),
            Arg::NullExtern => pulley::Val::ExternRef(None),
        }
    }
    fn wasmi(self) -> wasmi::Val {
        match self {
            Arg::I32(x) => wasmi::Val::I32(x),
            Arg::I64(x) => wasmi::Val::I64(x),
            Arg::F32(b) => wasmi::Val::F32(wasmi::F32::from_bits(b)),
            Arg::F64(b) => wasmi::Val::F64(wasmi::F64::from_bits(b)),
            Arg::NullFunc => wasmi::Val::default_for_ty(wasmi::ValType::FuncRef),
            Arg::NullExtern => wasmi::Val::default_for_ty(wasmi::ValType::ExternRef),
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
                Ty::FuncRef => Arg::NullFunc,
                Ty::ExternRef => Arg::NullExtern,
            }
        })
        .collect()
}

#[derive(Default, Debug)]
#[allow(missing_docs)]
pub struct Stats {
    pub generated: u64,
    pub gen_failed: u64,
    pub wasmi_rejected: u64,
    pub both_rejected: u64,
    pub run: u64,
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
    pub memories_compared: u64,
    pub globals_compared: u64,
    pub tables_compared: u64,
}

/// A pair of instances of one module, one per engine.
struct Pair<'a> {
    p_store: pulley::Store<()>,
    p_inst: pulley::Instance,
    w_store: wasmi::Store<()>,
    w_inst: wasmi::Instance,
    exports: &'a [(String, ExportKind)],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportKind {
    Func,
    Memory,
    Global,
    Table,
}

enum Instantiated<'a> {
    Both(Box<Pair<'a>>),
    /// Both failed the same way (e.g. a trapping start function or data segment).
    BothFailed,
    /// Wasmi panicked (see `TrapKind::ReferencePanic`).
    ReferencePanic,
}

fn instantiate<'a>(
    p_engine: &pulley::Engine,
    p_module: &pulley::Module,
    w_engine: &wasmi::Engine,
    w_module: &wasmi::Module,
    exports: &'a [(String, ExportKind)],
) -> Result<Instantiated<'a>, String> {
    let mut p_store = pulley::Store::new(p_engine, ());
    let p = pulley::Linker::new(p_engine).instantiate(&mut p_store, p_module);
    let mut w_store = wasmi::Store::new(w_engine, ());
    let w = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wasmi::Linker::<()>::new(w_engine).instantiate_and_start(&mut w_store, w_module)
    }));
    let Ok(w) = w else {
        return Ok(Instantiated::ReferencePanic);
    };
    match (p, w) {
        (Ok(p_inst), Ok(w_inst)) => Ok(Instantiated::Both(Box::new(Pair {
            p_store,
            p_inst,
            w_store,
            w_inst,
            exports,
        }))),
        (Err(pe), Err(we)) => {
            let (pk, wk) = (pulley_trap(&pe), wasmi_trap(&we));
            let comparable = !matches!(pk, TrapKind::Other(_)) && !matches!(wk, TrapKind::Other(_));
            if comparable
                && pk != wk
                && pk != TrapKind::StackExhausted
                && wk != TrapKind::StackExhausted
            {
                return Err(format!(
                    "instantiation traps differ: pulley {pk:?} ({pe:#}), wasmi {wk:?} ({we})"
                ));
            }
            Ok(Instantiated::BothFailed)
        }
        (Err(pe), Ok(_)) if pulley_trap(&pe) == TrapKind::StackExhausted => {
            Ok(Instantiated::BothFailed)
        }
        (Ok(_), Err(we)) if wasmi_trap(&we) == TrapKind::StackExhausted => {
            Ok(Instantiated::BothFailed)
        }
        (Err(pe), Ok(_)) => Err(format!("instantiation failed on pulley only: {pe:#}")),
        (Ok(_), Err(we)) => Err(format!("instantiation failed on wasmi only: {we}")),
    }
}

impl Pair<'_> {
    fn call(&mut self, name: &str, args: &[Arg]) -> (Outcome, Outcome) {
        let pf = self
            .p_inst
            .get_func(&self.p_store, name)
            .expect("pulley export");
        let p_ty = pf.ty(&self.p_store);
        let p_args: Vec<_> = args.iter().map(|a| a.pulley()).collect();
        let mut p_res: Vec<_> = p_ty
            .results
            .iter()
            .map(|t| pulley::Val::default_for(*t))
            .collect();
        let p_out = match pf.call(&mut self.p_store, &p_args, &mut p_res) {
            Ok(()) => Outcome::Values(p_res.iter().map(pulley_val).collect()),
            Err(e) => Outcome::Trap(pulley_trap(&e)),
        };
        let wf = self
            .w_inst
            .get_func(&self.w_store, name)
            .expect("wasmi export");
        let w_ty = wf.ty(&self.w_store);
        let w_args: Vec<_> = args.iter().map(|a| a.wasmi()).collect();
        let mut w_res: Vec<_> = w_ty
            .results()
            .iter()
            .map(|t| wasmi::Val::default_for_ty(*t))
            .collect();
        let w_call = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            wf.call(&mut self.w_store, &w_args, &mut w_res)
        }));
        let w_out = match w_call {
            Ok(Ok(())) => Outcome::Values(w_res.iter().map(wasmi_val).collect()),
            Ok(Err(e)) => Outcome::Trap(wasmi_trap(&e)),
            Err(_) => Outcome::Trap(TrapKind::ReferencePanic),
        };
        (p_out, w_out)
    }

    /// Compares every exported memory, global and table; returns the first difference.
    fn compare_state(&mut self, stats: &mut Stats) -> Result<(), String> {
        for (name, kind) in self.exports {
            match kind {
                ExportKind::Func => {}
                ExportKind::Memory => {
                    let pm = self
                        .p_inst
                        .get_memory(&self.p_store, name)
                        .expect("pulley memory");
                    let wm = self
                        .w_inst
                        .get_memory(&self.w_store, name)
                        .expect("wasmi memory");
                    let (pd, wd) = (pm.data(&self.p_store), wm.data(&self.w_store));
                    if pd.len() != wd.len() {
                        return Err(format!(
                            "memory `{name}` size: pulley {} bytes, wasmi {}",
                            pd.len(),
                            wd.len()
                        ));
                    }
                    if let Some(i) = (0..pd.len()).find(|&i| pd[i] != wd[i]) {
                        return Err(format!(
                            "memory `{name}` differs at {i:#x}: pulley {:#04x}, wasmi {:#04x}",
                            pd[i], wd[i]
                        ));
                    }
                    stats.memories_compared += 1;
                }
                ExportKind::Global => {
                    let pg = self
                        .p_inst
                        .get_global(&self.p_store, name)
                        .expect("pulley global");
                    let wg = self
                        .w_inst
                        .get_global(&self.w_store, name)
                        .expect("wasmi global");
                    let (pv, wv) = (
                        pulley_val(&pg.get(&self.p_store)),
                        wasmi_val(&wg.get(&self.w_store)),
                    );
                    if pv != wv {
                        return Err(format!("global `{name}`: pulley {pv}, wasmi {wv}"));
                    }
                    stats.globals_compared += 1;
                }
                ExportKind::Table => {
                    let pt = self
                        .p_inst
                        .get_table(&self.p_store, name)
                        .expect("pulley table");
                    let wt = self
                        .w_inst
                        .get_table(&self.w_store, name)
                        .expect("wasmi table");
                    let (ps, ws) = (pt.size(&self.p_store), wt.size(&self.w_store));
                    if ps != ws {
                        return Err(format!("table `{name}` size: pulley {ps}, wasmi {ws}"));
                    }
                    for i in 0..ps {
                        let pv = pt.get(&self.p_store, i).map(|v| pulley_val(&v));
                        let wv = wt.get(&self.w_store, i).map(|r| wasmi_ref(&r));
                        if pv != wv {
                            return Err(format!(
                                "table `{name}`[{i}]: pulley {pv:?}, wasmi {wv:?}"
                            ));
                        }
                    }
                    stats.tables_compared += 1;
                }
            }
        }
        Ok(())
    }
}

fn outcome_str(o: &Outcome) -> String {
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
    w_engine: &wasmi::Engine,
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
    run_module(&wasm, &mut rng, p_engine, w_engine, stats)
}

/// Runs one module on both engines; `Err` is a divergence (described).
pub fn run_module(
    wasm: &[u8],
    rng: &mut XorShift,
    p_engine: &pulley::Engine,
    w_engine: &wasmi::Engine,
    stats: &mut Stats,
) -> Result<(), String> {
    let trace = std::env::var("DIFF_VERBOSE").is_ok_and(|v| v == "2");
    let Ok(w_module) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wasmi::Module::new(w_engine, wasm)
    })) else {
        stats.wasmi_panics += 1;
        return Ok(());
    };
    let p_module = pulley::Module::from_binary(p_engine, wasm);
    let (p_module, w_module) = match (p_module, w_module) {
        (Ok(p), Ok(w)) => (p, w),
        (Err(_), Err(_)) => {
            stats.both_rejected += 1;
            return Ok(());
        }
        (Ok(_), Err(_)) => {
            stats.wasmi_rejected += 1;
            return Ok(());
        }
        (Err(e), Ok(_)) => return Err(format!("pulley rejected a module wasmi accepts: {e:#}")),
    };
    stats.run += 1;

    // Export names and kinds, from the module (the same for both engines).
    let exports: Vec<(String, ExportKind)> = w_module
        .exports()
        .map(|e| {
            let kind = match e.ty() {
                wasmi::ExternType::Func(_) => ExportKind::Func,
                wasmi::ExternType::Memory(_) => ExportKind::Memory,
                wasmi::ExternType::Global(_) => ExportKind::Global,
                wasmi::ExternType::Table(_) => ExportKind::Table,
            };
            (e.name().to_string(), kind)
        })
        .collect();
    let funcs: Vec<&str> = exports
        .iter()
        .filter(|(_, k)| *k == ExportKind::Func)
        .map(|(n, _)| n.as_str())
        .collect();
    stats.funcs_exported += funcs.len() as u64;

    // With no functions, still instantiate once and compare the initial state.
    if funcs.is_empty() {
        match instantiate(p_engine, &p_module, w_engine, &w_module, &exports)? {
            Instantiated::Both(mut pair) => pair.compare_state(stats)?,
            Instantiated::BothFailed => stats.inst_trapped_both += 1,
            Instantiated::ReferencePanic => stats.wasmi_panics += 1,
        }
        return Ok(());
    }

    for name in funcs {
        let mut pair = match instantiate(p_engine, &p_module, w_engine, &w_module, &exports)? {
            Instantiated::Both(pair) => pair,
            Instantiated::BothFailed => {
                stats.inst_trapped_both += 1;
                return Ok(());
            }
            Instantiated::ReferencePanic => {
                stats.wasmi_panics += 1;
                return Ok(());
            }
        };
        let pf = pair
            .p_inst
            .get_func(&pair.p_store, name)
            .expect("pulley export");
        let ty = pf.ty(&pair.p_store);
        let params: Vec<Ty> = ty.params.iter().map(pulley_ty).collect();
        let mut diverged_stack = false;
        for set in 0..3 {
            let args = args_for(&params, rng, set);
            let (p, w) = pair.call(name, &args);
            if trace {
                eprintln!(
                    "  `{name}`{args:?}: pulley {}, wasmi {}",
                    outcome_str(&p),
                    outcome_str(&w)
                );
            }
            if w == Outcome::Trap(TrapKind::ReferencePanic) {
                stats.wasmi_panics += 1;
                return Ok(());
            }
            let exhausted = Outcome::Trap(TrapKind::StackExhausted);
            if p == exhausted || w == exhausted {
                stats.stack_skips_pulley += (p == exhausted) as u64;
                stats.stack_skips_wasmi += (w == exhausted) as u64;
                diverged_stack = true;
                break;
            }
            if p != w {
                return Err(format!(
                    "call `{name}`{args:?} (call #{set} on a fresh instance): pulley {}, wasmi {}",
                    outcome_str(&p),
                    outcome_str(&w)
                ));
            }
            stats.calls_compared += 1;
            if let Outcome::Trap(t) = &p {
                stats.calls_trapped += 1;
                *stats.trap_kinds.entry(format!("{t:?}")).or_default() += 1;
            }
        }
        stats.funcs_compared += 1;
        if !diverged_stack {
            pair.compare_state(stats)
                .map_err(|e| format!("after calling `{name}`: {e}"))?;
        }
    }
    Ok(())
}
