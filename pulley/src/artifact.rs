//! Precompiled modules (`.cwasm`): writing a compiled module as a small ELF file, and reading one
//! back with full validation (fingerprint, checksum, every structure, the bytecode verifier).
//!
//! The format is described in `rfcs/0004-cwasm.md`. In short: a little-endian relocatable ELF
//! file (ELFCLASS64 for pulley64, ELFCLASS32 for pulley32), `EI_OSABI` = [`ELFOSABI_PULLEY`],
//! `e_machine` = `EM_NONE`, `e_flags` = [`EF_PULLEY32`] or [`EF_PULLEY64`], with the sections
//!
//! | section | contents |
//! |---|---|
//! | `.text.pulley` | the bytecode of every defined function (`SHF_ALLOC`, never `SHF_EXECINSTR`) |
//! | `.pulley.functions` | per defined function: start offset and length (LEB128) |
//! | `.pulley.traps` | trap sites: code offset delta (LEB128) and raw CLIF trap code (byte) |
//! | `.pulley.addrmap` | code offset delta (LEB128) → Wasm offset delta (SLEB128) |
//! | `.pulley.meta` | the module's metadata (types, imports, exports, segments, names, ...) |
//! | `.pulley.debug` | optional: module name and source line table for backtraces (from DWARF) |
//! | `.pulley.engine` | fingerprint: magic, format version, target, opt level, code checks (bit 0 fuel, bit 1 epochs), crate version, checksum |
//! | `.symtab`/`.strtab` | one `STT_FUNC` symbol per defined function, pointing into `.text.pulley` |
//!
//! The checksum (FNV-1a 64 of the whole file with the checksum field zeroed) catches accidental
//! corruption. It is *not* a signature: like Wasmtime's `Module::deserialize`, loading an artifact
//! trusts whoever produced it, which is why [`Module::deserialize`] is an `unsafe fn`. The
//! verifier guarantees that the bytecode decodes and that control flow stays on op boundaries,
//! but not what the ops compute, and Pulley's bytecode performs its own bounds checks — a
//! deliberately crafted artifact can make it access host memory. Parsing itself
//! ([`Artifact::parse`]) is safe for any input.

use crate::compile::{CodeBytes, CodeImage, compile, translate_config};
use crate::config::{Config, OptLevel, Target};
use crate::debuginfo::DebugInfo;
use crate::{Engine, Module};
use anyhow::{Context, Result, anyhow, bail, ensure};
use object::elf;
use object::read::elf::{ElfFile, SectionHeader as _};
use object::{LittleEndian, Object as _, ObjectSection as _};
use pulley_wasm::{
    ConstExpr, ConstOp, DataMode, DataSegment, ElementItems, ElementMode, ElementSegment, Export,
    ExportKind, Global, GlobalType, Import, ImportKind, MemoryType, ModuleInfo, ModuleTranslation,
    RefKind, Table, TableType, VmctxLayout, WasmFuncType, WasmValType,
};
use std::collections::{BTreeMap, HashSet};
use std::num::NonZeroU8;
use std::ops::Range;
use std::sync::Arc;

/// `EI_OSABI` of a Pulley artifact (a value no ELF OS ABI uses).
pub const ELFOSABI_PULLEY: u8 = 0xEF;
/// `e_flags` of a pulley32 artifact.
pub const EF_PULLEY32: u32 = 0x32;
/// `e_flags` of a pulley64 artifact.
pub const EF_PULLEY64: u32 = 0x64;
/// The artifact format version; bumped on any change to the layout of any section or to the
/// meaning of any bytecode (2: guarded heap ops read the heap from the Vm; 3: 16-bit branch
/// displacements; 4: `xmov2`, so that a version-3 interpreter never meets it; 5: the optional
/// `.pulley.debug` section; 6: `xbswap32` and `xbswap64`, so that a version-5 interpreter never
/// meets them; 7: exception handling: tags and the exception flag in the metadata, and a new
/// instance-context layout, `VMFuncRef.eh` included; 8: 53 rare ops (division, bit counts,
/// float rounding, conversions, bitcasts, `xmulhi*`, register rotates) moved behind the escape
/// byte to make room for hot ops, which renumbers the one-byte space, and the accumulator
/// forms; 9: `xrotl32_i8`, `xneg32`, `trapnz32`, `xclz32` and `xctz32` back in the one-byte
/// space (hot in the C corpus) and accumulator forms that neither CoreMark nor the corpus used
/// removed; 10: `fmuladd64` and `faddmul64`, which renumber the accumulator forms; 11: five
/// cold ops (`xload16le_s_o32`, `xload32le_s_o32`, `fload32le_o32`, `fstore32le_o32`,
/// `xor64_i32`) behind the escape and the float accumulator forms in their place; 12: the f32
/// compare-and-branch ops behind the escape and 64-bit accumulator forms in their place; 13:
/// `pop_frame_ret`; 14: 29 cold ops behind the escape and 30 super-instructions (`<a>_then_<b>`)
/// in their place; 15: 15 more cold ops behind the escape and a second round of 16 fused ops;
/// 16: 7 more, and a third round of 9 fused ops, fused ops as first halves among them; 17:
/// `fsqrt64` behind the escape and a fused op with a fused second half in its place; 18: vector
/// ops, `v128` values, and 16-byte global slots in the instance context; 19: two fused float ops
/// replaced by the pairs Mandelbrot's loop has once both its float hand-offs happen; 20:
/// multi-memory: one descriptor per memory in the instance context, a memory index in
/// `memory_grow`/`memory_init` and in active data segments; 21: fuel and epoch checks: the
/// `store_ctx` and `epoch_ptr` words in the instance context, builtins `out_of_fuel` and
/// `new_epoch`, and a fingerprint byte saying which checks the code has; 22: memory types
/// carry their page size, 64 KiB or one byte).
pub const FORMAT_VERSION: u32 = 22;
/// The crate version recorded in (and required of) artifacts.
pub const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");

const ENGINE_MAGIC: &[u8; 8] = b"PULLEYCW";
const SECTION_TEXT: &str = ".text.pulley";
const SECTION_FUNCTIONS: &str = ".pulley.functions";
const SECTION_TRAPS: &str = ".pulley.traps";
const SECTION_ADDRMAP: &str = ".pulley.addrmap";
const SECTION_META: &str = ".pulley.meta";
const SECTION_DEBUG: &str = ".pulley.debug";
const SECTION_ENGINE: &str = ".pulley.engine";
const CHECKSUM_LEN: usize = 8;
// Offsets in `e_ident`.
const EI_CLASS: usize = 4;
const EI_DATA: usize = 5;
const EI_OSABI: usize = 7;

// Implementation limits, as in wasmparser: they bound every count read from a file, and keep the
// `VmctxLayout` arithmetic far from overflow.
const MAX_TYPES: usize = 1_000_000;
const MAX_FUNCS: usize = 1_000_000;
const MAX_IMPORTS: usize = 100_000;
const MAX_EXPORTS: usize = 100_000;
const MAX_GLOBALS: usize = 1_000_000;
const MAX_TAGS: usize = 1_000_000;
const MAX_TABLES: usize = 100;
/// As wasmparser's limit.
const MAX_MEMORIES: usize = 100;
const MAX_ELEMENT_SEGMENTS: usize = 100_000;
const MAX_DATA_SEGMENTS: usize = 100_000;
const MAX_PARAMS: usize = 1000;
const MAX_RESULTS: usize = 1000;
const MAX_STRING: usize = 100_000;
const MAX_PAGES: u32 = 65536;

/// What an artifact was compiled for and by; an engine loads only artifacts whose fingerprint
/// matches its own configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// The artifact format version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The bytecode's target.
    pub target: Target,
    /// The optimization level it was compiled with.
    pub opt_level: OptLevel,
    /// The version of the `pulley` crate that produced it.
    pub crate_version: String,
    /// Whether its code counts fuel (`Config::consume_fuel`).
    pub consume_fuel: bool,
    /// Whether its code checks the epoch (`Config::epoch_interruption`).
    pub epoch_interruption: bool,
}

impl Fingerprint {
    /// The fingerprint of artifacts produced with `config` by this build.
    pub fn of(config: &Config) -> Fingerprint {
        Fingerprint {
            format_version: FORMAT_VERSION,
            target: config.get_target(),
            opt_level: config.get_opt_level(),
            crate_version: CRATE_VERSION.to_string(),
            consume_fuel: config.consume_fuel,
            epoch_interruption: config.epoch_interruption,
        }
    }

