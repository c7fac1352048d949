//! The selection engine through the library: every balance rule over many seeds and random
//! banks, completeness against brute force on small banks, variety, and a fixed selection.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use scorecard::{
    Bank, Error, FILL_TIERS, Level, Member, Origin, Plan, Question, Selection, Seniority, Topic,
    select,
};

fn question(id: &str, topic: &str, level: Level, minutes: u32, concept: Option<&str>) -> Question {
    Question {
        id: id.to_owned(),
        topic: topic.to_owned(),
        level,
        minutes,
        concept: concept.map(str::to_owned),
        prompt: format!("Prompt of {id}"),
        expected: vec!["a".to_owned(), "b".to_owned()],
        follow_ups: Vec::new(),
        red_flags: Vec::new(),
        tags: Vec::new(),
        origin: Origin::file(Path::new("t.yaml")),
    }
}

fn bank(questions: Vec<Question>) -> Bank {
    let topics: BTreeSet<String> = questions.iter().map(|q| q.topic.clone()).collect();
    let mut questions = questions;
    questions.sort_by(|a, b| a.topic.cmp(&b.topic));
    Bank {
        name: "test".to_owned(),
        title: String::new(),
        version: "1".to_owned(),
        dir: PathBuf::from("test"),
        topics: topics
            .into_iter()
            .map(|id| Topic {
                title: id.clone(),
                id,
                origin: Origin::file(Path::new("t.yaml")),
            })
            .collect(),
        questions,
    }
}

fn plan(
    topics: Vec<(String, u32)>,
    mix: [u32; 4],
    duration: u32,
    questions: Option<u32>,
    seed: u64,
) -> Plan {
    Plan {
        duration,
        questions,
        topics,
        mix,
        seed,
        panel: Vec::new(),
        exclude: BTreeSet::new(),
        asked: BTreeSet::new(),
    }
}

/// Whether `count` is the floor or the ceiling of `n * weight / total`.
fn within_share(count: usize, n: usize, weight: u32, total: u32) -> bool {
    let exact = n as u64 * u64::from(weight);
    let total = u64::from(total);
    let floor = exact / total;
    let ceil = exact.div_ceil(total);
    (floor..=ceil).contains(&(count as u64))
}

/// Check every rule PRODUCT.md states for a selection; returns a description of the first
/// broken one.
fn check(plan: &Plan, bank: &Bank, selection: &Selection) -> Result<(), String> {
    let forms: Vec<Vec<usize>> = selection
        .forms
        .iter()
        .map(|f| f.questions.clone())
        .collect();
    check_forms(plan, bank, &forms)
}

fn check_forms(plan: &Plan, bank: &Bank, forms: &[Vec<usize>]) -> Result<(), String> {
    let members: Vec<Option<&Member>> = if plan.panel.is_empty() {
        vec![None]
    } else {
        plan.panel.iter().map(Some).collect()
    };
    if forms.len() != members.len() {
        return Err("one form per interviewer".into());
    }
    let mut used = BTreeSet::new();
    for (form, member) in forms.iter().zip(members) {
        let topics = plan.member_topics(member);
        let qs: Vec<&Question> = form.iter().map(|&i| &bank.questions[i]).collect();
        let n = qs.len();
        if let Some(want) = plan.questions
            && n != want as usize
        {
            return Err(format!("{n} questions, the spec asks for {want}"));
        }
        if n == 0 {
            return Err("empty form".into());
        }
        let total_weight: u32 = topics.iter().map(|(_, w)| w).sum();
        for (topic, weight) in &topics {
            let count = qs.iter().filter(|q| &q.topic == topic).count();
            if !within_share(count, n, *weight, total_weight) {
                return Err(format!(
                    "topic {topic}: {count} of {n} with weight {weight}/{total_weight}"
                ));
            }
        }
        if qs
            .iter()
            .any(|q| !topics.iter().any(|(t, _)| *t == q.topic))
        {
            return Err("a question from a topic outside the form".into());
        }
        let mix_total: u32 = plan.mix.iter().sum();
        for level in Level::ALL {
            let count = qs.iter().filter(|q| q.level == level).count();
            if !within_share(count, n, plan.mix[level.index()], mix_total) {
                return Err(format!("level {level}: {count} of {n}"));
            }
        }
        let minutes: u32 = qs.iter().map(|q| q.minutes).sum();
        let least = (plan.duration * FILL_TIERS[FILL_TIERS.len() - 1]).div_ceil(100);
        if minutes > plan.duration || minutes < least {
            return Err(format!("{minutes} minutes of {}", plan.duration));
        }
        let mut concepts = BTreeSet::new();
        for q in &qs {
            if plan.exclude.contains(&q.id) {
                return Err(format!("excluded {} picked", q.id));
            }
            if let Some(c) = &q.concept
                && !concepts.insert(c.clone())
            {
                return Err(format!("concept {c} twice"));
            }
            if !used.insert(q.id.clone()) {
                return Err(format!("{} on two cards", q.id));
            }
        }
    }
    Ok(())
}

