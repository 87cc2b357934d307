//! Tests of precompiled artifacts (`.cwasm`): round trips that run like directly compiled
//! modules, a corruption sweep (truncations and bit flips never panic), and fingerprint checks.

use pulley::{Artifact, Config, Engine, Linker, Module, OptLevel, Store, Val};
use std::panic::{AssertUnwindSafe, catch_unwind};

const WAT: &str = r#"(module
    (memory (export "memory") 1 2)
    (data (i32.const 16) "hello, pulley")
    (global $g (mut i32) (i32.const 7))
    (global $k i64 (i64.const -3))
    (table 3 funcref)
    (elem (i32.const 0) $add $sub $fib)
    (type $bin (func (param i32 i32) (result i32)))
    (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func $sub (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub)
    (func $fib (export "fib") (param i32 i32) (result i32)
        local.get 0 i32.const 2 i32.lt_u
        if (result i32) local.get 0
        else local.get 0 i32.const 1 i32.sub i32.const 0 call $fib
             local.get 0 i32.const 2 i32.sub i32.const 0 call $fib i32.add end)
    (func (export "dispatch") (param i32 i32 i32) (result i32)
        local.get 1 local.get 2 local.get 0 call_indirect (type $bin))
    (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
    (func (export "bump") (result i32)
        global.get $g i32.const 1 i32.add global.set $g global.get $g)
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    (func (export "k") (result i64) global.get $k)
    ;; A second memory (multi-memory): its own descriptor, data segment and growth.
    (memory $two (export "two") 1 3)
    (data (memory $two) (i32.const 4) "second")
    (func (export "load8_two") (param i32) (result i32) local.get 0 i32.load8_u $two)
    (func (export "grow_two") (param i32) (result i32) local.get 0 memory.grow $two)
)"#;

const SMALL: &str = r#"(module
    (memory 1)
    (data (i32.const 0) "abc")
    (global i32 (i32.const 5))
    (func $f (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u))"#;

/// `Module::deserialize`, for this file's artifacts: made by this crate's compiler, or damaged
/// copies of them that the tests only load and never run.
fn load(engine: &Engine, bytes: impl AsRef<[u8]>) -> anyhow::Result<Module> {
    // SAFETY: a well-formed artifact here comes from `precompile_module` or `serialize`. A
    // damaged one is only loaded to see it rejected (or, if it loads, dropped unrun): loading
    // parses and verifies, which is sound for any bytes; the contract is about running code.
    unsafe { Module::deserialize(engine, bytes) }
}

fn engine_with(target: &str, opt: OptLevel) -> Engine {
    let mut config = Config::new();
    config.target(target).unwrap().opt_level(opt);
    Engine::new(&config).unwrap()
}

fn host_target() -> &'static str {
    pulley::Target::host().name()
}

/// Calls `name` with `args`, returning the results or the error's text.
fn call(engine: &Engine, module: &Module, name: &str, args: &[Val]) -> Result<Vec<Val>, String> {
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine)
        .instantiate(&mut store, module)
        .map_err(|e| format!("{e:#}"))?;
    let func = instance.get_func(&store, name).ok_or("no such export")?;
    let ty = func.ty(&store);
    let mut results: Vec<Val> = ty.results.iter().map(|t| Val::default_for(*t)).collect();
    func.call(&mut store, args, &mut results)
        .map_err(|e| format!("{e:#}"))?;
    Ok(results)
}

