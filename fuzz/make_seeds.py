#!/usr/bin/env python3
"""Write seed inputs for the fuzz targets from the repository's own files.

    python3 fuzz/make_seeds.py DIR     # writes DIR/<target>/<n> for every target

- parse_markdown: every Markdown file of the example declarations and the test fixtures;
- parse_yaml: every YAML file of the test fixtures (versions, manifests, ledgers);
- check: every repository of tests/fixtures/check (bad and good), in the check target's
  format: pieces separated by 0xFF (decl.yaml, the manifest, then one piece per file whose first
  byte says what it is; see fuzz_targets/check.rs);
- import: the Council note texts and Word documents of tests/fixtures/import, the bad ones
  included.

Seeds over 64 KiB are left out: the fuzzer works on small inputs.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT = 64 * 1024
# fuzz_targets/check.rs: CODES[kind % 5] for a ledger file, kind >= 0xC0.
CODES = ["FR", "DE", "EU", "UNODC", "XX"]


def files(top, *exts):
    for base, dirs, names in os.walk(os.path.join(ROOT, top)):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(exts):
                path = os.path.join(base, name)
                if os.path.getsize(path) <= LIMIT:
                    yield path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_seed(repo):
    pieces = []
    settings = os.path.join(repo, "decl.yaml")
    pieces.append(read(settings) if os.path.isfile(settings) else b"")
    pieces.append(b"")  # the target writes a manifest listing every version
    for base, dirs, names in os.walk(os.path.join(repo, "declarations")):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(base, name)
            parent = os.path.basename(base)
            if parent == "versions" and name.endswith(".md"):
                pieces.append(b"\x00" + read(path))
            elif parent == "versions" and name.endswith((".yaml", ".yml")):
                pieces.append(b"\x80" + read(path))
            elif parent == "endorsements" and name.endswith(".yaml"):
                code = name[: -len(".yaml")]
                index = CODES.index(code) if code in CODES else CODES.index("XX")
                kind = next(k for k in range(0xC0, 0xFF) if k % len(CODES) == index)
                pieces.append(bytes([kind]) + read(path))
    return b"\xff".join(pieces)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "seeds")
    seeds = {
        "parse_markdown": [read(p) for p in files("declarations", ".md")]
        + [read(p) for p in files("examples", ".md")]
        + [read(p) for p in files("tests/fixtures", ".md")],
        "parse_yaml": [read(p) for p in files("tests/fixtures", ".yaml", ".yml")],
        "parse_proposal": [read(p) for p in files("tests/fixtures/proposals", ".yaml")],
        "import": [read(p) for p in files("tests/fixtures/import", ".txt", ".docx")],
        "check": [],
    }
    checks = os.path.join(ROOT, "tests", "fixtures", "check")
    for rule in sorted(os.listdir(checks)):
        for side in ("bad", "good"):
            repo = os.path.join(checks, rule, side)
            if os.path.isdir(repo):
                seed = check_seed(repo)
                if len(seed) <= LIMIT:
                    seeds["check"].append(seed)
    for target, inputs in seeds.items():
        folder = os.path.join(out, target)
        os.makedirs(folder, exist_ok=True)
        for n, data in enumerate(inputs):
            with open(os.path.join(folder, f"seed-{n:04}"), "wb") as f:
                f.write(data)
        print(f"{target}: {len(inputs)} seeds")


if __name__ == "__main__":
    main()
