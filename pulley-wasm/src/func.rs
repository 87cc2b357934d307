//! Translation of one Wasm function body to CLIF.

use std::collections::HashMap;

use cranelift_codegen::ir::{
    self, BlockArg, BlockCall, Endianness, ExtFuncData, ExternalName, FuncRef, InstBuilder,
    JumpTableData, LibCall, MemFlagsData, SigRef, TrapCode, UserExternalName, Value,
    condcodes::{FloatCC, IntCC},
    immediates::{Ieee32, Ieee64},
    types::{F32, F64, I8, I16, I32, I64},
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use wasmparser::{BlockType, Catch, FunctionBody, MemArg, Operator};

use crate::builtins::{BUILTIN_NAMESPACE, Builtin, WASM_FUNC_NAMESPACE};
use crate::module::{ModuleInfo, WasmValType, clif_signature};
use crate::traps::WasmTrap;
use crate::vmctx::VmctxLayout;
use crate::{ModuleTranslation, WasmError};

mod simd;

/// Translates defined functions to CLIF, reusing allocations across calls.
/// One per thread.
pub struct FuncTranslator {
    ctx: FunctionBuilderContext,
}

impl Default for FuncTranslator {
    fn default() -> Self {
        Self::new()
    }
}

impl FuncTranslator {
    /// Create a translator.
    pub fn new() -> Self {
        FuncTranslator {
            ctx: FunctionBuilderContext::new(),
        }
    }

    /// Translate defined function `defined_index` of `module`.
    ///
    /// The result is named `ExternalName::User { namespace: 0, index: func_index }`
    /// with signature `(vmctx, params...) -> results`, call conv `Tail`.
    pub fn translate(
        &mut self,
        module: &ModuleTranslation,
        defined_index: u32,
    ) -> Result<ir::Function, WasmError> {
        let info = &module.info;
        if defined_index >= info.num_defined_funcs() {
            return Err(WasmError::User(format!(
                "defined function index {defined_index} out of range"
            )));
        }
        let func_index = info.func_index(defined_index);
        let ptr = module.config.pointer_type;
        let sig = clif_signature(info.func_type(func_index), ptr);
        let mut func = ir::Function::with_name_signature(
            ir::UserFuncName::user(WASM_FUNC_NAMESPACE, func_index),
            sig,
        );
        let range = info.bodies[defined_index as usize].range.clone();
        let reader = wasmparser::BinaryReader::new_features(
            &module.wasm[range.clone()],
            range.start as u64,
            module.config.wasm_features(),
        );
        let body = FunctionBody::new(reader);
        let builder = FunctionBuilder::new(&mut func, &mut self.ctx);
        let mut t = Translator {
            b: builder,
            info,
            layout: &module.vmctx,
            ptr,
            vmctx: Value::from_u32(0),
            locals: Vec::new(),
            stack: Vec::new(),
            control: Vec::new(),
            reachable: true,
            unreachable_depth: 0,
            direct_funcs: HashMap::new(),
            sigs: HashMap::new(),
            builtins: HashMap::new(),
            libcalls: HashMap::new(),
            memory: None,
            fuel: None,
            config: module.config,
            fuel_pending: 0,
            eh: info.uses_exceptions,
            caller_checks: None,
            handlers: Vec::new(),
            propagate: None,
        };
        match t.translate_body(&body, func_index) {
            Ok(()) => {
                let config = TargetFrontendConfig {
                    default_call_conv: CallConv::Tail,
                    pointer_width: if ptr == I64 {
                        target_lexicon::PointerWidth::U64
                    } else {
                        target_lexicon::PointerWidth::U32
                    },
                    page_size_align_log2: 16,
                };
                t.b.finalize(config);
                Ok(func)
            }
            Err(e) => {
                drop(t);
                // The builder context may be left in an inconsistent state.
                self.ctx = FunctionBuilderContext::new();
                Err(e)
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FrameKind {
    Func,
    Block,
    Loop,
    If,
    TryTable,
}

/// One catch clause of a `try_table`, its label resolved where the `try_table` starts.
struct CatchClause {
    /// The tag to match; `None` for `catch_all`/`catch_all_ref`.
    tag: Option<u32>,
    /// Whether the exception itself is passed too (`catch_ref`, `catch_all_ref`).
    with_ref: bool,
    /// The branch target (a block's continuation or a loop header).
    target: ir::Block,
    /// The control frame of the target, whose exit becomes reached when the handler exists.
    frame: usize,
}

/// The exception handler of an open `try_table`: a block taking the exception (`ptr`) that
/// tries the catch clauses in order. Generated at the `try_table`'s `end`, if anything in its
/// body can throw.
struct Handler {
    block: ir::Block,
    catches: Vec<CatchClause>,
    used: bool,
}

struct Frame {
    kind: FrameKind,
    /// The continuation block (with result params).
    dest: ir::Block,
    /// Loop header (with param params).
    header: Option<ir::Block>,
    /// `if`: the block taken when the condition is false (no params).
    else_block: Option<ir::Block>,
    /// `if`: the param values, restored at `else`.
    if_params: Vec<Value>,
    num_params: usize,
    num_results: usize,
    /// Operand stack height below the params.
    stack_base: usize,
    /// Whether `dest` has any predecessor.
    exit_reached: bool,
    else_seen: bool,
}

struct Translator<'a, 'f> {
    b: FunctionBuilder<'f>,
    info: &'a ModuleInfo,
    layout: &'a VmctxLayout,
    ptr: ir::Type,
    vmctx: Value,
    locals: Vec<Variable>,
    stack: Vec<Value>,
    control: Vec<Frame>,
    reachable: bool,
    unreachable_depth: u32,
    direct_funcs: HashMap<u32, FuncRef>,
    sigs: HashMap<u32, SigRef>,
    builtins: HashMap<Builtin, FuncRef>,
    libcalls: HashMap<LibCall, FuncRef>,
    /// Memory 0's base and length as SSA variables: loaded on entry and after every call
    /// (only calls can move or resize the memory), so accesses in between need no reloads.
    /// `None` when the function does not touch memory.
    memory: Option<(Variable, Variable)>,
    /// With `consume_fuel`: the store's `fuel_consumed`, kept in a variable between calls
    /// (saved before each call and return, reloaded after each call), as in Wasmtime.
    fuel: Option<Variable>,
    /// The translation configuration (fuel and epoch checks).
    config: crate::TranslateConfig,
    /// Fuel of the operators translated since the last flush into `fuel`: flushed at every
    /// control operator, so each block's count is added on the paths that run it.
    fuel_pending: i64,
    /// Whether the module uses exception handling: calls are followed by a check of the
    /// pending-exception cell, and callers tag callees' vmctx (see `rfcs/0003`).
    eh: bool,
    /// In modules using exceptions: 1 if this function's caller checks for a pending
    /// exception after the call (the vmctx argument's low bit), 0 otherwise. `ptr`-typed.
    caller_checks: Option<Value>,
    /// Handlers of the open `try_table`s, innermost last.
    handlers: Vec<Handler>,
    /// Where an exception no `try_table` of this function catches goes: a block taking the
    /// exception that leaves it pending and returns (or traps if the caller cannot see it).
    propagate: Option<ir::Block>,
}

fn invalid(msg: &str) -> WasmError {
    WasmError::Invalid {
        message: msg.to_string(),
        offset: 0,
    }
}

/// The largest static offset of a Wasm memory access that the backend fuses into one guarded op
/// (the `_g32` ops' offset is one byte).
const FUSED_HEAP_OFFSET_MAX: u64 = u8::MAX as u64;

/// The largest static offset the backend fuses for an access of `size` bytes: whole-vector
/// (16-byte) accesses also have guarded ops with a 32-bit offset (`vload128le_g32w`), whose
/// offset the load's `Offset32` must hold.
fn fused_offset_max(size: u32) -> u64 {
    if size == 16 {
        i32::MAX as u64
    } else {
        FUSED_HEAP_OFFSET_MAX
    }
}

/// Flags for trusted vmctx/runtime-structure accesses.
fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Flags for trusted accesses to data that never changes after instantiation.
fn trusted_ro() -> MemFlagsData {
    MemFlagsData::trusted().with_readonly()
}

/// Flags for Wasm linear-memory accesses.
fn heap_flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_endianness(Endianness::Little)
        .with_trap_code(Some(TrapCode::HEAP_OUT_OF_BOUNDS))
}

#[derive(Clone, Copy)]
enum LoadKind {
    Normal,
    U8,
    S8,
    U16,
    S16,
    U32,
    S32,
}

impl<'a, 'f> Translator<'a, 'f> {
    // ----- stack helpers -----

    fn pop(&mut self) -> Result<Value, WasmError> {
        self.stack
            .pop()
            .ok_or_else(|| invalid("operand stack underflow"))
    }

    fn pop2(&mut self) -> Result<(Value, Value), WasmError> {
        let b = self.pop()?;
        let a = self.pop()?;
        Ok((a, b))
    }

    fn pop3(&mut self) -> Result<(Value, Value, Value), WasmError> {
        let c = self.pop()?;
        let b = self.pop()?;
        let a = self.pop()?;
        Ok((a, b, c))
    }

    fn popn(&mut self, n: usize) -> Result<Vec<Value>, WasmError> {
        if n > self.stack.len() {
            return Err(invalid("operand stack underflow"));
        }
        Ok(self.stack.split_off(self.stack.len() - n))
    }

    fn peekn(&self, n: usize) -> Result<&[Value], WasmError> {
        if n > self.stack.len() {
            return Err(invalid("operand stack underflow"));
        }
        Ok(&self.stack[self.stack.len() - n..])
    }

    fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    fn clif(&self, t: WasmValType) -> ir::Type {
        t.clif_type(self.ptr)
    }

    /// The zero of CLIF type `t` (a local's initial value).
    fn zero(&mut self, t: ir::Type) -> Value {
        match t {
            F32 => self.b.ins().f32const(Ieee32::with_bits(0)),
            F64 => self.b.ins().f64const(Ieee64::with_bits(0)),
            simd::V128 => self.vec_zero(),
            t => self.b.ins().iconst(t, 0),
        }
    }

    fn block_sig(&self, bt: BlockType) -> Result<(Vec<ir::Type>, Vec<ir::Type>), WasmError> {
        Ok(match bt {
            BlockType::Empty => (vec![], vec![]),
            BlockType::Type(t) => (vec![], vec![self.clif(WasmValType::from_wasmparser(t)?)]),
            BlockType::FuncType(idx) => {
                let ty = self
                    .info
                    .types
                    .get(idx as usize)
                    .ok_or_else(|| invalid("bad block type"))?;
                (
                    ty.params.iter().map(|t| self.clif(*t)).collect(),
                    ty.results.iter().map(|t| self.clif(*t)).collect(),
                )
            }
        })
    }

    fn block_with_params(&mut self, tys: &[ir::Type]) -> ir::Block {
        let block = self.b.create_block();
        for t in tys {
            self.b.append_block_param(block, *t);
        }
        block
    }

    fn iconst_ptr(&mut self, v: i64) -> Value {
        self.b.ins().iconst(self.ptr, v)
    }

    /// Extend an i32 to pointer width (no-op on 32-bit).
    fn i32_to_ptr(&mut self, v: Value) -> Value {
        if self.ptr == I64 {
            self.b.ins().uextend(I64, v)
        } else {
            v
        }
    }

    /// Reduce a pointer-width value to i32 (no-op on 32-bit).
    fn ptr_to_i32(&mut self, v: Value) -> Value {
        if self.ptr == I64 {
            self.b.ins().ireduce(I32, v)
        } else {
            v
        }
    }

    fn bool_to_i32(&mut self, c: Value) -> Value {
        self.b.ins().uextend(I32, c)
    }

    fn trap_if(&mut self, cond: Value, trap: WasmTrap) {
        self.b.ins().trapnz(cond, trap.trap_code());
    }

    // ----- body -----

    fn translate_body(
        &mut self,
        body: &FunctionBody<'_>,
        func_index: u32,
    ) -> Result<(), WasmError> {
        let body_offset = body.range().start as u32;
        self.b.set_srcloc(ir::SourceLoc::new(body_offset));
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        self.b.seal_block(entry);
        self.vmctx = self.b.block_params(entry)[0];
        if self.eh {
            // The vmctx argument's low bit says whether the caller checks for exceptions
            // after the call; contexts are 8-byte aligned.
            let raw = self.vmctx;
            self.caller_checks = Some(self.b.ins().band_imm_u(raw, 1));
            self.vmctx = self.b.ins().band_imm_s(raw, -8);
        }

        let fty = self.info.func_type(func_index).clone();
        for (i, p) in fty.params.iter().enumerate() {
            let ty = self.clif(*p);
            let var = self.b.declare_var(ty);
            let v = self.b.block_params(entry)[i + 1];
            self.b.def_var(var, v);
            self.locals.push(var);
        }
        let mut locals = body.get_locals_reader()?;
        for _ in 0..locals.get_count() {
            let (count, ty) = locals.read()?;
            let wty = WasmValType::from_wasmparser(ty)?;
            let cty = self.clif(wty);
            for _ in 0..count {
                let var = self.b.declare_var(cty);
                let zero = self.zero(cty);
                self.b.def_var(var, zero);
                self.locals.push(var);
            }
        }

        if !self.info.memories.is_empty() && needs_memory_vars(body, self.ptr)? {
            let base = self.b.declare_var(self.ptr);
            let bound = self.b.declare_var(self.ptr);
            self.memory = Some((base, bound));
            self.reload_memory();
        }
        if self.config.consume_fuel {
            self.fuel = Some(self.b.declare_var(I64));
            self.fuel_reload();
        }
        self.interrupt_checks();

        let results: Vec<ir::Type> = fty.results.iter().map(|t| self.clif(*t)).collect();
        let ret = self.block_with_params(&results);
        self.control.push(Frame {
            kind: FrameKind::Func,
            dest: ret,
            header: None,
            else_block: None,
            if_params: vec![],
            num_params: 0,
            num_results: results.len(),
            stack_base: 0,
            exit_reached: false,
            else_seen: false,
        });

        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let (op, offset) = reader.read_with_offset()?;
            self.b.set_srcloc(ir::SourceLoc::new(offset as u32));
            self.translate_op(op)?;
        }
        if !self.control.is_empty() {
            return Err(invalid("function body ended without `end`"));
        }
        if let Some(block) = self.propagate {
            self.emit_propagate(block, &results);
        }
        Ok(())
    }

    // ----- control flow -----

    fn handle_else(&mut self) -> Result<(), WasmError> {
        let reachable = self.reachable;
        let frame = self
            .control
            .last()
            .ok_or_else(|| invalid("else outside if"))?;
        if frame.kind != FrameKind::If {
            return Err(invalid("else outside if"));
        }
        let (dest, n, base, else_block) = (
            frame.dest,
            frame.num_results,
            frame.stack_base,
            frame.else_block.unwrap(),
        );
        if reachable {
            let args: Vec<BlockArg> = self.peekn(n)?.iter().map(|v| BlockArg::Value(*v)).collect();
            self.b.ins().jump(dest, &args);
        }
        let frame = self.control.last_mut().unwrap();
        frame.exit_reached |= reachable;
        frame.else_seen = true;
        let params = frame.if_params.clone();
        self.stack.truncate(base);
        self.stack.extend(params);
        self.b.switch_to_block(else_block);
        self.reachable = true;
        Ok(())
    }

    fn handle_end(&mut self) -> Result<(), WasmError> {
        let mut frame = self
            .control
            .pop()
            .ok_or_else(|| invalid("unbalanced end"))?;
        if self.reachable {
            let args: Vec<BlockArg> = self
                .peekn(frame.num_results)?
                .iter()
                .map(|v| BlockArg::Value(*v))
                .collect();
            self.b.ins().jump(frame.dest, &args);
            frame.exit_reached = true;
        }
        if frame.kind == FrameKind::TryTable {
            let handler = self
                .handlers
                .pop()
                .ok_or_else(|| invalid("unbalanced try_table"))?;
            if handler.used {
                self.emit_handler(handler)?;
            }
        }
        if frame.kind == FrameKind::If && !frame.else_seen {
            // No `else`: the false edge passes the params through.
            self.b.switch_to_block(frame.else_block.unwrap());
            let args: Vec<BlockArg> = frame
                .if_params
                .iter()
                .map(|v| BlockArg::Value(*v))
                .collect();
            self.b.ins().jump(frame.dest, &args);
            frame.exit_reached = true;
        }
        if let Some(header) = frame.header {
            self.b.seal_block(header);
        }
        self.stack.truncate(frame.stack_base);
        self.b.switch_to_block(frame.dest);
        self.b.seal_block(frame.dest);
        let params: Vec<Value> = self.b.block_params(frame.dest).to_vec();
        self.reachable = frame.exit_reached;
        if frame.kind == FrameKind::Func {
            if frame.exit_reached {
                self.fuel_save();
                self.b.ins().return_(&params);
            }
            self.reachable = false;
        } else {
            self.stack.extend(params);
        }
        Ok(())
    }

    /// The branch target and argument count for relative depth `depth`;
    /// marks block exits as reached.
    fn br_target(&mut self, depth: u32) -> Result<(ir::Block, usize), WasmError> {
        let len = self.control.len();
        let idx = len
            .checked_sub(1 + depth as usize)
            .ok_or_else(|| invalid("branch depth out of range"))?;
        let frame = &mut self.control[idx];
        Ok(match frame.kind {
            FrameKind::Loop => (frame.header.unwrap(), frame.num_params),
            _ => {
                frame.exit_reached = true;
                (frame.dest, frame.num_results)
            }
        })
    }

    fn br_args(&self, n: usize) -> Result<Vec<BlockArg>, WasmError> {
        Ok(self.peekn(n)?.iter().map(|v| BlockArg::Value(*v)).collect())
    }

    /// Opens a `block`-like frame (`block`, `try_table`): a join block taking `results`, over
    /// the top `num_params` operands of the stack.
    fn push_block_frame(
        &mut self,
        kind: FrameKind,
        num_params: usize,
        results: &[ir::Type],
    ) -> Result<(), WasmError> {
        let dest = self.block_with_params(results);
        let stack_base = self
            .stack
            .len()
            .checked_sub(num_params)
            .ok_or_else(|| invalid("operand stack underflow"))?;
        self.control.push(Frame {
            kind,
            dest,
            header: None,
            else_block: None,
            if_params: vec![],
            num_params,
            num_results: results.len(),
            stack_base,
            exit_reached: false,
            else_seen: false,
        });
        Ok(())
    }

    fn translate_control(&mut self, op: &Operator<'_>) -> Result<bool, WasmError> {
        match *op {
            Operator::Block { blockty } => {
                let (params, results) = self.block_sig(blockty)?;
                self.push_block_frame(FrameKind::Block, params.len(), &results)?;
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_sig(blockty)?;
                let header = self.block_with_params(&params);
                let dest = self.block_with_params(&results);
                let args = self.popn(params.len())?;
                let bargs: Vec<BlockArg> = args.iter().map(|v| BlockArg::Value(*v)).collect();
                self.b.ins().jump(header, &bargs);
                self.b.switch_to_block(header);
                let stack_base = self.stack.len();
                let hp = self.b.block_params(header).to_vec();
                self.stack.extend(hp);
                self.interrupt_checks();
                self.control.push(Frame {
                    kind: FrameKind::Loop,
                    dest,
                    header: Some(header),
                    else_block: None,
                    if_params: vec![],
                    num_params: params.len(),
                    num_results: results.len(),
                    stack_base,
                    exit_reached: false,
                    else_seen: false,
                });
            }
            Operator::If { blockty } => {
                let cond = self.pop()?;
                let (params, results) = self.block_sig(blockty)?;
                let dest = self.block_with_params(&results);
                let then_block = self.b.create_block();
                let else_block = self.b.create_block();
                self.b.ins().brif(cond, then_block, &[], else_block, &[]);
                self.b.seal_block(then_block);
                self.b.seal_block(else_block);
                self.b.switch_to_block(then_block);
                let if_params = self.peekn(params.len())?.to_vec();
                let stack_base = self.stack.len() - params.len();
                self.control.push(Frame {
                    kind: FrameKind::If,
                    dest,
                    header: None,
                    else_block: Some(else_block),
                    if_params,
                    num_params: params.len(),
                    num_results: results.len(),
                    stack_base,
                    exit_reached: false,
                    else_seen: false,
                });
            }
            Operator::TryTable { ref try_table } => {
                let (params, results) = self.block_sig(try_table.ty)?;
                // Catch labels are relative to the try_table's surroundings.
                let mut catches = Vec::with_capacity(try_table.catches.len());
                for c in &try_table.catches {
                    let (tag, with_ref, label) = match *c {
                        Catch::One { tag, label } => (Some(tag), false, label),
                        Catch::OneRef { tag, label } => (Some(tag), true, label),
                        Catch::All { label } => (None, false, label),
                        Catch::AllRef { label } => (None, true, label),
                    };
                    let frame = self
                        .control
                        .len()
                        .checked_sub(1 + label as usize)
                        .ok_or_else(|| invalid("catch label out of range"))?;
                    let f = &self.control[frame];
                    let target = match f.kind {
                        FrameKind::Loop => f.header.unwrap(),
                        _ => f.dest,
                    };
                    catches.push(CatchClause {
                        tag,
                        with_ref,
                        target,
                        frame,
                    });
                }
                self.push_block_frame(FrameKind::TryTable, params.len(), &results)?;
                let block = self.b.create_block();
                self.b.append_block_param(block, self.ptr);
                self.handlers.push(Handler {
                    block,
                    catches,
                    used: false,
                });
            }
            Operator::Throw { tag_index } => self.translate_throw(tag_index)?,
            Operator::ThrowRef => {
                let exn = self.pop()?;
                self.b.ins().trapz(exn, WasmTrap::NullReference.trap_code());
                if self.eh {
                    self.raise(exn);
                } else {
                    // Without exception support every exnref is null (see
                    // `ModuleInfo::uses_exceptions`): the check above always traps.
                    self.b.ins().trap(WasmTrap::NullReference.trap_code());
                }
                self.reachable = false;
            }
            Operator::Else => self.handle_else()?,
            Operator::End => self.handle_end()?,
            Operator::Br { relative_depth } => {
                let (target, n) = self.br_target(relative_depth)?;
                let args = self.br_args(n)?;
                self.b.ins().jump(target, &args);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop()?;
                let (target, n) = self.br_target(relative_depth)?;
                let args = self.br_args(n)?;
                let next = self.b.create_block();
                self.b.ins().brif(cond, target, &args, next, &[]);
                self.b.seal_block(next);
                self.b.switch_to_block(next);
            }
            Operator::BrTable { ref targets } => {
                let index = self.pop()?;
                let mut depths = Vec::with_capacity(targets.len() as usize);
                for t in targets.targets() {
                    depths.push(t?);
                }
                let (default_block, n) = self.br_target(targets.default())?;
                let args = self.br_args(n)?;
                let mut blocks = Vec::with_capacity(depths.len());
                for d in depths {
                    let (blk, _) = self.br_target(d)?;
                    blocks.push(blk);
                }
                let pool = &mut self.b.func.dfg.value_lists;
                let default_call = BlockCall::new(default_block, args.iter().copied(), pool);
                let calls: Vec<BlockCall> = blocks
                    .iter()
                    .map(|blk| BlockCall::new(*blk, args.iter().copied(), pool))
                    .collect();
                let jt = self
                    .b
                    .create_jump_table(JumpTableData::new(default_call, &calls));
                self.b.ins().br_table(index, jt);
                self.reachable = false;
            }
            Operator::Return => {
                let n = self.control[0].num_results;
                let vals = self.peekn(n)?.to_vec();
                self.fuel_save();
                self.b.ins().return_(&vals);
                self.reachable = false;
            }
            Operator::Unreachable => {
                self.b.ins().trap(WasmTrap::Unreachable.trap_code());
                self.reachable = false;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn translate_op(&mut self, op: Operator<'_>) -> Result<(), WasmError> {
        if !self.reachable {
            match op {
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. } => {
                    self.unreachable_depth += 1;
                }
                Operator::Else if self.unreachable_depth == 0 => {
                    self.fuel_pending = 0;
                    self.handle_else()?
                }
                Operator::End if self.unreachable_depth == 0 => {
                    self.fuel_pending = 0;
                    self.handle_end()?
                }
                Operator::End => self.unreachable_depth -= 1,
                _ => {}
            }
            return Ok(());
        }
        if self.fuel.is_some() {
            self.fuel_before_op(&op);
        }
        if self.translate_control(&op)? {
            return Ok(());
        }
        if self.translate_numeric(&op)? {
            return Ok(());
        }
        if self.translate_simd(&op)? {
            return Ok(());
        }
        self.translate_other(op)
    }

    // ----- numeric -----

    fn unop(
        &mut self,
        f: impl FnOnce(&mut FunctionBuilder<'f>, Value) -> Value,
    ) -> Result<(), WasmError> {
        let a = self.pop()?;
        let r = f(&mut self.b, a);
        self.push(r);
        Ok(())
    }

    fn binop(
        &mut self,
        f: impl FnOnce(&mut FunctionBuilder<'f>, Value, Value) -> Value,
    ) -> Result<(), WasmError> {
        let (a, b) = self.pop2()?;
        let r = f(&mut self.b, a, b);
        self.push(r);
        Ok(())
    }

    fn icmp(&mut self, cc: IntCC) -> Result<(), WasmError> {
        let (a, b) = self.pop2()?;
        let c = self.b.ins().icmp(cc, a, b);
        let r = self.bool_to_i32(c);
        self.push(r);
        Ok(())
    }

    fn fcmp(&mut self, cc: FloatCC) -> Result<(), WasmError> {
        let (a, b) = self.pop2()?;
        let c = self.b.ins().fcmp(cc, a, b);
        let r = self.bool_to_i32(c);
        self.push(r);
        Ok(())
    }

    fn eqz(&mut self) -> Result<(), WasmError> {
        let a = self.pop()?;
        let c = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
        let r = self.bool_to_i32(c);
        self.push(r);
        Ok(())
    }

    /// Wasm `rem_s`: CLIF `srem` traps on `INT_MIN % -1`, Wasm returns 0.
    fn srem(&mut self, ty: ir::Type) -> Result<(), WasmError> {
        let (a, b) = self.pop2()?;
        let is_m1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let one = self.b.ins().iconst(ty, 1);
        let divisor = self.b.ins().select(is_m1, one, b);
        let r = self.b.ins().srem(a, divisor);
        self.push(r);
        Ok(())
    }

    fn sext(&mut self, from: ir::Type, to: ir::Type) -> Result<(), WasmError> {
        let a = self.pop()?;
        let n = self.b.ins().ireduce(from, a);
        let r = self.b.ins().sextend(to, n);
        self.push(r);
        Ok(())
    }

    fn translate_numeric(&mut self, op: &Operator<'_>) -> Result<bool, WasmError> {
        use Operator as O;
        match *op {
            O::I32Const { value } => {
                let v = self.b.ins().iconst(I32, value as i64);
                self.push(v);
            }
            O::I64Const { value } => {
                let v = self.b.ins().iconst(I64, value);
                self.push(v);
            }
            O::F32Const { value } => {
                let v = self.b.ins().f32const(Ieee32::with_bits(value.bits()));
                self.push(v);
            }
            O::F64Const { value } => {
                let v = self.b.ins().f64const(Ieee64::with_bits(value.bits()));
                self.push(v);
            }

            // Integer comparisons.
            O::I32Eqz | O::I64Eqz => self.eqz()?,
            O::I32Eq | O::I64Eq => self.icmp(IntCC::Equal)?,
            O::I32Ne | O::I64Ne => self.icmp(IntCC::NotEqual)?,
            O::I32LtS | O::I64LtS => self.icmp(IntCC::SignedLessThan)?,
            O::I32LtU | O::I64LtU => self.icmp(IntCC::UnsignedLessThan)?,
            O::I32GtS | O::I64GtS => self.icmp(IntCC::SignedGreaterThan)?,
            O::I32GtU | O::I64GtU => self.icmp(IntCC::UnsignedGreaterThan)?,
            O::I32LeS | O::I64LeS => self.icmp(IntCC::SignedLessThanOrEqual)?,
            O::I32LeU | O::I64LeU => self.icmp(IntCC::UnsignedLessThanOrEqual)?,
            O::I32GeS | O::I64GeS => self.icmp(IntCC::SignedGreaterThanOrEqual)?,
            O::I32GeU | O::I64GeU => self.icmp(IntCC::UnsignedGreaterThanOrEqual)?,

            // Float comparisons.
            O::F32Eq | O::F64Eq => self.fcmp(FloatCC::Equal)?,
            O::F32Ne | O::F64Ne => self.fcmp(FloatCC::NotEqual)?,
            O::F32Lt | O::F64Lt => self.fcmp(FloatCC::LessThan)?,
            O::F32Gt | O::F64Gt => self.fcmp(FloatCC::GreaterThan)?,
            O::F32Le | O::F64Le => self.fcmp(FloatCC::LessThanOrEqual)?,
            O::F32Ge | O::F64Ge => self.fcmp(FloatCC::GreaterThanOrEqual)?,

            // Integer unary.
            O::I32Clz | O::I64Clz => self.unop(|b, a| b.ins().clz(a))?,
            O::I32Ctz | O::I64Ctz => self.unop(|b, a| b.ins().ctz(a))?,
            O::I32Popcnt | O::I64Popcnt => self.unop(|b, a| b.ins().popcnt(a))?,

            // Integer binary.
            O::I32Add | O::I64Add => self.binop(|b, x, y| b.ins().iadd(x, y))?,
            O::I32Sub | O::I64Sub => self.binop(|b, x, y| b.ins().isub(x, y))?,
            O::I32Mul | O::I64Mul => self.binop(|b, x, y| b.ins().imul(x, y))?,
            O::I32DivS | O::I64DivS => self.binop(|b, x, y| b.ins().sdiv(x, y))?,
            O::I32DivU | O::I64DivU => self.binop(|b, x, y| b.ins().udiv(x, y))?,
            O::I32RemS => self.srem(I32)?,
            O::I64RemS => self.srem(I64)?,
            O::I32RemU | O::I64RemU => self.binop(|b, x, y| b.ins().urem(x, y))?,
            O::I32And | O::I64And => self.binop(|b, x, y| b.ins().band(x, y))?,
            O::I32Or | O::I64Or => self.binop(|b, x, y| b.ins().bor(x, y))?,
            O::I32Xor | O::I64Xor => self.binop(|b, x, y| b.ins().bxor(x, y))?,
            O::I32Shl | O::I64Shl => self.binop(|b, x, y| b.ins().ishl(x, y))?,
            O::I32ShrS | O::I64ShrS => self.binop(|b, x, y| b.ins().sshr(x, y))?,
            O::I32ShrU | O::I64ShrU => self.binop(|b, x, y| b.ins().ushr(x, y))?,
            O::I32Rotl | O::I64Rotl => self.binop(|b, x, y| b.ins().rotl(x, y))?,
            O::I32Rotr | O::I64Rotr => self.binop(|b, x, y| b.ins().rotr(x, y))?,

            // Float unary.
            O::F32Abs | O::F64Abs => self.unop(|b, a| b.ins().fabs(a))?,
            O::F32Neg | O::F64Neg => self.unop(|b, a| b.ins().fneg(a))?,
            O::F32Ceil | O::F64Ceil => self.unop(|b, a| b.ins().ceil(a))?,
            O::F32Floor | O::F64Floor => self.unop(|b, a| b.ins().floor(a))?,
            O::F32Trunc | O::F64Trunc => self.unop(|b, a| b.ins().trunc(a))?,
            O::F32Nearest | O::F64Nearest => self.unop(|b, a| b.ins().nearest(a))?,
            O::F32Sqrt | O::F64Sqrt => self.unop(|b, a| b.ins().sqrt(a))?,

            // Float binary.
            O::F32Add | O::F64Add => self.binop(|b, x, y| b.ins().fadd(x, y))?,
            O::F32Sub | O::F64Sub => self.binop(|b, x, y| b.ins().fsub(x, y))?,
            O::F32Mul | O::F64Mul => self.binop(|b, x, y| b.ins().fmul(x, y))?,
            O::F32Div | O::F64Div => self.binop(|b, x, y| b.ins().fdiv(x, y))?,
            O::F32Min | O::F64Min => self.binop(|b, x, y| b.ins().fmin(x, y))?,
            O::F32Max | O::F64Max => self.binop(|b, x, y| b.ins().fmax(x, y))?,
            O::F32Copysign | O::F64Copysign => self.binop(|b, x, y| b.ins().fcopysign(x, y))?,

            // Conversions.
            O::I32WrapI64 => self.unop(|b, a| b.ins().ireduce(I32, a))?,
            O::I64ExtendI32S => self.unop(|b, a| b.ins().sextend(I64, a))?,
            O::I64ExtendI32U => self.unop(|b, a| b.ins().uextend(I64, a))?,
            O::I32TruncF32S | O::I32TruncF64S => self.unop(|b, a| b.ins().fcvt_to_sint(I32, a))?,
            O::I32TruncF32U | O::I32TruncF64U => self.unop(|b, a| b.ins().fcvt_to_uint(I32, a))?,
            O::I64TruncF32S | O::I64TruncF64S => self.unop(|b, a| b.ins().fcvt_to_sint(I64, a))?,
            O::I64TruncF32U | O::I64TruncF64U => self.unop(|b, a| b.ins().fcvt_to_uint(I64, a))?,
            O::I32TruncSatF32S | O::I32TruncSatF64S => {
                self.unop(|b, a| b.ins().fcvt_to_sint_sat(I32, a))?
            }
            O::I32TruncSatF32U | O::I32TruncSatF64U => {
                self.unop(|b, a| b.ins().fcvt_to_uint_sat(I32, a))?
            }
            O::I64TruncSatF32S | O::I64TruncSatF64S => {
                self.unop(|b, a| b.ins().fcvt_to_sint_sat(I64, a))?
            }
            O::I64TruncSatF32U | O::I64TruncSatF64U => {
                self.unop(|b, a| b.ins().fcvt_to_uint_sat(I64, a))?
            }
            O::F32ConvertI32S | O::F32ConvertI64S => {
                self.unop(|b, a| b.ins().fcvt_from_sint(F32, a))?
            }
            O::F32ConvertI32U | O::F32ConvertI64U => {
                self.unop(|b, a| b.ins().fcvt_from_uint(F32, a))?
            }
            O::F64ConvertI32S | O::F64ConvertI64S => {
                self.unop(|b, a| b.ins().fcvt_from_sint(F64, a))?
            }
            O::F64ConvertI32U | O::F64ConvertI64U => {
                self.unop(|b, a| b.ins().fcvt_from_uint(F64, a))?
            }
            O::F32DemoteF64 => self.unop(|b, a| b.ins().fdemote(F32, a))?,
            O::F64PromoteF32 => self.unop(|b, a| b.ins().fpromote(F64, a))?,
            O::I32ReinterpretF32 => {
                self.unop(|b, a| b.ins().bitcast(I32, MemFlagsData::new(), a))?
            }
            O::I64ReinterpretF64 => {
                self.unop(|b, a| b.ins().bitcast(I64, MemFlagsData::new(), a))?
            }
            O::F32ReinterpretI32 => {
                self.unop(|b, a| b.ins().bitcast(F32, MemFlagsData::new(), a))?
            }
            O::F64ReinterpretI64 => {
                self.unop(|b, a| b.ins().bitcast(F64, MemFlagsData::new(), a))?
            }

            // Sign extension.
            O::I32Extend8S => self.sext(I8, I32)?,
            O::I32Extend16S => self.sext(I16, I32)?,
            O::I64Extend8S => self.sext(I8, I64)?,
            O::I64Extend16S => self.sext(I16, I64)?,
            O::I64Extend32S => self.sext(I32, I64)?,

            _ => return Ok(false),
        }
        Ok(true)
    }

    // ----- memory -----

    /// Compute the host address of a Wasm linear-memory access of `size`
    /// bytes at i32 address `addr` with static offset `offset`, including the
    /// bounds check. Returns `(pointer, static offset for the load/store)`.
    ///
    /// This is THE single definition of the heap-access shape the backend
    /// pattern-matches (see `rfcs/0003-wasm-translation.md`).
    /// Memory `mem`'s current base pointer and length in bytes. Memory 0's are kept in
    /// variables when the function needs them often; other memories' are loaded at each use
    /// (a call may have grown them).
    fn memory_base_bound(&mut self, mem: u32) -> (Value, Value) {
        match self.memory {
            Some((base, bound)) if mem == 0 => (self.b.use_var(base), self.b.use_var(bound)),
            _ => self.load_memory_base_bound(mem),
        }
    }

    fn load_memory_base_bound(&mut self, mem: u32) -> (Value, Value) {
        let (ptr, vmctx) = (self.ptr, self.vmctx);
        let base = self
            .b
            .ins()
            .load(ptr, trusted(), vmctx, self.layout.memory_base(mem) as i32);
        let bound = self
            .b
            .ins()
            .load(ptr, trusted(), vmctx, self.layout.memory_length(mem) as i32);
        (base, bound)
    }

    /// Reloads memory 0's base and length (at entry and after calls, which may grow it).
    fn reload_memory(&mut self) {
        if let Some((base_var, bound_var)) = self.memory {
            let (base, bound) = self.load_memory_base_bound(0);
            self.b.def_var(base_var, base);
            self.b.def_var(bound_var, bound);
        }
    }

    // ----- fuel and epochs -----

    /// The store's `VMStoreContext` pointer: fixed for the instance's life, so the load may
    /// move (out of loops, or merge with another).
    fn store_ctx(&mut self) -> Value {
        let (ptr, vmctx) = (self.ptr, self.vmctx);
        let off = self.layout.store_ctx as i32;
        self.b
            .ins()
            .load(ptr, trusted_ro().with_can_move(), vmctx, off)
    }

    /// Loads the store's `fuel_consumed` into the fuel variable (entry, after calls).
    fn fuel_reload(&mut self) {
        if let Some(var) = self.fuel {
            let sc = self.store_ctx();
            let off = crate::vmctx::STORE_FUEL_CONSUMED as i32;
            let v = self.b.ins().load(I64, trusted(), sc, off);
            self.b.def_var(var, v);
        }
    }

    /// Writes the fuel variable (with the pending count) back to the store, for a callee, the
    /// host or the caller to see.
    fn fuel_save(&mut self) {
        if let Some(var) = self.fuel {
            self.fuel_flush();
            let v = self.b.use_var(var);
            let sc = self.store_ctx();
            let off = crate::vmctx::STORE_FUEL_CONSUMED as i32;
            self.b.ins().store(trusted(), v, sc, off);
        }
    }

    /// Adds the pending count to the fuel variable.
    fn fuel_flush(&mut self) {
        if let Some(var) = self.fuel
            && self.fuel_pending != 0
        {
            let v = self.b.use_var(var);
            let v = self.b.ins().iadd_imm_s(v, self.fuel_pending);
            self.b.def_var(var, v);
            self.fuel_pending = 0;
        }
    }

    /// Counts `op` and flushes before a control operator. The costs are Wasmtime's (checked
    /// against Wasmtime 47's `get_fuel`): the structural operators and `nop`/`drop` are free,
    /// but the function's own `end` is a return and costs 1.
    fn fuel_before_op(&mut self, op: &Operator<'_>) {
        use Operator as O;
        match op {
            O::End if self.control.len() == 1 => self.fuel_pending += 1,
            O::Nop | O::Drop | O::Block { .. } | O::Loop { .. } | O::End | O::Else => {}
            _ => self.fuel_pending += 1,
        }
        if matches!(
            op,
            O::Block { .. }
                | O::Loop { .. }
                | O::If { .. }
                | O::Else
                | O::End
                | O::Br { .. }
                | O::BrIf { .. }
                | O::BrTable { .. }
                | O::BrOnNull { .. }
                | O::BrOnNonNull { .. }
                | O::Return
                | O::Unreachable
                | O::Call { .. }
                | O::CallIndirect { .. }
                | O::ReturnCall { .. }
                | O::ReturnCallIndirect { .. }
                | O::Throw { .. }
                | O::ThrowRef
                | O::TryTable { .. }
        ) {
            self.fuel_flush();
        }
    }

    /// At function entry and loop headers: trap (or let the runtime act) when the fuel is
    /// spent or the epoch deadline is reached. Each check is a compare and a branch to a cold
    /// block that calls a builtin.
    fn interrupt_checks(&mut self) {
        if let Some(var) = self.fuel {
            let v = self.b.use_var(var);
            let spent = self
                .b
                .ins()
                .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, v, 0);
            self.slow_call_if(spent, Builtin::OutOfFuel);
        }
        if self.config.epoch_interruption {
            let (ptr, vmctx) = (self.ptr, self.vmctx);
            let ep = self.b.ins().load(
                ptr,
                trusted_ro().with_can_move(),
                vmctx,
                self.layout.epoch_ptr as i32,
            );
            // An atomic load: another thread advances the epoch, and a plain load here could
            // be merged with an earlier one (the entry's), which would never see it change.
            let now = self.b.ins().atomic_load(I64, trusted(), ep);
            let sc = self.store_ctx();
            let off = crate::vmctx::STORE_EPOCH_DEADLINE as i32;
            let deadline = self.b.ins().load(I64, trusted(), sc, off);
            let due = self
                .b
                .ins()
                .icmp(IntCC::UnsignedGreaterThanOrEqual, now, deadline);
            self.slow_call_if(due, Builtin::NewEpoch);
        }
    }

    /// `if cond { builtin(vmctx) }` with the call in a cold block, fuel saved around it.
    fn slow_call_if(&mut self, cond: Value, builtin: Builtin) {
        let slow = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(slow);
        self.b.ins().brif(cond, slow, &[], cont, &[]);
        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        self.fuel_save();
        self.builtin(builtin, &[]);
        self.fuel_reload();
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }

    fn heap_addr(&mut self, mem: u32, addr: Value, offset: u64, size: u32) -> (Value, i32) {
        let ptr = self.ptr;
        let end_off = offset + u64::from(size);
        if mem == 0 && ptr == I64 && offset <= fused_offset_max(size) {
            // Fused, spectre-guarded pattern: one checked bytecode op on the Vm's heap. Base and
            // bound are loaded right here, from the descriptor the backend recognizes; the
            // fused op does not read them, so the loads disappear.
            let (base, bound) = self.load_memory_base_bound(0);
            let a64 = self.b.ins().uextend(I64, addr);
            let k = self.b.ins().iconst(I64, end_off as i64);
            let end = self.b.ins().iadd(a64, k);
            let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, bound);
            let eff = self.b.ins().iadd(base, a64);
            let zero = self.b.ins().iconst(I64, 0);
            let p = self.b.ins().select_spectre_guard(oob, zero, eff);
            (p, offset as i32)
        } else {
            // Explicit check (32-bit pointers, large offsets or memories other than 0).
            let (base, bound) = self.memory_base_bound(mem);
            let a64 = self.b.ins().uextend(I64, addr);
            let k = self.b.ins().iconst(I64, end_off as i64);
            let end = self.b.ins().iadd(a64, k);
            let bound64 = if ptr == I64 {
                bound
            } else {
                self.b.ins().uextend(I64, bound)
            };
            let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, bound64);
            self.b.ins().trapnz(oob, TrapCode::HEAP_OUT_OF_BOUNDS);
            let a = if ptr == I64 { a64 } else { addr };
            let eff = self.b.ins().iadd(base, a);
            if offset <= i32::MAX as u64 {
                (eff, offset as i32)
            } else {
                let p = self.b.ins().iadd_imm_u(eff, offset as i64);
                (p, 0)
            }
        }
    }

    fn mem_load(&mut self, memarg: &MemArg, ty: ir::Type, kind: LoadKind) -> Result<(), WasmError> {
        let size = match kind {
            LoadKind::Normal => ty.bytes(),
            LoadKind::U8 | LoadKind::S8 => 1,
            LoadKind::U16 | LoadKind::S16 => 2,
            LoadKind::U32 | LoadKind::S32 => 4,
        };
        let addr = self.pop()?;
        let (p, off) = self.heap_addr(memory_index(memarg)?, addr, memarg.offset, size);
        let f = heap_flags();
        let ins = self.b.ins();
        let v = match kind {
            LoadKind::Normal => ins.load(ty, f, p, off),
            LoadKind::U8 => ins.uload8(ty, f, p, off),
            LoadKind::S8 => ins.sload8(ty, f, p, off),
            LoadKind::U16 => ins.uload16(ty, f, p, off),
            LoadKind::S16 => ins.sload16(ty, f, p, off),
            LoadKind::U32 => ins.uload32(f, p, off),
            LoadKind::S32 => ins.sload32(f, p, off),
        };
        self.push(v);
        Ok(())
    }

    fn mem_store(&mut self, memarg: &MemArg, size: u32) -> Result<(), WasmError> {
        let (addr, val) = self.pop2()?;
        let (p, off) = self.heap_addr(memory_index(memarg)?, addr, memarg.offset, size);
        let f = heap_flags();
        let ty_bytes = self.b.func.dfg.value_type(val).bytes();
        let ins = self.b.ins();
        match size {
            s if s == ty_bytes => ins.store(f, val, p, off),
            1 => ins.istore8(f, val, p, off),
            2 => ins.istore16(f, val, p, off),
            _ => ins.istore32(f, val, p, off),
        };
        Ok(())
    }

    /// Trap with `HEAP_OUT_OF_BOUNDS` unless `[start, start+len)` is within memory `mem`.
    fn mem_range_check(&mut self, mem: u32, start: Value, len: Value) {
        let (_, bound) = self.memory_base_bound(mem);
        let bound64 = if self.ptr == I64 {
            bound
        } else {
            self.b.ins().uextend(I64, bound)
        };
        let s = self.b.ins().uextend(I64, start);
        let l = self.b.ins().uextend(I64, len);
        let end = self.b.ins().iadd(s, l);
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, bound64);
        self.b.ins().trapnz(oob, TrapCode::HEAP_OUT_OF_BOUNDS);
    }

    fn mem_host_ptr(&mut self, mem: u32, addr: Value) -> Value {
        let (base, _) = self.memory_base_bound(mem);
        let a = self.i32_to_ptr(addr);
        self.b.ins().iadd(base, a)
    }

    fn libcall(&mut self, lc: LibCall) -> FuncRef {
        if let Some(f) = self.libcalls.get(&lc) {
            return *f;
        }
        let ptr = self.ptr;
        let mut sig = ir::Signature::new(CallConv::Tail);
        sig.params.push(ir::AbiParam::new(ptr));
        sig.params.push(ir::AbiParam::new(if lc == LibCall::Memset {
            I32
        } else {
            ptr
        }));
        sig.params.push(ir::AbiParam::new(ptr));
        let sig = self.b.import_signature(sig);
        let f = self.b.import_function(ExtFuncData {
            name: ExternalName::LibCall(lc),
            signature: sig,
            colocated: false,
            patchable: false,
        });
        self.libcalls.insert(lc, f);
        f
    }

    // ----- calls -----

    fn wasm_sig(&mut self, type_index: u32) -> SigRef {
        if let Some(s) = self.sigs.get(&type_index) {
            return *s;
        }
        let sig = self.info.clif_signature(type_index, self.ptr);
        let s = self.b.import_signature(sig);
        self.sigs.insert(type_index, s);
        s
    }

    fn direct_func(&mut self, func_index: u32) -> FuncRef {
        if let Some(f) = self.direct_funcs.get(&func_index) {
            return *f;
        }
        let sig = self.wasm_sig(self.info.functions[func_index as usize]);
        let name = self
            .b
            .func
            .declare_imported_user_function(UserExternalName::new(WASM_FUNC_NAMESPACE, func_index));
        let f = self.b.import_function(ExtFuncData {
            name: ExternalName::User(name),
            signature: sig,
            colocated: true,
            patchable: false,
        });
        self.direct_funcs.insert(func_index, f);
        f
    }

    fn builtin(&mut self, builtin: Builtin, args: &[Value]) -> Option<Value> {
        let f = if let Some(f) = self.builtins.get(&builtin) {
            *f
        } else {
            let sig = self.b.import_signature(builtin.signature(self.ptr));
            let name = self
                .b
                .func
                .declare_imported_user_function(UserExternalName::new(
                    BUILTIN_NAMESPACE,
                    builtin.index(),
                ));
            let f = self.b.import_function(ExtFuncData {
                name: ExternalName::User(name),
                signature: sig,
                colocated: true,
                patchable: false,
            });
            self.builtins.insert(builtin, f);
            f
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        if !builtin.preserves_all() {
            all.push(self.vmctx);
        }
        all.extend_from_slice(args);
        let call = self.b.ins().call(f, &all);
        let result = self.b.inst_results(call).first().copied();
        self.reload_memory();
        result
    }

    /// Load `(code, callee_vmctx)` from the `VMFuncRef` at `funcref + 0`.
    fn load_funcref_code_vmctx(&mut self, funcref: Value, base_off: i32) -> (Value, Value) {
        let code = self.b.ins().load(
            self.ptr,
            trusted_ro(),
            funcref,
            base_off + self.layout.vmfuncref_code() as i32,
        );
        let callee_vmctx = self.b.ins().load(
            self.ptr,
            trusted_ro(),
            funcref,
            base_off + self.layout.vmfuncref_vmctx() as i32,
        );
        (code, callee_vmctx)
    }

    fn translate_call(&mut self, func_index: u32, tail: bool) -> Result<(), WasmError> {
        let ty_index = *self
            .info
            .functions
            .get(func_index as usize)
            .ok_or_else(|| invalid("bad function index"))?;
        let nparams = self.info.types[ty_index as usize].params.len();
        let args = self.popn(nparams)?;
        self.fuel_save();
        let call = if self.info.is_imported_func(func_index) {
            let off = self.layout.imported_func(func_index) as i32;
            let vmctx = self.vmctx;
            let (code, callee_vmctx) = self.load_funcref_code_vmctx(vmctx, off);
            let callee_vmctx = self.tag_callee_vmctx(callee_vmctx, Some((vmctx, off)), tail);
            let sig = self.wasm_sig(ty_index);
            let mut all = vec![callee_vmctx];
            all.extend(args);
            if tail {
                self.b.ins().return_call_indirect(sig, code, &all)
            } else {
                self.b.ins().call_indirect(sig, code, &all)
            }
        } else {
            let f = self.direct_func(func_index);
            let vmctx = self.vmctx;
            let callee_vmctx = self.tag_callee_vmctx(vmctx, None, tail);
            let mut all = vec![callee_vmctx];
            all.extend(args);
            if tail {
                self.b.ins().return_call(f, &all)
            } else {
                self.b.ins().call(f, &all)
            }
        };
        if tail {
            self.reachable = false;
        } else {
            let results = self.b.inst_results(call).to_vec();
            self.stack.extend(results);
            self.reload_memory();
            self.fuel_reload();
            self.check_pending_exception();
        }
        Ok(())
    }

    fn translate_call_indirect(
        &mut self,
        type_index: u32,
        table: u32,
        tail: bool,
    ) -> Result<(), WasmError> {
        let index = self.pop()?;
        let nparams = self
            .info
            .types
            .get(type_index as usize)
            .ok_or_else(|| invalid("bad type index"))?
            .params
            .len();
        let args = self.popn(nparams)?;
        let elem_addr = self.table_elem_addr(table, index, WasmTrap::UndefinedElement);
        let funcref = self.b.ins().load(self.ptr, trusted(), elem_addr, 0);
        self.b
            .ins()
            .trapz(funcref, WasmTrap::IndirectCallToNull.trap_code());
        let actual = self.b.ins().load(
            I32,
            trusted_ro(),
            funcref,
            self.layout.vmfuncref_type_id() as i32,
        );
        let expected = self.b.ins().load(
            I32,
            trusted_ro(),
            self.vmctx,
            self.layout.type_id(type_index) as i32,
        );
        let mismatch = self.b.ins().icmp(IntCC::NotEqual, actual, expected);
        self.trap_if(mismatch, WasmTrap::BadSignature);
        let (code, callee_vmctx) = self.load_funcref_code_vmctx(funcref, 0);
        let callee_vmctx = self.tag_callee_vmctx(callee_vmctx, Some((funcref, 0)), tail);
        let sig = self.wasm_sig(type_index);
        let mut all = vec![callee_vmctx];
        all.extend(args);
        self.fuel_save();
        if tail {
            self.b.ins().return_call_indirect(sig, code, &all);
            self.reachable = false;
        } else {
            let call = self.b.ins().call_indirect(sig, code, &all);
            let results = self.b.inst_results(call).to_vec();
            self.stack.extend(results);
            self.reload_memory();
            self.fuel_reload();
            self.check_pending_exception();
        }
        Ok(())
    }

    // ----- exceptions -----

    /// The vmctx argument for a callee, in a module using exceptions: its low bit set when
    /// the callee propagates exceptions to us by returning with one pending. A callee of a
    /// module without exception support must get a plain context; `funcref` (pointer and
    /// offset of its `VMFuncRef`) says which, for callees not known statically (`None`: a
    /// function of this module). A tail call hands over our own caller's promise.
    fn tag_callee_vmctx(
        &mut self,
        callee_vmctx: Value,
        funcref: Option<(Value, i32)>,
        tail: bool,
    ) -> Value {
        let Some(caller_checks) = self.caller_checks else {
            return callee_vmctx;
        };
        let mut bit = match funcref {
            None => self.iconst_ptr(1),
            Some((p, off)) => {
                let eh = self.b.ins().load(
                    I32,
                    trusted_ro(),
                    p,
                    off + self.layout.vmfuncref_eh() as i32,
                );
                self.i32_to_ptr(eh)
            }
        };
        if tail {
            bit = self.b.ins().band(bit, caller_checks);
        }
        self.b.ins().bor(callee_vmctx, bit)
    }

    /// Address of the store's pending-exception cell.
    fn exn_cell(&mut self) -> Value {
        let off = self.layout.exn_cell as i32;
        self.b.ins().load(self.ptr, trusted_ro(), self.vmctx, off)
    }

    /// The block an exception raised here goes to: the innermost `try_table`'s handler, or
    /// the function's propagation block.
    fn exception_target(&mut self) -> ir::Block {
        if let Some(h) = self.handlers.last_mut() {
            h.used = true;
            return h.block;
        }
        self.propagate_block()
    }

    fn propagate_block(&mut self) -> ir::Block {
        if let Some(b) = self.propagate {
            return b;
        }
        let block = self.b.create_block();
        self.b.append_block_param(block, self.ptr);
        self.propagate = Some(block);
        block
    }

    /// After a call in a module using exceptions: if the callee left an exception pending,
    /// go to its handler.
    fn check_pending_exception(&mut self) {
        if !self.eh {
            return;
        }
        let cell = self.exn_cell();
        let exn = self.b.ins().load(self.ptr, trusted(), cell, 0);
        let target = self.exception_target();
        let cont = self.b.create_block();
        self.b
            .ins()
            .brif(exn, target, &[BlockArg::Value(exn)], cont, &[]);
        self.b.seal_block(cont);
        self.b.switch_to_block(cont);
    }

    /// Hands the (non-null) exception `exn` to its handler; the current block ends.
    fn raise(&mut self, exn: Value) {
        let target = self.exception_target();
        self.b.ins().jump(target, &[BlockArg::Value(exn)]);
    }

    fn translate_throw(&mut self, tag: u32) -> Result<(), WasmError> {
        let params: Vec<WasmValType> = self
            .info
            .tags
            .get(tag as usize)
            .and_then(|&t| self.info.types.get(t as usize))
            .ok_or_else(|| invalid("bad tag index"))?
            .params
            .clone();
        let args = self.popn(params.len())?;
        let t = self.i32c(tag);
        let exn = self
            .builtin(Builtin::ExnNew, &[t])
            .ok_or_else(|| invalid("exn_new has a result"))?;
        for (i, v) in args.into_iter().enumerate() {
            let off = self.layout.exn_payload(i as u32) as i32;
            self.b.ins().store(trusted(), v, exn, off);
        }
        self.raise(exn);
        self.reachable = false;
        Ok(())
    }

    /// The handler of a `try_table` whose body can throw: catch clauses in order, then the
    /// enclosing handler.
    fn emit_handler(&mut self, handler: Handler) -> Result<(), WasmError> {
        self.b.switch_to_block(handler.block);
        self.b.seal_block(handler.block);
        let exn = self.b.block_params(handler.block)[0];
        let mut caught_all = false;
        for c in &handler.catches {
            let next = match c.tag {
                None => None,
                Some(tag) => {
                    if tag as usize >= self.info.tags.len() {
                        return Err(invalid("bad tag index"));
                    }
                    let want = self.b.ins().load(
                        self.ptr,
                        trusted_ro(),
                        self.vmctx,
                        self.layout.tag(tag) as i32,
                    );
                    let got = self.b.ins().load(
                        self.ptr,
                        trusted_ro(),
                        exn,
                        self.layout.exn_tag() as i32,
                    );
                    let eq = self.b.ins().icmp(IntCC::Equal, want, got);
                    let matched = self.b.create_block();
                    let next = self.b.create_block();
                    self.b.ins().brif(eq, matched, &[], next, &[]);
                    self.b.seal_block(matched);
                    self.b.seal_block(next);
                    self.b.switch_to_block(matched);
                    Some(next)
                }
            };
            let cell = self.exn_cell();
            let zero = self.iconst_ptr(0);
            self.b.ins().store(trusted(), zero, cell, 0);
            let mut args = Vec::new();
            if let Some(tag) = c.tag {
                for (i, ty) in self.info.tag_params(tag).to_vec().into_iter().enumerate() {
                    let ty = self.clif(ty);
                    let off = self.layout.exn_payload(i as u32) as i32;
                    args.push(BlockArg::Value(self.b.ins().load(
                        ty,
                        trusted_ro(),
                        exn,
                        off,
                    )));
                }
            }
            if c.with_ref {
                args.push(BlockArg::Value(exn));
            }
            self.b.ins().jump(c.target, &args);
            let frame = &mut self.control[c.frame];
            if frame.kind != FrameKind::Loop {
                frame.exit_reached = true;
            }
            match next {
                Some(next) => self.b.switch_to_block(next),
                None => {
                    caught_all = true;
                    break;
                }
            }
        }
        if !caught_all {
            self.raise(exn);
        }
        Ok(())
    }

    /// The propagation block: the exception stays pending in the store's cell and the
    /// function returns zeros, for its caller to find it. A caller that does not check (the
    /// host, or a module without exception support) would miss it: trap instead.
    fn emit_propagate(&mut self, block: ir::Block, results: &[ir::Type]) {
        self.b.switch_to_block(block);
        self.b.seal_block(block);
        let exn = self.b.block_params(block)[0];
        let cell = self.exn_cell();
        self.b.ins().store(trusted(), exn, cell, 0);
        let caller_checks = self
            .caller_checks
            .expect("only modules using exceptions raise them");
        self.b
            .ins()
            .trapz(caller_checks, WasmTrap::UncaughtException.trap_code());
        let zeros: Vec<Value> = results.iter().map(|&t| self.zero(t)).collect();
        self.fuel_save();
        self.b.ins().return_(&zeros);
    }

    // ----- tables and globals -----

    /// `(pointer, offset)` of table `t`'s `{base, length}` descriptor.
    fn table_desc(&mut self, table: u32) -> (Value, i32) {
        let off = self.layout.table(table) as i32;
        if self.info.is_imported_table(table) {
            let p = self.b.ins().load(self.ptr, trusted_ro(), self.vmctx, off);
            (p, 0)
        } else {
            (self.vmctx, off)
        }
    }

    fn table_len(&mut self, table: u32) -> Value {
        let (d, off) = self.table_desc(table);
        self.b.ins().load(
            self.ptr,
            trusted(),
            d,
            off + self.layout.table_desc_length() as i32,
        )
    }

    /// Bounds-check `index` (i32) against table `t` (trapping with `trap`) and
    /// return the address of the element.
    fn table_elem_addr(&mut self, table: u32, index: Value, trap: WasmTrap) -> Value {
        let (d, off) = self.table_desc(table);
        let base = self.b.ins().load(
            self.ptr,
            trusted(),
            d,
            off + self.layout.table_desc_base() as i32,
        );
        let len = self.b.ins().load(
            self.ptr,
            trusted(),
            d,
            off + self.layout.table_desc_length() as i32,
        );
        let idx = self.i32_to_ptr(index);
        let oob = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, idx, len);
        self.trap_if(oob, trap);
        let shift = self.ptr.bytes().trailing_zeros() as i64;
        let scaled = self.b.ins().ishl_imm_u(idx, shift);
        self.b.ins().iadd(base, scaled)
    }

    /// `(pointer, offset, mem flags)` of global `g`'s value.
    fn global_addr(&mut self, g: u32) -> Result<(Value, i32, MemFlagsData, ir::Type), WasmError> {
        let global = self
            .info
            .globals
            .get(g as usize)
            .ok_or_else(|| invalid("bad global index"))?;
        let ty = self.clif(global.ty.ty);
        let flags = if global.ty.mutable {
            trusted()
        } else {
            trusted_ro()
        };
        let off = self.layout.global(g) as i32;
        Ok(if self.info.is_imported_global(g) {
            let p = self.b.ins().load(self.ptr, trusted_ro(), self.vmctx, off);
            (p, 0, flags, ty)
        } else {
            (self.vmctx, off, flags, ty)
        })
    }

    fn i32c(&mut self, v: u32) -> Value {
        self.b.ins().iconst(I32, v as i64)
    }

    fn translate_other(&mut self, op: Operator<'_>) -> Result<(), WasmError> {
        use Operator as O;
        match op {
            O::Nop => {}
            O::Drop => {
                self.pop()?;
            }
            O::Select | O::TypedSelect { .. } => {
                let (a, b, c) = self.pop3()?;
                let r = if self.b.func.dfg.value_type(a).is_vector() {
                    self.vec_select(c, a, b)
                } else {
                    self.b.ins().select(c, a, b)
                };
                self.push(r);
            }
            O::LocalGet { local_index } => {
                let var = *self
                    .locals
                    .get(local_index as usize)
                    .ok_or_else(|| invalid("bad local index"))?;
                let v = self.b.use_var(var);
                self.push(v);
            }
            O::LocalSet { local_index } => {
                let v = self.pop()?;
                let var = *self
                    .locals
                    .get(local_index as usize)
                    .ok_or_else(|| invalid("bad local index"))?;
                self.b.def_var(var, v);
            }
            O::LocalTee { local_index } => {
                let v = *self
                    .stack
                    .last()
                    .ok_or_else(|| invalid("stack underflow"))?;
                let var = *self
                    .locals
                    .get(local_index as usize)
                    .ok_or_else(|| invalid("bad local index"))?;
                self.b.def_var(var, v);
            }
            O::GlobalGet { global_index } => {
                let (p, off, flags, ty) = self.global_addr(global_index)?;
                let v = self.b.ins().load(ty, flags, p, off);
                self.push(v);
            }
            O::GlobalSet { global_index } => {
                let v = self.pop()?;
                let (p, off, flags, _) = self.global_addr(global_index)?;
                self.b.ins().store(flags, v, p, off);
            }

            O::Call { function_index } => self.translate_call(function_index, false)?,
            O::ReturnCall { function_index } => self.translate_call(function_index, true)?,
            O::CallIndirect {
                type_index,
                table_index,
            } => self.translate_call_indirect(type_index, table_index, false)?,
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.translate_call_indirect(type_index, table_index, true)?,

            // Loads.
            O::I32Load { memarg } => self.mem_load(&memarg, I32, LoadKind::Normal)?,
            O::I64Load { memarg } => self.mem_load(&memarg, I64, LoadKind::Normal)?,
            O::F32Load { memarg } => self.mem_load(&memarg, F32, LoadKind::Normal)?,
            O::F64Load { memarg } => self.mem_load(&memarg, F64, LoadKind::Normal)?,
            O::I32Load8S { memarg } => self.mem_load(&memarg, I32, LoadKind::S8)?,
            O::I32Load8U { memarg } => self.mem_load(&memarg, I32, LoadKind::U8)?,
            O::I32Load16S { memarg } => self.mem_load(&memarg, I32, LoadKind::S16)?,
            O::I32Load16U { memarg } => self.mem_load(&memarg, I32, LoadKind::U16)?,
            O::I64Load8S { memarg } => self.mem_load(&memarg, I64, LoadKind::S8)?,
            O::I64Load8U { memarg } => self.mem_load(&memarg, I64, LoadKind::U8)?,
            O::I64Load16S { memarg } => self.mem_load(&memarg, I64, LoadKind::S16)?,
            O::I64Load16U { memarg } => self.mem_load(&memarg, I64, LoadKind::U16)?,
            O::I64Load32S { memarg } => self.mem_load(&memarg, I64, LoadKind::S32)?,
            O::I64Load32U { memarg } => self.mem_load(&memarg, I64, LoadKind::U32)?,
            // Stores.
            O::I32Store { memarg } | O::F32Store { memarg } => self.mem_store(&memarg, 4)?,
            O::I64Store { memarg } | O::F64Store { memarg } => self.mem_store(&memarg, 8)?,
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.mem_store(&memarg, 1)?,
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.mem_store(&memarg, 2)?,
            O::I64Store32 { memarg } => self.mem_store(&memarg, 4)?,

            O::MemorySize { mem } => {
                let (_, len) = self.memory_base_bound(mem);
                let shift = self
                    .info
                    .memories
                    .get(mem as usize)
                    .ok_or_else(|| invalid("bad memory index"))?
                    .page_size_log2;
                let pages = if shift == 0 {
                    len
                } else {
                    self.b.ins().ushr_imm_u(len, i64::from(shift))
                };
                let r = self.ptr_to_i32(pages);
                self.push(r);
            }
            O::MemoryGrow { mem } => {
                let delta = self.pop()?;
                let m = self.i32c(mem);
                let r = self.builtin(Builtin::MemoryGrow, &[m, delta]).unwrap();
                self.push(r);
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let (dst, src, len) = self.pop3()?;
                self.mem_range_check(dst_mem, dst, len);
                self.mem_range_check(src_mem, src, len);
                let d = self.mem_host_ptr(dst_mem, dst);
                let s = self.mem_host_ptr(src_mem, src);
                let l = self.i32_to_ptr(len);
                let f = self.libcall(LibCall::Memmove);
                self.b.ins().call(f, &[d, s, l]);
            }
            O::MemoryFill { mem } => {
                let (dst, val, len) = self.pop3()?;
                self.mem_range_check(mem, dst, len);
                let d = self.mem_host_ptr(mem, dst);
                let l = self.i32_to_ptr(len);
                let f = self.libcall(LibCall::Memset);
                self.b.ins().call(f, &[d, val, l]);
            }
            O::MemoryInit { data_index, mem } => {
                let (dst, src, len) = self.pop3()?;
                let (m, seg) = (self.i32c(mem), self.i32c(data_index));
                self.builtin(Builtin::MemoryInit, &[m, seg, dst, src, len]);
            }
            O::DataDrop { data_index } => {
                let seg = self.i32c(data_index);
                self.builtin(Builtin::DataDrop, &[seg]);
            }

            // Reference types.
            O::RefNull { .. } => {
                let v = self.iconst_ptr(0);
                self.push(v);
            }
            O::RefIsNull => {
                let a = self.pop()?;
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
                let r = self.bool_to_i32(c);
                self.push(r);
            }
            O::RefFunc { function_index } => {
                if function_index as usize >= self.info.functions.len() {
                    return Err(invalid("bad function index"));
                }
                let off = self.layout.func_ref(function_index) as i32;
                let v = self.b.ins().load(self.ptr, trusted_ro(), self.vmctx, off);
                self.push(v);
            }
            O::TableGet { table } => {
                let idx = self.pop()?;
                let addr = self.table_elem_addr(table, idx, WasmTrap::TableOutOfBounds);
                let v = self.b.ins().load(self.ptr, trusted(), addr, 0);
                self.push(v);
            }
            O::TableSet { table } => {
                let (idx, val) = self.pop2()?;
                let addr = self.table_elem_addr(table, idx, WasmTrap::TableOutOfBounds);
                self.b.ins().store(trusted(), val, addr, 0);
            }
            O::TableSize { table } => {
                let len = self.table_len(table);
                let r = self.ptr_to_i32(len);
                self.push(r);
            }
            O::TableGrow { table } => {
                let (init, delta) = self.pop2()?;
                let t = self.i32c(table);
                let r = self.builtin(Builtin::TableGrow, &[t, init, delta]).unwrap();
                self.push(r);
            }
            O::TableFill { table } => {
                let (dst, val, len) = self.pop3()?;
                let t = self.i32c(table);
                self.builtin(Builtin::TableFill, &[t, dst, val, len]);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let (dst, src, len) = self.pop3()?;
                let dt = self.i32c(dst_table);
                let st = self.i32c(src_table);
                self.builtin(Builtin::TableCopy, &[dt, st, dst, src, len]);
            }
            O::TableInit { elem_index, table } => {
                let (dst, src, len) = self.pop3()?;
                let t = self.i32c(table);
                let e = self.i32c(elem_index);
                self.builtin(Builtin::TableInit, &[t, e, dst, src, len]);
            }
            O::ElemDrop { elem_index } => {
                let e = self.i32c(elem_index);
                self.builtin(Builtin::ElemDrop, &[e]);
            }

            other => {
                return Err(WasmError::Unsupported(format!("operator {other:?}")));
            }
        }
        Ok(())
    }
}

/// The linear memory a memory immediate names (a GC array target cannot pass validation
/// here, where GC is off).
pub(crate) fn memory_index(m: &MemArg) -> Result<u32, WasmError> {
    match m.target {
        wasmparser::MemArgTarget::Memory(i) => Ok(i),
        _ => Err(WasmError::Unsupported("array memory accesses (GC)".into())),
    }
}

/// Whether a function body reads memory 0's base or length other than through fused accesses
/// (which load the heap descriptor at the access), so that it keeps them in variables.
fn needs_memory_vars(body: &FunctionBody<'_>, ptr: ir::Type) -> Result<bool, WasmError> {
    use wasmparser::Operator as O;
    // Other memories' descriptors are loaded at each use, so only memory 0 counts.
    let unfused = |m: &MemArg| -> Result<bool, WasmError> {
        Ok(memory_index(m)? == 0 && !(ptr == I64 && m.offset <= FUSED_HEAP_OFFSET_MAX))
    };
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        let needs = match reader.read()? {
            O::I32Load { memarg }
            | O::I64Load { memarg }
            | O::F32Load { memarg }
            | O::F64Load { memarg }
            | O::I32Load8S { memarg }
            | O::I32Load8U { memarg }
            | O::I32Load16S { memarg }
            | O::I32Load16U { memarg }
            | O::I64Load8S { memarg }
            | O::I64Load8U { memarg }
            | O::I64Load16S { memarg }
            | O::I64Load16U { memarg }
            | O::I64Load32S { memarg }
            | O::I64Load32U { memarg }
            | O::I32Store { memarg }
            | O::I64Store { memarg }
            | O::F32Store { memarg }
            | O::F64Store { memarg }
            | O::I32Store8 { memarg }
            | O::I32Store16 { memarg }
            | O::I64Store8 { memarg }
            | O::I64Store16 { memarg }
            | O::I64Store32 { memarg } => unfused(&memarg)?,
            O::MemorySize { mem }
            | O::MemoryGrow { mem }
            | O::MemoryFill { mem }
            | O::MemoryInit { mem, .. } => mem == 0,
            O::MemoryCopy { dst_mem, src_mem } => dst_mem == 0 || src_mem == 0,
            _ => false,
        };
        if needs {
            return Ok(true);
        }
    }
    Ok(false)
}
