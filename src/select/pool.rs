//! The candidates of one interviewer's set, grouped by topic × level, with what the search
//! prunes by: concepts, minutes, and each cell's capacity.

use std::collections::{BTreeMap, BTreeSet};

use super::Request;
use crate::rng::Rng;

/// The candidates of one request, grouped by topic × level, each cell shuffled by the seed.
pub(super) struct Pool {
    /// cells[t][l]: question indices.
    pub(super) cells: Vec<[Vec<usize>; 4]>,
    /// Concept number per question index (questions without a concept get a unique one).
    pub(super) concept: Vec<usize>,
    /// Minutes per question index.
    pub(super) minutes: Vec<u32>,
    /// Upper bound of picks per cell: distinct concepts in it.
    pub(super) caps: Vec<[u32; 4]>,
    /// Minutes of the cell's candidates, sorted ascending, and their prefix sums.
    pub(super) prefix: Vec<[Vec<u32>; 4]>,
    /// Questions in the topics but excluded by the spec, per cell (for explanations).
    pub(super) excluded: Vec<[u32; 4]>,
}

impl Pool {
    pub(super) fn build(req: &Request, forbidden: &BTreeSet<&str>, rng: &mut Rng) -> Pool {
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
    pub(super) fn min_sum(&self, t: usize, l: usize, k: u32) -> u32 {
        self.prefix[t][l][k as usize]
    }

    pub(super) fn max_sum(&self, t: usize, l: usize, k: u32) -> u32 {
        let sums = &self.prefix[t][l];
        let len = sums.len() - 1;
        sums[len] - sums[len - k as usize]
    }
}
