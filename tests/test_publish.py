"""kg publish: incremental push of named graphs into SPARQL 1.1 stores.

Most tests run against a small in-process Graph Store Protocol server (authentication, retries,
refusals, interruption); the `external` ones against real stores started for the test:
Virtuoso (Debian's virtuoso-opensource) and Oxigraph's server (pip install oxigraph).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.build import build
from kg.publish import Endpoint, StoreClient, StoreRefused, plan, publish
from kg.publish.servers import oxigraph, oxigraph_binary, virtuoso, virtuoso_binary
from kg.publish.verify import compare_queries
from tests.conftest import PDF_SEED, WEB_SEED

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

G56 = "https://w3id.org/unres/graph/unga/2001-12-19/56-163"
G57 = "https://w3id.org/unres/graph/unga/2002-12-18/57-209"


class FakeStore(ThreadingHTTPServer):
    """Graph Store Protocol (PUT/DELETE ?graph=) and SPARQL Update (recorded), in memory."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.graphs: dict[str, bytes] = {}
        self.log: list[tuple[str, str]] = []
        self.updates: list[str] = []
        self.auth: str | None = None  # expected Authorization header
        self.fail: list[tuple[int, bytes]] = []  # responses to give before serving normally
        self.refuse_after: int | None = None  # PUTs accepted before refusing every write
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeStore

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        store = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with store.lock:
            if store.auth is not None and self.headers.get("Authorization") != store.auth:
                return self._reply(401, b"authentication required")
            if store.fail:
                status, text = store.fail.pop(0)
                return self._reply(status, text)
            url = urllib.parse.urlsplit(self.path)
            graph = urllib.parse.parse_qs(url.query).get("graph", [""])[0]
            if store.refuse_after is not None and self.command in ("PUT", "POST"):
                if store.refuse_after <= 0:
                    return self._reply(500, b"disk full")
                store.refuse_after -= 1
            store.log.append((self.command, graph))
            if self.command == "PUT":
                store.graphs[graph] = body
                return self._reply(201)
            if self.command == "DELETE":
                if store.graphs.pop(graph, None) is None:
                    return self._reply(404, b"no such graph")
                return self._reply(204)
            if self.command == "POST":
                store.updates.append(body.decode())
                return self._reply(204)
            return self._reply(405)

    do_PUT = do_DELETE = do_POST = _handle


@pytest.fixture
def fake():
    server = FakeStore()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _endpoint(fake: FakeStore, **options: object) -> Endpoint:
    options = {"retries": 0, "backoff": 0.0, **options}
    return Endpoint.preset("oxigraph", fake.url, **options)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    for seed in (WEB_SEED, PDF_SEED):
        shutil.copy(seed, folder / seed.name)
        sidecar = seed.with_name(seed.stem + ".meta.json")
        shutil.copy(sidecar, folder / sidecar.name)
    return folder


def _build(sources: Path, out: Path) -> dict:
    build([sources], out)
    return json.loads((out / "build.json").read_text())


def test_first_publish_sends_every_graph_then_nothing(fake, sources, tmp_path):
    out = tmp_path / "out"
    manifest = _build(sources, out)
    result = publish(out, _endpoint(fake))
    expected = {s["graph"] for s in manifest["sources"]} | set(manifest["graphs"])
    assert set(fake.graphs) == expected and result.put == len(expected)
    assert b"A/RES/56/163" in fake.graphs[G56]
    again = publish(out, _endpoint(fake))
    assert (again.put, again.deleted, again.unchanged) == (0, 0, len(expected))
    assert len(fake.log) == len(expected)


def test_changed_source_sends_its_graph_and_deleted_source_deletes(fake, sources, tmp_path):
    out = tmp_path / "out"
    _build(sources, out)
    publish(out, _endpoint(fake))
    fake.log.clear()
    sidecar = sources / (PDF_SEED.stem + ".meta.json")
    meta = json.loads(sidecar.read_text())
    meta["title"] = "A corrected title"
    sidecar.write_text(json.dumps(meta))
    _build(sources, out)  # the publish state is carried into the new build
    publish(out, _endpoint(fake))
    assert ("PUT", G57) in fake.log and ("PUT", G56) not in fake.log
    assert b"A corrected title" in fake.graphs[G57]

    fake.log.clear()
    (sources / PDF_SEED.name).unlink()
    _build(sources, out)
    result = publish(out, _endpoint(fake))
    assert ("DELETE", G57) in fake.log and G57 not in fake.graphs and result.deleted >= 1
    assert ("PUT", G56) not in fake.log


def test_interrupted_publish_resumes_to_the_same_state(fake, sources, tmp_path):
    out = tmp_path / "out"
    manifest = _build(sources, out)
    total = len(manifest["sources"]) + len(manifest["graphs"])
    fake.refuse_after = 2
    with pytest.raises(StoreRefused) as refused:
        publish(out, _endpoint(fake), concurrency=1)
    assert refused.value.status == 500 and "disk full" in str(refused.value)
    assert len(fake.graphs) == 2
    assert len(plan(out, _endpoint(fake)).put) == total - 2  # only confirmed graphs recorded
    fake.refuse_after = None
    result = publish(out, _endpoint(fake))
    assert result.put == total - 2 and len(fake.graphs) == total
    assert publish(out, _endpoint(fake)).put == 0