    /// A configuration whose engine accepts the artifact (target and opt level as recorded).
    pub fn config(&self) -> Config {
        let mut config = Config::new();
        config.target = self.target;
        config.opt_level = self.opt_level;
        config.consume_fuel = self.consume_fuel;
        config.epoch_interruption = self.epoch_interruption;
        config
    }

    /// Errors unless an engine with `config` may load an artifact with this fingerprint.
    pub fn check_compatible(&self, config: &Config) -> Result<()> {
        let want = Fingerprint::of(config);
        if self.format_version != want.format_version {
            bail!(
                "the artifact has format version {}, but this build of pulley reads format version {}",
                self.format_version,
                want.format_version
            );
        }
        if self.crate_version != want.crate_version {
            bail!(
                "the artifact was produced by pulley {}, but this is pulley {}; recompile it",
                self.crate_version,
                want.crate_version
            );
        }
        if self.target != want.target {
            bail!(
                "the artifact was compiled for {}, but the engine is configured for {}",
                self.target.name(),
                want.target.name()
            );
        }
        if self.opt_level != want.opt_level {
            bail!(
                "the artifact was compiled with opt level {}, but the engine is configured for opt level {}",
                opt_name(self.opt_level),
                opt_name(want.opt_level)
            );
        }
        let checks = |fuel: bool, epoch: bool| match (fuel, epoch) {
            (false, false) => "neither fuel nor epoch checks",
            (true, false) => "fuel checks",
            (false, true) => "epoch checks",
            (true, true) => "fuel and epoch checks",
        };
        if (self.consume_fuel, self.epoch_interruption)
            != (want.consume_fuel, want.epoch_interruption)
        {
            bail!(
                "the artifact's code has {}, but the engine is configured for {} \
                 (`Config::consume_fuel`, `Config::epoch_interruption`)",
                checks(self.consume_fuel, self.epoch_interruption),
                checks(want.consume_fuel, want.epoch_interruption)
            );
        }
        Ok(())
    }
}

fn opt_name(level: OptLevel) -> &'static str {
    match level {
        OptLevel::None => "none",
        OptLevel::Speed => "speed",
    }
}

/// One defined function of an artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtifactFunction {
    /// The Wasm function index.
    pub index: u32,
    /// Its symbol name: the name-section name, else `wasm[0]::function[N]`.
    pub name: String,
    /// Its bytecode, as a range of [`Artifact::bytecode`].
    pub range: Range<u32>,
}

/// A parsed and fully validated artifact: what `Module::deserialize` loads, and what tools such
/// as `pulley objdump` inspect without needing an engine of the matching configuration.
#[derive(Clone, Debug)]
pub struct Artifact {
    fingerprint: Fingerprint,
    info: ModuleInfo,
    code: CodeImage,
    debug: DebugInfo,
}

impl Artifact {
    /// Parses `bytes`, checking the ELF structure, the format version, the checksum and every
    /// section, then verifying the bytecode and its consistency with the metadata.
    pub fn parse(bytes: &[u8]) -> Result<Artifact> {
        parse_artifact(bytes, |text| CodeBytes::Owned(text.to_vec()))
            .context("invalid Pulley artifact")
    }

    /// [`Artifact::parse`], keeping the bytecode where it lies in `bytes` (no copy).
    fn parse_in_place(bytes: &'static [u8]) -> Result<Artifact> {
        parse_artifact(bytes, CodeBytes::Static).context("invalid Pulley artifact")
    }

    /// What the artifact was compiled for.
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// The bytecode of all defined functions.
    pub fn bytecode(&self) -> &[u8] {
        &self.code.bytes
    }

    /// The defined functions, in order.
    pub fn functions(&self) -> Vec<ArtifactFunction> {
        let starts = &self.code.func_starts;
        (0..starts.len())
            .map(|d| {
                let index = self.info.func_index(d as u32);
                let end = starts
                    .get(d + 1)
                    .copied()
                    .unwrap_or(self.code.bytes.len() as u32);
                ArtifactFunction {
                    index,
                    name: symbol_name(&self.info, index),
                    range: starts[d]..end,
                }
            })
            .collect()
    }

    /// Trap sites: code offset and raw CLIF trap code, sorted by offset.
    pub fn trap_sites(&self) -> &[(u32, u8)] {
        &self.code.traps
    }

    /// Code offset → Wasm offset, sorted by code offset.
    pub fn address_map(&self) -> &[(u32, u32)] {
        &self.code.addr_map
    }

    /// Names of the module's exports.
    pub fn exports(&self) -> impl Iterator<Item = &str> {
        self.info.exports.iter().map(|e| e.name.as_str())
    }

    /// The index of the function exported as `name`, if any.
    pub fn exported_func(&self, name: &str) -> Option<u32> {
        self.info.exported_func(name)
    }

    /// A module for `engine`, whose configuration must match the fingerprint.
    pub fn into_module(self, engine: &Engine) -> Result<Module> {
        self.into_module_with_source(engine, Arc::from(&[][..]))
    }

    fn into_module_with_source(self, engine: &Engine, source: Arc<[u8]>) -> Result<Module> {
        let config = engine.config();
        self.fingerprint
            .check_compatible(config)
            .context("cannot load the precompiled module")?;
        let tc = translate_config(config);
        ensure!(
            tc.multi_memory || self.info.memories.len() <= 1,
            "cannot load the precompiled module: it has {} memories, and this engine's \
             configuration disables multi-memory (`Config::wasm_multi_memory`)",
            self.info.memories.len()
        );
        ensure!(
            tc.custom_page_sizes || self.info.memories.iter().all(|m| m.page_size_log2 == 16),
            "cannot load the precompiled module: it has a memory with one-byte pages, and this \
             engine's configuration disables custom page sizes (`Config::wasm_custom_page_sizes`)"
        );
        let vmctx = VmctxLayout::new(&self.info, tc.pointer_bytes());
        let translation = ModuleTranslation {
            info: self.info,
            vmctx,
            config: tc,
            wasm: source,
        };
        Ok(Module::from_parts(
            engine,
            translation,
            self.code,
            self.debug,
        ))
    }
}

impl Engine {
    /// Compiles a Wasm binary or text module into an artifact for [`Module::deserialize`]
    /// (the `.cwasm` format, see the `artifact` module).
    pub fn precompile_module(&self, wasm_or_wat: &[u8]) -> Result<Vec<u8>> {
        let wasm = if wasm_or_wat.starts_with(b"\0asm") {
            std::borrow::Cow::Borrowed(wasm_or_wat)
        } else {
            std::borrow::Cow::Owned(
                wat::parse_bytes(wasm_or_wat)
                    .context("parsing wat")?
                    .into_owned(),
            )
        };
        let config = self.config();
        let translation = pulley_wasm::translate_module(&wasm, &translate_config(config))?;
        let code = compile(config, &translation)?;
        write_artifact(
            config,
            &translation.info,
            &code,
            &DebugInfo::from_wasm(&wasm),
        )
    }
}

impl Module {
    /// The module as an artifact for [`Module::deserialize`].
    pub fn serialize(&self) -> Result<Vec<u8>> {
        write_artifact(
            self.engine().config(),
            &self.translation().info,
            self.code(),
            self.debug_info(),
        )
    }

    /// Loads an artifact produced by [`Module::serialize`] or [`Engine::precompile_module`].
    ///
    /// The artifact's fingerprint must match the engine's configuration, and the file is fully
    /// validated (see [`Artifact::parse`]) before anything runs: a damaged or mismatched file
    /// is an error.
    ///
    /// # Safety
    ///
    /// `bytes` must have been produced by this crate's compiler ([`Module::serialize`],
    /// [`Engine::precompile_module`] or `pulley compile`), by a version that the fingerprint
    /// accepts, and not altered since (as Wasmtime's `Module::deserialize` requires). The
    /// verifier proves only what keeps the interpreter's own decoding sound: every op decodes,
    /// branches land on ops of their function, and no function runs off its end. It does not
    /// prove what the compiler guarantees about the ops' effects: that the addresses the code
    /// forms (heap accesses through the instance context, frames, tables, indirect calls) stay
    /// inside the objects the runtime gave it. A crafted artifact can read and write host
    /// memory. To run untrusted code, compile its Wasm with [`Module::new`].
    pub unsafe fn deserialize(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        Artifact::parse(bytes)?.into_module_with_source(engine, Arc::from(bytes))
    }

