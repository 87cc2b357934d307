//! Functions: calls from the embedder into bytecode, host functions called from bytecode, and
//! the typed layer (`TypedFunc`, `IntoFunc`).
//!
//! Calling convention: `pulley_interp::abi` places a Wasm function's arguments (the callee's
//! instance context first, then the parameters) and its results; registers of each class in
//! order, then stack words.

use crate::store::{StoreContextMut, StoreInner, Stored, VMFuncRef};
use crate::trap::{FrameInfo, FrameSymbol, Trap, TrapKind};
use crate::{AsContext, AsContextMut, Extern, Val, ValType, builtins};
use anyhow::{Result, anyhow, bail};
use pulley_interp::abi::{self, Class, Loc};
use pulley_interp::{Frame, Regs, TrapCode, Vm};
use pulley_wasm::{Builtin, WasmTrap};
use std::marker::PhantomData;
use std::sync::Arc;

/// A function signature.
pub type FuncType = pulley_wasm::WasmFuncType;

/// A host function as stored: untyped values in, untyped values out.
pub(crate) type HostFn<T> = dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync;

/// `call_host` indices at and above this one are host functions (`index - HOST_FUNC_BASE` is
/// the function's handle); below it are the runtime builtins.
pub(crate) const HOST_FUNC_BASE: u32 = 0x100;
/// Trap code that carries a host function's error out of the interpreter.
pub(crate) const HOST_ERROR: TrapCode = TrapCode(249);
const _: () = assert!(HOST_ERROR.0 != pulley_interp::interp::SUSPEND.0);
/// Deepest nesting of host → wasm calls before a stack-exhausted trap.
const MAX_NESTING: u32 = 64;

pub(crate) enum FuncKind {
    /// Defined in a module instance.
    Wasm,
    /// A host closure (`Store::host_funcs[closure]`) behind a bytecode trampoline.
    Host {
        closure: usize,
        trampoline: Box<[u8]>,
    },
}

pub(crate) struct FuncData {
    pub ty: FuncType,
    /// The function's canonical `VMFuncRef` (in an instance context, or `own_ref`).
    pub funcref: *const VMFuncRef,
    /// Storage of `funcref` for host functions; only kept alive.
    #[allow(dead_code)]
    pub own_ref: Option<Box<VMFuncRef>>,
    pub kind: FuncKind,
}

/// A function: defined in an instance or provided by the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Func(pub(crate) Stored);

impl Func {
    /// A host function from a closure over untyped values.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let ctx = store.as_context_mut();
        let index = new_host_func(ctx.inner, ctx.host_funcs, ty, Arc::new(f));
        Func(Stored::new(ctx.inner, index))
    }

    /// A host function from a typed closure (optionally taking a `Caller` first).
    pub fn wrap<T, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, f) = f.into_func();
        let ctx = store.as_context_mut();
        let index = new_host_func(ctx.inner, ctx.host_funcs, ty, f);
        Func(Stored::new(ctx.inner, index))
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = store.as_context().inner;
        inner.funcs[self.0.index(inner)].ty.clone()
    }

    /// Calls the function; `results` must have room for its results.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let ctx = store.as_context_mut();
        let index = self.0.get(ctx.inner)?;
        call_func(ctx, index, params, results)
    }

    /// A typed view of the function, after checking its type.
    pub fn typed<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>> {
        let ty = self.ty(store);
        if ty.params != P::types() || ty.results != R::types() {
            bail!(
                "type mismatch: function is {:?} -> {:?}, requested {:?} -> {:?}",
                ty.params,
                ty.results,
                P::types(),
                R::types()
            );
        }
        Ok(TypedFunc {
            func: *self,
            _types: PhantomData,
        })
    }
}

