//! Near-duplicate prompts among many: normalised word-pair sets, an inverted index over their
//! rarest pairs to find candidates without comparing all pairs, and the exact Jaccard
//! similarity to confirm them.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// The longest candidate list read for one word pair. It bounds the work on banks full of
/// near-identical prompts; each such prompt is still reported against one of the others.
const POSTING_CAP: usize = 256;

/// A pair of near-duplicate prompts: indexes into the list given, `earlier < later`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NearDuplicate {
    pub earlier: usize,
    pub later: usize,
    pub similarity: f64,
}

/// Every prompt that is at least `threshold` similar to an earlier one whose concept differs,
/// each reported once, with its most similar earlier partner.
///
/// Similarity is the Jaccard index of the prompts' sets of adjacent word pairs. Candidates come
/// from an inverted index over the rarest word pairs of each prompt (prefix filtering, as in
/// the PPJoin algorithm): two sets with Jaccard similarity `t` share at least `⌈t·|x|⌉`
/// elements, so in any fixed global order they share one among the first `|x| − ⌈t·|x|⌉ + 1`.
/// Prompts are visited from the shortest, probing with that prefix; the index holds shorter
/// prefixes (enough against longer prompts), skips word pairs no other prompt has, and drops a
/// candidate as soon as the positions of its matches show it cannot reach the overlap needed.
/// Survivors are confirmed with the exact similarity. No pair is compared unless it shares a
/// rare word pair, which keeps a 100,000-question bank to a fraction of a second.
pub(crate) fn near_duplicates(
    prompts: &[(&str, Option<&str>)],
    threshold: f64,
) -> Vec<NearDuplicate> {
    let sets = shingle_all(prompts);
    let frequency = pair_frequency(&sets);
    let mut order: Vec<usize> = (0..sets.len()).filter(|&i| !sets[i].is_empty()).collect();
    order.sort_by_key(|&i| (sets[i].len(), i));

    // Overlap two sets need for the threshold: |x ∩ y| ≥ t/(1+t)·(|x|+|y|).
    let needed = |a: usize, b: usize| {
        (threshold / (1.0 + threshold) * (a + b) as f64 - 1e-9).ceil() as usize
    };
    let mut index: FastMap<u64, Vec<(u32, u32)>> = FastMap::default();
    let mut stamp = vec![usize::MAX; sets.len()];
    let mut matches = vec![0u32; sets.len()];
    let mut candidates: Vec<usize> = Vec::new();
    let mut prefix: Vec<(u32, u64)> = Vec::new();
    let mut best: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
    for (step, &x) in order.iter().enumerate() {
        let size = sets[x].len();
        let probe = prefix_len(size, threshold);
        prefix.clear();
        prefix.extend(
            sets[x]
                .iter()
                .map(|s| (frequency.get(s).copied().unwrap_or(1), *s)),
        );
        // Word pairs no other prompt has sort first and can match nothing: when they fill the
        // whole prefix, this prompt has no near-duplicate and needs no index entry.
        let unique = prefix.iter().filter(|(f, _)| *f < 2).count();
        if unique >= probe {
            continue;
        }
        prefix.sort_unstable();
        prefix.truncate(probe);
        candidates.clear();
        for (i, &(_, s)) in prefix.iter().enumerate().skip(unique) {
            let Some(postings) = index.get(&s) else {
                continue;
            };
            let from = postings.len().saturating_sub(POSTING_CAP);
            for &(y, j) in &postings[from..] {
                let (y, j) = (y as usize, j as usize);
                let other = sets[y].len();
                // Prompts arrive by size, so |y| ≤ |x|: skip those too small to reach it.
                if (other as f64) < threshold * size as f64 {
                    continue;
                }
                if stamp[y] != step {
                    stamp[y] = step;
                    matches[y] = 0;
                    candidates.push(y);
                }
                if matches[y] == PRUNED {
                    continue;
                }
                // Positional filter: matches so far, this one, and at most what is left of
                // either set after it.
                let bound = matches[y] as usize + 1 + (size - i - 1).min(other - j - 1);
                if bound >= needed(size, other) {
                    matches[y] += 1;
                } else {
                    matches[y] = PRUNED;
                }
            }
        }
        for &y in &candidates {
            if matches[y] == PRUNED {
                continue;
            }
            if let (Some(a), Some(b)) = (prompts[x].1, prompts[y].1)
                && a == b
            {
                continue;
            }
            let similarity = jaccard(&sets[x], &sets[y]);
            if similarity < threshold {
                continue;
            }
            keep_best(&mut best, x, y, similarity);
        }
        // Longer prompts probe this one; against them a shorter prefix is enough.
        let indexed = size + 1 - needed(size, size).clamp(1, size);
        let x32 = u32::try_from(x).unwrap_or(u32::MAX);
        for (i, &(_, s)) in prefix.iter().enumerate().take(indexed).skip(unique) {
            let i32 = u32::try_from(i).unwrap_or(u32::MAX);
            index.entry(s).or_default().push((x32, i32));
        }
    }
    best.into_iter()
        .map(|(later, (earlier, similarity))| NearDuplicate {
            earlier,
            later,
            similarity,
        })
        .collect()
}

