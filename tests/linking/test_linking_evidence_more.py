"""Model-free tests of trigger word families and argument evidence (names and numbers)."""

from __future__ import annotations

from dataclasses import replace

from dateline.linking.evidence import compare, features
from dateline.linking.mentions import Mention, lemma_family, sentence_arguments


def mention(article, lemma, arguments=(), **kw):
    return Mention(
        key=f"{article}:e1", article=article, event="e1", lemma=lemma,
        published="2022-04-01", arguments=frozenset(arguments), **kw,
    )  # fmt: skip


def test_word_families_join_verbs_nouns_and_irregular_forms():
    for words in (
        ("arrest", "arrested", "arrests"),
        ("shooting", "shot", "shoots", "shoot"),
        ("explosion", "explode", "exploded"),
        ("death", "die", "died", "dead"),
        ("nomination", "nominate"),
        ("election", "elect"),
        ("quake", "earthquake"),
        ("fire", "fired", "firing"),
        ("injury", "injured"),
    ):
        assert len({lemma_family(w) for w in words}) == 1, words
    for a, b in (("protest", "protection"), ("attack", "arrest"), ("kill", "kick"), ("win", "wind")):
        assert lemma_family(a) != lemma_family(b), (a, b)


def test_related_trigger_counts_less_than_the_same_lemma_more_than_none():
    same = compare(mention("a", "shooting"), mention("b", "shoot"))
    related = compare(mention("a", "shooting"), mention("b", "shot"))
    other = compare(mention("a", "shooting"), mention("b", "arrest"))
    assert "lemma" in same[1] and related[1]["lemma_family"] == "shoot"
    assert "lemma" not in related[1] and "lemma_family" not in other[1]
    assert same[0] >= related[0] > other[0]  # a relative never counts more than the word itself


def test_sentence_arguments_names_and_numbers_without_a_model():
    text = "Calm day.\nOn Monday police said 12 people and two officers died in Oakland in 2012."
    start = text.index("died")
    args = sentence_arguments(text, start, start + 4)
    assert args == {"n:monday", "#:12", "#:2", "n:oakland"}  # "On" opens; the year is time
    assert sentence_arguments(text, 0, 4) == frozenset()  # another sentence: none of them
    assert "#:40000" in sentence_arguments("Some 40,000 marched.", 16, 23)


def test_shared_arguments_count_for_one_event_and_different_numbers_against():
    a = mention("a", "kill", {"n:oakland", "#:12"})
    shared = features(a, mention("b", "kill", {"n:oakland", "#:12"}))
    assert shared[0]["shared_name"] == 1.0 and shared[0]["shared_number"] == 1.0
    assert shared[1]["shared_names"] == ["oakland"] and shared[1]["shared_numbers"] == ["12"]
    clash = features(a, mention("c", "kill", {"#:40"}))
    assert clash[0]["number_conflict"] == 1.0 and clash[1]["numbers"] == [["12"], ["40"]]
    none = features(a, mention("d", "kill"))  # no arguments on one side: no evidence either way
    assert not {"shared_name", "shared_number", "number_conflict"} & set(none[0])
    plain = compare(a, mention("e", "kill"))[0]
    assert compare(a, mention("f", "kill", {"n:oakland", "#:12"}))[0] > plain
    assert plain > compare(a, mention("c", "kill", {"#:40"}))[0]


def test_other_actors_count_against_other_sentence_names_do_not():
    a = mention("a", "kill", {"n:oakland"}, actors=frozenset({"police", "cc:US"}))
    b = mention("b", "kill", {"n:fresno"}, actors=frozenset({"gunman", "cc:US"}))
    f, ev = features(a, b)
    assert f["participant_conflict"] == 1.0
    assert "name_conflict" not in f  # sentences of two reports name different things freely
    assert ev["other_actors"] == [["police"], ["gunman"]]  # country keys are not actors here
    same = features(a, replace(b, arguments=frozenset({"n:oakland"}), actors=a.actors))[0]
    assert "participant_conflict" not in same
    one_sided = features(a, replace(b, arguments=frozenset(), actors=frozenset()))[0]
    assert "participant_conflict" not in one_sided
    unnamed = replace(b, actors=frozenset({"cc:US"}))  # the same country, no actor named
    assert compare(a, b)[0] < compare(a, unnamed)[0]


def test_a_later_mention_of_an_event_meets_another_reports_trigger():
    folded = replace(mention("a", "burn"), lemmas=frozenset({"attack"}))
    assert features(folded, mention("b", "attack"))[1]["lemma"] == "attack"
    assert "lemma" not in features(mention("a", "burn"), mention("b", "attack"))[1]
