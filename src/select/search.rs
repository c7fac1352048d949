//! The search for one interviewer's set: question counts and fill tiers, quota roundings,
//! then topic × level matrices (pruned by the flow bound and minute bounds), each filled with
//! questions.

use std::collections::BTreeSet;

use super::explain::explain;
use super::fill::fill;
use super::flow::flow_feasible;
use super::pool::Pool;
use super::quotas::{level_options_strict, quota_options};
use super::reason::Infeasible;
use super::{FILL_TIERS, Form, Request, make_form};
use crate::rng::Rng;

/// Search steps allowed for one attempt at one tier before moving on; keeps a pathological
/// bank from hanging the tool.
pub(super) const STEP_BUDGET: u64 = 400_000;

/// Counts how much searching has been done, so a hopeless instance ends.
pub(super) struct Budget {
    pub(super) steps: u64,
    pub(super) limit: u64,
}

impl Budget {
    pub(super) fn tick(&mut self) -> bool {
        self.steps += 1;
        self.steps <= self.limit
    }
}

/// Solve one interviewer's set, trying the fill tiers and (without `questions`) nearby counts.
pub(super) fn solve(
    req: &Request,
    forbidden: &BTreeSet<&str>,
    purpose: &str,
) -> Result<Form, Infeasible> {
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
pub(super) fn could_fit(pool: &Pool, n: u32, duration: u32) -> bool {
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

/// The numbers of questions to try: the spec's, or those around duration / average minutes.
pub(super) fn question_counts(req: &Request, pool: &Pool) -> Vec<u32> {
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
pub(super) fn search_matrices(
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
pub(super) fn assign_cells(
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
