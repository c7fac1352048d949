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

use crate::bank::{Bank, Level};
use crate::rng::Rng;
use crate::spec::{Member, Plan};

pub mod reason;
mod repair;

use self::reason::{Count, Infeasible, Interviewer, Reason};

/// The share of the duration a set must fill, tried in order: the fullest tier that works wins.
pub const FILL_TIERS: [u32; 3] = [80, 70, 60];

/// Search steps allowed for one attempt at one tier before moving on; keeps a pathological
/// bank from hanging the tool.
const STEP_BUDGET: u64 = 400_000;

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
pub fn select(plan: &Plan, bank: &Bank) -> Result<Selection, Infeasible> {
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

/// The candidates of one request, grouped by topic × level, each cell shuffled by the seed.
struct Pool {
    /// cells[t][l]: question indices.
    cells: Vec<[Vec<usize>; 4]>,
    /// Concept number per question index (questions without a concept get a unique one).
    concept: Vec<usize>,
    /// Minutes per question index.
    minutes: Vec<u32>,
    /// Upper bound of picks per cell: distinct concepts in it.
    caps: Vec<[u32; 4]>,
    /// Minutes of the cell's candidates, sorted ascending, and their prefix sums.
    prefix: Vec<[Vec<u32>; 4]>,
    /// Questions in the topics but excluded by the spec, per cell (for explanations).
    excluded: Vec<[u32; 4]>,
}

impl Pool {
    fn build(req: &Request, forbidden: &BTreeSet<&str>, rng: &mut Rng) -> Pool {
        let topic_index: BTreeMap<&str, usize> = req
            .topics
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (t.as_str(), i))
            .collect();
        let n = req.topics.len();
        let mut cells: Vec<[Vec<usize>; 4]> = (0..n).map(|_| Default::default()).collect();
        let mut excluded = vec![[0u32; 4]; n];
        let mut concept_ids: BTreeMap<&str, usize> = BTreeMap::new();
        let mut concept = vec![usize::MAX; req.bank.questions.len()];
        let minutes: Vec<u32> = req.bank.questions.iter().map(|q| q.minutes).collect();
        for (qi, q) in req.bank.questions.iter().enumerate() {
            let Some(&t) = topic_index.get(q.topic.as_str()) else {
                continue;
            };
            let l = q.level.index();
            if req.plan.mix[l] == 0 {
                continue;
            }
            if req.plan.excludes(&q.id) {
                excluded[t][l] += 1;
                continue;
            }
            if req.used.contains(&qi) || q.concept.as_deref().is_some_and(|c| forbidden.contains(c))
            {
                continue;
            }
            let next = concept_ids.len() + req.bank.questions.len();
            let c = match &q.concept {
                Some(c) => *concept_ids.entry(c.as_str()).or_insert(next),
                None => qi,
            };
            concept[qi] = c;
            cells[t][l].push(qi);
        }
        let mut caps = vec![[0u32; 4]; n];
        let mut prefix: Vec<[Vec<u32>; 4]> = (0..n).map(|_| Default::default()).collect();
        for t in 0..n {
            for l in 0..4 {
                rng.shuffle(&mut cells[t][l]);
                let distinct: BTreeSet<usize> = cells[t][l].iter().map(|&q| concept[q]).collect();
                caps[t][l] = distinct.len() as u32;
                let mut minutes: Vec<u32> = cells[t][l]
                    .iter()
                    .map(|&q| req.bank.questions[q].minutes)
                    .collect();
                minutes.sort_unstable();
                let mut sums = vec![0];
                for m in minutes {
                    sums.push(sums.last().copied().unwrap_or(0) + m);
                }
                prefix[t][l] = sums;
            }
        }
        Pool {
            cells,
            concept,
            minutes,
            caps,
            prefix,
            excluded,
        }
    }

    /// Least and most minutes `k` questions of cell (t, l) can take, ignoring concepts.
    fn min_sum(&self, t: usize, l: usize, k: u32) -> u32 {
        self.prefix[t][l][k as usize]
    }

    fn max_sum(&self, t: usize, l: usize, k: u32) -> u32 {
        let sums = &self.prefix[t][l];
        let len = sums.len() - 1;
        sums[len] - sums[len - k as usize]
    }
}

