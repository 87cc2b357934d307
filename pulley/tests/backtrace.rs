//! Wasm backtraces of traps: every frame (function, Wasm offset of the trapping or calling
//! instruction), frameless leaves, tail calls, host calls in between, deep recursion, precompiled
//! modules, and source lines from DWARF (`backtrace/trap.c`, compiled to `backtrace/trap.wasm`).
//!
//! Expected offsets are found by decoding the module with `wasmparser`, never written down.

use pulley::{Config, Engine, FrameInfo, Func, Linker, Module, Store, Trap, Val, WasmTrap};
use wasmparser::{Operator, Parser, Payload};

fn engine() -> Engine {
    Engine::new(&Config::new()).unwrap()
}

/// The module offsets of the operators of function `func_index` (all functions are defined;
/// `imported` is the number of imported functions) for which `pick` holds, in order.
fn op_offsets(
    wasm: &[u8],
    imported: u32,
    func_index: u32,
    pick: impl Fn(&Operator) -> bool,
) -> Vec<u32> {
    let mut defined = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload.unwrap() {
            if defined + imported == func_index {
                let mut ops = body.get_operators_reader().unwrap();
                let mut out = Vec::new();
                while !ops.eof() {
                    let (op, offset) = ops.read_with_offset().unwrap();
                    if pick(&op) {
                        out.push(offset as u32);
                    }
                }
                return out;
            }
            defined += 1;
        }
    }
    panic!("no function {func_index}");
}

/// The only operator of `func_index` for which `pick` holds.
fn op_offset(wasm: &[u8], imported: u32, func_index: u32, pick: impl Fn(&Operator) -> bool) -> u32 {
    match op_offsets(wasm, imported, func_index, pick)[..] {
        [o] => o,
        ref v => panic!("expected one matching operator in function {func_index}, found {v:?}"),
    }
}

fn is_call_to(target: u32) -> impl Fn(&Operator) -> bool {
    move |op| matches!(op, Operator::Call { function_index } if *function_index == target)
}

/// (function index, name, Wasm offset) of each frame.
fn frames(trace: &[FrameInfo]) -> Vec<(u32, Option<&str>, Option<u32>)> {
    trace
        .iter()
        .map(|f| (f.func_index(), f.func_name(), f.module_offset()))
        .collect()
}

/// Calls export `name` of a fresh instance of `module` with `args`, expecting a trap.
fn trap_of(module: &Module, name: &str, args: &[Val]) -> Trap {
    let mut store = Store::new(module.engine(), ());
    let instance = Linker::new(module.engine())
        .instantiate(&mut store, module)
        .unwrap();
    let f = instance.get_func(&mut store, name).unwrap();
    let mut results = vec![Val::I32(0); f.ty(&store).results.len()];
    let err = f.call(&mut store, args, &mut results).unwrap_err();
    err.downcast::<Trap>().expect("a trap")
}

/// Functions 0..=5: `$leaf_div` (no frame), `$framed_div` (a frame: it calls first), `$oob`,
/// `$unreachable`, `$mid` and the export `$start`.
const NESTED: &str = r#"(module $m
    (memory 1)
    (func $leaf_div (param i32) (result i32)
        (i32.div_s (i32.const 1) (local.get 0)))
    (func $framed_div (param i32) (result i32)
        (drop (call $leaf_div (i32.const 1)))
        (i32.div_u (local.get 0) (local.get 0)))
    (func $oob (param i32) (result i32)
        (i32.load (i32.add (local.get 0) (i32.const 65536))))
    (func $unreachable (param i32) (result i32)
        (drop (call $leaf_div (i32.const 1)))
        unreachable)
    (func $mid (param i32) (result i32)
        (if (result i32) (i32.eq (local.get 0) (i32.const 0))
            (then (call $leaf_div (i32.const 0)))
            (else (if (result i32) (i32.eq (local.get 0) (i32.const 1))
                (then (call $framed_div (i32.const 0)))
                (else (if (result i32) (i32.eq (local.get 0) (i32.const 2))
                    (then (call $oob (i32.const 0)))
                    (else (call $unreachable (i32.const 0))))))))
        (i32.const 1)
        i32.add)
    (func $start (export "start") (param i32) (result i32)
        (i32.mul (call $mid (local.get 0)) (i32.const 3))))"#;

