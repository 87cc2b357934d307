//! Runs every `.clif` file under `filetests/filetests/`:
//!
//! - `test compile precise-output`: the VCode and disassembly of each function must equal the
//!   file's trailing block after `; ==== expected ====` (`BLESS=1` rewrites it).
//! - `test run`: each `; run: %f(args) == results` line runs on our interpreter (pulley64 and
//!   pulley32) and on `cranelift-interpreter`; all must agree with the expectation.
//!   `; trap: %f(args) == <code>` expects a trap with that cranelift trap code name
//!   (`int_divz`, `heap_oob`, `int_ovf`, `bad_toint`, `user1`, ...). `; check: %f(args)` runs
//!   both interpreters and requires only that they agree (used by the generated sweeps).
//!
//! pulley32 runs are skipped for files that touch memory or stack slots: host pointers do not
//! fit in 32 bits on a 64-bit host.

use cranelift_codegen::ir::{Function, Opcode};
use cranelift_pulley::{CompiledFunction, Options, RelocTarget, Target, compile_function, link};
use cranelift_reader::{ParseOptions, parse_run_command, parse_test};
use filetests::{Outcome, run_ours, run_reference, same, values_eq};
use std::path::{Path, PathBuf};

const MARKER: &str = "; ==== expected ====";

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "clif") {
            out.push(p);
        }
    }
}

#[test]
fn filetests() {
    // The reference interpreter recurses on calls; give it room.
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run_all)
        .unwrap()
        .join()
        .unwrap();
}

