"""Resolutions inside zip archives, as the UN ships them (issue #13)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from kg import archives
from kg.builddir.cache import source_key, source_stats
from kg.errors import SourceError
from kg.pipeline import annotate_all
from kg.sources import read_source, source_names

XML = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
<statement name="resolution"><coverPage><p><docNumber refersTo="#symbol">A/RES/74/{n}</docNumber>
</p></coverPage><preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>
<container name="Recalling"><p>Recalling its resolution 53/144,</p></container></preamble>
<mainBody><paragraph><num>1.</num><content><p>Decides to act.</p></content></paragraph>
</mainBody></statement></akomaNtoso>"""


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "GA"
    folder.mkdir()
    with zipfile.ZipFile(folder / "GA resolutions_74session_English.zip", "w",
                         zipfile.ZIP_DEFLATED) as z:
        z.writestr("English/", "")
        z.writestr("English/74_2.xml", XML.format(n=2))
        z.writestr("English/74_1.xml", XML.format(n=1))
        z.writestr("__MACOSX/English/._74_1.xml", "resource fork")
        z.writestr("English/notes.docx", "not a source")
    return folder


def test_members_are_sources_named_as_if_the_archive_were_a_folder(shipped):
    archive = str(shipped / "GA resolutions_74session_English.zip")
    expected = [f"{archive}{os.sep}English{os.sep}74_{n}.xml" for n in (1, 2)]
    assert source_names([shipped]) == expected  # sorted, as a folder's files are
    assert source_names([archive]) == expected  # the archive given itself
    parts = annotate_all(expected[0])
    assert parts[0].metadata.symbol == "A/RES/74/1"
    assert parts[0].source.path == expected[0]  # messages and provenance name the member


def test_a_rebuild_knows_a_member_unchanged_without_reading_it(shipped):
    name = source_names([shipped])[0]
    first = source_stats([name])[name]
    assert first is not None and first == source_stats([name])[name]
    assert source_key(name, "https://w3id.org/unres/", "kg") is not None


def test_a_missing_member_and_a_bomb_are_one_line_errors(shipped, monkeypatch):
    archive = shipped / "GA resolutions_74session_English.zip"
    with pytest.raises(SourceError, match=r"no member 'English/74_9\.xml'"):
        read_source(archive / "English" / "74_9.xml")
    monkeypatch.setattr(archives, "MAX_MEMBER", 100)
    with pytest.raises(SourceError) as err:
        read_source(archive / "English" / "74_1.xml")
    assert "more than the limit of 100" in str(err.value) and "\n" not in str(err.value)


def test_an_archive_that_is_not_a_zip_is_reported(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    (name,) = source_names([tmp_path])
    with pytest.raises(SourceError, match=r"broken\.zip"):
        read_source(name)
