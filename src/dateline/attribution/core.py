"""Who said what, through whom: direct, indirect and mixed quotes with speakers and chains.

The steps are pure functions over a parsed ``Doc``: quotation marks are paired over the text
(:mod:`.marks`), attribution clauses are read off the parse (:mod:`.clauses`), the two are
joined into quotes, speakers are resolved against the article's entities (:mod:`.speakers`),
and channels and relays are assembled into a chain from the speaker to the publisher.

>>> import dateline.attribution as att  # doctest: +SKIP
>>> result = att.extract_attributions(nlp(text), entities, article)  # doctest: +SKIP
>>> [(q.kind, q.speaker.name) for q in result.quotes]  # doctest: +SKIP
[('direct', 'Dmitry Peskov')]
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc, Span

from dateline.attribution.channels import (
    agent_outlet,
    channel_of,
    is_outlet_text,
    outlet_name,
    told_outlet,
)
from dateline.attribution.clauses import Clause, find_clauses, noun_phrase, speaker_after
from dateline.attribution.marks import MARKS, QuotedSpan, paragraphs, quoted_spans
from dateline.attribution.noncomments import find_non_comments
from dateline.attribution.persons import add_missed_persons
from dateline.attribution.speakers import EntityIndex, SpeakerResolver
from dateline.geo.countries import Countries, load_countries
from dateline.nlp.index import sentence_of, sentence_span, sentences_between, text_of
from dateline.nlp.reporting import reporting_verbs
from dateline.records import Article, ChainLink, Entity, NonComment, Quote, Speaker

_WORD = re.compile(r"\w+")
_END_PUNCT = tuple(".,!?…—–-:;")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on for with and or at by from as is into over through up out but".split()
)


@dataclass
class AttributionResult:
    """What the attribution stage adds to a record."""

    quotes: list[Quote] = field(default_factory=list)
    non_comments: list[NonComment] = field(default_factory=list)
    #: Entities that speaker resolution created (unnamed sources, governments, people the NER
    #: missed) or extended (mentions, aliases, roles): input for the entity stage's
    #: :func:`~dateline.nlp.entities.merge_entities`, never a replacement entity list.
    found_entities: list[Entity] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)


@dataclass
class _Draft:
    """A quote before ids, speaker resolution and chains; offsets are characters."""

    kind: str
    start: int
    end: int
    clause: Clause | None = None
    inherited: _Draft | None = None
    relays: list[str] = field(default_factory=list)
    speaker: Speaker | None = None


def extract_attributions(
    doc: Doc,
    entities: list[Entity],
    article: Article | None = None,
    countries: Countries | None = None,
) -> AttributionResult:
    """Quotes and non-comments of one article, and the entities speaker resolution found.

    ``entities`` is read, never changed: entities created or extended while resolving speakers
    come back in ``found_entities`` for the entity stage to merge. ``doc.text`` must equal
    ``article.text`` so offsets agree. Unbalanced quotation marks fail their paragraph only
    (warning W401).
    """
    outlet = article.outlet if article else None
    text = text_of(doc)
    spans, bad_paragraphs = quoted_spans(text)
    headline = _headline_quotes(text, article)
    spans = [s for s in spans if not (headline and s.paragraph == 0)]
    clauses = [c for c in find_clauses(doc) if not _inside_any(doc[c.head].idx, spans)]
    clauses = _headline_colon(doc) + clauses
    _after_datelines(doc, clauses)
    for clause in clauses:
        if clause.speaker and _inside_any(doc[clause.speaker[0]].idx, spans):
            clause.speaker = speaker_after(doc[clause.head])  # the parse took quoted words
    kept, relays = _split_relays(doc, clauses, outlet)
    drafts = _join(doc, spans, kept)
    _cut_relay_clauses(doc, drafts, [c for c in clauses if c not in kept])
    clauses = kept
    _add_relays(doc, drafts, relays, outlet)
    index = EntityIndex(entities)
    countries = countries if countries is not None else load_countries()
    add_missed_persons(doc, index, clauses, countries)
    resolver = SpeakerResolver(doc, index, [(s.start, s.end) for s in spans], countries, outlet)
    quotes = [_finish(doc, n, d, resolver, outlet) for n, d in enumerate(drafts, start=1)]
    non_comments = _non_comments(doc, resolver)
    warnings = [_bad_paragraph_warning(text_of(doc), i) for i in bad_paragraphs]
    given = {e.id: e for e in entities}
    found = [e for e in index.entities if given.get(e.id) != e]
    return AttributionResult(quotes, non_comments, found, warnings)


#: A dateline opening a paragraph: ``ROTTERDAM —``, ``KYIV, Ukraine (Reuters) -``,
#: ``Geneva (AFP) —``: a place in capitals or a place with its agency, then a dash.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})?"
    r"(?:,\s+[A-Z][a-z]{2,3}\.?\s+\d{1,2})?"  # a date before the agency: "NEW YORK, Nov. 19 (UPI)"
    r"(?:\s+\([A-Z][\w .&/-]{0,30}\))?"
    r"|[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2}(?:,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})?"
    r"\s+\([A-Z][\w .&/-]{0,30}\))"
    r"\s*(?:—|–|--|-)\s*"
)


def dateline_ends(text: str) -> dict[int, int]:
    """Where each paragraph's dateline ends, by the paragraph's start offset.

    >>> dateline_ends('ROTTERDAM — "The port is closed," he said.')
    {0: 12}
    >>> dateline_ends("NEW YORK, Nov. 19 (UPI) — Clinton said so.")
    {0: 26}
    >>> dateline_ends("Rotterdam - a port city said so.")
    {}
    """
    found = {}
    for start, end in paragraphs(text):
        match = _DATELINE.match(text, start, end)
        if match is not None and match.end() < end:
            found[start] = match.end()
    return found


def _after_datelines(doc: Doc, clauses: list[Clause]) -> None:
    """A paragraph's dateline is where the story was filed, never what a speaker said: content
    that starts in one starts after it, and content left with no words is none."""
    ends = dateline_ends(text_of(doc))
    if not ends:
        return
    for clause in clauses:
        if clause.content is None:
            continue
        start, end = clause.content
        para = doc[start].idx
        stop = next((e for s, e in ends.items() if s <= para < e), None)
        if stop is None:
            continue
        while start < end and doc[start].idx < stop:
            start += 1
        words = [t for t in doc[start:end] if not (t.is_punct or t.is_space)]
        clause.content = (start, end) if words else None


def _bad_paragraph_warning(text: str, index: int) -> dict:
    from dateline.errors import warning

    start, end = paragraphs(text)[index]
    return warning("W401", paragraph=index + 1, excerpt=text[start:end][:60])


def _headline_quotes(text: str, article: Article | None) -> bool:
    """Whether quotes in the first paragraph are headline text: the title line, or a first
    line without a full stop."""
    paras = paragraphs(text)
    if len(paras) < 2:
        return False
    first = text[paras[0][0] : paras[0][1]]
    if article is not None and article.title and first.strip() == article.title.strip():
        return True
    return "\n" in text[paras[0][1] : paras[0][1] + 3] and not first.rstrip().endswith(
        (".", '."', ".”", ".’", ".'")
    )


#: Headline openers before a colon that name a column or a genre, never a speaker.
_NOT_SPEAKERS = frozenset("the a an latest poll watch live update breaking exclusive".split())


def _headline_colon(doc: Doc) -> list[Clause]:
    """``Graham: Trump's 'Hateful Rhetoric' Destroying GOP's Chance``: a headline that opens
    with a name and a colon gives that name's words (or their gist) after it.

    Only a name of at most four proper nouns, none of them a column word (``The Latest:``,
    ``Poll:``) nor a shouted phrase (``FIX IS IN:``).
    """
    text = text_of(doc)
    line_end = text.find("\n")
    if line_end < 0 or len(text[:line_end].split()) > 25:
        return []  # a title is a short first line of its own
    colon = next((t for t in doc if t.idx >= line_end or t.text == ":"), None)
    if colon is None or colon.text != ":" or not 1 <= colon.i <= 4:
        return []
    name = doc[: colon.i]
    if any(
        (t.pos_ != "PROPN" and not (t.is_punct and t.text == ".")) or t.lower_ in _NOT_SPEAKERS
        for t in name
    ):
        return []
    if len(name) > 1 and all(t.is_upper for t in name if t.is_alpha):
        return []
    end = colon.i + 1
    while end < len(doc) and doc[end].idx < line_end:
        end += 1
    while end > colon.i + 1 and (doc[end - 1].is_punct and not doc[end - 1].is_quote):
        end -= 1
    if end - colon.i < 3:
        return []
    content = (colon.i + 1, end)
    return [
        Clause(
            (colon.i, colon.i + 1), (0, colon.i), content, sentence_of(doc, colon.i), ":", colon.i
        )
    ]


def _inside_any(offset: int, spans: list[QuotedSpan]) -> bool:
    """Whether ``offset`` lies inside one of ``spans`` (sorted, not overlapping)."""
    n = bisect_right(spans, offset, key=lambda s: s.start) - 1
    return n >= 0 and spans[n].start <= offset < spans[n].end


def _chars(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    return doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])


def _alnum(text: str) -> int:
    return sum(len(w) for w in _WORD.findall(text))


def _join(doc: Doc, spans: list[QuotedSpan], clauses: list[Clause]) -> list[_Draft]:
    """Pair quotation-mark spans with clauses into direct, mixed and indirect drafts."""
    text = text_of(doc)
    drafts: list[_Draft] = []
    used: set[int] = set()
    span_ends = [s.end for s in spans]
    for clause in clauses:
        if clause.content is None:
            continue
        start, end = _chars(doc, clause.content)
        # Spans are sorted and apart: only those from the first ending after ``start`` up to
        # one opening a few characters after ``end`` can overlap or continue the content.
        inside = []
        for i in range(bisect_right(span_ends, start), len(spans)):
            s = spans[i]
            if s.start > end + 3:
                break
            if (s.start < end and s.end > start) or _continues(text, end, s):
                inside.append(i)
        if not inside:
            drafts.append(_Draft("indirect", start, end, clause))
            continue
        outside = _alnum(text[start:end]) - _alnum_overlap(text, spans, inside, start, end)
        if outside == 0:  # any word outside the marks makes it mixed: 'he "has shown ..."'
            for i in inside:
                if i not in used:
                    used.add(i)
                    drafts.append(_Draft("direct", spans[i].start, spans[i].end, clause))
        else:
            used.update(inside)
            start = min(start, *(spans[i].start - 1 for i in inside))
            end = max(end, *(spans[i].end + 1 for i in inside))
            drafts.append(_Draft("mixed", start, end, clause))
    drafts.sort(key=lambda d: d.start)
    # Drafts added below are bare spans, which hold no other span: only the clause drafts can
    # contain a span. ``reach[k]`` is the furthest end among the first k + 1 of them.
    starts = [d.start for d in drafts]
    reach = list(accumulate((d.end for d in drafts), max))
    para_starts = [a for a, _ in paragraphs(text)]
    by_sent: dict[int, list[Clause]] = {}
    for clause in clauses:
        if clause.speaker is not None:
            by_sent.setdefault(clause.sent, []).append(clause)
    for i, span in enumerate(spans):
        k = bisect_right(starts, span.start) - 1
        if i in used or (k >= 0 and reach[k] >= span.end):
            continue
        draft = _attribute_bare(doc, span, drafts, by_sent, para_starts)
        if draft is not None:
            insort(drafts, draft, key=lambda d: d.start)
    drafts = _dedupe(drafts)
    _separate_nested(doc, drafts)
    return drafts


def _continues(text: str, end: int, span: QuotedSpan) -> bool:
    """A quote opening right where a clause's content stops: the parse cut the clause at the
    mark (``said that Crist "would say anything"``)."""
    gap = text[end : span.start]
    if not gap:  # the content took the opening mark: 'The port is "closed ...," he said'
        return end > 0 and text[end - 1] in MARKS + "‘'"
    return len(gap) <= 2 and not gap.strip(" " + MARKS + "‘'")


def _alnum_overlap(
    text: str, spans: list[QuotedSpan], inside: list[int], start: int, end: int
) -> int:
    return sum(_alnum(text[max(start, spans[i].start) : min(end, spans[i].end)]) for i in inside)


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """Drop drafts nested in a longer one (a clause inside another clause's content)."""
    kept: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.start, -(d.end - d.start))):
        container = next((k for k in kept if k.start <= draft.start and draft.end <= k.end), None)
        if container is None or (
            draft.clause is not None
            and container.clause is not None
            and draft.clause is not container.clause
            and draft.clause.speaker is not None
            and (draft.start, draft.end) != (container.start, container.end)
            and draft.kind == container.kind == "indirect"
        ):
            kept.append(draft)  # nested speech: "X suggested ..., although Moscow insists ..."
        elif draft.kind == "direct" and container.kind == "indirect":
            kept.remove(container)  # the quote, not the clause that holds it
            kept.append(draft)
    return sorted(kept, key=lambda d: d.start)


