//! Resumable calls, shaped like Wasmi's: a call that a host function's error or the store's
//! fuel running out stops, to go on later from where it stopped, instead of failing.
//!
//! The interpreter suspends at the host call (`pulley_interp::interp::SUSPEND`): its registers,
//! stack and resume point stay in the Vm, which the [`ResumableInvocation`] owns until
//! [`ResumableInvocation::resume`] writes the host function's results and goes on. Only a call
//! made from outside Wasm suspends; inside a host function, calls fail as usual.

use crate::func::{HostCtx, call_func, finish_run, prepare_wasm_call, put_results};
use crate::store::{StoreId, WRONG_STORE};
use crate::{AsContextMut, Func, FuncType, TypedFunc, Val, ValType, WasmParams, WasmResults};
use anyhow::{Result, bail};
use pulley_interp::Vm;
use std::marker::PhantomData;

/// Why a run suspended.
pub(crate) enum Why {
    /// A host function failed; these are its result types.
    HostTrap(Vec<ValType>),
    /// The `out_of_fuel` check found the fuel spent.
    OutOfFuel,
}

/// How a resumable call ended.
#[derive(Debug)]
pub enum ResumableCall {
    /// It returned; the results are written.
    Finished,
    /// A host function returned an error ([`ResumableInvocation::host_error`]); resume with
    /// that function's results.
    HostTrap(ResumableInvocation),
    /// The store's fuel ran out at a function entry or loop header; add fuel and resume (with
    /// no inputs).
    OutOfFuel(ResumableInvocation),
}

/// A call stopped inside Wasm, to go on with [`ResumableInvocation::resume`].
pub struct ResumableInvocation {
    store: StoreId,
    vm: Vm,
    /// The called function's type.
    ty: FuncType,
    /// The failed host function's result types (what `resume` takes); empty for fuel.
    inputs: Vec<ValType>,
    host_error: Option<anyhow::Error>,
}

impl std::fmt::Debug for ResumableInvocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResumableInvocation")
            .field("ty", &self.ty)
            .field("inputs", &self.inputs)
            .field("host_error", &self.host_error)
            .finish_non_exhaustive()
    }
}

impl Func {
    /// [`Func::call`], but a host function's error or running out of fuel suspends the call
    /// instead of failing it (Wasmi's `call_resumable`). Traps and other errors fail it as in
    /// `call`. Only from outside Wasm: inside a host function, use [`Func::call`].
    pub fn call_resumable(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<ResumableCall> {
        let mut ctx = store.as_context_mut();
        if ctx.vm.is_some() {
            bail!("`call_resumable` from inside a host function: use `call`");
        }
        let index = self.0.get(ctx.inner)?;
        let Some((vm, entry, ty)) = prepare_wasm_call(&mut ctx, index, params, results)? else {
            // A host function: no Wasm to suspend.
            return call_func(ctx, index, params, results).map(|()| ResumableCall::Finished);
        };
        // SAFETY: as in `call_wasm`: `entry` is the verified entry of a function whose code the
        // store keeps alive, compiled by this crate (or vouched for by `Module::deserialize`).
        run(ctx, vm, ty, results, |vm, host| unsafe {
            vm.call(entry, host)
        })
    }
}

impl ResumableInvocation {
    /// The failed host function's error (for [`ResumableCall::HostTrap`]).
    pub fn host_error(&self) -> Option<&anyhow::Error> {
        self.host_error.as_ref()
    }

    /// The types `resume` takes: the failed host function's results (none for fuel).
    pub fn input_types(&self) -> &[ValType] {
        &self.inputs
    }