/// Each prompt's word pairs, hashed. Shingling is independent per prompt: done in chunks on
/// every core.
fn shingle_all(prompts: &[(&str, Option<&str>)]) -> Vec<Vec<u64>> {
    crate::parallel::map(prompts.chunks(2048).collect(), |chunk| {
        chunk.iter().map(|(p, _)| shingles(p)).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Keep the pair of `x` and `y` for the later of them when it is its most similar earlier
/// prompt so far (the earliest among equals).
fn keep_best(best: &mut BTreeMap<usize, (usize, f64)>, x: usize, y: usize, similarity: f64) {
    let (earlier, later) = (x.min(y), x.max(y));
    let better = best
        .get(&later)
        .is_none_or(|&(e, s)| similarity > s || (similarity == s && earlier < e));
    if better {
        best.insert(later, (earlier, similarity));
    }
}

/// How many prompts have each word pair, kept only for pairs in two or more: most pairs are
/// unique, and one sort of them all costs less than a map holding every one.
fn pair_frequency(sets: &[Vec<u64>]) -> FastMap<u64, u32> {
    // The pairs are split by their hash's top bit, so each half sorts and counts on its own
    // core and no pair is counted in both.
    let total: usize = sets.iter().map(Vec::len).sum();
    let mut halves: [Vec<u64>; 2] = [
        Vec::with_capacity(total / 2 + total / 16),
        Vec::with_capacity(total / 2 + total / 16),
    ];
    for &s in sets.iter().flatten() {
        halves[(s >> 63) as usize].push(s);
    }
    let counted = crate::parallel::map(halves.into(), |mut half: Vec<u64>| {
        half.sort_unstable();
        half.chunk_by(|a, b| a == b)
            .filter(|run| run.len() > 1)
            .map(|run| (run[0], u32::try_from(run.len()).unwrap_or(u32::MAX)))
            .collect::<Vec<_>>()
    });
    let mut frequency: FastMap<u64, u32> = FastMap::default();
    frequency.extend(counted.into_iter().flatten());
    frequency
}

/// Marks a candidate the positional filter has ruled out.
const PRUNED: u32 = u32::MAX;

/// How many of a set's rarest elements must be probed for the threshold.
fn prefix_len(size: usize, threshold: f64) -> usize {
    let overlap = (threshold * size as f64 - 1e-9).ceil() as usize;
    (size + 1).saturating_sub(overlap.max(1)).min(size)
}

/// Jaccard similarity of two sorted, deduplicated sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

/// The normalised prompt as a sorted set of hashed adjacent word pairs (a one-word prompt
/// gives its word). Words are runs of letters, digits and `_`, lowercased, so case, punctuation,
/// Markdown and spacing do not count.
pub(super) fn shingles(prompt: &str) -> Vec<u64> {
    let mut words = Words::default();
    if prompt.is_ascii() {
        // The common case, byte by byte; the same hashes as the general path below.
        for &b in prompt.as_bytes() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                words.byte(b.to_ascii_lowercase());
            } else {
                words.end();
            }
        }
    } else {
        for c in prompt.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '_' {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    words.byte(b);
                }
            } else {
                words.end();
            }
        }
    }
    words.end();
    let words = words.hashes;
    let mut set: Vec<u64> = if words.len() == 1 {
        words
    } else {
        words
            .windows(2)
            .map(|w| mix(w[0].rotate_left(29) ^ w[1]))
            .collect()
    };
    set.sort_unstable();
    set.dedup();
    set
}

/// Hashes of the words of a text, fed one byte at a time (FNV-1a, then mixed).
struct Words {
    hashes: Vec<u64>,
    hash: u64,
    in_word: bool,
}

impl Default for Words {
    fn default() -> Self {
        Self {
            hashes: Vec::new(),
            hash: FNV_OFFSET,
            in_word: false,
        }
    }
}