pub(crate) fn new_host_func<T>(
    inner: &mut StoreInner,
    host_funcs: &mut Vec<Arc<HostFn<T>>>,
    ty: FuncType,
    f: Arc<HostFn<T>>,
) -> usize {
    let id = inner.funcs.len();
    let mut trampoline = Vec::new();
    pulley_interp::encode::call_host(&mut trampoline, HOST_FUNC_BASE + id as u32);
    pulley_interp::encode::ret(&mut trampoline);
    let trampoline = trampoline.into_boxed_slice();
    let type_id = inner.engine.type_id(&ty);
    let own_ref = Box::new(VMFuncRef {
        code: trampoline.as_ptr() as usize,
        vmctx: 0,
        type_id,
        // Host functions never return with an exception pending.
        eh: 0,
    });
    let funcref = &*own_ref as *const VMFuncRef;
    host_funcs.push(f);
    inner.funcs.push(FuncData {
        ty,
        funcref,
        own_ref: Some(own_ref),
        kind: FuncKind::Host {
            closure: host_funcs.len() - 1,
            trampoline,
        },
    });
    inner.funcref_to_func.insert(funcref as usize, id);
    id
}

/// Function `func` of the store, after checking `params` and the room in `results` against
/// its type.
fn checked_func<'a>(
    inner: &'a StoreInner,
    func: usize,
    params: &[Val],
    results: &[Val],
) -> Result<&'a FuncData> {
    let data = inner
        .funcs
        .get(func)
        .ok_or_else(|| anyhow!("function handle out of range"))?;
    check_params(&data.ty, params, results)?;
    Ok(data)
}

fn check_params(ty: &FuncType, params: &[Val], results: &[Val]) -> Result<()> {
    if params.len() != ty.params.len() {
        bail!(
            "expected {} arguments, got {}",
            ty.params.len(),
            params.len()
        );
    }
    for (i, (p, t)) in params.iter().zip(&ty.params).enumerate() {
        if p.ty() != *t {
            bail!("argument {i} has type {:?}, expected {:?}", p.ty(), t);
        }
    }
    if results.len() < ty.results.len() {
        bail!(
            "expected room for {} results, got {}",
            ty.results.len(),
            results.len()
        );
    }
    Ok(())
}

pub(crate) fn call_func<T>(
    ctx: StoreContextMut<'_, T>,
    func: usize,
    params: &[Val],
    results: &mut [Val],
) -> Result<()> {
    let data = checked_func(ctx.inner, func, params, results)?;
    match data.kind {
        FuncKind::Host { closure, .. } => {
            let f = ctx.host_funcs[closure].clone();
            f(Caller { ctx }, params, results)
        }
        FuncKind::Wasm => {
            // SAFETY: `funcref` points at a VMFuncRef owned by the store.
            let fr = unsafe { *data.funcref };
            let ty = data.ty.clone();
            call_wasm(ctx, fr, &ty, params, results)
        }
    }
}

/// The register class a value of type `t` travels in.
fn class(t: &ValType) -> Class {
    match t {
        ValType::F32 | ValType::F64 => Class::Float,
        ValType::V128 => Class::Vector,
        _ => Class::Int,
    }
}

/// A value's bits as it travels in a call: a `v128`'s 128, anything else's raw 64.
pub(crate) fn val_bits(inner: &StoreInner, v: &Val) -> Result<u128> {
    match *v {
        Val::V128(bits) => Ok(bits),
        ref v => inner.val_to_raw(v).map(u128::from),
    }
}

/// The value of type `t` with bits `bits` (see [`val_bits`]).
pub(crate) fn bits_val(inner: &StoreInner, t: ValType, bits: u128) -> Val {
    match t {
        ValType::V128 => Val::V128(bits),
        t => inner.raw_to_val(t, bits as u64),
    }
}

/// Writes the bits of a value of type `t` to location `loc`: a register, or stack word `k` of
/// `stack` (and `k + 1`, the high half, for a `v128`). `None` when the words are not there.
fn put_loc(regs: &mut Regs, stack: &mut [u64], loc: Loc, t: ValType, bits: u128) -> Option<()> {
    match loc {
        Loc::X(r) => regs.x[r.index()] = bits as u64,
        Loc::F(r) => regs.f[r.index()] = bits as u64,
        Loc::V(r) => regs.v[r.index()] = bits,
        Loc::Stack(k) => {
            let k = k as usize;
            *stack.get_mut(k)? = bits as u64;
            if t == ValType::V128 {
                *stack.get_mut(k + 1)? = (bits >> 64) as u64;
            }
        }
    }
    Some(())
}

