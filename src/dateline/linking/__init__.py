"""Linking: event mentions of different articles grouped into stories.

``mentions`` (what is compared), ``evidence`` (how alike two mentions are, and why),
``cluster`` (blocking, clustering, incremental attach), ``stories`` (clusters to Story records:
origins, corroboration, contradictions), ``update`` (:func:`link_store`: the store's stories,
recomputed or updated for new articles) and ``exports`` (ACLED CSV, PLOVER JSON, GeoJSON).

>>> from dateline.store import open_store
>>> with open_store("news.duckdb") as store:  # doctest: +SKIP
...     stories = link_store(store)
"""

from dateline.linking.update import link_store

__all__ = ["link_store"]