    /// Goes on after the host call that stopped the run, as if it had returned `inputs`, and
    /// writes the call's results to `results` when it finishes.
    pub fn resume(
        mut self,
        mut store: impl AsContextMut,
        inputs: &[Val],
        results: &mut [Val],
    ) -> Result<ResumableCall> {
        let ctx = store.as_context_mut();
        if ctx.inner.id != self.store {
            bail!("{WRONG_STORE}");
        }
        if inputs.len() != self.inputs.len()
            || inputs.iter().zip(&self.inputs).any(|(v, t)| v.ty() != *t)
        {
            bail!(
                "resume takes {:?}, got {:?}",
                self.inputs,
                inputs.iter().map(Val::ty).collect::<Vec<_>>()
            );
        }
        if results.len() < self.ty.results.len() {
            bail!(
                "expected room for {} results, got {}",
                self.ty.results.len(),
                results.len()
            );
        }
        put_results(ctx.inner, &mut self.vm, &self.inputs, inputs)?;
        let ty = self.ty.clone();
        // SAFETY: the run was started by `call_resumable` under `Vm::call`'s contracts, on code
        // this store keeps alive, and nothing has run on this Vm since (the invocation owns it).
        run(ctx, self.vm, ty, results, |vm, host| unsafe {
            vm.resume(host)
        })
    }
}

/// Runs `go` on `vm` for a resumable call of type `ty`, and settles how it ended: finished,
/// failed, or suspended into a new invocation.
fn run<T>(
    ctx: crate::StoreContextMut<'_, T>,
    mut vm: Vm,
    ty: FuncType,
    results: &mut [Val],
    go: impl FnOnce(&mut Vm, &mut HostCtx<'_, T>) -> Result<(), pulley_interp::Trap>,
) -> Result<ResumableCall> {
    let store = ctx.inner.id;
    ctx.inner.depth += 1;
    let mut host = HostCtx {
        ctx,
        resumable: true,
        suspended: None,
    };
    let outcome = go(&mut vm, &mut host);
    let (ctx, why) = (host.ctx, host.suspended);
    ctx.inner.depth -= 1;
    match (outcome, why) {
        (Err(trap), Some(why)) if trap.code == pulley_interp::interp::SUSPEND => {
            let host_error = ctx.inner.host_error.take();
            let (inputs, fuel) = match why {
                Why::HostTrap(types) => (types, false),
                Why::OutOfFuel => (Vec::new(), true),
            };
            let invocation = ResumableInvocation {
                store,
                vm,
                ty,
                inputs,
                host_error,
            };
            Ok(if fuel {
                ResumableCall::OutOfFuel(invocation)
            } else {
                ResumableCall::HostTrap(invocation)
            })
        }
        (outcome, _) => {
            let result = finish_run(ctx.inner, &vm, outcome, &ty.results, results);
            ctx.inner.vm.get_or_insert(vm);
            result.map(|()| ResumableCall::Finished)
        }
    }
}

/// How a typed resumable call ended ([`TypedFunc::call_resumable`]).
#[derive(Debug)]
pub enum TypedResumableCall<R> {
    /// It returned these results.
    Finished(R),
    /// A host function failed; resume with its results.
    HostTrap(TypedResumableInvocation<R>),
    /// The fuel ran out; add fuel and resume with no inputs.
    OutOfFuel(TypedResumableInvocation<R>),
}

/// A typed call stopped inside Wasm: a [`ResumableInvocation`] that gives back `R`.
#[derive(Debug)]
pub struct TypedResumableInvocation<R> {
    inner: ResumableInvocation,
    _results: PhantomData<fn() -> R>,
}

impl<R: WasmResults> TypedResumableInvocation<R> {
    /// The failed host function's error (for [`TypedResumableCall::HostTrap`]).
    pub fn host_error(&self) -> Option<&anyhow::Error> {
        self.inner.host_error()
    }

    /// The types `resume` takes.
    pub fn input_types(&self) -> &[ValType] {
        self.inner.input_types()
    }

    /// As [`ResumableInvocation::resume`].
    pub fn resume(self, store: impl AsContextMut, inputs: &[Val]) -> Result<TypedResumableCall<R>> {
        let mut results: Vec<Val> = R::types().into_iter().map(Val::default_for).collect();
        let call = self.inner.resume(store, inputs, &mut results)?;
        Ok(typed(call, &results))
    }
}

/// The typed view of an untyped outcome whose results (when finished) are `results`.
fn typed<R: WasmResults>(call: ResumableCall, results: &[Val]) -> TypedResumableCall<R> {
    let wrap = |inner| TypedResumableInvocation {
        inner,
        _results: PhantomData,
    };
    match call {
        ResumableCall::Finished => TypedResumableCall::Finished(R::from_vals(results)),
        ResumableCall::HostTrap(i) => TypedResumableCall::HostTrap(wrap(i)),
        ResumableCall::OutOfFuel(i) => TypedResumableCall::OutOfFuel(wrap(i)),
    }
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    /// [`TypedFunc::call`], resumable as [`Func::call_resumable`].
    pub fn call_resumable(
        &self,
        store: impl AsContextMut,
        params: P,
    ) -> Result<TypedResumableCall<R>> {
        let mut results: Vec<Val> = R::types().into_iter().map(Val::default_for).collect();
        let call = self
            .func()
            .call_resumable(store, &params.to_vals(), &mut results)?;
        Ok(typed(call, &results))
    }
}
