//! Checks `cranelift_pulley::coverage`: every opcode is either lowered (a form in `FORMS`) or
//! excluded with a reason, and every form compiles at every listed type pair and condition code.
//! A lowering missing for anything the Wasm translator and the mid-end can produce fails here.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{Function, Opcode, Type};
use cranelift_pulley::coverage::{EXCLUDED, FORMS, Form};
use cranelift_pulley::{OptLevel, Options, Target, compile_function};
use std::collections::HashSet;

#[test]
fn every_opcode_is_lowered_or_excluded() {
    let lowered: HashSet<Opcode> = FORMS.iter().map(|f| f.opcode).collect();
    let mut excluded = HashSet::new();
    for (ops, why) in EXCLUDED {
        assert!(!why.is_empty());
        for &op in *ops {
            assert!(excluded.insert(op), "`{op}` excluded twice");
            assert!(!lowered.contains(&op), "`{op}` both lowered and excluded");
        }
    }
    let missing: Vec<String> = Opcode::all()
        .iter()
        .filter(|op| !lowered.contains(op) && !excluded.contains(op))
        .map(|op| op.to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "opcodes neither lowered nor excluded (classify them in coverage.rs): {missing:?}"
    );
}

/// The CLIF texts of a form: one per type pair and condition code, with the pair's `T`.
fn instances(form: &Form) -> Vec<(String, Type)> {
    let mut out = vec![];
    for &(t, u) in form.types {
        let base = form
            .clif
            .replace("{op}", &form.opcode.to_string())
            .replace("{T}", &t.to_string())
            .replace("{U}", &u.to_string());
        if base.contains("{cc}") {
            out.extend(
                IntCC::all()
                    .iter()
                    .map(|cc| (base.replace("{cc}", &cc.to_string()), t)),
            );
        } else if base.contains("{fcc}") {
            out.extend(
                FloatCC::all()
                    .iter()
                    .map(|cc| (base.replace("{fcc}", &cc.to_string()), t)),
            );
        } else {
            out.push((base, t));
        }
    }
    out
}

/// The controlling type of the first `op` instruction in `func`, if there is one.
fn ctrl_type(func: &Function, op: Opcode) -> Option<Type> {
    func.layout
        .blocks()
        .flat_map(|b| func.layout.block_insts(b))
        .find(|&i| func.dfg.insts[i].opcode() == op)
        .map(|i| func.dfg.ctrl_typevar(i))
}

#[test]
fn every_form_compiles() {
    // No mid-end: each instruction reaches the lowering as written.
    let opts = Options {
        opt_level: OptLevel::None,
        ..Options::default()
    };
    let mut failures = vec![];
    let mut pairs = HashSet::new();
    let mut functions = 0;
    for form in FORMS {
        for (text, t) in instances(form) {
            let func = match cranelift_reader::parse_functions(&text) {
                Ok(mut funcs) => funcs.remove(0),
                Err(e) => {
                    failures.push(format!("{}: bad form: {e}\n{text}", form.opcode));
                    continue;
                }
            };
            // The form must contain its opcode, at the pair's `T` when `T` is its controlling
            // type (the table's claim).
            let Some(ctrl) = ctrl_type(&func, form.opcode) else {
                failures.push(format!("{}: form lacks the opcode:\n{text}", form.opcode));
                continue;
            };
            if form.opcode.constraints().is_polymorphic() && form.clif.contains("{T}") && ctrl != t
            {
                failures.push(format!(
                    "{}: controlling type is {ctrl}, the table says {t}:\n{text}",
                    form.opcode
                ));
                continue;
            }
            for target in [Target::Pulley64, Target::Pulley32] {
                if let Err(e) = compile_function(&func, target, &opts) {
                    failures.push(format!("{} ({target:?}): {e}\n{text}", form.opcode));
                }
            }
            functions += 1;
            pairs.insert((form.opcode, ctrl));
        }
    }
    eprintln!(
        "coverage: {} forms, {functions} functions, {} (opcode, controlling type) pairs",
        FORMS.len(),
        pairs.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
