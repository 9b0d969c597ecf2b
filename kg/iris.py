"""AKN4UN IRIs for resolutions, paragraphs and footnotes; symbol aliases; named graphs.

    work       BASE/akn/un/statement/deliberation/{actor}/{adoption date}/{session}-{number}
    paragraph  {work}/!main~para_{n}   {work}/!main~preamble__p_{n}
    sub        {work}/!main~para_{n}__list_1__point_{a}
    footnote   {paragraph}__authorialNote_{n}
    annex      {work}/!annex   ({work}/!annex_1, !annex_2, ... when there are several)
    symbol     BASE/symbol/{symbol}    graph  BASE/graph/{actor}/{date}/{number}

No `#`: a fragment never reaches the server, and each paragraph must be fetchable on its own.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from kg.document import Metadata

WORK_ROOT = "akn/un/statement/deliberation/"
UNKNOWN_DATE = "undated"


def work_iri(base: str, metadata: Metadata, actor: str, sha256: str) -> str:
    """The work IRI; a resolution whose symbol or date is unknown still gets a stable IRI (from
    the hash of its source), so that it can be built and then reported by validation."""
    when = metadata.adopted or (metadata.distributed if metadata.kind == "draft" else None)
    date = when.isoformat() if when else UNKNOWN_DATE
    return f"{base}{WORK_ROOT}{actor}/{date}/{work_number(metadata.symbol, sha256)}"


def work_number(symbol: str | None, sha256: str) -> str:
    """AKN4UN number part: the symbol after its `RES/`, `/` -> `-`, space -> `_`."""
    if not symbol:
        return f"source-{sha256[:12]}"
    tail = symbol.split("/RES/", 1)[-1]
    return quote(tail.replace("/", "-").replace(" ", "_"), safe="()-_.")


_LETTER = re.compile(r"^(.*?\d+) [A-Z](\s*\([^)]*\))?$")


def without_letter(symbol: str) -> str:
    """The symbol of the document a lettered resolution is printed in: "S/RES/161 A (1961)" ->
    "S/RES/161 (1961)", "A/RES/69/96 B" -> "A/RES/69/96"."""
    m = _LETTER.match(symbol)
    return m[1] + (m[2] or "") if m else symbol


def graph_iri(base: str, work: str) -> str:
    return base + "graph/" + work[len(base + WORK_ROOT) :]


def preamble_eid(n: int) -> str:
    return f"preamble__p_{n}"


def operative_eid(number: str) -> str:
    return f"para_{number}"


def paragraph_label(eid: str) -> str:
    """How people cite a paragraph: OP6 for operative paragraph 6, PP3 for preambular
    paragraph 3, "OP1 (section 2)" where numbering restarts by section.

    >>> paragraph_label("para_6"), paragraph_label("preamble__p_3")
    ('OP6', 'PP3')
    >>> paragraph_label("sec_2__para_1")
    'OP1 (section 2)'
    """
    if eid.startswith("preamble__p_"):
        return "PP" + eid.removeprefix("preamble__p_")
    section, _, own = eid.rpartition("__") if eid.startswith("sec_") else ("", "", eid)
    if own.startswith("para_"):
        label = "OP" + own.removeprefix("para_")
        return f"{label} (section {section.removeprefix('sec_')})" if section else label
    return eid


def point_eid(parent: str, label: str, list_number: int = 1) -> str:
    return f"{parent}__list_{list_number}__point_{label}"


def footnote_eid(parent: str, n: int) -> str:
    return f"{parent}__authorialNote_{n}"


def portion(work: str, eid: str) -> str:
    return f"{work}/!main~{eid}"


def annex_eid(number: int, count: int) -> str:
    """`annex` when the resolution has one annex, else `annex_1`, `annex_2`, ..."""
    return "annex" if count == 1 else f"annex_{number}"


def annex(work: str, eid: str) -> str:
    """An annex is a component of its own beside !main (DESIGN: `{work}/!annex`)."""
    return f"{work}/!{eid}"


def slug(name: str) -> str:
    """A readable path segment for a name: "Côte d'Ivoire" -> "cote-d-ivoire"."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower())) or quote(name, safe="")


def symbol_iri(base: str, symbol: str) -> str:
    """`BASE/symbol/A/58/380`; spaces dropped (`A/RES/2200A(XXI)`), the rest kept readable."""
    return base + "symbol/" + quote(symbol.replace(" ", ""), safe="/().-")


def source_iri(base: str, sha256: str) -> str:
    return f"{base}source/{sha256}"


def un_address(symbol: str) -> str:
    """The UN's own resolver for a symbol."""
    return "https://undocs.org/" + quote(symbol, safe="/().")
