"""Attribution clauses found in the dependency parse: cue, speaker and content.

``X said (that) ...``, ``..., said X``, ``X told reporters ...``, ``according to X, ...``,
passives (``it was announced by X``, ``X was quoted as saying``) and the stance verbs of
:mod:`dateline.attribution.lexicon`. Content is ``None`` for a bare cue (``he said``) that
only attributes a neighbouring direct quote.

>>> from spacy.tokens import Doc
>>> from spacy.vocab import Vocab
>>> words = ["Peskov", "said", "talks", "failed", "."]
>>> doc = Doc(Vocab(), words=words, heads=[1, 1, 3, 1, 1],
...           deps=["nsubj", "ROOT", "nsubj", "ccomp", "punct"],
...           pos=["PROPN", "VERB", "NOUN", "VERB", "PUNCT"],
...           lemmas=["Peskov", "say", "talk", "fail", "."])
>>> [(c.cue_text(doc), c.speaker_text(doc), c.content_text(doc)) for c in find_clauses(doc)]
[('said', 'Peskov', 'talks failed')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dateline.attribution.lexicon import CHANNEL_NOUNS, CHANNEL_PREPS
from dateline.nlp.index import entity_at, sentences
from dateline.nlp.reporting import reporting_verbs

#: Cue lemmas whose direct object can be the content (``denied the allegations``).
OBJECT_CONTENT = frozenset(
    """deny confirm announce reject dismiss dispute acknowledge admit predict promise pledge
    vow reveal disclose mention cite note""".split()
)
#: Cue lemmas whose ``X to do`` complement is the content (``called on NATO to provide``).
XCOMP_CONTENT = frozenset(
    "call urge ask tell demand warn press implore pledge vow promise threaten".split()
)
#: Charge verbs whose object alone is the content when no charge follows (``accused Trump``).
OBJECT_FALLBACK = frozenset("accuse describe".split())
#: Cue lemmas whose object plus ``of``/``for`` phrase is the content (``accused the West of``).
CHARGE_CONTENT = frozenset(
    "accuse blame criticize criticise condemn praise thank call describe label brand dub".split()
)
#: Cue lemmas that name something: ``called the plan "a disaster"``, ``described it as``.
LABEL_CONTENT = frozenset("call describe label brand dub".split())
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
#: Verbs that turn a cue in their ``to`` complement into a refusal (``declined to say``).
_REFUSALS = frozenset("decline refuse fail".split())
_QUESTION_WORDS = frozenset("whether if what how when who why where which".split())
_NP_RIGHT = {"compound", "nummod", "flat", "appos_no"}
_NP_PREPS = {"of", "for", "at", "from", "in"}


@dataclass
class Clause:
    """One attribution found in the parse; all spans are token indices ``[start, end)``."""

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    content: tuple[int, int] | None
    sent: int
    lemma: str
    head: int
    extra: dict = field(default_factory=dict)

    def cue_text(self, doc: Doc) -> str:
        return doc[self.cue[0] : self.cue[1]].text

    def speaker_text(self, doc: Doc) -> str | None:
        return doc[self.speaker[0] : self.speaker[1]].text if self.speaker else None

    def content_text(self, doc: Doc) -> str | None:
        return doc[self.content[0] : self.content[1]].text if self.content else None


def noun_phrase(token: Token) -> tuple[int, int]:
    """Token span of the noun phrase headed by ``token``, without appositions or clauses.

    ``Russia's state-run Tass news agency`` and ``the head of the agency`` stay whole;
    ``Dmitry Peskov, spokesperson for ...`` stops at ``Peskov``.
    """
    doc = token.doc
    start, end = token.i, token.i + 1
    ent = entity_at(doc, token.i)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    subtree = {t.i for t in token.subtree}
    while start - 1 in subtree and _joins_phrase(doc[start - 1]):
        start -= 1
    if ent is not None and token.i < ent.end - 1:
        return _trim(doc, start, end)
    for child in token.rights:
        if child.dep_ in _NP_RIGHT or (child.dep_ == "prep" and child.lower_ in _NP_PREPS):
            end = max(end, _phrase_end(child))
        else:
            break
    return _trim(doc, start, end)


#: Dependents that add a clause or a second description to a noun, not part of its name.
_CLAUSAL = {"relcl", "acl", "appos", "advcl", "parataxis", "punct", "cc", "conj"}


def _phrase_end(token: Token) -> int:
    """End of ``token``'s subtree without the clauses and appositions hung on its nouns:
    ``official at the X Observatory, who spoke on condition of anonymity`` stops at
    ``Observatory``."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in _CLAUSAL:
            break
        end = max(end, _phrase_end(child))
    return end