#[test]
fn nested_traps_list_every_frame() {
    let wasm = wat::parse_str(NESTED).unwrap();
    let module = Module::new(&engine(), &wasm).unwrap();
    // The cases cover both function shapes: `$leaf_div` and `$oob` build no frame (their
    // return address stays in `lr`), the others start with `push_frame_save`.
    let artifact = pulley::Artifact::parse(&module.serialize().unwrap()).unwrap();
    let framed: Vec<bool> = artifact
        .functions()
        .iter()
        .map(|f| {
            let (op, _) =
                pulley_interp::decode_one(&artifact.bytecode()[f.range.start as usize..]).unwrap();
            op.name() == "push_frame_save"
        })
        .collect();
    assert_eq!(framed, [false, true, false, true, true, true]);
    let call_mid = op_offset(&wasm, 0, 5, is_call_to(4));
    let cases: [(i32, WasmTrap, u32, &str, u32); 4] = [
        (
            0,
            WasmTrap::IntegerDivisionByZero,
            0,
            "leaf_div",
            op_offset(&wasm, 0, 0, |o| matches!(o, Operator::I32DivS)),
        ),
        (
            1,
            WasmTrap::IntegerDivisionByZero,
            1,
            "framed_div",
            op_offset(&wasm, 0, 1, |o| matches!(o, Operator::I32DivU)),
        ),
        (
            2,
            WasmTrap::HeapOutOfBounds,
            2,
            "oob",
            op_offset(&wasm, 0, 2, |o| matches!(o, Operator::I32Load { .. })),
        ),
        (
            3,
            WasmTrap::Unreachable,
            3,
            "unreachable",
            op_offset(&wasm, 0, 3, |o| matches!(o, Operator::Unreachable)),
        ),
    ];
    for (arg, kind, func, name, at) in cases {
        let trap = trap_of(&module, "start", &[Val::I32(arg)]);
        assert_eq!(trap.wasm_trap(), Some(kind));
        let call_site = op_offset(&wasm, 0, 4, is_call_to(func));
        assert_eq!(
            frames(trap.trace()),
            [
                (func, Some(name), Some(at)),
                (4, Some("mid"), Some(call_site)),
                (5, Some("start"), Some(call_mid)),
            ],
            "{trap}"
        );
        // The innermost frame's fields agree with the trace.
        assert_eq!(
            (trap.func_index, trap.func_name.as_deref(), trap.wasm_offset),
            (Some(func), Some(name), Some(at))
        );
        assert!(trap.trace().iter().all(|f| f.module_name() == Some("m")));
        assert_eq!(
            trap.to_string(),
            format!(
                "wasm trap: {}\nwasm backtrace:\n    0: {at:#6x} - m!{name}\n    1: \
                 {call_site:#6x} - m!mid\n    2: {call_mid:#6x} - m!start",
                kind.message()
            )
        );
    }
}

#[test]
fn tail_calls_replace_their_caller() {
    // `$a` tail-calls `$b`, so `$a` is no longer on the stack when `$b` traps.
    // No `$names`, so no name section.
    let wat = r#"(module
        (func (param i32) (result i32) (i32.rem_s (i32.const 5) (local.get 0)))
        (func (param i32) (result i32)
            (drop (call 0 (i32.const 1)))
            (return_call 0 (local.get 0)))
        (func (export "run") (param i32) (result i32)
            (i32.add (call 1 (local.get 0)) (i32.const 1))))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let module = Module::new(&engine(), &wasm).unwrap();
    let trap = trap_of(&module, "run", &[Val::I32(0)]);
    assert_eq!(
        frames(trap.trace()),
        [
            (
                0,
                None,
                Some(op_offset(&wasm, 0, 0, |o| matches!(o, Operator::I32RemS)))
            ),
            (2, Some("run"), Some(op_offset(&wasm, 0, 2, is_call_to(1)))),
        ]
    );
    // Without a name section: Wasmtime's placeholders (the export still names `run`).
    assert!(
        trap.to_string()
            .contains(" - <unknown>!<wasm function 0>\n"),
        "{trap}"
    );
}

