"""Compressed dumps, their checksums, and Range requests, through real clients (curl, httpx)."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.build import build
from kg.builddir.dumps import read_dump

from .test_kg_serve import SEEDS, _serve, _stop

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

KINDS = {"kg.nq": "nq", "kg.trig": "trig", "kg.ttl": "ttl"}


@pytest.fixture(scope="module")
def seeds_build(bundled_build: Path) -> Path:
    """The bundled corpus: dumps of two parts, so kg.nq.gz has several gzip members."""
    assert len(list((bundled_build / "compressed").glob("*.nq.gz"))) > 1
    return bundled_build


@pytest.fixture(scope="module")
def live(seeds_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = _serve(seeds_build, tmp_path_factory.mktemp("log") / "serve.log")
    yield url
    _stop(proc)


def test_gzip_dumps_decompress_to_the_dumps(live: str, seeds_build: Path) -> None:
    sums = json.loads((seeds_build / "compressed" / "checksums.json").read_text())
    for name, kind in KINDS.items():
        r = httpx.get(f"{live}/dumps/{name}.gz")
        assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
        assert "content-encoding" not in r.headers  # a file that is gzip, not a coding
        assert gzip.decompress(r.content) == read_dump(seeds_build, kind)
        assert hashlib.sha256(r.content).hexdigest() == sums[name + ".gz"]["sha256"]
        assert len(r.content) == sums[name + ".gz"]["size"]
        assert hashlib.sha256(read_dump(seeds_build, kind)).hexdigest() == sums[name]["sha256"]
        published = httpx.get(f"{live}/dumps/{name}.gz.sha256").text
        assert published == f"{sums[name + '.gz']['sha256']}  {name}.gz\n"
    listing = httpx.get(f"{live}/dumps/").text.split()
    assert {"kg.nq.gz", "kg.ttl.gz", "kg.trig.gz", "kg.nq.gz.sha256"} <= set(listing)
    sha256sums = httpx.get(f"{live}/dumps/SHA256SUMS").text
    assert len(sha256sums.splitlines()) == 6


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not here")
def test_rapper_reads_the_compressed_dumps(live: str, tmp_path: Path) -> None:
    for name, syntax in (("kg.nq", "nquads"), ("kg.ttl", "turtle"), ("kg.trig", "trig")):
        body = gzip.decompress(httpx.get(f"{live}/dumps/{name}.gz").content)
        (tmp_path / name).write_bytes(body)
        done = subprocess.run(["rapper", "-q", "-c", "-i", syntax, str(tmp_path / name),
                               "https://w3id.org/unres/"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-500:]


def test_range_with_httpx(live: str) -> None:
    full = httpx.get(f"{live}/dumps/kg.nq.gz").content
    size = len(full)
    assert size > 2000
    r = httpx.get(f"{live}/dumps/kg.nq.gz", headers={"Range": "bytes=100-1099"})
    assert r.status_code == 206 and r.content == full[100:1100]
    assert r.headers["content-range"] == f"bytes 100-1099/{size}"
    assert r.headers["accept-ranges"] == "bytes"
    tail = httpx.get(f"{live}/dumps/kg.nq", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and len(tail.content) == 10
    assert tail.content == httpx.get(f"{live}/dumps/kg.nq").content[-10:]
    bad = httpx.get(f"{live}/dumps/kg.nq.gz", headers={"Range": f"bytes={size}-"})
    assert bad.status_code == 416 and bad.headers["content-range"] == f"bytes */{size}"
    stale = httpx.get(f"{live}/dumps/kg.nq.gz",
                      headers={"Range": "bytes=0-9", "If-Range": '"another-build"'})
    assert stale.status_code == 200 and stale.content == full  # the build changed: all of it
    etag = r.headers["etag"]
    same = httpx.get(f"{live}/dumps/kg.nq.gz", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert same.status_code == 206 and same.content == full[:10]


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")
def test_a_broken_download_resumes_with_curl(live: str, tmp_path: Path) -> None:
    full = httpx.get(f"{live}/dumps/kg.ttl.gz").content
    target = tmp_path / "kg.ttl.gz"
    subprocess.run(["curl", "-sSf", "-r", "0-999", "-o", str(target),
                    f"{live}/dumps/kg.ttl.gz"], check=True, timeout=30)
    assert target.read_bytes() == full[:1000]
    subprocess.run(["curl", "-sSf", "-C", "-", "-o", str(target), f"{live}/dumps/kg.ttl.gz"],
                   check=True, timeout=30)  # resume where the file ends
    assert target.read_bytes() == full
    code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-r",
                           f"{len(full) + 5}-", f"{live}/dumps/kg.ttl.gz"],
                          capture_output=True, text=True, timeout=30).stdout
    assert code == "416"


def test_void_describes_each_dump(live: str, seeds_build: Path) -> None:
    sums = json.loads((seeds_build / "compressed" / "checksums.json").read_text())
    r = httpx.get(f"{live}/.well-known/void", headers={"Accept": "text/turtle"})
    triples = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]
    dcat, spdx = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"
    dist = ox.NamedNode(f"{live}/dumps/kg.nq.gz#distribution")
    about = {t.predicate.value: t.object for t in triples if t.subject == dist}
    assert about[dcat + "byteSize"].value == str(sums["kg.nq.gz"]["size"])
    assert about[dcat + "mediaType"].value.endswith("application/n-quads")
    assert about[dcat + "compressFormat"].value.endswith("application/gzip")
    checksum = about[spdx + "checksum"]
    values = {t.predicate.value: t.object.value for t in triples if t.subject == checksum}
    assert values[spdx + "checksumValue"] == sums["kg.nq.gz"]["sha256"]
    assert values[spdx + "algorithm"] == spdx + "checksumAlgorithm_sha256"


def test_a_rebuild_links_unchanged_members(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SEEDS], out, jobs=1, validate=False)
    before = {p.name: p.stat().st_ino for p in (out / "compressed").glob("*.gz")}
    build([SEEDS], out, jobs=1, validate=False)
    after = {p.name: p.stat().st_ino for p in (out / "compressed").glob("*.gz")}
    assert before and before == after
