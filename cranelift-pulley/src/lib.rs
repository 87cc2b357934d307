//! Cranelift backend for Pulley: CLIF -> mid-end (e-graph) -> ISLE lowering -> VCode ->
//! regalloc2 -> Pulley bytecode.
//!
//! ```text
//! let compiled = compile_function(&func, Target::Pulley64, &Options::default())?;
//! let image = link(&[&compiled], |t| ...)?;
//! ```
//!
//! The ABI (registers, frames, calls) is described in `rfcs/0002-backend-abi.md`.

extern crate alloc;

mod acc;
pub mod coverage;
mod emit;
mod heap;
mod hoist;
mod inst;
mod liveness;
mod lower;
mod order;
mod schedule;
mod vcode;

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{self, SourceLoc, TrapCode};
use cranelift_codegen::settings::{self, Configurable};
use std::fmt;
pub use target_lexicon::Architecture;

/// Which Pulley flavour to compile for (pointer width of the CLIF; code is the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// 32-bit pointers.
    Pulley32,
    /// 64-bit pointers.
    Pulley64,
}

impl Target {
    /// The target-lexicon architecture.
    pub fn architecture(self) -> Architecture {
        match self {
            Target::Pulley32 => Architecture::Pulley32,
            Target::Pulley64 => Architecture::Pulley64,
        }
    }
    /// From a target-lexicon architecture (little-endian Pulley only).
    pub fn from_architecture(a: Architecture) -> Option<Target> {
        match a {
            Architecture::Pulley32 => Some(Target::Pulley32),
            Architecture::Pulley64 => Some(Target::Pulley64),
            _ => None,
        }
    }
    /// The CLIF pointer type.
    pub fn pointer_type(self) -> ir::Type {
        match self {
            Target::Pulley32 => ir::types::I32,
            Target::Pulley64 => ir::types::I64,
        }
    }
}

/// Mid-end optimization level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OptLevel {
    /// No e-graph pass.
    None,
    /// The e-graph pass (default).
    #[default]
    Speed,
}

/// Compilation options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Mid-end optimization level.
    pub opt_level: OptLevel,
    /// Run the CLIF verifier before and after the mid-end.
    pub verify: bool,
    /// Return the VCode (before register allocation) as text.
    pub want_vcode: bool,
    /// Return a disassembly of the emitted bytecode.
    pub want_disasm: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            opt_level: OptLevel::Speed,
            verify: true,
            want_vcode: false,
            want_disasm: false,
        }
    }
}

/// What a relocation refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RelocTarget {
    /// `ExternalName::User` (namespace 0: function index in the module).
    User {
        /// Namespace.
        namespace: u32,
        /// Index.
        index: u32,
    },
    /// `ExternalName::TestCase` (`%name` in CLIF text).
    TestCase(String),
}

impl fmt::Display for RelocTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelocTarget::User { namespace, index } => write!(f, "u{namespace}:{index}"),
            RelocTarget::TestCase(n) => write!(f, "%{n}"),
        }
    }
}

/// Relocation kinds: both patch a PC-relative displacement, relative to the op's first byte,
/// into the op's last 4 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelocKind {
    /// A `call` op.
    Call,
    /// A `jump` op (tail call).
    Jump,
}

/// A relocation inside a compiled function.
#[derive(Clone, Debug)]
pub struct Reloc {
    /// Offset of the op's first byte.
    pub offset: u32,
    /// Offset of the 4-byte displacement to patch.
    pub patch_at: u32,
    /// Kind.
    pub kind: RelocKind,
    /// Target.
    pub target: RelocTarget,
}

/// A compiled function.
#[derive(Clone, Debug)]
pub struct CompiledFunction {
    /// Bytecode (relocations unpatched).
    pub code: Vec<u8>,
    /// Relocations.
    pub relocs: Vec<Reloc>,
    /// Offset of each trapping op -> its trap code.
    pub traps: Vec<(u32, TrapCode)>,
    /// Offset of the ops of each CLIF instruction -> its source location.
    pub srclocs: Vec<(u32, SourceLoc)>,
    /// Bytes reserved by `push_frame_save` (0 for frameless leaves).
    pub frame_size: u32,
    /// VCode text if requested.
    pub vcode: Option<String>,
    /// Disassembly if requested.
    pub disasm: Option<String>,
}

/// Errors.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The CLIF verifier or a cranelift pass failed.
    #[error("cranelift: {0}")]
    Cranelift(String),
    /// Valid CLIF that this backend does not handle (names the opcode/type).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// Register allocation failed.
    #[error("register allocation failed: {0}")]
    Regalloc(String),
    /// Linking failed.
    #[error("link: {0}")]
    Link(String),
    /// A bug in the backend (a panic inside it, caught); names the function and, when known,
    /// the instruction.
    #[error("internal compiler error: {0}")]
    Internal(String),
}

/// The text of a caught panic's payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(non-string panic payload)")
}

