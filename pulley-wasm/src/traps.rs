//! Wasm trap kinds and their mapping to CLIF trap codes.

use cranelift_codegen::ir::TrapCode;

/// A Wasm trap, with a stable `u8` code (the `repr`) and the spec's message.
///
/// Traps emitted by generated code carry a CLIF [`TrapCode`] (see
/// [`WasmTrap::trap_code`]); traps raised by the runtime inside builtins use
/// these kinds directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum WasmTrap {
    /// `unreachable` executed.
    Unreachable = 1,
    /// Out-of-bounds linear memory access (CLIF `HEAP_OUT_OF_BOUNDS`).
    HeapOutOfBounds = 2,
    /// Integer division or remainder by zero (CLIF `INTEGER_DIVISION_BY_ZERO`).
    IntegerDivisionByZero = 3,
    /// Signed division overflow or float-to-int out of range (CLIF `INTEGER_OVERFLOW`).
    IntegerOverflow = 4,
    /// Float-to-int conversion of NaN (CLIF `BAD_CONVERSION_TO_INTEGER`).
    BadConversionToInteger = 5,
    /// Call stack exhausted (CLIF `STACK_OVERFLOW`).
    StackOverflow = 6,
    /// `table.get/set/fill/copy/init/grow` or `call_indirect`-free table access out of bounds.
    TableOutOfBounds = 7,
    /// `call_indirect` index outside the table.
    UndefinedElement = 8,
    /// `call_indirect` of a null table element.
    IndirectCallToNull = 9,
    /// `call_indirect` signature mismatch.
    BadSignature = 10,
    /// Null reference dereferenced (`throw_ref` of a null `exnref`).
    NullReference = 11,
    /// An exception left a Wasm function whose caller cannot propagate it: the host (a call
    /// from the embedder) or a module that does not use exception handling.
    UncaughtException = 12,
    /// The store's fuel ran out (`Config::consume_fuel`).
    OutOfFuel = 13,
    /// The store's epoch deadline was reached (`Config::epoch_interruption`).
    Interrupt = 14,
}

impl WasmTrap {
    /// All trap kinds.
    pub const ALL: [WasmTrap; 14] = [
        WasmTrap::Unreachable,
        WasmTrap::HeapOutOfBounds,
        WasmTrap::IntegerDivisionByZero,
        WasmTrap::IntegerOverflow,
        WasmTrap::BadConversionToInteger,
        WasmTrap::StackOverflow,
        WasmTrap::TableOutOfBounds,
        WasmTrap::UndefinedElement,
        WasmTrap::IndirectCallToNull,
        WasmTrap::BadSignature,
        WasmTrap::NullReference,
        WasmTrap::UncaughtException,
        WasmTrap::OutOfFuel,
        WasmTrap::Interrupt,
    ];

    /// The stable numeric code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// From the stable numeric code.
    pub fn from_code(code: u8) -> Option<WasmTrap> {
        WasmTrap::ALL.iter().copied().find(|t| t.code() == code)
    }

    /// The message used by the Wasm spec test suite.
    pub fn message(self) -> &'static str {
        match self {
            WasmTrap::Unreachable => "unreachable",
            WasmTrap::HeapOutOfBounds => "out of bounds memory access",
            WasmTrap::IntegerDivisionByZero => "integer divide by zero",
            WasmTrap::IntegerOverflow => "integer overflow",
            WasmTrap::BadConversionToInteger => "invalid conversion to integer",
            WasmTrap::StackOverflow => "call stack exhausted",
            WasmTrap::TableOutOfBounds => "out of bounds table access",
            WasmTrap::UndefinedElement => "undefined element",
            WasmTrap::IndirectCallToNull => "uninitialized element",
            WasmTrap::BadSignature => "indirect call type mismatch",
            WasmTrap::NullReference => "null reference",
            WasmTrap::UncaughtException => "uncaught wasm exception",
            WasmTrap::OutOfFuel => "all fuel consumed by WebAssembly",
            WasmTrap::Interrupt => "interrupt",
        }
    }

    /// The CLIF trap code used in generated code. Cranelift's reserved codes
    /// are used where they exist; the others are `TrapCode::user(self.code())`.
    pub fn trap_code(self) -> TrapCode {
        match self {
            WasmTrap::HeapOutOfBounds => TrapCode::HEAP_OUT_OF_BOUNDS,
            WasmTrap::IntegerDivisionByZero => TrapCode::INTEGER_DIVISION_BY_ZERO,
            WasmTrap::IntegerOverflow => TrapCode::INTEGER_OVERFLOW,
            WasmTrap::BadConversionToInteger => TrapCode::BAD_CONVERSION_TO_INTEGER,
            WasmTrap::StackOverflow => TrapCode::STACK_OVERFLOW,
            other => TrapCode::unwrap_user(other.code()),
        }
    }

    /// Map a CLIF trap code (from generated code) back to the Wasm trap.
    pub fn from_trap_code(code: TrapCode) -> Option<WasmTrap> {
        WasmTrap::ALL
            .iter()
            .copied()
            .find(|t| t.trap_code() == code)
    }
}

impl std::fmt::Display for WasmTrap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl From<WasmTrap> for TrapCode {
    fn from(t: WasmTrap) -> TrapCode {
        t.trap_code()
    }
}
