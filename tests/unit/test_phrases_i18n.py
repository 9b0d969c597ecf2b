"""Opening phrases in the six official languages map to the same concepts (issue 13): the
labels of ontology/vocab/phrases-i18n.ttl, matched with the adverbs of each language skipped,
Arabic marks ignored, Chinese read character by character."""

from __future__ import annotations

import pytest

from kg.phrasing import phrase_index
from kg.rdf.resources import reference_data


@pytest.mark.parametrize(("kind", "text", "concept"), [
    ("preambular", "Rappelant également sa résolution 90/1,", "recalling"),
    ("preambular", "Recordando también su resolución 90/1,", "recalling"),
    ("preambular", "ссылаясь также на свою резолюцию 90/1,", None),  # lower case: a line's middle
    ("preambular", "Ссылаясь также на свою резолюцию 90/1,", "recalling"),
    ("preambular", "وإذ تشير أيضا إلى قرارها 90/1،", "recalling"),
    ("preambular", "回顾其第90/1号决议,", "recalling"),
    ("operative", "决定在第九十二届会议上审议这一问题", "decides"),
    ("operative", "Décide de continuer à examiner la question,", "decides"),
    ("preambular", "Notant avec préoccupation que", "noting-with-concern"),
    ("preambular", "Notant que", "noting"),
    ("preambular", "وإذ تسلّم بأن", "recognizing"),  # (with a shadda the other files leave out)
])
def test_an_opening_in_any_official_language(kind, text, concept):
    found = phrase_index(reference_data(), kind).match(text)
    assert (found.iri.rsplit("/", 1)[1] if found else None) == concept
