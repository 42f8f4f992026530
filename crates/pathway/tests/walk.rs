//! The step API the app and the terminal walk use, over the mini packs.

mod common;
use common::{context, facts, mini, mini_with_local};
use pathway::{triage, Case, CaseError, Screen, Walk, WalkError};

fn ids(result: &pathway::WalkResult) -> Vec<&str> {
    result.outcomes.iter().map(|o| o.id.as_str()).collect()
}

#[test]
fn a_walk_needs_its_context_facts() {
    let packs = mini();
    assert_eq!(Walk::start(&packs, facts(&[("agency", "school")])).unwrap_err(), WalkError::MissingFact { fact: "out_of_hours".into() });
    let err = Walk::start(&packs, context("plumber", "no")).unwrap_err();
    assert!(matches!(err, WalkError::InvalidValue { ref fact, .. } if fact == "agency"), "{err:?}");
}

#[test]
fn the_first_screen_asks_about_danger() {
    let packs = mini();
    let walk = Walk::start(&packs, context("school", "no")).unwrap();
    let view = walk.screen(&packs);
    assert_eq!(view.step, 1);
    assert!(!view.can_go_back);
    match view.screen {
        Screen::Question { fact, options, help, sources, .. } => {
            assert_eq!(fact, "immediate_danger");
            assert_eq!(options.len(), 2);
            assert!(help.is_some());
            assert_eq!(sources[0].title, "Test fixture");
            assert_eq!(sources[0].edition.as_deref(), Some("Test edition, published 1 January 2026"));
        }
        other => panic!("expected a question, got {other:?}"),
    }
}

#[test]
fn danger_yes_leads_to_999_first_and_police_get_police_protection() {
    let packs = mini();
    let mut walk = Walk::start(&packs, context("police", "no")).unwrap();
    walk.answer(&packs, &facts(&[("immediate_danger", "yes")])).unwrap();
    // Police protection is a constable's power: the police are asked which they are.
    assert!(matches!(walk.screen(&packs).screen, Screen::Question { ref fact, .. } if fact == "police_constable"));
    let mut staff = walk.clone();
    walk.answer(&packs, &facts(&[("police_constable", "yes")])).unwrap();
    // Straight to the checklist: the actions are passed without a screen.
    assert!(matches!(walk.screen(&packs).screen, Screen::Checklist { .. }));
    walk.answer(&packs, &facts(&[])).unwrap();
    assert!(walk.is_finished(&packs));
    let result = walk.result(&packs);
    assert_eq!(ids(&result), ["call-999", "police-protection", "refer-csc-immediately"]);
    assert_eq!(result.contacts, ["police-999", "csc-front-door"]);
    assert_eq!(result.screens, 3);
    let csc = &result.outcomes[2];
    assert_eq!(csc.notes, ["Say it is urgent."], "the action node's own text is kept");
    staff.answer(&packs, &facts(&[("police_constable", "no")])).unwrap();
    staff.answer(&packs, &facts(&[])).unwrap();
    assert_eq!(ids(&staff.result(&packs)), ["call-999", "refer-csc-immediately"]);
}

#[test]
fn outcomes_due_now_come_before_the_rest_each_in_the_packs_order() {
    let packs = mini();
    let mut walk = Walk::start(&packs, context("school", "no")).unwrap();
    walk.answer(&packs, &facts(&[("immediate_danger", "no")])).unwrap();
    walk.answer(&packs, &facts(&[("significant_harm", "no")])).unwrap();
    walk.answer(&packs, &facts(&[("fgm_known", "yes"), ("missing", "yes")])).unwrap();
    walk.answer(&packs, &facts(&[("regulated_professional", "yes")])).unwrap();
    let result = walk.result(&packs);
    // The pack declares inform-dsl, fgm-mandatory-report, report-missing in that order;
    // the FGM report can wait a working day, so it goes after both.
    assert_eq!(ids(&result), ["inform-dsl", "report-missing", "fgm-mandatory-report"]);
    let due: Vec<String> = result.outcomes.iter().map(|o| o.due.to_string()).collect();
    assert_eq!(due, ["now", "now", "working-days:1"]);
}