#: Words that join a second speaker's clause to the first one's content.
_JOINERS = frozenset("while whereas but and although though even as yet".split())


def _separate_nested(doc: Doc, drafts: list[_Draft]) -> None:
    """``The ministry said 5 people were killed, while the commission said at least 23 had
    died``: the parse hangs the second speaker's clause inside the first one's content. Each
    speaker gets only their own words: the first content stops where the second clause
    (with its ``while``) begins, when that clause runs to the content's end."""
    for outer in drafts:
        if outer.kind != "indirect" or outer.clause is None or outer.clause.speaker is None:
            continue
        for inner in drafts:
            clause = inner.clause
            if (
                inner is outer
                or inner.kind != "indirect"
                or clause is None
                or clause.speaker is None
                or clause is outer.clause
                or not outer.start <= inner.start < inner.end <= outer.end
            ):
                continue
            head = doc[clause.head]
            if head.dep_ not in ("advcl", "conj"):
                continue  # "voters who believe that ...", "what he called ...": one content
            first = min(head.left_edge.i, clause.speaker[0], clause.cue[0])
            lead = doc[first : clause.speaker[1]]
            if any(t.lower_ == "that" for t in lead) or (len(lead) and lead[-1].pos_ == "PRON"):
                continue  # "... and that he thinks it would pass": the same speaker goes on
            reach = head.right_edge
            if reach.idx + len(reach) < outer.end:
                continue  # a clause in the middle of the content: "that X, Y said, was ..."
            i, joined = first, doc[first].lower_ in _JOINERS
            while i > 0 and (doc[i - 1].is_punct or doc[i - 1].lower_ in _JOINERS):
                if doc[i - 1].is_quote:
                    break
                joined = joined or doc[i - 1].lower_ in _JOINERS
                i -= 1
            if not joined or i == 0 or doc[i - 1].idx <= outer.start:
                continue  # "... after he suggested ...": a time, not a second speaker
            end = doc[i - 1].idx + len(doc[i - 1])
            if len(_WORD.findall(text_of(doc)[outer.start : end])) >= 2:
                outer.end = min(outer.end, end)


