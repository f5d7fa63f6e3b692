"""Benchmarks (make bench, bench-nlu, bench-load, bench-turns). Each runs as
`python -m benchmarks.NAME` from the project root, as the Makefile runs it,
and imports the test helpers it shares (tests.servers, tests.cluster, the
NLU and safety sets) as the package they are: no sys.path changes."""
