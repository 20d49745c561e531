use std::fmt;
use std::io;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReactorError {
    /// A pool needs at least one reactor.
    InvalidPoolSize,
    /// The operating system refused an operation.
    Io {
        kind: io::ErrorKind,
        message: String,
    },
    /// The future was cancelled before its operation ran.
    Cancelled,
}

impl fmt::Display for ReactorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReactorError::InvalidPoolSize => write!(f, "a reactor pool needs at least one reactor"),
            ReactorError::Io { message, .. } => write!(f, "I/O error: {message}"),
            ReactorError::Cancelled => write!(f, "operation cancelled"),
        }
    }
}

impl std::error::Error for ReactorError {}

impl From<io::Error> for ReactorError {
    fn from(e: io::Error) -> Self {
        ReactorError::Io {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}
