"""build_stories: reports, type, place and time by agreement, ids, links; model-free."""

from __future__ import annotations

from storykit import Builder, linking, place, records

from dateline.linking.stories import build_stories, merge_origin_keys, story_factuality
from dateline.records import Story, StoryLink

KYIV = place("Kyiv", 50.45, 30.52, "UA", "P.PPLC", gid=703448)
KYIV_OBLAST = place("Kyiv Oblast", 50.3, 30.3, "UA", "A.ADM1", gid=703446)


def _article(aid, text, *, outlet, published, type="ASSAULT", where=None, day=None,
             day_text=None, acled=None, trigger="struck"):  # fmt: skip
    b = Builder(aid, text, outlet=outlet, published=published)
    where = where.model_copy(update={"start": text.find(where.name),
                                     "end": text.find(where.name) + len(where.name)}) if where else None  # fmt: skip
    b.event(trigger, type, place=where, time=day, time_text=day_text, acled=acled,
            acled_sub="Attack" if acled else None, cameo="18" if type == "ASSAULT" else "19")  # fmt: skip
    return b.record()


def _three():
    return records(
        _article("c3", "Gunmen struck a market in Kyiv on Monday.", outlet="Ledger",
                 published="2023-05-16", where=KYIV, day="2023-05-15", day_text="Monday",
                 acled="Violence against civilians"),  # fmt: skip
        _article("a1", "Attackers struck a market in Kyiv Oblast in May.", outlet="Post",
                 published="2023-05-15", where=KYIV_OBLAST, day="2023-05", day_text="May",
                 acled="Violence against civilians"),  # fmt: skip
        _article("b2", "Soldiers struck a market in Kyiv on Monday, killing two.", outlet="Star",
                 published="2023-05-17", type="FIGHT", where=KYIV, day="2023-05-15",
                 day_text="Monday"),  # fmt: skip
    )


def test_story_fields_from_members():
    recs = _three()
    link = StoryLink(a="a1:e1", b="c3:e1", score=0.8, evidence={"same_admin1": True})
    stray = StoryLink(a="a1:e1", b="zz:e1", score=0.9, evidence={})
    (story,) = build_stories(recs, linking(["a1:e1", "b2:e1", "c3:e1"], links=[link, stray]))
    assert isinstance(story, Story)
    assert story.type == "ASSAULT" and story.cameo == "18"
    assert (story.acled, story.acled_sub) == ("Violence against civilians", "Attack")
    assert story.place.name == "Kyiv"  # two origins say Kyiv; the region is coarser
    assert (story.time.value, story.time.precision) == ("2023-05-15", "day")
    assert (story.first_reported, story.last_reported) == ("2023-05-15", "2023-05-17")
    assert story.articles == ["a1", "c3", "b2"]  # by publication date
    assert [r.article for r in story.reports] == ["a1", "c3", "b2"]
    assert all(r.origin in {o.id for o in story.origins} for r in story.reports)
    assert story.links == [link]
    assert story.corroboration == 3 and story.factuality == "asserted"
    assert Story.model_validate_json(story.model_dump_json()) == story


def test_ids_are_deterministic_and_unresolvable_keys_are_skipped():
    recs = _three()
    first = build_stories(recs, linking(["a1:e1", "b2:e1"], ["c3:e1", "c3:e9"], ["nope:e1"]))
    again = build_stories(dict(reversed(recs.items())),
                          linking(["b2:e1", "a1:e1"], ["c3:e9", "c3:e1"], ["nope:e1"]))  # fmt: skip
    assert [s.id for s in first] == [s.id for s in again]
    assert [s.model_dump() for s in first] == [s.model_dump() for s in again]
    assert len(first) == 2 and len({s.id for s in first}) == 2
    assert [r.event for r in first[1].reports] == ["e1"]


def test_story_factuality():
    assert story_factuality(["alleged", "reported"], True, False) == "reported"
    assert story_factuality(["unclaimed"], True, False) == "asserted"
    assert story_factuality(["denied"], False, True) == "denied"
    assert story_factuality(["hypothetical"], False, False) == "hypothetical"


def test_origin_names_merge_into_the_one_fuller_name():
    canon = merge_origin_keys([
        ("person:meshkov", "Meshkov", "a1"), ("person:anton meshkov", "Anton Meshkov", "a2"),
        ("body:police", "police", "a1"), ("body:kirkuk police", "Kirkuk police", "a2"),
        ("body:regional police", "regional police", "a3"),
        ("body:agency", "the agency", "a4"),
        ("body:ukraine military intelligence agency", "Ukraine's military intelligence agency", "a4"),
        ("body:defence ministry", "Defence Ministry", "b1"),
        ("body:ukraine defence ministry", "Ukraine's defence ministry", "a1"),
        ("body:city council", "city council", "c1"), ("body:kyiv city council", "Kyiv city council", "c1"),
        ("unnamed:source@outlet:a", "a source", "a1")])  # fmt: skip
    assert canon("person:meshkov") == "person:anton meshkov"
    assert canon("body:police") == "body:police"  # two fuller names: ambiguous, kept
    assert canon("body:agency") == "body:ukraine military intelligence agency"  # same article
    assert canon("body:defence ministry") == "body:defence ministry"  # another country's, maybe
    assert canon("body:city council") == "body:kyiv city council"
    assert canon("unnamed:source@outlet:a") == "unnamed:source@outlet:a"