def _joins_phrase(token: Token) -> bool:
    """Whether a token left of a noun can belong to its phrase (no comma, mark or clause)."""
    if token.is_quote or (token.is_punct and token.text not in ("-", "–", ".")):
        return False
    if token.text in ("-", "–") and (
        token.i == 0 or token.whitespace_ or token.nbor(-1).whitespace_
    ):
        return False  # a dash between words with spaces ends the phrase; "state-run" does not
    return token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end


def clause_span(head: Token, skip: Token | None = None) -> tuple[int, int] | None:
    """Token span of the clause under ``head``, without a leading ``that``/comma or ending stop.

    When ``skip`` (the cue) lies inside the clause, the span stops on the side of the head.
    """
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    if skip is not None and start <= skip.i < end:
        if skip.i < head.i:
            start = skip.i + 1
        else:
            end = skip.i
    while start < end and (doc[start].is_punct or _subordinator(doc[start])):
        if doc[start].is_quote:
            break
        start += 1
    start = _after_leading_time(doc, start, end, head)
    end = _without_anonymity(doc, start, end)
    while end > start and (
        doc[end - 1].is_space
        or (doc[end - 1].is_punct and not doc[end - 1].is_quote)
        or doc[end - 1].dep_ == "cc"
    ):
        end -= 1  # "Clinton is honest and trustworthy, and"
    if end - start < 2:
        return None
    return start, end


def _subordinator(token: Token) -> bool:
    """``that`` or the ``for`` of ``called for X to resign``: words that introduce the reported
    clause without belonging to it."""
    return token.lower_ == "that" or (token.lower_ == "for" and token.dep_ == "mark")


def _after_leading_time(doc: Doc, start: int, end: int, head: Token) -> int:
    """``said on Monday (that) the tanks had arrived``: the cue's time is not the content."""
    token = doc[start]
    if token.i >= head.i or token.is_quote or (start > 0 and doc[start - 1].is_quote):
        return start
    if token.pos_ == "ADP" and token.lower_ in ("on", "in", "at", "during", "late", "early"):
        phrase = list(token.subtree)
    elif token.ent_type_ in ("DATE", "TIME") and token.dep_ in ("npadvmod", "tmod"):
        phrase = list(token.subtree)
    else:
        return start
    if len(phrase) > 5 or phrase[-1].i >= head.i:
        return start  # a short time phrase only: not "On the same day that footage emerged"
    if not any(t.ent_type_ in ("DATE", "TIME") for t in phrase):
        return start
    nxt = phrase[-1].i + 1
    while nxt < end and (doc[nxt].text == "," or doc[nxt].lower_ == "that"):
        nxt += 1
    return nxt if nxt < end - 1 else start


def _without_anonymity(doc: Doc, start: int, end: int) -> int:
    """``... on (the) condition of anonymity`` says how the source spoke, not what."""
    words = [t.lower_ for t in doc[start:end]]
    for size in (5, 4):
        tail = words[-size:]
        if len(tail) == size and tail[0] == "on" and tail[-3:] == ["condition", "of", "anonymity"]:
            end -= size
            if end > start and doc[end - 1].lower_ in ("speaking", "talking"):
                end -= 1  # ", speaking on condition of anonymity"
            return end
    return end


def _speaker_token(verb: Token, reported: bool = True) -> Token | None:
    """The subject (or passive agent) that performs the cue ``verb``; ``reported`` when
    ``verb`` is the cue itself rather than a verb it hangs from."""
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:  # "who"/"which" too: see :func:`antecedent`
        before = [c for c in subjects if c.i < verb.i]
        # "The terminal, a spokesman said, would reopen": the parse gives the parenthetical
        # cue two subjects; the one next to the cue speaks
        return before[-1] if len(before) > 1 else subjects[0]
    quoted = _quoted_as(verb)
    if quoted is not None:
        return quoted
    for child in verb.children:
        if child.dep_ == "nsubjpass" and child.lower_ not in {"it", "that"}:
            # "The situation was described as ...": the passive cue's subject is what was
            # talked about; only a verb that passes the speech on ("was heard saying") has
            # its speaker there
            if not reported or verb.lemma_.lower() not in reporting_verbs("cue"):
                return child
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _speaker_token(verb.head.head, False)  # "began by saying", "pivoted to arguing"
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and verb.head.head.pos_ == "VERB":
        return _speaker_token(verb.head.head, False)  # "issued a statement saying ..."
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "advcl" and not verb.tag_ == "VBG":
            return None
        return _speaker_token(verb.head, False)
    if verb.dep_ in ("xcomp", "acl") and verb.head.dep_ in ("acomp", "dobj", "attr", "pobj"):
        node = verb.head.head
        if node.pos_ == "ADP":
            node = node.head
        if node.pos_ in ("VERB", "AUX"):  # "is likely to stress", "went out of his way to say"
            return _speaker_token(node, False)
        return None
    return _speaker_before(verb)


def antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun subject stands for: ``Chait, who noted`` -> ``Chait``."""
    if token.tag_ in ("WP", "WDT") and token.dep_ in _SUBJECTS and token.head.dep_ == "relcl":
        return token.head.head
    return None


def _speaker_before(verb: Token) -> Token | None:
    """The noun phrase between a closing quotation mark and its cue, when the parse lost it.

    ``"...," Gene Sperling, a top Clinton adviser, said`` -> ``Sperling``.
    """
    doc = verb.doc
    i = verb.i - 1
    found = None
    while i >= verb.sent.start and not doc[i].is_quote:
        token = doc[i]
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return None
        if token.pos_ in ("PROPN", "PRON", "NOUN") and token.dep_ not in ("compound", "poss"):
            found = token  # the leftmost: the name right after the mark, not its apposition
        i -= 1
    if found is None or i < verb.sent.start:
        return None  # only between a closing quotation mark and the cue
    while found.dep_ == "appos" and i < found.head.i < found.i:
        found = found.head  # never across the mark: the parse may hang the name on a quoted noun
    return found


def _quoted_as(verb: Token) -> Token | None:
    """``X was quoted as saying`` / ``Tass quoted X as saying``: the X that said it."""
    node = verb
    for _ in range(3):
        if node.dep_ in ("pcomp", "advcl", "xcomp", "pobj", "prep") and node.head.i != node.i:
            node = node.head
            if node.lemma_ in ("quote", "cite"):
                for child in node.children:
                    if child.dep_ in ("dobj", "nsubjpass"):
                        return child
                return None
        else:
            return None
    return None


def _next_to_quote(verb: Token) -> bool:
    """``"...," he continued``: a cue two tokens or less from a quotation mark."""
    doc = verb.doc
    near = doc[max(0, verb.i - 3) : min(len(doc), verb.i + 4)]
    return any(t.is_quote for t in near)


def _cue_span(verb: Token) -> tuple[int, int]:
    start, end = verb.i, verb.i + 1
    for child in verb.lefts:
        if child.dep_ in ("aux", "neg") and child.i == start - 1:
            start = child.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end = child.i + 1
    return start, end


def _content_head(verb: Token) -> Token | None:
    if verb.dep_ == "parataxis" and not any(c.dep_ == "ccomp" for c in verb.children):
        return verb.head  # "The thing he needs, aides said, is ..."
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "parataxis" and child.i < verb.i):
            return child
    if verb.lemma_ == "call":  # "called for a ceasefire"
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i == verb.i + 1:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    if verb.lemma_ in XCOMP_CONTENT:
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and any(c.lower_ == "to" for c in child.lefts):
                return child
        for prep in verb.children:  # "called on NATO to provide": the clause hangs off the object
            for obj in prep.children if prep.dep_ == "prep" else [prep]:
                for child in obj.children:
                    if child.dep_ in ("acl", "relcl", "xcomp") and child.pos_ == "VERB":
                        if any(c.lower_ == "to" for c in child.lefts):
                            return child
    if verb.lemma_ in OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ == "dobj" and child.pos_ not in ("PRON",):
                return child
    return _that_clause_on_channel(verb)


def _that_clause_on_channel(verb: Token) -> Token | None:
    """``wrote on the VKontakte social network that his forces had advanced``: the parser hangs
    the reported clause on the channel noun as a relative clause; one with its own subject and
    ``that`` as a mere object is the content."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in CHANNEL_PREPS:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or pobj.lower_ not in CHANNEL_NOUNS:
                continue
            for clause in pobj.rights:
                lefts = list(clause.lefts)
                if (
                    clause.dep_ == "relcl"
                    and lefts
                    and lefts[0].lower_ == "that"
                    and lefts[0].dep_ in ("dobj", "mark")
                    and any(c.dep_ in ("nsubj", "nsubjpass") for c in lefts[1:])
                ):
                    return clause
    return None


