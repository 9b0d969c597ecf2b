"""The build directory on disk: what `kg build` writes and `kg validate`, `kg serve`,
`kg publish` and `kg query` read. Its store, its dumps in parts, the per-source cache, the
change feed's state, and the swap that makes a new build appear whole or not at all."""