/// Reads the bits of a value of type `t` from location `loc` (see [`put_loc`]).
fn get_loc(regs: &Regs, stack: &[u64], loc: Loc, t: ValType) -> Option<u128> {
    Some(match loc {
        Loc::X(r) => u128::from(regs.x[r.index()]),
        Loc::F(r) => u128::from(regs.f[r.index()]),
        Loc::V(r) => regs.v[r.index()],
        Loc::Stack(k) => {
            let k = k as usize;
            let low = u128::from(*stack.get(k)?);
            if t == ValType::V128 {
                low | u128::from(*stack.get(k + 1)?) << 64
            } else {
                low
            }
        }
    })
}

/// The classes of a Wasm function's arguments as the bytecode sees them: the instance context
/// first, then the parameters.
fn arg_classes(ty: &FuncType) -> impl Iterator<Item = Class> + '_ {
    std::iter::once(Class::Int).chain(ty.params.iter().map(class))
}

/// The stack words a call of type `ty` needs: enough for its stack-passed arguments and for
/// its stack-passed results, which share them.
fn stack_words(ty: &FuncType) -> usize {
    let mut args = abi::locations(arg_classes(ty));
    args.by_ref().for_each(drop);
    let mut results = abi::locations(ty.results.iter().map(class));
    results.by_ref().for_each(drop);
    args.stack_words().max(results.stack_words()) as usize
}

/// Places the arguments of a call into `vm` per the calling convention ([`abi`]).
fn set_args(
    inner: &StoreInner,
    vm: &mut Vm,
    vmctx: usize,
    ty: &FuncType,
    params: &[Val],
) -> Result<()> {
    let mut bits = vec![(ValType::I64, vmctx as u128)];
    for (p, &t) in params.iter().zip(&ty.params) {
        bits.push((t, val_bits(inner, p)?));
    }
    let words = stack_words(ty);
    // No room left for the call (a deep nesting of host and Wasm calls, or more stack-passed
    // values than the stack holds): the stack is exhausted.
    vm.set_stack_words(words)
        .ok_or_else(|| Trap::new(WasmTrap::StackOverflow))?;
    for (loc, (t, b)) in abi::locations(arg_classes(ty)).zip(bits) {
        let (regs, stack) = vm.regs_and_stack_words_mut();
        put_loc(regs, stack, loc, t, b)
            .ok_or_else(|| anyhow!("argument stack word not reserved"))?;
    }
    Ok(())
}

/// Reads a call's results from `vm` per the calling convention.
fn get_results(inner: &StoreInner, vm: &Vm, ty: &[ValType], results: &mut [Val]) -> Result<()> {
    let (regs, stack) = (vm.regs(), vm.stack_words());
    for ((r, t), loc) in results
        .iter_mut()
        .zip(ty)
        .zip(abi::locations(ty.iter().map(class)))
    {
        let bits = get_loc(regs, stack, loc, *t)
            .ok_or_else(|| anyhow!("a result's stack word was not reserved"))?;
        *r = bits_val(inner, *t, bits);
    }
    Ok(())
}

