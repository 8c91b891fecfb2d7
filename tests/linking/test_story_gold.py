"""The story gold set is consistent, and its scorer counts what it says (model-free)."""

from __future__ import annotations

import pytest
from storykit import Builder

from dateline.article.read import article_from_text
from dateline.errors import DatelineError
from dateline.evaluation.stories import (
    contradiction_found,
    has_split,
    match_member,
    pairwise,
    read_gold,
    score,
)
from dateline.records import Contradiction, Side, Story, StoryReport


def test_gold_is_consistent_with_its_articles():
    gold = read_gold("dev")
    assert 10 <= len(gold.articles) <= 20
    texts = {stem: article_from_text(raw).text for stem, raw in gold.articles.items()}
    outlets = {article_from_text(raw).outlet for raw in gold.articles.values()}
    assert len(outlets) >= 3
    seen = set()
    for story in gold.stories:
        assert story["corroboration"] >= 1
        for m in story["members"]:
            assert any(word in texts[m["article"]] for word in m["triggers"]), m
            seen.add(m["article"])
        for contra in story["contradictions"]:
            assert contra["kind"] in {"factuality", "figure", "actor", "time", "place"}
            for side in (*contra["a"], *contra["b"]):
                assert side["text"] in texts[side["article"]], side
    assert seen == set(gold.articles)  # every article belongs to a gold story


def test_a_missing_split_is_e703():
    assert has_split("dev") and not has_split("no-such-split")
    with pytest.raises(DatelineError) as err:
        read_gold("no-such-split")
    assert err.value.code == "E703"


def test_pairwise_scores():
    assert pairwise({"a": 0, "b": 0}, {"a": 1, "b": 1}) == (1.0, 1.0, 1.0)
    p, r, f1 = pairwise({"a": 0, "b": 0, "c": 0}, {"a": 0, "b": 0, "c": 1})
    assert (p, round(r, 3)) == (1.0, 0.333) and f1 == pytest.approx(0.5)


def test_scoring_on_hand_built_stories():
    b1 = Builder("id1", "Shells hit a hospital, killing 40 people.", outlet="A")
    b1.event("hit")
    b2 = Builder("id2", "Artillery hit a hospital, killing 12 people.", outlet="B")
    b2.event("hit")
    records = {"one": b1.record(), "two": b2.record()}
    assert match_member(records["one"], ["struck", "hit"]) == "id1:e1"
    assert match_member(records["one"], ["fell"]) is None
    contra = Contradiction(
        kind="figure",
        a=Side(article="id2", text="12 people", start=33, end=42),
        b=Side(article="id1", text="40 people", start=31, end=40),
        note="",
    )
    story = Story(id="s1", type="FIGHT", corroboration=2, contradictions=[contra], reports=[
        StoryReport(article="id1", event="e1", factuality="asserted"),
        StoryReport(article="id2", event="e1", factuality="asserted")])  # fmt: skip
    gold_contra = {"kind": "figure", "a": [{"article": "one", "text": "40 people"}],
                   "b": [{"article": "two", "text": "12 people"}]}  # fmt: skip
    assert contradiction_found(gold_contra, [story], records)
    assert not contradiction_found({**gold_contra, "kind": "time"}, [story], records)

    class Gold:
        stories = [{"id": "g", "corroboration": 2, "contradictions": [gold_contra],
                    "members": [{"article": "one", "triggers": ["hit"]},
                                {"article": "two", "triggers": ["hit"]}]}]  # fmt: skip

    got = score(Gold, records, [story])  # type: ignore[arg-type]
    assert got["story_pairwise_f1"] == 1.0
    assert got["story_origin_count_acc"] == 1.0 and got["story_contradiction_recall"] == 1.0
    split = [story.model_copy(update={"reports": story.reports[:1], "corroboration": 1}),
             story.model_copy(update={"id": "s2", "reports": story.reports[1:]})]  # fmt: skip
    got = score(Gold, records, split)  # type: ignore[arg-type]
    assert got["story_pairwise_r"] == 0.0 and got["story_origin_count_acc"] == 0.0


@pytest.mark.slow
@pytest.mark.model
def test_story_gold_end_to_end():
    from dateline.evaluation.stories import score_story_gold

    scores = score_story_gold("dev")
    ours, base = scores["dateline"], scores["lemma"]
    assert ours["story_pairwise_f1"] > base["story_pairwise_f1"]
    assert ours["story_origin_count_acc"] > base["story_origin_count_acc"]
    assert ours["story_contradiction_recall"] > 0.5
