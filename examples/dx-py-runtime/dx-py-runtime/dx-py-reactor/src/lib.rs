//! dx-py-reactor: the I/O reactors behind dx-py's `async` support.
//!
//! A [`Reactor`] queues [`IoOperation`]s and completes them when polled; each
//! submission hands back a [`PyFuture`] that the interpreter can wait on. A
//! [`ReactorPool`] spreads work over several reactors round-robin.

mod buffer;
mod error;
mod future;
mod pool;
mod reactor;

pub use buffer::IoBuffer;
pub use error::ReactorError;
pub use future::PyFuture;
pub use pool::ReactorPool;
pub use reactor::{create_reactor, IoOperation, Reactor, ReactorStats};