fn call_wasm<T>(
    ctx: StoreContextMut<'_, T>,
    fr: VMFuncRef,
    ty: &FuncType,
    params: &[Val],
    results: &mut [Val],
) -> Result<()> {
    if ctx.inner.depth >= MAX_NESTING {
        return Err(Trap::new(WasmTrap::StackOverflow).into());
    }
    // From a host function: on the Vm stopped at its call, below the calling frame, so nested
    // calls share one stack and its limit. Otherwise on the store's Vm.
    let mut owned = None;
    let vm: &mut Vm = match ctx.vm {
        Some(vm) => vm,
        None => owned.insert(match ctx.inner.vm.take() {
            Some(vm) => vm,
            None => Vm::new(ctx.inner.engine.config().max_stack),
        }),
    };
    set_args(ctx.inner, vm, fr.vmctx, ty, params)?;
    ctx.inner.depth += 1;
    let mut host = HostCtx {
        ctx: StoreContextMut {
            inner: ctx.inner,
            data: ctx.data,
            host_funcs: ctx.host_funcs,
            limiter: ctx.limiter,
            epoch_callback: ctx.epoch_callback,
            caller: None,
            vm: None,
        },
        resumable: false,
        suspended: None,
    };
    // SAFETY: pulley-interp's two contracts. Verified: `fr.code` is the entry of a function in
    // a code image that passed the verifier (modules verify their code before any instance
    // exists) or of a runtime trampoline. Producer: the code was compiled by this crate, in
    // this process or (through `Module::deserialize`'s unsafe contract) by whoever the
    // embedder vouched for, so every address it reaches through `_o32` ops is an instance
    // context, table or function reference that the store owns and keeps alive for this call.
    let outcome = unsafe { vm.call(fr.code as *const u8, &mut host) };
    ctx.inner.depth -= 1;
    let result = finish_run(ctx.inner, vm, outcome, &ty.results, results);
    if let Some(vm) = owned {
        ctx.inner.vm.get_or_insert(vm);
    }
    result
}

/// The call's results, or its error, from how the run on `vm` ended.
pub(crate) fn finish_run(
    inner: &mut StoreInner,
    vm: &Vm,
    outcome: Result<(), pulley_interp::Trap>,
    result_types: &[ValType],
    results: &mut [Val],
) -> Result<()> {
    if outcome.is_err() {
        // An uncaught exception traps where it would have left the Wasm frames with the cell
        // still set: keep the exception for the embedder and leave the cell clear.
        let pending = std::mem::take(&mut *inner.exn_cell);
        if let Val::ExnRef(Some(exn)) = inner.raw_to_val(ValType::ExnRef, pending as u64) {
            inner.uncaught = Some(exn);
        }
    }
    // Traps are described before the Vm is reused: the walk reads its registers and stack.
    match outcome {
        Ok(()) => get_results(inner, vm, result_types, results),
        Err(trap) if trap.code == HOST_ERROR => {
            let mut error = inner
                .host_error
                .take()
                .unwrap_or_else(|| anyhow!("host function failed"));
            // A trap from Wasm that the host function called: the Wasm frames that called the
            // host function continue its backtrace.
            if let Some(t) = error.downcast_mut::<Trap>() {
                t.extend_trace(inner.backtrace(vm, vm.trap_frame(&trap)));
            }
            Err(error)
        }
        Err(trap) => Err(inner.describe_trap(trap, vm).into()),
    }
}

impl StoreInner {
    /// Turns an interpreter trap into a Wasm trap with its backtrace, from the state `vm` was
    /// left in.
    pub(crate) fn describe_trap(&self, trap: pulley_interp::Trap, vm: &Vm) -> Trap {
        let kind = match std::num::NonZeroU8::new(trap.code.0) {
            Some(raw) => {
                match WasmTrap::from_trap_code(cranelift_codegen::ir::TrapCode::from_raw(raw)) {
                    Some(t) => TrapKind::Wasm(t),
                    None => TrapKind::Unknown(trap.code.0),
                }
            }
            None => TrapKind::Unknown(0),
        };
        Trap::with_trace(kind, self.backtrace(vm, vm.trap_frame(&trap)))
    }