/// Whether any set of `n` questions meets the rules for a panel-less plan (exhaustive).
fn brute_force_exists(plan: &Plan, bank: &Bank, n: usize) -> bool {
    let eligible: Vec<usize> = (0..bank.questions.len())
        .filter(|&i| {
            let q = &bank.questions[i];
            plan.topics.iter().any(|(t, _)| *t == q.topic)
                && plan.mix[q.level.index()] > 0
                && !plan.exclude.contains(&q.id)
        })
        .collect();
    let mut chosen = Vec::new();
    fn go(
        plan: &Plan,
        bank: &Bank,
        eligible: &[usize],
        at: usize,
        n: usize,
        chosen: &mut Vec<usize>,
    ) -> bool {
        if chosen.len() == n {
            return check_forms(plan, bank, std::slice::from_ref(chosen)).is_ok();
        }
        if at == eligible.len() || eligible.len() - at < n - chosen.len() {
            return false;
        }
        chosen.push(eligible[at]);
        if go(plan, bank, eligible, at + 1, n, chosen) {
            return true;
        }
        chosen.pop();
        go(plan, bank, eligible, at + 1, n, chosen)
    }
    go(plan, bank, &eligible, 0, n, &mut chosen)
}

const MINUTES: [(u32, u32); 4] = [(3, 5), (4, 8), (6, 10), (8, 15)];

/// A random bank: up to 4 topics, 0–4 questions per topic and level, some sharing concepts.
fn arb_bank() -> impl Strategy<Value = Bank> {
    prop::collection::vec(
        (
            0usize..4,
            0usize..4,
            0u32..100,
            prop::option::weighted(0.3, 0usize..3),
        ),
        4..40,
    )
    .prop_map(|raw| {
        let names = ["alpha", "beta", "gamma", "delta"];
        let qs = raw
            .into_iter()
            .enumerate()
            .map(|(i, (t, l, m, concept))| {
                let (lo, hi) = MINUTES[l];
                let minutes = lo + m % (hi - lo + 1);
                let concept = concept.map(|c| format!("{}-c{c}", names[t]));
                question(
                    &format!("q{i}"),
                    names[t],
                    Level::ALL[l],
                    minutes,
                    concept.as_deref(),
                )
            })
            .collect();
        bank(qs)
    })
}

