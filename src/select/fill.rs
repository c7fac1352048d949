//! Filling a topic × level matrix with questions: random draws first, each uniform over the
//! concept-valid choices, then an exhaustive search pruned by minute bounds and concepts.

use std::collections::BTreeSet;

use super::pool::Pool;
use super::search::Budget;
use crate::rng::Rng;

/// Pick the questions of a matrix: cell by cell, candidates in shuffled order, pruned by the
/// minutes the remaining cells can still take and by concepts already used.
pub(super) fn fill(
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
