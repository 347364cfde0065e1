#!/usr/bin/env bash
# Developer tool (not part of the tests): times DuckDB, polars and pandas on the same job as
# ClientValue's `billing-import-totals` benchmark -- parse every field of billing.csv into typed
# values and total `amount` per client exactly -- each as a whole process, with hyperfine
# (--warmup 1 --runs 5), then peak RSS per engine (/usr/bin/time -v), then ClientValue's own
# in-process benchmark on the same file for comparison.
#
#   Benchmarks/peers/run.sh [DATA_DIR]      (default /tmp/peers-data; venv in /tmp/peers-venv)
#
# Needs hyperfine (apt-get install -y hyperfine) and GNU time (/usr/bin/time). Run it on a quiet machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:-/tmp/peers-data}"
venv="${PEERS_VENV:-/tmp/peers-venv}"
csv="$data/billing.csv"

command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet duckdb polars pandas
fi

if [ ! -f "$csv" ]; then
    (cd "$repo" && swift build -c release --product clientvalue 2>&1 | tail -1)
    "$repo/.build/release/clientvalue" sample --clients 100000 --seed 42 --out "$data"
fi

echo "== versions"
"$venv/bin/python" -c 'import sys, duckdb, polars, pandas, numpy; print("python", sys.version.split()[0], "| duckdb", duckdb.__version__, "| polars", polars.__version__, "| pandas", pandas.__version__, "| numpy", numpy.__version__)'
echo "== input: $csv ($(stat -c %s "$csv") bytes)"

echo "== results (must agree)"
for engine in duckdb duckdb-full polars pandas; do
    "$venv/bin/python" "$here/billing_totals.py" --engine "$engine" "$csv"
done

echo "== wall time, whole process"
commands=()
for engine in duckdb duckdb-full polars pandas; do
    commands+=(-n "$engine" "$venv/bin/python $here/billing_totals.py --engine $engine $csv")
done
times="$(mktemp /tmp/peers-times.XXXXXX.json)"
hyperfine --warmup 1 --runs 5 --export-json "$times" "${commands[@]}"
"$venv/bin/python" - "$times" "$(stat -c %s "$csv")" <<'PY'
import json, statistics, sys
results, size = json.load(open(sys.argv[1]))["results"], int(sys.argv[2])
print(f"{'engine':8} {'median s':>9} {'min s':>7} {'MB/s (median)':>14}")
for r in results:
    median = statistics.median(r["times"])
    print(f"{r['command']:8} {median:9.3f} {min(r['times']):7.3f} {size / 1e6 / median:14.1f}")
PY
rm -f "$times"

echo "== peak RSS, whole process"
for engine in duckdb duckdb-full polars pandas; do
    rss="$( { /usr/bin/time -v "$venv/bin/python" "$here/billing_totals.py" --engine "$engine" "$csv" >/dev/null; } 2>&1 \
            | awk -F': ' '/Maximum resident set size/ {print $2}')"
    printf '%-8s %8.1f MB\n' "$engine" "$(echo "$rss / 1024" | bc -l)"
done

echo "== ClientValue (in process, after one warm-up run)"
(cd "$repo" && swift run -c release Benchmarks --filter billing-import --runs 5 --data "$data")
