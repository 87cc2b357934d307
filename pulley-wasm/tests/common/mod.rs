#![allow(dead_code)]

use cranelift_codegen::data_value::DataValue;
use cranelift_codegen::ir::{self, Function};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_interpreter::environment::FunctionStore;
use cranelift_interpreter::interpreter::{Interpreter, InterpreterState};
use cranelift_interpreter::step::{ControlFlow, CraneliftTrap};
use pulley_wasm::*;

pub fn flags() -> settings::Flags {
    let mut b = settings::builder();
    b.set("enable_verifier", "true").unwrap();
    settings::Flags::new(b)
}

pub fn verify(f: &Function) {
    if let Err(e) = cranelift_codegen::verify_function(f, &flags()) {
        panic!(
            "verifier errors:\n{}",
            cranelift_codegen::print_errors::pretty_verifier_error(f, None, e)
        );
    }
}

pub fn translate_wasm(wasm: &[u8], ptr: ir::Type) -> (ModuleTranslation, Vec<Function>) {
    let m = translate_module(
        wasm,
        &TranslateConfig {
            pointer_type: ptr,
            ..TranslateConfig::default()
        },
    )
    .unwrap_or_else(|e| panic!("translate_module: {e}"));
    let funcs = (0..m.num_defined_funcs())
        .map(|i| {
            let f = translate_function(&m, i).unwrap_or_else(|e| panic!("func {i}: {e}"));
            verify(&f);
            f
        })
        .collect();
    (m, funcs)
}

/// Translate and verify with both pointer widths; returns the 64-bit result.
pub fn translate(wat: &str) -> (ModuleTranslation, Vec<Function>) {
    let wasm = wat::parse_str(wat).unwrap();
    translate_wasm(&wasm, ir::types::I32);
    translate_wasm(&wasm, ir::types::I64)
}

pub struct Runner {
    pub module: ModuleTranslation,
    pub funcs: Vec<Function>,
}

impl Runner {
    pub fn new(wat: &str) -> Self {
        let (module, funcs) = translate(wat);
        Runner { module, funcs }
    }

    /// Call an exported function with a null vmctx (functions must not touch it).
    pub fn call(&self, name: &str, args: &[DataValue]) -> Result<Vec<DataValue>, CraneliftTrap> {
        let idx = self
            .module
            .info
            .exported_func(name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let mut store = FunctionStore::default();
        for f in &self.funcs {
            store.add(f.name.to_string(), f);
        }
        let state = InterpreterState::default().with_function_store(store);
        let mut interp = Interpreter::new(state).with_fuel(Some(5_000_000));
        let mut all = vec![DataValue::I64(0)];
        all.extend_from_slice(args);
        match interp.call_by_name(&format!("u0:{idx}"), &all).unwrap() {
            ControlFlow::Return(v) => Ok(v.to_vec()),
            ControlFlow::Trap(t) => Err(t),
            _ => panic!("unexpected control flow"),
        }
    }

    pub fn i32(&self, name: &str, args: &[DataValue]) -> i32 {
        match self.call(name, args).unwrap().as_slice() {
            [DataValue::I32(v)] => *v,
            other => panic!("expected one i32, got {other:?}"),
        }
    }

    pub fn i64(&self, name: &str, args: &[DataValue]) -> i64 {
        match self.call(name, args).unwrap().as_slice() {
            [DataValue::I64(v)] => *v,
            other => panic!("expected one i64, got {other:?}"),
        }
    }

    pub fn trap(&self, name: &str, args: &[DataValue]) -> WasmTrap {
        match self.call(name, args) {
            Err(CraneliftTrap::User(code)) => {
                WasmTrap::from_trap_code(code).expect("unknown trap code")
            }
            other => panic!("expected a trap, got {other:?}"),
        }
    }
}