impl Words {
    fn byte(&mut self, b: u8) {
        self.hash = (self.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        self.in_word = true;
    }

    fn end(&mut self) {
        if self.in_word {
            self.hashes.push(mix(self.hash));
            self.hash = FNV_OFFSET;
            self.in_word = false;
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// SplitMix64's finaliser: spreads every input bit over the whole word.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Keys here are already well-mixed hashes, so the map uses them as they are.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::SIMILARITY_THRESHOLD;

    fn pairs(prompts: &[&str]) -> Vec<(usize, usize)> {
        let list: Vec<(&str, Option<&str>)> = prompts.iter().map(|p| (*p, None)).collect();
        near_duplicates(&list, SIMILARITY_THRESHOLD)
            .into_iter()
            .map(|d| (d.earlier, d.later))
            .collect()
    }

    #[test]
    fn normalising_ignores_case_punctuation_and_spacing() {
        assert_eq!(
            shingles("What does `yield` do,   in a generator?"),
            shingles("what does yield do in a GENERATOR")
        );
        assert_ne!(shingles("a b c"), shingles("c b a"));
        assert_eq!(shingles("word").len(), 1);
        assert!(shingles(" ... ").is_empty());
    }

    #[test]
    fn finds_edited_copies_and_leaves_different_questions_alone() {
        let found = pairs(&[
            "Explain how the garbage collector finds reference cycles, and when it runs.",
            "What is the difference between a list and a tuple, and when would you pick each?",
            "Explain how the garbage collector finds reference cycles and when it runs?",
            "What is the difference between a set and a frozenset, and when would you pick each?",
            "Explain how the cyclic garbage collector finds reference cycles, and when it runs.",
        ]);
        assert_eq!(found, [(0, 2), (0, 4)]);
    }

    #[test]
    fn a_shared_concept_excuses_a_pair() {
        let p = "Explain how the garbage collector finds reference cycles, and when it runs.";
        let same = near_duplicates(&[(p, Some("gc")), (p, Some("gc"))], SIMILARITY_THRESHOLD);
        assert!(same.is_empty());
        let different = near_duplicates(
            &[(p, Some("gc")), (p, Some("cycles"))],
            SIMILARITY_THRESHOLD,
        );
        assert_eq!(different.len(), 1);
        assert!((different[0].similarity - 1.0).abs() < 1e-9);
    }

    #[test]
    fn matches_all_pairs_on_random_prompts() {
        // Compare the indexed search with the obvious quadratic one: a tiny vocabulary (many
        // shared word pairs), and a larger one with edited copies (mostly unique word pairs and
        // a few close relatives), at several thresholds.
        let vocabulary: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let mut state = 7u64;
        let mut next = || {
            state = mix(state);
            state
        };
        let mut prompts: Vec<String> = Vec::new();
        for n in 0..400usize {
            let (words, shortest, spread) = if n < 200 { (8, 3, 8) } else { (300, 5, 26) };
            let len = shortest + (next() % spread) as usize;
            let mut p: Vec<String> = (0..len)
                .map(|_| vocabulary[(next() % words) as usize].clone())
                .collect();
            if n >= 200 && n % 3 == 0 {
                let source = 200 + (next() % (n - 200) as u64) as usize;
                p = prompts[source].split(' ').map(str::to_owned).collect();
                let at = (next() % p.len() as u64) as usize;
                p[at] = vocabulary[(next() % 300) as usize].clone();
                if next() % 2 == 0 {
                    p.push("extra".to_owned());
                }
            }
            prompts.push(p.join(" "));
        }
        for threshold in [0.4, 0.5, 0.6, 0.7, 0.9] {
            let list: Vec<(&str, Option<&str>)> =
                prompts.iter().map(|p| (p.as_str(), None)).collect();
            let fast = near_duplicates(&list, threshold);
            let sets: Vec<Vec<u64>> = prompts.iter().map(|p| shingles(p)).collect();
            let mut slow: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
            for later in 0..sets.len() {
                for earlier in 0..later {
                    let s = jaccard(&sets[earlier], &sets[later]);
                    if s >= threshold && slow.get(&later).is_none_or(|&(_, b)| s > b) {
                        slow.insert(later, (earlier, s));
                    }
                }
            }
            assert!(!slow.is_empty());
            let slow: Vec<(usize, usize)> = slow.into_iter().map(|(l, (e, _))| (e, l)).collect();
            let fast: Vec<(usize, usize)> = fast.iter().map(|d| (d.earlier, d.later)).collect();
            assert_eq!(fast, slow, "threshold {threshold}");
        }
    }

    #[test]
    fn prefix_is_long_enough_for_the_overlap() {
        assert_eq!(prefix_len(10, 0.7), 4);
        assert_eq!(prefix_len(10, 0.5), 6);
        assert_eq!(prefix_len(1, 0.7), 1);
        assert_eq!(prefix_len(3, 1.0), 1);
    }
}
