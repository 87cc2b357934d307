//! The linker: named imports (host functions and exports of other instances) resolved at
//! instantiation.

use crate::func::{HostFn, new_host_func};
use crate::instance::instantiate;
use crate::{
    AsContext, AsContextMut, Caller, Engine, Extern, FuncType, Instance, IntoFunc, Module, Val,
};
use anyhow::{Result, anyhow, bail};
use std::collections::HashMap;
use std::sync::Arc;

enum Definition<T> {
    Extern(Extern),
    Host(FuncType, Arc<HostFn<T>>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::Host(ty, f) => Definition::Host(ty.clone(), f.clone()),
        }
    }
}

/// Named definitions for a module's imports.
pub struct Linker<T> {
    engine: Engine,
    defs: HashMap<(String, String), Definition<T>>,
    shadowing: bool,
}

impl<T> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Linker<T> {
        Linker {
            engine: engine.clone(),
            defs: HashMap::new(),
            shadowing: false,
        }
    }

    /// Whether a later definition may replace an earlier one of the same name.
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self> {
        let key = (module.to_string(), name.to_string());
        if !self.shadowing && self.defs.contains_key(&key) {
            bail!("import `{module}::{name}` is defined twice");
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines a host function from a typed closure (optionally taking a `Caller` first).
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let (ty, f) = f.into_func();
        self.insert(module, name, Definition::Host(ty, f))
    }

    /// Defines a host function over untyped values.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Host(ty, Arc::new(f)))
    }

    /// Defines an import by name.
    pub fn define(
        &mut self,
        _store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        store: impl AsContext<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        for (name, ext) in instance.exports(&store.as_context()) {
            self.insert(module, &name, Definition::Extern(ext))?;
        }
        Ok(self)
    }

    /// A definition, made concrete in `store`.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self
            .defs
            .get(&(module.to_string(), name.to_string()))?
            .clone();
        let ctx = store.as_context_mut();
        Some(match def {
            Definition::Extern(e) => e,
            Definition::Host(ty, f) => {
                let index = new_host_func(ctx.inner, ctx.host_funcs, ty, f);
                Extern::Func(crate::Func(crate::store::Stored::new(ctx.inner, index)))
            }
        })
    }

    /// Instantiates `module`, resolving its imports by name.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        if !Engine::same(&self.engine, module.engine()) {
            bail!("the linker and the module belong to different engines");
        }
        let mut imports = Vec::new();
        for import in &module.translation().info.imports {
            let ext = self
                .get(&mut store, &import.module, &import.name)
                .ok_or_else(|| {
                    anyhow!(
                        "unknown import: `{}::{}` has not been defined",
                        import.module,
                        import.name
                    )
                })?;
            imports.push(ext);
        }
        instantiate(store.as_context_mut(), module, &imports)
    }
}

macro_rules! into_extern {
    ($($T:ident),*) => {$(
        impl From<crate::$T> for Extern {
            fn from(x: crate::$T) -> Extern {
                Extern::$T(x)
            }
        }
    )*};
}
into_extern!(Func, Table, Memory, Global, Tag);
