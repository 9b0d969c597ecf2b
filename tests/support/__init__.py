"""Test and benchmark support: kept out of the runtime package (benchmarks import it too)."""
