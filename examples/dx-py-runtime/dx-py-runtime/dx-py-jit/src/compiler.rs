//! The tiered JIT: profiles, compilation and the code cache.

use crate::bytecode::{self, Instr, ADD, MUL, PUSH};
use crate::{CompilationTier, FunctionId, FunctionProfile};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A compiled body: a header (tier, body length) followed by the emitted code.
/// The buffer is boxed so the pointer handed out stays valid until invalidation.
#[derive(Debug)]
struct CompiledCode {
    tier: CompilationTier,
    buffer: Box<[u8]>,
}

/// Size of the header that precedes the emitted code in a compiled buffer.
pub const HEADER_LEN: usize = 5;

#[derive(Debug, Default)]
pub struct TieredJit {
    profiles: RwLock<HashMap<FunctionId, Arc<FunctionProfile>>>,
    code: RwLock<HashMap<FunctionId, CompiledCode>>,
}

impl TieredJit {
    pub fn new() -> Self {
        Self::default()
    }

    /// The profile of `func_id`, created with the given shape on first request.
    pub fn get_profile(
        &self,
        func_id: FunctionId,
        bytecode_len: usize,
        branch_count: usize,
    ) -> Arc<FunctionProfile> {
        if let Some(p) = self.profiles.read().unwrap().get(&func_id) {
            return Arc::clone(p);
        }
        let mut profiles = self.profiles.write().unwrap();
        Arc::clone(
            profiles
                .entry(func_id)
                .or_insert_with(|| Arc::new(FunctionProfile::new(bytecode_len, branch_count))),
        )
    }

    /// Compiles `bytecode` for `tier` and caches it, replacing older code.
    /// Returns the entry point, or `None` when there is nothing to compile
    /// (the interpreter tier) or the bytecode is malformed.
    pub fn compile(
        &self,
        func_id: FunctionId,
        tier: CompilationTier,
        bytecode: &[u8],
    ) -> Option<*const u8> {
        if tier == CompilationTier::Interpreter {
            return None;
        }
        let instrs = bytecode::decode(bytecode)?;
        let body = if tier >= CompilationTier::OptimizingJit {
            fold_constants(&instrs).unwrap_or_else(|| bytecode.to_vec())
        } else {
            bytecode.to_vec()
        };
        let mut buffer = Vec::with_capacity(HEADER_LEN + body.len());
        buffer.push(tier as u8);
        buffer.extend_from_slice(&(body.len() as u32).to_le_bytes());
        buffer.extend_from_slice(&body);
        let buffer = buffer.into_boxed_slice();
        let entry = buffer.as_ptr();
        self.code
            .write()
            .unwrap()
            .insert(func_id, CompiledCode { tier, buffer });
        Some(entry)
    }

    pub fn get_compiled(&self, func_id: FunctionId) -> Option<*const u8> {
        self.code
            .read()
            .unwrap()
            .get(&func_id)
            .map(|c| c.buffer.as_ptr())
    }

    /// The tier of the cached code for `func_id`, if any.
    pub fn compiled_tier(&self, func_id: FunctionId) -> Option<CompilationTier> {
        self.code.read().unwrap().get(&func_id).map(|c| c.tier)
    }

    /// The emitted code (without header) for `func_id`, for inspection.
    pub fn compiled_body(&self, func_id: FunctionId) -> Option<Vec<u8>> {
        self.code
            .read()
            .unwrap()
            .get(&func_id)
            .map(|c| c.buffer[HEADER_LEN..].to_vec())
    }

    /// Drops the compiled code of `func_id`; returns whether there was any.
    pub fn invalidate(&self, func_id: FunctionId) -> bool {
        self.code.write().unwrap().remove(&func_id).is_some()
    }
}

