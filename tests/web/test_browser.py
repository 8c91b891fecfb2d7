"""The web UI in real headless Chromium over a real store: pages render, highlights sit on the
right characters, a quote's speaker and chain show on click, a story shows its contradictions
linked to their spans, and a hostile article stays inert. Screenshots of every page are kept in
``build/screenshots/`` for review."""

from __future__ import annotations

from urllib.parse import quote as urlquote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

# Where every element of the app's text container comes from, in the page: kind, ref, offsets
# and the text it holds (nested spans included).
SPANS_JS = """() => [...document.querySelectorAll('#article-text [data-ref]')].map((el) => ({
  kind: el.dataset.kind, ref: el.dataset.ref, start: Number(el.dataset.start),
  end: Number(el.dataset.end), text: el.textContent }))"""

# A point on a span's own text (not on a span nested in it), scrolled into view: where a
# person would click to select it.
POINT_JS = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  el.scrollIntoView({ block: "center" });
  for (const node of el.childNodes) {
    const at = node.nodeType === 3 ? node.textContent.search(/\\S/) : -1;
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const box = range.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }
  return null;
}"""


def open_page(page, path: str) -> None:
    """Load ``path`` and wait until its script has replaced the loading line."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.wait_for_function("() => !document.querySelector('#app .loading')")
    errors = page.locator("#app .error").all_inner_texts()
    assert not errors, f"{path} shows an error: {errors}"


def assert_clean(page) -> None:
    """No script error, no CSP complaint, no failed load, no dialog, no request beyond the
    app's origin."""
    watch = page.watch
    assert watch.errors == [], watch.errors
    assert watch.console_errors == [], watch.console_errors  # CSP refusals and 404s log here
    assert watch.dialogs == []
    assert watch.foreign() == []


def expected_spans(record) -> dict[tuple[str, str], tuple[int, int]]:
    """(kind, ref) -> (start, end) of every span the article page should highlight (a span of
    one kind at the same offsets as an earlier one is drawn once, under the earlier ref)."""
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    seen: set[tuple[str, int, int]] = set()

    def add(kind: str, ref: str, start: int | None, end: int | None) -> None:
        if start is None or end is None or end <= start or (kind, start, end) in seen:
            return
        seen.add((kind, start, end))
        spans[(kind, ref)] = (start, end)

    for q in record.quotes:
        add("quote", q.id, q.start, q.end)
        add("cue", f"{q.id}.cue", q.cue_start, q.cue_end)
        if q.speaker:
            add("speaker", f"{q.id}.speaker", q.speaker.start, q.speaker.end)
    for i, n in enumerate(record.non_comments, 1):
        add("non_comment", f"n{i}", n.start, n.end)
    for e in record.events:
        add("event", e.id, e.start, e.end)
    for kind, items in (("time", record.times), ("place", record.places), ("figure", record.figures)):
        for i, item in enumerate(items, 1):
            add(kind, f"{kind[0]}{i}", item.start, item.end)
    return spans


def drawn_spans(page) -> dict[tuple[str, str], str]:
    """(kind, ref) -> the text the page highlights for it (pieces of a cut span joined)."""
    drawn: dict[tuple[str, str], str] = {}
    for span in page.evaluate(SPANS_JS):
        key = (span["kind"], span["ref"])
        drawn[key] = drawn.get(key, "") + span["text"]
    return drawn


def by_title(store, needle: str):
    return next(r for r in store.records.values() if needle in (r.article.title or ""))


def test_pages_render_and_link_their_json_twins(page, server, screenshots):
    store = server.store
    depot = by_title(store, "helicopters struck fuel depot")
    contested = max(store.stories, key=lambda s: len(s.contradictions))
    events = [e for r in store.records.values() for e in r.events]
    placed_events = [e for e in events if e.place and e.place.lat is not None]
    placed_stories = [s for s in store.stories if s.place and s.place.lat is not None]
    checks = [
        ("home", "/", "#results .result", min(50, len(store.records))),
        ("article", f"/articles/{urlquote(depot.article.id)}", "#article-text [data-kind=quote]", None),
        ("stories", "/stories", "#stories tbody tr", min(50, len(store.stories))),
        ("story", f"/stories/{contested.id}", "#reports li", len(contested.reports)),
        ("timeline", "/timeline", "#timeline [data-event]", min(500, len(events))),
        ("map", "/map", "#map[data-ready=true]", 1),
    ]
    for name, path, selector, count in checks:
        open_page(page, path)
        if name == "map":
            page.wait_for_selector(selector)
        found = page.locator(selector).count()
        if count is None:
            assert found >= 1, f"{name}: nothing matches {selector}"
        else:
            assert found == count, f"{name}: {found} of {selector}, expected {count}"
        twin = page.get_attribute("#json-twin", "href")
        assert twin.startswith("/api/v1/"), twin
        assert page.get_attribute('link[rel=alternate][type="application/json"]', "href") == twin
        answer = page.request.get(twin)
        assert answer.ok, f"{name}: its JSON twin {twin} answers {answer.status}"
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    # the map: the bundled country outlines, a point per placed event and story
    legend = page.inner_text("#map-legend")
    assert f"{len(placed_events)} of {len(events)} events placed" in legend
    assert f"{len(placed_stories)} of {len(store.stories)} stories placed" in legend
    assert page.locator("#map path").count() >= 200 + len(placed_events) + len(placed_stories)
    assert_clean(page)


