"""No input kills a batch: texts over spaCy's max_length, 10,000 quotation marks, millions of
characters without a space, and an article that breaks the parser in the middle of a batch."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from typer.testing import CliRunner

from dateline.errors import DatelineError
from dateline.nlp import parse as parse_module
from dateline.nlp.parse import MAX_RUN, parse, pieces
from dateline.pipeline import analyze, analyze_many
from dateline.records import Article

DEMO = Path(__file__).resolve().parents[1] / "demo"

@cache
def _blank():
    return spacy.blank("en")


_TEXT = st.lists(
    st.sampled_from(list("ab. ,\n\t\"“”'’-") + ["Peskov", "said", "\n\n"]), max_size=120
).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, piece_chars=st.integers(min_value=1, max_value=60))
def test_pieces_cover_the_text_and_respect_the_bound(text, piece_chars):
    ranges = pieces(text, piece_chars)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(ranges, ranges[1:], strict=False))
    assert all(b - a <= piece_chars for a, b in ranges)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, piece_chars=st.integers(min_value=20, max_value=80))
def test_parsed_pieces_join_into_the_text_with_the_same_tokens(text, piece_chars):
    nlp = _blank()
    doc = parse(nlp, text, piece_chars=piece_chars)
    assert doc.text == text
    cuts = [a for a, _ in pieces(text, piece_chars)][1:]
    if all(text[c - 1].isspace() and not text[c].isspace() for c in cuts):
        # every cut fell at a break (none had to be forced): the tokens are the whole text's
        assert [t.text for t in doc] == [t.text for t in nlp(text)]


def test_cuts_fall_at_paragraph_breaks_before_a_word():
    text = "One two.\n\n  Three four.\n\nFive six seven."
    ranges = pieces(text, 20)
    assert [text[a:b] for a, b in ranges] == ["One two.\n\n  ", "Three four.\n\n", "Five six seven."]


def test_long_runs_without_space_are_cut():
    text = "x" * (3 * MAX_RUN + 7)
    ranges = pieces(text, 10**6)
    assert max(b - a for a, b in ranges) <= MAX_RUN
    doc = parse(_blank(), "A " + text + " b")
    assert doc.text == "A " + text + " b"
    assert [len(t) for t in doc][1:5] == [MAX_RUN, MAX_RUN, MAX_RUN, 7]


def _long_article(n_chars: int) -> str:
    demo = (DEMO / "depot-strike.txt").read_text(encoding="utf-8").split("\n", 1)[1].strip()
    parts, size = [], 0
    while size < n_chars:
        parts.append(demo)
        size += len(demo) + 2
    return "\n\n".join(parts)


@pytest.mark.model
def test_text_over_max_length_is_parsed_in_pieces_like_the_whole(pipeline, monkeypatch):
    text = _long_article(3500)
    whole = analyze(Article(id="w", text=text, published="2022-04-01"), pipeline)
    monkeypatch.setattr(pipeline, "max_length", 1200)  # spaCy itself would refuse the text now
    with pytest.raises(ValueError, match="E088"):
        pipeline(text)
    pieced = analyze(Article(id="p", text=text, published="2022-04-01"), pipeline)
    for quote in pieced.quotes:
        assert text[quote.start : quote.end] == quote.text
    # The model reads a few tokens either side of each word, so words just after a cut may
    # parse a little differently: the same quotes and speakers, spans within a few characters.
    assert [q.speaker and q.speaker.name for q in pieced.quotes] == [
        q.speaker and q.speaker.name for q in whole.quotes
    ]
    for a, b in zip(pieced.quotes, whole.quotes, strict=True):
        assert a.start < b.end and b.start < a.end
    assert [e.name for e in pieced.entities] == [e.name for e in whole.entities]
    assert [(p.start, p.country) for p in pieced.places] == [
        (p.start, p.country) for p in whole.places
    ]


@pytest.mark.model
def test_ten_thousand_quotation_marks(pipeline):
    text = '"' * 10_000
    record = analyze(Article(id="q", text=text), pipeline)
    assert record.article.text == text
    assert all(text[q.start : q.end] == q.text for q in record.quotes)


@pytest.mark.model
def test_long_run_without_spaces(pipeline):
    text = ("abc.,;" * 40_000)[:200_000]
    record = analyze(Article(id="r", text=text), pipeline)
    assert record.article.text == text


@pytest.mark.model
@pytest.mark.slow
def test_two_million_characters_without_spaces(pipeline):
    text = ("xyz-0.9/" * 250_001)[:2_000_000]
    record = analyze(Article(id="big", text=text), pipeline)
    assert record.article.text == text


@Language.component("test_explode_on_marker")
def _explode(doc):
    if "KABOOM" in doc.text:
        raise RuntimeError("the parser choked")
    return doc


def _exploding_nlp():
    from dateline.nlp.model import load_language, pick_model

    nlp = load_language(pick_model())
    nlp.add_pipe("test_explode_on_marker", after="parser")
    return nlp


def _batch():
    texts = [
        "Peskov said on Friday that the talks had stalled.",
        "The mayor said KABOOM on Tuesday.",
        '"We are ready," Zelensky told reporters in Kyiv on Monday.',
    ]
    return [(Article(id=f"a{k}", text=t, published="2022-04-01"), []) for k, t in enumerate(texts)]


@pytest.mark.model
@pytest.mark.parametrize("n_process", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_an_article_that_breaks_the_parser_fails_alone(n_process):
    nlp = _exploding_nlp()
    failed: list[tuple[str, str]] = []
    records = list(
        analyze_many(
            _batch(),
            nlp,
            batch_size=1,
            n_process=n_process,
            on_error=lambda article, err: failed.append((article.id, err.code)),
        )
    )
    assert [r.article.id for r in records] == ["a0", "a2"]
    assert failed == [("a1", "E801")]
    assert records[1].quotes and records[1].quotes[0].speaker.name.endswith("Zelensky")


@pytest.mark.model
def test_without_on_error_the_article_error_is_raised():
    with pytest.raises(DatelineError) as caught:
        list(analyze_many(_batch(), _exploding_nlp()))
    assert caught.value.code == "E801" and "the parser choked" in caught.value.message


@pytest.mark.model
def test_ingest_stores_the_rest_of_a_batch_when_the_parser_raises(tmp_path, monkeypatch):
    from dateline import cli
    from dateline.store import open_store

    corpus = tmp_path / "news"
    corpus.mkdir()
    for article, _ in _batch():
        (corpus / f"{article.id}.txt").write_text(f"Title {article.id}\n{article.text}")
    (corpus / "a3.txt").write_text("Long one\n" + _long_article(5000))
    monkeypatch.setattr(cli, "_load_nlp", lambda settings: _exploding_nlp())
    monkeypatch.setattr(parse_module, "PIECE_CHARS", 1500)  # the long one goes in pieces
    db = tmp_path / "n.duckdb"
    result = CliRunner().invoke(cli.app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1
    assert "E801" in result.output and "a1.txt" in result.output
    with open_store(str(db)) as store:
        stored = sorted(r["id"] for r in store.query("articles"))
    assert len(stored) == 3 and not any("a1" in s for s in stored)