#[test]
fn the_working_calendar_comes_from_the_local_pack() {
    use jiff::civil::{date, Time};
    let national = mini().working_calendar();
    assert!(!national.from_local_pack);
    assert_eq!(national, pathway::WorkingCalendar::default());
    let local = mini_with_local().working_calendar();
    assert!(local.from_local_pack);
    assert_eq!(local.closed_dates, [date(2026, 12, 25)]);
    assert_eq!(local.days[4], Some((Time::constant(9, 0, 0, 0), Time::constant(16, 30, 0, 0))));
    // Thursday 24 December 2026: Friday is Christmas Day, so Monday 28 at 17:00.
    let due = pathway::Due::WorkingDays(1).deadline(date(2026, 12, 24).at(10, 0, 0, 0), &local);
    assert_eq!(due, pathway::Deadline::By(date(2026, 12, 28).at(17, 0, 0, 0)));
}

#[test]
fn back_returns_to_the_previous_screen_with_its_answer_marked() {
    let packs = mini();
    let mut walk = Walk::start(&packs, context("school", "no")).unwrap();
    walk.answer(&packs, &facts(&[("immediate_danger", "no")])).unwrap();
    walk.answer(&packs, &facts(&[("significant_harm", "yes")])).unwrap();
    assert_eq!(walk.screen(&packs).step, 3);
    assert!(walk.back(&packs));
    match walk.screen(&packs).screen {
        Screen::Question { fact, options, .. } => {
            assert_eq!(fact, "significant_harm");
            assert!(options.iter().find(|o| o.value == "yes").unwrap().previous);
        }
        other => panic!("{other:?}"),
    }
    assert!(walk.result(&packs).outcomes.is_empty(), "the action after the undone answer is undone too");
    assert!(walk.back(&packs));
    assert!(!walk.back(&packs), "nothing before the first screen");
    assert_eq!(walk.screen(&packs).step, 1);
}

#[test]
fn checklist_items_not_ticked_are_no_and_other_facts_are_refused() {
    let packs = mini();
    let mut walk = Walk::start(&packs, context("health", "no")).unwrap();
    walk.answer(&packs, &facts(&[("immediate_danger", "no")])).unwrap();
    walk.answer(&packs, &facts(&[("significant_harm", "no")])).unwrap();
    assert_eq!(walk.answer(&packs, &facts(&[("significant_harm", "no")])), Err(WalkError::NotOnScreen { fact: "significant_harm".into() }));
    let bad = walk.answer(&packs, &facts(&[("missing", "perhaps")]));
    assert!(matches!(bad, Err(WalkError::InvalidValue { .. })), "{bad:?}");
    walk.answer(&packs, &facts(&[("missing", "yes")])).unwrap();
    let result = walk.result(&packs);
    assert!(result.finished);
    assert_eq!(ids(&result), ["inform-dsl", "report-missing"]);
    let answered: Vec<(&str, &str)> = result.path.iter().filter_map(|s| Some((s.fact.as_deref()?, s.answer.as_deref()?))).collect();
    assert!(answered.contains(&("fgm_known", "no")) && answered.contains(&("local_extra", "no")));
}

/// The facts of the checklist screen the walk is at.
fn items_shown(walk: &Walk, packs: &pathway::PackSet) -> Vec<String> {
    match walk.screen(packs).screen {
        Screen::Checklist { items, .. } => items.into_iter().map(|i| i.fact).collect(),
        other => panic!("expected a checklist, got {other:?}"),
    }
}

#[test]
fn a_guarded_checklist_item_is_shown_only_when_its_guard_holds() {
    let packs = mini();
    let at_checklist = |agency: &str| {
        let mut walk = Walk::start(&packs, context(agency, "no")).unwrap();
        walk.answer(&packs, &facts(&[("immediate_danger", "no")])).unwrap();
        walk.answer(&packs, &facts(&[("significant_harm", "no")])).unwrap();
        walk
    };
    let mut school = at_checklist("school");
    assert_eq!(items_shown(&school, &packs), ["fgm_known", "missing", "local_extra"]);
    assert_eq!(school.asks(&packs), ["fgm_known", "missing", "local_extra"]);
    // Not shown, so it cannot be answered; it is "no" without being asked.
    assert_eq!(
        school.answer(&packs, &facts(&[("prisoner_posing_risk_to_children", "yes")])),
        Err(WalkError::NotOnScreen { fact: "prisoner_posing_risk_to_children".into() })
    );
    school.answer(&packs, &facts(&[])).unwrap();
    let result = school.result(&packs);
    assert_eq!(result.facts["prisoner_posing_risk_to_children"], "no");
    assert!(!result.path.iter().any(|s| s.fact.as_deref() == Some("prisoner_posing_risk_to_children")), "not a step the user saw");

    let mut prison = at_checklist("prison");
    assert_eq!(items_shown(&prison, &packs), ["fgm_known", "missing", "local_extra", "prisoner_posing_risk_to_children"]);
    prison.answer(&packs, &facts(&[("prisoner_posing_risk_to_children", "yes")])).unwrap();
    assert_eq!(ids(&prison.result(&packs)), ["pprc-notifications"]);
}

