"""Benchmarks that print figures beside the quality bars (docs/eval.md) (`python -m benchmarks`).

Each benchmark is a module here with `async def figures() -> list[Figure]` (see
`benchmarks/figures.py`), each figure a median of several runs; run alone it prints its own
figures with `python -m benchmarks.<name>`.
"""
