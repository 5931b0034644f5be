"""The benchmark (`python -m bench.benchmark`, `make bench`) and its synthetic strategies (`python -m bench.synthetic`).

Not part of the generator package and not imported by it or by the tests: it measures the generator from outside,
each measured build in a fresh process.
"""
