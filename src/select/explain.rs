//! Why no set exists: the first rule that cannot hold, found from the pool's numbers.

use super::pool::Pool;
use super::quotas::{Quota, quota_options};
use super::reason::{Count, Reason};
use super::search::STEP_BUDGET;
use super::{FILL_TIERS, Request};
use crate::bank::Level;
use crate::rng::Rng;

/// The exact shares of one question count the explanation measures the bank against.
struct Shares<'a> {
    pool: &'a Pool,
    /// Questions per topic and per level (the first rounding of each).
    topics: Vec<u32>,
    levels: [u32; 4],
    /// Levels the mix asks for.
    active: Vec<usize>,
    count: Count,
    mix: [u32; 4],
}

/// Why no set exists: the first constraint that cannot hold, with the bank's numbers.
pub(super) fn explain(
    req: &Request,
    pool: &Pool,
    counts: &[u32],
    weights: &[u32],
    gave_up: bool,
) -> Reason {
    let n = counts[0];
    let mix = req.plan.mix;
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
    let shares = Shares {
        pool,
        topics,
        levels,
        active: (0..4).filter(|&l| mix[l] > 0).collect(),
        count: Count {
            questions: n,
            fixed: req.plan.questions.is_some(),
            duration: req.plan.duration,
        },
        mix,
    };
    shares
        .cell_short(req)
        .or_else(|| shares.topic_short(req))
        .or_else(|| shares.level_short(req))
        .unwrap_or_else(|| shares.minutes_short(req, gave_up))
}

impl Shares<'_> {
    /// Questions excluded in topic `t` (any when `None`) at level `l` (any when `None`).
    fn excluded(&self, t: Option<usize>, l: Option<usize>) -> u32 {
        self.pool
            .excluded
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
    }

    /// A single cell that a quota forces on its own.
    fn cell_short(&self, req: &Request) -> Option<Reason> {
        let caps = &self.pool.caps;
        for (t, (topic, _)) in req.topics.iter().enumerate() {
            for &l in &self.active {
                let others: u32 = self
                    .active
                    .iter()
                    .filter(|&&o| o != l)
                    .map(|&o| caps[t][o].min(self.levels[o]))
                    .sum();
                let forced = self.topics[t].saturating_sub(others).min(self.levels[l]);
                if forced > caps[t][l] {
                    return Some(Reason::Cell {
                        topic: topic.clone(),
                        level: Level::ALL[l],
                        available: caps[t][l],
                        excluded: self.excluded(Some(t), Some(l)),
                        needed: forced,
                        count: self.count,
                        mix: self.mix,
                    });
                }
            }
        }
        None
    }

    /// A topic that cannot give its share at the levels the mix asks for.
    fn topic_short(&self, req: &Request) -> Option<Reason> {
        let caps = &self.pool.caps;
        for (t, (topic, _)) in req.topics.iter().enumerate() {
            let can: u32 = self
                .active
                .iter()
                .map(|&l| caps[t][l].min(self.levels[l]))
                .sum();
            if can < self.topics[t] {
                return Some(Reason::Topic {
                    topic: topic.clone(),
                    can,
                    levels: self
                        .active
                        .iter()
                        .map(|&l| (Level::ALL[l], caps[t][l]))
                        .collect(),
                    excluded: self.excluded(Some(t), None),
                    share: self.topics[t],
                    count: self.count,
                });
            }
        }
        None
    }

    /// A level the topics together cannot give its share of.
    fn level_short(&self, req: &Request) -> Option<Reason> {
        for &l in &self.active {
            let can: u32 = (0..req.topics.len())
                .map(|t| self.pool.caps[t][l].min(self.topics[t]))
                .sum();
            if can < self.levels[l] {
                return Some(Reason::Level {
                    level: Level::ALL[l],
                    can,
                    excluded: self.excluded(None, Some(l)),
                    needed: self.levels[l],
                    count: self.count,
                    mix: self.mix,
                });
            }
        }
        None
    }

    /// Minutes: the shortest and the longest sets the quotas allow against the time window;
    /// when both fit, no set meets every rule at once.
    fn minutes_short(&self, req: &Request, gave_up: bool) -> Reason {
        let pool = self.pool;
        let (n, duration) = (self.count.questions, self.count.duration);
        let (mut least, mut most) = (0u32, 0u32);
        for &l in &self.active {
            let mut all: Vec<u32> = (0..req.topics.len())
                .flat_map(|t| pool.cells[t][l].iter().map(|&q| pool.minutes[q]))
                .collect();
            all.sort_unstable();
            let k = (self.levels[l] as usize).min(all.len());
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
            count: self.count,
            mix: self.mix,
            lowest_fill,
            gave_up: gave_up.then_some(STEP_BUDGET),
        }
    }
}
