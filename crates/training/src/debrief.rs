//! The debrief: the trainee's walk beside the expected one (the walk of the scenario's
//! facts), screen by screen with the divergences first, then the outcomes reached,
//! missed and extra with their due times at the training clock.

use crate::map::Routes;
use crate::scenario::{clock_text, Scenario};
use jiff::civil::DateTime;
use pathway::{citations, Citation, Deadline, Due, NodeKind, OutcomeView, PackSet, PathStep, WalkError, WalkResult};
use serde::Serialize;

/// Everything the debrief screen shows. Serialisable for the app.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Debrief {
    /// The scenario's id and title.
    pub scenario: String,
    pub title: String,
    /// The training clock the due times are worked out at, `2026-12-02T14:10:00`.
    pub clock: String,
    /// "14:10 on Wednesday 2 December 2026".
    pub clock_text: String,
    /// Whether the trainee's walk reached the end.
    pub finished: bool,
    /// Every screen of either walk: divergences first, then in walk order.
    pub screens: Vec<DebriefScreen>,
    /// In both walks, in the expected walk's order.
    pub reached: Vec<DebriefOutcome>,
    /// In the expected walk only.
    pub missed: Vec<DebriefOutcome>,
    /// In the trainee's walk only.
    pub extra: Vec<DebriefOutcome>,
    pub score: Score,
    /// The scenario's expectations the trainee's walk does not meet (empty when met).
    pub unmet: Vec<String>,
    /// The two routes, for the map.
    pub routes: Routes,
}

/// Screens answered as expected, of all the screens of either walk.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Score {
    pub right: usize,
    pub screens: usize,
}

impl Score {
    /// Whole per cent, rounded down; 100 for a walk with no screens.
    pub fn percent(&self) -> usize {
        (self.right * 100).checked_div(self.screens).unwrap_or(100)
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {} screens ({}%)", self.right, self.screens, self.percent())
    }
}

/// One screen (a question or checklist) of either walk.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct DebriefScreen {
    pub node: String,
    pub kind: NodeKind,
    pub title: String,
    /// The screen's own citations.
    pub sources: Vec<Citation>,
    /// Whether the trainee saw this screen.
    pub trainee_saw: bool,
    /// Whether the expected walk goes through it.
    pub expected: bool,
    /// One row a fact: a question's fact, or each checklist item shown in either walk.
    pub answers: Vec<DebriefAnswer>,
    /// True when any answer differs, or only one of the walks saw the screen with an answer that
    /// differs from the scenario's, or the trainee never reached an expected screen.
    pub diverges: bool,
}

/// One fact asked on a screen: what the trainee answered, and what was expected.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct DebriefAnswer {
    pub fact: String,
    /// The question's title, or the checklist item's label.
    pub label: String,
    /// `None` when the trainee did not see it.
    pub trainee: Option<Answer>,
    /// From the expected walk, or, on a screen it does not reach, the scenario's facts.
    pub expected: Option<Answer>,
    pub diverges: bool,
    /// The scenario's teaching note for this node and fact.
    pub note: Option<DebriefNote>,
}

/// An answer: its value and the words the screen showed for it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub value: String,
    pub label: String,
}

/// A teaching note with its citations resolved to the pack's sources.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct DebriefNote {
    pub node: String,
    pub fact: Option<String>,
    pub text: String,
    pub sources: Vec<Citation>,
}

/// An outcome of either walk with its due time at the training clock.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct DebriefOutcome {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub due: Due,
    pub deadline: Deadline,
    /// The deadline in words at the training clock: "now", "by 17:00 on Thursday 3 December".
    pub deadline_text: String,
    pub sources: Vec<Citation>,
}

impl Debrief {
    /// The debrief of `trainee` (a walk of `scenario` in `packs`; `walk.result(packs)` for
    /// a `Walk`), with due times at `now`, the training clock (normally
    /// `scenario.clock`). Fails only when the scenario's own facts cannot be walked,
    /// which `check` reports.
    pub fn compute(packs: &PackSet, scenario: &Scenario, trainee: &WalkResult, now: DateTime) -> Result<Debrief, WalkError> {
        let expected = pathway::triage(packs, scenario.facts())?;
        Ok(Debrief::of_walks(packs, scenario, trainee, &expected, now))
    }

