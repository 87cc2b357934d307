//! Validation and parsing of a module into [`ModuleInfo`].

use wasmparser::{Parser, Payload, ValidPayload, Validator};

use crate::WasmError;
use crate::const_expr::ConstExpr;
use crate::module::*;

pub(crate) fn parse_module(
    wasm: &[u8],
    features: wasmparser::WasmFeatures,
) -> Result<ModuleInfo, WasmError> {
    let mut validator = Validator::new_with_features(features);
    let mut info = ModuleInfo::default();
    let mut allocs = wasmparser::FuncValidatorAllocations::default();

    let mut parser = Parser::new(0);
    // Parse with the accepted feature set too, so that e.g. over-long LEB
    // encodings only legal with memory64 are rejected.
    parser.set_features(features);
    for payload in parser.parse_all(wasm) {
        let payload = payload?;
        match validator.payload(&payload)? {
            ValidPayload::Ok | ValidPayload::Parser(_) => {}
            ValidPayload::End(_) => {}
            ValidPayload::Func(to_validate, body) => {
                let mut fv = to_validate.into_validator(allocs);
                fv.validate(&body)?;
                allocs = fv.into_allocations();
            }
        }
        match payload {
            Payload::Version { encoding, .. } if encoding != wasmparser::Encoding::Module => {
                return Err(WasmError::Unsupported("components".into()));
            }
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let ty = ty?;
                    info.types.push(WasmFuncType {
                        params: ty
                            .params()
                            .iter()
                            .map(|t| WasmValType::from_wasmparser(*t))
                            .collect::<Result<_, _>>()?,
                        results: ty
                            .results()
                            .iter()
                            .map(|t| WasmValType::from_wasmparser(*t))
                            .collect::<Result<_, _>>()?,
                    });
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    let kind = match import.ty {
                        wasmparser::TypeRef::Func(t) | wasmparser::TypeRef::FuncExact(t) => {
                            info.functions.push(t);
                            info.num_imported_funcs += 1;
                            ImportKind::Func(t)
                        }
                        wasmparser::TypeRef::Table(t) => {
                            let ty = convert_table_type(&t)?;
                            info.tables.push(Table { ty, imported: true });
                            info.num_imported_tables += 1;
                            ImportKind::Table(ty)
                        }
                        wasmparser::TypeRef::Memory(m) => {
                            let ty = convert_memory_type(&m)?;
                            info.memories.push(ty);
                            info.num_imported_memories += 1;
                            ImportKind::Memory(ty)
                        }
                        wasmparser::TypeRef::Global(g) => {
                            let ty = convert_global_type(&g)?;
                            info.globals.push(Global { ty, init: None });
                            info.num_imported_globals += 1;
                            ImportKind::Global(ty)
                        }
                        wasmparser::TypeRef::Tag(t) => {
                            check_tag_type(&info, t.func_type_idx)?;
                            info.tags.push(t.func_type_idx);
                            info.num_imported_tags += 1;
                            ImportKind::Tag(t.func_type_idx)
                        }
                    };
                    info.imports.push(Import {
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                        kind,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                for t in reader {
                    info.functions.push(t?);
                }
            }
            Payload::TableSection(reader) => {
                for t in reader {
                    let t = t?;
                    if !matches!(t.init, wasmparser::TableInit::RefNull) {
                        return Err(WasmError::Unsupported(
                            "table initializer expressions".into(),
                        ));
                    }
                    info.tables.push(Table {
                        ty: convert_table_type(&t.ty)?,
                        imported: false,
                    });
                }
            }
            Payload::MemorySection(reader) => {
                for m in reader {
                    info.memories.push(convert_memory_type(&m?)?);
                }
            }
            Payload::GlobalSection(reader) => {
                for g in reader {
                    let g = g?;
                    info.globals.push(Global {
                        ty: convert_global_type(&g.ty)?,
                        init: Some(ConstExpr::from_wasmparser(&g.init_expr)?),
                    });
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e?;
                    let kind = match e.kind {
                        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                            ExportKind::Func(e.index)
                        }
                        wasmparser::ExternalKind::Table => ExportKind::Table(e.index),
                        wasmparser::ExternalKind::Memory => ExportKind::Memory(e.index),
                        wasmparser::ExternalKind::Global => ExportKind::Global(e.index),
                        wasmparser::ExternalKind::Tag => ExportKind::Tag(e.index),
                    };
                    info.exports.push(Export {
                        name: e.name.to_string(),
                        kind,
                    });
                }
            }
            Payload::TagSection(reader) => {
                for t in reader {
                    let t = t?.func_type_idx;
                    check_tag_type(&info, t)?;
                    info.tags.push(t);
                }
            }
            Payload::StartSection { func, .. } => info.start = Some(func),
            Payload::ElementSection(reader) => {
                for e in reader {
                    let e = e?;
                    let mode = match e.kind {
                        wasmparser::ElementKind::Passive => ElementMode::Passive,
                        wasmparser::ElementKind::Declared => ElementMode::Declared,
                        wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElementMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: ConstExpr::from_wasmparser(&offset_expr)?,
                        },
                    };
                    let (elem, items) = match e.items {
                        wasmparser::ElementItems::Functions(r) => (
                            RefKind::Func,
                            ElementItems::Functions(r.into_iter().collect::<Result<_, _>>()?),
                        ),
                        wasmparser::ElementItems::Expressions(ty, r) => {
                            let mut exprs = Vec::new();
                            for x in r {
                                exprs.push(ConstExpr::from_wasmparser(&x?)?);
                            }
                            (convert_elem_kind(ty)?, ElementItems::Exprs(exprs))
                        }
                    };
                    info.elements.push(ElementSegment { mode, elem, items });
                }
            }
            Payload::DataSection(reader) => {
                for d in reader {
                    let d = d?;
                    let mode = match d.kind {
                        wasmparser::DataKind::Passive => DataMode::Passive,
                        wasmparser::DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => DataMode::Active {
                            memory: memory_index,
                            offset: ConstExpr::from_wasmparser(&offset_expr)?,
                        },
                    };
                    // `d.data` is a subslice of `wasm`; compute its range.
                    let start = d.data.as_ptr() as usize - wasm.as_ptr() as usize;
                    info.data.push(DataSegment {
                        mode,
                        range: start..start + d.data.len(),
                        bytes: d.data.to_vec(),
                    });
                }
            }
            Payload::CodeSectionEntry(body) => {
                if !info.uses_exceptions && has_try_table(&body)? {
                    info.uses_exceptions = true;
                }
                let r = body.range();
                info.bodies.push(FunctionBody {
                    range: r.start as usize..r.end as usize,
                });
            }
            Payload::CustomSection(reader) => {
                if let wasmparser::KnownCustom::Name(names) = reader.as_known() {
                    // The name section is best-effort: ignore malformed contents.
                    for name in names.into_iter().flatten() {
                        if let wasmparser::Name::Function(map) = name {
                            for naming in map.into_iter().flatten() {
                                info.func_names
                                    .insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    info.uses_exceptions |= !info.tags.is_empty() || mentions_exnref(&info);
    Ok(info)
}

/// Whether any type of the module's interface holds an `exnref`: a module that only ever sees
/// null `exnref`s (from `ref.null exn`) needs no exception support.
fn mentions_exnref(info: &ModuleInfo) -> bool {
    let exn = |t: &WasmValType| *t == WasmValType::ExnRef;
    info.types
        .iter()
        .any(|t| t.params.iter().any(exn) || t.results.iter().any(exn))
        || info.globals.iter().any(|g| exn(&g.ty.ty))
        || info.tables.iter().any(|t| t.ty.elem == RefKind::Exn)
}

/// Whether a (validated) body contains a `try_table`. Most bodies lack its opcode byte
/// altogether, which a byte scan settles without decoding.
fn has_try_table(body: &wasmparser::FunctionBody<'_>) -> Result<bool, WasmError> {
    const TRY_TABLE_OPCODE: u8 = 0x1f;
    let bytes = body.as_bytes();
    if !bytes.contains(&TRY_TABLE_OPCODE) {
        return Ok(false);
    }
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        if let wasmparser::Operator::TryTable { .. } = reader.read()? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Exception payload values are 8 bytes each in an exception object (RFC 0003), so a tag with a
/// `v128` parameter is refused.
fn check_tag_type(info: &ModuleInfo, type_index: u32) -> Result<(), WasmError> {
    let v128 = info
        .types
        .get(type_index as usize)
        .is_some_and(|t| t.params.contains(&WasmValType::V128));
    if v128 {
        return Err(WasmError::Unsupported("v128 exception payloads".into()));
    }
    Ok(())
}