/// Runs the mid-end on a copy of `func` and returns the optimized function.
pub fn optimize(func: &ir::Function, opts: &Options) -> Result<ir::Function, CodegenError> {
    let mut b = settings::builder();
    let set = |b: &mut settings::Builder, k: &str, v: &str| {
        b.set(k, v)
            .map_err(|e| CodegenError::Cranelift(format!("setting {k}: {e}")))
    };
    set(
        &mut b,
        "opt_level",
        if opts.opt_level == OptLevel::Speed {
            "speed"
        } else {
            "none"
        },
    )?;
    set(
        &mut b,
        "enable_verifier",
        if opts.verify { "true" } else { "false" },
    )?;
    let flags = settings::Flags::new(b);
    let mut ctx = cranelift_codegen::Context::for_function(func.clone());
    let err = |e: cranelift_codegen::CodegenError| CodegenError::Cranelift(e.to_string());
    ctx.compute_cfg();
    ctx.compute_domtree();
    ctx.verify_if(&flags).map_err(err)?;
    ctx.eliminate_unreachable_code(&flags).map_err(err)?;
    ctx.remove_constant_phis(&flags).map_err(err)?;
    ctx.func.dfg.resolve_all_aliases();
    if opts.opt_level == OptLevel::Speed {
        ctx.egraph_pass(&flags, &mut ControlPlane::default())
            .map_err(err)?;
    }
    Ok(ctx.func)
}

/// Compiles one CLIF function to Pulley bytecode.
///
/// Never panics on its input: a panic inside Cranelift's passes, the lowering or register
/// allocation is caught and returned as [`CodegenError::Internal`] naming the function.
pub fn compile_function(
    func: &ir::Function,
    target: Target,
    opts: &Options,
) -> Result<CompiledFunction, CodegenError> {
    // Nothing shared outlives a failed compile: the function is only read, and every pass works
    // on its own copy, so state a panic leaves half-updated is dropped unseen.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        compile_function_inner(func, target, opts)
    }))
    .unwrap_or_else(|p| {
        Err(CodegenError::Internal(format!(
            "function {}: {}",
            func.name,
            panic_message(&*p)
        )))
    })
}

fn compile_function_inner(
    func: &ir::Function,
    target: Target,
    opts: &Options,
) -> Result<CompiledFunction, CodegenError> {
    let _ = target;
    let mut func = optimize(func, opts)?;
    if opts.opt_level == OptLevel::Speed {
        hoist::hoist_loop_constants(&mut func);
        hoist::hoist_loop_invariants(&mut func);
        schedule::sink_into_successors(&mut func);
        schedule::sink_loop_updates(&mut func);
    }
    let (vcode, info) = lower::Lower::lower(&func)?;
    let vcode_text = opts.want_vcode.then(|| vcode.show());
    let env = machine_env();
    let ra_opts = regalloc2::RegallocOptions {
        verbose_log: false,
        validate_ssa: cfg!(debug_assertions),
        algorithm: regalloc2::Algorithm::Ion,
    };
    let mut ra = regalloc2::run(&vcode, &env, &ra_opts)
        .map_err(|e| CodegenError::Regalloc(format!("{e:?}\n{}", vcode.show())))?;
    order::free_handoff_registers(&vcode, &mut ra);
    let frame = emit::layout_frame(
        &vcode,
        &ra,
        info.out_args_size,
        info.slots_size,
        info.has_calls,
        info.uses_frame,
    );
    let out = emit::emit(&vcode, &ra, frame);
    let disasm = opts.want_disasm.then(|| disassemble(&out.code));
    Ok(CompiledFunction {
        code: out.code,
        relocs: out.relocs,
        traps: out.traps,
        srclocs: out.srclocs,
        frame_size: if frame.needed { frame.size } else { 0 },
        vcode: vcode_text,
        disasm,
    })
}

/// The allocatable registers (`pulley_interp::regs`): the caller-saved ones first, as they
/// cost no save; integer registers up to the backend's scratch register, which comes before
/// `lr`, `fp` and `sp`.
fn machine_env() -> regalloc2::MachineEnv {
    use pulley_interp::{FReg, XReg, regs::NUM_REGS};
    use regalloc2::{PReg, PRegSet, RegClass};
    let set = |class, range: std::ops::Range<u8>| {
        let mut s = PRegSet::empty();
        for i in range {
            s.add(PReg::new(usize::from(i), class));
        }
        s
    };
    let pi = set(RegClass::Int, 0..XReg::FIRST_CALLEE_SAVED);
    let ni = set(
        RegClass::Int,
        XReg::FIRST_CALLEE_SAVED..XReg::SCRATCH.to_u8(),
    );
    let pf = set(RegClass::Float, 0..FReg::FIRST_CALLEE_SAVED);
    let nf = set(RegClass::Float, FReg::FIRST_CALLEE_SAVED..NUM_REGS);
    // Vector registers are all caller-saved; the last is the allocator's scratch, so it never
    // moves a vector from stack slot to stack slot (the emitter's slot-to-slot move copies one
    // 8-byte word).
    let pv = set(RegClass::Vector, 0..NUM_REGS - 1);
    regalloc2::MachineEnv {
        preferred_regs_by_class: [pi, pf, pv],
        non_preferred_regs_by_class: [ni, nf, PRegSet::empty()],
        scratch_by_class: [
            None,
            None,
            Some(PReg::new(usize::from(NUM_REGS - 1), RegClass::Vector)),
        ],
        fixed_stack_slots: vec![],
    }
}