def is_speech_like(text: str) -> bool:
    """Whether quoted text reads as speech rather than a scare quote, term, title or nickname.

    >>> is_speech_like("failed"), is_speech_like("Gone with the Wind")
    (False, False)
    >>> is_speech_like("We will not retreat,")
    True
    """
    words = text.split()
    stripped = text.rstrip()
    if len(words) < 3:
        return False
    content = [w for w in words if w.lower().strip(",.") not in _FUNCTION_WORDS]
    if len(content) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() for w in content):
        return False  # a title of a work or a show: "Meet the Press."
    if content and words[0][:1].isupper() and all(w[:1].isupper() for w in content):
        if len(words) <= 6:
            return False  # a short title: "In the Gutter."
    return stripped.endswith(_END_PUNCT) or len(words) >= 6


def _attribute_bare(
    doc: Doc,
    span: QuotedSpan,
    drafts: list[_Draft],
    by_sent: dict[int, list[Clause]],
    para_starts: list[int],
) -> _Draft | None:
    """A quote with no clause holding it: find a neighbouring cue, or inherit, or keep unknown.

    ``by_sent`` holds the clauses with a speaker by sentence: only clauses of the sentences
    around the quote can touch it or share its sentence.
    """
    if not is_speech_like(span.text):
        return None
    text = text_of(doc)
    sents = _sent_indices(doc, span.start, span.end)
    window = _sent_indices(doc, max(0, span.start - 8), span.end + 8)
    outside = [
        c
        for n in sorted(window)
        for c in by_sent.get(n, ())
        if not span.start <= doc[c.head].idx < span.end
    ]
    touching = [c for c in outside if _adjacent(doc, c, span)]  # '"...," he said, "...'
    near = [
        c
        for c in outside
        if c.sent in sents
        and (c.content is None or _overlaps(_chars(doc, c.content), (span.start, span.end)))
    ] or touching
    if near:
        best = min(near, key=lambda c: abs(doc[c.head].idx - span.start))
        return _Draft("direct", span.start, span.end, best)
    colon = _colon_clause(doc, span, by_sent) or _signed_clause(doc, span)
    if colon is not None:
        return _Draft("direct", span.start, span.end, colon)
    last = _last_spoken_before(drafts, span.start)
    if last is not None:
        gap = text[last.end : span.start]
        if "\n" not in gap:
            return _Draft("direct", span.start, span.end, inherited=last)
        para_start = text.rfind("\n", 0, span.start) + 1
        opens_paragraph = not text[para_start : span.start - 1].strip()
        if opens_paragraph and _paragraph_gap(para_starts, last.end, span.start) <= 1:
            return _Draft("direct", span.start, span.end, inherited=last)
    return _Draft("direct", span.start, span.end)


