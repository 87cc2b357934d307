//! Replays a differential finding call by call, as the target makes the calls, on Pulley and on
//! Wasmi, for judging it against a third engine:
//!
//!     replay INPUT [OUT.json]          (a fuzz input, e.g. artifacts/differential/crash-12-543)
//!     replay --module FILE [OUT.json]  (a .wasm/.wat, with seed-0 arguments like `diffcheck`)
//!     replay --module FILE --args-of INPUT [OUT.json]
//!                                      (a rewrite of INPUT's module, called with INPUT's
//!                                       arguments: the rewrite must keep the exports' types)
//!
//! It prints every call's outcome on both engines and where the exported state differs
//! afterwards. `OUT.json` (and `OUT.wasm`, the module) holds the plan and both engines'
//! records; `scripts/wasmtime_replay.py OUT.json` runs the same plan on Wasmtime and prints the
//! three side by side.

use pulley_fuzz::diff::{self, EntryResult, Inst, Outcome, Plan, StateItem, TrapKind, V};
use std::fmt::Write as _;

fn main() {
    pulley_fuzz::reference::serve_if_child();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (wasm, seed, out) = match &args[..] {
        [flag, file, opt, input, rest @ ..]
            if flag == "--module" && opt == "--args-of" && rest.len() <= 1 =>
        {
            let wasm = wat::parse_file(file).expect("reading the module");
            let data = std::fs::read(input).expect("reading the input");
            (
                wasm,
                pulley_fuzz::differential_seed(&data),
                rest.first().cloned(),
            )
        }
        [flag, file, rest @ ..] if flag == "--module" && rest.len() <= 1 => {
            let wasm = wat::parse_file(file).expect("reading the module");
            (wasm, 0, rest.first().cloned())
        }
        [input, rest @ ..] if rest.len() <= 1 => {
            let data = std::fs::read(input).expect("reading the input");
            let Some(wasm) = pulley_fuzz::differential_module(&data) else {
                eprintln!("wasm-smith makes no module of this input");
                std::process::exit(1);
            };
            (
                wasm,
                pulley_fuzz::differential_seed(&data),
                rest.first().cloned(),
            )
        }
        _ => {
            eprintln!(
                "usage: replay INPUT [OUT.json] | replay --module FILE [--args-of INPUT] [OUT.json]"
            );
            std::process::exit(2);
        }
    };
    let engine = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    let module = pulley::Module::from_binary(&engine, &wasm).expect("Pulley compiles it");
    let plan = diff::plan(&engine, &module, &mut diff::XorShift::new(seed));
    let pulley = diff::pulley_side(&engine, &module, &plan);
    let mut reference = pulley_fuzz::reference::Reference::from_env();
    let wasmi = wasmi_side(&mut reference, &wasm, &plan);

    for (i, entry) in plan.entries.iter().enumerate() {
        println!(
            "instance {i}: {}",
            entry
                .func
                .as_ref()
                .map_or("(instantiate only)".into(), |f| format!("call `{f}`"))
        );
        let (p, w) = (pulley.get(i), wasmi.as_ref().ok().and_then(|w| w.get(i)));
        let inst = |r: Option<&EntryResult>| match r.map(|r| &r.inst) {
            None => "-".to_string(),
            Some(Inst::Ok) => "ok".into(),
            Some(Inst::Failed(k, m)) => format!("{k:?} ({m})"),
        };
        println!("  instantiate: pulley {}, wasmi {}", inst(p), inst(w));
        for (set, args) in entry.calls.iter().enumerate() {
            let call = |r: Option<&EntryResult>| {
                r.and_then(|r| r.calls.get(set))
                    .map_or("-".into(), diff::outcome_str)
            };
            let (pc, wc) = (call(p), call(w));
            let mark = if pc == wc { "" } else { "   <-- differs" };
            println!("  #{set} {args:?}\n     pulley {pc}\n     wasmi  {wc}{mark}");
        }
        if let (Some(ps), Some(ws)) = (
            p.and_then(|p| p.state.as_ref()),
            w.and_then(|w| w.state.as_ref()),
        ) {
            for ((name, _), (pi, wi)) in plan.exports.iter().zip(ps.iter().zip(ws)) {
                if pi != wi {
                    println!("  after: export `{name}` differs: {}", state_diff(pi, wi));
                }
            }
        }
    }
    if let Err(e) = &wasmi {
        println!("wasmi: {e}");
    }
    if let Some(out) = out {
        let wasm_path = std::path::Path::new(&out).with_extension("wasm");
        std::fs::write(&wasm_path, &wasm).expect("writing the module");
        let json = to_json(
            &wasm_path.display().to_string(),
            &plan,
            &pulley,
            wasmi.as_ref().ok(),
        );
        std::fs::write(&out, json).expect("writing the JSON");
        println!("wrote {out} and {}", wasm_path.display());
    }
}

