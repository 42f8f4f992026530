//! The Safeguarding Pathways engine: loads pathway packs (TOML), checks them, holds them
//! as a petgraph graph, and walks them from a worry to actions and contacts.
//!
//! Start reading at [`PackSet::load`] (loading and checking), then [`Walk`] (the step
//! API the app and the terminal walk use) and [`triage`] (a whole walk from a case's
//! facts). No Tauri, no SQLite, no I/O beyond reading pack and case files.

mod case;
mod check;
pub mod contract;
mod diagnostic;
mod due;
mod format;
#[cfg(any(test, feature = "generate"))]
pub mod generate;
pub mod guidance;
mod hours;
mod keys;
mod load;
mod model;
mod numbers;
pub mod render;
mod source_text;
pub mod summary;
mod triage;
mod walk;

pub use case::{case_files, Case, CaseError, Expect};
pub use diagnostic::{Diagnostic, Diagnostics, Location, Rule};
pub use due::{Deadline, Due, InvalidDue, WorkingCalendar, DUE_FORMS};
pub use format::{ContactKind, NodeKind};
pub use hours::OfficeHours;
pub use load::{PackInput, MAX_DEPTH, MAX_FILE_BYTES};
pub use model::*;
pub use numbers::is_drama_number;
pub use triage::triage;
pub use walk::{citations, Citation, ComingInView, Facts, ItemView, OptionView, OutcomeView, PathStep, Screen, ScreenView, Walk, WalkError, WalkResult};

use std::path::Path;

impl PackSet {
    /// Reads and checks packs from folders: one national pack and any local packs.
    /// Every problem in every file is reported together.
    pub fn load<P: AsRef<Path>>(dirs: &[P]) -> Result<PackSet, Diagnostics> {
        let mut diags = Diagnostics::default();
        let inputs: Vec<PackInput> = dirs.iter().map(|d| PackInput::read_dir(d.as_ref(), &mut diags)).collect();
        Self::from_read(&inputs, diags)
    }

    /// Checks packs that were read with problems `read` (files that could not be read
    /// or parsed); any problem, from reading or checking, refuses them all together.
    pub fn from_read(inputs: &[PackInput], mut read: Diagnostics) -> Result<PackSet, Diagnostics> {
        match (Self::from_inputs(inputs), read.is_empty()) {
            (Ok(packs), true) => Ok(packs),
            (Ok(_), false) => Err(read.sorted()),
            (Err(more), _) => {
                read.0.extend(more.0);
                Err(read.sorted())
            }
        }
    }

    /// Checks packs already in memory (tests, fuzzing, the app's bundled pack).
    pub fn from_inputs(inputs: &[PackInput]) -> Result<PackSet, Diagnostics> {
        check::check(inputs)
    }

    /// True when the office hours of the local pack say the front door is closed at
    /// `at`; `None` when no local pack gives office hours.
    pub fn out_of_hours_at(&self, at: jiff::civil::DateTime) -> Option<bool> {
        self.office_hours().map(|h| !h.is_open(at))
    }
}
