#!/usr/bin/env bash
# Every lecture's key grades itself to full marks under `whittle grade` (the grader's locks,
# frozen key data, strict close() and two-pass hidden tests must never fail an honest answer).
# Needs the release build (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failed=0
for key in notebooks/*.md; do
  cp "$key" "$work/self.md"
  .build/release/whittle grade "$work/self.md" --key "$key" --json "$work/r.json" > "$work/out.txt" 2>&1 || true
  # Top-level fields of the pretty-printed results.json sit two spaces in.
  score=$(sed -n 's/^  "score" : \([0-9.]*\).*/\1/p' "$work/r.json" 2>/dev/null)
  max=$(sed -n 's/^  "max_score" : \([0-9.]*\).*/\1/p' "$work/r.json" 2>/dev/null)
  if [ -z "$score" ]; then verdict="no results"; elif [ "$score" = "$max" ]; then verdict="ok $score / $max"; else verdict="short $score / $max"; fi
  echo "$key: $verdict"
  case "$verdict" in ok*) ;; *) failed=1; cat "$work/out.txt" ;; esac
done
exit $failed