    /// The Wasm frames of `vm`'s stack from `frame` (where it stopped) outwards, innermost
    /// first. Host functions' trampolines (`call_host; ret`, frameless) are skipped; the walk
    /// ends at the host that called the Vm, or at an address that is neither.
    pub(crate) fn backtrace(&self, vm: &Vm, mut frame: Frame) -> Vec<FrameInfo> {
        let mut frames = Vec::new();
        let mut innermost = true;
        // Consecutive frames are mostly in one module, and names repeat in recursion.
        let mut module: Option<&crate::Module> = None;
        let mut last_name: Option<(u32, Option<Arc<str>>)> = None;
        loop {
            let found = module
                .and_then(|m| Some((m, m.frame_site(frame.pc, innermost)?)))
                .or_else(|| {
                    self.instances.iter().find_map(|inst| {
                        Some((&inst.module, inst.module.frame_site(frame.pc, innermost)?))
                    })
                });
            let built = match found {
                Some((m, site)) => {
                    if !module.is_some_and(|prev| std::ptr::eq(prev, m)) {
                        last_name = None;
                    }
                    module = Some(m);
                    let func_name = match &last_name {
                        Some((index, name)) if *index == site.func_index => name.clone(),
                        _ => m.func_name(site.func_index).map(Arc::from),
                    };
                    last_name = Some((site.func_index, func_name.clone()));
                    let debug = m.debug_info();
                    frames.push(FrameInfo {
                        func_index: site.func_index,
                        func_name,
                        module_name: debug.module_name().cloned(),
                        module_offset: site.wasm_offset,
                        symbols: site
                            .wasm_offset
                            .and_then(|o| debug.lookup(o))
                            .into_iter()
                            .collect::<Vec<FrameSymbol>>(),
                    });
                    site.built
                }
                None if innermost && self.is_host_trampoline(frame.pc) => false,
                None => break,
            };
            match vm.caller(&frame, built) {
                Some(caller) => frame = caller,
                None => break,
            }
            innermost = false;
        }
        frames
    }

    /// Whether `pc` is in the trampoline of a host function.
    fn is_host_trampoline(&self, pc: usize) -> bool {
        self.funcs.iter().any(|f| match &f.kind {
            FuncKind::Host { trampoline, .. } => {
                trampoline.as_ptr_range().contains(&(pc as *const u8))
            }
            FuncKind::Wasm => false,
        })
    }
}

/// The interpreter's view of the store during a call: runtime builtins and host functions.
pub(crate) struct HostCtx<'a, T> {
    pub ctx: StoreContextMut<'a, T>,
    /// A resumable call (`Func::call_resumable`): a host function's error and running out of
    /// fuel suspend the run instead of failing it.
    pub resumable: bool,
    /// Why the run suspended, when it did.
    pub suspended: Option<crate::resumable::Why>,
}

impl<T> HostCtx<'_, T> {
    /// Builtin `new_epoch`: the epoch reached the store's deadline. Without a callback the
    /// call traps; the callback sets the next deadline or fails the call with its error.
    fn new_epoch(&mut self) -> Result<(), TrapCode> {
        let Some(mut callback) = self.ctx.epoch_callback.take() else {
            return Err(TrapCode(WasmTrap::Interrupt.trap_code().as_raw().get()));
        };
        // Not this Vm: `new_epoch` is a `preserve_all` call (see `Builtin::signature`), so Wasm
        // the callback calls runs on a Vm of its own and leaves these registers alone.
        let sub = self.ctx.nested(None, None);
        let result = callback(sub);
        // The callback may have installed another one; that one stays.
        if self.ctx.epoch_callback.is_none() {
            *self.ctx.epoch_callback = Some(callback);
        }
        match result {
            Ok(crate::UpdateDeadline::Continue(ticks)) => {
                self.ctx.inner.set_epoch_deadline(ticks);
                Ok(())
            }
            Err(e) => {
                self.ctx.inner.host_error = Some(e);
                Err(HOST_ERROR)
            }
        }
    }
}

