#!/usr/bin/env python3
"""Write a synthetic bank of N questions (default 100,000) into DIR, for benchmarks.

Usage: make_bank.py DIR [N] [TOPICS]
Questions are spread over TOPICS topic files (default 50) and the four levels, with
realistic minutes, a concept on every fifth question, and prompt text drawn from a
5,000-word vocabulary with a Zipf-like spread (a few words common, most rare), as in real
question text: prompts resemble each other about as much as real ones do.
"""
import os
import random
import sys

LEVELS = [("basic", 3, 5), ("intermediate", 4, 8), ("advanced", 6, 10), ("expert", 8, 15)]
def vocabulary(rng: random.Random, n: int = 5000) -> list:
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "do", "gra", "fli",
                 "sto", "mar", "ben", "cor", "dex", "lin", "qua", "zen"]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)




def main() -> None:
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    topics = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    rng = random.Random(2026)
    vocab = vocabulary(rng)
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]
    # Cumulative weights make each draw a binary search instead of a scan.
    cumulative = []
    acc = 0.0
    for w in weights:
        acc += w
        cumulative.append(acc)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "bank.yaml"), "w", encoding="utf-8") as f:
        f.write("name: synthetic\ntitle: Synthetic benchmark bank\nversion: bench-1\n")
    per_topic = total // topics
    n = 0
    for t in range(topics):
        topic = f"topic-{t:03d}"
        lines = [f"topic: {topic}", f"title: Synthetic topic {t}", "questions:"]
        for i in range(per_topic if t < topics - 1 else total - n):
            level, lo, hi = LEVELS[i % 4]
            words = " ".join(rng.choices(vocab, cum_weights=cumulative, k=rng.randint(14, 22)))
            lines.append(f"  - id: {topic}-q{i:06d}")
            lines.append(f"    level: {level}")
            lines.append(f"    minutes: {rng.randint(lo, hi)}")
            if i % 5 == 0:
                lines.append(f"    concept: {topic}-c{i // 50}")
            lines.append(f"    prompt: \"Question {n} on {topic}: how would you handle the {words}?\"")
            lines.append("    expected:")
            a, b, c, d = rng.choices(vocab, cum_weights=cumulative, k=4)
            lines.append(f"      - \"Names the {a} and the {b} involved\"")
            lines.append(f"      - \"Explains the trade-off between {c} and {d}\"")
            n += 1
        with open(os.path.join(out, f"{topic}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    print(f"wrote {n} questions in {topics} topics to {out}")


if __name__ == "__main__":
    main()
