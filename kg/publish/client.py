"""A small client for SPARQL 1.1 stores: Graph Store Protocol and SPARQL Update, with
authentication (basic, digest, bearer token), retries with exponential back-off, and a clear
error when the store refuses.

Stores differ in where things live; `Endpoint.preset` knows the usual addresses:

    virtuoso   GSP {url}/sparql-graph-crud-auth (digest auth), query {url}/sparql,
               update {url}/sparql-auth
    oxigraph   GSP {url}/store, query {url}/query, update {url}/update
    fuseki     GSP {url}/data, query {url}/query, update {url}/update  (url = the dataset)
    generic    every address is the URL given, unless set one by one

Only the standard library is used (urllib), so publishing needs nothing the build does not.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from typing import Any

from kg import TOOL
from kg.errors import KgError

KINDS = ("generic", "virtuoso", "oxigraph", "fuseki")
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
NTRIPLES = "application/n-triples"


class StoreRefused(KgError):
    """The store answered with an error (or could not be reached after the retries)."""

    exit_code = 1

    def __init__(self, method: str, url: str, status: int | None, body: str) -> None:
        self.method, self.url, self.status, self.body = method, url, status, body
        what = f"HTTP {status}" if status is not None else "no answer"
        excerpt = " ".join(body.split())[:300]
        super().__init__(f"the store refused {method} {url}: {what}"
                         + (f": {excerpt}" if excerpt else ""))


@dataclass(frozen=True)
class Endpoint:
    """Where and how to write to (and query) one SPARQL 1.1 store."""

    gsp: str  # Graph Store Protocol address (graphs are named with ?graph=IRI)
    query: str | None = None
    update: str | None = None
    via: str = "gsp"  # "gsp": PUT/DELETE per graph; "update": SPARQL Update (DROP + INSERT DATA)
    user: str | None = None
    password: str | None = None
    token: str | None = None  # bearer token (wins over user/password)
    auth: str = "basic"  # "basic" or "digest" (Virtuoso's *-auth endpoints)
    timeout: float = 120.0
    retries: int = 4
    backoff: float = 0.5  # seconds; doubled after each failed attempt

    @classmethod
    def preset(cls, kind: str, url: str, **options: Any) -> Endpoint:
        """Addresses of a kind of store under its root URL; `options` override any field."""
        root = url.rstrip("/")
        if kind == "virtuoso":
            fields: dict[str, Any] = {"gsp": f"{root}/sparql-graph-crud-auth",
                                      "query": f"{root}/sparql", "update": f"{root}/sparql-auth",
                                      "auth": "digest"}
        elif kind == "oxigraph":
            fields = {"gsp": f"{root}/store", "query": f"{root}/query",
                      "update": f"{root}/update"}
        elif kind == "fuseki":
            fields = {"gsp": f"{root}/data", "query": f"{root}/query", "update": f"{root}/update"}
        elif kind == "generic":
            fields = {"gsp": url, "query": url, "update": url}
        else:
            raise ValueError(f"unknown kind of store {kind!r} (known: {', '.join(KINDS)})")
        fields.update({k: v for k, v in options.items() if v is not None})
        return cls(**fields)

    def with_(self, **changes: Any) -> Endpoint:
        return replace(self, **changes)

    @property
    def identity(self) -> str:
        """What a publish state is kept for: the write address and the way of writing."""
        target = self.gsp if self.via == "gsp" else (self.update or self.gsp)
        return f"{self.via} {target}"


class StoreClient:
    """Writes graphs to an Endpoint; thread-safe (one urllib opener per request)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.sleep = time.sleep  # replaced in tests

    # ------------------------------------------------------------ graph operations

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace the named graph `graph` with these triples."""
        ep = self.endpoint
        if ep.via == "update":
            body = (f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n"
                    ).encode() + ntriples + b"\n} }"
            self.update(body)
            return
        self.request("PUT", self._graph_url(graph), ntriples, {"Content-Type": NTRIPLES})

    def delete_graph(self, graph: str) -> None:
        """Remove the named graph (absent already is fine)."""
        if self.endpoint.via == "update":
            self.update(f"DROP SILENT GRAPH <{graph}>".encode())
            return
        self.request("DELETE", self._graph_url(graph), None, {}, ok_missing=True)

    def update(self, body: bytes) -> None:
        url = self.endpoint.update or self.endpoint.gsp
        self.request("POST", url, body, {"Content-Type": "application/sparql-update"})

    def _graph_url(self, graph: str) -> str:
        sep = "&" if "?" in self.endpoint.gsp else "?"
        return f"{self.endpoint.gsp}{sep}{urllib.parse.urlencode({'graph': graph})}"

    # ------------------------------------------------------------ HTTP

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
                *, ok_missing: bool = False) -> bytes:
        """One request with retries on network errors and on 408/429/5xx; other refusals raise
        StoreRefused at once (status and an excerpt of the body)."""
        ep = self.endpoint
        attempt = 0
        while True:
            try:
                return self._once(method, url, body, headers)
            except urllib.error.HTTPError as exc:
                status = exc.code
                text = _text(exc)
                if ok_missing and status == 404:
                    return b""
                if status not in RETRY_STATUS or attempt >= ep.retries:
                    raise StoreRefused(method, url, status, text) from None
                wait = _retry_after(exc) or ep.backoff * 2 ** attempt
            except (urllib.error.URLError, OSError) as exc:
                if attempt >= ep.retries:
                    reason = getattr(exc, "reason", exc)
                    raise StoreRefused(method, url, None, str(reason)) from None
                wait = ep.backoff * 2 ** attempt
            attempt += 1
            self.sleep(min(wait, 30.0))

    def _once(self, method: str, url: str, body: bytes | None,
              headers: dict[str, str]) -> bytes:
        ep = self.endpoint
        handlers: list[urllib.request.BaseHandler] = []
        headers = {"User-Agent": TOOL, **headers}
        if ep.token:
            headers["Authorization"] = f"Bearer {ep.token}"
        elif ep.user is not None and ep.auth == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, ep.user, ep.password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        elif ep.user is not None:
            pair = f"{ep.user}:{ep.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        opener = urllib.request.build_opener(*handlers)
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        with opener.open(req, timeout=ep.timeout) as response:
            data: bytes = response.read()
            return data


def _text(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace")
    except Exception:  # a body that cannot be read is no reason to hide the status
        return ""


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value else None
    except ValueError:
        return None
