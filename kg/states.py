"""Member States by the names vote tables give them: "FRANCE", "UNITED KINGDOM", "Côte d'Ivoire".

The names are matched to the curated vocabulary (ontology/vocab/member-states.ttl): its labels
in the six languages, its other spellings (skos:altLabel) and known misspellings
(skos:hiddenLabel), compared without case, accents, apostrophe variants, hyphens, extra spaces
or the article the UN's style puts before some names ("the Niger", "the Gambia"). A
name that matches none has no State: the vote keeps its name and the shapes warn of it, so a
new spelling is added to the vocabulary rather than dropped.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rdflib import RDF, SKOS, Literal

from kg.rdf.resources import UNRES, reference_graph
from kg.settings import DEFAULT_BASE

_SPACES = re.compile(r"[\s-]+")
_ARTICLE = re.compile(r"^the ")


def name_key(name: str) -> str:
    """The form two spellings of one name share."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("`", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _ARTICLE.sub("", _SPACES.sub(" ", text).strip().casefold())


@functools.cache
def _by_name(base: str) -> dict[str, str]:
    g = reference_graph(base)
    found: dict[str, str] = {}
    for state in sorted(g.subjects(RDF.type, UNRES.MemberState)):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in g.objects(state, prop):
                if isinstance(label, Literal):
                    found.setdefault(name_key(str(label)), str(state))
    return found


def state_iri(name: str, base: str = DEFAULT_BASE) -> str | None:
    """The Member State's IRI, or None for a name the vocabulary does not know."""
    return _by_name(base).get(name_key(name))
