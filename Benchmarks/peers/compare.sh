#!/usr/bin/env bash
# Developer tool (not part of the tests): the performance targets in one table.
#
# Installs the peers (DuckDB, polars, pandas, scipy, lifetimes) into a virtual environment
# outside the repository, generates the 100,000-client sample if needed, then times each job
# as a whole process with hyperfine on the same files -- ClientValue's command against the
# fastest peer -- and prints the ratio and whether the target is met.
#
#   Benchmarks/peers/compare.sh [DATA_DIR] [RUNS]   (default /tmp/peers-data, 5 runs)
#
# Environment: PEERS_VENV (DuckDB, polars, pandas; default /tmp/peers-venv) and
# LIFETIMES_VENV (lifetimes and scipy; default /tmp/lifetimes-venv), kept apart because
# lifetimes pins older libraries. Needs hyperfine (apt-get install -y hyperfine). Run it on a
# quiet machine: the figures are wall times.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:-/tmp/peers-data}"
runs="${2:-5}"
venv="${PEERS_VENV:-/tmp/peers-venv}"
lifetimes_venv="${LIFETIMES_VENV:-/tmp/lifetimes-venv}"
cv="$repo/.build/release/clientvalue"

command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet duckdb polars pandas
fi
if [ ! -x "$lifetimes_venv/bin/python" ]; then
    python3 -m venv "$lifetimes_venv"
    "$lifetimes_venv/bin/pip" install --quiet lifetimes scipy
fi
(cd "$repo" && swift build -c release --product clientvalue 2>&1 | tail -1)
if [ ! -f "$data/billing.csv" ]; then
    "$cv" sample --clients 100000 --seed 42 --out "$data"
fi
pairs="$data/pairs-1m.csv"
if [ ! -f "$pairs" ]; then
    "$venv/bin/python" -c "
import random
random.seed(2024)
with open('$pairs', 'w') as f:
    f.write('x,y\n')
    for _ in range(1_000_000):
        x = random.randrange(100)
        f.write(f'{x},{x + random.randrange(50)}\n')
"
fi
asof=2026-06-30
out="$(mktemp -d /tmp/clientvalue-compare.XXXXXX)"
trap 'rm -rf "$out"' EXIT

# job | target ratio (or seconds for report) | ClientValue command | peer name | peer command
# The peers print a summary line (counts, totals, parameters), so `firm` and `clv` print their
# summary tables here: every per-client value is computed either way, but their JSON also
# lists each of the 100,000 clients (about 30 MB), which the peers do not write.
jobs=(
  "billing import + per-client totals (firm)|3|$cv firm $data/billing.csv --out $out/firm.txt|DuckDB|$venv/bin/python $here/billing_totals.py --engine duckdb $data/billing.csv"
  "NPS by year|3|$cv nps $data/surveys.csv --period year --as-of $asof --format json --out $out/nps.json|DuckDB|$venv/bin/python $here/nps_groups.py --engine duckdb --by year $data/surveys.csv"
  "NPS by partner|3|$cv nps $data/surveys.csv --by partner --as-of $asof --format json --out $out/nps2.json|DuckDB|$venv/bin/python $here/nps_groups.py --engine duckdb --by partner $data/surveys.csv"
  "RFM + BG/NBD + Gamma-Gamma + 12-month CLV|20|$cv clv $data/billing.csv --out $out/clv.txt|lifetimes|$lifetimes_venv/bin/python $here/clv_pipeline.py $data/billing.csv"
  "firm metrics|3|$cv firm $data/billing.csv --out $out/firm2.txt|DuckDB|$venv/bin/python $here/firm_metrics.py $data/billing.csv"
  "Pearson + Spearman + Kendall, 1M tied pairs|5|$cv correlate --table $pairs --x x --y y --format json --out $out/corr.json|scipy|$lifetimes_venv/bin/python $here/correlations.py $pairs"
  "report on the whole sample|3s|$cv report $data --as-of $asof --out $out/report.html||"
)

results="$out/results.tsv"
: > "$results"
for job in "${jobs[@]}"; do
    IFS='|' read -r name target ours peer theirs <<<"$job"
    args=(-n ours "$ours")
    [ -n "$theirs" ] && args+=(-n theirs "$theirs")
    hyperfine --warmup 1 --runs "$runs" --export-json "$out/t.json" --style none "${args[@]}" >/dev/null
    "$venv/bin/python" - "$out/t.json" "$name" "$target" "$peer" >>"$results" <<'PY'
import json, statistics, sys
rows = {r["command"]: statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], f"{rows['ours']:.3f}", f"{rows['theirs']:.3f}" if "theirs" in rows else ""]))
PY
done

echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(uname -sm); medians of $runs whole-process runs (hyperfine)."
"$venv/bin/python" - "$results" <<'PY'
import sys
print(f"| {'job':45} | {'ClientValue':>11} | {'fastest peer':>18} | {'ratio':>6} | {'target':>7} | met |")
print(f"|{'-'*47}|{'-'*13}|{'-'*20}|{'-'*8}|{'-'*9}|-----|")
for line in open(sys.argv[1]):
    name, target, peer, ours, theirs = line.rstrip("\n").split("\t")
    ours = float(ours)
    if target.endswith("s"):
        met = ours < float(target[:-1])
        print(f"| {name:45} | {ours:10.3f}s | {'':>18} | {'':>6} | {'< ' + target:>7} | {'yes' if met else 'no':3} |")
    else:
        theirs = float(theirs)
        ratio = theirs / ours
        met = ratio >= float(target)
        print(f"| {name:45} | {ours:10.3f}s | {peer + f' {theirs:.3f}s':>18} | {ratio:5.1f}× | {'≥ ' + target + '×':>7} | {'yes' if met else 'no':3} |")
PY
peak="$( { /usr/bin/time -v "$cv" firm "$data/billing.csv" --out "$out/firm3.txt" >/dev/null; } 2>&1 | awk -F': ' '/Maximum resident set size/ {print $2}')"
echo "Peak memory of the billing job (firm), whole process: $((peak / 1024)) MB (target ≤ 64 MB)."
