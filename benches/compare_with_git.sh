#!/usr/bin/env bash
# Time `decl diff --format json` against `git diff --no-index --word-diff=plain` on generated
# declaration pairs (best of N runs each, both writing to /dev/null), with peak memory.
#
#   benches/compare_with_git.sh [SIZES] [RUNS]     e.g. benches/compare_with_git.sh "10000 100000" 5
#
# The pairs are made by ../shared/bench/gen_corpus.py (or $DECL_BENCH_GENERATOR) in a temporary
# folder; nothing is kept. Needs python3, git and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"10000 100000"}
runs=${2:-5}
generator=${DECL_BENCH_GENERATOR:-../shared/bench/gen_corpus.py}
[ -f "$generator" ] || { echo "no corpus generator at $generator" >&2; exit 2; }
cargo build --release --quiet
decl=target/release/decl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best() { # best of $runs: prints "seconds max-kib"
  local best_s="" best_k=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>/dev/null || true
    read -r s k < <(tail -n 1 "$tmp/time")
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_k=$k; fi
  done
  echo "$best_s $best_k"
}

printf '%8s  %14s  %14s  %6s\n' clauses "decl (s, MiB)" "git (s, MiB)" ratio
for n in $sizes; do
  python3 "$generator" --clauses "$n" --seed 1 --out "$tmp/$n" >/dev/null 2>&1
  read -r ds dk < <(best "$decl" diff --format json "$tmp/$n/old.md" "$tmp/$n/new.md")
  read -r gs gk < <(best git diff --no-index --word-diff=plain --no-color "$tmp/$n/old.md" "$tmp/$n/new.md")
  printf '%8s  %7s %6s  %7s %6s  %6s\n' "$n" "$ds" "$((dk / 1024))" "$gs" "$((gk / 1024))" \
    "$(awk "BEGIN{printf \"%.2f\", $ds / ($gs > 0 ? $gs : 0.01)}")"
done
