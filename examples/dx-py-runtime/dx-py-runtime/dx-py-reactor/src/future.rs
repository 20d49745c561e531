use crate::{IoBuffer, ReactorError};
use std::sync::{Arc, Mutex};

#[derive(Debug)]
enum State {
    Pending,
    Cancelled,
    Ready(Result<IoBuffer, ReactorError>),
    Taken,
}

/// The eventual result of a submitted operation. Clones share one state, so
/// the reactor completes the same future the caller holds.
#[derive(Debug, Clone)]
pub struct PyFuture {
    state: Arc<Mutex<State>>,
}

impl PyFuture {
    pub(crate) fn pending() -> Self {
        Self {
            state: Arc::new(Mutex::new(State::Pending)),
        }
    }

    /// Stores the outcome unless the future was cancelled first; returns
    /// whether the outcome was stored.
    pub(crate) fn complete(&self, outcome: Result<IoBuffer, ReactorError>) -> bool {
        let mut state = self.state.lock().unwrap();
        if matches!(*state, State::Pending) {
            *state = State::Ready(outcome);
            true
        } else {
            false
        }
    }

    /// True once the operation finished (successfully or not) or was cancelled.
    pub fn is_done(&self) -> bool {
        !matches!(*self.state.lock().unwrap(), State::Pending)
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(*self.state.lock().unwrap(), State::Cancelled)
    }

    /// Cancels a pending future; returns false when it had already finished.
    pub fn cancel(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        if matches!(*state, State::Pending) {
            *state = State::Cancelled;
            true
        } else {
            false
        }
    }

    /// Takes the outcome out of a finished future. `None` while pending and
    /// after the outcome was taken; a cancelled future yields `Cancelled`.
    pub fn take_result(&self) -> Option<Result<IoBuffer, ReactorError>> {
        let mut state = self.state.lock().unwrap();
        match std::mem::replace(&mut *state, State::Taken) {
            State::Ready(outcome) => Some(outcome),
            State::Cancelled => Some(Err(ReactorError::Cancelled)),
            other => {
                *state = other;
                None
            }
        }
    }
}