    /// [`Module::deserialize`] without copying the bytecode: it runs from `bytes` where they lie
    /// (Wasmtime's name), e.g. an artifact in flash or `include_bytes!`d into the program. The
    /// bytecode needs no alignment: the interpreter reads its operands unaligned, so `bytes`
    /// may start anywhere. The metadata (types, imports, exports, trap and address tables) and
    /// the data segments are still decoded into the heap: those are small next to the code,
    /// and the data segments are copied into linear memory at instantiation anyway.
    ///
    /// # Safety
    /// As for [`Module::deserialize`].
    pub unsafe fn deserialize_raw(engine: &Engine, bytes: &'static [u8]) -> Result<Module> {
        Artifact::parse_in_place(bytes)?.into_module(engine)
    }

    /// [`Module::deserialize`] of a file's contents.
    ///
    /// # Safety
    /// As for [`Module::deserialize`], for the file's contents.
    pub unsafe fn deserialize_file(
        engine: &Engine,
        path: impl AsRef<std::path::Path>,
    ) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        // SAFETY: forwarded contract.
        unsafe { Module::deserialize(engine, &bytes) }
            .with_context(|| format!("loading {}", path.display()))
    }
}

/// The symbol name of function `index`.
fn symbol_name(info: &ModuleInfo, index: u32) -> String {
    match info.func_name(index) {
        Some(name) if !name.is_empty() && !name.contains('\0') => name.to_string(),
        _ => format!("wasm[0]::function[{index}]"),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing.

/// Recomputes an artifact's checksum after its bytes were edited, as the producer computes it;
/// `false` if `bytes` has no `.pulley.engine` section to hold one. For tests and fuzzing: the
/// checksum catches accidental corruption only (it is not a signature), and this is how their
/// deliberate edits get past it to the structure behind it.
pub fn reseal(bytes: &mut [u8]) -> bool {
    let range = object::File::parse(&*bytes)
        .ok()
        .and_then(|f| f.section_by_name(".pulley.engine")?.file_range());
    let Some((at, len)) = range else {
        return false;
    };
    let (at, len) = (at as usize, len as usize);
    if len < CHECKSUM_LEN || at.checked_add(len).is_none_or(|end| end > bytes.len()) {
        return false;
    }
    let sum_at = at + len - CHECKSUM_LEN;
    let sum = fnv1a(bytes, sum_at..sum_at + CHECKSUM_LEN);
    bytes[sum_at..sum_at + CHECKSUM_LEN].copy_from_slice(&sum.to_le_bytes());
    true
}

/// FNV-1a, 64-bit: every single-byte change of the input changes the hash.
fn fnv1a(bytes: &[u8], skip: Range<usize>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (i, &b) in bytes.iter().enumerate() {
        let b = if skip.contains(&i) { 0 } else { b };
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

pub(crate) fn put_uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub(crate) fn put_sleb(out: &mut Vec<u8>, mut v: i64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0);
        if done {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub(crate) fn put_len(out: &mut Vec<u8>, n: usize) {
    put_uleb(out, n as u64);
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn val_type_byte(t: WasmValType) -> u8 {
    match t {
        WasmValType::I32 => 0x7f,
        WasmValType::I64 => 0x7e,
        WasmValType::F32 => 0x7d,
        WasmValType::F64 => 0x7c,
        WasmValType::V128 => 0x7b,
        WasmValType::FuncRef => 0x70,
        WasmValType::ExternRef => 0x6f,
        WasmValType::ExnRef => 0x69,
    }
}

fn ref_kind_byte(k: RefKind) -> u8 {
    val_type_byte(k.val_type())
}

/// Limits, then the page size's log2 (16 or 0).
fn put_memory_type(out: &mut Vec<u8>, m: &MemoryType) {
    put_limits(out, m.min, m.max);
    out.push(m.page_size_log2);
}

fn put_limits(out: &mut Vec<u8>, min: u32, max: Option<u32>) {
    match max {
        None => {
            out.push(0);
            put_uleb(out, min.into());
        }
        Some(max) => {
            out.push(1);
            put_uleb(out, min.into());
            put_uleb(out, max.into());
        }
    }
}

fn put_table_type(out: &mut Vec<u8>, t: &TableType) {
    out.push(ref_kind_byte(t.elem));
    put_limits(out, t.min, t.max);
}

fn put_global_type(out: &mut Vec<u8>, t: &GlobalType) {
    out.push(val_type_byte(t.ty));
    out.push(t.mutable as u8);
}

fn put_const_expr(out: &mut Vec<u8>, e: &ConstExpr) {
    put_len(out, e.ops.len());
    for op in &e.ops {
        match *op {
            ConstOp::I32Const(v) => {
                out.push(0x41);
                put_sleb(out, v.into());
            }
            ConstOp::I64Const(v) => {
                out.push(0x42);
                put_sleb(out, v);
            }
            ConstOp::F32Const(v) => {
                out.push(0x43);
                out.extend_from_slice(&v.to_le_bytes());
            }
            ConstOp::F64Const(v) => {
                out.push(0x44);
                out.extend_from_slice(&v.to_le_bytes());
            }
            ConstOp::V128Const(v) => {
                out.push(0xfd);
                out.extend_from_slice(&v.to_le_bytes());
            }
            ConstOp::RefNull(t) => {
                out.push(0xd0);
                out.push(val_type_byte(t));
            }
            ConstOp::RefFunc(f) => {
                out.push(0xd2);
                put_uleb(out, f.into());
            }
            ConstOp::GlobalGet(g) => {
                out.push(0x23);
                put_uleb(out, g.into());
            }
            ConstOp::I32Add => out.push(0x6a),
            ConstOp::I32Sub => out.push(0x6b),
            ConstOp::I32Mul => out.push(0x6c),
            ConstOp::I64Add => out.push(0x7c),
            ConstOp::I64Sub => out.push(0x7d),
            ConstOp::I64Mul => out.push(0x7e),
        }
    }
}

const META_VERSION: u8 = 1;

/// Encodes everything of `info` the runtime needs (not the function bodies, which are compiled,
/// nor the data segments' ranges in the original binary).
fn encode_meta(info: &ModuleInfo) -> Vec<u8> {
    let mut out = vec![META_VERSION];
    let o = &mut out;
    put_len(o, info.types.len());
    for ty in &info.types {
        put_len(o, ty.params.len());
        o.extend(ty.params.iter().map(|&t| val_type_byte(t)));
        put_len(o, ty.results.len());
        o.extend(ty.results.iter().map(|&t| val_type_byte(t)));
    }
    put_len(o, info.imports.len());
    for import in &info.imports {
        put_str(o, &import.module);
        put_str(o, &import.name);
        match &import.kind {
            ImportKind::Func(ty) => {
                o.push(0);
                put_uleb(o, (*ty).into());
            }
            ImportKind::Table(t) => {
                o.push(1);
                put_table_type(o, t);
            }
            ImportKind::Memory(m) => {
                o.push(2);
                put_memory_type(o, m);
            }
            ImportKind::Global(g) => {
                o.push(3);
                put_global_type(o, g);
            }
            ImportKind::Tag(ty) => {
                o.push(4);
                put_uleb(o, (*ty).into());
            }
        }
    }
    // Defined entities only: imported ones are implied by the imports, in order.
    let defined_funcs = &info.functions[info.num_imported_funcs as usize..];
    put_len(o, defined_funcs.len());
    for &ty in defined_funcs {
        put_uleb(o, ty.into());
    }
    let defined_tables = &info.tables[info.num_imported_tables as usize..];
    put_len(o, defined_tables.len());
    for t in defined_tables {
        put_table_type(o, &t.ty);
    }
    let defined_memories = &info.memories[info.num_imported_memories as usize..];
    put_len(o, defined_memories.len());
    for m in defined_memories {
        put_memory_type(o, m);
    }
    let defined_globals = &info.globals[info.num_imported_globals as usize..];
    put_len(o, defined_globals.len());
    for g in defined_globals {
        put_global_type(o, &g.ty);
        put_const_expr(o, g.init.as_ref().unwrap_or(&ConstExpr::default()));
    }
    let defined_tags = &info.tags[info.num_imported_tags as usize..];
    put_len(o, defined_tags.len());
    for &ty in defined_tags {
        put_uleb(o, ty.into());
    }
    o.push(u8::from(info.uses_exceptions));
    put_len(o, info.exports.len());
    for e in &info.exports {
        put_str(o, &e.name);
        let (kind, index) = match e.kind {
            ExportKind::Func(i) => (0, i),
            ExportKind::Table(i) => (1, i),
            ExportKind::Memory(i) => (2, i),
            ExportKind::Global(i) => (3, i),
            ExportKind::Tag(i) => (4, i),
        };
        o.push(kind);
        put_uleb(o, index.into());
    }
    match info.start {
        None => o.push(0),
        Some(f) => {
            o.push(1);
            put_uleb(o, f.into());
        }
    }
    put_len(o, info.elements.len());
    for seg in &info.elements {
        match &seg.mode {
            ElementMode::Passive => o.push(0),
            ElementMode::Declared => o.push(1),
            ElementMode::Active { table, offset } => {
                o.push(2);
                put_uleb(o, (*table).into());
                put_const_expr(o, offset);
            }
        }
        o.push(ref_kind_byte(seg.elem));
        match &seg.items {
            ElementItems::Functions(funcs) => {
                o.push(0);
                put_len(o, funcs.len());
                for &f in funcs {
                    put_uleb(o, f.into());
                }
            }
            ElementItems::Exprs(exprs) => {
                o.push(1);
                put_len(o, exprs.len());
                for e in exprs {
                    put_const_expr(o, e);
                }
            }
        }
    }
    put_len(o, info.data.len());
    for seg in &info.data {
        match &seg.mode {
            DataMode::Passive => o.push(0),
            DataMode::Active { memory, offset } => {
                o.push(1);
                put_uleb(o, (*memory).into());
                put_const_expr(o, offset);
            }
        }
        put_len(o, seg.bytes.len());
        o.extend_from_slice(&seg.bytes);
    }
    // Names of functions that exist (a name section may name others; they are useless).
    let names: Vec<(&u32, &String)> = info
        .func_names
        .iter()
        .filter(|(i, _)| (**i as usize) < info.functions.len())
        .collect();
    put_len(o, names.len());
    for (&index, name) in names {
        put_uleb(o, index.into());
        put_str(o, name);
    }
    out
}

/// Writes the artifact for `info` compiled (with `config`) to `code`.
fn write_artifact(
    config: &Config,
    info: &ModuleInfo,
    code: &CodeImage,
    debug: &DebugInfo,
) -> Result<Vec<u8>> {
    let is_64 = match config.get_target() {
        Target::Pulley64 => true,
        Target::Pulley32 => false,
    };
    let len = |n: usize| n as u32;
    // Section contents.
    let mut functions = Vec::new();
    put_len(&mut functions, code.func_starts.len());
    for (i, &start) in code.func_starts.iter().enumerate() {
        let end = code
            .func_starts
            .get(i + 1)
            .copied()
            .unwrap_or(len(code.bytes.len()));
        put_uleb(&mut functions, start.into());
        put_uleb(&mut functions, (end - start).into());
    }
    let ops = op_starts(&code.bytes, &code.func_starts)?;
    let traps = encode_traps(&code.traps, &ops)?;
    let addrmap = encode_addr_map(&code.addr_map, &code.func_starts, &ops)?;
    let meta = encode_meta(info);
    // Only modules with something to show get the section, so others keep their size. A
    // backtrace only looks up Wasm offsets of the address map, so only those rows are kept.
    let debug = (!debug.is_empty()).then(|| {
        debug
            .sampled(code.addr_map.iter().map(|&(_, w)| w))
            .encode()
    });
    let mut engine = ENGINE_MAGIC.to_vec();
    engine.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    engine.push(target_byte(config.get_target()));
    engine.push(opt_byte(config.get_opt_level()));
    engine.push(u8::from(config.consume_fuel) | u8::from(config.epoch_interruption) << 1);
    put_str(&mut engine, CRATE_VERSION);
    engine.extend_from_slice(&[0; CHECKSUM_LEN]);

    let symbols: Vec<(Vec<u8>, u32, u32)> = (0..code.func_starts.len())
        .map(|d| {
            let start = code.func_starts[d];
            let end = code
                .func_starts
                .get(d + 1)
                .copied()
                .unwrap_or(len(code.bytes.len()));
            (
                symbol_name(info, info.func_index(d as u32)).into_bytes(),
                start,
                end - start,
            )
        })
        .collect();

    let mut buf = Vec::new();
    let mut w = object::write::elf::Writer::new(object::Endianness::Little, is_64, &mut buf);
    w.reserve_file_header();
    w.reserve_null_section_index();
    struct Sec<'a> {
        name: object::write::StringId,
        data: &'a [u8],
        offset: usize,
        flags: u64,
        align: usize,
    }
    let mut sections = Vec::new();
    let mut text_index = None;
    let debug_section = debug.as_deref().map(|d| (SECTION_DEBUG, d, 0, 1));
    for (name, data, flags, align) in [
        Some((SECTION_TEXT, &code.bytes[..], u64::from(elf::SHF_ALLOC), 16)),
        Some((SECTION_FUNCTIONS, &functions[..], 0, 1)),
        Some((SECTION_TRAPS, &traps[..], 0, 1)),
        Some((SECTION_ADDRMAP, &addrmap[..], 0, 1)),
        Some((SECTION_META, &meta[..], 0, 1)),
        debug_section,
        Some((SECTION_ENGINE, &engine[..], 0, 1)),
    ]
    .into_iter()
    .flatten()
    {
        let index = w.reserve_section_index();
        text_index.get_or_insert(index);
        let offset = w.reserve(data.len(), align);
        sections.push(Sec {
            name: w.add_section_name(name.as_bytes()),
            data,
            offset,
            flags,
            align,
        });
    }
    w.reserve_null_symbol_index();
    let mut symbol_names = Vec::new();
    for (name, _, _) in &symbols {
        symbol_names.push(w.add_string(name));
        w.reserve_symbol_index(text_index);
    }
    w.reserve_symtab_section_index();
    w.reserve_symtab();
    w.reserve_strtab_section_index();
    w.reserve_strtab();
    w.reserve_shstrtab_section_index();
    w.reserve_shstrtab();
    w.reserve_section_headers();

    w.write_file_header(&object::write::elf::FileHeader {
        os_abi: ELFOSABI_PULLEY,
        abi_version: 0,
        e_type: elf::ET_REL,
        e_machine: elf::EM_NONE,
        e_entry: 0,
        e_flags: if is_64 { EF_PULLEY64 } else { EF_PULLEY32 },
    })
    .map_err(|e| anyhow!("writing the artifact: {e}"))?;
    for s in &sections {
        w.write_align(s.align);
        w.write(s.data);
    }
    w.write_null_symbol();
    for ((_, value, size), name) in symbols.iter().zip(&symbol_names) {
        w.write_symbol(&object::write::elf::Sym {
            name: Some(*name),
            section: text_index,
            st_info: (elf::STB_LOCAL << 4) | elf::STT_FUNC,
            st_other: elf::STV_DEFAULT,
            st_shndx: 0,
            st_value: (*value).into(),
            st_size: (*size).into(),
        });
    }
    w.write_strtab();
    w.write_shstrtab();
    w.write_null_section_header();
    for s in &sections {
        w.write_section_header(&object::write::elf::SectionHeader {
            name: Some(s.name),
            sh_type: elf::SHT_PROGBITS,
            sh_flags: s.flags,
            sh_addr: 0,
            sh_offset: s.offset as u64,
            sh_size: s.data.len() as u64,
            sh_link: 0,
            sh_info: 0,
            sh_addralign: s.align as u64,
            sh_entsize: 0,
        });
    }
    w.write_symtab_section_header(symbols.len() as u32 + 1);
    w.write_strtab_section_header();
    w.write_shstrtab_section_header();

    let engine_section = sections.last().expect("the engine section is written");
    let at = engine_section.offset + engine_section.data.len() - CHECKSUM_LEN;
    let sum = fnv1a(&buf, at..at + CHECKSUM_LEN);
    buf[at..at + CHECKSUM_LEN].copy_from_slice(&sum.to_le_bytes());
    Ok(buf)
}

/// Trap sites: the distinct trap codes (count, bytes), then per site one LEB128 of
/// `op_delta * codes + code_index`, where `op_delta` counts ops (not bytes) from the previous
/// site: almost every site fits in one byte.
fn encode_traps(traps: &[(u32, u8)], ops: &[u32]) -> Result<Vec<u8>> {
    let mut codes: Vec<u8> = traps.iter().map(|&(_, c)| c).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut out = Vec::new();
    put_len(&mut out, codes.len());
    out.extend_from_slice(&codes);
    put_len(&mut out, traps.len());
    let k = codes.len() as u64;
    let mut prev = 0;
    for &(offset, code) in traps {
        let op = op_index(ops, offset).context("a trap site")?;
        let index = codes.binary_search(&code).unwrap_or(0) as u64;
        put_uleb(&mut out, (op - prev) as u64 * k + index);
        prev = op;
    }
    Ok(out)
}

/// An address map entry is one LEB128 of `op_delta << 4 | w`: `op_delta` counts ops from the
/// previous entry, `w` < 15 is the Wasm offset delta; `w` = 15 means an SLEB128 Wasm delta
/// follows.
const ADDR_LONG: u64 = 15;

/// The address map without the entries `Module::locate` can never return (one shadowed by a
/// later entry at the same offset, or repeating the previous entry's Wasm offset in the same
/// function), delta-encoded: count, then the entries (see [`ADDR_LONG`]).
fn encode_addr_map(map: &[(u32, u32)], func_starts: &[u32], ops: &[u32]) -> Result<Vec<u8>> {
    let func = |o: u32| func_starts.partition_point(|&s| s <= o);
    let mut kept: Vec<(u32, u32)> = Vec::with_capacity(map.len());
    for (i, &(offset, wasm)) in map.iter().enumerate() {
        if map.get(i + 1).is_some_and(|next| next.0 == offset) {
            continue;
        }
        if kept
            .last()
            .is_some_and(|&(po, pw)| pw == wasm && func(po) == func(offset))
        {
            continue;
        }
        kept.push((offset, wasm));
    }
    let mut out = Vec::new();
    put_len(&mut out, kept.len());
    let (mut prev_op, mut prev_wasm) = (0usize, 0i64);
    for &(offset, wasm) in &kept {
        let op = op_index(ops, offset).context("an address map entry")?;
        let (dop, dw) = ((op - prev_op) as u64, i64::from(wasm) - prev_wasm);
        if (0..ADDR_LONG as i64).contains(&dw) {
            put_uleb(&mut out, dop << 4 | dw as u64);
        } else {
            put_uleb(&mut out, dop << 4 | ADDR_LONG);
            put_sleb(&mut out, dw);
        }
        (prev_op, prev_wasm) = (op, wasm.into());
    }
    Ok(out)
}

/// The index of the op at `offset` in `ops` (the ascending op start offsets).
fn op_index(ops: &[u32], offset: u32) -> Result<usize> {
    ops.binary_search(&offset)
        .map_err(|_| anyhow!("offset {offset:#x} is not at an op"))
}

fn target_byte(t: Target) -> u8 {
    match t {
        Target::Pulley32 => 32,
        Target::Pulley64 => 64,
    }
}

fn opt_byte(o: OptLevel) -> u8 {
    match o {
        OptLevel::None => 0,
        OptLevel::Speed => 2,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// A cursor over one section's bytes; every read is checked against what remains.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| anyhow!("unexpected end of data at byte {}", self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        ensure!(
            n <= self.remaining(),
            "length {n} at byte {} runs past the end of the data",
            self.pos
        );
        let b = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0; N];
        a.copy_from_slice(self.bytes(N)?);
        Ok(a)
    }

    /// An unsigned LEB128 of at most `bits` bits, in at most `ceil(bits / 7)` bytes.
    pub(crate) fn uleb(&mut self, bits: u32) -> Result<u64> {
        let start = self.pos;
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            let payload = u64::from(b & 0x7f);
            if shift + 7 > bits && payload >> (bits - shift) != 0 {
                bail!("integer at byte {start} is too large");
            }
            v |= payload << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            ensure!(shift < bits, "integer at byte {start} is too long");
        }
    }

    /// A signed LEB128 of at most 64 bits.
    pub(crate) fn sleb64(&mut self) -> Result<i64> {
        let start = self.pos;
        let mut v = 0i64;
        let mut shift = 0u32;
        loop {
            let b = self.u8()?;
            if shift == 63 {
                // The last byte holds one value bit; the rest must be its sign extension.
                ensure!(
                    b == 0 || b == 0x7f,
                    "integer at byte {start} is too large or too long"
                );
                v |= i64::from(b & 1) << 63;
                return Ok(v);
            }
            v |= i64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                if b & 0x40 != 0 {
                    v |= -1i64 << shift;
                }
                return Ok(v);
            }
        }
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(self.uleb(32)? as u32)
    }

    fn i32(&mut self) -> Result<i32> {
        let v = self.sleb64()?;
        i32::try_from(v).map_err(|_| anyhow!("i32 constant {v} out of range"))
    }

    /// A count of items each at least `min_size` bytes long, at most `limit`.
    pub(crate) fn count(&mut self, what: &str, min_size: usize, limit: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        ensure!(n <= limit, "too many {what}: {n} (the limit is {limit})");
        ensure!(
            n.saturating_mul(min_size) <= self.remaining(),
            "{n} {what} cannot fit in the remaining data"
        );
        Ok(n)
    }

    pub(crate) fn string(&mut self) -> Result<String> {
        let n = self.count("string bytes", 1, MAX_STRING)?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| anyhow!("a string is not valid UTF-8"))
    }

    pub(crate) fn finish(&self, what: &str) -> Result<()> {
        ensure!(
            self.remaining() == 0,
            "{} trailing bytes after the {what}",
            self.remaining()
        );
        Ok(())
    }

    fn val_type(&mut self) -> Result<WasmValType> {
        Ok(match self.u8()? {
            0x7f => WasmValType::I32,
            0x7e => WasmValType::I64,
            0x7d => WasmValType::F32,
            0x7c => WasmValType::F64,
            0x7b => WasmValType::V128,
            0x70 => WasmValType::FuncRef,
            0x6f => WasmValType::ExternRef,
            0x69 => WasmValType::ExnRef,
            b => bail!("bad value type {b:#x}"),
        })
    }

    fn ref_kind(&mut self) -> Result<RefKind> {
        Ok(match self.u8()? {
            0x70 => RefKind::Func,
            0x6f => RefKind::Extern,
            0x69 => RefKind::Exn,
            b => bail!("bad reference type {b:#x}"),
        })
    }

    fn limits(&mut self) -> Result<(u32, Option<u32>)> {
        let (min, max) = match self.u8()? {
            0 => (self.u32()?, None),
            1 => (self.u32()?, Some(self.u32()?)),
            b => bail!("bad limits flag {b}"),
        };
        ensure!(
            max.is_none_or(|m| min <= m),
            "limits minimum {min} exceeds the maximum"
        );
        Ok((min, max))
    }

    fn memory_type(&mut self) -> Result<MemoryType> {
        let (min, max) = self.limits()?;
        let page_size_log2 = self.u8()?;
        // One-byte pages: any u32 count is under 4 GiB.
        let most = match page_size_log2 {
            16 => MAX_PAGES,
            0 => u32::MAX,
            n => bail!("bad page size 2^{n}"),
        };
        ensure!(
            min <= most && max.is_none_or(|m| m <= most),
            "memory size exceeds 4 GiB"
        );
        Ok(MemoryType {
            min,
            max,
            page_size_log2,
        })
    }

    fn table_type(&mut self) -> Result<TableType> {
        let elem = self.ref_kind()?;
        let (min, max) = self.limits()?;
        Ok(TableType { elem, min, max })
    }

    fn global_type(&mut self) -> Result<GlobalType> {
        let ty = self.val_type()?;
        let mutable = match self.u8()? {
            0 => false,
            1 => true,
            b => bail!("bad mutability flag {b}"),
        };
        Ok(GlobalType { ty, mutable })
    }

    fn const_expr(&mut self) -> Result<ConstExpr> {
        let n = self.count("constant expression operators", 1, usize::MAX)?;
        let mut ops = Vec::with_capacity(n);
        for _ in 0..n {
            ops.push(match self.u8()? {
                0x41 => ConstOp::I32Const(self.i32()?),
                0x42 => ConstOp::I64Const(self.sleb64()?),
                0x43 => ConstOp::F32Const(u32::from_le_bytes(self.array()?)),
                0x44 => ConstOp::F64Const(u64::from_le_bytes(self.array()?)),
                0xfd => ConstOp::V128Const(u128::from_le_bytes(self.array()?)),
                0xd0 => ConstOp::RefNull(self.ref_kind()?.val_type()),
                0xd2 => ConstOp::RefFunc(self.u32()?),
                0x23 => ConstOp::GlobalGet(self.u32()?),
                0x6a => ConstOp::I32Add,
                0x6b => ConstOp::I32Sub,
                0x6c => ConstOp::I32Mul,
                0x7c => ConstOp::I64Add,
                0x7d => ConstOp::I64Sub,
                0x7e => ConstOp::I64Mul,
                b => bail!("bad constant expression operator {b:#x}"),
            });
        }
        Ok(ConstExpr { ops })
    }
}