def _last_spoken_before(drafts: list[_Draft], offset: int) -> _Draft | None:
    """The last draft (by start) ending by ``offset`` whose speaker is known."""
    for n in range(bisect_right(drafts, offset, key=lambda d: d.start) - 1, -1, -1):
        if drafts[n].end <= offset and _has_speaker(drafts[n]):
            return drafts[n]
    return None


def _adjacent(doc: Doc, clause: Clause, span: QuotedSpan) -> bool:
    """A clause that touches the quote with nothing but marks and commas between them.

    ``“…?” Sanders replied.`` is one attribution even where the parser split the sentence.
    """
    assert clause.speaker is not None
    first = min(clause.cue[0], clause.speaker[0])
    last = max(clause.cue[1], clause.speaker[1])
    after = text_of(doc)[span.end : doc[first].idx]
    before = text_of(doc)[doc[last - 1].idx + len(doc[last - 1]) : span.start]
    return (doc[first].idx >= span.end and _only_marks(after)) or (
        doc[last - 1].idx < span.start and _only_marks(before, colon=True)
    )


def _only_marks(gap: str, colon: bool = False) -> bool:
    """A few marks or commas between a clause and a quote, within one paragraph.

    A clause after a paragraph's last quote opens a new attribution; one that ends its
    paragraph with a colon (``Cruz continued:``) introduces the quote in the next paragraph.
    """
    if _WORD.search(gap) or len(gap) >= 6:
        return False
    return "\n" not in gap or (colon and gap.lstrip().startswith(":"))


