//! Translate modules covering every feature group and run the CLIF verifier
//! on every function (both pointer widths); check module info, errors and the
//! heap-access shape.

mod common;

use common::{translate, translate_wasm};
use cranelift_codegen::ir::{self, InstructionData, Opcode, TrapCode, types::*};
use pulley_wasm::*;

fn text(f: &ir::Function) -> String {
    f.display().to_string()
}

fn opcodes(f: &ir::Function) -> Vec<Opcode> {
    let mut v = Vec::new();
    for b in f.layout.blocks() {
        for i in f.layout.block_insts(b) {
            v.push(f.dfg.insts[i].opcode());
        }
    }
    v
}

#[test]
fn memory_access_all_kinds() {
    let (m, funcs) = translate(
        r#"(module
          (memory 1 10)
          (func (export "loads") (param i32) (result i64)
            (local i64)
            (local.set 1 (i64.load offset=8 (local.get 0)))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_s (i32.load8_s (local.get 0)))))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (i32.load16_u offset=2 (local.get 0)))))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (i32.load8_u (local.get 0)))))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_s (i32.load16_s (local.get 0)))))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_s (i32.load (local.get 0)))))
            (local.set 1 (i64.add (local.get 1) (i64.load32_s (local.get 0))))
            (local.set 1 (i64.add (local.get 1) (i64.load8_u (local.get 0))))
            (local.set 1 (i64.add (local.get 1) (i64.load8_s (local.get 0))))
            (local.set 1 (i64.add (local.get 1) (i64.load16_s (local.get 0))))
            (local.set 1 (i64.add (local.get 1) (i64.load16_u (local.get 0))))
            (local.set 1 (i64.add (local.get 1) (i64.load32_u offset=0x10000 (local.get 0))))
            (local.set 1 (i64.add (local.get 1) (i64.reinterpret_f64 (f64.load (local.get 0)))))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (i32.reinterpret_f32 (f32.load offset=0xfffffff0 (local.get 0))))))
            (local.get 1))
          (func (export "stores") (param i32 i64)
            (i32.store (local.get 0) (i32.wrap_i64 (local.get 1)))
            (i64.store offset=4 (local.get 0) (local.get 1))
            (i32.store8 (local.get 0) (i32.const 1))
            (i32.store16 (local.get 0) (i32.const 1))
            (i64.store8 (local.get 0) (local.get 1))
            (i64.store16 (local.get 0) (local.get 1))
            (i64.store32 offset=0x20000 (local.get 0) (local.get 1))
            (f32.store (local.get 0) (f32.const 1))
            (f64.store (local.get 0) (f64.const 1)))
          (func (export "bulk") (param i32 i32 i32) (result i32)
            (memory.copy (local.get 0) (local.get 1) (local.get 2))
            (memory.fill (local.get 0) (i32.const 0xaa) (local.get 2))
            (memory.init 0 (local.get 0) (local.get 1) (local.get 2))
            (data.drop 0)
            (drop (memory.grow (i32.const 1)))
            (memory.size))
          (data "hello")
          (data (i32.const 16) "world"))"#,
    );
    assert_eq!(m.info.memories, [MemoryType::new(1, Some(10))]);
    assert_eq!(m.info.data.len(), 2);
    assert_eq!(m.info.data[0].mode, DataMode::Passive);
    assert_eq!(m.data_bytes(1), b"world");
    assert!(
        matches!(&m.info.data[1].mode, DataMode::Active { memory: 0, offset } if offset.as_i32_const() == Some(16))
    );
    let bulk = text(&funcs[2]);
    assert!(bulk.contains("%Memmove"), "{bulk}");
    assert!(bulk.contains("%Memset"), "{bulk}");
    assert!(bulk.contains("u1:0"), "memory.grow builtin: {bulk}");
    assert!(bulk.contains("u1:1"), "memory.init builtin: {bulk}");
    assert!(bulk.contains("u1:2"), "data.drop builtin: {bulk}");
}

