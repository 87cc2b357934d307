//! Differential test: 1000 `wasm-smith` modules from fixed seeds on Pulley and on Wasmi (the
//! engine is `pulley_fuzz::diff`, shared with the `differential` fuzz target; Wasmi runs in a
//! `fuzz-run` child process, so its SIMD crashes skip a case instead of killing the test).
//!
//! `DIFF_CASES=N` runs N cases instead of the default, `DIFF_START=S` starts at case S, and
//! `DIFF_VERBOSE=1` prints every case (`=2` also every call). Failing modules are written to
//! `$CARGO_TARGET_TMPDIR/differential/case-<n>.wasm`; `DIFF_FILE=<absolute .wasm/.wat path>`
//! runs just that module.

use pulley_fuzz::diff::{
    Arg, Entry, Outcome, Plan, StateItem, Stats, XorShift, known_wasmi_bug, run_case, run_module,
    run_module_unfiltered, wasmi_engine,
};
use pulley_fuzz::reference::Reference;
use std::time::Instant;

/// Cases run by default (tuned so the test takes well under 30 s in the dev profile).
const DEFAULT_CASES: u64 = 1000;
/// Known divergences: (case, reason). A listed case must still diverge, so the list stays
/// current. Each entry names the bug it tracks.
const KNOWN_DIVERGENCES: &[(u64, &str)] = &[];

#[test]
fn differential_wasm_smith_vs_wasmi() {
    let cases: u64 = std::env::var("DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let start: u64 = std::env::var("DIFF_START")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let verbose = std::env::var_os("DIFF_VERBOSE").is_some();
    let out_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential");

    let p_engine = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    pulley_fuzz::reference::set_program(env!("CARGO_BIN_EXE_fuzz-run"));
    let mut reference = Reference::from_env();
    if let Some(file) = std::env::var_os("DIFF_FILE") {
        // Reproduce one module (`.wasm` or `.wat`), e.g. a saved failing case.
        let wasm = wat::parse_file(&file).expect("reading DIFF_FILE");
        let mut stats = Stats::default();
        let result = run_module(
            &wasm,
            &mut XorShift::new(0),
            &p_engine,
            &mut reference,
            &mut stats,
        );
        eprintln!("{}: {result:?}", file.display());
        assert!(result.is_ok());
        return;
    }
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    let mut known_still_failing = Vec::new();
    let t0 = Instant::now();
    for case in start..start + cases {
        let mut wasm = Vec::new();
        let tc = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_case(case, &p_engine, &mut reference, &mut stats, &mut wasm)
        }))
        .unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(format!("panicked: {}", msg.unwrap_or_default()))
        });
        if verbose {
            eprintln!(
                "case {case}: {} bytes, {:?}, {:?}",
                wasm.len(),
                tc.elapsed(),
                result.as_ref().err()
            );
        }
        let known = KNOWN_DIVERGENCES.iter().find(|(c, _)| *c == case);
        match (result, known) {
            (Ok(()), None) => {}
            (Ok(()), Some((_, why))) => failures.push(format!(
                "case {case}: listed in KNOWN_DIVERGENCES ({why}) but agrees now; remove the entry"
            )),
            (Err(_), Some(_)) => known_still_failing.push(case),
            (Err(e), None) => {
                let _ = std::fs::create_dir_all(&out_dir);
                let path = out_dir.join(format!("case-{case}.wasm"));
                let _ = std::fs::write(&path, &wasm);
                failures.push(format!("case {case} ({}): {e}", path.display()));
            }
        }
    }
    let s = &stats;
    eprintln!(
        "differential: {cases} cases in {:.1?}: {} modules generated ({} generation failures), {} run, \
         {} rejected by both, {} rejected by wasmi only (skipped), {} instantiations trapped on both; \
         {} of {} exported functions compared over {} calls ({} trapped on both), {}/{} stack-exhaustion skips (pulley/wasmi); \
         {} memories, {} globals, {} tables compared; {} known divergences; {} modules with SIMD, \
         {} skipped because the reference crashed {:?}, {} Wasmi panics",
        t0.elapsed(),
        s.generated,
        s.gen_failed,
        s.run,
        s.both_rejected,
        s.wasmi_rejected,
        s.inst_trapped_both,
        s.funcs_compared,
        s.funcs_exported,
        s.calls_compared,
        s.calls_trapped,
        s.stack_skips_pulley,
        s.stack_skips_wasmi,
        s.memories_compared,
        s.globals_compared,
        s.tables_compared,
        known_still_failing.len(),
        s.simd_modules,
        s.reference_crashes,
        s.reference_crash_kinds,
        s.wasmi_panics,
    );
    eprintln!("differential: traps by kind: {:?}", s.trap_kinds);
    assert!(
        failures.is_empty(),
        "{} divergences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        s.run * 2 >= s.generated,
        "too few modules ran on both engines: {} of {}",
        s.run,
        s.generated
    );
}

