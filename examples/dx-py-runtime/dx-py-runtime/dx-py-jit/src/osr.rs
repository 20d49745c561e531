//! On-stack replacement: where a long-running interpreted loop may jump into
//! compiled code.

use crate::bytecode::{self, ADD, JUMP, JUMP_IF_ZERO, MUL, POP, PUSH};
use crate::FunctionId;
use std::collections::HashMap;
use std::sync::RwLock;

/// A loop header where execution may switch to compiled code, with the operand
/// stack depth the compiled code must be handed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OsrEntry {
    pub loop_header: usize,
    pub stack_depth: usize,
}

#[derive(Debug)]
pub struct OsrManager {
    hot_threshold: u64,
    entries: RwLock<HashMap<(FunctionId, usize), OsrEntry>>,
}

impl Default for OsrManager {
    fn default() -> Self {
        Self::new(1_000)
    }
}

impl OsrManager {
    /// `hot_threshold`: loop iterations after which a loop is worth replacing.
    pub fn new(hot_threshold: u64) -> Self {
        Self {
            hot_threshold,
            entries: RwLock::new(HashMap::new()),
        }
    }

    /// Finds the loop headers of `code` (targets of backward jumps) and records
    /// an entry for each; returns how many were found. Malformed code has none.
    pub fn analyze(&self, func_id: FunctionId, code: &[u8]) -> usize {
        let Some(instrs) = bytecode::decode(code) else {
            return 0;
        };
        // Stack depth before each instruction, along the straight-line order.
        let mut depth_at = HashMap::new();
        let mut depth: usize = 0;
        for i in &instrs {
            depth_at.insert(i.offset, depth);
            depth = match i.op {
                PUSH => depth + 1,
                ADD | MUL | POP | JUMP_IF_ZERO => depth.saturating_sub(1),
                _ => depth,
            };
        }
        let mut entries = self.entries.write().unwrap();
        entries.retain(|(id, _), _| *id != func_id);
        for i in instrs
            .iter()
            .filter(|i| i.op == JUMP || i.op == JUMP_IF_ZERO)
        {
            let target = i.operand.unwrap() as usize;
            if target <= i.offset {
                let entry = OsrEntry {
                    loop_header: target,
                    stack_depth: depth_at[&target],
                };
                entries.insert((func_id, target), entry);
            }
        }
        entries.keys().filter(|(id, _)| *id == func_id).count()
    }

    pub fn get_entry(&self, func_id: FunctionId, loop_header: usize) -> Option<OsrEntry> {
        self.entries
            .read()
            .unwrap()
            .get(&(func_id, loop_header))
            .copied()
    }

    pub fn is_hot(&self, iterations: u64) -> bool {
        iterations >= self.hot_threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::RET;

    // 0: PUSH 5 | 2: PUSH 1 | 4: ADD | 5: JUMP_IF_ZERO 9 | 7: JUMP 2 | 9: RET
    const LOOP: [u8; 10] = [PUSH, 5, PUSH, 1, ADD, JUMP_IF_ZERO, 9, JUMP, 2, RET];

    #[test]
    fn finds_loop_headers_with_stack_depth() {
        let osr = OsrManager::new(10);
        assert_eq!(osr.analyze(FunctionId(1), &LOOP), 1);
        assert_eq!(
            osr.get_entry(FunctionId(1), 2),
            Some(OsrEntry {
                loop_header: 2,
                stack_depth: 1
            })
        );
        assert_eq!(
            osr.get_entry(FunctionId(1), 9),
            None,
            "forward jumps are not loops"
        );
        assert_eq!(osr.get_entry(FunctionId(2), 2), None);
    }

    #[test]
    fn reanalysis_replaces_entries_and_bad_code_has_none() {
        let osr = OsrManager::default();
        osr.analyze(FunctionId(1), &LOOP);
        assert_eq!(osr.analyze(FunctionId(1), &[PUSH, 1, RET]), 0);
        assert_eq!(osr.get_entry(FunctionId(1), 2), None);
        assert_eq!(osr.analyze(FunctionId(1), &[JUMP]), 0);
    }

    #[test]
    fn hotness_threshold() {
        let osr = OsrManager::new(50);
        assert!(!osr.is_hot(49));
        assert!(osr.is_hot(50));
    }
}