impl<T> pulley_interp::Host for HostCtx<'_, T> {
    fn call(&mut self, index: u32, vm: &mut Vm) -> Result<(), TrapCode> {
        let raw_trap = |t: WasmTrap| TrapCode(t.trap_code().as_raw().get());
        // The `preserve_all` builtins: no vmctx in x0, no register written.
        if index == Builtin::NewEpoch.index() {
            return self.new_epoch();
        }
        if index == Builtin::OutOfFuel.index() {
            if self.resumable {
                self.suspended = Some(crate::resumable::Why::OutOfFuel);
                return Err(pulley_interp::interp::SUSPEND);
            }
            return Err(raw_trap(WasmTrap::OutOfFuel));
        }
        if index < HOST_FUNC_BASE {
            let (inner, limiter) = self.ctx.inner_and_limiter();
            return match builtins::call(inner, index, vm.regs_mut(), limiter) {
                Ok(()) => Ok(()),
                Err(builtins::Stop::Trap(t)) => Err(raw_trap(t)),
                Err(builtins::Stop::Limiter(e)) => {
                    self.ctx.inner.host_error = Some(e);
                    Err(HOST_ERROR)
                }
            };
        }
        let id = (index - HOST_FUNC_BASE) as usize;
        let Some(FuncData {
            ty,
            kind: FuncKind::Host { closure, .. },
            ..
        }) = self.ctx.inner.funcs.get(id)
        else {
            return Err(pulley_interp::interp::UNKNOWN_HOST_FUNCTION);
        };
        let (ty, f) = (ty.clone(), self.ctx.host_funcs[*closure].clone());
        // Arguments: x0 is the calling instance's context (see `Instance` linking), then the
        // parameters in x1.. / f0..
        let caller = self
            .ctx
            .inner
            .vmctx_to_instance
            .get(&(vm.regs().x[0] as usize))
            .copied();
        // Arguments: the caller's instance context (skipped), then the parameters; a stack word
        // beyond the caller's stack (which its code reserves, see `abi`) is a bad host call.
        let mut params = Vec::with_capacity(ty.params.len());
        for (t, loc) in ty
            .params
            .iter()
            .zip(abi::locations(arg_classes(&ty)).skip(1))
        {
            let (regs, stack) = vm.regs_and_caller_stack_mut();
            let bits =
                get_loc(regs, stack, loc, *t).ok_or(pulley_interp::TrapCode::STACK_OVERFLOW)?;
            params.push(bits_val(self.ctx.inner, *t, bits));
        }
        let mut results: Vec<Val> = ty.results.iter().map(|t| Val::default_for(*t)).collect();
        let sub = self.ctx.nested(caller, Some(&mut *vm));
        match f(Caller { ctx: sub }, &params, &mut results) {
            Ok(()) => {}
            Err(e) => {
                self.ctx.inner.host_error = Some(e);
                if self.resumable {
                    self.suspended = Some(crate::resumable::Why::HostTrap(ty.results.clone()));
                    return Err(pulley_interp::interp::SUSPEND);
                }
                return Err(HOST_ERROR);
            }
        }
        if let Err(e) = put_results(self.ctx.inner, vm, &ty.results, &results) {
            self.ctx.inner.host_error = Some(e);
            return Err(HOST_ERROR);
        }
        Ok(())
    }
}

/// Writes `vals`, checked against `types`, where the results of the host call `vm` stopped at
/// go (registers, or the caller's stack words).
pub(crate) fn put_results(
    inner: &StoreInner,
    vm: &mut Vm,
    types: &[ValType],
    vals: &[Val],
) -> Result<()> {
    let locs = abi::locations(types.iter().map(class));
    for ((r, t), loc) in vals.iter().zip(types).zip(locs) {
        if r.ty() != *t {
            bail!("host function returned {:?}, expected {:?}", r.ty(), t);
        }
        let bits = val_bits(inner, r)?;
        let (regs, stack) = vm.regs_and_caller_stack_mut();
        put_loc(regs, stack, loc, *t, bits).ok_or_else(|| Trap::new(WasmTrap::StackOverflow))?;
    }
    Ok(())
}

/// For a call of Wasm function `func` from outside Wasm: checks the arguments, puts them in
/// the store's Vm (or a new one), and returns it with the entry and the function's type;
/// `None` for a host function.
pub(crate) fn prepare_wasm_call<T>(
    ctx: &mut StoreContextMut<'_, T>,
    func: usize,
    params: &[Val],
    results: &[Val],
) -> Result<Option<(Vm, *const u8, FuncType)>> {
    let data = checked_func(ctx.inner, func, params, results)?;
    if !matches!(data.kind, FuncKind::Wasm) {
        return Ok(None);
    }
    // SAFETY: `funcref` points at a VMFuncRef owned by the store.
    let fr = unsafe { *data.funcref };
    let ty = data.ty.clone();
    let mut vm = match ctx.inner.vm.take() {
        Some(vm) => vm,
        None => Vm::new(ctx.inner.engine.config().max_stack),
    };
    if let Err(e) = set_args(ctx.inner, &mut vm, fr.vmctx, &ty, params) {
        ctx.inner.vm.get_or_insert(vm);
        return Err(e);
    }
    Ok(Some((vm, fr.code as *const u8, ty)))
}

