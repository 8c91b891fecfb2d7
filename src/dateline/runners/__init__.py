"""Runners beyond the local one: :mod:`dateline.runners.ray` (``dateline ingest --runner ray``).

The local runner lives in :mod:`dateline.ingest`; every runner composes the same three steps
(read, :func:`dateline.pipeline.analyze_batch`, a record sink).
"""