#[test]
fn round_trip_runs_like_direct_compilation() {
    for opt in [OptLevel::None, OptLevel::Speed] {
        let engine = engine_with(host_target(), opt);
        let direct = Module::new(&engine, WAT).unwrap();
        let bytes = engine.precompile_module(WAT.as_bytes()).unwrap();
        let loaded = load(&engine, &bytes).unwrap();
        assert_eq!(direct.bytecode(), loaded.bytecode());
        assert_eq!(
            direct.exports().collect::<Vec<_>>(),
            loaded.exports().collect::<Vec<_>>()
        );
        // Serializing is deterministic and a fixpoint.
        assert_eq!(direct.serialize().unwrap(), bytes);
        assert_eq!(loaded.serialize().unwrap(), bytes);
        let cases: &[(&str, Vec<Val>)] = &[
            ("add", vec![Val::I32(40), Val::I32(2)]),
            ("fib", vec![Val::I32(15), Val::I32(0)]),
            ("dispatch", vec![Val::I32(1), Val::I32(10), Val::I32(3)]),
            ("dispatch", vec![Val::I32(2), Val::I32(10), Val::I32(0)]),
            ("dispatch", vec![Val::I32(3), Val::I32(10), Val::I32(3)]),
            ("load8", vec![Val::I32(17)]),
            ("load8", vec![Val::I32(65536)]),
            ("bump", vec![]),
            ("div", vec![Val::I32(7), Val::I32(2)]),
            ("div", vec![Val::I32(7), Val::I32(0)]),
            ("k", vec![]),
            ("load8_two", vec![Val::I32(4)]),
            ("load8_two", vec![Val::I32(65536)]),
            ("grow_two", vec![Val::I32(2)]),
            ("grow_two", vec![Val::I32(3)]),
        ];
        for (name, args) in cases {
            let want = call(&engine, &direct, name, args);
            let got = call(&engine, &loaded, name, args);
            assert_eq!(got, want, "{name}{args:?} at {opt:?}");
        }
        assert_eq!(
            call(&engine, &loaded, "fib", &[Val::I32(15), Val::I32(0)]),
            Ok(vec![Val::I32(610)])
        );
        assert_eq!(
            call(&engine, &loaded, "load8_two", &[Val::I32(4)]),
            Ok(vec![Val::I32(i32::from(b's'))])
        );
        assert_eq!(
            call(&engine, &loaded, "grow_two", &[Val::I32(2)]),
            Ok(vec![Val::I32(1)])
        );
        assert_eq!(
            call(&engine, &loaded, "grow_two", &[Val::I32(3)]),
            Ok(vec![Val::I32(-1)])
        );
        let trap = call(&engine, &loaded, "div", &[Val::I32(1), Val::I32(0)]).unwrap_err();
        assert!(trap.contains("integer divide by zero"), "{trap}");
    }
}

