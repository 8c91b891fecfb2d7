"""Reading articles: formats, metadata, and bad input that must not stop a batch."""

from __future__ import annotations

import io
import json
import sys

import pytest

from dateline.article.read import (
    Overrides,
    article_from_html,
    article_from_text,
    article_id,
    read_articles,
)
from dateline.errors import DatelineError, TerminalError

BODY = "Peskov said the talks had stalled.\n\nHe added that more meetings were planned."


def test_header_block_sets_metadata():
    a = article_from_text(
        "Title: Talks stall\nPublished: April 1, 2022\nOutlet: Example Post\n"
        "URL: https://example.org/x\n\n" + BODY
    )
    assert (a.title, a.published, a.outlet, a.url) == (
        "Talks stall",
        "2022-04-01",
        "Example Post",
        "https://example.org/x",
    )
    assert a.published_source == "header"
    assert a.text.startswith("Peskov said")


def test_first_line_is_title_unless_told_otherwise():
    a = article_from_text("Talks stall in Istanbul\n" + BODY)
    assert a.title == "Talks stall in Istanbul"
    b = article_from_text(
        "Talks stall in Istanbul\n" + BODY, overrides=Overrides(first_line_title=False)
    )
    assert b.title is None and b.text.startswith("Talks stall")


@pytest.mark.parametrize(
    "raw", ["Police said the strike hit the depot.\n", "Caf\u00e9 reopens\n\n\n"]
)
def test_a_single_line_is_the_text_not_a_title(raw):
    """A one-line file (a headline-length report, a trailing newline or not) is its own text:
    taking it as the title left the article empty (E101)."""
    a = article_from_text(raw)
    assert a.title is None and a.text.strip() == raw.strip()


def test_flags_override_the_article():
    a = article_from_text(
        "Published: 2022-04-01\nOutlet: A\n\n" + BODY,
        overrides=Overrides(published="2023-05-06", outlet="B", title="T"),
    )
    assert (a.published, a.published_source, a.outlet, a.title) == ("2023-05-06", "flag", "B", "T")


def test_bad_published_flag_is_a_numbered_error():
    with pytest.raises(TerminalError) as exc:
        article_from_text(BODY, overrides=Overrides(published="not a date"))
    assert exc.value.code == "E109"


def test_published_from_dateline_and_url():
    a = article_from_text(
        "MOSCOW, April 1, 2022 -- Peskov said talks stalled.",
        overrides=Overrides(first_line_title=False),
    )
    assert (a.published, a.published_source) == ("2022-04-01", "dateline")
    b = article_from_text("URL: https://news.example/2021/12/28/story\n\n" + BODY)
    assert (b.published, b.published_source) == ("2021-12-28", "url")


def test_no_date_found_is_none_not_today():
    a = article_from_text(BODY, overrides=Overrides(first_line_title=False))
    assert a.published is None


def test_article_id_is_stable_and_whitespace_insensitive():
    assert article_id("a  b\nc", None) == article_id("a b c", None)
    assert article_id("a b c", None) != article_id("a b c", "https://x")
    a1 = article_from_text(BODY, overrides=Overrides(first_line_title=False))
    a2 = article_from_text(BODY, overrides=Overrides(first_line_title=False))
    assert a1.id == a2.id


HTML = """<html><head><title>Depot hit | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-04-01T08:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Depot hit</h1>
<p>The governor said on Friday that two helicopters struck an oil depot near the border, and that
two workers were hurt in the fire that followed the attack on the facility.</p>
<figure><img src="x.jpg"><figcaption>Smoke over the depot. Photo: Reuters</figcaption></figure>
<p>Ukraine did not immediately claim responsibility for the attack, which came as talks resumed
between the two delegations in Istanbul this week after a pause of several days.</p>
</article><footer>Subscribe now</footer></body></html>"""


def test_html_main_text_and_metadata():
    a = article_from_html(HTML, "page.html")
    assert a.title == "Depot hit"
    assert a.published == "2022-04-01" and a.published_source == "html"
    assert a.outlet == "Example News"
    assert "two helicopters struck" in a.text and "Subscribe" not in a.text
    assert "Photo: Reuters" not in a.text
    assert any(r.kind == "caption" and "Smoke over the depot" in r.text for r in a.removed)


def _errors(items):
    return {i.source.rsplit("/", 1)[-1]: i.error.code for i in items if i.error}


def test_bad_inputs_get_numbered_errors_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Talks\n" + BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def" * 50)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:  # 50 MB sparse file: cheap to make, never read whole
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "empty.html").write_text(
        "<html><body><nav>Home</nav></body></html>", encoding="utf-8"
    )
    lines = [
        json.dumps({"text": BODY, "id": "ok1"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "[1, 2]",
        json.dumps({"text": BODY + " More.", "id": "ok2"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_articles([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert _errors(items) == {
        "empty.txt": "E101",
        "binary.txt": "E102",
        "nul.txt": "E102",
        "huge.txt": "E103",
        "empty.html": "E106",
        "batch.jsonl:2": "E104",
        "batch.jsonl:3": "E105",
        "batch.jsonl:4": "E110",
        "missing.txt": "E107",
    }
    ok = sorted(i.article.id for i in items if i.article)
    assert len(ok) == 3 and {"ok1", "ok2"} <= set(ok)
    for item in items:
        if item.error:
            assert isinstance(item.error, TerminalError)
            assert item.error.fix and item.error.code in str(item.error)


def test_invalid_utf8_is_repaired_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Title: Caf\xe9\n\nThe minister said the caf\xe9 in Kyiv reopened on Monday.".encode(
            "latin-1"
        )
    )
    [item] = list(read_articles([str(path)]))
    assert item.error is None
    assert "café in Kyiv" in item.article.text
    assert [w["code"] for w in item.warnings] == ["W102"]


def test_mojibake_is_fixed(tmp_path):
    path = tmp_path / "moji.txt"
    path.write_text("Title: x\n\nThe minister said it wasnâ€™t over.", encoding="utf-8")
    [item] = list(read_articles([str(path)]))
    assert "wasn’t over" in item.article.text


def test_stdin_and_glob(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("A\n" + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("B\n" + BODY + " Again.", encoding="utf-8")
    items = list(read_articles([str(tmp_path / "*.txt")]))
    assert [i.article.title for i in items] == ["A", "B"]
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(("From stdin\n" + BODY).encode()))
    )
    [item] = list(read_articles(["-"]))
    assert item.article.title == "From stdin"


def test_error_make_fills_fields():
    err = DatelineError.make("E103", path="x.txt", size=10, limit=5)
    assert "x.txt" in err.message and "10" in err.message and err.terminal


def test_jsonl_is_read_line_by_line_and_max_bytes_bounds_each_article(tmp_path):
    rows = [
        json.dumps({"id": f"a{k}", "text": BODY, "date": "2020-03-0" + str(k + 1)})
        for k in range(4)
    ]
    rows[2] = json.dumps({"id": "big", "text": BODY * 40})
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    limit = len(rows[0]) + 10  # each ordinary line fits; the file and the big line do not
    assert path.stat().st_size > limit
    items = read_articles([str(path)], max_bytes=limit)
    first = next(items)  # a generator: the first article comes before the rest is read
    assert first.article.id == "a0" and first.article.published == "2020-03-01"
    rest = list(items)
    assert [i.error.code if i.error else i.article.id for i in rest] == ["a1", "E103", "a3"]
    assert rest[1].source.endswith("feed.jsonl:3")