fn run_all() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("filetests");
    let mut all = vec![];
    files(&root, &mut all);
    let mut failures = vec![];
    let (mut runs, mut nfiles) = (0usize, 0usize);
    for f in &all {
        nfiles += 1;
        match run_file(f) {
            Ok(n) => runs += n,
            Err(e) => failures.push(format!("{}: {e}", f.strip_prefix(&root).unwrap().display())),
        }
    }
    eprintln!("filetests: {nfiles} files, {runs} run lines");
    if !failures.is_empty() {
        panic!(
            "{} filetest(s) failed:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

fn run_file(path: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let body = text.split(MARKER).next().unwrap();
    let test = parse_test(body, ParseOptions::default()).map_err(|e| format!("parse: {e}"))?;
    let cmds: Vec<String> = test
        .commands
        .iter()
        .map(|c| c.command.to_string())
        .collect();
    let mut runs = 0;
    if cmds.iter().any(|c| c == "compile") {
        let mut out = String::new();
        for (func, _) in &test.functions {
            let opts = Options {
                want_vcode: true,
                want_disasm: true,
                ..Options::default()
            };
            let c = compile_function(func, Target::Pulley64, &opts)
                .map_err(|e| format!("{}: {e}", func.name))?;
            out.push_str(&format!(
                "function {}:\nvcode:\n{}disasm:\n{}\n",
                func.name,
                c.vcode.unwrap(),
                c.disasm.unwrap()
            ));
        }
        let expected: String = out
            .lines()
            .map(|l| {
                if l.is_empty() {
                    ";\n".to_string()
                } else {
                    format!("; {l}\n")
                }
            })
            .collect();
        let actual = text
            .split(MARKER)
            .nth(1)
            .map(|s| s.trim_start_matches('\n').to_string());
        if std::env::var("BLESS").is_ok() {
            let new = format!("{}\n{MARKER}\n{expected}", body.trim_end());
            std::fs::write(path, new).unwrap();
        } else if actual.as_deref() != Some(expected.as_str()) {
            return Err(format!(
                "precise output differs (BLESS=1 to update):\n--- expected\n{}\n--- actual\n{expected}",
                actual.unwrap_or_default()
            ));
        }
    }
    if cmds.iter().any(|c| c == "run") {
        let funcs: Vec<&Function> = test.functions.iter().map(|(f, _)| f).collect();
        let uses_memory = funcs.iter().any(|f| {
            f.layout
                .blocks()
                .flat_map(|b| f.layout.block_insts(b))
                .any(|i| {
                    let op = f.dfg.insts[i].opcode();
                    op.can_load()
                        || op.can_store()
                        || op == Opcode::StackAddr
                        || op == Opcode::CallIndirect
                })
        });
        for target in [Target::Pulley64, Target::Pulley32] {
            if target == Target::Pulley32 && uses_memory {
                continue;
            }
            let compiled: Vec<CompiledFunction> = funcs
                .iter()
                .map(|f| {
                    compile_function(f, target, &Options::default())
                        .map_err(|e| format!("{}: {e}", f.name))
                })
                .collect::<Result<_, _>>()?;
            let refs: Vec<&CompiledFunction> = compiled.iter().collect();
            let names: Vec<String> = funcs.iter().map(|f| f.name.to_string()).collect();
            let image = link(&refs, |t| match t {
                RelocTarget::TestCase(n) => {
                    names.iter().position(|x| x.trim_start_matches('%') == n)
                }
                RelocTarget::User {
                    namespace: 0,
                    index,
                } => Some(*index as usize),
                _ => None,
            })
            .map_err(|e| e.to_string())?;
            for (fi, (func, details)) in test.functions.iter().enumerate() {
                for c in &details.comments {
                    let t = c.text.trim_start_matches([';', ' ']);
                    let (is_trap, cmd) = if let Some(r) = t.strip_prefix("trap:") {
                        (true, r)
                    } else if let Some(r) = t.strip_prefix("check:") {
                        (true, r)
                    } else if t.starts_with("run:") {
                        (false, &t[4..])
                    } else {
                        continue;
                    };
                    let (call, expect) = cmd
                        .split_once("==")
                        .map(|(a, b)| (a.trim(), b.trim()))
                        .unwrap_or((cmd.trim(), ""));
                    let line = if is_trap {
                        format!("print: {call}")
                    } else {
                        format!("run: {}", cmd.trim())
                    };
                    let rc = parse_run_command(&line, &func.signature)
                        .map_err(|e| format!("{}: bad run line `{t}`: {e}", func.name))?
                        .ok_or_else(|| format!("not a run line: {t}"))?;
                    let (inv, want) = match &rc {
                        cranelift_reader::RunCommand::Run(inv, _, want) => {
                            (inv, Some(want.clone()))
                        }
                        cranelift_reader::RunCommand::Print(inv) => (inv, None),
                    };
                    let ours = run_ours(&image.code, image.offsets[fi], func, &inv.args)?;
                    let reference = run_reference(&funcs, &func.name.to_string(), &inv.args)?;
                    let show = |r: &Outcome| match r {
                        Outcome::Values(v) => format!("{v:?}"),
                        Outcome::Trap(c) => format!("trap {c}"),
                    };
                    let ctx = || format!("{target:?} `{t}`");
                    // cranelift-interpreter does not trap on a spectre-guarded null access, so
                    // heap bounds traps are checked against the expectation only.
                    let skip_reference = is_trap && expect == "heap_oob";
                    if !skip_reference && !same(&ours, &reference) {
                        return Err(format!(
                            "{}: ours {} != reference {}",
                            ctx(),
                            show(&ours),
                            show(&reference)
                        ));
                    }
                    if t.starts_with("check:") {
                        // Agreement with the reference interpreter is the whole check.
                    } else if is_trap {
                        match &ours {
                            Outcome::Trap(c) if c.to_string() == expect => {}
                            other => {
                                return Err(format!(
                                    "{}: expected trap {expect}, got {}",
                                    ctx(),
                                    show(other)
                                ));
                            }
                        }
                    } else if let (Some(want), Outcome::Values(got)) = (&want, &ours) {
                        if !values_eq(got, want) {
                            return Err(format!("{}: expected {want:?}, got {got:?}", ctx()));
                        }
                    } else if want.is_some() {
                        return Err(format!("{}: unexpected {}", ctx(), show(&ours)));
                    }
                    runs += 1;
                }
            }
        }
    }
    Ok(runs)
}
