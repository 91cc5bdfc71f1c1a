#!/usr/bin/env bash
# `decl diff --format json` against `git diff --no-index --word-diff=plain` and
# `git diff --no-index --histogram` on the same files: the median wall time of N runs of each,
# the three interleaved run by run (so that a busy machine slows all three alike), peak memory,
# and the ratios decl/word-diff and decl/histogram; then the growth exponent of decl's time
# between the first and the last generated size.
#
#   benches/compare_with_git.sh [SIZES] [RUNS]   e.g. benches/compare_with_git.sh "10000 100000 300000" 11
#
# `tiny` among the sizes is two 3-clause files (the git driver's everyday input). The generated
# pairs come from ../shared/bench/gen_corpus.py (or $DECL_BENCH_GENERATOR), made in a temporary
# folder; nothing is kept. Needs python3 and git. All output goes to /dev/null.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"tiny 10000 100000"}
runs=${2:-11}
generator=${DECL_BENCH_GENERATOR:-../shared/bench/gen_corpus.py}
[ -f "$generator" ] || { echo "no corpus generator at $generator" >&2; exit 2; }
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$generator" "$tmp" "$runs" $sizes <<'PY'
import math, os, resource, statistics, subprocess, sys, time

generator, tmp, runs, sizes = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
decl = os.path.abspath("target/release/decl")
TINY_OLD = """# Declaration

Reaffirm our commitment to counter migrant smuggling;

Strengthen cooperation with partner countries;

Recall that humanitarian assistance shall not be criminalised;
"""
TINY_NEW = TINY_OLD.replace("Strengthen cooperation", "Strengthen operational cooperation")


def pair(size):
    out = os.path.join(tmp, size)
    if size == "tiny":
        os.makedirs(out, exist_ok=True)
        for name, text in (("old.md", TINY_OLD), ("new.md", TINY_NEW)):
            with open(os.path.join(out, name), "w") as f:
                f.write(text)
    else:
        subprocess.run(
            ["python3", generator, "--clauses", size, "--seed", "1", "--out", out],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(out, "old.md"), os.path.join(out, "new.md")


def run(cmd):
    """Wall seconds and peak resident MiB of one run (the child's own peak, from wait4)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


tools = {
    "decl": lambda a, b: [decl, "diff", "--format", "json", a, b],
    "git word-diff": lambda a, b: ["git", "diff", "--no-index", "--no-color",
                                   "--word-diff=plain", a, b],
    "git histogram": lambda a, b: ["git", "diff", "--no-index", "--no-color",
                                   "--histogram", a, b],
}
print(f"{'clauses':>8}  {'decl':>10} {'MiB':>5}  {'word-diff':>10} {'MiB':>5}  "
      f"{'histogram':>10} {'MiB':>5}  {'÷word':>6} {'÷hist':>6}")
medians = {}
for size in sizes:
    a, b = pair(size)
    times = {t: [] for t in tools}
    peaks = {t: 0.0 for t in tools}
    for _ in range(runs):
        for t, cmd in tools.items():
            s, m = run(cmd(a, b))
            times[t].append(s)
            peaks[t] = max(peaks[t], m)
    med = {t: statistics.median(v) for t, v in times.items()}
    medians[size] = med["decl"]

    def ms(s):
        return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"

    print(f"{size:>8}  {ms(med['decl']):>10} {peaks['decl']:5.0f}  "
          f"{ms(med['git word-diff']):>10} {peaks['git word-diff']:5.0f}  "
          f"{ms(med['git histogram']):>10} {peaks['git histogram']:5.0f}  "
          f"{med['decl'] / med['git word-diff']:6.2f} {med['decl'] / med['git histogram']:6.2f}")
numeric = [s for s in sizes if s.isdigit()]
if len(numeric) >= 2:
    lo, hi = numeric[0], numeric[-1]
    k = math.log(medians[hi] / medians[lo]) / math.log(int(hi) / int(lo))
    print(f"growth exponent of decl from {lo} to {hi} clauses: {k:.2f}")
PY
