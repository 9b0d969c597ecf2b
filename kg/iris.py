"""AKN4UN IRIs for resolutions, paragraphs and footnotes; symbol aliases; named graphs.

    work       BASE/akn/un/statement/deliberation/{actor}/{adoption date}/{number}
    paragraph  {work}/!main~para_{n}   {work}/!main~preamble__p_{n}
    sub        {work}/!main~para_{n}__list_1__point_{a}
    footnote   {paragraph}__authorialNote_{n}
    annex      {work}/!annex   ({work}/!annex_1, !annex_2, ... when there are several)
    official   {work}/{lang}@/!main~{eId}   a paragraph by the eId of an official AKN file
    symbol     BASE/symbol/{symbol}    graph  BASE/graph/{actor}/{date}/{number}

Works are named as the UN's own AKN4UN files name them (their FRBRuri): actor `unga`, `unsc`,
`unga-hrc`, `unecosoc` (the organs' skos:notation), number `78-216`, `2674-2023` (S/RES/2674
(2023)), `80-84A` (A/RES/80/84 A). The forms kg used before (`un-ga`, `2674_(2023)`,
`80-84_A`) are rewritten by `current_forms`, for the server's permanent redirects.

No `#`: a fragment never reaches the server, and each paragraph must be fetchable on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote

from kg import symbols
from kg.document import Metadata, Organ

WORK_ROOT = "akn/un/statement/deliberation/"
UNKNOWN_DATE = "undated"
# AKN4UN names an official text's language by ISO 639-2 (`eng@`), RDF by BCP 47 (`en`)
AKN_LANGUAGES = {"en": "eng", "fr": "fra", "es": "spa", "ar": "ara", "zh": "zho", "ru": "rus"}
_OFFICIAL = re.compile(r"^(?P<work>.+)/(?P<lang>[a-z]{3})@/!main~(?P<eid>[A-Za-z][A-Za-z0-9_.-]*)$")


def work_iri(base: str, metadata: Metadata, actor: str, sha256: str) -> str:
    """The work IRI; a resolution whose symbol or date is unknown still gets an IRI (from
    the hash of its source), so that it can be built and then reported by validation."""
    when = metadata.adopted or (metadata.distributed if metadata.kind == "draft" else None)
    date = when.isoformat() if when else UNKNOWN_DATE
    return f"{base}{WORK_ROOT}{actor}/{date}/{work_number(metadata.symbol, sha256)}"


def work_number(symbol: str | None, sha256: str) -> str:
    """AKN4UN number part, as the UN's files spell it: the symbol after its `RES/` (a draft's
    after its series, `S/2023/212` -> `2023-212`), `/` -> `-`, a lettered part joined to its
    number, a bracketed year after a `-`.

    >>> work_number("A/RES/78/216", ""), work_number("S/RES/2674 (2023)", "")
    ('78-216', '2674-2023')
    >>> work_number("A/RES/80/84 A", ""), work_number("S/RES/161 A (1961)", "")
    ('80-84A', '161A-1961')
    >>> work_number("S/2023/212", ""), work_number("A/HRC/RES/S-32/1", "")
    ('2023-212', 'S-32-1')
    """
    if not symbol:
        return f"source-{sha256[:12]}"
    spelled = symbols.canonical(symbol)
    tail = spelled.split("/RES/", 1)[1] if "/RES/" in spelled else spelled.split("/", 1)[-1]
    return _number_form(tail.replace("/", "-"))


def _number_form(tail: str) -> str:
    """The UN's spelling of a number part whose `/` are already `-` (shared by work_number and
    the rewriting of kg's former spelling, in which spaces were `_`)."""
    tail = re.sub(r"\s*\(\s*([^()]*?)\s*\)$", r"-\1", tail)  # "2674 (2023)" -> "2674-2023"
    tail = re.sub(r"(?<=\d)\s+(?=[A-Z](?:[-,][A-Z])*(?:-|$))", "", tail)  # "84 A" -> "84A"
    return quote(tail.replace(" ", "_"), safe="()-_.")


def current_forms(base: str, iri: str, actors: Mapping[str, str]) -> list[str]:
    """The IRIs that an IRI in a form kg used before may name now, most likely first (none
    when it is no such form): a former actor (`actors`: former -> current, from the organs'
    unres:formerActor), the former spelling of the number (`2674_(2023)`, `80-84_A`), and a
    draft's number with its series (`S-2016-1061`, now `2016-1061`; which of the last two a
    number is, only the data can tell: `S-32-1` is a resolution of a special session).
    Whatever follows the work (a paragraph, an annex, an extension) is kept. A rule, not a
    list: every IRI of the former scheme is answered, whether or not anyone recorded it.

    >>> old = "b/" + WORK_ROOT + "un-sc/1967-11-22/242_(1967)/!main~para_1"
    >>> current_forms("b/", old, {"un-sc": "unsc"})
    ['b/akn/un/statement/deliberation/unsc/1967-11-22/242-1967/!main~para_1']
    >>> current_forms("b/", "b/" + WORK_ROOT + "un-sc/2016-12-15/S-2016-1061", {"un-sc": "unsc"})
    ['b/akn/un/statement/deliberation/unsc/2016-12-15/S-2016-1061', \
'b/akn/un/statement/deliberation/unsc/2016-12-15/2016-1061']
    >>> current_forms("b/", "b/" + WORK_ROOT + "unga/2023-12-19/78-216", {})
    []
    """
    root = base + WORK_ROOT
    if not iri.startswith(root):
        return []
    actor, sep, rest = iri[len(root):].partition("/")
    date, sep2, rest = rest.partition("/")
    if not (sep and sep2 and rest):
        return []
    number, slash, after = rest.partition("/")
    if "." in number and not slash:  # an extension (`.ttl`) on the work itself
        number, dot, ext = number.rpartition(".")
        after = dot + ext
    else:
        after = slash + after
    spelled = _number_form(unquote(number).replace("_", " "))
    numbers = [spelled]
    series, dash, rest_of_number = spelled.partition("-")
    if dash and series.isalpha() and series.isupper() and rest_of_number.count("-"):
        numbers.append(rest_of_number)  # a draft's symbol after its series (S/2016/1061)
    found = [f"{root}{actors.get(actor, actor)}/{date}/{n}{after}" for n in numbers]
    return [f for f in dict.fromkeys(found) if f != iri]


