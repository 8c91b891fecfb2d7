"""Origins and wire collapse, model-free on hand-built records."""

from __future__ import annotations

import pytest
from storykit import Builder, linking, records

from dateline.linking.origins import (
    channel_label,
    houses,
    near_duplicates,
    report_claims,
    wire_credit,
    wire_name,
)
from dateline.linking.stories import build_stories
from dateline.records import Article, Removed

LEDE = (
    "A drone struck a fuel depot in the city of Belgorod early on Sunday, starting a large fire "
    "that burned for hours before firefighters contained it by midday."
)


@pytest.mark.parametrize(
    "text, wire, how",
    [
        ("BELGOROD, Russia, May 14 (Reuters) - A drone struck.", "Reuters", "dateline"),
        ("KYIV, Ukraine (AP) — Shelling struck a hospital.", "Associated Press", "dateline"),
        ("(AFP) - Protesters marched.", "AFP", "dateline"),
        ("By Jane Roe, Associated Press\n\nShelling struck a hospital.", "Associated Press",
         "byline"),  # fmt: skip
        ("Protesters marched.\n\nThe march ended.\n\n-- AFP", "AFP", "credit"),
    ],
)
def test_wire_credit_from_text(text, wire, how):
    credit = wire_credit(Article(id="a", text=text))
    assert (credit.wire, credit.how) == (wire, how)


def test_wire_credit_from_removed_lines_but_never_from_photo_credits():
    removed = [Removed(kind="credit", text="Copyright 2023 Thomson Reuters")]
    assert wire_credit(Article(id="a", text="A strike.", removed=removed)).wire == "Reuters"
    photo = [Removed(kind="credit", text="Photo: Reuters"), Removed(kind="credit", text="AFP")]
    assert wire_credit(Article(id="a", text="A strike.", removed=photo[:1])) is None
    assert wire_credit(Article(id="a", text="A strike.", removed=photo[1:])).wire == "AFP"


def test_own_reporting_mentioning_an_agency_is_not_wire_copy():
    text = "Officials told AFP on Monday that the strike hit a depot.\n\nMore follows."
    assert wire_credit(Article(id="a", text=text)) is None


def test_wire_names():
    assert wire_name("Russia's state-run Tass news agency") == "Tass"
    assert wire_name("the Associated Press") == "Associated Press"
    assert wire_name("Ap Moller") is None  # a bare short alias only counts as a whole name
    assert wire_name("Harbor Post") is None


def test_channel_labels():
    assert channel_label("in a Telegram post") == "Telegram"
    assert channel_label("in a statement") == "statement"
    assert channel_label("at a briefing in Moscow") == "briefing"


def test_near_duplicates_group_copies_and_leave_other_texts_alone():
    copy = LEDE.replace("early on Sunday", "on Sunday morning")
    other = "Tens of thousands of people marched through the capital on Saturday against a law."
    groups = near_duplicates({"a": LEDE, "b": copy, "c": other, "d": "Too short."})
    assert groups == [["a", "b"]]


def test_houses_collapse_uncredited_copies_into_the_wire():
    credited = Article(id="a1", outlet="Daily Meridian", published="2023-05-14",
                       text="BELGOROD (Reuters) - " + LEDE)  # fmt: skip
    copy = Article(id="a2", outlet="Northgate Times", published="2023-05-14", text=LEDE)
    own = Article(id="a3", outlet="Harbor Post", published="2023-05-14",
                  text="Protesters marched through the capital on Saturday against a law.")  # fmt: skip
    from dateline.records import AnalysisRecord

    out = houses([AnalysisRecord(article=a) for a in (credited, copy, own)])
    assert out["a1"].name == out["a2"].name == "Reuters"
    assert out["a2"].how == "near_duplicate"
    assert (out["a3"].name, out["a3"].kind) == ("Harbor Post", "outlet")


def test_houses_without_a_credit_go_to_the_first_publisher():
    from dateline.records import AnalysisRecord

    first = Article(id="b2", outlet="Coastal Herald", published="2023-05-13", text=LEDE)
    later = Article(id="a1", outlet="Steppe Courier", published="2023-05-14", text=LEDE + " Hm.")
    out = houses([AnalysisRecord(article=later), AnalysisRecord(article=first)])
    assert out["a1"].name == out["b2"].name == "Coastal Herald"


def test_quote_claim_keeps_speaker_channel_and_relays():
    b = Builder("a1", "Anton Meshkov wrote on Telegram that a drone hit the depot, The Moscow "
                "Times reported.", outlet="Harbor Post")  # fmt: skip
    ent = b.entity("Anton Meshkov")
    q = b.quote("a drone hit the depot", "Anton Meshkov", "wrote", entity=ent,
                channel="on Telegram", relayed_by=["The Moscow Times"])  # fmt: skip
    b.event("hit", sources=[q], factuality="reported")
    rec = b.record()
    (claim,) = report_claims(rec, rec.events[0], houses([rec])["a1"])
    assert (claim.name, claim.kind, claim.channel, claim.stance) == (
        "Anton Meshkov", "person", "Telegram", "asserts")  # fmt: skip
    assert claim.via == ("The Moscow Times", "Harbor Post")
    assert rec.article.text[claim.start : claim.end] == "a drone hit the depot"


