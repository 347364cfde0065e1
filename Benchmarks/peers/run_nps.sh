#!/usr/bin/env bash
# Developer tool (not part of the tests): times DuckDB, polars and pandas on the same job as
# ClientValue's NPS benchmark -- read surveys.csv with explicit types, classify every response and
# compute n, promoters, passives, detractors, NPS, its standard error and 95% Wald interval per
# calendar year and per partner (nps_groups.py) -- each as a whole process, with hyperfine
# (--warmup 1 --runs 10), then peak RSS per engine and grouping (/usr/bin/time -v).
#
#   Benchmarks/peers/run_nps.sh [DATA_DIR]  (default /tmp/peers-data; venv in /tmp/peers-venv)
#
# Needs hyperfine (apt-get install -y hyperfine) and GNU time (/usr/bin/time). Run it on a quiet machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:-/tmp/peers-data}"
venv="${PEERS_VENV:-/tmp/peers-venv}"
csv="$data/surveys.csv"
engines=(duckdb polars pandas)
groupings=(year partner)

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

job=("$venv/bin/python" "$here/nps_groups.py")  # then: --engine E --by B "$csv"

echo "== versions"
"$venv/bin/python" -c 'import sys, duckdb, polars, pandas, numpy; print("python", sys.version.split()[0], "| duckdb", duckdb.__version__, "| polars", polars.__version__, "| pandas", pandas.__version__, "| numpy", numpy.__version__)'
echo "== input: $csv ($(stat -c %s "$csv") bytes)"

# Every engine's output must be byte-identical to DuckDB's (counts exact, floats to 4 decimals).
echo "== results (must agree)"
out="$(mktemp -d /tmp/peers-nps.XXXXXX)"
for by in "${groupings[@]}"; do
    for engine in "${engines[@]}"; do
        "${job[@]}" --engine "$engine" --by "$by" "$csv" >"$out/$engine-$by.txt"
        echo "-- $engine --by $by"
        cat "$out/$engine-$by.txt"
        if cmp -s "$out/duckdb-$by.txt" "$out/$engine-$by.txt"; then
            echo "   (identical to duckdb)"
        else
            echo "   DIFFERS from duckdb:"; diff "$out/duckdb-$by.txt" "$out/$engine-$by.txt" || true
        fi
    done
done
rm -rf "$out"

echo "== wall time, whole process"
commands=()
for by in "${groupings[@]}"; do
    for engine in "${engines[@]}"; do
        commands+=(-n "$engine $by" "${job[*]} --engine $engine --by $by $csv")
    done
done
times="$(mktemp /tmp/peers-times.XXXXXX.json)"
hyperfine --warmup 1 --runs 10 --export-json "$times" "${commands[@]}"
"$venv/bin/python" - "$times" "$(stat -c %s "$csv")" <<'PY'
import json, statistics, sys
results, size = json.load(open(sys.argv[1]))["results"], int(sys.argv[2])
print(f"{'engine':8} {'by':8} {'median s':>9} {'min s':>7} {'MB/s (median)':>14}")
for r in results:
    engine, by = r["command"].split()
    median = statistics.median(r["times"])
    print(f"{engine:8} {by:8} {median:9.3f} {min(r['times']):7.3f} {size / 1e6 / median:14.1f}")
PY
rm -f "$times"

echo "== peak RSS, whole process"
for by in "${groupings[@]}"; do
    for engine in "${engines[@]}"; do
        rss="$( { /usr/bin/time -v "${job[@]}" --engine "$engine" --by "$by" "$csv" >/dev/null; } 2>&1 \
                | awk -F': ' '/Maximum resident set size/ {print $2}')"
        printf '%-8s %-8s %8.1f MB\n' "$engine" "$by" "$(echo "$rss / 1024" | bc -l)"
    done
done

# ClientValue's own figure for the same job (in process, after one warm-up run) comes from
#   swift run -c release Benchmarks --filter nps --data DIR
# (not run here).
