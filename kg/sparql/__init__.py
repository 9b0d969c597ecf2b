"""SPARQL over a build: the named queries shipped as package data and how they are run."""