def test_a_relay_citing_someone_traces_to_whom_it_cites():
    b = Builder("a1", "A drone attack set a depot on fire, Tass reported, citing the governor, "
                "Anton Meshkov.", outlet="Steppe Courier")  # fmt: skip
    b.entity("Anton Meshkov")
    b.entity("Tass", "ORG")
    q = b.quote("A drone attack set a depot on fire", "Tass", "reported")
    b.event("attack", sources=[q], factuality="reported")
    rec = b.record()
    (claim,) = report_claims(rec, rec.events[0], houses([rec])["a1"])
    assert (claim.name, claim.kind) == ("Anton Meshkov", "person")
    assert claim.via[0] == "Tass"


def test_two_outlets_relaying_one_telegram_post_are_one_origin():
    recs = []
    for aid, outlet, text in [
        ("a1", "Harbor Post", "A drone hit the depot, governor Anton Meshkov said on Telegram."),
        ("a2", "Baltic Ledger", "Governor Anton Meshkov said on Telegram a drone hit the depot."),
    ]:
        b = Builder(aid, text, outlet=outlet)
        ent = b.entity("Anton Meshkov")
        q = b.quote("a drone hit the depot" if aid == "a2" else "A drone hit the depot",
                    "Anton Meshkov", entity=ent, channel="on Telegram")  # fmt: skip
        b.event("hit", sources=[q], factuality="reported")
        recs.append(b.record())
    (story,) = build_stories(records(*recs), linking(["a1:e1", "a2:e1"]))
    assert story.corroboration == 1
    (origin,) = story.origins
    assert (origin.name, origin.channel, origin.via) == (
        "Anton Meshkov", "Telegram", ["Harbor Post", "Baltic Ledger"])  # fmt: skip
    assert len(story.statements) == 1 and story.statements[0].relays == ["Harbor Post",
                                                                         "Baltic Ledger"]  # fmt: skip


def test_ten_papers_running_one_wire_are_one_origin():
    recs = []
    for i in range(10):
        text = ("BELGOROD, Russia, May 14 (Reuters) - " if i % 3 == 0 else "") + LEDE
        b = Builder(f"a{i}", text, outlet=f"Paper {i}")
        b.event("struck")
        recs.append(b.record())
    (story,) = build_stories(records(*recs), linking([f"a{i}:e1" for i in range(10)]))
    assert story.corroboration == 1
    (origin,) = story.origins
    assert (origin.name, origin.kind) == ("Reuters", "wire")
    assert sorted(origin.via) == sorted(f"Paper {i}" for i in range(10))


def test_independent_outlets_each_count():
    recs = []
    for i, text in enumerate([LEDE, "Firefighters fought a blaze at a Belgorod depot that a "
                              "drone struck on Sunday, our correspondent saw."]):  # fmt: skip
        b = Builder(f"a{i}", text, outlet=f"Paper {i}")
        b.event("struck")
        recs.append(b.record())
    (story,) = build_stories(records(*recs), linking(["a0:e1", "a1:e1"]))
    assert story.corroboration == 2
    assert [o.kind for o in story.origins] == ["outlet", "outlet"]


def test_unnamed_sources_are_one_only_when_one_house_reports_them():
    def article(aid, outlet, wire):
        text = (f"KYIV ({wire}) - " if wire else "") + (
            "A drone struck the depot, a military source said, and the fire spread quickly "
            "through the storage tanks on the northern edge of the city.")  # fmt: skip
        b = Builder(aid, text, outlet=outlet)
        src = b.entity("military source", "SOURCE")
        q = b.quote("A drone struck the depot", "military source", entity=src)
        b.event("struck", sources=[q], factuality="reported")
        return b.record()

    same = [article("a1", "Paper A", "Reuters"), article("a2", "Paper B", "Reuters")]
    (story,) = build_stories(records(*same), linking(["a1:e1", "a2:e1"]))
    assert story.corroboration == 1 and story.origins[0].kind == "unnamed"
    apart = [article("a1", "Paper A", None), article("b2", "Paper B", None)]
    # each paper's own source: the houses are told apart (no shared text between them here)
    apart_houses = houses([apart[0]]) | houses([apart[1]])
    (story,) = build_stories(records(*apart), linking(["a1:e1", "b2:e1"]),
                             article_houses=apart_houses)  # fmt: skip
    assert story.corroboration == 2