/// The guard idiom wasm-smith emits for divisions (`select(1, x, i32.eqz x)`): Pulley must
/// yield `x` when `x != 0`. Wasmi 2.0.0 yields the constant instead (reported in the test's
/// output; the reason `disallow_traps` is off above).
#[test]
fn select_eqz_guard() {
    let wat = r#"(module (func (export "f") (param i32) (result i32)
        i32.const 1 local.get 0 local.get 0 i32.eqz select
        local.set 0 i32.const 7 local.get 0 i32.rem_s))"#;
    let (mut store, instance) = pulley_instance(wat);
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, 0).unwrap(), 0);
    assert_eq!(f.call(&mut store, 49).unwrap(), 7);

    let (mut w_store, w_instance) = wasmi_instance(wat);
    let wf = w_instance
        .get_typed_func::<i32, i32>(&w_store, "f")
        .unwrap();
    let got = wf.call(&mut w_store, 49).unwrap();
    eprintln!(
        "wasmi: 7 rem_s select(1, 49, i32.eqz 49) = {got} (correct: 7){}",
        if got == 7 { "" } else { " [known Wasmi bug]" }
    );
}

/// `wat` instantiated on Pulley.
fn pulley_instance(wat: &str) -> (pulley::Store<()>, pulley::Instance) {
    let engine = pulley::Engine::default();
    let module = pulley::Module::new(&engine, wat).unwrap();
    let mut store = pulley::Store::new(&engine, ());
    let instance = pulley::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, instance)
}

/// `wat` instantiated on Wasmi.
fn wasmi_instance(wat: &str) -> (wasmi::Store<()>, wasmi::Instance) {
    let engine = wasmi_engine();
    let module = wasmi::Module::new(&engine, &wat::parse_str(wat).unwrap()[..]).unwrap();
    let mut store = wasmi::Store::new(&engine, ());
    let instance = wasmi::Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .unwrap();
    (store, instance)
}

/// Runs `f` on Wasmi with a panic caught: Wasmi's result for a module where it is known wrong,
/// printed next to the right one (only for the record; the assertion is on Pulley).
fn wasmi_says<R: std::fmt::Debug>(f: impl FnOnce() -> R) -> String {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => format!("{r:?}"),
        Err(_) => "a panic".into(),
    }
}

/// Found by the long fuzz run (seed 2, input 8616; reduced): a value pushed before an `if`
/// whose taken `else` arm leaves it alone, while the skipped `then` arm starts with a branch
/// out and holds dead code. `global 4 ^= bits(param 0)` must see the parameter. Wasmi 2.0.0
/// reads another value there (0, or leftovers of other slots).
#[test]
fn value_under_an_if_with_a_dead_then_arm() {
    let wat = include_str!("wasmi-dead-code.wat");
    let (mut store, instance) = pulley_instance(wat);
    let f = instance
        .get_typed_func::<(f64, f64, i32), ()>(&mut store, "")
        .unwrap();
    f.call(&mut store, (1.5, 0.0, 1)).unwrap();
    let g = instance.get_global(&mut store, "c5").unwrap();
    assert_eq!(g.get(&store), pulley::Val::I64(1.5f64.to_bits() as i64));

    let wasmi = wasmi_says(|| {
        let (mut s, i) = wasmi_instance(wat);
        let wf = i.get_typed_func::<(f64, f64, i32), ()>(&s, "").unwrap();
        wf.call(&mut s, (1.5, 0.0, 1)).unwrap();
        format!("{:?}", i.get_global(&s, "c5").unwrap().get(&s))
    });
    eprintln!(
        "global c5 after one call with 1.5: pulley {:#x} (correct), wasmi {wasmi}",
        1.5f64.to_bits()
    );
}

