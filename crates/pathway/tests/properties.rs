//! Property tests: random valid graphs pass; a random break of a rule is caught by it;
//! random walks over valid graphs always end, and going back undoes exactly one screen.

use pathway::generate::{GenPack, Mutation};
use pathway::{PackSet, Walk};
use proptest::prelude::*;

fn load(pack: &GenPack) -> Result<PackSet, pathway::Diagnostics> {
    PackSet::from_inputs(&[pack.to_input()])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_graphs_pass(nodes in 3usize..120, seed in any::<u64>()) {
        let pack = GenPack::random(nodes, seed);
        let checked = load(&pack);
        prop_assert!(checked.is_ok(), "{:?}", checked.err());
        prop_assert_eq!(checked.unwrap().nodes().len(), nodes);
    }

    #[test]
    fn a_broken_rule_is_caught(nodes in 4usize..80, seed in any::<u64>(), which in 0usize..Mutation::ALL.len(), pick in any::<usize>()) {
        let mutation = Mutation::ALL[which];
        let mut pack = GenPack::random(nodes, seed);
        pack.mutate(mutation, pick);
        let diags = load(&pack).map(|_| ()).expect_err("a broken pack must not load");
        prop_assert!(diags.has_rule(mutation.rule()), "{:?} not reported as {}: {:?}", mutation, mutation.rule(), diags);
    }

    #[test]
    fn random_walks_end_and_back_undoes_one_screen(nodes in 3usize..80, seed in any::<u64>(), choices in proptest::collection::vec(any::<u8>(), 0..200)) {
        let packs = load(&GenPack::random(nodes, seed)).unwrap();
        let agency = if seed % 2 == 0 { "police" } else { "school" };
        let mut walk = Walk::start(&packs, [("agency".to_string(), agency.to_string()), ("out_of_hours".to_string(), "no".to_string())].into()).unwrap();
        let mut choices = choices.into_iter().cycle();
        let mut steps = 0;
        while !walk.is_finished(&packs) {
            steps += 1;
            prop_assert!(steps <= nodes, "a walk cannot take more screens than there are nodes");
            let node = walk.current(&packs).clone();
            let c = choices.next().unwrap_or(0);
            // What the screen shows: items not shown cannot be answered.
            let answers: pathway::Facts = walk.asks(&packs).iter().enumerate().map(|(i, f)| (f.to_string(), if (c >> (i % 8)) & 1 == 1 { "yes" } else { "no" }.to_string())).collect();
            let before = walk.screen(&packs).step;
            walk.answer(&packs, &answers).unwrap();
            if c % 5 == 0 {
                prop_assert!(walk.back(&packs));
                prop_assert_eq!(walk.screen(&packs).step, before);
                prop_assert_eq!(&walk.current(&packs).id, &node.id);
                walk.answer(&packs, &answers).unwrap();
            }
        }
        let result = walk.result(&packs);
        prop_assert!(result.finished);
        prop_assert_eq!(result.screens, steps);
    }
}

/// A pack large enough that its facts and nodes are checked on several threads, and its
/// two chains of graph rules side by side: a break in the last share, or in either chain,
/// must still be reported, at the same place as when checked on one.
#[test]
fn a_large_pack_checked_on_several_threads_reports_every_break() {
    let nodes = 9_000;
    for mutation in Mutation::ALL {
        let mut pack = GenPack::random(nodes, 3);
        pack.mutate(mutation, nodes - 10);
        let diags = load(&pack).map(|_| ()).expect_err("a broken pack must not load");
        let found: Vec<_> = diags.iter().filter(|d| d.rule == mutation.rule()).collect();
        assert!(!found.is_empty(), "{mutation:?} not reported: {diags:?}");
        assert!(found.iter().all(|d| d.location.line > 1), "{found:?}");
    }
    assert!(load(&GenPack::random(nodes, 3)).is_ok());
}