def _has_speaker(draft: _Draft) -> bool:
    if draft.clause is not None:
        return draft.clause.speaker is not None
    return draft.inherited is not None and _has_speaker(draft.inherited)


def _paragraph_gap(para_starts: list[int], start: int, end: int) -> int:
    """How many paragraph breaks lie between two offsets."""
    return bisect_right(para_starts, end) - bisect_right(para_starts, start)


def _colon_clause(doc: Doc, span: QuotedSpan, by_sent: dict[int, list[Clause]]) -> Clause | None:
    """``He went on to say: "..."`` or ``Mark Blumenthal: "..."``: the speaker before a colon."""
    text = text_of(doc)
    end = span.start - 1  # the opening mark
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or text[end - 1] != ":":
        return None
    colon = doc.char_span(end - 1, end)
    if colon is None:
        return None
    i = colon.start
    sent = sentence_of(doc, i)
    prior = [c for c in by_sent.get(sent, ()) if c.head < i and c.content is None]
    if prior:
        return prior[-1]
    head = doc[i - 1] if i > 0 else None
    if head is None or head.pos_ not in ("PROPN", "NOUN"):
        return None
    start, end = noun_phrase(head)
    segment = doc[max(start, sentence_span(doc, i).start) : i]
    if any(t.pos_ in ("VERB", "AUX") for t in segment):
        return None
    return Clause((i, i + 1), (start, end), None, _sent_index(doc, i), ":", i)


