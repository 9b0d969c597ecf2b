"""The paragraphs an Akoma Ntoso file marks up, taken from the markup instead of found in text.

The UN's AKN4UN files say what every part is: each preambular paragraph is a `<container>` of
the `<preamble>`, each operative paragraph a `<paragraph>` with its printed `<num>`, each
sub-paragraph a `<point>` (or `<item>`) of a `<list>` at any depth, each footnote an
`<authorialNote>` where its marker stands, each annex an `<attachment>`. Reading them from the
markup is exact where finding them in rendered text would be a guess (a "(i)" after "(h)" is a
letter, not a roman numeral, because the markup says so). Other profiles (ITU's) group
recitals under an intro and operative paragraphs under a heading ("resolves"); such a group
becomes one paragraph whose members are its sub-paragraphs, as it is printed.

Line numbers are those of the XML file, so provenance points into the file the user has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from kg.document import Annex, Footnote, Paragraph, ParagraphKind, Structure

_EID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_LABEL = re.compile(r"^(?:\(?([a-z]{1,2}|[ivxl]{1,6})\)|(\d{1,4})[).]?)\s+(?=\S)")
_BLOCKS = ("p", "table", "tblock", "foreign")  # (lists are sub-paragraphs, not text)
_LISTS = ("list", "blockList", "sublist")
_POINTS = ("point", "item", "paragraph", "recital")
_INTROS = ("intro", "listIntroduction", "heading")
_SKIP = ("num", "heading", "meta", "authorialNote", "intro", "listIntroduction", "wrapUp",
         "listWrapUp", "subheading")
_GROUPS = ("hcontainer", "container", "blockContainer", "section", "part", "chapter", "title",
           "division", "subsection")


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    return next((c for c in el if local(c) == name), None)


class _Notes:
    """Footnotes in the order their markers stand, numbered as printed (a marker that is not a
    number, such as `*`, gets the next free number)."""

    def __init__(self) -> None:
        self.found: list[Footnote] = []
        self._used: set[int] = set()

    def add(self, note: etree._Element) -> None:
        marker = (note.get("marker") or "").strip()
        number = int(marker) if marker.isdigit() else max(self._used, default=0) + 1
        self._used.add(number)
        self.found.append(Footnote(number, " ".join(_words(note, self, notes_too=True)),
                                   note.sourceline or 0))

    def take(self) -> tuple[Footnote, ...]:
        out, self.found = tuple(sorted(self.found, key=lambda f: f.number)), []
        return out


# elements that stand apart from their neighbours, as blocks or breaks; inline elements
# (`span`, `i`, `a`, `inline`) join the text around them as printed ("<b>S</b>e" is "Se")
_APART = frozenset({"p", "eol", "eop", "br", "num", "content", "intro", "listIntroduction",
                    "point", "item", "list", "blockList", "heading", "subheading", "container",
                    "tblock", "td", "th", "tr", "li", "docNumber", "docTitle", "docDate",
                    "location", "paragraph", "crossHeading", "blockContainer"})


def _pieces(el: etree._Element, notes: _Notes, notes_too: bool) -> Iterator[str]:
    """The element's text as printed, footnotes lifted out into `notes` (their markers leave
    no trace in the text, as in every other source form)."""
    if el.text:
        yield el.text
    for c in el:
        name = local(c)
        if name == "authorialNote" and not notes_too:
            notes.add(c)
        elif name not in ("meta", "") and (notes_too or name != "authorialNote"):
            apart = name in _APART
            if apart:
                yield " "
            yield from _pieces(c, notes, notes_too)
            if apart:
                yield " "
        if c.tail:
            yield c.tail


def _words(el: etree._Element, notes: _Notes, *, notes_too: bool = False) -> list[str]:
    return "".join(_pieces(el, notes, notes_too)).split()


def text_of(el: etree._Element | None, notes: _Notes | None = None) -> str:
    return " ".join(_words(el, notes or _Notes())) if el is not None else ""


def _own_text(el: etree._Element, notes: _Notes) -> str:
    """The element's text without its sub-paragraphs, number and heading."""
    parts = []
    for c in el:
        name = local(c)
        if name in _SKIP or name in _LISTS or name in _POINTS:
            if name == "authorialNote":
                notes.add(c)
            continue
        if name == "content" or name in _BLOCKS or name in ("inline", "span"):
            parts.append(_content_text(c, notes) if name == "content" else text_of(c, notes))
    if el.text and el.text.strip():
        parts.insert(0, " ".join(el.text.split()))
    return " ".join(p for p in parts if p)


def _content_text(content: etree._Element, notes: _Notes) -> str:
    return " ".join(t for c in content if local(c) not in _LISTS
                    if (t := text_of(c, notes)))


