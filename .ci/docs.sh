#!/usr/bin/env bash
# Builds the ClientValue library's DocC documentation with the toolchain's own docc, without
# any SwiftPM plugin, and checks it:
#   1. swift build the ClientValue target (scratch path .build-docs/build, apart from .build);
#   2. swift-symbolgraph-extract its public symbol graph into .build-docs/symbol-graphs;
#   3. docc convert Sources/ClientValue/ClientValue.docc with that graph into
#      .build-docs/ClientValue.doccarchive, with warnings treated as errors;
#   4. type-check the articles' Swift examples against the built module;
#   5. .ci/docs-check.swift lists every public symbol without a doc comment or summary, with
#      an undocumented parameter, or throwing without a "- Throws:" line.
# Exits 1 when docc reports any warning or error, an article's examples do not compile, or
# any public symbol is not fully documented; the list is in .build-docs/undocumented-symbols.txt.
#
# Usage: .ci/docs.sh            (run from anywhere; everything generated is in .build-docs/)
# View:  docc preview Sources/ClientValue/ClientValue.docc --additional-symbol-graph-dir .build-docs/symbol-graphs
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no

module=ClientValue
catalog=Sources/$module/$module.docc
out=.build-docs
graphs=$out/symbol-graphs
archive=$out/$module.doccarchive
report=$out/undocumented-symbols.txt

# The toolchain's tools: next to the swift that is on PATH, unless DOCC is set.
swift_bin=$(dirname "$(command -v swift)")
docc=${DOCC:-$swift_bin/docc}
if [[ ! -x "$docc" ]]; then docc=$(command -v docc || true); fi
if [[ -z "$docc" || ! -x "$docc" ]]; then
    echo "docs: no docc next to $(command -v swift) nor on PATH (set DOCC=/path/to/docc)" >&2
    exit 2
fi

echo "== swift build --target $module (scratch path $out/build)"
swift build --target "$module" --scratch-path "$out/build"
bin=$(swift build --target "$module" --scratch-path "$out/build" --show-bin-path)
triple=$(swiftc -print-target-info | sed -n 's/^ *"triple": *"\(.*\)",*$/\1/p' | head -n 1)
sdk=()
if command -v xcrun > /dev/null; then sdk=(-sdk "$(xcrun --show-sdk-path)"); fi

echo "== swift-symbolgraph-extract $module (public symbols, $triple)"
rm -rf "$graphs"
mkdir -p "$graphs"
"$swift_bin/swift-symbolgraph-extract" -module-name "$module" -target "$triple" ${sdk[@]+"${sdk[@]}"} \
    -I "$bin/Modules" -I "$bin" \
    -minimum-access-level public -emit-extension-block-symbols \
    -output-dir "$graphs"

echo "== docc convert $catalog"
status=0
rm -rf "$archive"
docc_log=$out/docc.log
if ! "$docc" convert "$catalog" \
        --additional-symbol-graph-dir "$graphs" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "org.clientvalue.$module" \
        --output-path "$archive" \
        --warnings-as-errors > "$docc_log" 2>&1; then
    status=1
fi
cat "$docc_log"
diagnostics=$(grep -cE '^(warning|error): ' "$docc_log" || true)
echo "docc: $diagnostics warning(s) or error(s)"
if [[ "$diagnostics" != 0 ]]; then status=1; fi

echo "== the articles' Swift examples type-check against the built module"
examples=$out/examples
rm -rf "$examples"
mkdir -p "$examples"
for article in "$catalog"/*.md; do
    name=$(basename "$article" .md)
    # Each article's swift blocks, in order, as one program (a Package.swift block is skipped).
    {
        echo "import ClientValue"
        echo "import Foundation"
        awk '/^```swift[ ]*$/ { inside = 1; skip = 0; block = ""; next }
             /^```[ ]*$/ && inside { inside = 0; if (!skip) printf "%s", block; next }
             inside { if ($0 ~ /PackageDescription/) skip = 1; if ($0 !~ /^import /) block = block $0 "\n" }' "$article"
    } > "$examples/$name.swift"
    if ! swiftc -typecheck -module-name DocExamples -I "$bin/Modules" -I "$bin" "$examples/$name.swift"; then
        echo "docs: the examples of $article do not compile (see $examples/$name.swift)" >&2
        status=1
    fi
done

echo "== public symbols without documentation"
checker=$out/docs-check
if [[ ! -x "$checker" || .ci/docs-check.swift -nt "$checker" ]]; then
    swiftc -O .ci/docs-check.swift -o "$checker"
fi
if ! "$checker" "$graphs" "$module" "Sources/$module" "$report"; then
    status=1
fi

if [[ $status == 0 ]]; then
    echo "docs: OK, $archive"
else
    echo "docs: FAILED (docc diagnostics above; undocumented symbols in $report)" >&2
fi
exit $status