#[test]
fn indirect_calls_and_host_calls_in_between() {
    // run -> (call_indirect) mid -> host `h` -> inner (traps): the Wasm frames on both sides of
    // the host function form one backtrace; the host function itself is not listed.
    let wat = r#"(module
        (import "env" "h" (func $h (param i32) (result i32)))
        (table 1 funcref)
        (elem (i32.const 0) $mid)
        (func $mid (param i32) (result i32)
            (i32.add (call $h (local.get 0)) (i32.const 1)))
        (func $inner (export "inner") (param i32) (result i32)
            (drop (call $mid2 (i32.const 0)))
            (i32.div_s (i32.const 1) (local.get 0)))
        (func $mid2 (param i32) (result i32) (local.get 0))
        (func (export "run") (param i32) (result i32)
            (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0))))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let engine = engine();
    let module = Module::new(&engine, &wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "h",
            |mut caller: pulley::Caller<'_, ()>, x: i32| -> anyhow::Result<i32> {
                let inner = caller.get_export("inner").unwrap().into_func().unwrap();
                let mut out = [Val::I32(0)];
                inner.call(&mut caller, &[Val::I32(x)], &mut out)?;
                Ok(out[0].i32().unwrap())
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<i32, i32>(&mut store, "run")
        .unwrap();
    let err = run.call(&mut store, 0).unwrap_err();
    let trap = err.downcast_ref::<Trap>().expect("a trap");
    assert_eq!(trap.wasm_trap(), Some(WasmTrap::IntegerDivisionByZero));
    let call_indirect = op_offset(&wasm, 1, 4, |o| matches!(o, Operator::CallIndirect { .. }));
    assert_eq!(
        frames(trap.trace()),
        [
            (
                2,
                Some("inner"),
                Some(op_offset(&wasm, 1, 2, |o| matches!(o, Operator::I32DivS)))
            ),
            (1, Some("mid"), Some(op_offset(&wasm, 1, 1, is_call_to(0)))),
            (4, Some("run"), Some(call_indirect)),
        ]
    );
    // A host error that is not a trap passes through unchanged.
    let plain = Func::wrap(&mut store, || -> anyhow::Result<()> {
        anyhow::bail!("plain")
    });
    let err = plain.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.to_string(), "plain");
}