/// Folds `PUSH a, PUSH b, ADD|MUL` into one `PUSH` until nothing changes.
/// Only straight-line code is folded (jumps would need their targets
/// rewritten); `None` means "leave as is".
fn fold_constants(instrs: &[Instr]) -> Option<Vec<u8>> {
    if instrs
        .iter()
        .any(|i| matches!(i.op, bytecode::JUMP | bytecode::JUMP_IF_ZERO))
    {
        return None;
    }
    let mut ops: Vec<(u8, Option<u8>)> = instrs.iter().map(|i| (i.op, i.operand)).collect();
    loop {
        let at = ops.windows(3).position(|w| {
            w[0].0 == PUSH && w[1].0 == PUSH && matches!(w[2].0, ADD | MUL) && {
                let (a, b) = (w[0].1.unwrap() as i8, w[1].1.unwrap() as i8);
                let folded = if w[2].0 == ADD {
                    a.checked_add(b)
                } else {
                    a.checked_mul(b)
                };
                folded.is_some()
            }
        });
        let Some(at) = at else { break };
        let (a, b) = (ops[at].1.unwrap() as i8, ops[at + 1].1.unwrap() as i8);
        let value = if ops[at + 2].0 == ADD { a + b } else { a * b };
        ops.splice(at..at + 3, [(PUSH, Some(value as u8))]);
    }
    Some(
        ops.into_iter()
            .flat_map(|(op, arg)| std::iter::once(op).chain(arg))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::{JUMP, JUMP_IF_ZERO, RET};

    const ARITH: [u8; 10] = [PUSH, 2, PUSH, 3, ADD, PUSH, 4, MUL, RET, RET];

    #[test]
    fn profiles_are_created_once() {
        let jit = TieredJit::new();
        let a = jit.get_profile(FunctionId(1), 10, 2);
        a.record_call();
        let b = jit.get_profile(FunctionId(1), 99, 9);
        assert_eq!(b.get_call_count(), 1);
        assert_eq!(b.branch_count(), 2, "the first shape wins");
        assert_eq!(jit.get_profile(FunctionId(2), 1, 0).get_call_count(), 0);
    }

    #[test]
    fn baseline_copies_and_optimizing_folds() {
        let jit = TieredJit::new();
        let id = FunctionId(7);
        let entry = jit
            .compile(id, CompilationTier::BaselineJit, &ARITH)
            .unwrap();
        assert_eq!(jit.get_compiled(id), Some(entry));
        assert_eq!(jit.compiled_body(id).unwrap(), ARITH.to_vec());
        jit.compile(id, CompilationTier::OptimizingJit, &ARITH)
            .unwrap();
        assert_eq!(jit.compiled_body(id).unwrap(), vec![PUSH, 20, RET, RET]);
        assert_eq!(jit.compiled_tier(id), Some(CompilationTier::OptimizingJit));
        // The header records the tier and the body length.
        let header =
            unsafe { std::slice::from_raw_parts(jit.get_compiled(id).unwrap(), HEADER_LEN) };
        assert_eq!(header, &[CompilationTier::OptimizingJit as u8, 4, 0, 0, 0]);
    }

    #[test]
    fn folding_stops_at_overflow_and_jumps() {
        let overflow = [PUSH, 100, PUSH, 100, ADD, RET];
        let jit = TieredJit::new();
        jit.compile(FunctionId(1), CompilationTier::AotOptimized, &overflow)
            .unwrap();
        assert_eq!(jit.compiled_body(FunctionId(1)).unwrap(), overflow.to_vec());
        let looping = [PUSH, 1, PUSH, 2, ADD, JUMP_IF_ZERO, 9, JUMP, 0, RET];
        jit.compile(FunctionId(2), CompilationTier::OptimizingJit, &looping)
            .unwrap();
        assert_eq!(jit.compiled_body(FunctionId(2)).unwrap(), looping.to_vec());
    }

    #[test]
    fn nothing_to_compile() {
        let jit = TieredJit::new();
        assert_eq!(
            jit.compile(FunctionId(1), CompilationTier::Interpreter, &ARITH),
            None
        );
        assert_eq!(
            jit.compile(FunctionId(1), CompilationTier::BaselineJit, &[0xee]),
            None
        );
        assert_eq!(
            jit.compile(FunctionId(1), CompilationTier::BaselineJit, &[JUMP, 9]),
            None
        );
        assert_eq!(jit.get_compiled(FunctionId(1)), None);
    }

    #[test]
    fn invalidate_drops_code() {
        let jit = TieredJit::new();
        jit.compile(FunctionId(3), CompilationTier::BaselineJit, &ARITH)
            .unwrap();
        assert!(jit.invalidate(FunctionId(3)));
        assert!(!jit.invalidate(FunctionId(3)));
        assert_eq!(jit.get_compiled(FunctionId(3)), None);
    }
}
