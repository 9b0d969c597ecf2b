"""Texts in other languages than English: searched without stemming, diacritics folded, and
counted in the language facet. The parser reads English only so far, so the French texts here
are added to a hand-written build (the serve tests' fixture), as a reader of AKN in French will."""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph as ox

from kg.search import write_index
from kg.serve import create_app
from tests.serve.conftest import BASE, RES, make_build

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

UNRES = "https://w3id.org/unres/ontology#"
FRENCH = ("Réaffirme sa résolution sur les défenseurs des droits de l'homme ;",
          "Prie les États de protéger les défenseuses des droits humains ;")


def french_build(out: Path) -> Path:
    make_build(out)
    store = ox.Store(str(out / "store"))
    graph = ox.NamedNode(BASE + "graph/unga/2001-12-19/56-163")
    resolution = ox.NamedNode(BASE + RES)
    for n, text in enumerate(FRENCH, 1):
        para = ox.NamedNode(f"{BASE}{RES}/!main~para_fr_{n}")
        for p, o in (("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                      ox.NamedNode(UNRES + "OperativeParagraph")),
                     ("http://data.europa.eu/eli/ontology#is_part_of", resolution),
                     (UNRES + "position", ox.Literal(str(100 + n), datatype=ox.NamedNode(
                         "http://www.w3.org/2001/XMLSchema#integer"))),
                     (UNRES + "text", ox.Literal(text, language="fr"))):
            store.add(ox.Quad(para, ox.NamedNode(p), o, graph))
    store.flush()
    del store
    write_index(out)
    return out


def test_french_texts_are_found_with_or_without_accents(tmp_path: Path) -> None:
    app = create_app(french_build(tmp_path / "out"), workers=0)
    with TestClient(app, base_url="http://testserver") as client:
        def search(**params: str) -> dict:
            r = client.get("/search.json", params=params)
            assert r.status_code == 200, r.text
            return r.json()

        assert search(q="resolution", lang="fr")["total"] == 1
        assert search(q="résolution", lang="fr")["total"] == 1
        assert search(q="Etats")["results"][0]["plain"] == FRENCH[1]
        assert search(q='"droits de l homme"')["total"] == 1
        assert search(q="défens*", lang="fr")["total"] == 2
        langs = {v["value"]: v["count"] for v in search(q="droits")["facets"]["lang"]}
        assert langs == {"fr": 2}
        hit = search(q="défenseuses")["results"][0]
        assert hit["text"].count("<mark>") == 1 and hit["facets"]["lang"] == "fr"
        assert hit["resolution"] == BASE + RES and hit["symbol"] == "A/RES/56/163"
