//! Stable exclusion: the card a spec gives without exclusions, mended where an excluded
//! question sits on it, so that candidates at one level keep answering the same questions.
//!
//! Each excluded question on a card is exchanged for one of the same topic and level. When the
//! bank cannot do that within the rules (the cell is used up, the minutes no longer fit, a
//! concept clashes), the fewest other questions of that card are exchanged with it: first one
//! more, then two, each set of them in an order the seed decides. The card keeps its time
//! window, and its counts per topic and level unless another rounding of the exact shares
//! lets fewer questions change.

use std::collections::BTreeSet;

use super::fill::fill;
use super::pool::Pool;
use super::quotas::{next_combination, quota_options};
use super::search::{Budget, search_matrices};
use super::{Form, Request, Selection, Swap, card_order};
use crate::bank::Bank;
use crate::rng::Rng;
use crate::spec::Plan;

/// Sets of further questions tried for one card before the card is chosen afresh: every set
/// of up to two further questions of a ten-question card, and more for shorter cards.
const MAX_TRIES: usize = 64;

/// Search steps for one try: a try replaces a few questions, so it needs far fewer than
/// choosing a whole card.
const REPAIR_STEPS: u64 = 50_000;

/// Mend `base` (chosen without exclusions) for the plan's exclusions; `None` when some card
/// cannot be mended within the rules.
pub(super) fn repair(plan: &Plan, bank: &Bank, base: &Selection) -> Option<Selection> {
    let excluded: BTreeSet<usize> = bank
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| plan.excludes(&q.id))
        .map(|(i, _)| i)
        .collect();
    let mut forms = base.forms.clone();
    for f in 0..forms.len() {
        let hit: Vec<usize> = forms[f]
            .questions
            .iter()
            .copied()
            .filter(|q| excluded.contains(q))
            .collect();
        if hit.is_empty() {
            continue;
        }
        let others: BTreeSet<usize> = forms
            .iter()
            .enumerate()
            .filter(|(g, _)| *g != f)
            .flat_map(|(_, form)| form.questions.iter().copied())
            .collect();
        let card = Card {
            plan,
            bank,
            form: &forms[f],
            index: f,
            others: &others,
        };
        forms[f] = card.mend(&hit)?;
    }
    Some(Selection { forms })
}

/// One card to mend and what the rest of the panel holds.
struct Card<'a> {
    plan: &'a Plan,
    bank: &'a Bank,
    form: &'a Form,
    index: usize,
    /// Questions on the other interviewers' cards.
    others: &'a BTreeSet<usize>,
}

