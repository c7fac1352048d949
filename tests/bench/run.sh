#!/usr/bin/env bash
# Whole-process benchmarks of the release binary, with hyperfine (apt: hyperfine) and GNU
# time for peak memory. Prints the figures the README quotes. Usage: tests/bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }

cargo build --release --quiet
bin=target/release/scorecard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== one 10-question scorecard, PDF + HTML + JSON, whole process"
cat > "$work/ten.yaml" <<SPEC
role: Senior Python Engineer
seniority: senior
duration: 75
questions: 10
seed: 2026
SPEC
# -N: no shell in between, so the figure is the process alone.
hyperfine -N --warmup 5 --runs 100 --export-json "$work/one.json" \
  "$bin generate $work/ten.yaml --candidate Ada --date 2026-11-24 --out $work/one"
python3 -c "import json,sys; r=json.load(open('$work/one.json'))['results'][0]; print(f\"median {r['median']*1000:.1f} ms, mean {r['mean']*1000:.1f} ms\")"

echo "== the same card, compact with an agenda (no slower than roomy)"
cat > "$work/ten-compact.yaml" <<SPEC
extends: ten.yaml
layout: compact
intro: 5
closing: 5
SPEC
hyperfine -N --warmup 5 --runs 100 \
  "$bin generate $work/ten.yaml --candidate Ada --date 2026-11-24 --out $work/roomy" \
  "$bin generate $work/ten-compact.yaml --candidate Ada --date 2026-11-24 --out $work/compact"

