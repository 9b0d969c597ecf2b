"""The type checker with a baseline that only shrinks: `python scripts/type_baseline.py`.

mypy runs over kg/ (configuration in pyproject.toml); its errors are counted per file and
compared with `scripts/type_baseline.json`. The check fails when a file's count rises or a file
with errors appears (new code is typed), and also when a count falls and the baseline was not
lowered, so that what was fixed stays fixed: `--update` rewrites the baseline to today's counts.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scripts" / "type_baseline.json"
ERROR = re.compile(r"^(?P<file>[^:\n]+\.py):\d+: error: ", re.M)


def counts() -> dict[str, int]:
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary",
                           "--hide-error-context", "--no-pretty"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # (2: mypy itself failed)
        sys.exit(f"mypy did not run: {done.stderr or done.stdout}")
    return dict(sorted(collections.Counter(m["file"] for m in ERROR.finditer(done.stdout))
                       .items()))


def compare(now: dict[str, int], baseline: dict[str, int]) -> list[str]:
    problems = []
    for name in sorted(now.keys() | baseline.keys()):
        was, is_ = baseline.get(name, 0), now.get(name, 0)
        if is_ > was:
            problems.append(f"{name}: {is_} type errors, the baseline allows {was} "
                            f"(see: .venv/bin/mypy {name})")
        elif is_ < was:
            problems.append(f"{name}: {is_} type errors, fewer than the baseline's {was}: "
                            "lower it (python scripts/type_baseline.py --update)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write today's counts")
    args = parser.parse_args()
    now = counts()
    if args.update:
        BASELINE.write_text(json.dumps(now, indent=1) + "\n", "utf-8")
        print(f"type baseline: {sum(now.values())} errors in {len(now)} files")
        return 0
    problems = compare(now, json.loads(BASELINE.read_text("utf-8")))
    for line in problems:
        print(line, file=sys.stderr)
    print(f"type check: {sum(now.values())} errors in {len(now)} files "
          f"({'as the baseline' if not problems else 'NOT as the baseline'})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
