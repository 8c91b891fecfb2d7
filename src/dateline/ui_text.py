"""Terminal rendering (rich) for the CLI: records, rows and scores. No logic lives here."""

from __future__ import annotations

import csv
import io
import json
import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dateline.records import AnalysisRecord


def console_out() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def console_err() -> Console:
    return Console(file=sys.stderr, highlight=False)


def _summary(record: AnalysisRecord) -> dict | None:
    try:
        from dateline.events import main_event_summary
    except ImportError:  # the events stage is optional
        return None
    return main_event_summary(record) if record.events else None


def print_record(record: AnalysisRecord, console: Console | None = None) -> None:
    """A readable summary of one record: main event first, then quotes, entities, times, places."""
    console = console or console_out()
    a = record.article
    console.print(f"[bold]{escape(a.title or '(untitled)')}[/bold]")
    console.print(
        f"id {a.id} · {escape(a.outlet or 'outlet unknown')} · published {a.published or 'unknown'}"
        f" · {len(a.text.split())} words"
    )
    if record.analyzer is not None:
        an = record.analyzer
        console.print(
            f"analyzed by dateline {escape(an.dateline)} · {escape(an.model)} "
            f"{escape(an.model_version)} · config {escape(an.config)}",
            style="dim",
        )
    summary = _summary(record)
    if summary:
        table = Table(title="Main event", show_header=False)
        for key, value in summary.items():
            table.add_row(escape(str(key)), escape(_fmt(value)))
        console.print(table)
    if record.quotes:
        table = Table(title=f"Quotes ({len(record.quotes)})")
        for col in ("speaker", "cue", "kind", "text", "via"):
            table.add_column(col, overflow="fold")
        for q in record.quotes:
            via = " → ".join(link.name for link in q.chain[1:]) if q.chain else ""
            table.add_row(
                escape(q.speaker.name if q.speaker else "?"),
                escape(q.cue or ""),
                q.kind,
                escape(_clip(q.text)),
                escape(via),
            )
        console.print(table)
    if record.non_comments:
        table = Table(title="Did not comment")
        table.add_column("who")
        table.add_column("kind")
        table.add_column("text", overflow="fold")
        for n in record.non_comments:
            table.add_row(escape(n.who), n.kind, escape(_clip(n.text)))
        console.print(table)
    if record.entities:
        table = Table(title=f"Entities ({len(record.entities)})")
        for col in ("name", "type", "roles", "mentions"):
            table.add_column(col, overflow="fold")
        for e in record.entities:
            table.add_row(escape(e.name), e.type, escape("; ".join(e.roles)), str(len(e.mentions)))
        console.print(table)
    if record.events:
        table = Table(title=f"Events ({len(record.events)})")
        for col in ("type", "trigger", "actors", "targets", "where", "when", "factuality"):
            table.add_column(col, overflow="fold")
        for ev in record.events:
            table.add_row(
                ev.type,
                escape(ev.trigger),
                escape(", ".join(p.name for p in ev.actors)),
                escape(", ".join(p.name for p in ev.targets)),
                escape(ev.place.name or ev.place.text if ev.place else ""),
                escape(ev.time.value or "" if ev.time else ""),
                ev.factuality,
            )
        console.print(table)
    if record.times or record.places or record.figures:
        table = Table(title="Times, places, figures")
        table.add_column("what")
        table.add_column("text", overflow="fold")
        table.add_column("value", overflow="fold")
        for t in record.times:
            table.add_row(t.type.lower(), escape(t.text), escape(t.value or "unresolved"))
        for p in record.places:
            where = f"{p.name} ({p.country}) {p.lat:.2f},{p.lon:.2f}" if p.lat is not None else "?"
            table.add_row("place", escape(p.text), escape(where))
        for f in record.figures:
            table.add_row("figure", escape(f.text), escape(_figure(f)))
        console.print(table)
    if record.article.removed:
        console.print(f"removed from text: {len(record.article.removed)} caption/credit line(s)")
    for w in record.warnings:
        console.print(f"[yellow]{w.code}[/yellow] {escape(w.message)}")


def _figure(f) -> str:
    """What a figure counts, its bounds, and who gives and who disputes it (by name)."""
    text = f"{f.about or ''} {_bounds(f)}".strip()
    if f.asserted_by:
        text += " · per " + ", ".join(s.name or "?" for s in f.asserted_by)
    if f.disputed_by:
        text += " · disputed by " + ", ".join(s.name or "?" for s in f.disputed_by)
    return text


def _bounds(f) -> str:
    parts = []
    if f.value is not None:
        parts.append(f"= {f.value:g}")
    if f.min is not None:
        parts.append(f"≥ {f.min:g}")
    if f.max is not None:
        parts.append(f"≤ {f.max:g}")
    return " ".join(parts)


