//! How the engine uses more than one core: how many there are, and joining a helper
//! thread so that its panic (none is expected) surfaces in the caller, as it would had
//! the work run there.

use std::thread::ScopedJoinHandle;

/// The cores this process may use (1 when the system cannot say).
pub(crate) fn count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Waits for a helper's result, re-raising its panic here.
pub(crate) fn join<T>(helper: ScopedJoinHandle<'_, T>) -> T {
    helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