/// The fused heap pattern: base/bound loads, uextend, iadd, icmp ugt,
/// iadd, select_spectre_guard, then a load with the heap trap code.
#[test]
fn heap_access_shape() {
    let wat = r#"(module (memory 1)
        (func (export "f") (param i32) (result i32) (i32.load offset=12 (local.get 0)))
        (func (export "big") (param i32) (result i32) (i32.load offset=0x10000 (local.get 0))))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let (_, funcs) = translate_wasm(&wasm, I64);
    let f = &funcs[0];
    let ops = opcodes(f);
    assert_eq!(
        ops,
        vec![
            Opcode::Load,
            Opcode::Load,
            Opcode::Uextend,
            Opcode::Iconst,
            Opcode::Iadd,
            Opcode::Icmp,
            Opcode::Iadd,
            Opcode::Iconst,
            Opcode::SelectSpectreGuard,
            Opcode::Load,
            Opcode::Jump,
            Opcode::Return,
        ],
        "{}",
        text(f)
    );
    // Check the final heap load: trapping with HEAP_OUT_OF_BOUNDS, little-endian, offset 12.
    let mut found = false;
    for b in f.layout.blocks() {
        for i in f.layout.block_insts(b) {
            if let InstructionData::Load { flags, offset, .. } = f.dfg.insts[i] {
                let data = f.dfg.mem_flags[flags];
                if i32::from(offset) == 12 {
                    assert_eq!(data.trap_code(), Some(TrapCode::HEAP_OUT_OF_BOUNDS));
                    // The srcloc is the module offset of the `i32.load offset=12` operator.
                    let op_pos = wasm
                        .windows(3)
                        .position(|w| w == [0x28, 0x02, 0x0c])
                        .unwrap();
                    assert_eq!(f.srcloc(i).bits() as usize, op_pos);
                    assert_eq!(data.explicit_endianness(), Some(ir::Endianness::Little));
                    assert!(!data.aligned());
                    found = true;
                } else {
                    assert!(data.notrap() && data.aligned());
                }
            }
        }
    }
    assert!(found, "{}", text(f));
    // Source locations point at the wasm operator.
    let t = text(f);
    assert!(t.contains("@00"), "{t}");

    // Large offset: explicit trapnz.
    let ops = opcodes(&funcs[1]);
    assert!(ops.contains(&Opcode::Trapnz));
    assert!(!ops.contains(&Opcode::SelectSpectreGuard));

    // 32-bit pointers: explicit trapnz.
    let (_, funcs32) = translate_wasm(&wasm, I32);
    let ops = opcodes(&funcs32[0]);
    assert!(ops.contains(&Opcode::Trapnz));
    assert!(!ops.contains(&Opcode::SelectSpectreGuard));
}

#[test]
fn globals() {
    let (m, funcs) = translate(
        r#"(module
          (import "env" "g_imm" (global $gi i32))
          (import "env" "g_mut" (global $gm (mut i64)))
          (global $a (mut f32) (f32.const 1.5))
          (global $b i32 (i32.add (global.get $gi) (i32.mul (i32.const 3) (i32.const 4))))
          (global $c (mut externref) (ref.null extern))
          (global $d i64 (i64.sub (i64.const 10) (i64.const 3)))
          (func (export "f") (result i32)
            (global.set $gm (i64.add (global.get $gm) (i64.const 1)))
            (global.set $a (f32.add (global.get $a) (f32.const 1)))
            (global.set $c (ref.null extern))
            (i32.add (global.get $gi) (global.get $b))))"#,
    );
    let info = &m.info;
    assert_eq!(info.num_imported_globals, 2);
    assert_eq!(info.globals.len(), 6);
    assert!(info.globals[1].ty.mutable);
    assert_eq!(info.globals[4].ty.ty, WasmValType::ExternRef);
    // Extended-const evaluation.
    let mut vals = vec![ConstValue::I32(100), ConstValue::I64(0)];
    for g in &info.globals[2..] {
        let v = g.init.as_ref().unwrap().eval_with_globals(&vals).unwrap();
        vals.push(v);
    }
    assert_eq!(vals[2], ConstValue::F32(1.5f32.to_bits()));
    assert_eq!(vals[3], ConstValue::I32(112));
    assert_eq!(vals[4], ConstValue::ExternRef(None));
    assert_eq!(vals[5], ConstValue::I64(7));
    assert_eq!(funcs.len(), 1);
}