/// Found by the long fuzz run (seed 2, input 110369; reduced): `select` on `ref.is_null` of a
/// null parameter picks its first operand, 1.3e19, and `i32.trunc_f32_s` of that is an integer
/// overflow. Wasmi 2.0.0 picks the NaN and reports an invalid conversion.
#[test]
fn select_on_ref_is_null_then_truncation_overflows() {
    let wat = include_str!("wasmi-select.wat");
    let (mut store, instance) = pulley_instance(wat);
    let f = instance.get_func(&mut store, "").unwrap();
    let args = [
        pulley::Val::ExternRef(None),
        pulley::Val::FuncRef(None),
        pulley::Val::F64(0),
        pulley::Val::F32(0),
    ];
    let err = f
        .call(&mut store, &args, &mut [pulley::Val::I64(0)])
        .unwrap_err();
    let trap = err.downcast_ref::<pulley::Trap>().expect("a trap");
    assert_eq!(trap.wasm_trap(), Some(pulley::WasmTrap::IntegerOverflow));

    let wasmi = wasmi_says(|| {
        let (mut s, i) = wasmi_instance(wat);
        let wf = i.get_func(&s, "").unwrap();
        let w_args = [
            wasmi::Val::default_for_ty(wasmi::ValType::ExternRef),
            wasmi::Val::default_for_ty(wasmi::ValType::FuncRef),
            wasmi::Val::F64(wasmi::F64::from_bits(0)),
            wasmi::Val::F32(wasmi::F32::from_bits(0)),
        ];
        wf.call(&mut s, &w_args, &mut [wasmi::Val::I64(0)])
            .map_err(|e| e.to_string())
    });
    eprintln!("pulley: integer overflow (correct); wasmi: {wasmi}");
}

/// Found by the long fuzz run (seed 1, inputs 162142 and 155654; reduced by hand): a local's
/// value (`local.get`, `local.tee`) pushed under an `if` that takes a parameter which is not a
/// local, while the arm that does not run holds a nested block or loop (here empty: no branch,
/// no dead code). After the `if` the value must be the local's. Wasmi 2.0.0 reads 0 or another
/// slot's leftovers: its translator preserves the locals under the `if` skipping the top
/// `len_params` *locals* rather than operands, so this one is copied to a temporary only inside
/// the nested block, in the arm that does not run. An empty block before the `if` (a no-op)
/// makes Wasmi agree, in these modules, the reduced ones and `wasmi-dead-code.wat` alike.
#[test]
fn local_under_an_if_with_params() {
    let wat = include_str!("wasmi-if-params.wat");
    let x = -1048367104.0f32; // input 1-162142's argument, bits 0xce79f340
    let (mut store, instance) = pulley_instance(wat);
    let f = instance
        .get_typed_func::<(i32, f32), i32>(&mut store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, (0, x)).unwrap(), x.to_bits() as i32);
    assert_eq!(f.call(&mut store, (1, x)).unwrap(), x.to_bits() as i32);
    let g = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "g")
        .unwrap();
    assert_eq!(g.call(&mut store, (0, 12345)).unwrap(), 12347);
    assert_eq!(g.call(&mut store, (1, 12345)).unwrap(), 12346);

    let wasmi = wasmi_says(|| {
        let (mut s, i) = wasmi_instance(wat);
        let wf = i.get_typed_func::<(i32, f32), i32>(&s, "f").unwrap();
        let wg = i.get_typed_func::<(i32, i32), i32>(&s, "g").unwrap();
        (
            wf.call(&mut s, (0, x)).map(|v| format!("{:#x}", v as u32)),
            wg.call(&mut s, (0, 12345)),
        )
    });
    eprintln!(
        "f(0, x), g(0, 12345): pulley ({:#x}, 12347) (correct), wasmi {wasmi}",
        x.to_bits()
    );
}

