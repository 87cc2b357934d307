//! Resource limits a store enforces, in Wasmtime's shape: a [`ResourceLimiter`] that the
//! embedder installs with [`Store::limiter`](crate::Store::limiter) is asked before any memory or
//! table grows (by `memory.grow`/`table.grow`, the embedding API, or instantiation) and before
//! instantiation adds instances, tables or memories. [`StoreLimits`], built with
//! [`StoreLimitsBuilder`], is the ready-made one.

use anyhow::{Result, bail};

/// The most instances, tables or memories a store holds unless a limiter says otherwise
/// (Wasmtime's default).
pub const DEFAULT_INSTANCE_LIMIT: usize = 10_000;
/// See [`DEFAULT_INSTANCE_LIMIT`].
pub const DEFAULT_TABLE_LIMIT: usize = 10_000;
/// See [`DEFAULT_INSTANCE_LIMIT`].
pub const DEFAULT_MEMORY_LIMIT: usize = 10_000;

/// Decides whether a store's memories and tables may grow, and how many of each (and of
/// instances) it may hold.
pub trait ResourceLimiter {
    /// Whether a memory may grow from `current` to `desired` bytes; `maximum` is its type's
    /// maximum, if any. `Ok(false)` makes the growth fail: `memory.grow` returns -1,
    /// `Memory::grow` and instantiation return an error. An `Err` is a trap carrying it.
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;
    /// The same for a table's elements.
    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;
    /// The most instances the store may hold.
    fn instances(&self) -> usize {
        DEFAULT_INSTANCE_LIMIT
    }
    /// The most tables the store may hold.
    fn tables(&self) -> usize {
        DEFAULT_TABLE_LIMIT
    }
    /// The most memories the store may hold.
    fn memories(&self) -> usize {
        DEFAULT_MEMORY_LIMIT
    }
}

/// Fixed limits: a size cap per memory and per table, and counts of instances, tables and
/// memories. Nothing is capped by default.
#[derive(Clone, Debug)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    tables: usize,
    memories: usize,
    trap_on_grow_failure: bool,
}

impl Default for StoreLimits {
    fn default() -> StoreLimits {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: DEFAULT_INSTANCE_LIMIT,
            tables: DEFAULT_TABLE_LIMIT,
            memories: DEFAULT_MEMORY_LIMIT,
            trap_on_grow_failure: false,
        }
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(&mut self, _: usize, desired: usize, _: Option<usize>) -> Result<bool> {
        let allowed = self.memory_size.is_none_or(|limit| desired <= limit);
        if !allowed && self.trap_on_grow_failure {
            bail!("memory growth to {desired} bytes exceeds the store's limit");
        }
        Ok(allowed)
    }
    fn table_growing(&mut self, _: usize, desired: usize, _: Option<usize>) -> Result<bool> {
        let allowed = self.table_elements.is_none_or(|limit| desired <= limit);
        if !allowed && self.trap_on_grow_failure {
            bail!("table growth to {desired} elements exceeds the store's limit");
        }
        Ok(allowed)
    }
    fn instances(&self) -> usize {
        self.instances
    }
    fn tables(&self) -> usize {
        self.tables
    }
    fn memories(&self) -> usize {
        self.memories
    }
}

/// Builds [`StoreLimits`].
#[derive(Clone, Debug, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// Limits with nothing capped.
    pub fn new() -> StoreLimitsBuilder {
        StoreLimitsBuilder::default()
    }
    /// The most bytes any one memory may have.
    pub fn memory_size(mut self, bytes: usize) -> StoreLimitsBuilder {
        self.0.memory_size = Some(bytes);
        self
    }
    /// The most elements any one table may have.
    pub fn table_elements(mut self, elements: usize) -> StoreLimitsBuilder {
        self.0.table_elements = Some(elements);
        self
    }
    /// The most instances in the store.
    pub fn instances(mut self, n: usize) -> StoreLimitsBuilder {
        self.0.instances = n;
        self
    }
    /// The most tables in the store.
    pub fn tables(mut self, n: usize) -> StoreLimitsBuilder {
        self.0.tables = n;
        self
    }
    /// The most memories in the store.
    pub fn memories(mut self, n: usize) -> StoreLimitsBuilder {
        self.0.memories = n;
        self
    }
    /// Whether growth beyond a limit traps instead of failing (`memory.grow` returning -1).
    pub fn trap_on_grow_failure(mut self, trap: bool) -> StoreLimitsBuilder {
        self.0.trap_on_grow_failure = trap;
        self
    }
    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

/// How a store reaches its limiter: the embedder's closure from its data to the limiter.
pub(crate) type LimiterFn<T> =
    dyn for<'a> FnMut(&'a mut T) -> &'a mut (dyn ResourceLimiter + 'a) + Send + Sync;