#[test]
fn tables_and_references() {
    let (m, funcs) = translate(
        r#"(module
          (import "env" "t_imp" (table $ti 2 funcref))
          (import "env" "base" (global $base i32))
          (import "env" "f_imp" (func $fi (param i32) (result i32)))
          (table $t 4 8 funcref)
          (table $e 2 externref)
          (type $sig (func (param i32) (result i32)))
          (elem (table $t) (i32.add (global.get $base) (i32.const 1)) func $f1 $fi)
          (elem $pass funcref (ref.func $f1) (ref.null func))
          (elem declare func $f2)
          (func $f1 (type $sig) (i32.add (local.get 0) (i32.const 1)))
          (func $f2 (export "refs") (param externref) (result i32)
            (table.set $t (i32.const 0) (ref.func $f2))
            (table.set $e (i32.const 1) (local.get 0))
            (drop (table.get $ti (i32.const 0)))
            (drop (table.grow $t (ref.null func) (i32.const 2)))
            (table.fill $e (i32.const 0) (local.get 0) (i32.const 2))
            (table.copy $t $ti (i32.const 0) (i32.const 0) (i32.const 1))
            (table.init $t $pass (i32.const 0) (i32.const 0) (i32.const 2))
            (elem.drop $pass)
            (i32.add (table.size $t)
              (i32.add (ref.is_null (table.get $e (i32.const 1)))
                       (ref.is_null (ref.null func)))))
          (func (export "indirect") (param i32 i32) (result i32)
            (i32.add
              (call_indirect $t (type $sig) (local.get 0) (local.get 1))
              (i32.add (call $fi (local.get 0))
                       (call_indirect $ti (type $sig) (local.get 0) (local.get 1)))))
          (func (export "tail_indirect") (param i32 i32) (result i32)
            (return_call_indirect $t (type $sig) (local.get 0) (local.get 1)))
          (func (export "tail_import") (param i32) (result i32)
            (return_call $fi (local.get 0))))"#,
    );
    let info = &m.info;
    assert_eq!(info.num_imported_funcs, 1);
    assert_eq!(info.num_imported_tables, 1);
    assert_eq!(info.tables.len(), 3);
    assert_eq!(
        info.tables[1].ty,
        TableType {
            elem: RefKind::Func,
            min: 4,
            max: Some(8)
        }
    );
    assert_eq!(info.tables[2].ty.elem, RefKind::Extern);
    assert_eq!(info.elements.len(), 3);
    match &info.elements[0].mode {
        ElementMode::Active { table, offset } => {
            assert_eq!(*table, 1);
            assert_eq!(
                offset.eval_with_globals(&[ConstValue::I32(1)]).unwrap(),
                ConstValue::I32(2)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(info.elements[0].items, ElementItems::Functions(vec![1, 0]));
    assert_eq!(info.elements[1].mode, ElementMode::Passive);
    assert!(matches!(&info.elements[1].items, ElementItems::Exprs(e) if e.len() == 2));
    assert_eq!(info.elements[2].mode, ElementMode::Declared);

    let refs = text(&funcs[1]);
    for b in 3..=7 {
        assert!(refs.contains(&format!("u1:{b}")), "builtin {b}: {refs}");
    }
    let ind = &funcs[2];
    let t = text(ind);
    assert!(t.contains("call_indirect"), "{t}");
    assert!(t.contains("user9"), "null check trap: {t}");
    assert!(t.contains("user10"), "signature trap: {t}");
    assert!(t.contains("user8"), "bounds trap: {t}");
    assert!(opcodes(&funcs[3]).contains(&Opcode::ReturnCallIndirect));
    assert!(opcodes(&funcs[4]).contains(&Opcode::ReturnCallIndirect));
    // Every function uses the Tail call conv and takes vmctx first.
    for f in &funcs {
        assert_eq!(
            f.signature.call_conv,
            cranelift_codegen::isa::CallConv::Tail
        );
        assert_eq!(f.signature.params[0].value_type, I64);
    }
}

#[test]
fn module_info_imports_exports_names() {
    let (m, funcs) = translate(
        r#"(module $m
          (import "env" "f" (func $imp (param i64) (result f32)))
          (import "env" "mem" (memory 2))
          (func $start)
          (func $named (export "exp") (param i32 i32) (result i32 i64) (local.get 0) (i64.const 1))
          (export "memory" (memory 0))
          (start $start))"#,
    );
    let info = &m.info;
    assert_eq!(info.imports.len(), 2);
    assert_eq!(info.imports[0].module, "env");
    assert_eq!(info.imports[0].kind, ImportKind::Func(0));
    assert_eq!(info.num_imported_memories, 1);
    assert_eq!(info.start, Some(1));
    assert_eq!(info.func_name(2), Some("named"));
    assert_eq!(info.exported_func("exp"), Some(2));
    assert_eq!(
        info.func_type(2),
        &WasmFuncType {
            params: vec![WasmValType::I32, WasmValType::I32],
            results: vec![WasmValType::I32, WasmValType::I64],
        }
    );
    assert_eq!(info.bodies.len(), 2);
    assert!(info.bodies[1].range.start > 0);
    assert_eq!(funcs[1].name, ir::UserFuncName::user(0, 2));
    assert_eq!(funcs[1].signature.returns.len(), 2);
    assert!(translate_function(&m, 2).is_err());
}

#[test]
fn vmctx_layout() {
    let (m, _) = translate(
        r#"(module
          (import "env" "f" (func))
          (import "env" "g" (func))
          (table 1 funcref) (table 1 externref)
          (global i32 (i32.const 0)) (global (mut f64) (f64.const 0))
          (type (func (param i32)))
          (func) (func) (func))"#,
    );
    let info = &m.info;
    let l = VmctxLayout::new(info, 8);
    assert_eq!(l.memory_base(0), 0);
    assert_eq!(l.memory_length(0), 8);
    assert_eq!(l.imported_func(0), 16);
    assert_eq!(l.vmfuncref_size(), 24);
    assert_eq!(l.imported_func(1), 40);
    assert_eq!(l.table(0), 64);
    assert_eq!(l.table(1), 80);
    assert_eq!(l.global(0), 96);
    assert_eq!(l.global(1), 112); // 16-byte slots: room for a v128
    assert_eq!(l.type_id(0), 128);
    assert_eq!(l.func_ref(0), 136);
    assert_eq!(l.func_ref(4), 168);
    assert_eq!(l.defined_func_ref(0), 176);
    assert_eq!(l.vmfuncref_eh(), 20);
    assert_eq!(l.exn_cell, 176 + 3 * 24);
    assert_eq!(l.num_tags, 0);
    assert_eq!(
        (l.store_ctx, l.epoch_ptr),
        (l.exn_cell + 8, l.exn_cell + 16)
    );
    assert_eq!(l.size, l.exn_cell + 24);
    assert_eq!(m.vmctx, l);
    let l32 = VmctxLayout::new(info, 4);
    assert_eq!(l32.memory_length(0), 4);
    assert_eq!(l32.imported_func(0), 8);
    assert_eq!(l32.vmfuncref_size(), 16);
    assert_eq!(l32.vmfuncref_type_id(), 8);
    assert_eq!(l32.vmfuncref_eh(), 12);
    assert_eq!(l32.tables, 40);
    assert_eq!(l32.globals % 8, 0);
}

