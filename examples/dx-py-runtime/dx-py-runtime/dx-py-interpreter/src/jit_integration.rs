//! Glue between the interpreter and dx-py-jit: call counting, tier promotion,
//! compilation, deoptimisation and on-stack replacement, by function name.

use dx_py_jit::{CompilationTier, FunctionProfile, OsrManager, TieredJit};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// How many functions sit at each tier, and how many calls were recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JitStats {
    pub functions: usize,
    pub interpreted: usize,
    pub baseline: usize,
    pub optimizing: usize,
    pub aot: usize,
    pub total_calls: u64,
}

pub struct JitIntegration {
    jit: TieredJit,
    osr: OsrManager,
    profiles: RwLock<HashMap<String, Arc<FunctionProfile>>>,
}

impl Default for JitIntegration {
    fn default() -> Self {
        Self::new()
    }
}

impl JitIntegration {
    pub fn new() -> Self {
        Self {
            jit: TieredJit::new(),
            osr: OsrManager::default(),
            profiles: RwLock::new(HashMap::new()),
        }
    }

    fn profile(&self, name: &str) -> Arc<FunctionProfile> {
        let mut profiles = self.profiles.write().unwrap();
        let profile = profiles
            .entry(name.to_string())
            .or_insert_with(|| Arc::new(FunctionProfile::new(name)));
        Arc::clone(profile)
    }

    /// Records one call of `name`. Returns the tier the function was promoted
    /// to when this call crossed a tier's threshold.
    pub fn record_call(&self, name: &str) -> Option<CompilationTier> {
        let profile = self.profile(name);
        profile.record_call();
        let calls = profile.call_count();
        // AOT code comes from ahead-of-time compilation, never from call counts.
        let next = match self.get_tier(name) {
            CompilationTier::Tier0 if calls >= 100 => CompilationTier::Tier1,
            CompilationTier::Tier1 if calls >= 1_000 => CompilationTier::Tier2,
            _ => return None,
        };
        profile.set_tier(next);
        Some(next)
    }

    pub fn get_tier(&self, name: &str) -> CompilationTier {
        match self.profiles.read().unwrap().get(name) {
            Some(profile) => profile.current_tier(),
            None => CompilationTier::Tier0,
        }
    }

    pub fn compile(&self, name: &str, tier: CompilationTier) -> bool {
        self.jit.compile(name, tier).is_ok()
    }

    pub fn has_compiled(&self, name: &str, tier: CompilationTier) -> bool {
        self.jit.has_compiled(name, tier)
    }

    /// Drops compiled code of `name` and sends it back to the interpreter.
    pub fn deoptimize(&self, name: &str) {
        self.jit.deoptimize(name);
    }

    pub fn can_osr(&self, name: &str, offset: usize) -> bool {
        self.osr.can_osr(name, offset)
    }

    pub fn do_osr(&self, name: &str, offset: usize) -> bool {
        self.osr.transition(name, offset).is_ok()
    }

    pub fn stats(&self) -> JitStats {
        let profiles = self.profiles.read().unwrap();
        let mut stats = JitStats {
            functions: profiles.len(),
            ..JitStats::default()
        };
        for (name, profile) in profiles.iter() {
            match self.get_tier(name) {
                CompilationTier::Tier0 => stats.interpreted += 1,
                CompilationTier::Tier1 => stats.baseline += 1,
                CompilationTier::Tier2 => stats.optimizing += 1,
                CompilationTier::Tier3 => stats.aot += 1,
            }
            stats.total_calls += profile.call_count();
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_tier_promotion() {
        let jit = JitIntegration::new();
        for _ in 0..99 {
            assert_eq!(jit.record_call("hot"), None);
        }
        assert_eq!(jit.record_call("hot"), Some(CompilationTier::Tier1));
        assert_eq!(jit.get_tier("hot"), CompilationTier::Tier1);
        assert_eq!(jit.get_tier("cold"), CompilationTier::Tier0);
    }

    #[test]
    fn test_compile_and_deoptimize() {
        let jit = JitIntegration::new();
        assert!(jit.compile("f", CompilationTier::Tier1));
        assert!(jit.has_compiled("f", CompilationTier::Tier1));
        jit.deoptimize("f");
        assert!(!jit.has_compiled("f", CompilationTier::Tier1));
        assert_eq!(jit.get_tier("f"), CompilationTier::Tier0);
    }

    #[test]
    fn test_osr() {
        let jit = JitIntegration::new();
        assert!(!jit.can_osr("loop", 2));
        assert!(jit.compile("loop", CompilationTier::Tier2));
        assert!(jit.can_osr("loop", 2));
        assert!(jit.do_osr("loop", 2));
    }

    #[test]
    fn test_stats() {
        let jit = JitIntegration::new();
        for _ in 0..100 {
            jit.record_call("a");
        }
        jit.record_call("b");
        let stats = jit.stats();
        assert_eq!(stats.functions, 2);
        assert_eq!((stats.interpreted, stats.baseline), (1, 1));
        assert_eq!(stats.total_calls, 101);
        assert_eq!(jit.get_tier("a"), CompilationTier::Tier1);
    }
}