def test_denial_silence_and_claim_of_responsibility():
    text = ("A drone struck a depot in Belgorod on Sunday. The Northern Front claimed "
            "responsibility for the attack. The army denied that its drones had struck the depot. "
            "The defence ministry did not respond to a request for comment.")  # fmt: skip
    b = Builder("a1", text, outlet="Harbor Post")
    front = b.entity("Northern Front", "ORG")
    army = b.entity("army", "ORG")
    q = b.quote("its drones had struck the depot", "The army", "denied", entity=army)
    b.event("struck", sources=[q])
    b.event("claimed responsibility", "STATEMENT",
            actors=[{"name": "Northern Front", "entity": front}])  # fmt: skip
    b.non_comment("The defence ministry did not respond to a request for comment", "defence ministry")
    rec = b.record()
    (story,) = build_stories(records(rec), linking(["a1:e1"]))
    stance = {o.name: o.stance for o in story.origins}
    assert stance == {"Harbor Post": "asserts", "army": "denies", "Northern Front": "claims",
                      "defence ministry": "silent"}  # fmt: skip
    assert story.corroboration == 2
    assert story.factuality == "contested"
    assert [c.kind for c in story.contradictions] == ["factuality"]
    contra = story.contradictions[0]
    assert contra.b.text == "its drones had struck the depot"
    assert {contra.a.origin, contra.b.origin} <= {o.id for o in story.origins}


def test_a_sentence_ending_in_an_attribution_is_not_the_outlets_own_voice():
    text = ("A drone struck a fuel depot in Belgorod on Sunday, starting a fire, the regional "
            "governor, Anton Meshkov, said on Telegram. Firefighters came.")  # fmt: skip
    b = Builder("a1", text, outlet="Coastal Herald")
    b.entity("Anton Meshkov")
    b.event("struck")
    b.event("came", after=text.index("Firefighters"))
    rec = b.record()
    house = houses([rec])["a1"]
    (claim,) = report_claims(rec, rec.events[0], house)
    assert (claim.name, claim.kind, claim.channel) == ("Anton Meshkov", "person", "Telegram")
    (own,) = report_claims(rec, rec.events[1], house)
    assert (own.name, own.kind) == ("Coastal Herald", "outlet")


def test_copies_of_an_uncredited_outlet_list_the_outlets_that_ran_them():
    first = Builder("a1", LEDE, outlet="Coastal Herald", published="2023-05-13")
    first.event("struck")
    copy = Builder("b2", LEDE + " More later.", outlet="Steppe Courier", published="2023-05-14")
    copy.event("struck")
    (story,) = build_stories(records(first.record(), copy.record()),
                             linking(["a1:e1", "b2:e1"]))  # fmt: skip
    (origin,) = story.origins
    assert (origin.name, origin.kind, origin.via) == ("Coastal Herald", "outlet",
                                                      ["Steppe Courier"])  # fmt: skip
    assert story.corroboration == 1


def test_an_article_without_an_outlet_is_housed_by_its_site():
    from dateline.records import AnalysisRecord

    a = Article(id="a1", text="Rain.", url="https://www.example.org/2023/05/14/rain")
    b = Article(id="b2", text="Snow.")
    out = houses([AnalysisRecord(article=a), AnalysisRecord(article=b)])
    assert (out["a1"].name, out["a1"].key) == ("example.org", "outlet:example.org")
    assert out["b2"].name == "unknown outlet" and out["b2"].key != out["a1"].key


def test_speaking_of_ones_own_policy_is_not_a_claim_of_responsibility():
    text = "The minister said her ministry would sign the agreement, officials said."
    for type_, stance in [("AGREE", "asserts"), ("ASSAULT", "claims")]:
        b = Builder("a1", text, outlet="Post")
        ent = b.entity("her ministry", "ORG")
        q = b.quote("her ministry would sign the agreement", "her ministry", entity=ent)
        b.event("sign", type_, sources=[q], factuality="reported",
                actors=[{"name": "her ministry", "entity": ent}])  # fmt: skip
        rec = b.record()
        (claim,) = report_claims(rec, rec.events[0], houses([rec])["a1"])
        assert claim.stance == stance


def _with_later_mention(text: str, later: str):
    from dateline.records import EventMention

    b = Builder("a1", text, outlet="Harbor Post")
    ent = b.entity("Samir Haddad")
    q = b.quote("The group carried out this bombing", "Samir Haddad", "told", entity=ent)
    b.event("bombing", sources=[q], factuality="reported")
    rec = b.record()
    event = rec.events[0]
    at = text.index(later, event.end)
    event.mentions = [
        EventMention(trigger=event.trigger, start=event.start, end=event.end, factuality="reported"),
        EventMention(trigger=later, start=at, end=at + len(later), factuality="asserted"),
    ]
    return rec


def test_a_later_mention_in_the_outlets_own_voice_makes_the_house_an_origin():
    rec = _with_later_mention(
        '"The group carried out this bombing," Samir Haddad told reporters, a day after a car '
        "bomb killed five officers.",
        "killed",
    )
    claims = report_claims(rec, rec.events[0], houses([rec])["a1"])
    assert {c.name for c in claims} == {"Samir Haddad", "Harbor Post"}


def test_a_later_definite_mention_adds_no_origin():
    rec = _with_later_mention(
        '"The group carried out this bombing," Samir Haddad told reporters. The bombing shut '
        "the road.",
        "bombing",
    )
    claims = report_claims(rec, rec.events[0], houses([rec])["a1"])
    assert [c.name for c in claims] == ["Samir Haddad"]