    /// As [`Debrief::compute`], with the expected walk already made.
    pub fn of_walks(packs: &PackSet, scenario: &Scenario, trainee: &WalkResult, expected: &WalkResult, now: DateTime) -> Debrief {
        let order = merged_order(&screen_nodes(&trainee.path), &screen_nodes(&expected.path));
        let mut screens: Vec<DebriefScreen> = order.iter().filter_map(|id| screen(packs, scenario, id, trainee, expected)).collect();
        let score = Score { right: screens.iter().filter(|s| !s.diverges).count(), screens: screens.len() };
        // Divergences first; each group keeps the walk order (the sort is stable).
        screens.sort_by_key(|s| !s.diverges);

        let calendar = packs.working_calendar();
        let outcome = |o: &OutcomeView| {
            let deadline = o.due.deadline(now, &calendar);
            DebriefOutcome {
                id: o.id.clone(),
                title: o.title.clone(),
                summary: o.summary.clone(),
                due: o.due,
                deadline,
                deadline_text: deadline.describe(now),
                sources: o.sources.clone(),
            }
        };
        let has = |result: &WalkResult, id: &str| result.outcomes.iter().any(|o| o.id == id);
        Debrief {
            scenario: scenario.id.clone(),
            title: scenario.title.clone(),
            clock: now.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            clock_text: clock_text(now),
            finished: trainee.finished,
            screens,
            reached: expected.outcomes.iter().filter(|o| has(trainee, &o.id)).map(outcome).collect(),
            missed: expected.outcomes.iter().filter(|o| !has(trainee, &o.id)).map(outcome).collect(),
            extra: trainee.outcomes.iter().filter(|o| !has(expected, &o.id)).map(outcome).collect(),
            score,
            unmet: scenario.case.unmet(trainee),
            routes: Routes::of(Some(trainee), Some(expected)),
        }
    }

    /// The screens where the trainee's answer and the expected one differ.
    pub fn divergences(&self) -> impl Iterator<Item = &DebriefScreen> {
        self.screens.iter().filter(|s| s.diverges)
    }

    /// The debrief as plain text, for the terminal.
    pub fn plain_text(&self) -> String {
        let mut out = format!("Debrief: {}\nThe training clock: {}\n", self.title, self.clock_text);
        if !self.finished {
            out.push_str("You stopped before the end of the walk.\n");
        }
        out.push_str(&format!("\nScore: {} answered as expected.\n", self.score));
        for screen in &self.screens {
            let mark = if screen.diverges { "DIFFERENT" } else { "as expected" };
            out.push_str(&format!("\n[{mark}] {}\n", screen.title));
            if !screen.trainee_saw {
                out.push_str("  You did not reach this screen.\n");
            } else if !screen.expected {
                out.push_str("  The expected walk does not reach this screen.\n");
            }
            // A checklist shows only the items that matter: those answered differently,
            // ticked by either walk, or with a note.
            let shown: Vec<&DebriefAnswer> = screen
                .answers
                .iter()
                .filter(|a| {
                    screen.kind != NodeKind::Checklist
                        || a.diverges
                        || a.note.is_some()
                        || [&a.trainee, &a.expected].iter().any(|x| x.as_ref().is_some_and(|x| x.value != "no"))
                })
                .collect();
            if shown.is_empty() {
                out.push_str("  Nothing ticked, as expected.\n");
            }
            for answer in shown {
                let indent = if screen.kind == NodeKind::Checklist {
                    out.push_str(&format!("  {}\n", answer.label));
                    "    "
                } else {
                    "  "
                };
                let words = |a: &Option<Answer>| a.as_ref().map_or_else(|| "(not asked)".to_string(), |a| a.label.clone());
                out.push_str(&format!("{indent}You answered: {}\n{indent}Expected:     {}\n", words(&answer.trainee), words(&answer.expected)));
                if let Some(note) = &answer.note {
                    out.push_str(&format!("{indent}Why: {}\n", note.text));
                    for cite in &note.sources {
                        out.push_str(&format!(
                            "{indent}  Source: {}{}\n",
                            cite.cite,
                            if cite.title.is_empty() { String::new() } else { format!(" ({})", cite.title) }
                        ));
                    }
                }
            }
        }
        for (heading, list) in
            [("Outcomes you reached", &self.reached), ("Outcomes you missed", &self.missed), ("Outcomes you gave that were not expected", &self.extra)]
        {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{heading}:\n"));
            for o in list {
                out.push_str(&format!("  - {} (due {})\n", o.title, o.deadline_text));
            }
        }
        if !self.unmet.is_empty() {
            out.push_str("\nWhat the scenario expects that your walk does not give (for trainers):\n");
            for line in self.unmet.iter().filter(|l| !l.starts_with("got outcomes")) {
                out.push_str(&format!("  - {line}\n"));
            }
        }
        out
    }
}

