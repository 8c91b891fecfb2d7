"""Deep offsets into the articles list are found through the rows per published day
(``sql.day_counts``/``day_window``) instead of ordering every key before the page: the pages
must be exactly those of the plain ordering, filters, undated articles and the end included.
Both backends (the way is forced on, whatever the backend's default)."""

from __future__ import annotations

import pytest

from dateline.store import open_store


@pytest.fixture
def articles(store_url, make_record):
    days = ["2022-04-01", "2022-04-01", "2022-04-02", None, "2022-04-05", "2022-04-05",
            "2022-04-05", "2021-12-31", None, "2022-04-02", "2023-01-01", "2022-04-03"]  # fmt: skip
    records = [
        make_record(f"a{i:02d}", published=day, outlet="AP" if i % 3 else "Reuters")
        for i, day in enumerate(days)
    ]
    with open_store(store_url) as store:
        store.put_many(records)
    return store_url


@pytest.mark.parametrize("filters", [{}, {"outlet": "ap"}, {"until": "2022-04-02"}, {"q": "talks"}])
def test_deep_offsets_give_the_pages_of_the_plain_order(articles, filters) -> None:
    with open_store(articles, read_only=True) as store:
        store.deep_offset = None
        every = [r["id"] for r in store.query("articles", **filters)]
        plain = {
            (offset, limit): store.query("articles", limit=limit, offset=offset, **filters)
            for offset in range(len(every) + 2)
            for limit in (1, 2, 3, 5, 20, None)
        }
        store.deep_offset = 0
        for (offset, limit), rows in plain.items():
            deep = store.query("articles", limit=limit, offset=offset, **filters)
            assert deep == rows, (offset, limit)
            assert [r["id"] for r in deep] == every[offset:][:limit]
        page = store.page("articles", limit=4, offset=2, **filters)
        assert [r["id"] for r in page.items] == every[2:6] and page.total == len(every)