def _charge_span(verb: Token) -> tuple[int, int] | None:
    """``accused the West of prolonging the war`` -> ``the West of prolonging the war``;
    ``called the plan "a disaster"`` -> ``the plan "a disaster"``."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None and any(c.dep_ == "agent" for c in verb.children):
        # "The situation was described by aid workers as ...": what was labelled
        obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if verb.lemma_ in LABEL_CONTENT:
        prep = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as")
            ),
            None,
        )
    else:
        prep = next(
            (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None
        )
    if obj is None or prep is None or prep.i < obj.i:
        return None
    return obj.left_edge.i, prep.right_edge.i + 1


def _content_before_comma(verb: Token) -> tuple[int, int] | None:
    """``..., said the company's chief executive``: the sentence up to the comma before the cue.

    Only when the cue opens the sentence's last clause and its subject follows or sits between
    the comma and the cue.
    """
    doc, sent = verb.doc, verb.sent
    i = verb.i - 1
    while (
        i > sent.start and not doc[i].is_punct and doc[i].pos_ in ("PROPN", "PRON", "NOUN", "DET")
    ):
        i -= 1
    if i <= sent.start + 2 or doc[i].text != ",":
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in doc[verb.i + 1 : sent.end]):
        return None
    start, end = sent.start, i
    while start < end and (doc[start].is_space or doc[start].is_punct and not doc[start].is_quote):
        start += 1
    return (start, end) if end - start >= 3 else None


def speaker_after(verb: Token) -> tuple[int, int] | None:
    """``"...," said Cruz``: the noun phrase right after an inverted cue, if any."""
    doc = verb.doc
    i = verb.i + 1
    while i < verb.sent.end and doc[i].pos_ in ("ADV", "PART") and i - verb.i <= 2:
        i += 1
    if i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "PRON", "DET", "ADJ"):
        return None
    token = doc[i]
    while token.dep_ in ("compound", "det", "amod", "poss") and token.head.i > token.i:
        token = token.head
    return noun_phrase(token)


def _cut_at_closing_mark(
    verb: Token, content: tuple[int, int], speaker: Token | None
) -> tuple[tuple[int, int], Token | None]:
    """``"...," Gene Sperling, an adviser, said``: a parse that swallowed the speaker into the
    quote's clause is cut back at the closing mark, and the speaker found between mark and cue.
    """
    doc = verb.doc
    marks = [i for i in range(content[0] + 1, content[1]) if doc[i].is_quote]
    if not marks or not any(t.is_alpha for t in doc[marks[-1] + 1 : content[1]]):
        return content, speaker
    cut = (content[0], marks[-1] + 1)
    if speaker is None or speaker.i > marks[-1]:
        speaker = _speaker_before(verb) or speaker
    return cut, speaker


def _verb_clause(verb: Token, sent_index: int) -> Clause | None:
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if lemma not in reporting_verbs("cue"):
        if lemma in reporting_verbs("attitude") or lemma in reporting_verbs("evaluation"):
            return _complement_clause(verb, lemma, sent_index)
        return None
    if verb.dep_ in ("amod", "compound") or any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not say" is no statement
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSALS and _asks(verb):
        return None  # "declined to say whether ...": nothing was said
    if lemma in ("cite", "quote") and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl"):
        if not any(c.dep_ == "ccomp" for c in verb.children):
            return None  # "declined to comment, citing the investigation": a reason
    if lemma in CHARGE_CONTENT:
        charge = _charge_span(verb)
        speaker = _speaker_token(verb)
        if charge is None or speaker is None:
            if lemma in OBJECT_FALLBACK:
                return _complement_clause(verb, lemma, sent_index)
            return _verb_clause_plain(verb, lemma, sent_index) if lemma == "call" else None
        return Clause(_cue_span(verb), noun_phrase(speaker), charge, sent_index, lemma, verb.i)
    return _verb_clause_plain(verb, lemma, sent_index)


def _complement_clause(verb: Token, lemma: str, sent_index: int) -> Clause | None:
    """A belief, hope or evaluation with its subject as speaker and its complement as content:
    ``Clinton hopes that ...``, ``Trump expects to win``, ``Sanders criticized the deal``.

    Unlike a verb of saying, none of these attributes a neighbouring quote on its own: with no
    subject or no complement there is no clause. A negated one still states a stance
    (``did not endorse``) but is left out like ``did not say``.
    """
    if verb.dep_ in ("amod", "compound") or any(c.dep_ == "neg" for c in verb.children):
        return None
    speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.lower_ in ("it", "there"):
        return None
    speaker = antecedent(speaker) or speaker
    head = _complement_head(verb, lemma)
    if head is None:
        return None
    content = clause_span(head, skip=verb)
    if content is None and head.dep_ == "dobj" and head.pos_ in ("PROPN", "NOUN"):
        content = (head.i, head.i + 1)  # "criticized Trump"
    if content is None:
        return None
    if head.dep_ == "dobj":
        content = _with_reason(verb, head, content)
    speaker_span = noun_phrase(speaker)
    if content[0] <= speaker_span[0] < content[1]:
        return None
    return Clause(_cue_span(verb), speaker_span, content, sent_index, lemma, verb.i)


def _with_reason(verb: Token, obj: Token, content: tuple[int, int]) -> tuple[int, int]:
    """``praised Rubio for having a tough night``, ``described the dinner as ...``: the reason
    or the label the verb gives its object belongs to what was said about it."""
    for child in verb.rights:
        if child.i > obj.right_edge.i and child.dep_ == "prep" and child.lower_ in ("for", "as"):
            return content[0], max(content[1], child.right_edge.i + 1)
    return content


def _complement_head(verb: Token, lemma: str) -> Token | None:
    """The clause (``ccomp``), ``to`` complement or object that a non-speech cue governs."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            return child
    if lemma in reporting_verbs("attitude"):
        for child in verb.children:
            if child.dep_ == "xcomp" and any(c.lower_ == "to" for c in child.lefts):
                return child
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ != "PRON"), None)


