"""Attribution rules on hand-built parses: no model, milliseconds each (beside the model tests).

Each Doc is written token by token (see ``tests/handbuilt.py``), so a failure points at the rule,
never at the parser.
"""

from __future__ import annotations

from dateline.attribution import extract_attributions
from dateline.nlp.entities import extract_entities, merge_entities
from dateline.records import Article
from handbuilt import build

DIRECT_INVERTED = """
"_ " PUNCT `` punct 7
We we PRON PRP nsubj 3
will will AUX MD aux 3
win_ win VERB VB ccomp 7
,_ , PUNCT , punct 7
" " PUNCT '' punct 7
Peskov Peskov PROPN NNP nsubj 7 B-PERSON
said_ say VERB VBD ROOT 7
._ . PUNCT . punct 7
"""

INDIRECT_UNNAMED = """
Officials official NOUN NNS nsubj 1
said say VERB VBD ROOT 1
rebels rebel NOUN NNS nsubj 3
attacked attack VERB VBD ccomp 1
Goma_ Goma PROPN NNP dobj 3 B-GPE
._ . PUNCT . punct 1
"""

CAPITAL_AS_ACTOR = """
Moscow Moscow PROPN NNP nsubj 1 B-GPE
insists insist VERB VBZ ROOT 1
the the DET DT det 3
strikes strike NOUN NNS nsubj 4
were be AUX VBD ccomp 1
legitimate_ legitimate ADJ JJ acomp 4
._ . PUNCT . punct 1
"""

RELAYED = """
Peskov Peskov PROPN NNP nsubj 1 B-PERSON
said say VERB VBD ccomp 6
talks talk NOUN NNS nsubj 3
stalled_ stall VERB VBD ccomp 1
, , PUNCT , punct 6
Tass Tass PROPN NNP nsubj 6 B-ORG
reported_ report VERB VBD ROOT 6
._ . PUNCT . punct 6
"""


def run(rows: str, outlet: str | None = "Daily Ledger"):
    doc = build(rows)
    named = extract_entities(doc)
    result = extract_attributions(doc, named, Article(id="t", text=doc.text, outlet=outlet))
    return doc, result, merge_entities(named, result.found_entities)


def test_direct_quote_with_the_speaker_after_it():
    doc, result, entities = run(DIRECT_INVERTED)
    [quote] = result.quotes
    assert (quote.kind, quote.text, quote.cue) == ("direct", "We will win,", "said")
    assert quote.speaker.name == "Peskov"
    assert quote.speaker.entity == next(e.id for e in entities if e.name == "Peskov")
    assert [link.role for link in quote.chain] == ["speaker", "publisher"]


def test_indirect_speech_of_unnamed_officials_makes_a_source_entity():
    doc, result, entities = run(INDIRECT_UNNAMED)
    [quote] = result.quotes
    assert (quote.kind, quote.text) == ("indirect", "rebels attacked Goma")
    source = next(e for e in entities if e.id == quote.speaker.entity)
    assert (source.type, source.name) == ("SOURCE", "Officials")
    assert source in result.found_entities  # handed to the entity stage, not written into it


def test_a_capital_that_insists_is_its_government():
    doc, result, entities = run(CAPITAL_AS_ACTOR)
    [quote] = result.quotes
    assert quote.speaker.name == "Government of Russia"
    government = next(e for e in entities if e.id == quote.speaker.entity)
    assert government.country == "RU" and "Moscow" in government.aliases


def test_an_outlet_reporting_a_speaker_is_a_relay_not_a_speaker():
    doc, result, entities = run(RELAYED)
    [quote] = result.quotes
    assert quote.speaker.name == "Peskov"
    assert quote.text == "talks stalled"
    assert quote.relayed_by == ["Tass"]
    assert [link.role for link in quote.chain] == ["speaker", "relay", "publisher"]


def test_attribution_never_changes_the_entities_it_is_given():
    doc = build(INDIRECT_UNNAMED)
    named = extract_entities(doc)
    before = [e.model_copy(deep=True) for e in named]
    extract_attributions(doc, named, Article(id="t", text=doc.text))
    assert named == before