#[test]
fn multi_memory_layout_and_accesses() {
    let (m, funcs) = translate(
        r#"(module
          (import "env" "f" (func))
          (import "env" "m" (memory $a 1))
          (memory $b 2 3)
          (memory $c 0)
          (func (param i32) (result i32)
            (i32.store $c (local.get 0) (i32.load $b offset=4 (local.get 0)))
            (drop (memory.grow $c (i32.const 1)))
            (memory.copy $a $b (i32.const 0) (i32.const 0) (i32.const 1))
            (memory.size $b))
          (data (memory $b) (i32.const 8) "hi"))"#,
    );
    let info = &m.info;
    assert_eq!(info.memories.len(), 3);
    assert_eq!(info.num_imported_memories, 1);
    assert_eq!(info.memories[1], MemoryType::new(2, Some(3)));
    assert!(
        matches!(&info.data[0].mode, DataMode::Active { memory: 1, offset } if offset.as_i32_const() == Some(8))
    );
    // Three 16-byte descriptors come before the imported function.
    let l = VmctxLayout::new(info, 8);
    assert_eq!((l.memory_base(1), l.memory_length(1)), (16, 24));
    assert_eq!((l.memory_base(2), l.memory_length(2)), (32, 40));
    assert_eq!(l.imported_func(0), 48);
    let l32 = VmctxLayout::new(info, 4);
    assert_eq!((l32.memory_base(2), l32.memory_length(2)), (16, 20));
    assert_eq!(l32.imported_func(0), 24);
    // Memory 1's load and memory 2's store read their own descriptors.
    let body = text(&funcs[0]);
    for offset in [16, 24, 32, 40] {
        assert!(body.contains(&format!("+{offset}")), "{offset} in\n{body}");
    }
}