/// Counts how much searching has been done, so a hopeless instance ends.
struct Budget {
    steps: u64,
    limit: u64,
}

impl Budget {
    fn tick(&mut self) -> bool {
        self.steps += 1;
        self.steps <= self.limit
    }
}

/// A way to round the exact shares of `n` questions: each entry is the floor or the ceiling
/// of its share. `strict` roundings are the largest-remainder ones (the ceilings go to the
/// largest remainders; the seed orders ties).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Quota {
    counts: Vec<u32>,
    strict: bool,
}

/// The roundings of `n` questions over `weights`: largest remainder first (ties in the
/// order the seed gives), then the other roundings that keep every entry within one
/// question of its exact share.
fn quota_options(n: u32, weights: &[u32], rng: &mut Rng) -> Vec<Quota> {
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if total == 0 {
        return Vec::new();
    }
    let exact: Vec<(u32, u64)> = weights
        .iter()
        .map(|&w| {
            let share = u64::from(n) * u64::from(w);
            ((share / total) as u32, share % total)
        })
        .collect();
    let floor_sum: u32 = exact.iter().map(|(f, _)| f).sum();
    let extra = (n - floor_sum) as usize;
    let mut fractional: Vec<(u64, u64, usize)> = exact
        .iter()
        .enumerate()
        .filter(|(_, (_, r))| *r > 0)
        .map(|(i, (_, r))| (*r, rng.next_u64(), i))
        .collect();
    // Largest remainder first; the seed orders equal remainders.
    fractional.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let base: Vec<u32> = exact.iter().map(|(f, _)| *f).collect();
    let mut options = Vec::new();
    let mut chosen: Vec<usize> = (0..extra).collect();
    // Combinations of `extra` positions among the fractional entries, in lexicographic order.
    const MAX_OPTIONS: usize = 256;
    loop {
        let mut counts = base.clone();
        for &c in &chosen {
            counts[fractional[c].2] += 1;
        }
        let lowest_up = chosen
            .iter()
            .map(|&c| fractional[c].0)
            .min()
            .unwrap_or(u64::MAX);
        let highest_down = (0..fractional.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| fractional[i].0)
            .max()
            .unwrap_or(0);
        options.push(Quota {
            counts,
            strict: lowest_up >= highest_down,
        });
        if options.len() >= MAX_OPTIONS || !next_combination(&mut chosen, fractional.len()) {
            break;
        }
    }
    options
}