impl Card<'_> {
    fn mend(&self, hit: &[usize]) -> Option<Form> {
        let mut rest: Vec<usize> = self
            .form
            .questions
            .iter()
            .copied()
            .filter(|q| !hit.contains(q))
            .collect();
        let mut rng = Rng::new(self.plan.seed, &format!("swap/{}", self.index));
        rng.shuffle(&mut rest);
        let mut tries = 0;
        for extra in 0..=rest.len() {
            let mut combo: Vec<usize> = (0..extra).collect();
            loop {
                tries += 1;
                if tries > MAX_TRIES {
                    return None;
                }
                let freed: Vec<usize> = combo.iter().map(|&i| rest[i]).collect();
                if let Some(form) = self.attempt(hit, &freed, tries) {
                    return Some(form);
                }
                if !next_combination(&mut combo, rest.len()) {
                    break;
                }
            }
        }
        None
    }

    /// Exchange `hit` and `freed` for new questions: in the same cells if the bank allows,
    /// else in any cells that keep the card's counts per topic and level (or another rounding
    /// the rules allow).
    fn attempt(&self, hit: &[usize], freed: &[usize], attempt: usize) -> Option<Form> {
        let (plan, bank, form) = (self.plan, self.bank, self.form);
        let questions = &bank.questions;
        let topic_of = |q: usize| {
            form.topics
                .iter()
                .position(|(t, _)| *t == questions[q].topic)
        };
        let dropped: Vec<usize> = hit.iter().chain(freed).copied().collect();
        let kept: Vec<usize> = form
            .questions
            .iter()
            .copied()
            .filter(|q| !dropped.contains(q))
            .collect();
        let mut cells = vec![[0u32; 4]; form.topics.len()];
        for &q in &dropped {
            cells[topic_of(q)?][questions[q].level.index()] += 1;
        }
        let mut kept_rows = vec![0u32; form.topics.len()];
        let mut kept_cols = [0u32; 4];
        for &q in &kept {
            kept_rows[topic_of(q)?] += 1;
            kept_cols[questions[q].level.index()] += 1;
        }
        let quotas = self.quotas(attempt);
        let kept_minutes: u32 = kept.iter().map(|&q| questions[q].minutes).sum();
        let window = (
            form.min_minutes.saturating_sub(kept_minutes),
            plan.duration.checked_sub(kept_minutes)?,
        );
        // Nothing on any card may come back, nor any question this card had.
        let mut used = self.others.clone();
        used.extend(form.questions.iter().copied());
        let kept_concepts: BTreeSet<&str> = kept
            .iter()
            .filter_map(|&q| questions[q].concept.as_deref())
            .collect();
        let panel_concepts: BTreeSet<&str> = self
            .others
            .iter()
            .filter_map(|&q| questions[q].concept.as_deref())
            .collect();
        // A concept another interviewer asks about is avoided when the bank allows.
        let spreads: &[bool] = if panel_concepts.is_empty() {
            &[false]
        } else {
            &[true, false]
        };
        let request = Request {
            plan,
            bank,
            topics: &form.topics,
            used: &used,
            every_topic: self.focused(),
        };
        for &spread in spreads {
            let mut forbidden = kept_concepts.clone();
            if spread {
                forbidden.extend(panel_concepts.iter().copied());
            }
            let purpose = format!("swap/{}/{attempt}/{spread}", self.index);
            let mut rng = Rng::new(plan.seed, &purpose);
            let pool = Pool::build(&request, &forbidden, &mut rng);
            let mut budget = Budget {
                steps: 0,
                limit: REPAIR_STEPS,
            };
            // The same cells first: each question replaced within its topic and level.
            let fits = cells
                .iter()
                .zip(&pool.caps)
                .all(|(need, caps)| need.iter().zip(caps).all(|(n, c)| n <= c));
            if fits && let Some(picked) = fill(&pool, &cells, window, &mut rng, &mut budget) {
                return Some(self.mended(kept, &dropped, hit, picked));
            }
            // Then the card's counts per topic and level met another way, then the other
            // roundings the rules allow.
            for (topic_quota, level_quota) in &quotas {
                let Some(rows) = minus(topic_quota, &kept_rows) else {
                    continue;
                };
                let Some(cols) = minus(level_quota, &kept_cols) else {
                    continue;
                };
                let cols: [u32; 4] = [cols[0], cols[1], cols[2], cols[3]];
                if let Some(picked) =
                    search_matrices(&pool, &rows, &cols, window, &mut rng, &mut budget)
                {
                    let mut form = self.mended(kept, &dropped, hit, picked);
                    form.topic_quota.clone_from(topic_quota);
                    form.level_quota = *level_quota;
                    return Some(form);
                }
            }
        }
        None
    }

    /// The counts per topic and per level a mended card may have: the card's own first, then
    /// the other largest-remainder roundings, then the roundings within one question of
    /// every exact share.
    fn quotas(&self, attempt: usize) -> Vec<(Vec<u32>, [u32; 4])> {
        let form = self.form;
        let n: u32 = form.level_quota.iter().sum();
        let weights: Vec<u32> = form.topics.iter().map(|(_, w)| *w).collect();
        let mut rng = Rng::new(
            self.plan.seed,
            &format!("swap/{}/{attempt}/quotas", self.index),
        );
        let topics = quota_options(n, &weights, &mut rng);
        let levels = quota_options(n, &self.plan.mix, &mut rng);
        let mut out = vec![(form.topic_quota.clone(), form.level_quota)];
        let focused = self.focused();
        for strict in [true, false] {
            for l in &levels {
                for t in &topics {
                    if (t.strict && l.strict) != strict {
                        continue;
                    }
                    let level: [u32; 4] = [l.counts[0], l.counts[1], l.counts[2], l.counts[3]];
                    let option = (t.counts.clone(), level);
                    // An interviewer's focus topics each keep a question.
                    if focused && option.0.contains(&0) {
                        continue;
                    }
                    if !out.contains(&option) {
                        out.push(option);
                    }
                }
            }
        }
        out
    }

    /// Whether this card belongs to an interviewer with focus topics.
    fn focused(&self) -> bool {
        self.plan
            .panel
            .iter()
            .any(|m| Some(&m.name) == self.form.interviewer.as_ref() && !m.topics.is_empty())
    }

    fn mended(
        &self,
        kept: Vec<usize>,
        dropped: &[usize],
        hit: &[usize],
        picked: Vec<usize>,
    ) -> Form {
        let questions = &self.bank.questions;
        // Pair each question that left with the one that took its place: same topic and level
        // first, then same topic, then same level, then any.
        let mut open: Vec<usize> = picked.clone();
        let mut out: Vec<usize> = dropped.to_vec();
        out.sort_by_key(|q| self.form.questions.iter().position(|x| x == q));
        let keys: [fn(&crate::bank::Question, &crate::bank::Question) -> bool; 4] = [
            |a, b| a.topic == b.topic && a.level == b.level,
            |a, b| a.topic == b.topic,
            |a, b| a.level == b.level,
            |_, _| true,
        ];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut left: Vec<usize> = out.clone();
        for same in keys {
            left.retain(|&o| {
                let Some(at) = open
                    .iter()
                    .position(|&p| same(&questions[o], &questions[p]))
                else {
                    return true;
                };
                pairs.push((o, open.remove(at)));
                false
            });
        }
        pairs.sort_by_key(|(o, _)| out.iter().position(|x| x == o));
        let mut all = kept;
        all.extend(picked);
        card_order(self.bank, &self.form.topics, &mut all);
        Form {
            interviewer: self.form.interviewer.clone(),
            topics: self.form.topics.clone(),
            total_minutes: all.iter().map(|&q| questions[q].minutes).sum(),
            questions: all,
            topic_quota: self.form.topic_quota.clone(),
            level_quota: self.form.level_quota,
            min_minutes: self.form.min_minutes,
            swaps: pairs
                .into_iter()
                .map(|(out, r#in)| Swap {
                    out,
                    r#in,
                    excluded: hit.contains(&out),
                })
                .collect(),
        }
    }
}

/// `a - b` entry by entry, or `None` when some entry of `b` is larger.
fn minus(a: &[u32], b: &[u32]) -> Option<Vec<u32>> {
    a.iter().zip(b).map(|(x, y)| x.checked_sub(*y)).collect()
}
