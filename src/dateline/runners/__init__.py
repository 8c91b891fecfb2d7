"""Runners: :mod:`dateline.runners.local` (the local runner's worker processes, ``dateline
ingest --processes N``) and :mod:`dateline.runners.ray` (``dateline ingest --runner ray``).

The local runner is driven by :mod:`dateline.ingest`; every runner composes the same three
steps (read, :func:`dateline.pipeline.analyze_batch`, a record sink).
"""