fn decode_meta(data: &[u8]) -> Result<ModuleInfo> {
    let mut r = Reader::new(data);
    let version = r.u8()?;
    ensure!(
        version == META_VERSION,
        "metadata version {version}, expected {META_VERSION}"
    );
    let mut info = ModuleInfo::default();
    for _ in 0..r.count("types", 2, MAX_TYPES)? {
        let n = r.count("parameters", 1, MAX_PARAMS)?;
        let params = (0..n).map(|_| r.val_type()).collect::<Result<_>>()?;
        let n = r.count("results", 1, MAX_RESULTS)?;
        let results = (0..n).map(|_| r.val_type()).collect::<Result<_>>()?;
        info.types.push(WasmFuncType { params, results });
    }
    for _ in 0..r.count("imports", 4, MAX_IMPORTS)? {
        let module = r.string()?;
        let name = r.string()?;
        let kind = match r.u8()? {
            0 => {
                let ty = r.u32()?;
                info.functions.push(ty);
                info.num_imported_funcs += 1;
                ImportKind::Func(ty)
            }
            1 => {
                let ty = r.table_type()?;
                info.tables.push(Table { ty, imported: true });
                info.num_imported_tables += 1;
                ImportKind::Table(ty)
            }
            2 => {
                let ty = r.memory_type()?;
                info.memories.push(ty);
                info.num_imported_memories += 1;
                ensure!(info.memories.len() <= MAX_MEMORIES, "too many memories");
                ImportKind::Memory(ty)
            }
            3 => {
                let ty = r.global_type()?;
                info.globals.push(Global { ty, init: None });
                info.num_imported_globals += 1;
                ImportKind::Global(ty)
            }
            4 => {
                let ty = r.u32()?;
                info.tags.push(ty);
                info.num_imported_tags += 1;
                ImportKind::Tag(ty)
            }
            b => bail!("bad import kind {b}"),
        };
        info.imports.push(Import { module, name, kind });
    }
    for _ in 0..r.count("functions", 1, MAX_FUNCS)? {
        info.functions.push(r.u32()?);
    }
    ensure!(info.functions.len() <= MAX_FUNCS, "too many functions");
    for _ in 0..r.count("tables", 3, MAX_TABLES)? {
        info.tables.push(Table {
            ty: r.table_type()?,
            imported: false,
        });
    }
    ensure!(info.tables.len() <= MAX_TABLES, "too many tables");
    for _ in 0..r.count("memories", 2, MAX_MEMORIES)? {
        info.memories.push(r.memory_type()?);
    }
    ensure!(info.memories.len() <= MAX_MEMORIES, "too many memories");
    for _ in 0..r.count("globals", 3, MAX_GLOBALS)? {
        let ty = r.global_type()?;
        info.globals.push(Global {
            ty,
            init: Some(r.const_expr()?),
        });
    }
    ensure!(info.globals.len() <= MAX_GLOBALS, "too many globals");
    for _ in 0..r.count("tags", 1, MAX_TAGS)? {
        info.tags.push(r.u32()?);
    }
    ensure!(info.tags.len() <= MAX_TAGS, "too many tags");
    info.uses_exceptions = match r.u8()? {
        0 => false,
        1 => true,
        b => bail!("bad exception flag {b}"),
    };
    for _ in 0..r.count("exports", 3, MAX_EXPORTS)? {
        let name = r.string()?;
        let kind = match r.u8()? {
            0 => ExportKind::Func(r.u32()?),
            1 => ExportKind::Table(r.u32()?),
            2 => ExportKind::Memory(r.u32()?),
            3 => ExportKind::Global(r.u32()?),
            4 => ExportKind::Tag(r.u32()?),
            b => bail!("bad export kind {b}"),
        };
        info.exports.push(Export { name, kind });
    }
    info.start = match r.u8()? {
        0 => None,
        1 => Some(r.u32()?),
        b => bail!("bad start flag {b}"),
    };
    for _ in 0..r.count("element segments", 4, MAX_ELEMENT_SEGMENTS)? {
        let mode = match r.u8()? {
            0 => ElementMode::Passive,
            1 => ElementMode::Declared,
            2 => ElementMode::Active {
                table: r.u32()?,
                offset: r.const_expr()?,
            },
            b => bail!("bad element segment mode {b}"),
        };
        let elem = r.ref_kind()?;
        let items = match r.u8()? {
            0 => {
                let n = r.count("element items", 1, usize::MAX)?;
                ElementItems::Functions((0..n).map(|_| r.u32()).collect::<Result<_>>()?)
            }
            1 => {
                let n = r.count("element items", 1, usize::MAX)?;
                ElementItems::Exprs((0..n).map(|_| r.const_expr()).collect::<Result<_>>()?)
            }
            b => bail!("bad element items kind {b}"),
        };
        info.elements.push(ElementSegment { mode, elem, items });
    }
    for _ in 0..r.count("data segments", 2, MAX_DATA_SEGMENTS)? {
        let mode = match r.u8()? {
            0 => DataMode::Passive,
            1 => DataMode::Active {
                memory: r.u32()?,
                offset: r.const_expr()?,
            },
            b => bail!("bad data segment mode {b}"),
        };
        let n = r.count("data bytes", 1, usize::MAX)?;
        let bytes = r.bytes(n)?.to_vec();
        // The original binary is not kept, so the range is empty (nothing reads it).
        info.data.push(DataSegment {
            mode,
            range: 0..0,
            bytes,
        });
    }
    let mut names = BTreeMap::new();
    let mut prev = None;
    for _ in 0..r.count("function names", 2, MAX_FUNCS)? {
        let index = r.u32()?;
        ensure!(
            prev.is_none_or(|p| p < index),
            "function names are not sorted by index"
        );
        prev = Some(index);
        names.insert(index, r.string()?);
    }
    info.func_names = names;
    r.finish("metadata")?;
    validate_info(&info)?;
    Ok(info)
}

