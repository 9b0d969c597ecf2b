"""kg: a linked-data publisher for United Nations resolutions.

The package root stays light on purpose: parallel build workers import it, so the verbs are
loaded lazily (PEP 562) and the web stack is only imported by the code that serves.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
TOOL = f"kg {__version__}"

_VERBS = {
    "read_source": "kg.sources",
    "normalise": "kg.normalise",
    "segment": "kg.segment",
    "extract": "kg.extract",
    "to_dataset": "kg.triples",
    "validate": "kg.validation",
    "build": "kg.build",
}


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        return getattr(importlib.import_module(_VERBS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