DECLINED = """
The the DET DT det 1
Kremlin Kremlin PROPN NNP nsubj 2 B-ORG
declined decline VERB VBD ROOT 2
to to PART TO aux 4
comment_ comment VERB VB xcomp 2
._ . PUNCT . punct 2
"""

CHANNEL = """
Zelensky Zelensky PROPN NNP nsubj 1 B-PERSON
said say VERB VBD ROOT 1
in in ADP IN prep 1
a a DET DT det 5
video video NOUN NN compound 5
address address NOUN NN pobj 2
that that SCONJ IN mark 9
troops troop NOUN NNS nsubj 9
would would AUX MD aux 9
hold_ hold VERB VB ccomp 1
._ . PUNCT . punct 1
"""


def test_a_declined_comment_by_the_kremlin_is_the_russian_government():
    doc, result, entities = run(DECLINED)
    [non_comment] = result.non_comments
    assert non_comment.kind == "declined"
    assert non_comment.who == "Government of Russia"
    assert result.quotes == []


def test_the_medium_of_a_statement_is_its_channel():
    doc, result, entities = run(CHANNEL)
    [quote] = result.quotes
    assert (quote.kind, quote.text) == ("indirect", "troops would hold")
    assert quote.channel == "in a video address"
    assert [link.role for link in quote.chain] == ["speaker", "channel", "publisher"]


PLACE_IN_SPEAKER = """
Richmond Richmond PROPN NNP compound 1 B-GPE
County County PROPN NNP compound 2 I-GPE
investigators investigator NOUN NNS nsubj 3
said say VERB VBD ROOT 3
the the DET DT det 5
fire fire NOUN NN nsubjpass 7
was be AUX VBD auxpass 7
staged_ stage VERB VBN ccomp 3
._ . PUNCT . punct 3
"""

PLACE_TAGGED_NAME_AFTER_TITLE = """
Governor governor PROPN NNP compound 2
Ana Ana PROPN NNP compound 2 B-GPE
Ruiz Ruiz PROPN NNP nsubj 3 I-GPE
said say VERB VBD ROOT 3
the the DET DT det 5
fire fire NOUN NN nsubjpass 7
was be AUX VBD auxpass 7
staged_ stage VERB VBN ccomp 3
._ . PUNCT . punct 3
"""


def test_a_place_in_the_speakers_phrase_stays_a_place():
    # The county is where the investigators are from: it must not become a person.
    doc, result, entities = run(PLACE_IN_SPEAKER)
    county = next(e for e in entities if e.name == "Richmond County")
    assert county.type == "GPE"
    assert all(e.type != "PERSON" for e in result.found_entities)


def test_a_name_tagged_as_a_place_after_a_title_is_a_person():
    doc, result, entities = run(PLACE_TAGGED_NAME_AFTER_TITLE)
    [quote] = result.quotes
    assert quote.speaker.name == "Ana Ruiz"
    assert next(e for e in entities if e.name == "Ana Ruiz").type == "PERSON"


PLACE_TAGGED_SUBJECT_WITH_ROLE = """
Nino Nino PROPN NNP compound 1 B-GPE
Burjanadze_ Burjanadze PROPN NNP nsubj 8 I-GPE
, , PUNCT , punct 1
the the DET DT det 4
chair chair NOUN NN appos 1
of of ADP IN prep 4
parliament_ parliament NOUN NN pobj 5
, , PUNCT , punct 1
said say VERB VBD ROOT 8
talks talk NOUN NNS nsubj 10
stalled_ stall VERB VBD ccomp 8
._ . PUNCT . punct 8
"""


def test_a_name_tagged_as_a_place_that_speaks_with_a_role_is_a_person():
    doc, result, entities = run(PLACE_TAGGED_SUBJECT_WITH_ROLE)
    assert next(e for e in entities if e.name == "Nino Burjanadze").type == "PERSON"
