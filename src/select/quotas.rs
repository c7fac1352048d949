//! Quotas: how many questions each topic and each level gets, as roundings of the exact
//! shares of the weights (largest remainder first, then the others within one question).

use crate::rng::Rng;

/// A way to round the exact shares of `n` questions: each entry is the floor or the ceiling
/// of its share. `strict` roundings are the largest-remainder ones (the ceilings go to the
/// largest remainders; the seed orders ties).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Quota {
    pub(super) counts: Vec<u32>,
    pub(super) strict: bool,
}

/// The roundings of `n` questions over `weights`: largest remainder first (ties in the
/// order the seed gives), then the other roundings that keep every entry within one
/// question of its exact share.
pub(super) fn quota_options(n: u32, weights: &[u32], rng: &mut Rng) -> Vec<Quota> {
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
pub(super) fn next_combination(c: &mut [usize], n: usize) -> bool {
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

/// Whether `levels` is a largest-remainder rounding among `options`.
pub(super) fn level_options_strict(options: &[Quota], levels: &[u32; 4]) -> bool {
    options.iter().any(|o| o.strict && o.counts == levels)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

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
}
