#!/usr/bin/env python3
"""Fill in every card of generated editions as results files (scorecard-results/1), for the
debrief's CI checks and benchmarks.

Usage: make_results.py OUT_DIR EDITION.json... [--hostile]

Scores, ticks and recommendations are a deterministic hash of candidate, interviewer and
question, so runs repeat exactly and panels disagree now and then. With --hostile, every
free-text field holds markup and template syntax that must stay text.
"""
import hashlib
import json
import os
import re
import sys

HOSTILE = [
    "</p><script>alert('notes')</script>",
    "\" onmouseover=\"alert(1)",
    "{{title}} {{{style}}} &amp; <img src=x onerror=alert(1)>",
    "]]></desc><script>alert(2)</script>\nsecond line",
]


def h(*parts):
    return int.from_bytes(hashlib.sha256("\n".join(parts).encode()).digest()[:4], "big")


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    hostile = "--hostile" in sys.argv
    out, editions = args[0], args[1:]
    os.makedirs(out, exist_ok=True)
    written = 0
    for path in editions:
        ed = json.load(open(path, encoding="utf-8"))
        panel = [c["interviewer"] for c in ed["scorecards"] if c["interviewer"]]
        for card in ed["scorecards"]:
            who = card["interviewer"] or ""
            cand = ed["candidate"] or ""
            text = lambda i, plain: HOSTILE[i % len(HOSTILE)] if hostile else plain
            questions = []
            for i, q in enumerate(card["questions"]):
                k = h(cand, who, q["id"])
                questions.append({
                    "id": q["id"], "topic": q["topic"], "level": q["level"],
                    "prompt": q["prompt"], "expected": q["expected"],
                    "points": [(k >> b) & 1 == 1 for b in range(len(q["expected"]))],
                    "score": None if k % 11 == 0 else 1 + k % len(ed["rubric"]),
                    "notes": text(i, f"Answered {q['id']} in {k % 7 + 2} minutes."),
                })
            result = {
                "format": "scorecard-results/1",
                "fingerprint": ed["fingerprint"],
                "bank": {"name": ed["bank"]["name"], "version": ed["bank"]["version"]},
                "role": ed["role"], "seniority": ed["seniority"],
                "candidate": ed["candidate"], "date": ed["date"],
                "interviewer": card["interviewer"], "panel": panel,
                "rubric": [r["label"] for r in ed["rubric"]],
                "questions": questions,
                "topic_comments": {questions[0]["topic"]: text(1, "Steady throughout.")},
                "recommendation": ["strong-no", "no", "yes", "strong-yes"][h(cand, who) % 4],
                "reasons": text(0, f"{who or 'I'} saw clear reasoning.\nSome gaps on details."),
                "candidate_questions": text(3, "Asked about on-call."),
                "notes": text(2, ""),
            }
            name = f"{ed['date']}-{slug(cand)}-{slug(who)}-results.json"
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                json.dump(result, f, ensure_ascii=False, indent=1)
            written += 1
    print(f"{written} results files in {out}")


main()