def _asks(verb: Token) -> bool:
    """Whether the cue's clause is an indirect question (``say whether``, ``say how``)."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "dobj"):
            first = child.left_edge
            return first.lower_ in _QUESTION_WORDS or first.tag_ in ("WDT", "WP", "WRB")
    return True  # "declined to say" with nothing after it


def _verb_clause_plain(verb: Token, lemma: str, sent_index: int) -> Clause | None:
    content_head = _content_head(verb)
    if content_head is None and lemma in reporting_verbs("clause_only") and not _next_to_quote(verb):
        return None
    speaker = _speaker_token(verb)
    content = clause_span(content_head, skip=verb) if content_head is not None else None
    if content is not None and content[1] <= verb.i:
        content, speaker = _cut_at_closing_mark(verb, content, speaker)
    if content_head is not None and content is None and lemma in reporting_verbs("clause_only"):
        return None
    before_comma = False
    if content is None and speaker is not None:
        content = _content_before_comma(verb)
        before_comma = content is not None
    if speaker is None and content is None:
        return None
    speaker_span = noun_phrase(speaker) if speaker is not None else None
    if speaker_span and content and content[0] <= speaker_span[0] < content[1]:
        if before_comma:
            return None  # "X declined to comment, citing ...": the cue's own subject
        speaker_span = None  # the subject is inside the content: a parse error, not a speaker
    return Clause(_cue_span(verb), speaker_span, content, sent_index, lemma, verb.i)


def _according_clause(token: Token, sent: Span, sent_index: int) -> Clause | None:
    """``according to X, ...`` / ``..., according to X``."""
    if token.lower_ != "according":
        return None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is None or nxt.lower_ != "to":
        return None
    pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_start, phrase_end = token.i, max(token.right_edge.i, nxt.right_edge.i) + 1
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    side = after if (after[1] - after[0]) >= (before[1] - before[0]) else before
    doc = token.doc
    start, end = side
    while start < end and (doc[start].is_space or doc[start].is_punct and not doc[start].is_quote):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct and not doc[end - 1].is_quote
    ):
        end -= 1
    content = (start, end) if end - start >= 2 else None
    return Clause(
        (token.i, nxt.i + 1), noun_phrase(pobj), content, sent_index, "according to", token.i
    )


def find_clauses(doc: Doc) -> list[Clause]:
    """Every attribution clause of ``doc`` in text order (see the module example)."""
    clauses: list[Clause] = []
    for sent_index, sent in enumerate(sentences(doc)):
        for token in sent:
            clause = _according_clause(token, sent, sent_index) or _verb_clause(token, sent_index)
            if clause is not None:
                clauses.append(clause)
    return clauses
