#!/usr/bin/env bash
# Renders the SampleData report in a real browser (headless Chromium) and checks it:
# - the DOM as Chromium parsed it has the six charts and no "Not available" section;
# - the browser logs no page errors;
# - a full-page PNG screenshot is produced and is not blank (over 100 kB).
# Nothing is kept: the page and the screenshot go to a temporary folder.
# Skipped, with a message, when no Chromium is installed (Debian: apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
    echo "browser check skipped: no chromium (apt-get install -y chromium)"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars)

swift run clientvalue report SampleData --out "$work/report.html" > /dev/null
"$browser" "${flags[@]}" --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/browser.log"
charts="$(grep -o '<svg' "$work/dom.html" | wc -l)"
if [ "$charts" -ne 6 ]; then
    echo "browser check failed: expected 6 charts in the rendered page, found $charts" >&2
    exit 1
fi
if grep -q 'Not available' "$work/dom.html"; then
    echo "browser check failed: a section is missing on SampleData" >&2
    exit 1
fi
"$browser" "${flags[@]}" --window-size=1000,5200 --screenshot="$work/report.png" "file://$work/report.html" 2>> "$work/browser.log"
size="$(stat -c %s "$work/report.png")"
if [ "$size" -lt 100000 ]; then
    echo "browser check failed: the screenshot is only $size bytes" >&2
    exit 1
fi
if grep -Ei 'Uncaught|console\(.*\) error|CONSOLE.*error' "$work/browser.log"; then
    echo "browser check failed: the page logged errors" >&2
    exit 1
fi
echo "browser check: $charts charts rendered by $(basename "$browser"), screenshot $size bytes"
