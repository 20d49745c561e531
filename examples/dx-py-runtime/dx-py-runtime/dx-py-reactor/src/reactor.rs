use crate::{IoBuffer, PyFuture, ReactorError};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoOperation {
    /// Read a whole file.
    Read { path: PathBuf },
    /// Replace a file's contents; completes with an empty buffer.
    Write { path: PathBuf, data: IoBuffer },
}

/// Counters of one reactor (or, summed, of a pool).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReactorStats {
    pub submitted: u64,
    pub completed: u64,
    pub failed: u64,
    pub cancelled: u64,
}

impl ReactorStats {
    /// Operations submitted but not yet finished in any way.
    pub fn in_flight(&self) -> u64 {
        self.submitted - self.completed - self.failed - self.cancelled
    }

    pub fn merge(self, other: ReactorStats) -> ReactorStats {
        ReactorStats {
            submitted: self.submitted + other.submitted,
            completed: self.completed + other.completed,
            failed: self.failed + other.failed,
            cancelled: self.cancelled + other.cancelled,
        }
    }
}

/// Queues operations and runs them when polled. The operations themselves are
/// blocking `std::fs` calls: the reactor decides when they run, not how.
#[derive(Debug)]
pub struct Reactor {
    id: usize,
    queue: Mutex<VecDeque<(IoOperation, PyFuture)>>,
    stats: Mutex<ReactorStats>,
}

/// Creates reactor number `id`.
pub fn create_reactor(id: usize) -> Result<Reactor, ReactorError> {
    Ok(Reactor {
        id,
        queue: Mutex::new(VecDeque::new()),
        stats: Mutex::new(ReactorStats::default()),
    })
}

impl Reactor {
    pub fn id(&self) -> usize {
        self.id
    }

    pub fn submit(&self, op: IoOperation) -> PyFuture {
        let future = PyFuture::pending();
        self.queue.lock().unwrap().push_back((op, future.clone()));
        self.stats.lock().unwrap().submitted += 1;
        future
    }

    /// Runs every queued operation; returns how many were run or dropped.
    pub fn poll(&self) -> usize {
        let batch: Vec<_> = self.queue.lock().unwrap().drain(..).collect();
        let count = batch.len();
        for (op, future) in batch {
            if future.is_cancelled() {
                self.stats.lock().unwrap().cancelled += 1;
                continue;
            }
            let outcome = run(op);
            let failed = outcome.is_err();
            if future.complete(outcome) {
                let mut stats = self.stats.lock().unwrap();
                if failed {
                    stats.failed += 1;
                } else {
                    stats.completed += 1;
                }
            } else {
                self.stats.lock().unwrap().cancelled += 1;
            }
        }
        count
    }

    pub fn pending(&self) -> usize {
        self.queue.lock().unwrap().len()
    }

    pub fn stats(&self) -> ReactorStats {
        *self.stats.lock().unwrap()
    }
}

fn run(op: IoOperation) -> Result<IoBuffer, ReactorError> {
    match op {
        IoOperation::Read { path } => Ok(IoBuffer::from(std::fs::read(path)?)),
        IoOperation::Write { path, data } => {
            std::fs::write(path, data.as_slice())?;
            Ok(IoBuffer::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::ErrorKind;

    /// A directory of the test's own under the temp dir, removed when dropped (after a
    /// failing assertion too), so test runs leave nothing behind.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(test: &str) -> Scratch {
            let pid = std::process::id();
            let dir = std::env::temp_dir().join(format!("dx-py-reactor-{pid}-{test}"));
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn path(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn write_then_read_round_trips() {
        let reactor = create_reactor(3).unwrap();
        assert_eq!(reactor.id(), 3);
        let scratch = Scratch::new("round-trip");
        let path = scratch.path("round-trip.txt");
        let written = reactor.submit(IoOperation::Write {
            path: path.clone(),
            data: b"hello".as_slice().into(),
        });
        assert!(!written.is_done());
        assert_eq!(reactor.pending(), 1);
        assert_eq!(reactor.poll(), 1);
        assert_eq!(written.take_result(), Some(Ok(IoBuffer::new())));
        let read = reactor.submit(IoOperation::Read { path });
        reactor.poll();
        assert_eq!(read.take_result().unwrap().unwrap().as_slice(), b"hello");
        assert_eq!(read.take_result(), None, "an outcome is taken once");
        assert_eq!(
            reactor.stats(),
            ReactorStats {
                submitted: 2,
                completed: 2,
                failed: 0,
                cancelled: 0
            }
        );
    }

    #[test]
    fn failures_and_cancellations_are_counted() {
        let reactor = create_reactor(0).unwrap();
        let scratch = Scratch::new("failures");
        let missing = reactor.submit(IoOperation::Read {
            path: scratch.path("does-not-exist"),
        });
        let cancelled = reactor.submit(IoOperation::Read {
            path: scratch.path("whatever"),
        });
        assert!(cancelled.cancel());
        assert_eq!(reactor.stats().in_flight(), 2);
        reactor.poll();
        match missing.take_result() {
            Some(Err(ReactorError::Io { kind, .. })) => assert_eq!(kind, ErrorKind::NotFound),
            other => panic!("expected NotFound, got {other:?}"),
        }
        assert_eq!(cancelled.take_result(), Some(Err(ReactorError::Cancelled)));
        let stats = reactor.stats();
        assert_eq!(
            (stats.failed, stats.cancelled, stats.in_flight()),
            (1, 1, 0)
        );
    }
}
