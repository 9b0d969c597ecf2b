import hashlib
import json

import pytest

from kg.errors import SourceError
from kg.sources import find_sources, read_source


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"  \n\n", "the file is empty"),
    (b"abc\x00def", "binary file"),
    (b"line one\ncaf\xe9\n", "invalid UTF-8"),
])
def test_unusable_files_are_named_in_the_error(tmp_path, data, message):
    path = write(tmp_path, "x.txt", data)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_invalid_utf8_reports_the_line(tmp_path):
    path = write(tmp_path, "x.txt", b"one\ntwo\nthr\xffee\n")
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert err.value.line == 3 and f"{path}:3:" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.txt")


@pytest.mark.parametrize(("sidecar", "message"), [
    ("{not json", "invalid JSON"),
    ('["a"]', "must be a JSON object"),
    ('{"adopted": "2002-13-45"}', "must be a date"),
    ('{"meeting": "77th"}', "positive integer"),
    ('{"meeting": 0}', "positive integer"),
    ('{"symbol": ""}', "non-empty string"),
    ('{"colour": "red"}', "unknown sidecar key"),
])
def test_invalid_sidecars(tmp_path, sidecar, message):
    path = write(tmp_path, "r.txt", b"The General Assembly,\n")
    (tmp_path / "r.meta.json").write_text(sidecar)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert "r.meta.json" in str(err.value) and message in str(err.value)


def test_sidecar_values_are_typed(tmp_path):
    path = write(tmp_path, "r.txt", b"The General Assembly,\n")
    sidecar = {"symbol": "A/RES/1/1", "adopted": "2000-01-02", "meeting": 5}
    (tmp_path / "r.meta.json").write_text(json.dumps(sidecar))
    meta = read_source(path).sidecar
    assert (meta.symbol, meta.adopted.isoformat(), meta.meeting) == ("A/RES/1/1", "2000-01-02", 5)


def test_sha256_and_crlf(tmp_path):
    path = write(tmp_path, "r.txt", b"a\r\nb\r\n")
    source = read_source(path)
    assert source.text == "a\nb\n"
    # the hash is of the bytes as published, not of the decoded text
    assert source.sha256 == hashlib.sha256(b"a\r\nb\r\n").hexdigest()


def test_folders_expand_to_sources_without_sidecars(tmp_path):
    write(tmp_path, "b.txt", b"x")
    write(tmp_path, "a.md", b"x")
    (tmp_path / "a.meta.json").write_text("{}")
    assert [p.name for p in find_sources([tmp_path])] == ["a.md", "b.txt"]


def test_source_stats_see_the_source_its_sidecar_and_links(tmp_path, monkeypatch):
    """What lets a rebuild skip reading a source (kg.builddir.cache.source_stats): an edited
    sidecar, an added one or a replaced source shows in the status; a link or a missing file has
    none."""
    from kg.builddir.cache import source_stats

    plain, with_meta = tmp_path / "a.txt", tmp_path / "b.v2.txt"
    plain.write_text("x")
    with_meta.write_text("y")
    (tmp_path / "b.v2.meta.json").write_text("{}")
    (tmp_path / "c.txt").symlink_to(plain)
    names = [str(tmp_path / n) for n in ("a.txt", "b.v2.txt", "c.txt", "gone.txt")]
    before = source_stats(names)
    assert before[names[0]][4] == -1 and before[names[1]][4] == 2  # no sidecar; 2 bytes
    assert before[names[2]] is None and before[names[3]] is None
    (tmp_path / "a.meta.json").write_text("{}")
    (tmp_path / "b.v2.meta.json").write_text('{"x": 1}')
    after = source_stats(names)
    assert after[names[0]][4] == 2 and after[names[1]][4] == 8
    monkeypatch.chdir(tmp_path)  # a bare file name is looked up in the working folder
    assert source_stats(["a.txt"])["a.txt"][:4] == after[names[0]][:4]
