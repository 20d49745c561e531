//! dx-py-jit: tiered compilation for dx-py bytecode.
//!
//! Functions are identified by a [`FunctionId`]; the JIT keeps a call profile per
//! function, compiles bytecode for a requested [`CompilationTier`], and the
//! [`OsrManager`] finds loop headers where a running frame may enter compiled code.

pub mod bytecode;
pub mod compiler;
pub mod osr;
pub mod profile;
pub mod tier;

pub use compiler::TieredJit;
pub use osr::{OsrEntry, OsrManager};
pub use profile::FunctionProfile;
pub use tier::CompilationTier;

/// Identity of a function inside the JIT. Callers choose how names map to ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionId(pub u64);