def _fmt(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    return str(value)


def _clip(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def print_rows(rows: list[dict], fmt: str, file=None) -> None:
    """Rows as a table, JSON (an array) or CSV."""
    file = file or sys.stdout
    if fmt == "json":
        file.write(json.dumps(rows, ensure_ascii=False, default=str, indent=2) + "\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        if rows:
            writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v) for k, v in row.items()})
        file.write(buf.getvalue())
        return
    table = Table(show_lines=False)
    columns = list(rows[0]) if rows else []
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_clip(_cell(row[c]), 80)) for c in columns))
    Console(file=file, highlight=False).print(table)
    Console(file=sys.stderr).print(f"{len(rows)} row(s)")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def print_scores(results: dict[str, dict[str, dict[str, float]]]) -> None:
    """One table per task: metrics as rows, systems side by side."""
    console = console_out()
    for task, systems in results.items():
        names = list(systems)
        metrics: list[str] = []
        for scores in systems.values():
            metrics += [m for m in scores if m not in metrics]
        table = Table(title=task)
        table.add_column("metric")
        for name in names:
            table.add_column(name, justify="right")
        for metric in metrics:
            cells = [systems[n].get(metric) for n in names]
            table.add_row(metric, *("—" if c is None else _num(c) for c in cells))
        console.print(table)


def _num(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def print_story(story, console: Console | None = None) -> None:
    """One story, readable: what and where, the claims by origin, a timeline of reports, and
    the contradictions side by side."""
    console = console or console_out()
    names = {o.id: o.name for o in story.origins}
    outlet_of = {r.article: r.outlet for r in story.reports}
    what = " / ".join(x for x in (story.type, story.acled, story.acled_sub) if x)
    where = (story.place.name or story.place.text) if story.place else "place unknown"
    if story.place and story.place.country:
        where += f" ({story.place.country})"
    when = f"{story.time.value} ({story.time.precision})" if story.time else "date unknown"
    console.print(f"[bold]{escape(what)}[/bold] · {escape(where)} · {escape(when)}")
    console.print(
        f"story {story.id} · {len(story.articles)} article(s), reported "
        f"{story.first_reported or '?'} – {story.last_reported or '?'} · factuality "
        f"{story.factuality} · corroboration {story.corroboration} independent origin(s)"
    )
    if story.actors or story.targets:
        console.print(
            "actors: " + escape(", ".join(p.name for p in story.actors) or "—")
            + " · targets: " + escape(", ".join(p.name for p in story.targets) or "—")
        )
    if story.origins:
        table = Table(title="Claims by origin")
        for col in ("origin", "kind", "stance", "channel", "via", "articles"):
            table.add_column(col, overflow="fold")
        for o in story.origins:
            stance = {"asserts": "[green]asserts[/]", "claims": "[green]claims[/]",
                      "denies": "[red]denies[/]"}.get(o.stance, o.stance)  # fmt: skip
            table.add_row(
                escape(o.name),
                o.kind,
                stance,
                escape(o.channel or ""),
                escape(", ".join(o.via)),
                str(len(o.articles)),
            )
        console.print(table)
    if story.reports:
        table = Table(title="Timeline of reports")
        for col in ("published", "outlet", "article", "event", "factuality", "origin"):
            table.add_column(col, overflow="fold")
        ordered = sorted(story.reports, key=lambda r: (r.published or "9999", r.article))
        for r in ordered:
            table.add_row(
                r.published or "?",
                escape(r.outlet or "?"),
                r.article,
                r.event,
                r.factuality,
                escape(names.get(r.origin or "", r.origin or "—")),
            )
        console.print(table)
    if story.contradictions:
        table = Table(title="Contradictions", show_lines=True)
        for col in ("kind", "one side", "the other side", "note"):
            table.add_column(col, overflow="fold")
        for c in story.contradictions:
            table.add_row(
                c.kind,
                escape(_side(c.a, names, outlet_of)),
                escape(_side(c.b, names, outlet_of)),
                escape(c.note),
            )
        console.print(table)
    if story.statements:
        table = Table(title="Statements and their relays")
        for col in ("speaker", "statement", "relayed by"):
            table.add_column(col, overflow="fold")
        for s in story.statements:
            table.add_row(escape(s.speaker or "?"), escape(_clip(s.text)), escape(", ".join(s.relays)))
        console.print(table)
    if story.figures:
        table = Table(title="Figures")
        for col in ("figure", "counts", "bounds", "origin", "outlet"):
            table.add_column(col, overflow="fold")
        for f in story.figures:
            table.add_row(
                escape(f.text),
                escape(f.about or ""),
                escape(_bounds(f)),
                escape(names.get(f.origin or "", f.origin or "—")),
                escape(outlet_of.get(f.article) or f.article),
            )
        console.print(table)


def _side(side, names: dict[str, str], outlet_of: dict[str, str | None]) -> str:
    who = names.get(side.origin or "", side.origin or "unattributed")
    return f"{who} ({outlet_of.get(side.article) or side.article}): “{_clip(side.text, 200)}”"


def print_stories(stories, file=None) -> None:
    """Stories as a compact terminal table, one row each (``dateline stories``)."""
    from rich import box

    console = Console(file=file or sys.stdout, highlight=False)
    table = Table(
        box=box.SIMPLE_HEAD,
        caption="arts: articles · orig: independent origins asserting · contra: contradictions",
    )
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("place", overflow="fold", min_width=12)
    for col in ("arts", "orig", "contra"):
        table.add_column(col, justify="right", no_wrap=True)
    for s in stories:
        place = (s.place.name or s.place.text) if s.place else ""
        if s.place and s.place.country:
            place = f"{place} ({s.place.country})" if place else s.place.country
        table.add_row(
            s.id,
            (s.time.value if s.time and s.time.value else s.first_reported) or "?",
            s.type,
            escape(place),
            str(len(s.articles)),
            str(s.corroboration),
            str(len(s.contradictions)) if s.contradictions else "",
        )
    console.print(table)
    Console(file=sys.stderr).print(f"{len(stories)} stories")
