"""Settings and their defaults, each named once: the default base IRI, and the environment
variables by which kg hands a setting to the processes it starts.

Environment variables, rather than arguments, where the receiving code is started by another
program: build workers (multiprocessing) read the metadata tables named with `--metadata`, web
processes (uvicorn, from an import string) read the server's settings, the store's loader its
parent's process id; `KG_DEBUG` is the user's own switch.
"""

from __future__ import annotations

#: The base of every IRI kg mints unless told otherwise (`--base`): the project's w3id.
DEFAULT_BASE = "https://w3id.org/unres/"

#: Metadata tables named with `--metadata` (paths, os.pathsep between them), for the workers.
METADATA_ENV = "KG_METADATA"
#: The server's settings as JSON, for each web process.
SERVE_CONFIG_ENV = "KG_SERVE_CONFIG"
#: The process a store loader must not outlive (its parent: kg build).
PARENT_PID_ENV = "KG_PARENT_PID"
#: Set to anything but "" or "0": an unexpected error shows its traceback.
DEBUG_ENV = "KG_DEBUG"