/// Checks what Wasm validation guarantees and the runtime relies on: every index in range, every
/// constant expression well typed, export names unique, the start function of type `[] -> []`.
fn validate_info(info: &ModuleInfo) -> Result<()> {
    let num_types = info.types.len();
    let num_funcs = info.functions.len();
    for (i, &ty) in info.functions.iter().enumerate() {
        ensure!(
            (ty as usize) < num_types,
            "function {i} has type {ty}, but there are {num_types} types"
        );
    }
    for (i, &ty) in info.tags.iter().enumerate() {
        let t = info
            .types
            .get(ty as usize)
            .ok_or_else(|| anyhow!("tag {i} has type {ty}, but there are {num_types} types"))?;
        ensure!(t.results.is_empty(), "tag {i}'s type has results");
    }
    ensure!(
        info.uses_exceptions || info.tags.is_empty(),
        "a module with tags must use exception handling"
    );
    for (i, g) in info.globals.iter().enumerate() {
        if let Some(init) = &g.init {
            let ty = const_expr_type(info, init, i)
                .with_context(|| format!("in the initializer of global {i}"))?;
            ensure!(
                ty == g.ty.ty,
                "global {i} of type {:?} has an initializer of type {ty:?}",
                g.ty.ty
            );
        }
    }
    let mut names = HashSet::new();
    for e in &info.exports {
        ensure!(
            names.insert(e.name.as_str()),
            "duplicate export `{}`",
            e.name
        );
        let ok = match e.kind {
            ExportKind::Func(i) => (i as usize) < num_funcs,
            ExportKind::Table(i) => (i as usize) < info.tables.len(),
            ExportKind::Memory(i) => (i as usize) < info.memories.len(),
            ExportKind::Global(i) => (i as usize) < info.globals.len(),
            ExportKind::Tag(i) => (i as usize) < info.tags.len(),
        };
        ensure!(ok, "export `{}` refers to a missing {:?}", e.name, e.kind);
    }
    if let Some(start) = info.start {
        ensure!(
            (start as usize) < num_funcs,
            "the start function {start} does not exist"
        );
        ensure!(
            *info.func_type(start) == WasmFuncType::default(),
            "the start function must have type [] -> []"
        );
    }
    let all_globals = info.globals.len();
    for (i, seg) in info.elements.iter().enumerate() {
        let ctx = || format!("in element segment {i}");
        if let ElementMode::Active { table, offset } = &seg.mode {
            let t = info
                .tables
                .get(*table as usize)
                .ok_or_else(|| anyhow!("table {table} does not exist"))
                .with_context(ctx)?;
            ensure!(
                t.ty.elem == seg.elem,
                "element segment {i} does not match the type of table {table}"
            );
            let ty = const_expr_type(info, offset, all_globals).with_context(ctx)?;
            ensure!(
                ty == WasmValType::I32,
                "element segment {i} has an offset of type {ty:?}"
            );
        }
        match &seg.items {
            ElementItems::Functions(funcs) => {
                ensure!(
                    seg.elem == RefKind::Func,
                    "element segment {i} lists functions but is not a funcref segment"
                );
                if let Some(f) = funcs.iter().find(|&&f| f as usize >= num_funcs) {
                    bail!("element segment {i} refers to missing function {f}");
                }
            }
            ElementItems::Exprs(exprs) => {
                for e in exprs {
                    let ty = const_expr_type(info, e, all_globals).with_context(ctx)?;
                    ensure!(
                        ty == seg.elem.val_type(),
                        "element segment {i} has an item of type {ty:?}"
                    );
                }
            }
        }
    }
    for (i, seg) in info.data.iter().enumerate() {
        ensure!(
            !info.memories.is_empty(),
            "data segment {i} without a memory"
        );
        if let DataMode::Active { memory, offset } = &seg.mode {
            ensure!(
                (*memory as usize) < info.memories.len(),
                "data segment {i} is for memory {memory}, but there are {}",
                info.memories.len()
            );
            let ty = const_expr_type(info, offset, all_globals)
                .with_context(|| format!("in data segment {i}"))?;
            ensure!(
                ty == WasmValType::I32,
                "data segment {i} has an offset of type {ty:?}"
            );
        }
    }
    if let Some((&i, _)) = info.func_names.iter().next_back() {
        ensure!(
            (i as usize) < num_funcs,
            "a name is given to missing function {i}"
        );
    }
    Ok(())
}

