//! `Walk::back_to`: going back to an earlier screen of the path to change its answer.

mod common;
use common::{context, facts, mini};
use pathway::{Screen, Walk};

fn node(walk: &Walk, packs: &pathway::PackSet) -> String {
    match walk.screen(packs).screen {
        Screen::Question { node, .. } | Screen::Checklist { node, .. } => node,
        Screen::Finished => "(finished)".into(),
    }
}

#[test]
fn back_to_an_earlier_screen_keeps_its_answer_to_show_and_undoes_what_followed() {
    let packs = mini();
    let mut walk = Walk::start(&packs, context("school", "no")).unwrap();
    let first = node(&walk, &packs);
    walk.answer(&packs, &facts(&[("immediate_danger", "no")])).unwrap();
    let second = node(&walk, &packs);
    walk.answer(&packs, &facts(&[("significant_harm", "yes")])).unwrap();
    assert_eq!(walk.screen(&packs).step, 3);

    // Going back to the second screen is the same as one `back`.
    let mut by_back = walk.clone();
    assert!(by_back.back(&packs));
    assert!(walk.back_to(&packs, &second));
    assert_eq!(node(&walk, &packs), second);
    assert_eq!(walk.result(&packs).visited, by_back.result(&packs).visited);

    // To the first: its answer is marked, and nothing after it stays on the path.
    assert!(walk.back_to(&packs, &first));
    assert_eq!(walk.screen(&packs).step, 1);
    match walk.screen(&packs).screen {
        Screen::Question { fact, options, .. } => {
            assert_eq!(fact, "immediate_danger");
            assert!(options.iter().find(|o| o.value == "no").unwrap().previous);
        }
        other => panic!("{other:?}"),
    }
    assert!(walk.result(&packs).path.is_empty() && walk.result(&packs).outcomes.is_empty());
}

#[test]
fn back_to_a_screen_not_on_the_path_changes_nothing() {
    let packs = mini();
    let mut walk = Walk::start(&packs, context("school", "no")).unwrap();
    let first = node(&walk, &packs);
    assert!(!walk.back_to(&packs, &first), "the screen it is at is not earlier on the path");
    walk.answer(&packs, &facts(&[("immediate_danger", "no")])).unwrap();
    let before = walk.result(&packs).visited;
    assert!(!walk.back_to(&packs, "nowhere"));
    assert!(!walk.back_to(&packs, &node(&walk, &packs)));
    assert_eq!(walk.result(&packs).visited, before);
    assert_eq!(walk.screen(&packs).step, 2);
}
