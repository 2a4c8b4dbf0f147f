"""Benchmark for cleaner: metrics (``bench.metrics``) and the runner (``bench/run.py``)."""