def _intro(el: etree._Element, notes: _Notes) -> str:
    intro = next((c for c in el if local(c) in _INTROS), None)
    return text_of(intro, notes) if intro is not None else ""


def _label(el: etree._Element, text: str, index: int, seen: set[str]) -> tuple[str, str]:
    num = text_of(child(el, "num")).strip().strip("().").strip()
    if not num and (m := _LABEL.match(text)):  # a label left inside the text
        num, text = m[1] or m[2], text[m.end():]
    if not num or num in seen:  # unlabelled, or labels restarting inside one list
        num = str(index)
    seen.add(num)
    return num, text


def _lists(el: etree._Element) -> list[etree._Element]:
    """The lists directly under an element or its content."""
    found = []
    for c in el:
        if local(c) in _LISTS:
            found.append(c)
        elif local(c) == "content":
            found.extend(x for x in c if local(x) in _LISTS)
    return found


def _points(el: etree._Element, notes: _Notes) -> tuple[list[Paragraph], list[str]]:
    """Sub-paragraphs of an element at every depth, and the intro texts of its lists."""
    out: list[Paragraph] = []
    intros: list[str] = []
    for lst in _lists(el):
        if intro := _intro(lst, notes):
            intros.append(intro)
        out.extend(_items(lst, notes))
    seen: set[str] = set()
    for item in (c for c in el if local(c) in ("point", "item")):  # points outside a list
        out.append(_sub(item, len(out) + 1, seen, notes))
    return out, intros


def _items(lst: etree._Element, notes: _Notes) -> list[Paragraph]:
    out: list[Paragraph] = []
    seen: set[str] = set()
    for item in lst:
        name = local(item)
        if name in _POINTS:
            out.append(_sub(item, len(out) + 1, seen, notes))
        elif name in _LISTS and out:  # a sublist standing after a point is that point's
            out[-1] = replace(out[-1], subparagraphs=(*out[-1].subparagraphs,
                                                      *_items(item, notes)))
        elif name in _LISTS:  # a sublist before any point: its points are this list's
            out.extend(_items(item, notes))
    return out


def _sub(item: etree._Element, index: int, seen: set[str], notes: _Notes) -> Paragraph:
    inner, intros = _points(item, notes)
    text = " ".join(t for t in (_own_text(item, notes), *intros) if t)
    number, text = _label(item, text, index, seen)
    return Paragraph("sub", text, item.sourceline or 0, number=number,
                     subparagraphs=tuple(inner), eid=_eid(item))


def _eid(el: etree._Element) -> str | None:
    """The element's eId as the file gives it (kept on the paragraph, so that the UN's own
    references to it resolve), when it has the form of one."""
    eid = (el.get("eId") or "").strip()
    return eid if _EID.fullmatch(eid) else None


def _flat(p: Paragraph) -> str:
    """A sub-paragraph as printed, with its own: "(a) text (i) text" (as segment writes it)."""
    return " ".join([f"({p.number}) {p.text}".rstrip(), *(_flat(s) for s in p.subparagraphs)])


def _paragraph(el: etree._Element, kind: ParagraphKind, notes: _Notes,
               number: str | None = None) -> Paragraph:
    points, intros = _points(el, notes)
    text = " ".join(t for t in (_own_text(el, notes), *intros) if t)
    if points:
        text = " ".join([text, *(_flat(p) for p in points)]).strip()
    return Paragraph(kind, text, el.sourceline or 0, number=number,
                     footnotes=notes.take(), subparagraphs=tuple(points), eid=_eid(el))


def _grouped(el: etree._Element, kind: ParagraphKind, notes: _Notes) -> Paragraph:
    """A heading or intro with members (ITU's "resolves" / "considering" blocks)."""
    intro = _intro(el, notes)
    seen: set[str] = set()
    members = [c for c in el if local(c) in _POINTS]
    points = [_sub(m, n, seen, notes) for n, m in enumerate(members, start=1)]
    head = intro[:1].upper() + intro[1:] if intro else ""
    text = " ".join([head, *(_flat(p) for p in points)]).strip()
    return Paragraph(kind, text, el.sourceline or 0, footnotes=notes.take(),
                     subparagraphs=tuple(points), eid=_eid(el))


def preamble(el: etree._Element | None) -> tuple[Paragraph, ...]:
    if el is None:
        return ()
    notes = _Notes()
    out = []
    for part in el:
        name = local(part)
        if name == "recitals" and child(part, "intro") is not None:
            out.append(_grouped(part, "preambular", notes))
        elif name == "recitals":
            out.extend(_paragraph(r, "preambular", notes) for r in part if local(r) == "recital")
        elif name in ("container", "recital", "blockContainer"):
            para = _paragraph(part, "preambular", notes)
            if para.text:
                out.append(para)
        elif name in _LISTS and out:  # a list standing after a recital continues it
            out[-1] = _continued(out[-1], _items(part, notes), notes)
        # a `p` between recitals is a cross-heading (printed bold), not a paragraph
    return tuple(out)


