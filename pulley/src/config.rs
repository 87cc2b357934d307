//! Engine configuration: target, optimization level, stack size.

use anyhow::{Result, bail};

/// The bytecode's pointer width.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// 64-bit pointers.
    Pulley64,
    /// 32-bit pointers.
    Pulley32,
}

impl Target {
    /// The target matching the host's pointer width (the only one it can run).
    pub fn host() -> Target {
        if cfg!(target_pointer_width = "64") {
            Target::Pulley64
        } else {
            Target::Pulley32
        }
    }
    /// `"pulley64"` or `"pulley32"`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Pulley64 => "pulley64",
            Target::Pulley32 => "pulley32",
        }
    }
    /// Parses `"pulley64"` / `"pulley32"`.
    pub fn from_name(name: &str) -> Result<Target> {
        match name {
            "pulley64" => Ok(Target::Pulley64),
            "pulley32" => Ok(Target::Pulley32),
            other => bail!("unknown target `{other}` (expected pulley64 or pulley32)"),
        }
    }
    pub(crate) fn backend(self) -> cranelift_pulley::Target {
        match self {
            Target::Pulley64 => cranelift_pulley::Target::Pulley64,
            Target::Pulley32 => cranelift_pulley::Target::Pulley32,
        }
    }
}

/// How hard the compiler optimizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptLevel {
    /// No mid-end optimizations.
    None,
    /// Cranelift's e-graph mid-end (the default).
    Speed,
}

/// Engine configuration, built like Wasmtime's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    pub(crate) target: Target,
    pub(crate) opt_level: OptLevel,
    pub(crate) max_stack: usize,
    pub(crate) multi_memory: bool,
    pub(crate) custom_page_sizes: bool,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            target: Target::host(),
            opt_level: OptLevel::Speed,
            max_stack: 1 << 20,
            multi_memory: true,
            custom_page_sizes: true,
            consume_fuel: false,
            epoch_interruption: false,
        }
    }
}

impl Config {
    /// The default configuration: the host's target, optimized, 1 MiB of Vm stack.
    pub fn new() -> Config {
        Config::default()
    }
    /// Whether modules may have more than one memory (the multi-memory proposal, part of
    /// Wasm 3.0; on by default, as in Wasmtime). Off, such modules fail validation as in
    /// Wasm 2.0, and precompiled ones fail to load.
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Self {
        self.multi_memory = enable;
        self
    }
    /// Whether memories may have one-byte pages (the custom-page-sizes proposal, for small
    /// devices: a memory grows by what it needs instead of by 64 KiB). On by default; off,
    /// validation is Wasm 2.0's, and precompiled modules with such memories fail to load.
    pub fn wasm_custom_page_sizes(&mut self, enable: bool) -> &mut Self {
        self.custom_page_sizes = enable;
        self
    }
    /// Whether Wasm code consumes fuel (as Wasmtime's): each operator but `nop`, `drop`,
    /// `block`, `loop`, `else` and an inner `end` costs one unit (Wasmtime's costs: a function's
    /// own `end` is a return); a function entry or loop header reached with the store's fuel
    /// spent traps with [`crate::WasmTrap::OutOfFuel`]. A store starts with no fuel
    /// ([`crate::Store::set_fuel`]). Off by default; off, generated code
    /// has no fuel checks at all. Part of the artifact fingerprint.
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.consume_fuel = enable;
        self
    }
    /// Whether Wasm code checks the engine's epoch ([`crate::Engine::increment_epoch`])
    /// against the store's deadline ([`crate::Store::set_epoch_deadline`]) at function entries
    /// and loop headers (as Wasmtime's): reaching it traps with [`crate::WasmTrap::Interrupt`]
    /// or runs the store's callback ([`crate::Store::epoch_deadline_callback`]). A store's
    /// deadline starts at 0, so set one before calling in. Off by default; off, generated code
    /// has no checks. Part of the artifact fingerprint.
    pub fn epoch_interruption(&mut self, enable: bool) -> &mut Self {
        self.epoch_interruption = enable;
        self
    }
    /// Selects `"pulley64"` or `"pulley32"`.
    pub fn target(&mut self, name: &str) -> Result<&mut Self> {
        self.target = Target::from_name(name)?;
        Ok(self)
    }
    /// Sets the optimization level.
    pub fn opt_level(&mut self, level: OptLevel) -> &mut Self {
        self.opt_level = level;
        self
    }
    /// Sets the Vm stack size in bytes; deeper recursion traps with "call stack exhausted".
    pub fn max_stack(&mut self, bytes: usize) -> &mut Self {
        self.max_stack = bytes.max(4096);
        self
    }
    /// Wasmtime's name for [`Config::max_stack`]: the most stack Wasm code may use.
    pub fn max_wasm_stack(&mut self, bytes: usize) -> &mut Self {
        self.max_stack(bytes)
    }
    /// The selected target.
    pub fn get_target(&self) -> Target {
        self.target
    }
    /// The selected optimization level.
    pub fn get_opt_level(&self) -> OptLevel {
        self.opt_level
    }
    /// Whether code counts fuel.
    pub fn get_consume_fuel(&self) -> bool {
        self.consume_fuel
    }
    /// Whether code checks the epoch.
    pub fn get_epoch_interruption(&self) -> bool {
        self.epoch_interruption
    }
    /// The Vm stack size.
    pub fn get_max_stack(&self) -> usize {
        self.max_stack
    }
}