/// The screen nodes of a path, in order, each once.
fn screen_nodes(path: &[PathStep]) -> Vec<String> {
    let mut nodes: Vec<String> = Vec::new();
    for step in path.iter().filter(|s| matches!(s.kind, NodeKind::Question | NodeKind::Checklist)) {
        if !nodes.contains(&step.node) {
            nodes.push(step.node.clone());
        }
    }
    nodes
}

/// The trainee's screens in order, with each expected screen they did not see placed
/// after the expected screen before it.
fn merged_order(trainee: &[String], expected: &[String]) -> Vec<String> {
    let mut order = trainee.to_vec();
    let mut insert_at = 0;
    for node in expected {
        match order.iter().position(|n| n == node) {
            Some(p) => insert_at = p + 1,
            None => {
                order.insert(insert_at, node.clone());
                insert_at += 1;
            }
        }
    }
    order
}

/// The value a walk gave `fact` at `node`, if that walk showed it there.
fn given<'a>(result: &'a WalkResult, node: &str, fact: &str) -> Option<&'a PathStep> {
    result.path.iter().find(|s| s.node == node && s.fact.as_deref() == Some(fact))
}

fn screen(packs: &PackSet, scenario: &Scenario, id: &str, trainee: &WalkResult, expected: &WalkResult) -> Option<DebriefScreen> {
    let node = packs.node(id)?;
    let trainee_saw = trainee.path.iter().any(|s| s.node == id);
    let on_expected = expected.path.iter().any(|s| s.node == id);
    // The facts either walk showed here, in the node's order.
    let shown: Vec<&str> = node.asks().into_iter().filter(|f| given(trainee, id, f).is_some() || given(expected, id, f).is_some()).collect();
    // A question's answer in the screen's words; a checklist item ticked or not (or
    // the fact's own words for its value, if the pack gives them).
    let label_of = |fact: &str, value: &str| match node.kind {
        NodeKind::Question => node.answers.iter().find(|a| a.value == value).map_or_else(|| value.to_string(), |a| a.label.clone()),
        _ => match (packs.fact(fact).and_then(|f| f.value_labels.get(value)), value) {
            (Some(words), _) => words.clone(),
            (None, "yes") => "Ticked".to_string(),
            (None, "no") => "Not ticked".to_string(),
            (None, other) => other.to_string(),
        },
    };
    let answer = |fact: &str, step: Option<&PathStep>| step.and_then(|s| s.answer.clone()).map(|value| Answer { label: label_of(fact, &value), value });
    let answers: Vec<DebriefAnswer> = shown
        .iter()
        .map(|&fact| {
            let trainee_answer = answer(fact, given(trainee, id, fact));
            // Off the expected route, what the scenario's facts (or the fact's default) say.
            let expected_answer = answer(fact, given(expected, id, fact)).or_else(|| {
                let value = scenario.facts().get(fact).cloned().or_else(|| packs.fact(fact)?.default.clone())?;
                Some(Answer { label: label_of(fact, &value), value })
            });
            let diverges = match (&trainee_answer, &expected_answer) {
                (Some(t), Some(e)) => t.value != e.value,
                (None, None) => false,
                _ => true,
            };
            let label = match node.kind {
                NodeKind::Checklist => node.items.iter().find(|i| i.fact == fact).map_or_else(|| fact.to_string(), |i| i.label.clone()),
                _ => node.title.clone(),
            };
            let note = scenario.note(packs, id, fact).map(|n| DebriefNote {
                node: n.node.clone(),
                fact: n.fact.clone(),
                text: n.text.clone(),
                sources: citations(packs, &n.sources),
            });
            DebriefAnswer { fact: fact.to_string(), label, trainee: trainee_answer, expected: expected_answer, diverges, note }
        })
        .collect();
    let diverges = answers.iter().any(|a| a.diverges) || (on_expected && !trainee_saw);
    Some(DebriefScreen {
        node: id.to_string(),
        kind: node.kind,
        title: node.title.clone(),
        sources: citations(packs, &node.sources),
        trainee_saw,
        expected: on_expected,
        answers,
        diverges,
    })
}
