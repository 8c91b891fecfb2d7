"""Interview turns and their participants, over plain text (no model)."""

from __future__ import annotations

from dateline.attribution.interviews import addressee, find_turns, participant, turn_at

TEXT = (
    "Intro about Natasha Gownaris.\n\n"
    "((Wikinews)) What prompted your curiosity?\n\n"
    "Natasha Gownaris: I have wanted to be a scientist since I was a child.\n\n"
    "More of the same answer.\n\n"
    "((WN)) How long did you stay?\n\n"
    "NG: Six months."
)


def test_labels_name_participants_by_name_initials_and_outlet():
    turns = find_turns(TEXT, ["Natasha Gownaris"], "Wikinews")
    assert [(t.label, t.name, t.question) for t in turns] == [
        ("Wikinews", "Wikinews", True),
        ("Natasha Gownaris", "Natasha Gownaris", False),
        ("WN", "Wikinews", True),
        ("NG", "Natasha Gownaris", False),
    ]
    # an unlabelled paragraph continues the answer before it
    n = turn_at(turns, TEXT.index("More of the same"))
    assert n == 1
    assert addressee(turns, 1) == "Wikinews" and addressee(turns, 2) == "Natasha Gownaris"
    assert turn_at(turns, 0) is None  # the introduction is nobody's turn


def test_transcript_surnames_and_anonymous_sides():
    text = '"WALLACE: Will you debate?\n\n"PENCE: I will.'
    assert [t.name for t in find_turns(text, [])] == ["Wallace", "Pence"]
    qa = find_turns("Q: Why?\n\nA: Because.", [])
    assert [t.name for t in qa] == [None, None]


def test_notes_and_single_labels_are_no_interview():
    assert find_turns("Update: the vote was delayed.\n\nNote: times are local.", []) == []
    assert find_turns("Ana Ruiz: a profile.\n\nShe was born in 1970.", ["Ana Ruiz"]) == []


def test_participant_prefers_speakers_for_letter_abbreviations():
    assert participant("WN", ["Washington"], ["Wikinews"]) == "Wikinews"
    assert participant("WN", ["Washington"]) is None
    assert participant("WSS", ["William S. Saturn"]) == "William S. Saturn"