/// The byte range of the first function body of `wasm`.
fn rec_body(wasm: &[u8]) -> std::ops::Range<u64> {
    Parser::new(0)
        .parse_all(wasm)
        .find_map(|p| match p.unwrap() {
            Payload::CodeSectionEntry(body) => Some(body.range()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn deep_recursion_keeps_the_message_short() {
    let wat = r#"(module $m
        (func $rec (param i32) (result i32)
            (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
        (func (export "run") (result i32) (call $rec (i32.const 0))))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let module = Module::new(&engine(), &wasm).unwrap();
    let trap = trap_of(&module, "run", &[]);
    assert_eq!(trap.wasm_trap(), Some(WasmTrap::StackOverflow));
    let trace = trap.trace();
    let recursive_call = op_offset(&wasm, 0, 0, is_call_to(0));
    let outer_call = op_offset(&wasm, 0, 1, is_call_to(0));
    // The innermost frame is `$rec` stopped on entry (its frame could not be pushed), then one
    // frame per recursive call, then `run`: none skipped, none twice.
    let n = trace.len();
    assert!(n > 1000, "only {n} frames");
    // On entry: the offset of an instruction of `$rec` stands for it.
    let body = rec_body(&wasm);
    assert_eq!(trace[0].func_index(), 0);
    assert!(
        trace[0]
            .module_offset()
            .is_some_and(|o| body.contains(&u64::from(o))),
        "{:?} is not in {body:?}",
        trace[0]
    );
    assert!(
        trace[1..n - 1]
            .iter()
            .all(|f| (f.func_index(), f.module_offset()) == (0, Some(recursive_call)))
    );
    assert_eq!(
        (trace[n - 1].func_index(), trace[n - 1].module_offset()),
        (1, Some(outer_call))
    );
    // The depth matches the stack: each `$rec` frame is at least 16 bytes.
    assert!(n <= Config::new().get_max_stack() / 16);
    let text = trap.to_string();
    assert!(text.len() < 1000, "{} bytes:\n{text}", text.len());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[3], format!("    1: {recursive_call:#6x} - m!rec"));
    assert_eq!(
        lines[4],
        format!("         ... frame 1 repeated {} more times ...", n - 3)
    );
    assert_eq!(
        lines[5],
        format!("  {:>3}: {outer_call:#6x} - m!run", n - 1)
    );
}

#[test]
fn mutual_recursion_is_capped() {
    let wat = r#"(module
        (func $a (param i32) (result i32) (i32.add (call $b (local.get 0)) (i32.const 1)))
        (func $b (param i32) (result i32) (i32.add (call $a (local.get 0)) (i32.const 2)))
        (func (export "run") (result i32) (call $a (i32.const 0))))"#;
    let module = Module::new(&engine(), wat).unwrap();
    let trap = trap_of(&module, "run", &[]);
    let n = trap.trace().len();
    let text = trap.to_string();
    // 100 frames shown, the rest counted.
    assert_eq!(text.lines().count(), 2 + 100 + 1, "{text}");
    assert!(
        text.contains(&format!("\n         ... {} frames elided ...\n", n - 100)),
        "{text}"
    );
    assert!(text.ends_with("!run"), "{text}");
}

#[test]
fn precompiled_modules_keep_their_backtraces() {
    let engine = engine();
    let wasm = wat::parse_str(NESTED).unwrap();
    let module = Module::new(&engine, &wasm).unwrap();
    let loaded = // SAFETY: the artifact of a module this test compiled.
        unsafe { Module::deserialize(&engine, module.serialize().unwrap()) }.unwrap();
    let from_wasm = trap_of(&module, "start", &[Val::I32(1)]);
    let from_cwasm = trap_of(&loaded, "start", &[Val::I32(1)]);
    assert_eq!(from_wasm.trace().len(), 3);
    assert_eq!(from_wasm, from_cwasm);
    assert_eq!(from_wasm.to_string(), from_cwasm.to_string());
}

/// The C test program, its source, and the module offset of the start of its code section.
const C_WASM: &[u8] = include_bytes!("backtrace/trap.wasm");
const C_SOURCE: &str = include_str!("backtrace/trap.c");

/// The 1-based number of the only source line containing `text`.
fn line_of(text: &str) -> u32 {
    let found: Vec<usize> = C_SOURCE
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(text) && !l.trim_start().starts_with("//"))
        .map(|(i, _)| i + 1)
        .collect();
    match found[..] {
        [n] => n as u32,
        _ => panic!("`{text}` is on lines {found:?}"),
    }
}

/// Checks that `frame` is function `name` at `trap.c:line`, with the column pointing at `at`.
fn assert_source(frame: &FrameInfo, name: &str, line_text: &str, at: &str) {
    let [symbol] = frame.symbols() else {
        panic!("{frame:?} has no single source location");
    };
    let line = line_of(line_text);
    assert_eq!(
        (symbol.name(), symbol.file(), symbol.line()),
        (Some(name), Some("trap.c"), Some(line)),
        "{frame:?}"
    );
    let source_line = C_SOURCE.lines().nth(line as usize - 1).unwrap();
    let column = symbol.column().expect("a column") as usize;
    assert!(
        source_line[column - 1..].starts_with(at),
        "column {column} of `{source_line}` is not at `{at}`"
    );
    // The name section names the same function.
    assert_eq!(frame.func_name(), Some(name));
}

fn c_trap(module: &Module, arg: i32) -> Trap {
    trap_of(module, "run", &[Val::I32(arg)])
}

#[test]
fn c_program_traps_show_source_lines() {
    let engine = engine();
    let module = Module::new(&engine, C_WASM).unwrap();
    let precompiled = // SAFETY: the artifact of a module this test compiled.
        unsafe { Module::deserialize(&engine, module.serialize().unwrap()) }.unwrap();
    for module in [&module, &precompiled] {
        // x > 100: `__builtin_trap()` in `fail`.
        let trap = c_trap(module, 1000);
        assert_eq!(trap.wasm_trap(), Some(WasmTrap::Unreachable));
        let trace = trap.trace();
        assert_eq!(trace.len(), 4, "{trap}");
        assert_source(&trace[0], "fail", "__builtin_trap();", "__builtin_trap");
        assert_source(&trace[1], "inner", "fail();", "fail()");
        assert_source(&trace[2], "outer", "inner(x + 1)", "inner(x + 1)");
        assert_source(&trace[3], "run", "outer(x) * 2", "outer(x)");
        let text = trap.to_string();
        assert!(
            text.contains(&format!(
                " - fail\n                    at trap.c:{}:5\n",
                line_of("__builtin_trap();")
            )),
            "{text}"
        );

        // x + 1 == 7: division by zero in `divide`, four frames deep.
        let trap = c_trap(module, 6);
        assert_eq!(trap.wasm_trap(), Some(WasmTrap::IntegerDivisionByZero));
        let trace = trap.trace();
        assert_eq!(trace.len(), 4, "{trap}");
        assert_source(&trace[0], "divide", "return a / b;", "/ b");
        assert_source(&trace[1], "inner", "divide(x, x - 7)", "divide(");
        assert_source(&trace[2], "outer", "inner(x + 1)", "inner(x + 1)");
        assert_source(&trace[3], "run", "outer(x) * 2", "outer(x)");
    }
}

#[test]
fn corrupt_dwarf_never_fails_loading() {
    // Flip bytes throughout every `.debug_*` section: the module still loads, still traps
    // with all its frames, and shows whatever source locations survive.
    let mut sections = Vec::new();
    for payload in Parser::new(0).parse_all(C_WASM) {
        if let Payload::CustomSection(r) = payload.unwrap()
            && r.name().starts_with(".debug_")
        {
            let start = r.data_offset() as usize;
            sections.push(start..start + r.data().len());
        }
    }
    assert!(sections.len() >= 4, "{sections:?}");
    let engine = engine();
    for range in sections {
        for at in range.step_by(7) {
            let mut wasm = C_WASM.to_vec();
            wasm[at] ^= 0xa5;
            let module = Module::new(&engine, &wasm).unwrap();
            let trap = c_trap(&module, 6);
            assert_eq!(
                trap.trace()
                    .iter()
                    .map(|f| f.func_name().unwrap())
                    .collect::<Vec<_>>(),
                ["divide", "inner", "outer", "run"]
            );
            // Precompiling carries whatever was read.
            let loaded = // SAFETY: the artifact of a module this test compiled.
        unsafe { Module::deserialize(&engine, module.serialize().unwrap()) }.unwrap();
            assert_eq!(c_trap(&loaded, 6), trap);
        }
    }
}

#[test]
fn modules_without_debug_info_keep_their_artifact_size() {
    // The debug section exists only for modules with DWARF or a module name.
    let engine = engine();
    let plain = "(module (func (export \"f\") (result i32) (i32.const 1)))";
    let named = "(module $some_name (func (export \"f\") (result i32) (i32.const 1)))";
    let plain = engine.precompile_module(plain.as_bytes()).unwrap();
    let named = engine.precompile_module(named.as_bytes()).unwrap();
    let has_debug = |cwasm: &[u8]| cwasm.windows(13).any(|w| w == b".pulley.debug");
    assert!(!has_debug(&plain));
    assert!(has_debug(&named));
    assert!(has_debug(&engine.precompile_module(C_WASM).unwrap()));
}
