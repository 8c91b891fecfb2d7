"""Hand-built records for the story tests: an article, its quotes, events and figures, with
offsets found in the text so every span is real."""

from __future__ import annotations

from types import SimpleNamespace

from dateline.records import (
    AnalysisRecord,
    Article,
    Entity,
    Event,
    EventParticipant,
    EventTime,
    Figure,
    NonComment,
    Place,
    Quote,
    Source,
    Speaker,
)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


class Builder:
    """Builds one AnalysisRecord from text, naming spans by their words."""

    def __init__(self, aid: str, text: str, outlet: str | None = None,
                 published: str | None = "2023-05-14", **article) -> None:  # fmt: skip
        self.text = text
        self.article = Article(id=aid, text=text, outlet=outlet, published=published, **article)
        self.entities: list[Entity] = []
        self.quotes: list[Quote] = []
        self.events: list[Event] = []
        self.figures: list[Figure] = []
        self.non_comments: list[NonComment] = []

    def entity(self, name: str, type: str = "PERSON", country: str | None = None) -> str:
        eid = f"ent{len(self.entities) + 1}"
        mentions = []
        at = self.text.find(name)
        if at >= 0:
            mentions.append((at, at + len(name)))
        self.entities.append(Entity(id=eid, name=name, type=type, country=country,
                                    mentions=mentions))  # fmt: skip
        return eid

    def quote(self, text: str, speaker: str, cue: str = "said", *, entity: str | None = None,
              channel: str | None = None, relayed_by=(), kind: str = "indirect") -> str:  # fmt: skip
        start, end = span(self.text, text)
        s_start, s_end = span(self.text, speaker) if speaker in self.text else (0, 0)
        c_start, c_end = span(self.text, cue, end) if cue in self.text[end:] else span(self.text, cue)
        qid = f"q{len(self.quotes) + 1}"
        self.quotes.append(
            Quote(id=qid, kind=kind, text=text, start=start, end=end, cue=cue, cue_start=c_start,
                  cue_end=c_end, speaker=Speaker(entity=entity, name=speaker, start=s_start,
                  end=s_end), channel=channel, relayed_by=list(relayed_by))  # fmt: skip
        )
        return qid

    def event(self, trigger: str, type: str = "FIGHT", *, factuality: str = "asserted",
              sources=(), actors=(), place: Place | None = None, time: str | None = None,
              time_text: str | None = None, after: int = 0, acled: str | None = None,
              acled_sub: str | None = None, cameo: str | None = None) -> str:  # fmt: skip
        start, end = span(self.text, trigger, after)
        eid = f"e{len(self.events) + 1}"
        self.events.append(
            Event(id=eid, type=type, trigger=trigger, start=start, end=end, cameo=cameo,
                  acled=acled, acled_sub=acled_sub, factuality=factuality,
                  sources=[self._source(q) for q in sources],
                  actors=[a if isinstance(a, EventParticipant) else EventParticipant(**a)
                          if isinstance(a, dict) else EventParticipant(name=a) for a in actors],
                  place=place, time=EventTime(value=time, text=time_text) if time else None)  # fmt: skip
        )
        return eid

    def _source(self, qid: str) -> Source:
        quote = next(q for q in self.quotes if q.id == qid)
        return Source(name=quote.speaker.name if quote.speaker else None,
                      entity=quote.speaker.entity if quote.speaker else None, quote=qid)  # fmt: skip

    def figure(self, text: str, *, value=None, min=None, max=None, unit=None, about=None,
               asserted_by=(), disputed_by=()) -> None:  # fmt: skip
        start, end = span(self.text, text)
        self.figures.append(
            Figure(text=text, start=start, end=end, value=value, min=min, max=max, unit=unit,
                   about=about, asserted_by=[Source(name=n) for n in asserted_by],
                   disputed_by=[Source(name=n) for n in disputed_by])  # fmt: skip
        )

    def non_comment(self, text: str, who: str, kind: str = "no_comment") -> None:
        start, end = span(self.text, text)
        self.non_comments.append(NonComment(who=who, kind=kind, text=text, start=start, end=end))

    def record(self) -> AnalysisRecord:
        return AnalysisRecord(
            article=self.article, entities=self.entities, quotes=self.quotes,
            events=self.events, figures=self.figures, non_comments=self.non_comments,
        )  # fmt: skip


def place(name: str, lat: float, lon: float, country: str, feature: str = "P.PPL", gid: int = 0,
          text: str = "", start: int = 0) -> Place:  # fmt: skip
    return Place(text=text or name, start=start, end=start + len(text or name), name=name,
                 country=country, lat=lat, lon=lon, geonames_id=gid or None, feature=feature)  # fmt: skip


def linking(*clusters, links=()):
    """A Linking as build_stories reads it: clusters of article:event keys."""
    return SimpleNamespace(clusters=[sorted(c) for c in clusters], links=list(links))


def records(*recs: AnalysisRecord) -> dict[str, AnalysisRecord]:
    return {r.article.id: r for r in recs}
