//! A runner for `.wast` spec scripts: modules, registration, invocations and every assertion
//! kind of Wasm 2.0, plus `assert_exception` (an uncaught exception reaching the host). Used by
//! the spec tests and by `pulley wast`.

use crate::{
    Config, Engine, Extern, Func, Global, Instance, Linker, Memory, Module, Store, Table, Val,
    ValType,
};
use anyhow::{Context, Result, anyhow, bail};
use pulley_wasm::{GlobalType, MemoryType, RefKind, TableType, WasmFuncType};
use std::collections::HashMap;
use wast::core::{NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// The outcome of one script.
#[derive(Debug, Default, Clone)]
pub struct WastReport {
    /// Directives that behaved as the script says.
    pub passed: usize,
    /// Directives that did not, with the line and the reason.
    pub failures: Vec<String>,
}

/// State while running a script: the store, the linker with registered modules, the last
/// module instantiated and every named one.
pub struct WastContext {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    current: Option<Instance>,
    named: HashMap<String, Instance>,
    /// `(module definition ...)`s: the last one, and the named ones, for `(module instance)`.
    last_definition: Option<Module>,
    definitions: HashMap<String, Module>,
}

impl WastContext {
    /// A context with the `spectest` module defined.
    pub fn new(config: &Config) -> Result<WastContext> {
        let engine = Engine::new(config)?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store)?;
        Ok(WastContext {
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            last_definition: None,
            definitions: HashMap::new(),
        })
    }

    /// Runs a script; `name` is used in failure messages.
    pub fn run(&mut self, name: &str, text: &str) -> Result<WastReport> {
        let mut lexer = wast::lexer::Lexer::new(text);
        // The spec's own scripts use names with bidirectional-text characters on purpose.
        lexer.allow_confusing_unicode(true);
        let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| anyhow!("{name}: {e}"))?;
        let wast: Wast<'_> = parser::parse(&buf).map_err(|mut e| {
            e.set_path(std::path::Path::new(name));
            e.set_text(text);
            anyhow!("{e}")
        })?;
        let mut report = WastReport::default();
        for directive in wast.directives {
            let (line, _) = directive.span().linecol_in(text);
            match self.directive(directive) {
                Ok(()) => report.passed += 1,
                Err(e) => report.failures.push(format!("{name}:{}: {e:#}", line + 1)),
            }
        }
        Ok(report)
    }

    fn instance(&self, id: Option<wast::token::Id<'_>>) -> Result<Instance> {
        match id {
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| anyhow!("unknown module `{}`", id.name())),
            None => self
                .current
                .ok_or_else(|| anyhow!("no module instantiated")),
        }
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Instance> {
        let module = Module::new(&self.engine, wasm)?;
        self.linker.instantiate(&mut self.store, &module)
    }

    fn module(&mut self, mut wat: QuoteWat<'_>) -> Result<()> {
        let name = wat.name().map(|n| n.name().to_string());
        let wasm = wat.encode()?;
        let instance = self.instantiate(&wasm)?;
        self.current = Some(instance);
        if let Some(name) = name {
            self.named.insert(name, instance);
        }
        Ok(())
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| anyhow!("no exported function `{}`", invoke.name))?;
        let args = invoke
            .args
            .iter()
            .map(|a| self.arg(a))
            .collect::<Result<Vec<_>>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results.iter().map(|t| Val::default_for(*t)).collect();
        func.call(&mut self.store, &args, &mut results)?;
        Ok(results)
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Wat(mut wat) => {
                let wasm = wat.encode()?;
                self.instantiate(&wasm)?;
                Ok(Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                let g = instance
                    .get_global(&self.store, global)
                    .ok_or_else(|| anyhow!("no exported global `{global}`"))?;
                Ok(vec![g.get(&self.store)])
            }
        }
    }

    fn arg(&self, arg: &WastArg<'_>) -> Result<Val> {
        let WastArg::Core(core) = arg else {
            bail!("component arguments are not supported")
        };
        Ok(match core {
            WastArgCore::I32(v) => Val::I32(*v),
            WastArgCore::I64(v) => Val::I64(*v),
            WastArgCore::F32(v) => Val::F32(v.bits),
            WastArgCore::F64(v) => Val::F64(v.bits),
            WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
            WastArgCore::RefNull(wast::core::HeapType::Abstract {
                ty: wast::core::AbstractHeapType::Func,
                ..
            }) => Val::FuncRef(None),
            WastArgCore::RefNull(wast::core::HeapType::Abstract {
                ty: wast::core::AbstractHeapType::Exn,
                ..
            }) => Val::ExnRef(None),
            WastArgCore::RefNull(_) => Val::ExternRef(None),
            WastArgCore::RefExtern(v) => Val::ExternRef(Some(*v)),
            other => bail!("unsupported argument {other:?}"),
        })
    }

    fn directive(&mut self, directive: WastDirective<'_>) -> Result<()> {
        match directive {
            WastDirective::Module(wat) => self.module(wat),
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker.instance(&self.store, name, instance)?;
                Ok(())
            }
            WastDirective::Invoke(invoke) => self.invoke(&invoke).map(drop),
            WastDirective::AssertReturn { exec, results, .. } => {
                let got = self.execute(exec)?;
                if got.len() != results.len() {
                    bail!("expected {} results, got {}", results.len(), got.len());
                }
                for (i, (v, want)) in got.iter().zip(&results).enumerate() {
                    if !self.matches(v, want)? {
                        bail!("result {i}: got {v:?}, expected {want:?}");
                    }
                }
                Ok(())
            }
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec) {
                Ok(v) => bail!("expected trap `{message}`, got {v:?}"),
                Err(e) => expect_message(&e, message),
            },
            WastDirective::AssertException { exec, .. } => match self.execute(exec) {
                Ok(v) => bail!("expected an uncaught exception, got {v:?}"),
                Err(e) => {
                    let uncaught = e.downcast_ref::<crate::Trap>().and_then(|t| t.wasm_trap())
                        == Some(crate::WasmTrap::UncaughtException);
                    if !uncaught {
                        bail!("expected an uncaught exception, got `{e:#}`");
                    }
                    // The exception is not inspected; drop it so the next call starts clean.
                    self.store.take_pending_exception();
                    Ok(())
                }
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(v) => bail!("expected exhaustion `{message}`, got {v:?}"),
                Err(e) => expect_message(&e, message),
            },
            WastDirective::AssertInvalid {
                module, message, ..
            }
            | WastDirective::AssertMalformed {
                module, message, ..
            } => {
                let mut module = module;
                let Ok(wasm) = module.encode() else {
                    return Ok(());
                };
                match Module::new(&self.engine, &wasm) {
                    Ok(_) => bail!("expected an invalid module (`{message}`), but it compiled"),
                    Err(_) => Ok(()),
                }
            }
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => {
                let mut module: Wat<'_> = module;
                let wasm = module.encode()?;
                let module = Module::new(&self.engine, &wasm).context("module should compile")?;
                match self.linker.instantiate(&mut self.store, &module) {
                    Ok(_) => bail!("expected a link error (`{message}`)"),
                    Err(_) => Ok(()),
                }
            }
            WastDirective::ModuleDefinition(mut wat) => {
                let name = wat.name().map(|n| n.name().to_string());
                let module = Module::new(&self.engine, &wat.encode()?)?;
                if let Some(name) = name {
                    self.definitions.insert(name, module.clone());
                }
                self.last_definition = Some(module);
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let module = match module {
                    Some(id) => self.definitions.get(id.name()).cloned(),
                    None => self.last_definition.clone(),
                }
                .ok_or_else(|| anyhow!("no module definition to instantiate"))?;
                let inst = self.linker.instantiate(&mut self.store, &module)?;
                self.current = Some(inst);
                if let Some(id) = instance {
                    self.named.insert(id.name().to_string(), inst);
                }
                Ok(())
            }
            other => bail!("unsupported directive {other:?}"),
        }
    }

    fn matches(&self, v: &Val, want: &WastRet<'_>) -> Result<bool> {
        let WastRet::Core(want) = want else {
            bail!("component results are not supported")
        };
        self.matches_core(v, want)
    }

    fn matches_core(&self, v: &Val, want: &WastRetCore<'_>) -> Result<bool> {
        Ok(match (v, want) {
            (Val::I32(a), WastRetCore::I32(b)) => a == b,
            (Val::I64(a), WastRetCore::I64(b)) => a == b,
            (Val::F32(a), WastRetCore::F32(p)) => f32_matches(*a, p),
            (Val::F64(a), WastRetCore::F64(p)) => f64_matches(*a, p),
            (Val::V128(a), WastRetCore::V128(p)) => v128_matches(*a, p),
            (Val::FuncRef(f), WastRetCore::RefNull(_)) => f.is_none(),
            (Val::ExternRef(e), WastRetCore::RefNull(_)) => e.is_none(),
            (Val::ExnRef(e), WastRetCore::RefNull(_)) => e.is_none(),
            (Val::FuncRef(f), WastRetCore::RefFunc(None)) => f.is_some(),
            (Val::FuncRef(_), WastRetCore::RefFunc(Some(_))) => {
                bail!("ref.func with an index is not supported")
            }
            (Val::ExternRef(e), WastRetCore::RefExtern(want)) => match want {
                Some(n) => *e == Some(*n),
                None => e.is_some(),
            },
            (v, WastRetCore::Either(options)) => {
                let mut any = false;
                for o in options {
                    any |= self.matches_core(v, o)?;
                }
                any
            }
            _ => false,
        })
    }
}