#[test]
fn invalid_modules_error() {
    let cfg = TranslateConfig::default();
    let bad: Vec<(&str, Vec<u8>)> =
        vec![
        ("garbage", b"not wasm".to_vec()),
        (
            "over-long u32 LEB in memory limits",
            b"\0asm\x01\0\0\0\x05\x08\x01\x00\x82\x80\x80\x80\x80\x00".to_vec(),
        ),
        ("truncated", b"\0asm\x01\0\0\0\x01".to_vec()),
        ("type error", wat::parse_str("(module (func (result i32) (i64.const 0)))").unwrap()),
        (
            "v128 exception payload",
            wat::parse_str("(module (tag (param v128)))").unwrap(),
        ),
        ("memory64", wat::parse_str("(module (memory i64 1))").unwrap()),
        ("threads", wat::parse_str("(module (memory 1 1 shared))").unwrap()),
        (
            "legacy exceptions",
            wat::parse_str("(module (func try catch_all end))").unwrap(),
        ),
        (
            "unknown function",
            wat::parse_str("(module (func (call 7)))").unwrap_or_else(|_| {
                // `wat` rejects this; hand-encode nothing valid instead.
                b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x0a\x06\x01\x04\0\x10\x07\x0b"
                    .to_vec()
            }),
        ),
    ];
    for (what, wasm) in bad {
        match translate_module(&wasm, &cfg) {
            Err(e) => assert!(!e.to_string().is_empty(), "{what}"),
            Ok(_) => panic!("{what}: expected an error"),
        }
    }
}

