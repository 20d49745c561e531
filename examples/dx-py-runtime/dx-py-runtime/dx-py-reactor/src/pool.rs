use crate::{create_reactor, Reactor, ReactorError, ReactorStats};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fixed set of reactors handed out round-robin.
#[derive(Debug)]
pub struct ReactorPool {
    reactors: Vec<Reactor>,
    next: AtomicUsize,
}

impl ReactorPool {
    pub fn new(size: usize) -> Result<Self, ReactorError> {
        if size == 0 {
            return Err(ReactorError::InvalidPoolSize);
        }
        let reactors = (0..size).map(create_reactor).collect::<Result<_, _>>()?;
        Ok(Self {
            reactors,
            next: AtomicUsize::new(0),
        })
    }

    /// The next reactor in round-robin order.
    pub fn get_reactor(&self) -> &Reactor {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.reactors.len();
        &self.reactors[i]
    }

    pub fn len(&self) -> usize {
        self.reactors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reactors.is_empty()
    }

    /// Polls every reactor once; returns the operations run.
    pub fn poll_all(&self) -> usize {
        self.reactors.iter().map(Reactor::poll).sum()
    }

    /// The counters of all reactors, summed.
    pub fn stats(&self) -> ReactorStats {
        self.reactors
            .iter()
            .map(Reactor::stats)
            .fold(ReactorStats::default(), ReactorStats::merge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IoOperation;

    #[test]
    fn rejects_empty_pool() {
        assert_eq!(
            ReactorPool::new(0).unwrap_err(),
            ReactorError::InvalidPoolSize
        );
    }

    #[test]
    fn round_robin_and_aggregated_stats() {
        let pool = ReactorPool::new(3).unwrap();
        assert_eq!(pool.len(), 3);
        let ids: Vec<_> = (0..4).map(|_| pool.get_reactor().id()).collect();
        assert_eq!(ids, vec![0, 1, 2, 0]);
        let missing = std::env::temp_dir().join("dx-py-reactor-pool-missing-file");
        for _ in 0..5 {
            pool.get_reactor().submit(IoOperation::Read {
                path: missing.clone(),
            });
        }
        assert_eq!(pool.stats().in_flight(), 5);
        assert_eq!(pool.poll_all(), 5);
        assert_eq!(
            pool.stats(),
            ReactorStats {
                submitted: 5,
                completed: 0,
                failed: 5,
                cancelled: 0
            }
        );
    }
}