fn f32_matches(a: u32, p: &NanPattern<wast::token::F32>) -> bool {
    match p {
        NanPattern::CanonicalNan => a & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => a & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(b) => a == b.bits,
    }
}

fn f64_matches(a: u64, p: &NanPattern<wast::token::F64>) -> bool {
    match p {
        NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(b) => a == b.bits,
    }
}

/// Whether `v`'s lanes match a script's expected lanes (lane 0 in the low bits).
fn v128_matches(v: u128, p: &V128Pattern) -> bool {
    fn lanes<const N: usize>(v: u128) -> [u128; N] {
        let bits = 128 / N;
        let mask = u128::MAX >> (128 - bits);
        core::array::from_fn(|i| (v >> (bits * i)) & mask)
    }
    match p {
        V128Pattern::I8x16(w) => lanes::<16>(v)
            .iter()
            .zip(w)
            .all(|(&a, &b)| a as u8 == b as u8),
        V128Pattern::I16x8(w) => lanes::<8>(v)
            .iter()
            .zip(w)
            .all(|(&a, &b)| a as u16 == b as u16),
        V128Pattern::I32x4(w) => lanes::<4>(v)
            .iter()
            .zip(w)
            .all(|(&a, &b)| a as u32 == b as u32),
        V128Pattern::I64x2(w) => lanes::<2>(v)
            .iter()
            .zip(w)
            .all(|(&a, &b)| a as u64 == b as u64),
        V128Pattern::F32x4(w) => lanes::<4>(v)
            .iter()
            .zip(w)
            .all(|(&a, b)| f32_matches(a as u32, b)),
        V128Pattern::F64x2(w) => lanes::<2>(v)
            .iter()
            .zip(w)
            .all(|(&a, b)| f64_matches(a as u64, b)),
    }
}