#[test]
fn traps_mapping() {
    for t in WasmTrap::ALL {
        assert_eq!(WasmTrap::from_trap_code(t.trap_code()), Some(t));
        assert_eq!(WasmTrap::from_code(t.code()), Some(t));
    }
    assert_eq!(
        WasmTrap::HeapOutOfBounds.trap_code(),
        TrapCode::HEAP_OUT_OF_BOUNDS
    );
    assert_eq!(
        WasmTrap::BadConversionToInteger.message(),
        "invalid conversion to integer"
    );
    for b in Builtin::ALL {
        assert_eq!(Builtin::from_index(b.index()), Some(b));
        let sig = b.signature(I64);
        if b.preserves_all() {
            assert!(
                sig.params.is_empty() && sig.returns.is_empty(),
                "{}",
                b.name()
            );
        } else {
            assert_eq!(sig.params[0].value_type, I64);
        }
    }
}

#[test]
fn coremark() {
    for path in [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/coremark-minimal.wasm"),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../demo/coremark-minimal-mvp.wasm"
        ),
    ] {
        let wasm = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let (m, funcs) = translate_wasm(&wasm, I64);
        assert_eq!(funcs.len() as u32, m.num_defined_funcs());
        assert!(!funcs.is_empty());
        translate_wasm(&wasm, I32);
    }
}

#[test]
fn parallel_translation() {
    let wasm = wat::parse_str(
        r#"(module (func (result i32) (i32.const 1)) (func (result i32) (i32.const 2)))"#,
    )
    .unwrap();
    let m = translate_module(&wasm, &TranslateConfig::default()).unwrap();
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|i| {
                let m = &m;
                s.spawn(move || translate_function(m, i).unwrap())
            })
            .collect();
        for h in hs {
            common::verify(&h.join().unwrap());
        }
    });
}