#: A quote signed with a dash and a name to the end of its line: ``"..." ― Sonya Herridge``.
_SIGNATURE = re.compile(
    r"[\s" + MARKS + r"‘’']{0,3}(?:―|—|–|--)\s*"
    r"(?P<name>[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|del|van|von|da|al|bin)){0,5})"
    r"\s*(?:[,.]|$)",
    re.MULTILINE,
)


def _signed_clause(doc: Doc, span: QuotedSpan) -> Clause | None:
    """``"..." ― Pamela Padilla``: a quote signed after a dash, the way letters, vox pops and
    epigraphs are; the signature ends its line or a sentence."""
    text = text_of(doc)
    match = _SIGNATURE.match(text, span.end)
    if match is None:
        return None
    dash = doc.char_span(match.start(), match.start("name"), alignment_mode="expand")
    name = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
    if dash is None or name is None or len(name) > 6 or not any(t.is_punct for t in dash):
        return None
    cue = next(t.i for t in dash if t.is_punct and not t.is_quote)
    return Clause((cue, cue + 1), (name.start, name.end), None, _sent_index(doc, cue), "—", cue)


def _sent_index(doc: Doc, token: int) -> int:
    return sentence_of(doc, token)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sent_indices(doc: Doc, start: int, end: int) -> set[int]:
    return sentences_between(doc, start, end)


def _split_relays(
    doc: Doc, clauses: list[Clause], outlet: str | None
) -> tuple[list[Clause], dict[int, list[tuple[int, str]]]]:
    """Separate outlet clauses that pass on someone else's words (``Tass reported``).

    An outlet's report, ``according to`` or bare ``reported`` clause is a relay when its
    sentence holds another speaker's clause; it then belongs to every quote of that sentence.
    Returns the remaining clauses and, per sentence, ``(cue token, outlet name)`` pairs.
    """
    relays: dict[int, list[tuple[int, str]]] = {}
    kept = []
    by_sent: dict[int, list[Clause]] = {}
    for clause in clauses:
        by_sent.setdefault(clause.sent, []).append(clause)
    for clause in clauses:
        speaker = doc[clause.speaker[0] : clause.speaker[1]] if clause.speaker else None
        is_relay = (
            speaker is not None
            and clause.lemma in reporting_verbs("relay") | {"according to", "say"}
            and is_outlet_text(speaker.text, outlet)
            and any(
                other is not clause
                and other.speaker is not None
                and not is_outlet_text(doc[other.speaker[0] : other.speaker[1]].text, outlet)
                for other in by_sent[clause.sent]
            )
        )
        if is_relay and speaker is not None:
            relays.setdefault(clause.sent, []).append((clause.head, outlet_name(speaker)))
        else:
            kept.append(clause)
    return kept, relays