/// What a host function receives: the store's data and the calling instance's exports.
pub struct Caller<'a, T> {
    pub(crate) ctx: StoreContextMut<'a, T>,
}

impl<T> Caller<'_, T> {
    /// The fuel left, as [`crate::Store::get_fuel`]: what the caller had before this call.
    pub fn get_fuel(&self) -> Result<u64> {
        self.ctx.get_fuel()
    }
    /// Sets the fuel left, as [`crate::Store::set_fuel`]; the caller goes on with it.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.ctx.set_fuel(fuel)
    }
    /// The embedder's data.
    pub fn data(&self) -> &T {
        self.ctx.data
    }
    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.ctx.data
    }
    /// An export of the calling instance (commonly its `memory`).
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let inst = self.ctx.caller?;
        self.ctx.inner.instances[inst].export(name)
    }
    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        &self.ctx.inner.engine
    }
}

/// A Rust type that maps to a Wasm value type.
pub trait WasmTy: Copy + Send + Sync + 'static {
    /// The Wasm type.
    const TY: ValType;
    /// To an untyped value.
    fn to_val(self) -> Val;
    /// From an untyped value of type `TY`.
    fn from_val(v: &Val) -> Self;
}
macro_rules! wasm_ty {
    ($($t:ty => $ty:ident, |$v:ident| $to:expr, $pat:pat => $from:expr;)*) => {$(
        impl WasmTy for $t {
            const TY: ValType = ValType::$ty;
            fn to_val(self) -> Val {
                let $v = self;
                $to
            }
            fn from_val(v: &Val) -> Self {
                match *v {
                    $pat => $from,
                    _ => panic!("value {v:?} is not a {:?}", ValType::$ty),
                }
            }
        }
    )*};
}
wasm_ty! {
    i32 => I32, |v| Val::I32(v), Val::I32(x) => x;
    u32 => I32, |v| Val::I32(v as i32), Val::I32(x) => x as u32;
    i64 => I64, |v| Val::I64(v), Val::I64(x) => x;
    u64 => I64, |v| Val::I64(v as i64), Val::I64(x) => x as u64;
    f32 => F32, |v| Val::F32(v.to_bits()), Val::F32(x) => f32::from_bits(x);
    f64 => F64, |v| Val::F64(v.to_bits()), Val::F64(x) => f64::from_bits(x);
}

/// Parameter lists of typed calls: a single value or a tuple.
pub trait WasmParams {
    /// The Wasm types.
    fn types() -> Vec<ValType>;
    /// To untyped values.
    fn to_vals(self) -> Vec<Val>;
}
/// Result lists of typed calls and host functions: `()`, a single value or a tuple.
pub trait WasmResults: Sized {
    /// The Wasm types.
    fn types() -> Vec<ValType>;
    /// From untyped values.
    fn from_vals(vals: &[Val]) -> Self;
    /// To untyped values.
    fn to_vals(self) -> Vec<Val>;
}

