//! Choosing the questions: a complete, seeded search for sets that meet every balance rule
//! (topic and level quotas, the time window, distinct concepts, exclusions, disjoint panel
//! sets), and a precise explanation when none exists.
//!
//! The search runs in three layers, each in an order the seed shuffles:
//! 1. quota vectors: how many questions per topic and per level (largest remainder first,
//!    then the other roundings that stay within one question of the exact share);
//! 2. cell matrices: how many questions per topic × level, checked by a max-flow bound;
//! 3. the questions themselves, cell by cell, pruned by minute bounds and concepts.

use std::collections::{BTreeMap, BTreeSet};

use crate::bank::Bank;
use crate::spec::{Member, Plan};

mod explain;
mod fill;
mod flow;
mod pool;
mod quotas;
pub(crate) mod reason;
mod repair;
mod search;

use self::reason::{Count, Infeasible, Interviewer, Reason};
use self::search::solve;

/// The share of the duration a set must fill, tried in order: the fullest tier that works wins.
pub const FILL_TIERS: [u32; 3] = [80, 70, 60];

/// How often a panel is re-drawn with fresh streams when a later interviewer is starved by
/// earlier picks.
const PANEL_ATTEMPTS: u32 = 6;

/// One interviewer's picked set.
#[derive(Debug, Clone)]
pub struct Form {
    pub interviewer: Option<String>,
    /// The topics this set draws from, with their weights.
    pub topics: Vec<(String, u32)>,
    /// Indices into `bank.questions`, in card order (easier levels first).
    pub questions: Vec<usize>,
    /// Questions wanted per topic (same order as `topics`) and per level.
    pub topic_quota: Vec<u32>,
    pub level_quota: [u32; 4],
    /// The least total minutes this set had to reach.
    pub min_minutes: u32,
    pub total_minutes: u32,
    /// Questions exchanged because of exclusions, against the card the spec gives without
    /// them; empty when nothing had to change.
    pub swaps: Vec<Swap>,
}

/// One question of the card without exclusions replaced by another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swap {
    /// Index of the question that left the card.
    pub out: usize,
    /// Index of the question that took its place.
    pub r#in: usize,
    /// Whether `out` was excluded itself, or had to go with it to keep the balance.
    pub excluded: bool,
}

/// The picked sets, one per interviewer (one without a panel).
#[derive(Debug, Clone)]
pub struct Selection {
    pub forms: Vec<Form>,
}

/// Pick the questions for a plan. A pure function of (plan, bank): the seed decides among
/// the valid sets.
///
/// Exclusions are stable: the card is first chosen as if nothing were excluded, and only the
/// excluded questions that are on it are exchanged, each for one of the same topic and level
/// where the bank allows. When that cannot keep every rule, the fewest further questions are
/// exchanged with them; only when no such repair exists is the card chosen afresh.
pub(crate) fn select(plan: &Plan, bank: &Bank) -> Result<Selection, Infeasible> {
    if plan.exclude.is_empty() && plan.asked.is_empty() {
        return select_fresh(plan, bank);
    }
    let mut open = plan.clone();
    open.exclude.clear();
    open.asked.clear();
    let Ok(base) = select_fresh(&open, bank) else {
        return select_fresh(plan, bank);
    };
    match repair::repair(plan, bank, &base) {
        Some(selection) => Ok(selection),
        None => select_fresh(plan, bank),
    }
}

fn select_fresh(plan: &Plan, bank: &Bank) -> Result<Selection, Infeasible> {
    let members = panel_order(plan);
    let first_error = match select_panel(plan, bank, &members, 0) {
        Ok(forms) => return Ok(Selection { forms }),
        Err(error) => error,
    };
    // A one-person card is searched completely on the first attempt.
    if members.len() > 1 {
        for attempt in 1..PANEL_ATTEMPTS {
            if let Ok(forms) = select_panel(plan, bank, &members, attempt) {
                return Ok(Selection { forms });
            }
        }
    }
    Err(first_error)
}

/// The interviewers in solving order: focused ones first, so their topics are served before
/// anyone else draws from them. `None` stands for the single interviewer of a panel-less spec.
fn panel_order(plan: &Plan) -> Vec<(usize, Option<&Member>)> {
    if plan.panel.is_empty() {
        return vec![(0, None)];
    }
    let mut order: Vec<(usize, Option<&Member>)> = plan
        .panel
        .iter()
        .enumerate()
        .map(|(i, m)| (i, Some(m)))
        .collect();
    order.sort_by_key(|(i, m)| (m.is_some_and(|m| m.topics.is_empty()), *i));
    order
}