def _cut_relay_clauses(doc: Doc, drafts: list[_Draft], relay_clauses: list[Clause]) -> None:
    """``Peskov said the strike was a provocation, Tass reported``: the relay's own clause is
    no part of the reported content."""
    for clause in relay_clauses:
        first = min(clause.cue[0], clause.speaker[0] if clause.speaker else clause.cue[0])
        offset = doc[first].idx
        for draft in drafts:
            if draft.kind == "direct" or not draft.start < offset < draft.end:
                continue
            i = first
            while i > 0 and (doc[i - 1].is_punct or doc[i - 1].is_space):
                if doc[i - 1].is_quote:
                    break
                i -= 1
            end = doc[i - 1].idx + len(doc[i - 1]) if i > 0 else draft.start
            if end > draft.start:
                draft.end = end


def _add_relays(
    doc: Doc, drafts: list[_Draft], relays: dict[int, list[tuple[int, str]]], outlet: str | None
) -> None:
    """Attach relaying outlets to each draft, nearest to the speaker first."""
    for draft in drafts:
        head = _head_token(draft)
        found: list[tuple[int, str]] = []
        if head is not None:
            for getter in (told_outlet, agent_outlet):
                span = getter(doc[head], outlet)
                if span is not None:
                    found.append((-1, outlet_name(span)))
        for sent in _draft_sents(doc, draft):
            found.extend(relays.get(sent, []))
        anchor = head if head is not None else _token_at(doc, draft.start)
        for _, name in sorted(found, key=lambda r: (r[0] != -1, abs(r[0] - anchor))):
            if name not in draft.relays:
                draft.relays.append(name)


def _token_at(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, min(offset + 1, len(text_of(doc))), alignment_mode="expand")
    return span.start if span is not None else 0


def _head_token(draft: _Draft) -> int | None:
    if draft.clause is not None:
        return draft.clause.head
    if draft.inherited is not None:
        return _head_token(draft.inherited)
    return None


def _draft_sents(doc: Doc, draft: _Draft) -> set[int]:
    found = _sent_indices(doc, draft.start, draft.end)
    if draft.clause is not None:
        found.add(draft.clause.sent)
    return found


def _finish(
    doc: Doc, number: int, draft: _Draft, resolver: SpeakerResolver, outlet: str | None
) -> Quote:
    clause = draft.clause
    source = draft
    while clause is None and source.inherited is not None:
        source = source.inherited
        clause = source.clause
    speaker = None
    if draft.clause is None and draft.inherited is not None:
        speaker = draft.inherited.speaker
    elif clause is not None and clause.speaker is not None:
        speaker = resolver.resolve(*clause.speaker)
    draft.speaker = speaker
    cue_start = cue_end = None
    cue = None
    channel = None
    if clause is not None and clause.lemma != "—":  # a signature's dash is no cue word
        cue_start, cue_end = _chars(doc, clause.cue)
        cue = text_of(doc)[cue_start:cue_end]
        if clause.lemma != "according to":
            found = channel_of(doc[clause.head])
            channel = found.text if found is not None else None
    chain = []
    if speaker is not None:
        chain.append(ChainLink(role="speaker", name=speaker.name))
    if channel:
        chain.append(ChainLink(role="channel", name=channel))
    chain.extend(ChainLink(role="relay", name=name) for name in draft.relays)
    if outlet and (not draft.relays or draft.relays[-1].lower() != outlet.lower()):
        chain.append(ChainLink(role="publisher", name=outlet))
    return Quote(
        id=f"q{number}",
        kind=draft.kind,
        text=text_of(doc)[draft.start : draft.end],
        start=draft.start,
        end=draft.end,
        cue=cue,
        cue_start=cue_start,
        cue_end=cue_end,
        speaker=speaker,
        channel=channel,
        relayed_by=list(draft.relays),
        chain=chain,
    )


def _non_comments(doc: Doc, resolver: SpeakerResolver) -> list[NonComment]:
    result = []
    for found in find_non_comments(doc):
        speaker = resolver.resolve(*found.who)
        span: Span = doc[found.start : found.end]
        result.append(
            NonComment(
                who=speaker.name if speaker is not None else doc[slice(*found.who)].text,
                entity=speaker.entity if speaker is not None else None,
                kind=found.kind,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
            )
        )
    return result