fn arb_plan(bank: &Bank) -> impl Strategy<Value = Plan> + use<> {
    let topics: Vec<String> = bank.topics.iter().map(|t| t.id.clone()).collect();
    let ids: Vec<String> = bank.questions.iter().map(|q| q.id.clone()).collect();
    (
        prop::collection::vec(0u32..4, topics.len()),
        prop::sample::select(vec![
            [50, 40, 10, 0],
            [20, 50, 30, 0],
            [0, 30, 50, 20],
            [0, 10, 50, 40],
            [0, 0, 40, 60],
            [25, 25, 25, 25],
        ]),
        15u32..70,
        prop::option::of(1u32..7),
        any::<u64>(),
        prop::collection::vec(prop::sample::select(ids.clone()), 0..3),
    )
        .prop_map(move |(weights, mix, duration, questions, seed, exclude)| {
            let mut picked: Vec<(String, u32)> = topics
                .iter()
                .cloned()
                .zip(weights)
                .filter(|(_, w)| *w > 0)
                .collect();
            if picked.is_empty() {
                picked = vec![(topics[0].clone(), 1)];
            }
            let mut plan = plan(picked, mix, duration, questions, seed);
            plan.exclude = exclude.into_iter().collect();
            plan
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever comes back meets every rule; what does not come back is a clean Infeasible
    /// error, and (with `questions` given, on these small banks) brute force agrees that no
    /// valid set exists.
    #[test]
    fn selections_keep_every_rule_and_failures_are_real((bank, plan) in arb_bank().prop_flat_map(|b| { let p = arb_plan(&b); (Just(b), p) })) {
        match select(&plan, &bank) {
            Ok(selection) => {
                if let Err(broken) = check(&plan, &bank, &selection) {
                    prop_assert!(false, "{broken}");
                }
            }
            Err(Error::Infeasible(infeasible)) => {
                let message = infeasible.to_string();
                prop_assert!(!message.is_empty());
                if let Some(n) = plan.questions {
                    prop_assert!(!brute_force_exists(&plan, &bank, n as usize), "a valid set exists but none was found: {message}");
                }
            }
            Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
        }
    }

    /// Panels: disjoint, each card balanced on its own, focus topics served.
    #[test]
    fn panels_are_disjoint_and_balanced(seed in any::<u64>(), focus in 0usize..3) {
        let bank = fixture_bank();
        let mut plan = plan(bank.topics.iter().map(|t| (t.id.clone(), 1)).collect(), [20, 50, 30, 0], 30, None, seed);
        plan.panel = vec![
            Member { name: "A".into(), topics: vec![bank.topics[focus].id.clone()] },
            Member { name: "B".into(), topics: Vec::new() },
            Member { name: "C".into(), topics: Vec::new() },
        ];
        let selection = select(&plan, &bank).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(broken) = check(&plan, &bank, &selection) {
            prop_assert!(false, "{broken}");
        }
        let focus_topic = &bank.topics[focus].id;
        prop_assert!(selection.forms[0].questions.iter().all(|&q| &bank.questions[q].topic == focus_topic));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Exclusions change a card as little as possible, against the card without them: a
    /// question that was not on it changes nothing; each excluded one that was is swapped,
    /// the JSON's swaps name exactly what changed, every rule still holds, and more questions
    /// change only when brute force finds no valid card that changes just the excluded ones.
    #[test]
    fn exclusions_change_the_card_as_little_as_possible(
        (bank, plan) in arb_bank().prop_flat_map(|b| { let p = arb_plan(&b); (Just(b), p) }),
        on_card in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        elsewhere in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
    ) {
        let mut open = plan.clone();
        open.exclude.clear();
        let Ok(base) = select(&open, &bank) else { return Ok(()) };
        let card = &base.forms[0].questions;
        let mut plan = open.clone();
        for i in &on_card {
            plan.exclude.insert(bank.questions[card[i.index(card.len())]].id.clone());
        }
        for i in &elsewhere {
            plan.exclude.insert(bank.questions[i.index(bank.questions.len())].id.clone());
        }
        let hit: Vec<usize> = card.iter().copied().filter(|&q| plan.exclude.contains(&bank.questions[q].id)).collect();
        let Ok(after) = select(&plan, &bank) else {
            // Choosing afresh may fail; then mending must have been impossible too.
            prop_assert!(!hit.is_empty(), "excluding questions not on the card made it fail");
            return Ok(());
        };
        let now = &after.forms[0].questions;
        if hit.is_empty() {
            prop_assert_eq!(now, card);
            prop_assert!(after.forms[0].swaps.is_empty());
            return Ok(());
        }
        if let Err(broken) = check(&plan, &bank, &after) {
            prop_assert!(false, "{broken}");
        }
        let gone: BTreeSet<usize> = card.iter().copied().filter(|q| !now.contains(q)).collect();
        let came: BTreeSet<usize> = now.iter().copied().filter(|q| !card.contains(q)).collect();
        let swaps = &after.forms[0].swaps;
        if !swaps.is_empty() {
            prop_assert_eq!(&gone, &swaps.iter().map(|s| s.out).collect::<BTreeSet<_>>());
            prop_assert_eq!(&came, &swaps.iter().map(|s| s.r#in).collect::<BTreeSet<_>>());
            for s in swaps {
                prop_assert_eq!(s.excluded, hit.contains(&s.out));
            }
        }
        if gone.len() == hit.len() && hit.len() == 1 && came.len() == 1 {
            let (out, r#in) = (&bank.questions[hit[0]], &bank.questions[*came.iter().next().unwrap()]);
            // Counts per topic and level are kept, so a single swap stays in its cell unless
            // another rounding of the shares was needed.
            if out.topic != r#in.topic || out.level != r#in.level {
                prop_assert!(after.forms[0].topic_quota != base.forms[0].topic_quota || after.forms[0].level_quota != base.forms[0].level_quota);
            }
        }
        if !swaps.is_empty() && gone.len() > hit.len() {
            let keep: Vec<usize> = card.iter().copied().filter(|q| !hit.contains(q)).collect();
            let floor = base.forms[0].min_minutes;
            prop_assert!(
                !swap_only_exists(&plan, &bank, &keep, hit.len(), floor),
                "{} questions changed, but swapping only the {} excluded ones was possible",
                gone.len(),
                hit.len()
            );
        }
    }
}

/// Whether some `k` questions added to `keep` make a valid card filling at least `floor`
/// minutes (exhaustive).
fn swap_only_exists(plan: &Plan, bank: &Bank, keep: &[usize], k: usize, floor: u32) -> bool {
    let eligible: Vec<usize> = (0..bank.questions.len())
        .filter(|i| !keep.contains(i) && !plan.exclude.contains(&bank.questions[*i].id))
        .collect();
    let mut pick: Vec<usize> = (0..k).collect();
    if eligible.len() < k {
        return false;
    }
    loop {
        let mut card = keep.to_vec();
        card.extend(pick.iter().map(|&i| eligible[i]));
        let minutes: u32 = card.iter().map(|&q| bank.questions[q].minutes).sum();
        if minutes >= floor && check_forms(plan, bank, &[card]).is_ok() {
            return true;
        }
        // Next combination of k indices out of eligible.len().
        let n = eligible.len();
        let Some(i) = (0..k).rev().find(|&i| pick[i] < n - k + i) else {
            return false;
        };
        pick[i] += 1;
        for j in i + 1..k {
            pick[j] = pick[j - 1] + 1;
        }
    }
}

fn fixture_bank() -> Bank {
    Bank::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank"))
        .expect("fixture bank loads")
}

/// Over many seeds every eligible question is picked, and within a topic × level cell no
/// question is picked more than twice as often as the cell's average.
#[test]
fn every_question_gets_its_turn() {
    let bank = Bank::bundled().expect("bundled bank");
    let topics: Vec<(String, u32)> = bank.topics.iter().map(|t| (t.id.clone(), 1)).collect();
    let mut picks: BTreeMap<usize, u32> = BTreeMap::new();
    let seeds = 1000;
    for seed in 0..seeds {
        let plan = plan(
            topics.clone(),
            Seniority::Senior.default_mix(),
            60,
            None,
            seed,
        );
        let selection = select(&plan, &bank).expect("the senior default selects");
        check(&plan, &bank, &selection).expect("rules hold");
        for &q in &selection.forms[0].questions {
            *picks.entry(q).or_default() += 1;
        }
    }
    let mut cells: BTreeMap<(String, Level), Vec<usize>> = BTreeMap::new();
    for (i, q) in bank.questions.iter().enumerate() {
        if Seniority::Senior.default_mix()[q.level.index()] > 0 {
            cells.entry((q.topic.clone(), q.level)).or_default().push(i);
        }
    }
    for ((topic, level), members) in cells {
        let counts: Vec<u32> = members
            .iter()
            .map(|q| picks.get(q).copied().unwrap_or(0))
            .collect();
        let average = f64::from(counts.iter().sum::<u32>()) / counts.len() as f64;
        for (q, count) in members.iter().zip(&counts) {
            let id = &bank.questions[*q].id;
            assert!(
                *count > 0,
                "{id} ({topic}/{level}) never picked in {seeds} seeds"
            );
            assert!(
                f64::from(*count) <= 2.0 * average,
                "{id} ({topic}/{level}) picked {count} times; cell average {average:.1}"
            );
        }
    }
}

/// Ten equal topics and six questions: the seed decides which topics get one, so every topic
/// is served across seeds.
#[test]
fn ties_between_topics_rotate_with_the_seed() {
    let bank = Bank::bundled().expect("bundled bank");
    let topics: Vec<(String, u32)> = bank
        .topics
        .iter()
        .take(10)
        .map(|t| (t.id.clone(), 1))
        .collect();
    let mut served = BTreeSet::new();
    for seed in 0..60 {
        let plan = plan(
            topics.clone(),
            Seniority::Mid.default_mix(),
            40,
            Some(6),
            seed,
        );
        let selection = select(&plan, &bank).expect("selects");
        check(&plan, &bank, &selection).expect("rules hold");
        served.extend(
            selection.forms[0]
                .questions
                .iter()
                .map(|&q| bank.questions[q].topic.clone()),
        );
    }
    assert_eq!(served.len(), 10, "topics served: {served:?}");
}

/// The questions for a fixed seed are part of the contract: a change here means every
/// published seed now picks differently. Update only with a note in the changelog.
#[test]
fn the_selection_for_a_seed_is_fixed() {
    let bank = fixture_bank();
    let topics = bank.topics.iter().map(|t| (t.id.clone(), 1)).collect();
    let plan = plan(topics, Seniority::Senior.default_mix(), 40, None, 7);
    let selection = select(&plan, &bank).expect("selects");
    let ids: Vec<&str> = selection.forms[0]
        .questions
        .iter()
        .map(|&q| bank.questions[q].id.as_str())
        .collect();
    assert_eq!(ids, FIXED);
}

const FIXED: [&str; 5] = [
    "graphs-intermediate-1",
    "graphs-intermediate-3",
    "hashing-advanced-2",
    "hashing-advanced-3",
    "sorting-expert-1",
];

/// An impossible spec names the rule and the numbers.
#[test]
fn infeasible_specs_say_which_rule_fails() {
    let bank = fixture_bank();
    let mut plan = plan(vec![("graphs".into(), 1)], [0, 0, 0, 100], 60, Some(4), 1);
    plan.exclude.insert("graphs-expert-1".into());
    match select(&plan, &bank) {
        Err(error @ Error::Infeasible(_)) => {
            let message = error.to_string();
            assert!(message.contains("topic graphs has 2 expert question(s) available (1 more are excluded); this spec needs 4"), "{message}");
            assert!(error.hint().is_some());
        }
        other => panic!("expected an infeasible error, got {other:?}"),
    }
    let plan = plan_minutes(&bank);
    match select(&plan, &bank) {
        Err(Error::Infeasible(infeasible)) => {
            let message = infeasible.to_string();
            assert!(message.contains("minutes"), "{message}");
        }
        other => panic!("expected an infeasible error, got {other:?}"),
    }
}

fn plan_minutes(bank: &Bank) -> Plan {
    let topics = bank.topics.iter().map(|t| (t.id.clone(), 1)).collect();
    plan(topics, [100, 0, 0, 0], 10, Some(6), 3)
}