/// An interviewer without focus topics on a panel whose focused interviewers own every topic
/// of the spec has nothing of their own to ask: an error naming who owns what.
fn check_unowned(plan: &Plan, member: &Member) -> Result<(), Infeasible> {
    if !member.topics.is_empty() || !plan.member_topics(Some(member)).is_empty() {
        return Ok(());
    }
    Err(Infeasible::new(Reason::Unowned {
        member: member.name.clone(),
        topics: plan.topics.len(),
        owners: plan
            .panel
            .iter()
            .filter(|m| !m.topics.is_empty())
            .map(|m| (m.name.clone(), m.topics.clone()))
            .collect(),
    }))
}

/// A focused interviewer's card without a question on one of their focus topics: an error
/// with the numbers, from the set found when that rule is left out.
fn focus_error(plan: &Plan, member: &Member, relaxed: &Form) -> Infeasible {
    let starved: Vec<String> = relaxed
        .topics
        .iter()
        .zip(&relaxed.topic_quota)
        .filter(|(_, n)| **n == 0)
        .map(|((t, _), _)| t.clone())
        .collect();
    Infeasible::new(Reason::FocusStarved {
        member: member.name.clone(),
        focus: member.topics.clone(),
        starved,
        questions: relaxed.questions.len(),
        minutes: relaxed.total_minutes,
        count: Count {
            questions: relaxed.questions.len() as u32,
            fixed: plan.questions.is_some(),
            duration: plan.duration,
        },
    })
}

fn select_panel(
    plan: &Plan,
    bank: &Bank,
    members: &[(usize, Option<&Member>)],
    attempt: u32,
) -> Result<Vec<Form>, Infeasible> {
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut used_concepts: BTreeSet<&str> = BTreeSet::new();
    let mut forms: Vec<(usize, Form)> = Vec::new();
    for &(index, member) in members {
        if let Some(member) = member {
            check_unowned(plan, member)?;
        }
        let topics = plan.member_topics(member);
        let purpose = format!("form/{attempt}/{index}");
        let request = Request {
            plan,
            bank,
            topics: &topics,
            used: &used,
            every_topic: member.is_some_and(|m| !m.topics.is_empty()),
        };
        // Prefer sets that repeat no concept across the panel; allow it only when needed.
        let form = match solve(&request, &used_concepts, &purpose) {
            Err(_) if !used_concepts.is_empty() => solve(&request, &BTreeSet::new(), &purpose),
            result => result,
        };
        // A focused interviewer's set failed: say so in terms of focus topics when that is
        // the rule that cannot hold (a set exists without it).
        let form = match (form, member) {
            (Err(_), Some(m)) if request.every_topic => {
                let relaxed = Request {
                    every_topic: false,
                    ..request
                };
                // When no set exists even then, its explanation is the one to give.
                match solve(&relaxed, &BTreeSet::new(), &purpose) {
                    Ok(found) => return Err(focus_error(plan, m, &found)),
                    Err(error) => Err(error),
                }
            }
            (result, _) => result,
        };
        let mut form = form.map_err(|error| name_interviewer(error, member, !used.is_empty()))?;
        form.interviewer = member.map(|m| m.name.clone());
        for &q in &form.questions {
            used.insert(q);
            if let Some(c) = &bank.questions[q].concept {
                used_concepts.insert(c);
            }
        }
        forms.push((index, form));
    }
    forms.sort_by_key(|(index, _)| *index);
    Ok(forms.into_iter().map(|(_, f)| f).collect())
}

fn name_interviewer(
    mut error: Infeasible,
    member: Option<&Member>,
    after_others: bool,
) -> Infeasible {
    if let Some(member) = member {
        error.interviewer = Some(Interviewer {
            name: member.name.clone(),
            after_others,
        });
    }
    error
}

/// What one interviewer's set must satisfy.
struct Request<'a> {
    plan: &'a Plan,
    bank: &'a Bank,
    topics: &'a [(String, u32)],
    used: &'a BTreeSet<usize>,
    /// Every topic must get at least one question (an interviewer's focus topics).
    every_topic: bool,
}

fn make_form(
    req: &Request,
    mut picked: Vec<usize>,
    topic_quota: Vec<u32>,
    level_quota: [u32; 4],
    lo: u32,
) -> Form {
    card_order(req.bank, req.topics, &mut picked);
    let total_minutes = picked.iter().map(|&q| req.bank.questions[q].minutes).sum();
    Form {
        interviewer: None,
        topics: req.topics.to_vec(),
        questions: picked,
        topic_quota,
        level_quota,
        min_minutes: lo,
        total_minutes,
        swaps: Vec::new(),
    }
}

/// The order questions are asked in: easier levels first, then the spec's topic order.
fn card_order(bank: &Bank, topics: &[(String, u32)], picked: &mut [usize]) {
    let topic_order: BTreeMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (t.as_str(), i))
        .collect();
    let questions = &bank.questions;
    picked.sort_by_key(|&q| {
        (
            questions[q].level,
            topic_order.get(questions[q].topic.as_str()).copied(),
            q,
        )
    });
}
