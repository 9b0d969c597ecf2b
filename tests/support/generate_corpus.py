"""Generate N realistic resolutions for benchmarks, from the real paragraphs of the seeds.

    python -m tests.support.generate_corpus N OUTDIR [--seed 1]   (from the repository root)

Each generated resolution is a text file in the PDF-extraction style of the seeds (hard-wrapped
lines for about half of them, footnote markers glued to words, a page-foot footnote block in the
middle of the operative part) with a sidecar giving its symbol, adoption date, meeting, session
and body. Paragraphs are drawn from the seeds' preambular and operative paragraphs, so lengths,
opening phrases, mandates and instruments are real; citations point at other generated
resolutions (earlier sessions) and at the documents the seeds cite. Output is deterministic for a
given N and seed. Nothing generated is ever committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import textwrap
from pathlib import Path

from kg.build import default_corpus
from kg.pipeline import parse

PER_SESSION = 400
FIRST_SESSION = 30
TOPICS = ("human rights defenders", "the right to development", "freedom of expression",
          "the rights of the child", "the elimination of violence against women",
          "the situation of human rights in armed conflict", "the question of impunity",
          "international cooperation in the field of human rights")
DOCUMENTS = ("E/CN.4/2001/94", "A/56/341", "A/57/182", "E/CN.4/2002/106", "A/58/380",
             "A/59/401", "E/CN.4/2005/101", "A/60/339", "A/HRC/4/37", "A/62/225")


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """Normalised preambular and operative texts of the seeds (without numbers or footnotes)."""
    pre: list[str] = []
    ops: list[str] = []
    for path in sorted((default_corpus() / "seeds").glob("*.txt")):
        resolution, _, _ = parse(path)
        pre.extend(p.text.rstrip(",;. ") for p in resolution.preamble)
        ops.extend(p.text.rstrip(",;. ") for p in resolution.operative)
    return pre, ops


def symbol(i: int) -> tuple[int, int]:
    return FIRST_SESSION + i // PER_SESSION, 1 + i % PER_SESSION


def adopted(session: int, number: int) -> dt.date:
    return dt.date(1945 + session, 12, 1) + dt.timedelta(days=number % 20)


def wrap(text: str, rng: random.Random, indent: str = " ") -> str:
    width = rng.randint(72, 86)
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False,
                                   break_long_words=False, initial_indent=indent))


def resolution(i: int, pre: list[str], ops: list[str], rng: random.Random) -> tuple[str, dict]:
    session, number = symbol(i)
    wrapped = rng.random() < 0.5
    n_pre = rng.randint(3, 16)
    n_ops = rng.randint(3, 22)
    footnotes: list[str] = []

    def cite_earlier() -> str:
        j = rng.randrange(0, max(1, i))
        s, n = symbol(j)
        return f"{s}/{n}"

    preamble = []
    for k in range(n_pre):
        if k == 0 and i > 0:
            s, n = symbol(rng.randrange(0, i))
            when = adopted(s, n)
            preamble.append(f"Recalling its resolution {s}/{n} of {when.day} {when:%B %Y}, "
                            f"on {rng.choice(TOPICS)}")
        else:
            preamble.append(rng.choice(pre))
    operative = [rng.choice(ops) for _ in range(n_ops)]
    if rng.random() < 0.7:  # a footnote glued to a word of one operative paragraph
        k = rng.randrange(len(operative))
        words = operative[k].split(" ")
        w = rng.randrange(1, len(words))
        words[w] = words[w] + "1"
        operative[k] = " ".join(words)
        docs = rng.sample(DOCUMENTS, rng.randint(1, 3))
        footnotes.append("1 " + (" and ".join(docs) if rng.random() < 0.5
                                 else f"See resolution {cite_earlier()}, annex") + ".")

    out = ["  The General Assembly, ", ""]
    for text in preamble:
        body = text + ","
        out += [wrap(body, rng) if wrapped else " " + body, ""]
    split = rng.randrange(1, len(operative) + 1)
    for k, text in enumerate(operative, start=1):
        end = "." if k == len(operative) else ";"
        body = f"{k}. {text}{end}"
        out += [wrap(body, rng) if wrapped else " " + body, ""]
        if k == split and footnotes:
            out += ["_______________ ", *footnotes]
    when = adopted(session, number)
    meta = {"symbol": f"A/RES/{session}/{number}", "adopted": when.isoformat(),
            "meeting": 60 + number % 40, "session": session, "body": "General Assembly",
            "title": f"Resolution on {rng.choice(TOPICS)}"}
    return "\n".join(out) + "\n", meta


def generate(n: int, outdir: str | Path, seed: int = 1) -> list[Path]:
    pre, ops = seed_paragraphs()
    rng = random.Random(seed)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text, meta = resolution(i, pre, ops, rng)
        session, number = symbol(i)
        name = f"A_RES_{session}_{number:03d}"
        folder = outdir / f"{session}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.txt"
        path.write_text(text, "utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of resolutions")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.n, args.outdir, args.seed)
    print(f"{len(paths)} resolutions written to {args.outdir}")


if __name__ == "__main__":
    main()