#[test]
fn triage_does_not_ask_an_item_that_is_not_shown() {
    let packs = mini();
    let mut f = all_no("school");
    f.insert("prisoner_posing_risk_to_children".into(), "yes".into());
    let result = triage(&packs, &f).unwrap();
    assert!(!ids(&result).contains(&"pprc-notifications"), "{:?}", ids(&result));
    // Nor does it need the fact at all.
    f.remove("prisoner_posing_risk_to_children");
    assert!(triage(&packs, &f).is_ok());
    let mut f = all_no("secure_estate");
    f.insert("prisoner_posing_risk_to_children".into(), "yes".into());
    assert_eq!(ids(&triage(&packs, &f).unwrap()), ["pprc-notifications"]);
    f.remove("prisoner_posing_risk_to_children");
    assert_eq!(triage(&packs, &f).unwrap_err(), WalkError::MissingFact { fact: "prisoner_posing_risk_to_children".into() });
}

#[test]
fn a_contact_under_several_guards_is_named_once_when_any_holds() {
    // The checker accepts report-missing's police-999 listed twice (loading is the test).
    let packs = mini();
    let contacts = |changes: &[(&str, &str)]| {
        let mut f = all_no("school");
        f.insert("missing".into(), "yes".into());
        for (k, v) in changes {
            f.insert(k.to_string(), v.to_string());
        }
        let result = triage(&packs, &f).unwrap();
        let missing = result.outcomes.iter().find(|o| o.id == "report-missing").unwrap();
        missing.contacts.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(contacts(&[("immediate_danger", "yes"), ("local_extra", "yes")]), ["police-999"], "both guards hold: once");
    assert_eq!(contacts(&[("immediate_danger", "yes")]), ["police-999"]);
    assert_eq!(contacts(&[("local_extra", "yes")]), ["police-999"]);
    assert_eq!(contacts(&[]), ["police-101"]);
}

#[test]
fn changes_coming_in_the_law_are_carried_with_their_citations() {
    let packs = mini();
    let mut f = all_no("school");
    f.insert("significant_harm".into(), "yes".into());
    let result = triage(&packs, &f).unwrap();
    let csc = result.outcomes.iter().find(|o| o.id == "refer-csc-immediately").unwrap();
    assert_eq!(csc.coming_in.len(), 1);
    let coming = &csc.coming_in[0];
    assert_eq!((coming.title.as_str(), coming.text.as_str()), ("Test Act 2027", "The front door will take referrals online too."));
    assert_eq!(coming.sources[0].cite, "coming s1");
    assert_eq!(coming.sources[0].title, "A Bill before Parliament (test)");
    assert_eq!(coming.sources[0].edition.as_deref(), Some("As introduced, 1 December 2026"));
    assert_eq!(packs.source("coming").unwrap().edition, "As introduced, 1 December 2026");
    assert!(result.outcomes.iter().filter(|o| o.id != "refer-csc-immediately").all(|o| o.coming_in.is_empty()));
    let school = packs.agencies().iter().find(|a| a.id == "school").unwrap();
    assert_eq!(school.coming_in[0].sources, ["coming s2"]);
    assert!(packs.agencies().iter().filter(|a| a.id != "school").all(|a| a.coming_in.is_empty()));
}

#[test]
fn a_guarded_action_is_passed_without_its_outcome_when_the_guard_fails() {
    let packs = mini();
    let result = triage(&packs, &all_no("vcse")).unwrap();
    assert!(ids(&result).is_empty(), "{:?}", ids(&result));
    assert!(result.visited.contains(&"act-dsl".to_string()), "passed through");
    assert!(!result.path.iter().any(|s| s.node == "act-dsl"), "but not a step of the path");
    assert_eq!(result.visited.last().map(String::as_str), Some("end"));
}

fn all_no(agency: &str) -> pathway::Facts {
    let mut f: pathway::Facts = pathway::contract::FACTS.iter().map(|f| (f.to_string(), "no".to_string())).collect();
    f.insert("agency".into(), agency.into());
    f
}

#[test]
fn out_of_hours_chooses_the_emergency_duty_team_from_the_local_pack() {
    let packs = mini_with_local();
    let mut f = all_no("health");
    f.insert("significant_harm".into(), "yes".into());
    f.insert("out_of_hours".into(), "yes".into());
    let result = triage(&packs, &f).unwrap();
    assert_eq!(result.contacts, ["csc-out-of-hours"]);
    let csc = result.outcomes.iter().find(|o| o.id == "refer-csc-immediately").unwrap();
    assert_eq!(csc.contacts[0].numbers[0].value, "0117 496 0456", "the local pack fills the national placeholder");
    assert_eq!(csc.additions[0].pack, "mini-local");
    assert!(packs.escalation().unwrap().text.contains("manager"));
}

#[test]
fn office_hours_decide_out_of_hours() {
    let packs = mini_with_local();
    let saturday_evening = jiff::civil::date(2026, 11, 21).at(19, 40, 0, 0);
    let monday_morning = jiff::civil::date(2026, 11, 23).at(10, 0, 0, 0);
    let friday_late = jiff::civil::date(2026, 11, 27).at(16, 45, 0, 0);
    assert_eq!(packs.out_of_hours_at(saturday_evening), Some(true));
    assert_eq!(packs.out_of_hours_at(monday_morning), Some(false));
    assert_eq!(packs.out_of_hours_at(friday_late), Some(true));
    assert_eq!(mini().out_of_hours_at(monday_morning), None, "no local pack, no office hours");
}

#[test]
fn triage_lists_facts_taken_from_defaults_and_refuses_missing_contract_facts() {
    let packs = mini();
    let mut f = all_no("school");
    let result = triage(&packs, &f).unwrap();
    assert_eq!(result.assumed, ["local_extra"]);
    f.remove("significant_harm");
    assert_eq!(triage(&packs, &f).unwrap_err(), WalkError::MissingFact { fact: "significant_harm".into() });
}

/// A case file of the mini pack: every contract fact "no" but those changed, then `extra`.
fn case(agency: &str, changes: &[(&str, &str)], leave_out: &[&str], extra: &str) -> Result<Case, CaseError> {
    let mut text = format!("title = \"t\"\n[facts]\nagency = \"{agency}\"\n");
    for fact in pathway::contract::FACTS.iter().filter(|f| **f != "agency" && !leave_out.contains(f)) {
        let value = changes.iter().find(|(f, _)| f == fact).map_or("no", |(_, v)| v);
        text.push_str(&format!("{fact} = \"{value}\"\n"));
    }
    text.push_str(extra);
    Case::parse(std::path::Path::new("case.toml"), text.as_bytes())
}

#[test]
fn due_expectations_are_checked_against_the_walk() {
    let packs = mini();
    let expect = "[expect]\ndue = { \"refer-csc-immediately\" = \"now\", \"inform-dsl\" = \"working-days:1\", \"lado-referral\" = \"working-days:1\" }\n";
    let case = case("school", &[("significant_harm", "yes")], &[], expect).unwrap();
    let result = triage(&packs, &case.facts).unwrap();
    let unmet = case.unmet(&result);
    assert!(unmet.contains(&"`inform-dsl` is due `now`; expected `working-days:1`".to_string()), "{unmet:?}");
    assert!(unmet.contains(&"expected outcome `lado-referral` due `working-days:1`, which is missing".to_string()), "{unmet:?}");
    assert!(!unmet.iter().any(|u| u.contains("refer-csc-immediately` is due")), "{unmet:?}");
    let met = self::case("school", &[("significant_harm", "yes")], &[], "[expect]\ndue = { \"inform-dsl\" = \"now\" }\n").unwrap();
    assert!(met.unmet(&result).is_empty());
}

#[test]
fn a_case_that_expects_nothing_is_never_met() {
    let packs = mini();
    for extra in ["", "[expect]\n"] {
        let case = case("school", &[], &[], extra).unwrap();
        let result = triage(&packs, &case.facts).unwrap();
        let unmet = case.unmet(&result);
        assert_eq!(unmet.len(), 1, "{unmet:?}");
        assert!(unmet[0].contains("every case needs"), "{unmet:?}");
    }
}

#[test]
fn a_case_may_give_the_packs_own_facts_but_no_others() {
    let packs = mini();
    let ok = case("school", &[], &[], "local_extra = \"yes\"\n").unwrap();
    ok.check_against(&packs).unwrap();
    let typo = case("school", &[], &[], "locl_extra = \"yes\"\n").unwrap();
    let err = typo.check_against(&packs).unwrap_err().to_string();
    assert!(err.starts_with("case.toml:28:1: case-file: `locl_extra` is neither a fact of the contract nor one the pack `mini` declares"), "{err}");
    let value = case("school", &[], &[], "local_extra = \"maybe\"\n").unwrap();
    let err = value.check_against(&packs).unwrap_err().to_string();
    assert!(err.starts_with("case.toml:28:15: case-file: `maybe` is not a value of `local_extra` (allowed: yes, no)"), "{err}");
}

#[test]
fn a_version_1_case_lacks_the_facts_version_2_added() {
    let packs = mini();
    let v1 = case("police", &[("immediate_danger", "yes")], &["police_constable", "allegation_about_own_staff"], "").unwrap();
    let err = triage(&packs, &v1.facts).unwrap_err();
    assert_eq!(err, WalkError::MissingFact { fact: "police_constable".into() });
    assert!(v1.explain(&err).contains("case files written for contract version 1 lack police_constable and allegation_about_own_staff"));
    // A walk that does not need them finishes.
    let v1 = case("school", &[], &["police_constable", "allegation_about_own_staff"], "").unwrap();
    assert!(triage(&packs, &v1.facts).is_ok());
}

#[test]
fn progress_counts_screens_and_the_most_that_can_follow() {
    let packs = mini();
    let walk = Walk::start(&packs, context("school", "no")).unwrap();
    let view = walk.screen(&packs);
    // danger → constable → concerns → regulated, or danger → harm → concerns →
    // regulated: at most three more screens.
    assert_eq!(view.at_most_remaining, 3);
}

#[test]
fn the_plain_text_summary_holds_the_outcomes_the_answers_and_the_packs() {
    let packs = mini_with_local();
    let mut f = all_no("school");
    f.insert("significant_harm".into(), "yes".into());
    let result = triage(&packs, &f).unwrap();
    let text = pathway::summary::plain_text(&packs, &result);
    for expected in [
        "Do refer-csc-immediately",
        "Mini front door",
        "020 7946 0123",
        "Is the child suffering, or likely to suffer, significant harm?: Yes",
        "Mini local test pack",
        "review by 2030-01-01",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn the_summary_with_due_times_says_by_when_on_the_front_doors_calendar() {
    let mut f = all_no("health");
    f.insert("fgm_known".into(), "yes".into());
    f.insert("regulated_professional".into(), "yes".into());
    // Christmas Eve, a Thursday: the FGM report is due within one working day.
    let now = jiff::civil::date(2026, 12, 24).at(10, 0, 0, 0);

    let packs = mini_with_local();
    let result = triage(&packs, &f).unwrap();
    assert!(ids(&result).contains(&"fgm-mandatory-report"), "{:?}", ids(&result));
    let text = pathway::summary::plain_text_due(&packs, &result, now, &packs.working_calendar());
    assert!(text.contains("Due times worked out at 10:00 on Thursday 24 December 2026.\n"), "{text}");
    // The local pack closes on Christmas Day: the next working day is Monday.
    assert!(text.contains("   Due: by 17:00 on Monday 28 December\n"), "{text}");

    // Without a local pack the summary says the calendar is assumed.
    let packs = mini();
    let result = triage(&packs, &f).unwrap();
    let text = pathway::summary::plain_text_due(&packs, &result, now, &packs.working_calendar());
    assert!(text.contains(", assuming the front door works Monday to Friday, 09:00 to 17:00, with no bank holidays"), "{text}");
    assert!(text.contains("   Due: by 17:00 on Friday 25 December\n"), "{text}");
    // Without a clock (the CLI's triage) there is no due time to give.
    assert!(!pathway::summary::plain_text(&packs, &result).contains("Due"));
}

#[test]
fn review_dates_are_checked_against_today() {
    let packs = mini();
    assert!(!packs.national().review_overdue(jiff::civil::date(2029, 12, 31)));
    assert!(packs.national().review_overdue(jiff::civil::date(2030, 1, 2)));
}