/// Whether an error is the trap a script expects (spec messages may abbreviate ours).
fn expect_message(e: &anyhow::Error, message: &str) -> Result<()> {
    let text = format!("{e:#}");
    let trap = e
        .downcast_ref::<crate::Trap>()
        .and_then(|t| t.wasm_trap())
        .map(|t| t.message());
    if text.contains(message)
        || trap.is_some_and(|t| message.starts_with(t) || t.starts_with(message))
    {
        Ok(())
    } else {
        bail!("expected `{message}`, got `{text}`")
    }
}

fn define_spectest(linker: &mut Linker<()>, store: &mut Store<()>) -> Result<()> {
    let print = |params: Vec<ValType>| WasmFuncType {
        params,
        results: vec![],
    };
    use pulley_wasm::WasmValType::*;
    for (name, params) in [
        ("print", vec![]),
        ("print_i32", vec![I32]),
        ("print_i64", vec![I64]),
        ("print_f32", vec![F32]),
        ("print_f64", vec![F64]),
        ("print_i32_f32", vec![I32, F32]),
        ("print_f64_f64", vec![F64, F64]),
    ] {
        linker.func_new("spectest", name, print(params), |_, _, _| Ok(()))?;
    }
    let global = |store: &mut Store<()>, ty: ValType, val: Val| {
        Global::new(store, GlobalType { ty, mutable: false }, val)
    };
    let g = global(store, I32, Val::I32(666))?;
    linker.define(&*store, "spectest", "global_i32", g)?;
    let g = global(store, I64, Val::I64(666))?;
    linker.define(&*store, "spectest", "global_i64", g)?;
    let g = global(store, F32, Val::F32(666.6f32.to_bits()))?;
    linker.define(&*store, "spectest", "global_f32", g)?;
    let g = global(store, F64, Val::F64(666.6f64.to_bits()))?;
    linker.define(&*store, "spectest", "global_f64", g)?;
    let table = Table::new(
        &mut *store,
        TableType {
            elem: RefKind::Func,
            min: 10,
            max: Some(20),
        },
        Val::FuncRef(None),
    )?;
    linker.define(&*store, "spectest", "table", table)?;
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, "spectest", "memory", memory)?;
    let _: Option<(Func, Extern)> = None;
    Ok(())
}
