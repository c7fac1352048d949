#!/usr/bin/env python3
"""Write a synthetic bank of N questions (default 100,000) into DIR, for benchmarks.

Usage: make_bank.py DIR [N] [TOPICS]
Questions are spread over TOPICS topic files (default 50) and the four levels, with
realistic minutes, a concept on every fifth question, and distinct prompt text.
"""
import os
import random
import sys

LEVELS = [("basic", 3, 5), ("intermediate", 4, 8), ("advanced", 6, 10), ("expert", 8, 15)]
WORDS = ("cache queue thread lock buffer socket parser token index shard replica schema "
         "codec stream batch retry backoff budget quota window ledger cursor frame slot").split()


def main() -> None:
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    topics = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    rng = random.Random(2026)
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
            words = " ".join(rng.choice(WORDS) for _ in range(12))
            lines.append(f"  - id: {topic}-q{i:06d}")
            lines.append(f"    level: {level}")
            lines.append(f"    minutes: {rng.randint(lo, hi)}")
            if i % 5 == 0:
                lines.append(f"    concept: {topic}-c{i // 50}")
            lines.append(f"    prompt: \"Question {n} on {topic}: how would you handle the {words}?\"")
            lines.append("    expected:")
            lines.append(f"      - \"Names the {rng.choice(WORDS)} and the {rng.choice(WORDS)} involved ({n})\"")
            lines.append(f"      - \"Explains the trade-off between {rng.choice(WORDS)} and {rng.choice(WORDS)}\"")
            n += 1
        with open(os.path.join(out, f"{topic}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    print(f"wrote {n} questions in {topics} topics to {out}")


if __name__ == "__main__":
    main()
