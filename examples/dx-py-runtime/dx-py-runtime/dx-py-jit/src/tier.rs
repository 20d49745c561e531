//! Compilation tiers, ordered from cheapest to most optimised.

/// The tiers a function moves through as it gets hotter. The derived ordering
/// follows declaration order, so `Interpreter < BaselineJit < ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompilationTier {
    Interpreter,
    BaselineJit,
    OptimizingJit,
    AotOptimized,
}

impl CompilationTier {
    pub const ALL: [CompilationTier; 4] = [
        CompilationTier::Interpreter,
        CompilationTier::BaselineJit,
        CompilationTier::OptimizingJit,
        CompilationTier::AotOptimized,
    ];

    /// Calls a function must have received before it deserves this tier.
    pub fn call_threshold(self) -> u64 {
        match self {
            CompilationTier::Interpreter => 0,
            CompilationTier::BaselineJit => 100,
            CompilationTier::OptimizingJit => 1_000,
            CompilationTier::AotOptimized => 10_000,
        }
    }

    /// The highest tier whose threshold `calls` has reached.
    pub fn for_call_count(calls: u64) -> CompilationTier {
        Self::ALL
            .into_iter()
            .rev()
            .find(|t| calls >= t.call_threshold())
            .unwrap_or(CompilationTier::Interpreter)
    }

    /// The next tier up, if any.
    pub fn next(self) -> Option<CompilationTier> {
        Self::ALL.into_iter().find(|t| *t > self)
    }
}

#[cfg(test)]
mod tests {
    use super::CompilationTier::*;
    use super::*;

    #[test]
    fn tiers_are_ordered() {
        assert!(
            Interpreter < BaselineJit
                && BaselineJit < OptimizingJit
                && OptimizingJit < AotOptimized
        );
        assert_eq!(AotOptimized.next(), None);
        assert_eq!(Interpreter.next(), Some(BaselineJit));
    }

    #[test]
    fn tier_for_call_count_uses_thresholds() {
        assert_eq!(CompilationTier::for_call_count(0), Interpreter);
        assert_eq!(CompilationTier::for_call_count(99), Interpreter);
        assert_eq!(CompilationTier::for_call_count(100), BaselineJit);
        assert_eq!(CompilationTier::for_call_count(1_500), OptimizingJit);
        assert_eq!(CompilationTier::for_call_count(u64::MAX), AotOptimized);
    }
}