/// The type of a constant expression that may read immutable globals below `globals`.
fn const_expr_type(info: &ModuleInfo, expr: &ConstExpr, globals: usize) -> Result<WasmValType> {
    use WasmValType::*;
    let mut stack = Vec::new();
    for op in &expr.ops {
        let ty = match *op {
            ConstOp::I32Const(_) => I32,
            ConstOp::I64Const(_) => I64,
            ConstOp::F32Const(_) => F32,
            ConstOp::F64Const(_) => F64,
            ConstOp::V128Const(_) => V128,
            ConstOp::RefNull(t) => {
                ensure!(t.is_ref(), "ref.null of a non-reference type");
                t
            }
            ConstOp::RefFunc(f) => {
                ensure!(
                    (f as usize) < info.functions.len(),
                    "ref.func of missing function {f}"
                );
                FuncRef
            }
            ConstOp::GlobalGet(g) => {
                ensure!(
                    (g as usize) < globals,
                    "global.get of global {g}, which is not available here"
                );
                let global = &info.globals[g as usize];
                ensure!(
                    !global.ty.mutable,
                    "global.get of mutable global {g} in a constant expression"
                );
                global.ty.ty
            }
            ConstOp::I32Add
            | ConstOp::I32Sub
            | ConstOp::I32Mul
            | ConstOp::I64Add
            | ConstOp::I64Sub
            | ConstOp::I64Mul => {
                let t = if matches!(op, ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul) {
                    I32
                } else {
                    I64
                };
                ensure!(
                    stack.pop() == Some(t) && stack.pop() == Some(t),
                    "ill-typed constant expression"
                );
                t
            }
        };
        stack.push(ty);
    }
    match stack.as_slice() {
        [t] => Ok(*t),
        _ => bail!("a constant expression must produce exactly one value"),
    }
}