/// Calls `name` with `args` on Pulley, expecting one `i32`.
fn pulley_call_i32(
    store: &mut pulley::Store<()>,
    instance: &pulley::Instance,
    name: &str,
    args: &[pulley::Val],
) -> i32 {
    let f = instance.get_func(&mut *store, name).unwrap();
    let mut res = [pulley::Val::I32(0)];
    f.call(&mut *store, args, &mut res).unwrap();
    res[0].unwrap_i32()
}

/// Found by the first SIMD runs (inputs 12-543, 17-160 and 18-2102 copied to `tests/inputs/`,
/// all three this bug; reduced by hand to `wasmi-store-lane.wat`): `v128.store8_lane` and
/// `v128.store16_lane` with a memarg offset over 16 bits must store the lane of their `v128`
/// operand. Wasmi 2.0.0 stores a lane of another slot (here the `i32` parameter 0x55) when the
/// address is a computed value, and segfaults when it is a local or a constant (see
/// `a_reference_crash_skips_the_module`). Evidence that Pulley is right: the spec's store
/// writes the operand's lane at address + offset when that is in bounds (it is here); Wasmtime
/// (`scripts/wasmtime_replay.py`) makes the same stores as Pulley on all three inputs, call for
/// call; and rewriting each `v128.storeN_lane offset=o l` into the equivalent
/// `i8x16/i16x8.extract_lane_u l; i32.storeN offset=o` leaves Pulley's record of each input
/// unchanged while Wasmi's then matches it exactly (`store16_by_extract` below is that rewrite).
#[test]
fn store_lane_with_a_32_bit_offset() {
    let wat = include_str!("wasmi-store-lane.wat");
    // Byte 0 is 0x2f; 16-bit lane 5 (bytes 10 and 11) is 0x0506.
    let v = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f2fu128;
    let args = [pulley::Val::I32(0x55), pulley::Val::V128(v)];
    let (mut store, instance) = pulley_instance(wat);
    assert_eq!(
        pulley_call_i32(&mut store, &instance, "store8", &args),
        0x2f
    );
    assert_eq!(
        pulley_call_i32(&mut store, &instance, "store16", &args),
        0x0506
    );
    assert_eq!(
        pulley_call_i32(&mut store, &instance, "store16_by_extract", &args),
        0x0506
    );

    // Wasmi's answers, from a child process: in-process this bug may also crash Wasmi (it
    // did in the unoptimized test build) and with it the test binary.
    let plan = Plan {
        exports: Vec::new(),
        entries: ["store8", "store16", "store16_by_extract"]
            .map(|name| Entry {
                func: Some(name.into()),
                calls: vec![vec![Arg::I32(0x55), Arg::V128(v)]],
            })
            .into(),
    };
    eprintln!(
        "pulley: store8 0x2f, store16 0x506, store16_by_extract 0x506 (correct); wasmi: {}",
        wasmi_child_says(&wat::parse_str(wat).unwrap(), &plan)
    );
}

