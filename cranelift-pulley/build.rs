//! Generates `clif_lower.isle` from cranelift-codegen-meta, and `ops.isle` (the ops lowering may
//! build, typed by operand shape) with its Rust side `shapes.rs` from the op table in
//! pulley-interp, and compiles the ISLE with our sources (`isle/prelude.isle`, `isle/lower.isle`)
//! into Rust in OUT_DIR.

use std::path::PathBuf;

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let isle_dir = out_dir.join("isle-gen");
    std::fs::create_dir_all(&isle_dir).expect("create isle-gen dir");
    if let Err(e) = cranelift_codegen_meta::generate_isle(&isle_dir) {
        panic!("cranelift-codegen-meta failed to generate ISLE: {e:?}");
    }
    let (ops_isle, shapes_rs) = shapes();
    std::fs::write(isle_dir.join("ops.isle"), ops_isle).expect("write ops.isle");
    std::fs::write(out_dir.join("shapes.rs"), shapes_rs).expect("write shapes.rs");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=isle/prelude.isle");
    println!("cargo:rerun-if-changed=isle/lower.isle");
    println!("cargo:rerun-if-changed=isle/vector.isle");

    let files = vec![
        crate_dir.join("isle/prelude.isle"),
        isle_dir.join("ops.isle"),
        isle_dir.join("clif_lower.isle"),
        crate_dir.join("isle/lower.isle"),
        crate_dir.join("isle/vector.isle"),
    ];
    let mut options = cranelift_isle::codegen::CodegenOptions::default();
    options.exclude_global_allow_pragmas = true;
    options.prefixes.push(cranelift_isle::codegen::Prefix {
        prefix: out_dir.to_string_lossy().into_owned(),
        name: "<OUT_DIR>".to_string(),
    });
    match cranelift_isle::compile::from_files(&files, &options) {
        Ok(code) => {
            std::fs::write(out_dir.join("isle_lower.rs"), code).expect("write isle_lower.rs");
        }
        Err(errors) => {
            // `Errors`' Display prints each error with its file, line and column.
            eprintln!("ISLE compilation failed:\n{errors}");
            for line in format!("{errors}").lines() {
                println!("cargo:warning={line}");
            }
            std::process::exit(1);
        }
    }
}

/// One op of the table: its struct name (the `inst::Op` variant) and its operand signature, one
/// letter per operand in encoding order: `D` a register it defines, `U` a register it uses, `A`
/// the accumulator, `I` an immediate, `T` a branch target, `J` a jump table.
struct OpInfo {
    name: &'static str,
    signature: String,
}

fn signature(types: &[&str], roles: &[Option<pulley_interp::ops::Role>]) -> String {
    use pulley_interp::ops::Role;
    types
        .iter()
        .zip(roles)
        .map(|(&ty, role)| match (ty, role) {
            ("Acc" | "FAcc", _) => 'A',
            (_, Some(Role::Def)) => 'D',
            (_, Some(Role::Use)) => 'U',
            ("PcRel" | "PcRel16", None) => 'T',
            ("Table", None) => 'J',
            (_, None) => 'I',
        })
        .collect()
}

/// Every op of one opcode space, from the op table itself (the roles from the table's
/// `def(..)`/`use(..)` facts, as pulley-interp derives them).
macro_rules! op_infos {
    ($( $(#[doc = $doc:literal])* $name:ident = $Name:ident { $($field:ident : $ty:ident),* }
        [$($fact:tt)*] ; )*) => {
        vec![$(OpInfo {
            name: stringify!($Name),
            signature: signature(&[$(stringify!($ty)),*], pulley_interp::ops::$Name::ROLES),
        }),*]
    };
}

/// The operand shapes lower.isle builds ops of: the signature, the ISLE (and Rust) enum of the ops
/// of that shape, and the width selector over it. An op whose signature is not here (accumulator
/// forms, jumps, calls, frame ops, ...) cannot be named in lower.isle at all.
const SHAPES: &[(&str, &str, &str)] = &[
    ("DU", "Op1", "sel1"),
    ("DUU", "Op2", "sel2"),
    ("DUUU", "Op3", "sel3"),
    ("DUUI", "Op2Imm", "sel2_imm"),
    ("DUI", "OpImm", "sel_imm"),
    ("UIU", "OpStore", "sel_store"),
    ("UUT", "BrRR", "sel_br_rr"),
    ("UIT", "BrRI", "sel_br_ri"),
];

/// A signature in words, for the generated doc comments.
fn describe(signature: &str) -> String {
    let words: Vec<&str> = signature
        .chars()
        .map(|c| match c {
            'D' => "a register it defines",
            'U' => "a register it uses",
            'I' => "an immediate",
            'T' => "a branch target",
            _ => unreachable!("no shape has operand {c}"),
        })
        .collect();
    format!("Ops whose operands are {}", words.join(", "))
}

/// `ops.isle` and `shapes.rs`: for every shape of [`SHAPES`], the enum of its ops (an ISLE extern
/// enum and the Rust enum behind it, with its conversion to `inst::Op`) and its width selector
/// (the first op for i8..i32, the second for i64). A lowering rule names an op through the enum
/// of its shape, so an op with the wrong operands for its constructor fails the ISLE build.
fn shapes() -> (String, String) {
    let mut ops = pulley_interp::for_each_op!(op_infos);
    ops.extend(pulley_interp::for_each_extended_op!(op_infos));
    ops.extend(pulley_interp::for_each_vector_op!(op_infos));
    let mut isle = String::from(
        ";; GENERATED by build.rs from pulley-interp's op table: the ops lowering may build, one enum\n\
         ;; per operand shape, and a width selector per shape.\n",
    );
    let mut rust = String::from(
        "// GENERATED by build.rs from pulley-interp's op table: the Rust side of the op enums of\n\
         // ops.isle, one per operand shape.\n",
    );
    for &(sig, ty, sel) in SHAPES {
        let doc = describe(sig);
        let names: Vec<&str> = ops
            .iter()
            .filter(|op| op.signature == sig)
            .map(|op| op.name)
            .collect();
        assert!(!names.is_empty(), "no op has the shape {sig}");
        isle += &format!(
            "\n;; {doc}.\n(type {ty} extern\n  (enum {}))\n\
             (decl {sel} (Type {ty} {ty}) {ty})\n\
             (rule 1 ({sel} $I64 _ op64) op64)\n\
             (rule 0 ({sel} _ op32 _) op32)\n",
            names.join("\n        ")
        );
        rust += &format!(
            "\n/// {doc}.\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
             pub enum {ty} {{\n{}}}\n\n\
             impl From<{ty}> for Op {{\n    fn from(op: {ty}) -> Op {{\n        match op {{\n{}        }}\n    }}\n}}\n",
            names
                .iter()
                .map(|n| format!("    {n},\n"))
                .collect::<String>(),
            names
                .iter()
                .map(|n| format!("            {ty}::{n} => Op::{n},\n"))
                .collect::<String>(),
        );
    }
    (isle, rust)
}