/// Advance `c` (sorted positions in `0..n`) to the next combination; false after the last.
fn next_combination(c: &mut [usize], n: usize) -> bool {
    let k = c.len();
    for i in (0..k).rev() {
        if c[i] < n - k + i {
            c[i] += 1;
            for j in i + 1..k {
                c[j] = c[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// Whether rows and columns can be met by a matrix whose cells stay within `caps`
/// (max flow from rows to columns equals the row total).
fn flow_feasible(rows: &[u32], cols: &[u32; 4], caps: &[[u32; 4]]) -> bool {
    let need: u32 = rows.iter().sum();
    if need != cols.iter().sum::<u32>() {
        return false;
    }
    let n = rows.len();
    let mut flow = vec![[0u32; 4]; n];
    let mut row_left: Vec<u32> = rows.to_vec();
    let mut col_left = *cols;
    let mut total = 0;
    // Augmenting paths over the bipartite graph: row -> col directly, or with one detour
    // through a cell that can be re-routed; repeated breadth-first search keeps it exact.
    loop {
        // BFS from every row with capacity left to a column with demand left.
        // Nodes: rows 0..n, cols n..n+4.
        let mut prev: Vec<Option<usize>> = vec![None; n + 4];
        let mut seen = vec![false; n + 4];
        let mut queue = std::collections::VecDeque::new();
        for r in 0..n {
            if row_left[r] > 0 {
                seen[r] = true;
                queue.push_back(r);
            }
        }
        let mut end = None;
        while let Some(u) = queue.pop_front() {
            if u < n {
                for l in 0..4 {
                    let v = n + l;
                    if !seen[v] && flow[u][l] < caps[u][l] {
                        seen[v] = true;
                        prev[v] = Some(u);
                        if col_left[l] > 0 {
                            end = Some(v);
                            break;
                        }
                        queue.push_back(v);
                    }
                }
                if end.is_some() {
                    break;
                }
            } else {
                let l = u - n;
                for r in 0..n {
                    if !seen[r] && flow[r][l] > 0 {
                        seen[r] = true;
                        prev[r] = Some(u);
                        queue.push_back(r);
                    }
                }
            }
        }
        let Some(mut v) = end else { break };
        col_left[v - n] -= 1;
        while let Some(u) = prev[v] {
            if u < n {
                flow[u][v - n] += 1;
            } else {
                flow[v][u - n] -= 1;
            }
            v = u;
        }
        row_left[v] -= 1;
        total += 1;
    }
    total == need
}

/// Solve one interviewer's set, trying the fill tiers and (without `questions`) nearby counts.
fn solve(req: &Request, forbidden: &BTreeSet<&str>, purpose: &str) -> Result<Form, Infeasible> {
    let mut rng = Rng::new(req.plan.seed, purpose);
    let pool = Pool::build(req, forbidden, &mut rng);
    let counts = question_counts(req, &pool);
    let weights: Vec<u32> = req.topics.iter().map(|(_, w)| *w).collect();
    // Counts that no set can meet whatever the quotas (too few questions or concepts, or too
    // many minutes even for the shortest) are ruled out before any search.
    let mut gave_up = false;
    let possible: Vec<u32> = counts
        .iter()
        .copied()
        .filter(|&n| could_fit(&pool, n, req.plan.duration))
        .collect();
    for tier in FILL_TIERS {
        let lo = (req.plan.duration * tier).div_ceil(100);
        // Largest-remainder roundings at every count first; the looser roundings after.
        for strict in [true, false] {
            for &n in &possible {
                let mut budget = Budget {
                    steps: 0,
                    limit: STEP_BUDGET,
                };
                let mut topic_options = quota_options(n, &weights, &mut rng);
                if req.every_topic {
                    topic_options.retain(|o| o.counts.iter().all(|&c| c > 0));
                }
                let level_options = quota_options(n, &req.plan.mix, &mut rng);
                for levels in &level_options {
                    let levels: [u32; 4] = [
                        levels.counts[0],
                        levels.counts[1],
                        levels.counts[2],
                        levels.counts[3],
                    ];
                    for topics in &topic_options {
                        if (topics.strict && level_options_strict(&level_options, &levels))
                            != strict
                        {
                            continue;
                        }
                        if !budget.tick() {
                            break;
                        }
                        if !flow_feasible(&topics.counts, &levels, &pool.caps) {
                            continue;
                        }
                        let window = (lo, req.plan.duration);
                        if let Some(picked) = search_matrices(
                            &pool,
                            &topics.counts,
                            &levels,
                            window,
                            &mut rng,
                            &mut budget,
                        ) {
                            return Ok(make_form(req, picked, topics.counts.clone(), levels, lo));
                        }
                    }
                }
                gave_up |= budget.steps > budget.limit;
            }
        }
    }
    Err(Infeasible::new(explain(
        req, &pool, &counts, &weights, gave_up,
    )))
}

/// A necessary condition for any set of `n` questions: enough distinct concepts, and the `n`
/// shortest candidates within the duration and the `n` longest reaching its lowest fill.
fn could_fit(pool: &Pool, n: u32, duration: u32) -> bool {
    let mut concepts = BTreeSet::new();
    let mut minutes: Vec<u32> = Vec::new();
    for row in &pool.cells {
        for cell in row {
            for &q in cell {
                concepts.insert(pool.concept[q]);
                minutes.push(pool.minutes[q]);
            }
        }
    }
    let n = n as usize;
    if concepts.len() < n {
        return false;
    }
    minutes.sort_unstable();
    let least: u32 = minutes[..n].iter().sum();
    let most: u32 = minutes[minutes.len() - n..].iter().sum();
    let lowest_fill = (duration * FILL_TIERS[FILL_TIERS.len() - 1]).div_ceil(100);
    least <= duration && most >= lowest_fill
}

fn level_options_strict(options: &[Quota], levels: &[u32; 4]) -> bool {
    options.iter().any(|o| o.strict && o.counts == levels)
}

/// The numbers of questions to try: the spec's, or those around duration / average minutes.
fn question_counts(req: &Request, pool: &Pool) -> Vec<u32> {
    if let Some(n) = req.plan.questions {
        return vec![n];
    }
    // Average minutes of a question under the mix, from the candidates' own minutes.
    let mut weighted = 0u64;
    let mut weight = 0u64;
    for l in 0..4 {
        let (sum, count) = pool.prefix.iter().fold((0u64, 0u64), |(s, c), cell| {
            let sums = &cell[l];
            (
                s + u64::from(sums[sums.len() - 1]),
                c + (sums.len() as u64 - 1),
            )
        });
        if count > 0 && req.plan.mix[l] > 0 {
            weighted += u64::from(req.plan.mix[l]) * sum * 1000 / count;
            weight += u64::from(req.plan.mix[l]);
        }
    }
    let average = weighted.checked_div(weight).unwrap_or(6000).max(1);
    // Aim at the middle of the fullest time window, so that a typical set sits inside it
    // rather than against an edge (which would favour short or long questions).
    let centre = u64::from(req.plan.duration) * u64::from(100 + FILL_TIERS[0]) * 5;
    let n0 = ((centre + average / 2) / average).clamp(1, 100) as u32;
    let mut counts = vec![n0];
    for d in 1..=3 {
        if n0 > d {
            counts.push(n0 - d);
        }
        counts.push(n0 + d);
    }
    counts
}

/// Enumerate topic × level matrices meeting the quotas (seeded order) and fill the first that
/// admits a set of questions.
fn search_matrices(
    pool: &Pool,
    rows: &[u32],
    cols: &[u32; 4],
    window: (u32, u32),
    rng: &mut Rng,
    budget: &mut Budget,
) -> Option<Vec<usize>> {
    let n = rows.len();
    let mut matrix = vec![[0u32; 4]; n];
    let mut cells: Vec<(usize, usize)> = (0..n)
        .flat_map(|t| (0..4).map(move |l| (t, l)))
        .filter(|&(t, l)| rows[t] > 0 && cols[l] > 0 && pool.caps[t][l] > 0)
        .collect();
    rng.shuffle(&mut cells);
    let mut row_left = rows.to_vec();
    let mut col_left = *cols;
    let mut caps = pool.caps.clone();
    for t in 0..n {
        for l in 0..4 {
            if rows[t] == 0 || cols[l] == 0 {
                caps[t][l] = 0;
            }
        }
    }
    let mut found = None;
    assign_cells(
        pool,
        &cells,
        0,
        &mut matrix,
        &mut row_left,
        &mut col_left,
        &mut caps,
        window,
        rng,
        budget,
        &mut found,
    );
    found
}

#[allow(
    clippy::too_many_arguments,
    reason = "the recursion carries the whole search state"
)]
fn assign_cells(
    pool: &Pool,
    cells: &[(usize, usize)],
    at: usize,
    matrix: &mut Vec<[u32; 4]>,
    row_left: &mut Vec<u32>,
    col_left: &mut [u32; 4],
    caps: &mut Vec<[u32; 4]>,
    window: (u32, u32),
    rng: &mut Rng,
    budget: &mut Budget,
    found: &mut Option<Vec<usize>>,
) {
    if found.is_some() || !budget.tick() {
        return;
    }
    if row_left.iter().all(|&r| r == 0) {
        // Minute bounds for this matrix before trying questions.
        let (mut least, mut most) = (0u32, 0u32);
        for (t, row) in matrix.iter().enumerate() {
            for (l, &k) in row.iter().enumerate() {
                least += pool.min_sum(t, l, k);
                most += pool.max_sum(t, l, k);
            }
        }
        if least > window.1 || most < window.0 {
            return;
        }
        *found = fill(pool, matrix, window, rng, budget);
        return;
    }
    let Some(&(t, l)) = cells.get(at) else { return };
    let most = caps[t][l].min(row_left[t]).min(col_left[l]);
    let mut values: Vec<u32> = (0..=most).collect();
    rng.shuffle(&mut values);
    let saved_cap = caps[t][l];
    for k in values {
        matrix[t][l] = k;
        row_left[t] -= k;
        col_left[l] -= k;
        // This cell is decided: the rest must be met by the cells after it.
        caps[t][l] = 0;
        if flow_feasible(row_left, col_left, caps) {
            assign_cells(
                pool,
                cells,
                at + 1,
                matrix,
                row_left,
                col_left,
                caps,
                window,
                rng,
                budget,
                found,
            );
        }
        caps[t][l] = saved_cap;
        row_left[t] += k;
        col_left[l] += k;
        matrix[t][l] = 0;
        if found.is_some() {
            return;
        }
    }
}

/// Pick the questions of a matrix: cell by cell, candidates in shuffled order, pruned by the
/// minutes the remaining cells can still take and by concepts already used.
fn fill(
    pool: &Pool,
    matrix: &[[u32; 4]],
    window: (u32, u32),
    rng: &mut Rng,
    budget: &mut Budget,
) -> Option<Vec<usize>> {
    let mut slots: Vec<(usize, usize, u32)> = matrix
        .iter()
        .enumerate()
        .flat_map(|(t, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, k)| **k > 0)
                .map(move |(l, k)| (t, l, *k))
        })
        .collect();
    if let Some(picked) = sample(pool, &slots, window, rng) {
        return Some(picked);
    }
    // The cell searched last absorbs most of the time pressure; let the seed choose it.
    rng.shuffle(&mut slots);
    // Minute bounds of the cells after slot i.
    let mut after_min = vec![0u32; slots.len() + 1];
    let mut after_max = vec![0u32; slots.len() + 1];
    for i in (0..slots.len()).rev() {
        let (t, l, k) = slots[i];
        after_min[i] = after_min[i + 1] + pool.min_sum(t, l, k);
        after_max[i] = after_max[i + 1] + pool.max_sum(t, l, k);
    }
    let mut state = FillState {
        picked: Vec::new(),
        concepts: BTreeSet::new(),
        minutes: 0,
    };
    if fill_slot(
        pool, &slots, 0, 0, 0, &after_min, &after_max, window, &mut state, budget,
    ) {
        Some(state.picked)
    } else {
        None
    }
}

/// Random draws tried before the exhaustive search: each is uniform over the concept-valid
/// choices for the matrix, so accepting the first one inside the time window picks every
/// valid set about equally often, instead of favouring whatever the search meets first.
const SAMPLE_TRIES: u32 = 48;

fn sample(
    pool: &Pool,
    slots: &[(usize, usize, u32)],
    window: (u32, u32),
    rng: &mut Rng,
) -> Option<Vec<usize>> {
    let mut order: Vec<usize> = Vec::new();
    'attempt: for _ in 0..SAMPLE_TRIES {
        let mut picked = Vec::new();
        let mut concepts = BTreeSet::new();
        let mut minutes = 0;
        for &(t, l, k) in slots {
            let cell = &pool.cells[t][l];
            order.clear();
            order.extend(0..cell.len());
            let mut got = 0;
            // A partial Fisher–Yates shuffle: draw until k questions with fresh concepts.
            for i in 0..order.len() {
                if got == k {
                    break;
                }
                let j = i + rng.below((order.len() - i) as u64) as usize;
                order.swap(i, j);
                let q = cell[order[i]];
                if concepts.insert(pool.concept[q]) {
                    picked.push(q);
                    minutes += pool.minutes[q];
                    got += 1;
                }
            }
            if got < k || minutes > window.1 {
                continue 'attempt;
            }
        }
        if minutes >= window.0 {
            return Some(picked);
        }
    }
    None
}