def _continued(para: Paragraph, points: list[Paragraph], notes: _Notes) -> Paragraph:
    return replace(para, text=" ".join([para.text, *(_flat(p) for p in points)]),
                   subparagraphs=(*para.subparagraphs, *points),
                   footnotes=tuple(sorted((*para.footnotes, *notes.take()),
                                          key=lambda f: f.number)))


def main_body(el: etree._Element | None) -> tuple[list[Paragraph], list[Paragraph]]:
    """Preambular and operative paragraphs of the main body. Numbered paragraphs stand at any
    depth of cross-headings (sections, parts); a section may open with its own preambular
    paragraphs (`crossHeading refersTo="#preamble"`, as budget resolutions print them); an
    operative block whose heading continues the formula ("resolves", lower case) with
    unnumbered members is one paragraph, as ITU prints it."""
    if el is None:
        return [], []
    notes = _Notes()
    preambular: list[Paragraph] = []
    out: list[Paragraph] = []

    def walk(node: etree._Element) -> None:
        for part in node:
            name = local(part)
            if name == "paragraph" and _heading_only(part):
                continue  # a cross-heading marked up as a paragraph ("I", a subheading)
            if name == "paragraph":
                num = _number(text_of(child(part, "num")))
                out.append(_paragraph(part, "operative", notes, number=num))
            elif name == "crossHeading" and part.get("refersTo") == "#preamble":
                preambular.append(_paragraph(part, "preambular", notes))
            elif name == "hcontainer" and text_of(child(part, "heading"))[:1].islower():
                out.append(_grouped(part, "operative", notes))
            elif name in _GROUPS:
                walk(part)

    walk(el)
    if not out:  # a body of plain text blocks: each is a paragraph, as printed
        out = [p for part in el if local(part) == "p"
               if (p := _paragraph(part, "operative", notes)).text and any(
                   c.isalpha() for c in p.text)]
    return preambular, out


_NUMBER = re.compile(r"^\(?([0-9]{1,4}|[a-z]{1,3})\)?(?:[.\s\-–—]*)$")


def _number(printed: str) -> str | None:
    """The printed number without its punctuation, which differs by language ("1.", the
    Arabic text's "1 -", "(a)")."""
    printed = printed.strip()
    m = _NUMBER.match(printed)
    if m:
        return m[1]
    return printed.strip("().").strip() if any(c.isalnum() for c in printed) else None


def _heading_only(el: etree._Element) -> bool:
    return all(local(c) in ("heading", "subheading", "num") for c in el) \
        and child(el, "num") is None


def annexes(doc: etree._Element) -> tuple[Annex, ...]:
    """Attachments (annexes), and documents a resolution quotes whole as its `components` (an
    ECOSOC resolution recommending a draft resolution to the Assembly): text the resolution
    carries, kept as a unit with its heading, not as paragraphs of its own."""
    held = [(c, None) for holder in doc if local(holder) == "attachments"
            for c in holder if local(c) == "attachment"]
    held += [(c, "component") for holder in doc if local(holder) == "components"
             for c in holder if local(c) == "component"]
    out = []
    for attachment, kind in held:
        inner = next((c for c in attachment.iter() if local(c) in ("doc", "statement", "act")),
                     attachment)
        lines = [t for block in inner.iter() if local(block) == "p"
                 and not any(local(a) == "p" for a in block.iterancestors() if a is not inner)
                 if (t := text_of(block))]
        default = (inner.get("name") or "Annex").capitalize() if kind else "Annex"
        heading = next((t for t in lines[:3] if t.lower().startswith("annex")), None)
        title_el = next((c for c in inner.iter() if local(c) == "docTitle"), None)
        title = text_of(title_el) or None
        body = [t for t in lines if t != heading and t != title]
        out.append(Annex(len(out) + 1, heading or default, title, "\n".join(body),
                         attachment.sourceline or 0))
    return tuple(out)


def structure(doc: etree._Element, letter: str | None = None) -> Structure:
    """Every preamble and main body in document order: a few files interleave them (a recital
    quoting numbered paragraphs, then more recitals), and none of their paragraphs is lost."""
    preambular: list[Paragraph] = []
    operative: list[Paragraph] = []
    for part in doc:
        if local(part) == "preamble":
            preambular.extend(preamble(part))
        elif local(part) == "mainBody":
            sectioned, numbered = main_body(part)
            preambular.extend(sectioned)
            operative.extend(numbered)
    return Structure(tuple(preambular), tuple(operative), annexes(doc), letter)