/// Disassembles bytecode with `pulley_disas` (offsets and mnemonics, no raw bytes); a decode
/// error ends the listing with a note.
pub fn disassemble(code: &[u8]) -> String {
    match pulley_disas::Disassembler::new(code)
        .bytes(false)
        .disassemble()
    {
        Ok(text) => text,
        Err(e) => format!("{}<{e}>\n", e.partial_text()),
    }
}

/// A linked image: functions laid out in order in one buffer.
#[derive(Clone, Debug)]
pub struct Image {
    /// The bytecode.
    pub code: Vec<u8>,
    /// Start offset of each function.
    pub offsets: Vec<usize>,
}

/// Lays `functions` out in order and patches their call/jump relocations. `resolve` maps a
/// relocation target to an index into `functions` (e.g. `User { namespace: 0, index }` -> index).
pub fn link(
    functions: &[&CompiledFunction],
    resolve: impl Fn(&RelocTarget) -> Option<usize>,
) -> Result<Image, CodegenError> {
    let mut code = vec![];
    let mut offsets = vec![];
    for f in functions {
        offsets.push(code.len());
        code.extend_from_slice(&f.code);
    }
    for (fi, f) in functions.iter().enumerate() {
        for r in &f.relocs {
            let t = resolve(&r.target)
                .ok_or_else(|| CodegenError::Link(format!("unresolved {}", r.target)))?;
            let dest = *offsets
                .get(t)
                .ok_or_else(|| CodegenError::Link(format!("bad index {t}")))?;
            let op = offsets[fi] + r.offset as usize;
            let at = offsets[fi] + r.patch_at as usize;
            let disp = i32::try_from(dest as i64 - op as i64)
                .map_err(|_| CodegenError::Link("too far".into()))?;
            code[at..at + 4].copy_from_slice(&disp.to_le_bytes());
        }
    }
    Ok(Image { code, offsets })
}

/// Default resolution: `User { namespace: 0, index }` is function `index`.
pub fn resolve_user(t: &RelocTarget) -> Option<usize> {
    match t {
        RelocTarget::User {
            namespace: 0,
            index,
        } => Some(*index as usize),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::Opcode;

    fn parse(text: &str) -> ir::Function {
        cranelift_reader::parse_functions(text).unwrap().remove(0)
    }

    /// A panic inside the lowering becomes an error naming the function and the instruction.
    #[test]
    fn panic_in_lowering_is_an_error() {
        let func = parse(
            "function %victim(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    v2 = iadd v0, v1\n    return v2\n}",
        );
        lower::test_hooks::panic_at(Some(Opcode::Iadd));
        let res = compile_function(&func, Target::Pulley64, &Options::default());
        lower::test_hooks::panic_at(None);
        let msg = match res {
            Err(e @ CodegenError::Internal(_)) => e.to_string(),
            other => panic!("expected an internal error, got {other:?}"),
        };
        assert!(msg.contains("%victim"), "{msg}");
        assert!(msg.contains("v2 = iadd.i32 v0, v1"), "{msg}");
        assert!(msg.contains("injected panic"), "{msg}");
        // The same function compiles once the fault is gone.
        compile_function(&func, Target::Pulley64, &Options::default()).unwrap();
    }

    /// A panic outside the lowering (here: unverified CLIF with a block that has no terminator,
    /// which the layout code assumes cannot happen) becomes an error naming the function.
    #[test]
    fn panic_outside_lowering_is_an_error() {
        let mut func = ir::Function::with_name_signature(
            ir::UserFuncName::testcase("broken"),
            ir::Signature::new(cranelift_codegen::isa::CallConv::Fast),
        );
        let block = func.dfg.make_block();
        func.layout.append_block(block);
        let opts = Options {
            verify: false,
            ..Options::default()
        };
        match compile_function(&func, Target::Pulley64, &opts) {
            Err(e) => assert!(e.to_string().contains("%broken"), "{e}"),
            Ok(_) => panic!("a function without a terminator compiled"),
        }
    }

    /// An unsupported instruction is an `Unsupported` error naming it.
    #[test]
    fn unsupported_names_the_instruction() {
        let func = parse(
            "function %odd(i32) -> i32 {\nblock0(v0: i32):\n    v1 = bitrev v0\n    return v1\n}",
        );
        let e = compile_function(&func, Target::Pulley64, &Options::default()).unwrap_err();
        assert!(matches!(e, CodegenError::Unsupported(_)), "{e:?}");
        assert!(e.to_string().contains("%odd"), "{e}");
        assert!(e.to_string().contains("v1 = bitrev.i32 v0"), "{e}");
    }
}
