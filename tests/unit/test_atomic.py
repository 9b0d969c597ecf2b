"""Atomic replacement: a failed write leaves the old file and no temporary part."""

from __future__ import annotations

import pytest

from kg.atomic import replacing, write_bytes, writing


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path):
    target = tmp_path / "dump.nq"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), writing(target) as sink:
        sink.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_the_new_file_appears_whole_under_the_writers_part_name_until_then(tmp_path):
    target = tmp_path / "index.sqlite"
    with replacing(target) as part:
        part.write_bytes(b"new")
        assert not target.exists()
        assert part.name.startswith("index.sqlite.") and part.name.endswith(".part")
    assert target.read_bytes() == b"new"
    write_bytes(target, b"newer")
    assert target.read_bytes() == b"newer"
    assert list(tmp_path.iterdir()) == [target]
