//! The fixed vocabulary of the pathway contract (version 2), listed in
//! `docs/pack-format.md` (The contract); `docs/contract-v2-plan.md` says how the national
//! pack applies it.
//!
//! Cases are written against these ids once and checked against any version of the
//! national pack, so the engine insists that a national pack declares every one of them.

/// Facts every national pack must declare, with the values each may take.
pub const FACTS: &[&str] = &[
    "agency",
    "out_of_hours",
    "immediate_danger",
    "significant_harm",
    "child_in_need",
    "additional_needs",
    "allegation_against_adult_working_with_children",
    "allegation_about_own_staff",
    "removed_from_regulated_activity",
    "fgm_known",
    "fgm_at_risk",
    "regulated_professional",
    "radicalisation_concern",
    "modern_slavery_or_trafficking",
    "child_exploitation",
    "missing",
    "domestic_abuse",
    "domestic_abuse_high_risk",
    "private_fostering",
    "unborn_baby",
    "homeless_16_17",
    "adult_with_children",
    "parent_carer_of_disabled_child",
    "prisoner_posing_risk_to_children",
    "police_constable",
];

/// The fact whose question must come before every other question.
pub const IMMEDIATE_DANGER: &str = "immediate_danger";
/// The fact that chooses between the office-hours and the out-of-hours contact.
pub const OUT_OF_HOURS: &str = "out_of_hours";
/// The fact naming the practitioner's organisation.
pub const AGENCY: &str = "agency";

pub const AGENCIES: &[&str] = &[
    "school",
    "early_years",
    "health",
    "police",
    "british_transport_police",
    "childrens_social_care",
    "adult_social_care",
    "housing",
    "probation",
    "prison",
    "secure_estate",
    "youth_justice",
    "childrens_home",
    "cafcass",
    "immigration_border",
    "armed_forces",
    "public_health",
    "vcse",
    "sport",
    "other",
    "public",
];

pub const OUTCOMES: &[&str] = &[
    "call-999",
    "police-protection",
    "refer-csc-immediately",
    "refer-csc-child-in-need",
    "early-help",
    "universal-support",
    "inform-dsl",
    "lado-referral",
    "dbs-referral",
    "fgm-mandatory-report",
    "prevent-referral",
    "nrm-referral",
    "report-missing",
    "dash-risk-assessment",
    "marac-referral",
    "notify-private-fostering",
    "pre-birth-referral",
    "refer-homeless-16-17",
    "check-csc-known",
    "carers-assessment",
    "pprc-notifications",
    "operation-encompass",
    "notify-ofsted-early-years",
    "notify-ofsted-childrens-home",
    "public-advice",
];

/// Outcomes that must be shown before any other when present.
pub const FIRST_OUTCOMES: &[&str] = &["call-999", "police-protection"];

pub const CONTACTS: &[&str] = &[
    "police-999",
    "police-101",
    "csc-front-door",
    "csc-out-of-hours",
    "lado",
    "early-help",
    "prevent",
    "marac",
    "dsl",
    "nspcc-helpline",
    "childline",
    "modern-slavery-helpline",
    "dbs",
    "mod-dcyp",
    "domestic-abuse-helpline",
    "ofsted",
];

/// Outcomes whose due time the contract fixes ("When each outcome is due"): a pack must
/// declare exactly this `due` for them, so every pack agrees on the law's deadlines.
pub const FIXED_DUE: &[(&str, &str)] = &[
    ("call-999", "now"),
    ("police-protection", "now"),
    ("refer-csc-immediately", "now"),
    ("inform-dsl", "now"),
    ("report-missing", "now"),
    ("notify-ofsted-childrens-home", "now"),
    ("operation-encompass", "now"),
    ("lado-referral", "working-days:1"),
    ("fgm-mandatory-report", "working-days:1"),
    ("notify-ofsted-early-years", "days:14"),
];

/// The due time the contract fixes for `outcome`, if it fixes one.
pub fn fixed_due(outcome: &str) -> Option<&'static str> {
    FIXED_DUE.iter().find(|(o, _)| *o == outcome).map(|(_, due)| *due)
}

/// The values a contract fact may take: `agency` takes an agency id, the rest yes/no.
pub fn fact_values(fact: &str) -> &'static [&'static str] {
    if fact == AGENCY {
        AGENCIES
    } else {
        &["yes", "no"]
    }
}

pub fn is_contract_fact(id: &str) -> bool {
    FACTS.contains(&id)
}

pub fn is_contract_outcome(id: &str) -> bool {
    OUTCOMES.contains(&id)
}

pub fn is_contract_contact(id: &str) -> bool {
    CONTACTS.contains(&id)
}

/// The contract's version, for messages about case files written against an older one.
pub const VERSION: u32 = 2;

/// Facts added in version 2: a case file written for version 1 lacks them.
pub const ADDED_IN_V2: &[&str] = &["police_constable", "allegation_about_own_staff"];