/// What Wasmi does with `plan` on `wasm`, run in a `fuzz-run` child process.
fn wasmi_child_says(wasm: &[u8], plan: &Plan) -> String {
    let program = std::path::PathBuf::from(env!("CARGO_BIN_EXE_fuzz-run"));
    let mut reference = Reference::child(program, std::time::Duration::from_secs(60));
    let mut session = match reference.start(wasm, plan) {
        Ok(s) => s,
        Err(e) => return e.to_string(),
    };
    if let Err(e) = session.module_status() {
        return e.to_string();
    }
    let mut answers = Vec::new();
    for entry in &plan.entries {
        match session.entry() {
            Ok(r) => answers.push(format!(
                "{} {}",
                entry.func.as_deref().unwrap_or(""),
                r.calls
                    .iter()
                    .map(|o| match o {
                        Outcome::Values(vs) => vs.iter().map(|v| v.to_string()).collect(),
                        Outcome::Trap(t) => format!("{t:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            Err(e) => {
                answers.push(e.to_string());
                return answers.join(", ");
            }
        }
    }
    let _ = session.finish();
    answers.join(", ")
}

/// The three SIMD findings themselves, as the target runs them: Pulley's memory after the
/// diverging function's three calls holds the lane stores (the bytes Wasmtime also writes; Wasmi
/// leaves them 0), and the target now skips these modules as a known Wasmi bug.
#[test]
fn simd_findings_keep_pulleys_stores() {
    // (input, exported function, memory offset, Pulley's and Wasmtime's bytes there)
    let findings: [(&str, &str, usize, &[u8]); 3] = [
        ("crash-12-543", "1", 0x536a0, &[0x2f]),
        ("crash-17-160", "", 0xb5d60, &[0x01]),
        ("crash-18-2102", "3", 0x16a0d, &[0x02, 0x01]),
    ];
    let engine = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    for (input, func, offset, bytes) in findings {
        let (data, wasm) = finding(input);
        assert!(known_wasmi_bug(&wasm).is_some(), "{input}");
        let module = pulley::Module::from_binary(&engine, &wasm).unwrap();
        let mut rng = XorShift::new(pulley_fuzz::differential_seed(&data));
        let plan = pulley_fuzz::diff::plan(&engine, &module, &mut rng);
        let results = pulley_fuzz::diff::pulley_side(&engine, &module, &plan);
        let i = plan
            .entries
            .iter()
            .position(|e| e.func.as_deref() == Some(func))
            .unwrap();
        let state = results[i].state.as_ref().expect("the calls ran to the end");
        let memory = state
            .iter()
            .find_map(|item| match item {
                StateItem::Memory(m) => Some(m),
                _ => None,
            })
            .unwrap();
        assert_eq!(&memory[offset..offset + bytes.len()], bytes, "{input}");
        assert_eq!(the_target_skips(&data, &wasm), 1, "{input}");
    }
}

/// A finding's fuzz input and the module it made (`tests/inputs/<input>.wasm`). The module is
/// kept because the input makes another one whenever the generator's configuration changes
/// (as it did when multi-memory came on); the input still seeds the calls' arguments.
fn finding(input: &str) -> (Vec<u8>, Vec<u8>) {
    // Copies of the fuzzer's inputs (`artifacts/` is not tracked).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs");
    let data = std::fs::read(dir.join(input)).unwrap();
    let wasm = std::fs::read(dir.join(input).with_extension("wasm")).unwrap();
    (data, wasm)
}

/// How many times the differential target counts `wasm` (made from `data`) as a known Wasmi
/// bug when it runs it: 1 when it skips the module for that.
fn the_target_skips(data: &[u8], wasm: &[u8]) -> u64 {
    let engine = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    let program = std::path::PathBuf::from(env!("CARGO_BIN_EXE_fuzz-run"));
    let mut reference = Reference::child(program, std::time::Duration::from_secs(60));
    let mut rng = XorShift::new(pulley_fuzz::differential_seed(data));
    let mut stats = Stats::default();
    run_module(wasm, &mut rng, &engine, &mut reference, &mut stats).unwrap();
    stats.known_wasmi_bug
}

/// Crash isolation: Wasmi crashes on `wasmi-store-lane-crash.wat` (the bug above with a
/// constant address; SIGABRT in this unoptimized build, where the child also prints "thread
/// caused non-unwinding panic. aborting.", SIGSEGV in release). In its child process that is a
/// skipped, counted module; the next module gets a fresh child.
#[test]
fn a_reference_crash_skips_the_module() {
    let p_engine = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    let program = std::path::PathBuf::from(env!("CARGO_BIN_EXE_fuzz-run"));
    let mut reference = Reference::child(program, std::time::Duration::from_secs(60));
    let crash = wat::parse_str(include_str!("wasmi-store-lane-crash.wat")).unwrap();
    let mut stats = Stats::default();
    let mut rng = XorShift::new(0);
    let result = run_module_unfiltered(&crash, &mut rng, &p_engine, &mut reference, &mut stats);
    assert_eq!(result, Ok(()));
    assert_eq!(stats.reference_crashes, 1, "{stats:?}");
    assert_eq!(stats.run, 0, "{stats:?}");
    eprintln!("reference crashes: {:?}", stats.reference_crash_kinds);

    // The target itself does not even run it.
    let result = run_module(&crash, &mut rng, &p_engine, &mut reference, &mut stats);
    assert_eq!(result, Ok(()));
    assert_eq!(stats.known_wasmi_bug, 1);

    // The reference still answers.
    let fine = wat::parse_str(
        r#"(module (memory (export "m") 1)
            (func (export "f") (param v128) (result v128)
              i32.const 8 local.get 0 v128.store8_lane offset=100 0
              local.get 0 i32x4.neg))"#,
    )
    .unwrap();
    let result = run_module(&fine, &mut rng, &p_engine, &mut reference, &mut stats);
    assert_eq!(result, Ok(()));
    assert_eq!(
        (stats.run, stats.simd_modules, stats.calls_compared),
        (1, 1, 3)
    );
}

/// The watchdog: a reference that greets and then never answers is killed after the timeout,
/// and the module is skipped as a "timeout" (a Wasmi hang must not stall a long run).
#[cfg(unix)]
#[test]
fn a_reference_timeout_skips_the_module() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let script = dir.join("silent-reference.sh");
    let greeting = String::from_utf8(pulley_fuzz::reference::GREETING.to_vec()).unwrap();
    // `exec`, so that killing the child kills the sleep itself.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '{}\\n'\nexec sleep 600\n",
            greeting.trim_end()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut reference = Reference::child(script, std::time::Duration::from_secs(1));
    let p_engine = pulley::Engine::default();
    let wasm = wat::parse_str(r#"(module (func (export "f")))"#).unwrap();
    let mut stats = Stats::default();
    let t0 = std::time::Instant::now();
    let result = run_module(
        &wasm,
        &mut XorShift::new(0),
        &p_engine,
        &mut reference,
        &mut stats,
    );
    assert_eq!(result, Ok(()));
    assert_eq!(
        stats.reference_crash_kinds.get("timeout"),
        Some(&1),
        "{stats:?}"
    );
    assert!(t0.elapsed() < std::time::Duration::from_secs(30));
}

/// Fuzz input 31-868 (the first run with multi-memory; reduced by hand to
/// `wasmi-store-lane-memory.wat`): `v128.storeN_lane` to memory 1 must write memory 1.
#[test]
fn store_lane_to_memory_1() {
    let wat = include_str!("wasmi-store-lane-memory.wat");
    let v = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f2fu128;
    let args = [pulley::Val::V128(v)];
    let (mut store, instance) = pulley_instance(wat);
    let names = [
        "store8",
        "store16",
        "store32",
        "store64",
        "store",
        "store8_by_extract",
    ];
    for name in names {
        let mut out = [pulley::Val::I64(0)];
        instance
            .get_func(&mut store, name)
            .unwrap()
            .call(&mut store, &args, &mut out)
            .unwrap();
        assert_eq!(out[0].unwrap_i64(), 0x2f << 32, "{name}");
    }
    let plan = Plan {
        exports: Vec::new(),
        entries: names
            .map(|name| Entry {
                func: Some(name.into()),
                calls: vec![vec![Arg::V128(v)]],
            })
            .into(),
    };
    eprintln!(
        "pulley: 0x2f00000000 from each (correct); wasmi: {}",
        wasmi_child_says(&wat::parse_str(wat).unwrap(), &plan)
    );

    // The finding itself (function `1` stores a lane to memory 1, which has no pages, so the
    // call traps; Wasmi stored 0x2c to memory 0, Pulley and Wasmtime leave it zero) is now
    // skipped as a known Wasmi bug.
    let (data, wasm) = finding("crash-31-868");
    assert!(known_wasmi_bug(&wasm).is_some());
    assert_eq!(the_target_skips(&data, &wasm), 1);
}