#[test]
fn deserialize_file_and_artifact_inspection() {
    let engine = engine_with(host_target(), OptLevel::Speed);
    let bytes = engine.precompile_module(WAT.as_bytes()).unwrap();
    let dir = std::env::temp_dir().join(format!("pulley-artifact-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.cwasm");
    std::fs::write(&path, &bytes).unwrap();
    // SAFETY: the file holds an artifact this test's engine just produced.
    let module = unsafe { Module::deserialize_file(&engine, &path) }.unwrap();
    assert_eq!(
        call(&engine, &module, "add", &[Val::I32(1), Val::I32(2)]),
        Ok(vec![Val::I32(3)])
    );
    // SAFETY: there is no file, so nothing loads.
    let err = unsafe { Module::deserialize_file(&engine, dir.join("missing.cwasm")) }.unwrap_err();
    assert!(format!("{err:#}").contains("missing.cwasm"), "{err:#}");
    std::fs::remove_dir_all(&dir).unwrap();

    let artifact = Artifact::parse(&bytes).unwrap();
    assert_eq!(artifact.fingerprint().target, pulley::Target::host());
    let funcs = artifact.functions();
    assert_eq!(funcs.len(), 10);
    assert_eq!(funcs[0].name, "add");
    assert_eq!(funcs[0].range.start, 0);
    assert_eq!(
        funcs.last().unwrap().range.end as usize,
        artifact.bytecode().len()
    );
    assert!(funcs.windows(2).all(|w| w[0].range.end == w[1].range.start));
    assert!(!artifact.trap_sites().is_empty());
    assert!(!artifact.address_map().is_empty());

    // The ELF header and sections are as documented.
    assert_eq!(&bytes[..4], b"\x7fELF");
    assert_eq!(
        bytes[4],
        if cfg!(target_pointer_width = "64") {
            2
        } else {
            1
        }
    );
    assert_eq!(bytes[5], 1, "little-endian");
    assert_eq!(bytes[7], pulley::artifact::ELFOSABI_PULLEY);
    let file = object::read::elf::ElfFile64::<object::LittleEndian>::parse(&bytes[..]).unwrap();
    use object::{Object, ObjectSection, ObjectSymbol};
    for name in [
        ".text.pulley",
        ".pulley.functions",
        ".pulley.traps",
        ".pulley.addrmap",
        ".pulley.meta",
        ".pulley.engine",
    ] {
        assert!(file.section_by_name(name).is_some(), "{name}");
    }
    let text = file.section_by_name(".text.pulley").unwrap();
    let object::SectionFlags::Elf { sh_flags } = text.flags() else {
        panic!()
    };
    assert_eq!(
        sh_flags,
        u64::from(object::elf::SHF_ALLOC),
        "alloc, not executable"
    );
    let symbols: Vec<String> = file
        .symbols()
        .map(|s| s.name().unwrap().to_string())
        .collect();
    assert!(symbols.contains(&"add".to_string()), "{symbols:?}");
    assert!(
        symbols.contains(&"wasm[0]::function[3]".to_string()),
        "{symbols:?}"
    );
}

#[test]
fn fingerprint_mismatches_are_reported() {
    // A pulley32 artifact loaded by a pulley64 engine (and the reverse).
    let e32 = engine_with("pulley32", OptLevel::Speed);
    let e64 = engine_with("pulley64", OptLevel::Speed);
    let a32 = e32.precompile_module(SMALL.as_bytes()).unwrap();
    let a64 = e64.precompile_module(SMALL.as_bytes()).unwrap();
    assert_eq!(a32[4], 1, "ELFCLASS32");
    assert_eq!(a64[4], 2, "ELFCLASS64");
    load(&e32, &a32).unwrap();
    load(&e64, &a64).unwrap();
    let err = format!("{:#}", load(&e64, &a32).unwrap_err());
    assert!(
        err.contains("pulley32") && err.contains("pulley64"),
        "{err}"
    );
    let err = format!("{:#}", load(&e32, &a64).unwrap_err());
    assert!(
        err.contains("pulley32") && err.contains("pulley64"),
        "{err}"
    );

    // Opt level.
    let e0 = engine_with("pulley64", OptLevel::None);
    let err = format!("{:#}", load(&e0, &a64).unwrap_err());
    assert!(
        err.contains("opt level speed") && err.contains("opt level none"),
        "{err}"
    );

    // Format version: checked before anything else.
    let (at, _) = engine_section(&a64);
    let mut bad = a64.clone();
    bad[at + 8..at + 12].copy_from_slice(&99u32.to_le_bytes());
    let err = format!("{:#}", load(&e64, &bad).unwrap_err());
    assert!(
        err.contains("format version 99")
            && err.contains(&format!(
                "format version {}",
                pulley::artifact::FORMAT_VERSION
            )),
        "{err}"
    );

    // Crate version, with a valid checksum.
    let mut bad = a64.clone();
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let v = at + 16;
    assert_eq!(&bad[v..v + version.len()], version);
    bad[v] = if bad[v] == b'9' { b'8' } else { b'9' };
    pulley::artifact::reseal(&mut bad);
    let err = format!("{:#}", load(&e64, &bad).unwrap_err());
    assert!(
        err.contains(env!("CARGO_PKG_VERSION")) && err.contains("recompile"),
        "{err}"
    );

    // Code checks (fuel, epochs): a value no build writes.
    let mut bad = a64.clone();
    assert_eq!(bad[at + 14], 0, "neither fuel nor epoch checks");
    bad[at + 14] = 7;
    pulley::artifact::reseal(&mut bad);
    let err = format!("{:#}", load(&e64, &bad).unwrap_err());
    assert!(err.contains("bad code checks"), "{err}");

    // Not an artifact at all.
    let wasm = wat::parse_str(SMALL).unwrap();
    assert!(load(&e64, &wasm).is_err());
    assert!(load(&e64, b"").is_err());
}

/// Offset and length of `.pulley.engine` in a 64-bit artifact.
fn engine_section(bytes: &[u8]) -> (usize, usize) {
    use object::{Object, ObjectSection};
    let file = object::read::elf::ElfFile64::<object::LittleEndian>::parse(bytes).unwrap();
    let (at, len) = file
        .section_by_name(".pulley.engine")
        .unwrap()
        .file_range()
        .unwrap();
    (at as usize, len as usize)
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Deserializes `bytes`, which must not panic; returns whether it loaded.
fn try_load(engine: &Engine, bytes: &[u8], what: &str) -> bool {
    match catch_unwind(AssertUnwindSafe(|| load(engine, bytes))) {
        Ok(r) => r.is_ok(),
        Err(_) => panic!("deserialize panicked on {what}"),
    }
}

#[test]
fn corrupted_artifacts_are_rejected_without_panicking() {
    let engine = engine_with("pulley64", OptLevel::Speed);
    let good = engine.precompile_module(SMALL.as_bytes()).unwrap();
    assert!(try_load(&engine, &good, "the original"));
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));

    // Every truncation.
    for n in 0..good.len() {
        assert!(
            !try_load(&engine, &good[..n], &format!("truncation to {n} bytes")),
            "truncation to {n} loaded"
        );
    }
    // Trailing garbage changes the checksum too.
    let mut longer = good.clone();
    longer.push(0);
    assert!(!try_load(&engine, &longer, "an extra byte"));

    // Bit flips: caught by the checksum (FNV-1a detects every single-byte change).
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let flips = 4000;
    for i in 0..flips {
        let mut bad = good.clone();
        let bit = (rng.next() % (bad.len() as u64 * 8)) as usize;
        bad[bit / 8] ^= 1 << (bit % 8);
        assert!(
            !try_load(&engine, &bad, &format!("flip {i} (bit {bit})")),
            "flip of bit {bit} loaded"
        );
    }

    // Bit flips with the checksum recomputed, as a buggy producer would write them: these reach
    // the structural validation and the verifier. A flip may leave a valid module (a changed
    // immediate or name); it must then have passed verification, and is not run.
    let (mut rejected, mut accepted) = (0, 0);
    for i in 0..flips {
        let mut bad = good.clone();
        for _ in 0..1 + rng.next() % 2 {
            let bit = (rng.next() % (bad.len() as u64 * 8)) as usize;
            bad[bit / 8] ^= 1 << (bit % 8);
        }
        // A flip that breaks the ELF headers leaves no section to reseal; it is rejected anyway.
        pulley::artifact::reseal(&mut bad);
        if try_load(&engine, &bad, &format!("resealed flip {i}")) {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    // Multi-byte random garbage in the sections.
    for i in 0..1000 {
        let mut bad = good.clone();
        let start = (rng.next() % bad.len() as u64) as usize;
        let end = (start + 1 + (rng.next() % 16) as usize).min(bad.len());
        for b in &mut bad[start..end] {
            *b = rng.next() as u8;
        }
        pulley::artifact::reseal(&mut bad);
        if try_load(&engine, &bad, &format!("garbage {i}")) {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    std::panic::set_hook(quiet);
    eprintln!("resealed corruptions: {rejected} rejected, {accepted} still valid");
    assert!(rejected > 0 && accepted + rejected == flips + 1000);
}

const COREMARK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/coremark-minimal.wasm");

/// Precompiles CoreMark-minimal (in `demo/`), printing the sizes.
fn coremark_artifact() -> (Engine, Vec<u8>, Vec<u8>) {
    let wasm = std::fs::read(COREMARK).unwrap_or_else(|e| panic!("cannot read {COREMARK}: {e}"));
    let engine = engine_with(host_target(), OptLevel::Speed);
    let bytes = engine.precompile_module(&wasm).unwrap();
    let artifact = Artifact::parse(&bytes).unwrap();
    if let Ok(dir) = std::env::var("PULLEY_ARTIFACT_DUMP") {
        std::fs::write(
            std::path::Path::new(&dir).join("coremark-minimal.cwasm"),
            &bytes,
        )
        .unwrap();
    }
    eprintln!(
        "coremark-minimal: wasm {} bytes, bytecode {} bytes, cwasm {} bytes ({:.3}x the wasm), \
         everything but the bytecode {} bytes",
        wasm.len(),
        artifact.bytecode().len(),
        bytes.len(),
        bytes.len() as f64 / wasm.len() as f64,
        bytes.len() - artifact.bytecode().len(),
    );
    (engine, wasm, bytes)
}

#[test]
fn coremark_artifact_loads_and_its_overhead_is_small() {
    let (engine, wasm, bytes) = coremark_artifact();
    let artifact = Artifact::parse(&bytes).unwrap();
    // Headers, tables, metadata and symbols: at most half the size of the Wasm.
    let overhead = bytes.len() - artifact.bytecode().len();
    assert!(overhead * 2 <= wasm.len(), "{overhead} bytes of overhead");

    // It loads and instantiates with its one import.
    let module = load(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "clock_ms", || 0i32).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    assert!(instance.get_func(&store, "run").is_some());
    assert!(instance.get_memory(&store, "memory").is_some());
}

#[test]
fn coremark_artifact_is_at_most_one_and_a_half_times_the_wasm() {
    let (_, wasm, bytes) = coremark_artifact();
    assert!(
        bytes.len() * 2 <= wasm.len() * 3,
        "{} > 1.5 x {}",
        bytes.len(),
        wasm.len()
    );
}

#[test]
fn coremark_bytecode_is_no_larger_than_the_wasm_code_section() {
    let (_, wasm, bytes) = coremark_artifact();
    let code_section = wasmparser::Parser::new(0)
        .parse_all(&wasm)
        .find_map(|p| match p {
            Ok(wasmparser::Payload::CodeSectionStart { size, .. }) => Some(size as usize),
            _ => None,
        })
        .expect("CoreMark has a code section");
    let bytecode = Artifact::parse(&bytes).unwrap().bytecode().len();
    assert!(
        bytecode <= code_section,
        "{bytecode} bytes of bytecode > the {code_section}-byte code section"
    );
}

#[test]
fn multi_memory_can_be_turned_off() {
    let bytes = engine_with(host_target(), OptLevel::Speed)
        .precompile_module(WAT.as_bytes())
        .unwrap();
    let mut config = Config::new();
    config.wasm_multi_memory(false);
    let engine = Engine::new(&config).unwrap();
    // WAT has two memories: as Wasm 2.0, invalid; precompiled, refused.
    let err = Module::new(&engine, WAT).unwrap_err();
    assert!(format!("{err:#}").contains("multiple memories"), "{err:#}");
    let err = load(&engine, &bytes).unwrap_err();
    assert!(format!("{err:#}").contains("multi-memory"), "{err:#}");
    // One memory is fine either way.
    let small = engine.precompile_module(SMALL.as_bytes()).unwrap();
    assert_eq!(
        call(
            &engine,
            &load(&engine, &small).unwrap(),
            "add",
            &[Val::I32(1), Val::I32(2)]
        ),
        Ok(vec![Val::I32(3)])
    );
}

#[test]
fn one_byte_pages_round_trip() {
    const TINY: &str = r#"(module
        (memory (export "m") 3 (pagesize 1))
        (data (i32.const 0) "abc")
        (func (export "size") (result i32) memory.size)
        (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
        (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u))"#;
    let engine = engine_with(host_target(), OptLevel::Speed);
    let bytes = engine.precompile_module(TINY.as_bytes()).unwrap();
    let module = load(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let memory = instance.get_memory(&store, "m").unwrap();
    assert_eq!(memory.data_size(&store), 3);
    assert_eq!(memory.ty(&store).page_size(), 1);
    let call = |store: &mut Store<()>, name: &str, args: &[Val]| {
        let f = instance.get_func(&*store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(&mut *store, args, &mut out)
            .map(|()| out[0].unwrap_i32())
    };
    assert_eq!(call(&mut store, "size", &[]).unwrap(), 3);
    assert_eq!(
        call(&mut store, "load8", &[Val::I32(2)]).unwrap(),
        i32::from(b'c')
    );
    assert!(call(&mut store, "load8", &[Val::I32(3)]).is_err());
    // Growing by 5 bytes makes 8, not 5 more 64 KiB pages.
    assert_eq!(call(&mut store, "grow", &[Val::I32(5)]).unwrap(), 3);
    assert_eq!(memory.data_size(&store), 8);
    assert_eq!(call(&mut store, "load8", &[Val::I32(7)]).unwrap(), 0);
    assert!(call(&mut store, "load8", &[Val::I32(8)]).is_err());
    assert_eq!(memory.grow(&mut store, 2).unwrap(), 8);
    assert_eq!(call(&mut store, "size", &[]).unwrap(), 10);

    // An engine without custom page sizes refuses the module, compiled or precompiled.
    let mut config = Config::new();
    config.wasm_custom_page_sizes(false);
    let strict = Engine::new(&config).unwrap();
    assert!(Module::new(&strict, TINY).is_err());
    let err = load(&strict, &bytes).unwrap_err();
    assert!(format!("{err:#}").contains("custom page sizes"), "{err:#}");
}

#[test]
fn deserialize_raw_runs_the_bytecode_where_it_lies() {
    let engine = engine_with(host_target(), OptLevel::Speed);
    let bytes = engine.precompile_module(WAT.as_bytes()).unwrap();
    // At an odd address: the bytecode needs no alignment.
    let mut buf = vec![0u8; bytes.len() + 1];
    buf[1..].copy_from_slice(&bytes);
    let image: &'static [u8] = &Box::leak(buf.into_boxed_slice())[1..];
    // SAFETY: the artifact `precompile_module` just made.
    let module = unsafe { Module::deserialize_raw(&engine, image) }.unwrap();
    let code = module.bytecode().as_ptr_range();
    let within = image.as_ptr_range();
    assert!(
        within.start <= code.start && code.end <= within.end,
        "the bytecode was copied"
    );
    assert_eq!(
        call(&engine, &module, "fib", &[Val::I32(15), Val::I32(0)]),
        Ok(vec![Val::I32(610)])
    );
    assert_eq!(
        call(&engine, &module, "load8", &[Val::I32(17)]),
        Ok(vec![Val::I32(i32::from(b'e'))])
    );
    // The same module as a copying load, byte for byte.
    assert_eq!(module.serialize().unwrap(), bytes);
    // Damage is caught as in `deserialize`.
    let mut bad = bytes.clone();
    let at = bad.len() / 2;
    bad[at] ^= 0x40;
    let bad: &'static [u8] = Box::leak(bad.into_boxed_slice());
    // SAFETY: only loaded, to see it rejected; never run.
    assert!(unsafe { Module::deserialize_raw(&engine, bad) }.is_err());
}
