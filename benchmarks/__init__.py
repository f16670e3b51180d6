"""Benchmarks: ``make bench`` runs ``python -m benchmarks``, which runs every ``bench_*.py`` module here."""