struct FillState {
    picked: Vec<usize>,
    concepts: BTreeSet<usize>,
    minutes: u32,
}

#[allow(
    clippy::too_many_arguments,
    reason = "the recursion carries the whole search state"
)]
fn fill_slot(
    pool: &Pool,
    slots: &[(usize, usize, u32)],
    slot: usize,
    taken: u32,
    from: usize,
    after_min: &[u32],
    after_max: &[u32],
    window: (u32, u32),
    state: &mut FillState,
    budget: &mut Budget,
) -> bool {
    if !budget.tick() {
        return false;
    }
    let Some(&(t, l, k)) = slots.get(slot) else {
        return state.minutes >= window.0 && state.minutes <= window.1;
    };
    if taken == k {
        return fill_slot(
            pool,
            slots,
            slot + 1,
            0,
            0,
            after_min,
            after_max,
            window,
            state,
            budget,
        );
    }
    let cell = &pool.cells[t][l];
    let need = k - taken;
    // Bounds for what is still open: this cell's remaining picks and the later cells.
    let rest_min = pool.min_sum(t, l, need) + after_min[slot + 1];
    let rest_max = pool.max_sum(t, l, need) + after_max[slot + 1];
    if state.minutes + rest_min > window.1 || state.minutes + rest_max < window.0 {
        return false;
    }
    for i in from..cell.len() {
        if cell.len() - i < need as usize {
            break;
        }
        let q = cell[i];
        let concept = pool.concept[q];
        if state.concepts.contains(&concept) {
            continue;
        }
        let minutes = pool.minutes[q];
        if state.minutes + minutes > window.1 {
            continue;
        }
        state.picked.push(q);
        state.concepts.insert(concept);
        state.minutes += minutes;
        if fill_slot(
            pool,
            slots,
            slot,
            taken + 1,
            i + 1,
            after_min,
            after_max,
            window,
            state,
            budget,
        ) {
            return true;
        }
        state.minutes -= minutes;
        state.concepts.remove(&concept);
        state.picked.pop();
        if budget.steps > budget.limit {
            return false;
        }
    }
    false
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

/// Why no set exists: the first constraint that cannot hold, with the bank's numbers.
fn explain(req: &Request, pool: &Pool, counts: &[u32], weights: &[u32], gave_up: bool) -> Reason {
    let n = counts[0];
    let duration = req.plan.duration;
    let mix = req.plan.mix;
    let count = Count {
        questions: n,
        fixed: req.plan.questions.is_some(),
        duration,
    };
    let mut rng = Rng::new(req.plan.seed, "explain");
    let first = |options: Vec<Quota>| {
        options
            .into_iter()
            .next()
            .map(|q| q.counts)
            .unwrap_or_default()
    };
    let topics = first(quota_options(n, weights, &mut rng));
    let levels_v = first(quota_options(n, &mix, &mut rng));
    let mut levels = [0u32; 4];
    for (l, v) in levels_v.iter().enumerate().take(4) {
        levels[l] = *v;
    }
    let excluded = |t: Option<usize>, l: Option<usize>| -> u32 {
        pool.excluded
            .iter()
            .enumerate()
            .filter(|(ti, _)| t.is_none_or(|t| t == *ti))
            .map(|(_, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(li, _)| l.is_none_or(|l| l == *li))
                    .map(|(_, c)| c)
                    .sum::<u32>()
            })
            .sum()
    };
    let active_levels: Vec<usize> = (0..4).filter(|&l| mix[l] > 0).collect();
    // A single cell that a quota forces on its own.
    for (t, (topic, _)) in req.topics.iter().enumerate() {
        for &l in &active_levels {
            let others: u32 = active_levels
                .iter()
                .filter(|&&o| o != l)
                .map(|&o| pool.caps[t][o].min(levels[o]))
                .sum();
            let forced = topics[t].saturating_sub(others).min(levels[l]);
            if forced > pool.caps[t][l] {
                return Reason::Cell {
                    topic: topic.clone(),
                    level: Level::ALL[l],
                    available: pool.caps[t][l],
                    excluded: excluded(Some(t), Some(l)),
                    needed: forced,
                    count,
                    mix,
                };
            }
        }
    }
    for (t, (topic, _)) in req.topics.iter().enumerate() {
        let can: u32 = active_levels
            .iter()
            .map(|&l| pool.caps[t][l].min(levels[l]))
            .sum();
        if can < topics[t] {
            return Reason::Topic {
                topic: topic.clone(),
                can,
                levels: active_levels
                    .iter()
                    .map(|&l| (Level::ALL[l], pool.caps[t][l]))
                    .collect(),
                excluded: excluded(Some(t), None),
                share: topics[t],
                count,
            };
        }
    }
    for &l in &active_levels {
        let can: u32 = (0..req.topics.len())
            .map(|t| pool.caps[t][l].min(topics[t]))
            .sum();
        if can < levels[l] {
            return Reason::Level {
                level: Level::ALL[l],
                can,
                excluded: excluded(None, Some(l)),
                needed: levels[l],
                count,
                mix,
            };
        }
    }
    // Minutes: the shortest and the longest sets the quotas allow.
    let (mut least, mut most) = (0u32, 0u32);
    for &l in &active_levels {
        let mut all: Vec<u32> = (0..req.topics.len())
            .flat_map(|t| pool.cells[t][l].iter().map(|&q| pool.minutes[q]))
            .collect();
        all.sort_unstable();
        let k = (levels[l] as usize).min(all.len());
        least += all[..k].iter().sum::<u32>();
        most += all[all.len() - k..].iter().sum::<u32>();
    }
    let lowest_fill = (duration * FILL_TIERS[FILL_TIERS.len() - 1]).div_ceil(100);
    if least > duration {
        return Reason::TooLong {
            questions: n,
            least,
            duration,
        };
    }
    if most < lowest_fill {
        return Reason::TooShort {
            questions: n,
            most,
            duration,
            lowest_fill,
        };
    }
    Reason::NoSet {
        count,
        mix,
        lowest_fill,
        gave_up: gave_up.then_some(STEP_BUDGET),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_comes_first() {
        let mut rng = Rng::new(1, "t");
        let options = quota_options(8, &[2, 1, 1], &mut rng);
        assert_eq!(options[0].counts, vec![4, 2, 2]);
        let options = quota_options(7, &[30, 50, 20], &mut rng);
        // exact 2.1, 3.5, 1.4 -> floors 2,3,1 and the extra one to the largest remainder.
        assert_eq!(
            options[0],
            Quota {
                counts: vec![2, 4, 1],
                strict: true
            }
        );
        assert!(options[1..].iter().all(|o| !o.strict));
        assert!(options.iter().all(|o| o.counts.iter().sum::<u32>() == 7));
    }

    #[test]
    fn ties_are_broken_by_the_seed() {
        let mut firsts = BTreeSet::new();
        for seed in 0..40 {
            let mut rng = Rng::new(seed, "t");
            let options = quota_options(6, &[1; 10], &mut rng);
            assert!(
                options.iter().all(|o| o.strict),
                "every rounding of a tie is largest-remainder"
            );
            firsts.insert(options[0].counts.clone());
        }
        assert!(
            firsts.len() > 10,
            "only {} distinct roundings",
            firsts.len()
        );
    }

    #[test]
    fn flow_detects_joint_infeasibility() {
        // Two topics, each with only advanced questions; the mix wants one expert.
        let caps = vec![[0, 0, 5, 0], [0, 0, 5, 0]];
        assert!(flow_feasible(&[2, 2], &[0, 0, 4, 0], &caps));
        assert!(!flow_feasible(&[2, 2], &[0, 0, 3, 1], &caps));
        // Needs re-routing: row 0 can only use column 2; row 1 either.
        let caps = vec![[0, 0, 1, 0], [0, 1, 1, 0]];
        assert!(flow_feasible(&[1, 1], &[0, 1, 1, 0], &caps));
    }
}