echo "== a card with a CJK name: its font found among the machine's fonts, and given with --font"
cjk=$(fc-list 2>/dev/null | grep -m1 -o '^[^:]*NotoSansCJK-Regular.ttc' || true)
if [ -n "$cjk" ]; then
  hyperfine -N --warmup 3 --runs 50 \
    "$bin generate $work/ten.yaml --candidate 王小明 --date 2026-11-24 --out $work/cjk1" \
    "$bin generate $work/ten.yaml --candidate 王小明 --date 2026-11-24 --out $work/cjk2 --font $cjk --no-system-fonts"
  ls -l "$work"/cjk1/*.pdf | awk '{print "PDF size with the CJK name: " $5 " bytes"}'
else
  echo "(Noto Sans CJK is not installed: apt-get install fonts-noto-cjk)"
fi

echo "== the PDF form: what it adds to a card's size and time, and reading a filled card back"
# SCORECARD_PLAIN_PDF=1 writes the card without its form.
# Both commands go through env(1), so both pay the same for it.
"$bin" generate "$work/ten.yaml" --candidate Ada --date 2026-11-24 --format pdf --out "$work/form" >/dev/null
env SCORECARD_PLAIN_PDF=1 "$bin" generate "$work/ten.yaml" --candidate Ada --date 2026-11-24 \
  --format pdf --out "$work/plain" >/dev/null
python3 - "$work" <<'PY'
import glob, os, sys
size = lambda d: os.path.getsize(glob.glob(f"{sys.argv[1]}/{d}/*.pdf")[0])
form, plain = size("form"), size("plain")
print(f"PDF size: {plain} bytes plain, {form} with the form (+{form - plain}, +{100 * (form - plain) / plain:.0f}%)")
PY
hyperfine -N --warmup 5 --runs 100 \
  "env SCORECARD_PLAIN_PDF=1 $bin generate $work/ten.yaml --candidate Ada --date 2026-11-24 --format pdf --out $work/p1" \
  "env $bin generate $work/ten.yaml --candidate Ada --date 2026-11-24 --format pdf --out $work/f1"
card=$(ls "$work"/form/*.pdf)
if python3 -c "import pypdf" 2>/dev/null; then
  python3 - "$work/values.json" <<'PY'
import json, sys
values = {f"q{n}.point.{k}": "/Yes" for n in range(1, 11) for k in (1, 2)}
values.update({f"q{n}.score": "/3" for n in range(1, 11)})
values.update({f"q{n}.notes": "Σωστά · Верно · right " * 8 for n in range(1, 11)})
values.update({"recommendation": "/yes", "reasons": "Ясно. " * 40, "general-notes": "Notes " * 40})
json.dump(values, open(sys.argv[1], "w"), ensure_ascii=False)
PY
  python3 tests/form/pypdf_form.py fill "$card" "$work/filled.pdf" "$work/values.json"
  card="$work/filled.pdf"
else
  echo "(pypdf is not installed: reading back the blank card instead of a filled one)"
fi
hyperfine -N --warmup 5 --runs 100 "$bin results $card"

echo "== a generated 100,000-question bank: load + select (preview), and load + lint"
python3 tests/bench/make_bank.py "$work/bank" 100000 50 >/dev/null
cat > "$work/big.yaml" <<SPEC
role: Benchmark Engineer
seniority: senior
duration: 60
bank: bank
seed: 1
SPEC
hyperfine -N --warmup 1 --runs 10 "$bin preview $work/big.yaml" "$bin bank lint $work/bank"
/usr/bin/time -f "preview peak memory: %M KB" "$bin" preview "$work/big.yaml" >/dev/null
/usr/bin/time -f "lint peak memory: %M KB" "$bin" bank lint "$work/bank" >/dev/null || true

echo "== a 100,000-line ledger: --avoid-asked on one card, and history --candidate"
python3 - "$work/ledger.jsonl" <<'PY'
import json, random, sys
random.seed(1)
ids = [f"q{i}" for i in range(400)]
with open(sys.argv[1], "w") as f:
    for i in range(100_000):
        name = f"Candidate {i % 20_000}"
        stem = f"2026-11-24-senior-python-engineer-candidate-{i}"
        f.write(json.dumps({
            "date": "2026-11-24", "candidate": name, "candidate_id": name,
            "role": "Senior Python Engineer", "seniority": "senior",
            "interviewer": random.choice([None, "Grace Hopper", "Alan Turing"]),
            "fingerprint": "490d-ae07", "questions": random.sample(ids, 8),
            "files": [stem + ".pdf", stem + ".html", stem + ".json"],
            "folder": "out", "recorded": "2026-11-24T09:00:00Z"}) + "\n")
PY
"$bin" generate "$work/ten.yaml" --candidate "Ada Bench" --date 2026-11-01 --out "$work/first" \
  --ledger "$work/ledger.jsonl" >/dev/null
hyperfine --warmup 3 --runs 30 --prepare "cp $work/ledger.jsonl $work/work.jsonl" \
  "$bin generate $work/ten.yaml --candidate 'Ada Bench' --out $work/l1 --ledger $work/work.jsonl" \
  "$bin generate $work/ten.yaml --candidate 'Ada Bench' --out $work/l2 --ledger $work/work.jsonl --avoid-asked"
hyperfine -N --warmup 3 --runs 30 "$bin history --ledger $work/ledger.jsonl --candidate 'Ada Bench'"

echo "== 1,000 scorecards in one invocation (--candidates), both cores"
python3 -c "print('\n'.join(f'Candidate {i}' for i in range(1000)))" > "$work/candidates.txt"
hyperfine --runs 2 --prepare "rm -rf $work/batch" \
  "$bin generate $work/ten.yaml --candidates $work/candidates.txt --date 2026-11-24 --out $work/batch"
/usr/bin/time -f "1,000 cards: %e s wall, %U s user, peak memory %M KB" \
  "$bin" generate "$work/ten.yaml" --candidates "$work/candidates.txt" --date 2026-11-24 --out "$work/batch2" >/dev/null
ls "$work/batch2" | wc -l | xargs echo "files written:"

echo "== debrief: a five-interviewer panel, PDF + HTML + JSON, whole process"
cat > "$work/five.yaml" <<SPEC
role: Senior Python Engineer
seniority: senior
duration: 45
seed: 2026
panel:
  - name: Grace Hopper
  - name: Alan Turing
  - name: Ada Lovelace
  - name: Edsger Dijkstra
  - name: Barbara Liskov
SPEC
"$bin" generate "$work/five.yaml" --format json --candidate "Ada Bench" --date 2026-11-24 --no-ledger \
  --out "$work/five-cards" >/dev/null
python3 tests/bench/make_results.py "$work/five-results" "$work"/five-cards/*.json >/dev/null
hyperfine -N --warmup 5 --runs 100 --export-json "$work/five.json" \
  "$bin debrief $work/five-results --out $work/five-debrief"
python3 -c "import json; r=json.load(open('$work/five.json'))['results'][0]; print(f\"median {r['median']*1000:.1f} ms, mean {r['mean']*1000:.1f} ms\")"

echo "== debrief: 1,000 candidates of one edition (4,000 results files), debriefs and the comparison"
cat > "$work/four.yaml" <<SPEC
extends: five.yaml
panel:
  - name: Grace Hopper
  - name: Alan Turing
  - name: Ada Lovelace
  - name: Barbara Liskov
SPEC
"$bin" generate "$work/four.yaml" --format json --candidates "$work/candidates.txt" --date 2026-11-24 \
  --no-ledger --out "$work/many-cards" >/dev/null
python3 tests/bench/make_results.py "$work/many-results" "$work"/many-cards/*.json
hyperfine --runs 3 --prepare "rm -rf $work/many" \
  "$bin debrief $work/many-results --out $work/many" \
  "$bin debrief $work/many-results --out $work/many --format json"
/usr/bin/time -f "1,000 debriefs + comparison: %e s wall, %U s user, peak memory %M KB" \
  "$bin" debrief "$work/many-results" --out "$work/many2" >/dev/null
ls "$work/many2" | wc -l | xargs echo "files written:"
