#!/usr/bin/env bash
# Builds the libFuzzer targets of Tests/Fuzz and runs each for a while.
#
#   bash Tests/Fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 30); targets: csv-reader importers field-parsers
# writer-round-trip (default: all). Needs only the Swift toolchain (swiftc with libFuzzer and
# AddressSanitizer, as the swift.org Linux toolchains ship them).
#
# The binary is built once into .build-fuzz/ (git-ignored by `.build-*/`) and rebuilt only
# when a source or the compiler changes. Each target runs on a scratch copy of its seed corpus
# under $CLIENTVALUE_FUZZ_WORK (default /tmp/clientvalue-fuzz/run), so the repository's corpus
# never grows by itself. Exits non-zero when a target crashes, hangs (over 10 s on one input),
# or breaks an invariant, and prints where the input that did it was saved.
set -euo pipefail
cd "$(dirname "$0")/../.."

ALL_TARGETS=(csv-reader importers field-parsers writer-round-trip)
seconds=${1:-30}
[[ $# -gt 0 ]] && shift
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${ALL_TARGETS[@]}")
if ! [[ $seconds =~ ^[0-9]+$ ]] || [[ $seconds -lt 1 ]]; then
    echo "usage: bash Tests/Fuzz/run.sh [SECONDS] [TARGET...]" >&2
    exit 2
fi
for target in "${targets[@]}"; do
    if [[ " ${ALL_TARGETS[*]} " != *" $target "* ]]; then
        echo "unknown target '$target'; expected one of: ${ALL_TARGETS[*]}" >&2
        exit 2
    fi
done

max_len() {
    case $1 in
        field-parsers) echo 4096 ;;
        writer-round-trip) echo 16384 ;;
        *) echo 65536 ;;
    esac
}

if ! command -v swiftc > /dev/null; then
    echo "fuzz: swiftc not found on PATH" >&2
    exit 1
fi

build_dir=.build-fuzz
binary=$build_dir/clientvalue-fuzz
work=${CLIENTVALUE_FUZZ_WORK:-/tmp/clientvalue-fuzz/run}
mkdir -p "$build_dir" "$work"

# --- Build (cached by a hash of the sources, the flags and the compiler) --------------------
mapfile -t sources < <(find Sources/ClientValue Tests/Fuzz/Targets -name '*.swift' | LC_ALL=C sort)
flags=(-O -wmo -num-threads 2 -gline-tables-only -sanitize=fuzzer,address -parse-as-library
       -module-name ClientValueFuzz -package-name ClientValue)
# lld links faster and without gold's warnings about ASan's local symbols.
swiftc_dir=$(dirname "$(command -v swiftc)")
[[ -x $swiftc_dir/ld.lld ]] && flags+=(-use-ld=lld)
hash=$( { swiftc --version 2>&1; echo "${flags[*]}"; cat "${sources[@]}"; printf '%s\n' "${sources[@]}"; } | sha256sum | cut -d' ' -f1)
if [[ -x $binary && -f $binary.hash && $(cat "$binary.hash") == "$hash" ]]; then
    echo "fuzz: binary up to date ($binary)"
else
    echo "fuzz: building $binary (${#sources[@]} files; a few minutes on 2 cores)"
    start=$(date +%s)
    rm -f "$binary.hash"
    if ! swiftc "${flags[@]}" "${sources[@]}" -o "$binary.tmp" > "$build_dir/build.log" 2>&1; then
        tail -n 60 "$build_dir/build.log"
        echo "fuzz: build failed (full log: $build_dir/build.log)"
        exit 1
    fi
    mv "$binary.tmp" "$binary"
    echo "$hash" > "$binary.hash"
    echo "fuzz: built in $(( $(date +%s) - start )) s"
fi

# --- Run ------------------------------------------------------------------------------------
export SWIFT_BACKTRACE=enable=no
symbolizer=$(command -v llvm-symbolizer || true)
[[ -z $symbolizer && -x $swiftc_dir/llvm-symbolizer ]] && symbolizer=$swiftc_dir/llvm-symbolizer
[[ -n $symbolizer ]] && export ASAN_SYMBOLIZER_PATH=$symbolizer
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=1}

passed=0
failed=0
for target in "${targets[@]}"; do
    dir=$work/$target
    rm -rf "$dir"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    if [[ -d Tests/Fuzz/corpus/$target ]]; then
        cp Tests/Fuzz/corpus/"$target"/* "$dir/corpus/" 2>/dev/null || true
    fi
    log=$dir/fuzz.log
    set +e
    CLIENTVALUE_FUZZ_TARGET=$target nice -n 19 "$binary" "$dir/corpus" \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" > "$log" 2>&1
    status=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<< "$last")
    elapsed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    crashes=$(find "$dir/artifacts" -type f | wc -l)
    printf 'fuzz: %-18s %10s executions in %4s s (%s/s), cov %s ft %s, corpus %s, peak %s MB, crashes %s\n' \
        "$target" "${runs:-?}" "${elapsed:-$seconds}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "$crashes"
    if [[ $status -ne 0 || $crashes -gt 0 ]]; then
        failed=$((failed + 1))
        echo "---- $target: libFuzzer exited with $status; the end of $log:"
        grep -v -E '^#[0-9]+ +(NEW|REDUCE|pulse|INITED|RELOAD)' "$log" | tail -n 60
        for input in "$dir"/artifacts/*; do
            [[ -f $input ]] || continue
            echo "fuzz: $target: input saved at $input"
            echo "fuzz:   reproduce: CLIENTVALUE_FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no $binary '$input'"
        done
    else
        passed=$((passed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
