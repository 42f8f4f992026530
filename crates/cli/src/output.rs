//! Shared printing: diagnostics, and loading packs with the exit code for failure.

use pathway::{Diagnostics, PackSet};
use std::path::PathBuf;

/// Exit code for a file that cannot be read or a pack that does not check.
pub const BAD_INPUT: u8 = 2;

pub fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}");
    }
    eprintln!("{} problem(s) found", diags.len());
}

/// Loads packs, printing every problem on failure.
pub fn load_packs(dirs: &[PathBuf]) -> Result<PackSet, u8> {
    PackSet::load(dirs).map_err(|diags| {
        print_diagnostics(&diags);
        BAD_INPUT
    })
}

/// The packs to use: those given, or the national pack in its usual place.
pub fn pack_dirs(given: &[PathBuf]) -> Vec<PathBuf> {
    if given.is_empty() {
        vec![PathBuf::from("pathways/england")]
    } else {
        given.to_vec()
    }
}