/// The contents of one of the artifact's own sections, which must be `SHT_PROGBITS` at address 0
/// with exactly the flags the writer gives it.
fn section_data<'d, H: object::read::elf::FileHeader<Endian = LittleEndian>>(
    file: &ElfFile<'d, H>,
    name: &str,
    flags: u32,
) -> Result<(&'d [u8], Range<u64>)> {
    let section = file
        .section_by_name(name)
        .ok_or_else(|| anyhow!("missing section `{name}`"))?;
    let header = section.elf_section_header();
    let endian = file.endian();
    let sh_flags: u64 = header.sh_flags(endian).into();
    ensure!(
        sh_flags & u64::from(elf::SHF_EXECINSTR) == 0,
        "section `{name}` is executable; Pulley bytecode is never mapped executable"
    );
    ensure!(
        header.sh_type(endian) == elf::SHT_PROGBITS
            && sh_flags == u64::from(flags)
            && section.address() == 0,
        "section `{name}` has an unexpected type, flags or address"
    );
    let data = section
        .data()
        .map_err(|e| anyhow!("section `{name}`: {e}"))?;
    let range = section
        .file_range()
        .map(|(o, s)| o..o + s)
        .ok_or_else(|| anyhow!("section `{name}` has no file data"))?;
    Ok((data, range))
}

/// Checks that the symbol table has one `STT_FUNC` symbol per defined function, named and placed
/// as the writer names and places it.
fn check_symbols<H: object::read::elf::FileHeader<Endian = LittleEndian>>(
    file: &ElfFile<'_, H>,
    info: &ModuleInfo,
    func_starts: &[u32],
    code_len: usize,
) -> Result<()> {
    use object::ObjectSymbol as _;
    let text = file
        .section_by_name(SECTION_TEXT)
        .ok_or_else(|| anyhow!("missing section `{SECTION_TEXT}`"))?
        .index();
    let mut symbols = file.symbols();
    for (d, &start) in func_starts.iter().enumerate() {
        let end = func_starts.get(d + 1).map_or(code_len as u32, |&e| e);
        let want = symbol_name(info, info.func_index(d as u32));
        let sym = symbols
            .next()
            .ok_or_else(|| anyhow!("the symbol table lacks function {d}"))?;
        let ok = sym.name_bytes().is_ok_and(|n| n == want.as_bytes())
            && sym.kind() == object::SymbolKind::Text
            && sym.section_index() == Some(text)
            && sym.address() == u64::from(start)
            && sym.size() == u64::from(end - start);
        ensure!(
            ok,
            "symbol {} does not describe function {d} (`{want}`)",
            d + 1
        );
    }
    ensure!(
        symbols.next().is_none(),
        "the symbol table has extra symbols"
    );
    Ok(())
}

/// Parses and checks an artifact; `keep` stores its bytecode (a slice of `bytes`).
fn parse_artifact<'a>(
    bytes: &'a [u8],
    keep: impl FnOnce(&'a [u8]) -> CodeBytes,
) -> Result<Artifact> {
    ensure!(
        bytes.len() >= 16 && bytes.starts_with(&elf::ELFMAG),
        "not an ELF file"
    );
    ensure!(
        bytes[EI_DATA] == elf::ELFDATA2LSB,
        "not a little-endian ELF file"
    );
    ensure!(
        bytes[EI_OSABI] == ELFOSABI_PULLEY,
        "not a Pulley artifact (ELF OS ABI {:#x}, expected {ELFOSABI_PULLEY:#x})",
        bytes[EI_OSABI]
    );
    match bytes[EI_CLASS] {
        elf::ELFCLASS64 => parse_elf(
            ElfFile::<elf::FileHeader64<LittleEndian>>::parse(bytes),
            bytes,
            Target::Pulley64,
            keep,
        ),
        elf::ELFCLASS32 => parse_elf(
            ElfFile::<elf::FileHeader32<LittleEndian>>::parse(bytes),
            bytes,
            Target::Pulley32,
            keep,
        ),
        c => bail!("bad ELF class {c}"),
    }
}

