"""Deeply nested HTML yields its text, with a W104 warning instead of a lost article (E106)."""

from __future__ import annotations

from dateline.article.nesting import MAX_DEPTH, flatten_deep_html, max_depth
from dateline.article.read import article_from_html, read_articles

SENTENCE = "Officials in Kyiv said on Friday that the talks had stalled and that more were planned."


def _nested(depth: int, inner: str) -> str:
    return (
        "<html><head><title>Talks stall</title></head><body>"
        + "<div>" * depth
        + inner
        + "</div>" * depth
        + "</body></html>"
    )


def test_100k_nested_divs_keep_the_article_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(_nested(100_000, f"<p>{SENTENCE}</p>"), encoding="utf-8")
    [item] = list(read_articles([str(path)]))
    assert item.error is None, item.error
    assert SENTENCE in item.article.text
    [note] = [w for w in item.warnings if w["code"] == "W104"]
    assert str(MAX_DEPTH) in note["message"]


def test_deep_paragraphs_stay_apart():
    paragraphs = [f"Paragraph {i}: {SENTENCE}" for i in range(3)]
    page = _nested(500, "".join(f"<p>{p}</p>" for p in paragraphs))
    notes: list[dict] = []
    text = article_from_html(page, warnings=notes).text
    assert text.split("\n\n")[-3:] == paragraphs
    assert [n["code"] for n in notes] == ["W104"]


def test_deep_html_in_jsonl_warns_too(tmp_path):
    import json

    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"html": _nested(2_000, f"<p>{SENTENCE}</p>")}) + "\n")
    [item] = list(read_articles([str(path)]))
    assert SENTENCE in item.article.text
    assert [w["code"] for w in item.warnings] == ["W104"]


def test_shallow_pages_are_left_alone():
    page = _nested(MAX_DEPTH - 10, f"<p>{SENTENCE}</p>")
    assert flatten_deep_html(page) == (page, 0)
    notes: list[dict] = []
    assert SENTENCE in article_from_html(page, warnings=notes).text
    assert notes == []


def test_flattening_caps_the_depth_and_counts_the_elements():
    page = _nested(1_000, f"<p>{SENTENCE}</p>")
    shallow, dropped = flatten_deep_html(page)
    assert max_depth(page) == 1_003  # html, body, 1000 divs, p
    assert max_depth(shallow) == MAX_DEPTH
    assert dropped == 1_003 - MAX_DEPTH
    assert SENTENCE in shallow


def test_implied_end_tags_open_no_level():
    assert max_depth("<ul><li>a<li>b<li>c</ul><p>x<p>y<div>z</div>") == 2
    siblings = "<body>" + "<p>para" * 5_000 + "</body>"
    assert flatten_deep_html(siblings) == (siblings, 0)


def test_script_text_is_not_markup():
    page = "<body><script>var s = '" + "<div>" * 300 + "';</script><p>x</p></body>"
    assert max_depth(page) == 2
