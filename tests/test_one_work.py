"""One work per resolution, whatever the sources: a resolution given as the UN's XML and as a
text (or PDF) is built once, from the XML, and the other source is reported, not an error."""

from __future__ import annotations

import json

import pytest

from kg.build import build

pytestmark = pytest.mark.slow

XML = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
<statement name="resolution"><coverPage><p><docNumber refersTo="#symbol">A/RES/94/1</docNumber>
</p></coverPage><preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>
<container name="Recalling"><p>Recalling its resolution 93/7,</p></container>
<container name="Noting"><p>Noting the report of the Secretary-General,</p></container></preamble>
<mainBody><paragraph><num>1.</num><content><p>Decides to act.</p></content></paragraph>
</mainBody></statement></akomaNtoso>"""

TEXT = """Resolution adopted by the General Assembly

94/1. Acting

The General Assembly,

Recalling its resolution 93/7,

1. Decides to act.
"""


def test_the_xml_is_built_and_the_text_is_another_source(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "a-text").mkdir(parents=True)
    (corpus / "z-xml").mkdir()
    (corpus / "a-text" / "94_1.txt").write_text(TEXT)  # (listed first, read second)
    (corpus / "z-xml" / "A_RES_94_1.xml").write_text(XML)
    result = build([corpus], tmp_path / "out", jobs=1, lineage=False)
    assert not result.errors
    assert [b.path for b in result.built] == [str(corpus / "z-xml" / "A_RES_94_1.xml")]
    assert result.resolutions == 1 and result.built[0].paragraphs == 3  # the XML's
    (other,) = result.others
    assert other.path == str(corpus / "a-text" / "94_1.txt")
    assert other.built_from == result.built[0].path and other.graph == result.built[0].graph
    manifest = json.loads((tmp_path / "out" / "build.json").read_text())
    assert manifest["other_sources"] == [{"path": other.path, "graph": other.graph,
                                          "built_from": other.built_from}]
    assert "1 other sources" in result.summary()