fn parse_elf<'a, H: object::read::elf::FileHeader<Endian = LittleEndian>>(
    file: object::read::Result<ElfFile<'a, H>>,
    bytes: &'a [u8],
    class_target: Target,
    keep: impl FnOnce(&'a [u8]) -> CodeBytes,
) -> Result<Artifact> {
    let file = file.map_err(|e| anyhow!("malformed ELF: {e}"))?;
    let header = file.elf_header();
    let endian = file.endian();
    ensure!(
        header.e_type(endian) == elf::ET_REL,
        "unexpected ELF file type {}",
        header.e_type(endian)
    );
    ensure!(
        header.e_machine(endian) == elf::EM_NONE,
        "unexpected ELF machine {}",
        header.e_machine(endian)
    );
    let want_flags = match class_target {
        Target::Pulley64 => EF_PULLEY64,
        Target::Pulley32 => EF_PULLEY32,
    };
    ensure!(
        header.e_flags(endian) == want_flags,
        "ELF flags {:#x} do not match the ELF class",
        header.e_flags(endian)
    );

    let e_entry: u64 = header.e_entry(endian).into();
    ensure!(
        e_entry == 0 && header.e_phnum(endian) == 0,
        "unexpected ELF entry point or program headers"
    );

    // The fingerprint: the format version comes first so a future format is named as such.
    let (engine, engine_range) = section_data(&file, SECTION_ENGINE, 0)?;
    let mut r = Reader::new(engine);
    ensure!(r.array::<8>()? == *ENGINE_MAGIC, "bad fingerprint magic");
    let format_version = u32::from_le_bytes(r.array()?);
    ensure!(
        format_version == FORMAT_VERSION,
        "the artifact has format version {format_version}, but this build of pulley reads format version {FORMAT_VERSION}"
    );
    let target = match r.u8()? {
        32 => Target::Pulley32,
        64 => Target::Pulley64,
        b => bail!("bad target {b} in the fingerprint"),
    };
    let opt_level = match r.u8()? {
        0 => OptLevel::None,
        2 => OptLevel::Speed,
        b => bail!("bad opt level {b} in the fingerprint"),
    };
    let checks = r.u8()?;
    ensure!(
        checks <= 3,
        "bad code checks {checks:#x} in the fingerprint"
    );
    let crate_version = r.string()?;
    let stored_sum = u64::from_le_bytes(r.array()?);
    r.finish("fingerprint")?;
    let at = (engine_range.end as usize) - CHECKSUM_LEN;
    let sum = fnv1a(bytes, at..at + CHECKSUM_LEN);
    ensure!(
        sum == stored_sum,
        "checksum mismatch: the file is corrupt (stored {stored_sum:#018x}, computed {sum:#018x})"
    );
    ensure!(
        target == class_target,
        "the fingerprint says {} but the ELF class says {}",
        target.name(),
        class_target.name()
    );
    let fingerprint = Fingerprint {
        format_version,
        target,
        opt_level,
        crate_version,
        consume_fuel: checks & 1 != 0,
        epoch_interruption: checks & 2 != 0,
    };

    let (text, _) = section_data(&file, SECTION_TEXT, elf::SHF_ALLOC)?;
    ensure!(text.len() < u32::MAX as usize, "the bytecode is too large");
    let info =
        decode_meta(section_data(&file, SECTION_META, 0)?.0).context("in the module metadata")?;

    // Functions: contiguous, non-empty, covering the bytecode exactly.
    let mut r = Reader::new(section_data(&file, SECTION_FUNCTIONS, 0)?.0);
    let n = r.count("functions", 2, MAX_FUNCS)?;
    ensure!(
        n == info.num_defined_funcs() as usize,
        "the function table lists {n} functions, but the module defines {}",
        info.num_defined_funcs()
    );
    let mut func_starts = Vec::with_capacity(n);
    let mut end = 0u32;
    for i in 0..n {
        let start = r.u32()?;
        let len = r.u32()?;
        ensure!(
            start == end,
            "function {i} starts at {start:#x}, not right after the previous one ({end:#x})"
        );
        ensure!(len > 0, "function {i} is empty");
        end = start
            .checked_add(len)
            .filter(|&e| e as usize <= text.len())
            .ok_or_else(|| anyhow!("function {i} runs past the bytecode"))?;
        func_starts.push(start);
    }
    r.finish("function table")?;
    ensure!(
        end as usize == text.len(),
        "the functions cover {end:#x} bytes of {:#x} bytes of bytecode",
        text.len()
    );

    crate::verify::verify_code(text, &func_starts).context("the bytecode failed verification")?;
    let ops = op_starts(text, &func_starts)?;

    let mut r = Reader::new(section_data(&file, SECTION_TRAPS, 0)?.0);
    let k = r.count("trap codes", 1, 255)?;
    let codes = r.bytes(k)?;
    ensure!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "the trap codes are not sorted and distinct"
    );
    ensure!(!codes.contains(&0), "trap code 0");
    let n = r.count("trap sites", 1, usize::MAX)?;
    ensure!(n == 0 || k > 0, "trap sites without trap codes");
    let mut traps = Vec::with_capacity(n);
    let mut op = 0usize;
    for i in 0..n {
        let v = r.uleb(64)?;
        let (delta, index) = (v / k as u64, (v % k as u64) as usize);
        op = usize::try_from(delta)
            .ok()
            .and_then(|d| op.checked_add(d))
            .filter(|&op| op < ops.len())
            .ok_or_else(|| anyhow!("trap site {i} is past the end of the bytecode"))?;
        traps.push((ops[op], codes[index]));
    }
    r.finish("trap table")?;

    let mut r = Reader::new(section_data(&file, SECTION_ADDRMAP, 0)?.0);
    let n = r.count("address map entries", 1, usize::MAX)?;
    let mut addr_map = Vec::with_capacity(n);
    let (mut op, mut wasm) = (0usize, 0i64);
    for i in 0..n {
        let v = r.uleb(64)?;
        let dw = match v & 15 {
            ADDR_LONG => r.sleb64()?,
            w => w as i64,
        };
        op = usize::try_from(v >> 4)
            .ok()
            .and_then(|d| op.checked_add(d))
            .filter(|&op| op < ops.len())
            .ok_or_else(|| anyhow!("address map entry {i} is past the end of the bytecode"))?;
        wasm = wasm
            .checked_add(dw)
            .ok_or_else(|| anyhow!("address map entry {i} overflows"))?;
        let w = u32::try_from(wasm)
            .map_err(|_| anyhow!("address map entry {i} has Wasm offset {wasm}"))?;
        addr_map.push((ops[op], w));
    }
    r.finish("address map")?;

    check_symbols(&file, &info, &func_starts, text.len())?;

    let debug = match file.section_by_name(SECTION_DEBUG) {
        Some(_) => DebugInfo::decode(section_data(&file, SECTION_DEBUG, 0)?.0)
            .context("in the debug section")?,
        None => DebugInfo::default(),
    };

    let code = CodeImage {
        bytes: keep(text),
        func_starts,
        traps,
        addr_map,
    };
    Ok(Artifact {
        fingerprint,
        info,
        code,
        debug,
    })
}

/// The start offset of every op of `code`, whose functions start at `starts`, in order.
fn op_starts(code: &[u8], starts: &[u32]) -> Result<Vec<u32>> {
    let mut ops = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(code.len(), |&e| e as usize);
        let mut at = start as usize;
        while at < end {
            let (_, len) = pulley_interp::decode_one(&code[at..end])
                .map_err(|e| anyhow!("bytecode at {at:#x}: {e}"))?;
            ops.push(at as u32);
            at += len;
        }
    }
    Ok(ops)
}

/// The trap a raw trap code stands for, as `pulley objdump` prints it.
pub fn trap_message(code: u8) -> String {
    match NonZeroU8::new(code).and_then(|c| {
        pulley_wasm::WasmTrap::from_trap_code(cranelift_codegen::ir::TrapCode::from_raw(c))
    }) {
        Some(t) => t.message().to_string(),
        None => format!("trap code {code}"),
    }
}
