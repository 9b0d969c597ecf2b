"""SHACL validation of resolution graphs, builds and any RDF, for people and for CI.

One package, one path per input. `validate_graph` and `validate_dataset` check rdflib data;
`validate_build` checks a build directory the way `kg build` does (every graph in a worker,
straight from the dump's N-Triples, findings cached by graph content), and `kg validate DIR`
takes that path too; `validate_path` reads any RDF file. Two engines give one report: the fast
one (`kg.validation.fast`, compiled from the shapes) and pyshacl, the reference.

Modules: `entrypoints` (the functions above, the layers of rule IDs, the pyshacl engine),
`runner` (the parallel, cached build path and the corpus rules), `cache`, `report` (Report and
Result, their text, JSON and Turtle), `inputs` (reading files and `-`), `ci` and `ci_formats`
(the CI step: several inputs, own shapes, JUnit/SARIF/GitHub/GitLab), `fast` (the engine).
"""

from __future__ import annotations

from kg.validation.entrypoints import (
    DEFAULT_ENGINE,
    DEFAULT_LEVELS,
    ENGINES,
    LEVELS,
    validate,
    validate_dataset,
    validate_graph,
    validate_ntriples,
    validate_path,
)
from kg.validation.report import Report, Result
from kg.validation.runner import validate_build

__all__ = ["DEFAULT_ENGINE", "DEFAULT_LEVELS", "ENGINES", "LEVELS", "Report", "Result",
           "validate", "validate_build", "validate_dataset", "validate_graph",
           "validate_ntriples", "validate_path"]