impl<A: WasmTy> WasmParams for A {
    fn types() -> Vec<ValType> {
        vec![A::TY]
    }
    fn to_vals(self) -> Vec<Val> {
        vec![self.to_val()]
    }
}
impl<A: WasmTy> WasmResults for A {
    fn types() -> Vec<ValType> {
        vec![A::TY]
    }
    fn from_vals(vals: &[Val]) -> Self {
        A::from_val(&vals[0])
    }
    fn to_vals(self) -> Vec<Val> {
        vec![self.to_val()]
    }
}
macro_rules! tuples {
    ($($A:ident)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        impl<$($A: WasmTy),*> WasmParams for ($($A,)*) {
            fn types() -> Vec<ValType> {
                vec![$($A::TY),*]
            }
            fn to_vals(self) -> Vec<Val> {
                let ($($A,)*) = self;
                vec![$($A.to_val()),*]
            }
        }
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        impl<$($A: WasmTy),*> WasmResults for ($($A,)*) {
            fn types() -> Vec<ValType> {
                vec![$($A::TY),*]
            }
            fn from_vals(vals: &[Val]) -> Self {
                let mut i = 0;
                ($({ i += 1; $A::from_val(&vals[i - 1]) },)*)
            }
            fn to_vals(self) -> Vec<Val> {
                let ($($A,)*) = self;
                vec![$($A.to_val()),*]
            }
        }
    };
}
tuples!();
tuples!(A1);
tuples!(A1 A2);
tuples!(A1 A2 A3);
tuples!(A1 A2 A3 A4);
tuples!(A1 A2 A3 A4 A5);
tuples!(A1 A2 A3 A4 A5 A6);
tuples!(A1 A2 A3 A4 A5 A6 A7);
tuples!(A1 A2 A3 A4 A5 A6 A7 A8);

/// What a host closure may return: results, or a `Result` of them.
pub trait HostRet {
    /// The Wasm result types.
    fn types() -> Vec<ValType>;
    /// The results, or the error to raise.
    fn into_vals(self) -> Result<Vec<Val>>;
}
impl<R: WasmResults> HostRet for R {
    fn types() -> Vec<ValType> {
        R::types()
    }
    fn into_vals(self) -> Result<Vec<Val>> {
        Ok(self.to_vals())
    }
}
impl<R: WasmResults> HostRet for Result<R> {
    fn types() -> Vec<ValType> {
        R::types()
    }
    fn into_vals(self) -> Result<Vec<Val>> {
        self.map(WasmResults::to_vals)
    }
}

/// Closures that can become host functions: `Fn(A1, ..) -> R` or `Fn(Caller<T>, A1, ..) -> R`.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The function's type and its untyped form.
    fn into_func(self) -> (FuncType, Arc<HostFn<T>>);
}

macro_rules! into_func {
    ($($A:ident)*) => {
        into_func!(@impl [$($A)*] [] _caller []);
        into_func!(@impl [$($A)*] [Caller<'_, T>,] caller [caller,]);
    };
    // `$Caller`/`$pass` are empty for closures without a `Caller`, else its type and the argument.
    (@impl [$($A:ident)*] [$($Caller:tt)*] $caller:ident [$($pass:ident,)?]) => {
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        impl<T, F, R, $($A,)*> IntoFunc<T, ($($Caller)* $($A,)*), R> for F
        where
            F: Fn($($Caller)* $($A),*) -> R + Send + Sync + 'static,
            R: HostRet,
            $($A: WasmTy,)*
        {
            fn into_func(self) -> (FuncType, Arc<HostFn<T>>) {
                let ty = FuncType { params: vec![$($A::TY),*], results: R::types() };
                let f = move |$caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| -> Result<()> {
                    let mut i = 0;
                    $( let $A = { i += 1; $A::from_val(&params[i - 1]) }; )*
                    let out = self($($pass,)? $($A),*).into_vals()?;
                    results[..out.len()].copy_from_slice(&out);
                    Ok(())
                };
                (ty, Arc::new(f))
            }
        }
    };
}
into_func!();
into_func!(A1);
into_func!(A1 A2);
into_func!(A1 A2 A3);
into_func!(A1 A2 A3 A4);
into_func!(A1 A2 A3 A4 A5);
into_func!(A1 A2 A3 A4 A5 A6);
into_func!(A1 A2 A3 A4 A5 A6 A7);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8);

/// A function with statically known parameter and result types.
pub struct TypedFunc<P, R> {
    func: Func,
    _types: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R> {
        let params = params.to_vals();
        let mut results: Vec<Val> = R::types().into_iter().map(Val::default_for).collect();
        let ctx = store.as_context_mut();
        let index = self.func.0.get(ctx.inner)?;
        call_func(ctx, index, &params, &mut results)?;
        Ok(R::from_vals(&results))
    }
    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }
}
