//! dx-py-interpreter: the bytecode interpreter's bridges to the JIT and to the
//! I/O reactors.

pub mod async_integration;
pub mod jit_integration;

pub use async_integration::{AsyncRuntime, AsyncStats};
pub use jit_integration::{JitIntegration, JitStats};