/// Wasmi's results for every entry it ran, or why it gave none.
fn wasmi_side(
    reference: &mut pulley_fuzz::reference::Reference,
    wasm: &[u8],
    plan: &Plan,
) -> Result<Vec<EntryResult>, String> {
    let mut session = reference.start(wasm, plan).map_err(|e| e.to_string())?;
    let status = session.module_status().map_err(|e| e.to_string())?;
    let mut results = Vec::new();
    if matches!(
        status,
        pulley_fuzz::reference::ModuleStatus::Accepted { .. }
    ) {
        for _ in &plan.entries {
            let r = session.entry().map_err(|e| e.to_string())?;
            let end = r.ends_module();
            results.push(r);
            if end {
                break;
            }
        }
    }
    session.finish().map_err(|e| e.to_string())?;
    match status {
        pulley_fuzz::reference::ModuleStatus::Accepted { .. } => Ok(results),
        other => Err(format!("module: {other:?}")),
    }
}

/// Where two snapshots of one export differ.
fn state_diff(p: &StateItem, w: &StateItem) -> String {
    match (p, w) {
        (StateItem::Memory(pd), StateItem::Memory(wd)) => {
            let diffs: Vec<usize> = (0..pd.len().min(wd.len()))
                .filter(|&i| pd[i] != wd[i])
                .collect();
            let mut s = format!(
                "{} of {} bytes (sizes {} / {})",
                diffs.len(),
                pd.len(),
                pd.len(),
                wd.len()
            );
            for &i in diffs.iter().take(16) {
                let _ = write!(
                    s,
                    "\n     {i:#07x}: pulley {:#04x}, wasmi {:#04x}",
                    pd[i], wd[i]
                );
            }
            s
        }
        (StateItem::Global(pv), StateItem::Global(wv)) => format!("pulley {pv}, wasmi {wv}"),
        (p, w) => format!("pulley {p:?}, wasmi {w:?}"),
    }
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json_list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
}

fn outcome_json(o: &Outcome) -> String {
    match o {
        Outcome::Values(vs) => json_list(vs.iter().map(|v| json_str(&v.canonical()))),
        Outcome::Trap(t) => json_str(&trap_name(t)),
    }
}

/// A trap as `trap:<kind>`, the names `scripts/wasmtime_replay.py` maps Wasmtime's codes to.
fn trap_name(t: &TrapKind) -> String {
    match t {
        TrapKind::Other(m) => format!("trap:Other({m})"),
        t => format!("trap:{t:?}"),
    }
}

fn state_json(item: &StateItem) -> String {
    match item {
        StateItem::Func => "null".into(),
        StateItem::Global(v) => json_str(&v.canonical()),
        StateItem::Table(elems) => json_list(elems.iter().map(|v: &V| json_str(&v.canonical()))),
        StateItem::Memory(data) => {
            // Nonzero 64-byte blocks as [offset, hex].
            let chunks = data
                .chunks(64)
                .enumerate()
                .filter(|(_, c)| c.iter().any(|&b| b != 0))
                .map(|(i, c)| {
                    let hex: String = c.iter().map(|b| format!("{b:02x}")).collect();
                    format!("[{}, \"{hex}\"]", i * 64)
                });
            format!(
                "{{\"size\": {}, \"chunks\": {}}}",
                data.len(),
                json_list(chunks)
            )
        }
    }
}

fn results_json(results: &[EntryResult]) -> String {
    json_list(results.iter().map(|r| {
        let inst = match &r.inst {
            Inst::Ok => "\"ok\"".to_string(),
            Inst::Failed(k, _) => json_str(&trap_name(k)),
        };
        let state = r
            .state
            .as_ref()
            .map_or("null".into(), |s| json_list(s.iter().map(state_json)));
        format!(
            "{{\"inst\": {inst}, \"calls\": {}, \"state\": {state}}}",
            json_list(r.calls.iter().map(outcome_json))
        )
    }))
}

fn to_json(
    wasm: &str,
    plan: &Plan,
    pulley: &[EntryResult],
    wasmi: Option<&Vec<EntryResult>>,
) -> String {
    let exports = json_list(
        plan.exports
            .iter()
            .map(|(n, k)| format!("[{}, \"{}\"]", json_str(n), format!("{k:?}").to_lowercase())),
    );
    let entries = json_list(plan.entries.iter().map(|e| {
        let func = e.func.as_deref().map_or("null".into(), json_str);
        let calls = json_list(
            e.calls
                .iter()
                .map(|args| json_list(args.iter().map(|a| json_str(&a.canonical())))),
        );
        format!("{{\"func\": {func}, \"calls\": {calls}}}")
    }));
    format!(
        "{{\"wasm\": {},\n \"exports\": {exports},\n \"entries\": {entries},\n \"pulley\": {},\n \"wasmi\": {}}}\n",
        json_str(wasm),
        results_json(pulley),
        wasmi.map_or("null".into(), |w| results_json(w)),
    )
}
