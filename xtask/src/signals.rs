//! Ctrl-C and SIGTERM turned into a flag that `dev` polls, so it can stop its children itself
//! instead of dying and leaving them running.

use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
mod sys {
    use std::ffi::c_int;

    pub const SIGINT: c_int = 2;
    pub const SIGTERM: c_int = 15;

    unsafe extern "C" {
        pub fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
        pub fn kill(pid: c_int, sig: c_int) -> c_int;
    }

    pub extern "C" fn on_signal(_: c_int) {
        // Only an atomic store: anything more is not async-signal-safe.
        super::STOP.store(true, super::Ordering::SeqCst);
    }
}

/// From now on Ctrl-C and SIGTERM set the flag instead of ending the process. Children started
/// later still get the default behaviour: exec resets caught signals.
pub fn catch_stop_signals() {
    #[cfg(unix)]
    // SAFETY: `signal` is given a valid handler that only performs an atomic store.
    unsafe {
        sys::signal(sys::SIGINT, sys::on_signal);
        sys::signal(sys::SIGTERM, sys::on_signal);
    }
}

pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Asks a child to shut down cleanly (SIGTERM); elsewhere, kills it.
pub fn terminate(child: &mut Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: `kill` only sends a signal; the pid is our own child, not yet reaped.
            unsafe {
                sys::kill(pid, sys::SIGTERM);
            }
            return;
        }
    }
    let _ = child.kill();
}