def official_portion(work: str, language: str, eid: str) -> str:
    """A paragraph by the eId the official AKN file of one language gives it, at the IRI
    AKN4UN gives that portion of that expression: `{work}/eng@/!main~para_30`. Official eIds
    are not printed numbers (operative paragraph 1 of A/RES/78/216 is `para_30`) and differ
    between languages (its Arabic file numbers them otherwise), so they get IRIs of their own,
    which cannot collide with the printed-number IRIs (`{work}/!main~para_3`): those have no
    `@/` component."""
    return f"{work}/{AKN_LANGUAGES.get(language, language)}@/!main~{eid}"


def parse_official_portion(iri: str) -> tuple[str, str, str] | None:
    """(work, BCP 47 language, eId) of an official_portion IRI, else None.

    >>> parse_official_portion("https://x/akn/w/eng@/!main~para_30")
    ('https://x/akn/w', 'en', 'para_30')
    """
    m = _OFFICIAL.match(iri)
    if m is None:
        return None
    by_code = {v: k for k, v in AKN_LANGUAGES.items()}
    language = by_code.get(m["lang"])
    return (m["work"], language, m["eid"]) if language else None


def without_letter(symbol: str) -> str:
    """The symbol of the document a lettered resolution is printed in: "S/RES/161 A (1961)" ->
    "S/RES/161 (1961)", "A/RES/69/96 B" -> "A/RES/69/96"."""
    return symbols.with_letter(symbol, None)


def graph_iri(base: str, work: str) -> str:
    return base + "graph/" + _work_tail(base, work)


def graph_work(base: str, graph: str) -> str | None:
    """The work a source graph is named after (graph_iri's inverse); None for other graphs.

    >>> graph_work("https://x/", "https://x/graph/ga/2023-12-19/78-216")
    'https://x/akn/un/statement/deliberation/ga/2023-12-19/78-216'
    """
    prefix = base + "graph/"
    return base + WORK_ROOT + graph[len(prefix):] if graph.startswith(prefix) else None


def ontology_graph_iri(base: str) -> str:
    return base + "graph/ontology"


def reference_graph_iri(base: str) -> str:
    """The graph of the curated reference data (phrases, instruments, mandates, Member States)."""
    return base + "graph/reference"


def context_graphs(base: str) -> tuple[str, str]:
    """The graphs that are context for validation, not its subject: reference data, ontology."""
    return reference_graph_iri(base), ontology_graph_iri(base)


#: IRIs named after a work's tail (its graph, its lineage graph, its lineage): they move with it
NAMED_AFTER_WORK = ("graph/lineage/", "lineage/", "graph/")


def _work_tail(base: str, work: str) -> str:
    return work[len(base + WORK_ROOT):] if work.startswith(base + WORK_ROOT) else work


def lineage_graph_iri(base: str, new_work: str) -> str:
    """The graph of the lineage from a work's predecessor to the work."""
    return f"{base}graph/lineage/{_work_tail(base, new_work)}"


def lineage_iri(base: str, new_work: str) -> str:
    """The lineage from a work's predecessor to the work; its paragraph changes are named
    under it (a change per paragraph eId)."""
    return f"{base}lineage/{_work_tail(base, new_work)}"


def lineage_of_graph(base: str, graph: str) -> str:
    """lineage_iri of the work whose lineage graph is `graph` (lineage_graph_iri's inverse).

    >>> base, work = "https://x/", "https://x/akn/un/statement/deliberation/ga/2023/78-216"
    >>> lineage_of_graph(base, lineage_graph_iri(base, work)) == lineage_iri(base, work)
    True
    """
    return f"{base}lineage/{graph.removeprefix(base + 'graph/lineage/')}"


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
    return base + "symbol/" + symbols.iri_path(symbol)


def source_iri(base: str, sha256: str) -> str:
    return f"{base}source/{sha256}"


def un_address(symbol: str) -> str:
    """The UN's own resolver for a symbol."""
    return "https://undocs.org/" + quote(symbol, safe="/().")


def actor_renames(organs: Iterable[Organ]) -> dict[str, str]:
    """Former AKN4UN actor -> current, from the reference data (unres:formerActor), for
    current_forms."""
    return {old: organ.actor for organ in organs if organ.actor for old in organ.former_actors}