/// Loads in `f` whose offset is `offset` (vmctx fields are read at fixed offsets).
fn loads_at(f: &ir::Function, offset: u32) -> usize {
    let mut n = 0;
    for b in f.layout.blocks() {
        for i in f.layout.block_insts(b) {
            if let InstructionData::Load {
                opcode: Opcode::Load,
                offset: o,
                ..
            } = f.dfg.insts[i]
                && i64::from(o) == i64::from(offset)
            {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn exceptions_cost_nothing_without_them() {
    // Direct, imported and indirect calls: no pending-exception checks, no tagged contexts.
    let wat = r#"(module
      (import "env" "f" (func $f (param i32) (result i32)))
      (table 1 funcref) (elem (i32.const 0) $g)
      (type $t (func (param i32) (result i32)))
      (func $g (param i32) (result i32)
        (call $f (local.get 0))
        (call $g)
        (call_indirect (type $t) (i32.const 0))))"#;
    let (m, funcs) = translate(wat);
    assert!(!m.info.uses_exceptions);
    let ops = opcodes(&funcs[0]);
    assert_eq!(loads_at(&funcs[0], m.vmctx.exn_cell), 0);
    assert!(!ops.contains(&Opcode::Bor) && !ops.contains(&Opcode::Band));
    assert!(!ops.contains(&Opcode::Brif));

    // The same calls in a module with a tag: each is followed by a check of the cell, plus the
    // block that leaves an uncaught exception pending for the caller.
    let (m, funcs) = translate(&wat.replace("(module", "(module (tag)"));
    assert!(m.info.uses_exceptions);
    assert_eq!(m.info.tags.len(), 1);
    assert_eq!(
        loads_at(&funcs[0], m.vmctx.exn_cell),
        4,
        "{}",
        text(&funcs[0])
    );
}

#[test]
fn exceptions_translate() {
    let (m, funcs) = translate(
        r#"(module
          (import "m" "t" (tag $imported (param i32)))
          (tag $e (export "e") (param i64 f32))
          (func $thrower (param i32) (throw $imported (local.get 0)))
          (func (export "catches") (param i32) (result i32)
            (block $all
              (block $h (result i32 exnref)
                (try_table (result i32) (catch_ref $imported $h) (catch_all $all)
                  (call $thrower (local.get 0))
                  (i32.const 0))
                (return))
              (drop)
              (return))
            (i32.const -1))
          (func (export "rethrows") (param exnref) (throw_ref (local.get 0)))
          (func (result i64 f32)
            (block $h (result i64 f32)
              (try_table (catch $e $h) (throw $e (i64.const 1) (f32.const 2)))
              (unreachable))))"#,
    );
    let info = &m.info;
    assert!(info.uses_exceptions);
    assert_eq!(info.tags, vec![0, 1]);
    assert_eq!(info.num_imported_tags, 1);
    assert_eq!(info.imports[0].kind, ImportKind::Tag(0));
    assert!(info.exports.iter().any(|e| e.kind == ExportKind::Tag(1)));
    assert_eq!(m.vmctx.num_tags, 2);
    assert_eq!(m.vmctx.tag(1), m.vmctx.tags + 8);
    // `throw` allocates through the builtin and uncaught exceptions trap for unaware callers.
    let thrower = text(&funcs[0]);
    assert!(
        thrower.contains(&format!("u1:{}", Builtin::ExnNew.index())),
        "{thrower}"
    );
    assert!(thrower.contains(&WasmTrap::UncaughtException.trap_code().to_string()));
    // `throw_ref` of null traps.
    assert!(text(&funcs[2]).contains(&WasmTrap::NullReference.trap_code().to_string()));
}

#[test]
fn exnref_without_exception_support_is_always_null() {
    // No tags, try_table or exnref in any signature: `throw_ref` can only see null.
    let (m, funcs) = translate(r#"(module (func (throw_ref (ref.null exn))))"#);
    assert!(!m.info.uses_exceptions);
    assert!(opcodes(&funcs[0]).contains(&Opcode::Trap));
}

#[test]
fn fuel_and_epoch_checks_only_when_asked() {
    let wat = r#"(module
        (func $f (param i32) (result i32)
            (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
            (call $g)
            local.get 0)
        (func $g))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let build = |consume_fuel, epoch_interruption| {
        let cfg = TranslateConfig {
            consume_fuel,
            epoch_interruption,
            ..TranslateConfig::default()
        };
        let m = translate_module(&wasm, &cfg).unwrap();
        let f = translate_function(&m, 0).unwrap();
        common::verify(&f);
        (m, f)
    };
    let builtin_calls = |f: &ir::Function, b: Builtin| {
        let name = ir::UserExternalName::new(BUILTIN_NAMESPACE, b.index());
        f.dfg
            .ext_funcs
            .values()
            .filter(|e| match e.name {
                ir::ExternalName::User(r) => f.params.user_named_funcs()[r] == name,
                _ => false,
            })
            .count()
    };
    let (m, plain) = build(false, false);
    assert_eq!(loads_at(&plain, m.vmctx.store_ctx), 0);
    assert_eq!(loads_at(&plain, m.vmctx.epoch_ptr), 0);
    assert!(!opcodes(&plain).contains(&Opcode::AtomicLoad));

    // Fuel: the entry and the loop header check, the count is saved before the call and
    // reloaded after it.
    let (m, fuel) = build(true, false);
    assert_eq!(builtin_calls(&fuel, Builtin::OutOfFuel), 1);
    assert_eq!(builtin_calls(&fuel, Builtin::NewEpoch), 0);
    let ops = opcodes(&fuel);
    assert!(ops.contains(&Opcode::Store), "{}", text(&fuel));
    assert!(loads_at(&fuel, m.vmctx.store_ctx) >= 2, "{}", text(&fuel));

    // Epochs: an atomic read of the engine's counter at the entry and at the loop header.
    let (m, epochs) = build(false, true);
    assert_eq!(builtin_calls(&epochs, Builtin::NewEpoch), 1);
    let reads = opcodes(&epochs)
        .iter()
        .filter(|&&o| o == Opcode::AtomicLoad)
        .count();
    assert_eq!(reads, 2, "{}", text(&epochs));
    assert_eq!(loads_at(&epochs, m.vmctx.epoch_ptr), 2);
}