def test_highlights_sit_on_the_right_characters(page, server):
    for record in server.store.records.values():
        open_page(page, f"/articles/{urlquote(record.article.id)}")
        text = record.article.text
        assert page.text_content("#article-text") == text
        expected = expected_spans(record)
        drawn = drawn_spans(page)
        assert set(drawn) == set(expected), record.article.id
        for key, (start, end) in expected.items():
            assert drawn[key] == text[start:end], (record.article.id, key)
    assert_clean(page)


def test_clicking_a_quote_shows_its_speaker_and_chain(page, server, screenshots):
    record = by_title(server.store, "helicopters struck fuel depot")
    quote = max(record.quotes, key=lambda q: len(q.chain))
    assert len(quote.chain) >= 3 and quote.speaker is not None
    open_page(page, f"/articles/{urlquote(record.article.id)}")
    point = page.evaluate(POINT_JS, f'#article-text [data-kind=quote][data-ref="{quote.id}"]')
    assert point is not None
    page.mouse.click(point["x"], point["y"])
    panel = page.locator(f'#record-panel .quote-record[data-quote="{quote.id}"]')
    panel.wait_for()
    assert panel.locator(".speaker-name").inner_text() == quote.speaker.name
    nodes = panel.locator("svg.chain g.node")
    assert nodes.count() == len(quote.chain)
    assert nodes.locator("text.name").all_text_contents() == [link.name for link in quote.chain]
    assert nodes.locator("text.role").all_text_contents() == [link.role for link in quote.chain]
    assert page.locator('#article-text .is-selected[data-kind="quote"]').count() >= 1
    page.screenshot(path=str(screenshots / "article-quote-selected.png"), full_page=True)
    # an event's span shows the event
    event = record.events[0]
    point = page.evaluate(POINT_JS, f'#article-text [data-kind=event][data-ref="{event.id}"]')
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(
        "(ref) => document.querySelector('#record-panel').dataset.showing === ref", arg=event.id
    )
    assert event.type in page.inner_text("#record-panel")
    assert_clean(page)


def test_a_story_shows_its_contradictions_linked_to_their_spans(page, server, screenshots):
    story = max(server.store.stories, key=lambda s: len(s.contradictions))
    assert story.contradictions, "the two Kharkiv reports in tests/web/data no longer contradict"
    open_page(page, f"/stories/{story.id}")
    shown = page.locator("#contradictions .contradiction")
    assert shown.count() == len(story.contradictions)
    for i, contradiction in enumerate(story.contradictions):
        card = shown.nth(i)
        assert card.get_attribute("data-kind") == contradiction.kind
        assert card.locator(".side.a blockquote").inner_text() == contradiction.a.text.strip()
        assert card.locator(".side.b blockquote").inner_text() == contradiction.b.text.strip()
        assert card.locator(".note").inner_text() == contradiction.note
    # the origins graph names every origin
    graph = page.locator("svg.layered").text_content()
    assert all(origin.name in graph for origin in story.origins)
    # a side links to its span in the article: the article page marks exactly those characters
    side = story.contradictions[-1].b
    shown.nth(len(story.contradictions) - 1).locator(".side.b a.side-link").click()
    page.wait_for_url(f"**/articles/{side.article}#at={side.start}-{side.end}")
    page.wait_for_selector("#article-text [data-kind=focus]")
    marked = "".join(page.locator("#article-text [data-kind=focus]").all_text_contents())
    article = server.store.records[side.article].article
    assert marked == article.text[side.start : side.end] == side.text
    page.screenshot(path=str(screenshots / "article-contradiction-side.png"), full_page=True)
    assert_clean(page)


def test_a_hostile_article_stays_inert(page, server, screenshots):
    record = by_title(server.store, "<script>")
    text = record.article.text
    assert "<script>alert(1)</script>" in text and "onerror=alert(1)" in text
    assert "javascript:" in text and record.article.url.startswith("javascript:")
    open_page(page, f"/articles/{urlquote(record.article.id)}")
    assert page.inner_text("h1") == record.article.title
    assert page.text_content("#article-text") == text
    # every span clicked: the panel shows the hostile text (names, chains, JSON) as text
    for ref in dict.fromkeys(span["ref"] for span in page.evaluate(SPANS_JS)):
        point = page.evaluate(POINT_JS, f'#article-text [data-ref="{ref}"]')
        if point:
            page.mouse.click(point["x"], point["y"])
    page.locator("#record-panel details summary").first.click()
    page.screenshot(path=str(screenshots / "hostile-article.png"), full_page=True)
    stories = [s.id for s in server.store.stories if record.article.id in s.articles]
    for path in ["/?q=alert", "/timeline", "/stories", *(f"/stories/{sid}" for sid in stories)]:
        open_page(page, path)
    page.wait_for_timeout(300)  # an onerror would fire by now
    assert_clean(page)
    injected = page.evaluate(
        """() => ({
          scripts: [...document.scripts].map((s) => s.getAttribute('src')),
          elements: document.querySelectorAll('#app img, #app iframe, #app object, #app embed, #app b').length,
          handlers: [...document.querySelectorAll('*')].flatMap((el) =>
            [...el.attributes].map((a) => a.name).filter((n) => n.startsWith('on'))),
          links: [...document.querySelectorAll('a[href]')].map((a) => a.href)
            .filter((href) => !/^https?:/.test(href)),
        })"""
    )
    assert all(src and src.startswith("/static/") for src in injected["scripts"])
    assert injected["elements"] == 0
    assert injected["handlers"] == []
    assert injected["links"] == []
    # the source link of a javascript: URL is never drawn
    open_page(page, f"/articles/{urlquote(record.article.id)}")
    assert page.locator('a[href^="javascript"]').count() == 0
    assert_clean(page)