def test_refusal_names_status_and_body(fake, sources, tmp_path):
    out = tmp_path / "out"
    _build(sources, out)
    fake.fail = [(400, b"Parse error at line 3: unexpected token")]
    with pytest.raises(StoreRefused) as refused:
        publish(out, _endpoint(fake), concurrency=1)
    message = str(refused.value)
    assert "HTTP 400" in message and "Parse error at line 3" in message and "PUT" in message


def test_retries_with_back_off(fake):
    fake.fail = [(503, b"busy"), (503, b"busy")]
    client = StoreClient(_endpoint(fake, retries=3, backoff=0.5))
    waits: list[float] = []
    client.sleep = waits.append
    client.put_graph("urn:g", b"<urn:s> <urn:p> <urn:o> .\n")
    assert waits == [0.5, 1.0] and fake.graphs["urn:g"].startswith(b"<urn:s>")
    fake.fail = [(503, b"busy")] * 5
    with pytest.raises(StoreRefused, match="HTTP 503"):
        client.put_graph("urn:g", b"")


def test_unreachable_store_is_a_clear_error():
    endpoint = Endpoint.preset("generic", "http://127.0.0.1:9/store", retries=1, backoff=0.0)
    with pytest.raises(StoreRefused, match="no answer"):
        StoreClient(endpoint).put_graph("urn:g", b"")


@pytest.mark.parametrize(("options", "header"), [
    ({"user": "alice", "password": "s3cret"},
     "Basic " + base64.b64encode(b"alice:s3cret").decode()),
    ({"token": "t0k3n"}, "Bearer t0k3n"),
])
def test_authentication(fake, options, header):
    fake.auth = header
    StoreClient(_endpoint(fake, **options)).put_graph("urn:g", b"")
    assert "urn:g" in fake.graphs
    with pytest.raises(StoreRefused, match="HTTP 401"):
        StoreClient(_endpoint(fake)).put_graph("urn:h", b"")


def test_sparql_update_mode(fake):
    client = StoreClient(_endpoint(fake, via="update"))
    client.put_graph("urn:g", b"<urn:s> <urn:p> <urn:o> .\n")
    client.delete_graph("urn:g")
    assert fake.updates[0].startswith("DROP SILENT GRAPH <urn:g> ;\nINSERT DATA { GRAPH <urn:g>")
    assert "<urn:s> <urn:p> <urn:o> ." in fake.updates[0]
    assert fake.updates[1] == "DROP SILENT GRAPH <urn:g>"


def test_cli_dry_run_and_refusal(fake, sources, tmp_path):
    out = tmp_path / "out"
    _build(sources, out)
    kg = [sys.executable, "-m", "kg", "publish", str(out), "--endpoint", fake.url,
          "--store-type", "oxigraph", "--retries", "0"]
    done = subprocess.run([*kg, "--dry-run"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Would publish" in done.stdout and not fake.graphs
    fake.auth = "Bearer right"
    done = subprocess.run([*kg, "--token", "wrong"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if not line.startswith("kg publish: ")]
    assert errors[0].startswith("error: the store refused PUT") and "HTTP 401" in done.stderr


# ---------------------------------------------------------------- real stores

STORES = [
    pytest.param(virtuoso, marks=pytest.mark.skipif(virtuoso_binary() is None,
                                                    reason="virtuoso-t not installed")),
    pytest.param(oxigraph, marks=pytest.mark.skipif(oxigraph_binary() is None,
                                                    reason="oxigraph server not installed")),
]


@pytest.mark.external
@pytest.mark.parametrize("start", STORES)
def test_real_store_answers_the_named_queries_like_the_embedded_one(start, sources, tmp_path):
    from tests.support.generate_corpus import generate

    generate(30, sources / "generated")
    out = tmp_path / "out"
    manifest = _build(sources, out)
    total = len(manifest["sources"]) + len(manifest["graphs"])
    with start(tmp_path / "store") as store:
        assert publish(out, store.endpoint).put == total
        differences = [c for c in compare_queries(out, store.endpoint.query) if not c.same]
        assert not differences, differences
        assert publish(out, store.endpoint).put == 0

        # one changed source: one graph (and what derives from it) re-sent; one deleted: gone
        victim = sorted((sources / "generated").rglob("*.txt"))[3]
        victim.write_text(victim.read_text() + "\n 99. Decides to remain seized of the matter.\n")
        gone = sorted((sources / "generated").rglob("*.txt"))[5]
        gone.unlink()
        _build(sources, out)
        result = publish(out, store.endpoint)
        assert 1 <= result.put <= 1 + len(manifest["graphs"]) and result.deleted >= 1
        differences = [c for c in compare_queries(out, store.endpoint.query) if not c.same]
        assert not differences, differences
