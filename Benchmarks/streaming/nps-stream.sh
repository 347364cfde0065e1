#!/usr/bin/env bash
# Developer tool (not part of the tests): peak memory of `clientvalue nps -` on a long stream.
#
# Writes one sample's surveys once (CLIENTS clients over 2021-2025; 1,920,000 clients give
# about 400 MB), then pipes them BLOCKS times into `clientvalue nps - --period year`: the same
# clients surveyed again in each block, with every date moved by 8 years per block (blocks
# from 1901-1905 up to 2093-2097; an 8-year move keeps leap days on leap years in that range).
# 25 blocks of 400 MB are a 10 GB stream. Prints the stream's size, the peak resident memory of
# `nps` and its wall time, and keeps its JSON output in WORK_DIR.
#
#   Benchmarks/streaming/nps-stream.sh [BLOCKS] [CLIENTS] [WORK_DIR]   (default 25 1920000 /tmp/nps-stream)
#
# Needs a release build (swift build -c release) and GNU time (/usr/bin/time).
set -euo pipefail

blocks="${1:-25}"
clients="${2:-1920000}"
work="${3:-/tmp/nps-stream}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cv="$repo/.build/release/clientvalue"
[ -x "$cv" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ "$blocks" -ge 1 ] && [ "$blocks" -le 25 ] || { echo "BLOCKS must be 1 to 25" >&2; exit 1; }
mkdir -p "$work"
surveys="$work/surveys-$clients.csv"
if [ ! -f "$surveys" ]; then
    "$cv" sample --clients "$clients" --only surveys --out "$work" > /dev/null
    mv "$work/surveys.csv" "$surveys"
fi

# Block b (0-based) moves every date by 8 * (b - 15) years.
stream() {
    for ((b = 0; b < blocks; b++)); do
        shift=$((8 * (b - 15)))
        script=""
        for year in 2021 2022 2023 2024 2025; do script+="s/,$year-/,$((year + shift))-/;t;"; done
        if [ "$b" -eq 0 ]; then sed -e "$script" "$surveys"; else tail -n +2 "$surveys" | sed -e "$script"; fi
    done
}

bytes=$(( $(stat -c %s "$surveys") * blocks ))
echo "stream: $blocks blocks of $(stat -c %s "$surveys") bytes = $bytes bytes, $clients clients"
stream | /usr/bin/time -f "nps: peak %M KB, %e s wall, %U s user" "$cv" nps - --period year --format json --out "$work/nps-$blocks.json"
