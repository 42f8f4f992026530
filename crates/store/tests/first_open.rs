//! A store opened while SQLite is still starting up on another thread.
//!
//! SQLite marks itself initialised, and lets go of its lock, before SQLCipher's own
//! set-up (`sqlcipher_extra_init`) has run. A thread that opened a file in that window
//! found SQLCipher not ready, and `sqlite3_key` failed ("keying failed (code 1)"): now
//! and then in CI, when several tests opened their first files at once.
//!
//! The window is microseconds wide, so the test widens it: it gives SQLite a mutex
//! implementation that wraps the real one and, on the starting thread only, pauses
//! before taking SQLite's main lock once SQLite calls itself initialised. SQLCipher's
//! set-up takes that lock first thing, so it waits, and the window stays open.
//!
//! This file holds one test only: each test file is its own process, and SQLite starts
//! up once per process (a mutex implementation can only be given before that).
// This test replaces SQLite's mutex implementation through its C API (documented above).
#![allow(unsafe_code)]

mod common;

use common::PASS;
use rusqlite::ffi;
use std::cell::Cell;
use std::ffi::c_int;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use std::sync::OnceLock;
use std::thread;
use std::time::Duration;
use store::Store;

/// How long the starting thread holds the window open.
const WINDOW: Duration = Duration::from_millis(200);

#[test]
fn a_store_opened_while_sqlite_starts_up_on_another_thread_is_keyed() {
    install_slow_main_lock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let opener = thread::spawn(move || {
        while !sqlite_says_it_is_initialised() {
            thread::yield_now();
        }
        Store::create(&path, PASS).map(drop)
    });
    // Something else in the process starts SQLite up: here, a plain connection.
    STARTER.with(|s| s.set(true));
    let _other = rusqlite::Connection::open_in_memory().unwrap();
    let opened = opener.join().unwrap();
    assert!(PAUSED.load(Ordering::SeqCst), "the window was never held open: the test proves nothing");
    assert!(opened.is_ok(), "{opened:?}");
}

/// SQLite refuses `sqlite3_config` once it is initialised, and only then. The option
/// set here is SQLite's default, so asking changes nothing.
fn sqlite_says_it_is_initialised() -> bool {
    // SAFETY: SQLITE_CONFIG_SMALL_MALLOC takes one int; no pointer is involved.
    unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_SMALL_MALLOC, 0 as c_int) == ffi::SQLITE_MISUSE }
}

thread_local! {
    /// Set on the thread that starts SQLite up; only it is slowed.
    static STARTER: Cell<bool> = const { Cell::new(false) };
}
/// SQLite's own mutex implementation, which the wrapper calls through to.
static REAL: OnceLock<ffi::sqlite3_mutex_methods> = OnceLock::new();
/// SQLite's main static mutex, recorded when SQLite allocates it.
static MAIN: AtomicPtr<ffi::sqlite3_mutex> = AtomicPtr::new(ptr::null_mut());
static PAUSED: AtomicBool = AtomicBool::new(false);

fn install_slow_main_lock() {
    let mut real = ffi::sqlite3_mutex_methods {
        xMutexInit: None,
        xMutexEnd: None,
        xMutexAlloc: None,
        xMutexFree: None,
        xMutexEnter: None,
        xMutexTry: None,
        xMutexLeave: None,
        xMutexHeld: None,
        xMutexNotheld: None,
    };
    // SAFETY: before SQLite starts up, allocating a static mutex sets up its default
    // mutex implementation (and nothing else), GETMUTEX copies that out and MUTEX
    // installs ours; SQLite copies the struct, and REAL outlives every call.
    unsafe {
        MAIN.store(ffi::sqlite3_mutex_alloc(ffi::SQLITE_MUTEX_STATIC_MAIN), Ordering::SeqCst);
        assert_eq!(ffi::sqlite3_config(ffi::SQLITE_CONFIG_GETMUTEX, &mut real as *mut ffi::sqlite3_mutex_methods), ffi::SQLITE_OK);
        let real = REAL.get_or_init(|| real);
        let wrapped = ffi::sqlite3_mutex_methods { xMutexAlloc: Some(alloc), xMutexEnter: Some(enter), ..*real };
        assert_eq!(ffi::sqlite3_config(ffi::SQLITE_CONFIG_MUTEX, &wrapped as *const ffi::sqlite3_mutex_methods), ffi::SQLITE_OK);
    }
}

unsafe extern "C" fn alloc(kind: c_int) -> *mut ffi::sqlite3_mutex {
    // SAFETY: REAL is set before SQLite can call this; the call goes straight through.
    let mutex = unsafe { REAL.get().unwrap().xMutexAlloc.unwrap()(kind) };
    if kind == ffi::SQLITE_MUTEX_STATIC_MAIN {
        MAIN.store(mutex, Ordering::SeqCst);
    }
    mutex
}

unsafe extern "C" fn enter(mutex: *mut ffi::sqlite3_mutex) {
    let holds_the_window = mutex == MAIN.load(Ordering::SeqCst) && STARTER.with(Cell::get) && !PAUSED.load(Ordering::SeqCst) && sqlite_says_it_is_initialised();
    if holds_the_window {
        PAUSED.store(true, Ordering::SeqCst);
        thread::sleep(WINDOW);
    }
    // SAFETY: as in `alloc`.
    unsafe { REAL.get().unwrap().xMutexEnter.unwrap()(mutex) }
}
