//! Glue between the interpreter's `async` support and dx-py-reactor: file I/O
//! submitted to a reactor pool, awaited as futures.

use dx_py_reactor::PyFuture;
use dx_py_reactor::Reactor;
use dx_py_reactor::ReactorPool;
use dx_py_reactor::ReactorStats;
use std::path::Path;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AsyncStats {
    pub reactors: usize,
    pub total_ops: u64,
    pub pending_ops: u64,
    pub failed_ops: u64,
}

pub struct AsyncRuntime {
    workers: usize,
    /// Reactor 0 serves the interpreter's own event loop.
    main: Option<Reactor>,
    pool: Option<ReactorPool>,
}

impl AsyncRuntime {
    pub fn new(workers: usize) -> Self {
        Self {
            workers,
            main: None,
            pool: None,
        }
    }

    pub fn init(&mut self) -> Result<(), String> {
        self.main = Some(Reactor::new(0).map_err(|e| e.to_string())?);
        self.pool = Some(ReactorPool::with_threads(self.workers).map_err(|e| e.to_string())?);
        Ok(())
    }

    pub fn is_initialized(&self) -> bool {
        self.main.is_some() && self.pool.is_some()
    }

    fn pool(&self) -> Result<&ReactorPool, String> {
        self.pool
            .as_ref()
            .ok_or_else(|| "the async runtime is not initialised".to_string())
    }

    pub fn read_file(&self, path: impl AsRef<Path>) -> Result<PyFuture, String> {
        Ok(self.pool()?.submit_read(path.as_ref()))
    }

    pub fn write_file(&self, path: impl AsRef<Path>, data: &[u8]) -> Result<PyFuture, String> {
        Ok(self.pool()?.submit_write(path.as_ref(), data.to_vec()))
    }

    /// Runs queued operations on every reactor; returns how many ran.
    pub fn poll(&self) -> usize {
        let main = self.main.as_ref().map_or(0, |r| r.poll());
        main + self.pool.as_ref().map_or(0, |p| p.poll_all())
    }

    /// Polls until `future` is complete, then returns its result.
    pub fn wait(&self, future: &PyFuture) -> Result<Vec<u8>, String> {
        while !future.is_complete() {
            self.poll();
        }
        if let Some(error) = future.error() {
            return Err(error);
        }
        Ok(future.result())
    }

    pub fn stats(&self) -> AsyncStats {
        let Some(pool) = self.pool.as_ref() else {
            return AsyncStats::default();
        };
        let stats: ReactorStats = pool.stats();
        AsyncStats {
            reactors: pool.len() + 1,
            total_ops: stats.total_ops,
            pending_ops: stats.pending_ops,
            failed_ops: stats.failed_ops,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file path in a directory of its own under the temp dir. The directory goes when
    /// this is dropped (after a failing assertion too), so test runs leave nothing behind.
    struct Scratch {
        dir: std::path::PathBuf,
        file: std::path::PathBuf,
    }

    impl std::ops::Deref for Scratch {
        type Target = std::path::Path;
        fn deref(&self) -> &std::path::Path {
            &self.file
        }
    }

    impl AsRef<std::path::Path> for Scratch {
        fn as_ref(&self) -> &std::path::Path {
            &self.file
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let pid = std::process::id();
        let dir = std::env::temp_dir().join(format!("dx-py-interpreter-{pid}-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch {
            file: dir.join(name),
            dir,
        }
    }

    #[test]
    fn test_init() {
        let mut runtime = AsyncRuntime::new(2);
        assert!(!runtime.is_initialized());
        assert!(runtime.read_file("x").is_err());
        runtime.init().unwrap();
        assert!(runtime.is_initialized());
        assert_eq!(runtime.stats().reactors, 3);
    }

    #[test]
    fn test_write_then_read() {
        let mut runtime = AsyncRuntime::new(2);
        runtime.init().unwrap();
        let path = scratch("async-roundtrip.txt");
        let written = runtime.write_file(&path, b"print('hi')").unwrap();
        assert!(!written.is_complete());
        runtime.wait(&written).unwrap();
        let read = runtime.read_file(&path).unwrap();
        assert_eq!(runtime.wait(&read).unwrap(), b"print('hi')".to_vec());
        assert_eq!(runtime.stats().total_ops, 2);
    }

    #[test]
    fn test_missing_file_fails() {
        let mut runtime = AsyncRuntime::new(1);
        runtime.init().unwrap();
        let future = runtime.read_file(scratch("missing.txt")).unwrap();
        assert!(runtime.wait(&future).is_err());
        assert!(future.error().is_some());
    }
}
