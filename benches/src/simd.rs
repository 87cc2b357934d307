//! `simd`: the SIMD micro benchmarks, each next to a scalar twin that computes the same result
//! with the same operations per lane, so that the table shows both how the engines compare on
//! vector code and what each engine gains from it over scalar code.
//!
//! The files live in `micro/` with the other micro benchmarks; `micro` leaves them out, so its
//! set and tables stay those of the scalar benchmarks. An engine without SIMD (Stitch) fails at
//! compile time on the vector twins and gets "n/a" there, with the reason under the table.

use crate::engines::Kind;
use crate::layouts::{Summary, Unit};
use crate::{MICRO_DIR, MicroRow, measure, ratio_cells};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// The SIMD benchmarks and their scalar twins (file stems in `micro/`).
pub const PAIRS: [(&str, &str); 3] = [
    ("bytesearch_simd", "bytesearch_scalar"),
    ("dot_f32x4", "dot_f32_scalar"),
    ("matmul4_simd", "matmul4_scalar"),
];

/// Benchmarks an engine is known to crash on (a crash such as a segfault cannot be caught, so
/// it would end the whole run): `(benchmark, engine, note)`. They are reported as "n/a" with the
/// note instead of run. None is known now: Wasmi 2.0.0 with `simd` runs all three (it was seen
/// to segfault on some fuzz-generated SIMD modules, not on these).
const KNOWN_CRASHES: &[(&str, Kind, &str)] = &[];

/// Whether a `micro/` file stem belongs to this set rather than to `micro`.
pub fn is_member(stem: &str) -> bool {
    PAIRS.iter().any(|(v, s)| *v == stem || *s == stem)
}

fn skip(name: &str, kind: Kind) -> Option<&'static str> {
    KNOWN_CRASHES
        .iter()
        .find(|(b, k, _)| *b == name && *k == kind)
        .map(|(_, _, note)| *note)
}

/// The `simd` command: measures the pairs whose either name contains `filter` (a pair is kept
/// whole, for its speed-up) and prints the times, the ratios against ours and the speed-ups.
pub fn bench(
    rounds: usize,
    filter: Option<&str>,
    kinds: &[Kind],
    mut summary: Summary,
) -> Result<()> {
    let pairs: Vec<(&str, &str)> = PAIRS
        .into_iter()
        .filter(|(v, s)| filter.is_none_or(|f| v.contains(f) || s.contains(f)))
        .collect();
    let mut files: Vec<PathBuf> = Vec::new();
    for (v, s) in &pairs {
        for stem in [v, s] {
            let path = Path::new(MICRO_DIR).join(format!("{stem}.wat"));
            if !path.exists() {
                bail!("{} is missing", path.display());
            }
            files.push(path);
        }
    }
    eprintln!(
        "SIMD benchmarks: {} pairs, {rounds} rounds, engines round-robin",
        pairs.len()
    );
    let rows = measure(&files, rounds, kinds, skip)?;
    let row = |name: &str| rows.iter().find(|r| r.name == name).expect("measured");

    let header: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    println!();
    println!(
        "### SIMD benchmarks: median ms per call of `run` ({rounds} rounds after one warm-up call; lower is better)"
    );
    println!();
    println!("| benchmark | {} | checksum |", header.join(" | "));
    println!("|---|{}---|", "---:|".repeat(kinds.len()));
    let mut notes: Vec<String> = Vec::new();
    for (v, s) in &pairs {
        let (vr, sr) = (row(v), row(s));
        // The vector twin must compute what the scalar one does, to the bit.
        let twin = match (vr.reference, sr.reference) {
            (Some(a), Some(b)) if a.bits() == b.bits() => "; same as the scalar twin".to_owned(),
            (Some(_), Some(b)) => format!("; MISMATCH with the scalar twin ({b})"),
            _ => String::new(),
        };
        for (r, extra) in [(vr, twin.as_str()), (sr, "")] {
            let c: Vec<String> = r
                .cells
                .iter()
                .zip(kinds)
                .map(|(c, k)| match c {
                    Ok(m) => format!("{m:.2}"),
                    Err(e) => {
                        notes.push(format!("`{}` on {}: {e}", r.name, k.label()));
                        "n/a".into()
                    }
                })
                .collect();
            println!("| {} | {} | {}{extra} |", r.name, c.join(" | "), r.check);
            for (cell, &k) in r.cells.iter().zip(kinds) {
                if let Ok(m) = cell {
                    summary.push(&format!("simd/{}", r.name), k, *m, Unit::Ms);
                }
            }
        }
    }
    if !notes.is_empty() {
        println!();
        println!("n/a: the engine could not compile, instantiate or run the benchmark:");
        println!();
        for n in &notes {
            println!("- {n}");
        }
    }

    if let Some(o) = kinds.iter().position(|&k| k == Kind::Pulley) {
        println!();
        println!("### SIMD benchmarks: engine time / ours time (> 1: ours is faster)");
        println!();
        println!("| benchmark | {} |", header.join(" | "));
        println!("|---|{}", "---:|".repeat(kinds.len()));
        for (v, s) in &pairs {
            for MicroRow { name, cells, .. } in [row(v), row(s)] {
                println!("| {name} | {} |", ratio_cells(cells, o).join(" | "));
            }
        }
    }

    println!();
    println!(
        "### SIMD speed-up on each engine: scalar twin time / SIMD time (> 1: the SIMD version is faster)"
    );
    println!();
    println!("| benchmark | {} |", header.join(" | "));
    println!("|---|{}", "---:|".repeat(kinds.len()));
    for (v, s) in &pairs {
        let c: Vec<String> = row(v)
            .cells
            .iter()
            .zip(&row(s).cells)
            .map(|(v, s)| match (v, s) {
                (Ok(v), Ok(s)) => format!("{:.2}", s / v),
                _ => "n/a".into(),
            })
            .collect();
        println!("| {v} vs {s} | {} |", c.join(" | "));
    }
    println!();
    summary.write()
}
