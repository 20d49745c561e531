//! Per-function execution profile, shared between threads.

use std::sync::atomic::{AtomicU64, Ordering};

/// Counts calls and branch outcomes of one function. The tier a function runs
/// at is not stored here: callers track it themselves.
#[derive(Debug)]
pub struct FunctionProfile {
    bytecode_len: usize,
    calls: AtomicU64,
    /// Per conditional branch: (taken, not taken).
    branches: Vec<(AtomicU64, AtomicU64)>,
}

impl FunctionProfile {
    pub fn new(bytecode_len: usize, branch_count: usize) -> Self {
        Self {
            bytecode_len,
            calls: AtomicU64::new(0),
            branches: (0..branch_count)
                .map(|_| (AtomicU64::new(0), AtomicU64::new(0)))
                .collect(),
        }
    }

    pub fn record_call(&self) {
        self.calls.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get_call_count(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Records the outcome of branch `index`; out-of-range indexes are ignored
    /// because a stale profile must never crash the interpreter.
    pub fn record_branch(&self, index: usize, taken: bool) {
        if let Some((yes, no)) = self.branches.get(index) {
            let counter = if taken { yes } else { no };
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Fraction of recorded executions of branch `index` that were taken.
    pub fn branch_taken_ratio(&self, index: usize) -> Option<f64> {
        let (yes, no) = self.branches.get(index)?;
        let (yes, no) = (yes.load(Ordering::Relaxed), no.load(Ordering::Relaxed));
        if yes + no == 0 {
            return None;
        }
        Some(yes as f64 / (yes + no) as f64)
    }

    pub fn bytecode_len(&self) -> usize {
        self.bytecode_len
    }

    pub fn branch_count(&self) -> usize {
        self.branches.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn counts_calls_across_threads() {
        let profile = Arc::new(FunctionProfile::new(10, 0));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = Arc::clone(&profile);
                std::thread::spawn(move || (0..250).for_each(|_| p.record_call()))
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
        assert_eq!(profile.get_call_count(), 1_000);
    }

    #[test]
    fn branch_ratio() {
        let profile = FunctionProfile::new(8, 2);
        assert_eq!(profile.branch_taken_ratio(0), None);
        profile.record_branch(0, true);
        profile.record_branch(0, true);
        profile.record_branch(0, false);
        profile.record_branch(0, true);
        profile.record_branch(7, true);
        assert_eq!(profile.branch_taken_ratio(0), Some(0.75));
        assert_eq!(profile.branch_taken_ratio(2), None);
        assert_eq!((profile.bytecode_len(), profile.branch_count()), (8, 2));
    }
}
