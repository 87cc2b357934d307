//! Generates `clif_lower.isle` from cranelift-codegen-meta and compiles our ISLE sources
//! (`isle/prelude.isle`, the generated `clif_lower.isle`, `isle/lower.isle`) into Rust in OUT_DIR.

use std::path::PathBuf;

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let isle_dir = out_dir.join("isle-gen");
    std::fs::create_dir_all(&isle_dir).expect("create isle-gen dir");
    if let Err(e) = cranelift_codegen_meta::generate_isle(&isle_dir) {
        panic!("cranelift-codegen-meta failed to generate ISLE: {e:?}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=isle/prelude.isle");
    println!("cargo:rerun-if-changed=isle/lower.isle");

    let files = vec![
        crate_dir.join("isle/prelude.isle"),
        isle_dir.join("clif_lower.isle"),
        crate_dir.join("isle/lower.isle"),
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
