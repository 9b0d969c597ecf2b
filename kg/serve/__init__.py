"""The linked-data server: SPARQL 1.1 Protocol, dereferenceable IRIs, HTML pages, VoID, dumps.

Public API: `create_app(build_dir, ...)` returns the ASGI app (for tests and other servers);
`run(build_dir, ...)` serves it with uvicorn (what `kg serve` calls).
"""

from __future__ import annotations

from kg.serve.app import create_app, run

__all__ = ["create_app", "run"]
