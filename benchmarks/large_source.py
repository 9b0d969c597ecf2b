"""Large sources: build time against the size of one source file (every stage must be linear).

    python benchmarks/large_source.py [--sizes 1 2 4 8] [--shape resolution|notes|concatenated]
                                      [--validate] [--workdir DIR] [--json results.json]

For each size (MB) one text file is generated and built alone with `kg build FILE --out DIR`
(a process of its own, cold cache, no lineage; SHACL validation only with --validate):

    resolution    one resolution with as many operative paragraphs as the size takes, each
                  wrapped over lines, naming instruments in full and by their short forms,
                  with footnote markers and sub-paragraphs (what a long omnibus resolution is)
    notes         one short paragraph after another, each with its footnote in a block at the
                  foot of the page
    concatenated  whole resolutions one after the other in one file (a careless export): the
                  build must say that the file holds many resolutions, not build one quietly

The report gives wall and CPU seconds (of the build's processes: what other load on the machine
does not inflate), CPU seconds per MB and the growth of CPU time per doubling (1.0 is linear; before
kg.extract.entities looked short forms up by bisection, a 2 MB resolution took 10.7 s and 20 MB
did not finish in 12 minutes; before kg.segment.footnotes stopped copying the rest of the body
for every line, page-foot notes made it quadratic too). Sources above
kg.sources.MAX_SOURCE_BYTES (10 MB) are refused at once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = """\
The General Assembly,

Recalling the Universal Declaration of Human Rights and the International Covenant on Civil
and Political Rights,

Recalling also its resolution 53/144 of 9 December 1998,

"""
PARAGRAPH = """\
{n}. Calls upon all States to give effect to the Universal Declaration and to
the Covenant, in accordance with the Charter of the United Nations and the report of the
Secretary-General,{mark} and requests the Special Rapporteur to report thereon at its next
session:

(a) To consider the matter of item {n};

(b) To report on the implementation of paragraph {n} of the present resolution;

"""
CLOSING = "\n{meeting}th plenary meeting\n18 December 2024\n"
ONE = HEAD + "1. Decides to remain seized of the matter.\n" + CLOSING


def resolution(size: int) -> str:
    parts, total, n = [HEAD], len(HEAD), 0
    while total < size:
        n += 1
        text = PARAGRAPH.format(n=n, mark=n % 9 + 1 if n % 7 == 0 else "")
        parts.append(text)
        total += len(text)
    parts.append(CLOSING.format(meeting=45))
    return "".join(parts)


def notes(size: int) -> str:
    """Every paragraph with its footnote printed in a block at the foot of its page."""
    parts, total, n = [HEAD], len(HEAD), 0
    while total < size:
        n += 1
        text = (f"{n}. Takes note of the report of the Secretary-General;{n}\n\n"
                f"_______________\n{n} A/{n}/1, annex.\n\n")
        parts.append(text)
        total += len(text)
    parts.append(CLOSING.format(meeting=45))
    return "".join(parts)


def concatenated(size: int) -> str:
    heading = "United Nations\n\nA/RES/79/{n}\n\nResolution 79/{n}\n\n"
    parts, total, n = [], 0, 0
    while total < size:
        n += 1
        text = heading.format(n=n) + ONE.format(meeting=n)
        parts.append(text)
        total += len(text)
    return "\n\n".join(parts)


SHAPES = {"resolution": resolution, "notes": notes, "concatenated": concatenated}


def run(path: Path, out: Path, validate: bool) -> dict[str, object]:
    command = [sys.executable, "-m", "kg", "build", str(path), "--out", str(out), "--no-lineage",
               "--no-cache", "--keep-going", "-q", "--validate" if validate else "--no-validate"]
    started, used = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "cpu": round(_children_cpu() - used, 2),
            "exit": done.returncode,
            "said": (done.stderr + done.stdout).strip().splitlines()[-2:]}


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (and theirs): the figure that other load
    on the machine does not inflate."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="resolution")
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-large-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in args.sizes:
            path = work / f"{args.shape}-{size:g}MB.txt"
            path.write_text(SHAPES[args.shape](int(size * 1_000_000)), encoding="utf-8")
            row = {"MB": size, "bytes": path.stat().st_size,
                   **run(path, work / f"out-{size:g}", args.validate)}
            if rows:
                before = rows[-1]
                row["growth"] = round((row["cpu"] / before["cpu"])  # type: ignore[operator]
                                      / (size / before["MB"]), 2)  # type: ignore[operator]
            rows.append(row)
            per_mb = row["cpu"] / size  # type: ignore[operator]
            print(f"{size:5g} MB  {row['seconds']:7.2f} s wall  {row['cpu']:7.2f} s CPU  "
                  f"{per_mb:6.2f} s CPU/MB  "
                  f"growth {row.get('growth', '-')}  exit {row['exit']}  "
                  f"{' / '.join(line[:150] for line in row['said'])}",
                  flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"shape": args.shape, "cpus": os.cpu_count(),
                                         "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
