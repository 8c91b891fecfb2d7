"""`dateline stories`, `story` and `link` through Typer's CliRunner on a real DuckDB file, and
the analyst exports (ACLED CSV, PLOVER JSON, GeoJSON) checked for shape and content."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.linking.exports import ACLED_COLUMNS, STORY_COLUMNS, fatalities, summary
from dateline.records import (
    Contradiction,
    EventParticipant,
    Origin,
    Place,
    Side,
    Story,
    StoryFigure,
    StoryReport,
    StoryTime,
)
from dateline.store import open_store

runner = CliRunner()


def _strike() -> Story:
    text_a = "a shell hit the hospital"
    text_b = "the army said it struck only military targets"
    return Story(
        id="s1aaa",
        type="ASSAULT",
        cameo="18",
        acled="Explosions/Remote violence",
        acled_sub="Shelling/artillery/missile attack",
        place=Place(text="Kharkiv", start=0, end=7, name="Kharkiv", country="UA", lat=49.99,
                    lon=36.23, feature="P.PPLA"),  # fmt: skip
        time=StoryTime(value="2022-04-01", precision="day"),
        first_reported="2022-04-01",
        last_reported="2022-04-02",
        articles=["a1", "a2", "a3"],
        reports=[
            StoryReport(article="a1", event="e1", outlet="Daily Post", published="2022-04-01",
                        factuality="asserted", origin="o1"),  # fmt: skip
            StoryReport(article="a2", event="e2", outlet="Herald", published="2022-04-01",
                        factuality="asserted", origin="o1"),  # fmt: skip
            StoryReport(article="a3", event="e1", outlet="Times", published="2022-04-02",
                        factuality="denied", origin="o2"),  # fmt: skip
        ],
        origins=[
            Origin(id="o1", name="Ihor Terekhov", kind="person", channel="on Telegram",
                   via=["Daily Post", "Herald"], articles=["a1", "a2"], stance="asserts"),
            Origin(id="o2", name="Russian Defence Ministry", kind="body", articles=["a3"],
                   stance="denies"),
            Origin(id="o3", name="Reuters", kind="wire", articles=["a1", "a2"], stance="asserts"),
        ],  # fmt: skip
        corroboration=2,
        asserted_by=["o1", "o3"],
        denied_by=["o2"],
        factuality="contested",
        contradictions=[
            Contradiction(
                kind="factuality",
                a=Side(origin="o1", article="a1", text=text_a, start=0, end=len(text_a)),
                b=Side(origin="o2", article="a3", text=text_b, start=10, end=10 + len(text_b)),
                note="the mayor asserts it; the ministry denies it",
            ),
            Contradiction(
                kind="figure",
                a=Side(origin="o1", article="a1", text="40 killed", start=30, end=39),
                b=Side(origin="o2", article="a3", text="12 dead", start=50, end=57),
                note="40 killed against 12",
            ),
        ],
        figures=[
            StoryFigure(article="a1", text="40 killed", start=30, end=39, value=40,
                        about="people killed", origin="o1"),
            StoryFigure(article="a3", text="12 dead", start=50, end=57, value=12, about="dead",
                        origin="o2"),
            StoryFigure(article="a3", text="300 homes", start=60, end=69, value=3,
                        about="homes damaged", origin="o2"),
        ],  # fmt: skip
        actors=[EventParticipant(name="Russian forces", country="RU"),
                EventParticipant(name="Wagner Group", country="RU")],
        targets=[EventParticipant(name="civilians", country="UA")],
    )  # fmt: skip


def _march() -> Story:
    return Story(
        id="s2bbb",
        type="PROTEST",
        acled="Protests",
        acled_sub="Peaceful protest",
        place=Place(text="Tbilisi", start=0, end=7, name="Tbilisi", country="GE", lat=41.69,
                    lon=44.83, feature="P.PPLC"),  # fmt: skip
        time=StoryTime(value="2022-04", precision="month"),
        first_reported="2022-04-10",
        last_reported="2022-04-10",
        articles=["b1"],
        reports=[StoryReport(article="b1", event="e1", outlet="Post", published="2022-04-10",
                             factuality="asserted", origin="o1")],  # fmt: skip
        origins=[Origin(id="o1", name="Post", kind="outlet", articles=["b1"])],
        corroboration=1,
        asserted_by=["o1"],
    )


def _nowhere() -> Story:
    return Story(id="s3ccc", type="STATEMENT", first_reported="2022-05-01")


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put_stories([_strike(), _march(), _nowhere()])
    return str(path)


def run(*args: str, width: int = 80):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)})


def test_story_commands_have_help() -> None:
    for name in ("link", "stories", "story"):
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, name


def test_stories_json_is_one_story_per_line(db) -> None:
    result = run("stories", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    stories = [Story.model_validate_json(line) for line in lines]
    assert [s.id for s in stories] == ["s1aaa", "s2bbb", "s3ccc"]
    assert stories[0] == _strike()
    first = json.loads(lines[0])
    contract = {"id", "type", "cameo", "acled", "acled_sub", "place", "time", "first_reported",
                "last_reported", "articles", "reports", "origins", "corroboration", "asserted_by",
                "denied_by", "silent", "factuality", "contradictions", "figures", "links"}  # fmt: skip
    assert contract <= first.keys()
    assert {"article", "event", "outlet", "published", "factuality", "origin"} == set(
        first["reports"][0]
    )


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--country", "UA"], ["s1aaa"]),
        (["--country", "georgia"], ["s2bbb"]),
        (["--place", "tbil"], ["s2bbb"]),
        (["--type", "protest"], ["s2bbb"]),
        (["--min-origins", "2"], ["s1aaa"]),
        (["--contradicted"], ["s1aaa"]),
        (["--since", "2022-04-02"], ["s2bbb", "s3ccc"]),
        (["--until", "2022-04-30"], ["s1aaa", "s2bbb"]),
        (["--until", "2022-04-05"], ["s1aaa"]),
        (["--limit", "1"], ["s1aaa"]),
    ],
)
def test_stories_filters(db, flags, expected) -> None:
    result = run("stories", *flags, "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == expected


def test_stories_csv_has_the_documented_columns(db) -> None:
    result = run("stories", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == STORY_COLUMNS
    assert rows[0]["denied_by"] == "Russian Defence Ministry"
    assert rows[0]["outlets"] == "Daily Post; Herald; Times"
    assert [r["contradictions"] for r in rows] == ["2", "0", "0"]


def test_stories_table_lists_every_story(db) -> None:
    result = run("stories", "--db", db)
    assert result.exit_code == 0, result.output
    for story_id in ("s1aaa", "s2bbb", "s3ccc"):
        assert story_id in result.output


def test_acled_csv(db, tmp_path) -> None:
    out = tmp_path / "acled.csv"
    result = run("stories", "--format", "acled", "--output", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    assert tuple(header) == ACLED_COLUMNS
    assert header[:3] == ["event_id_cnty", "event_date", "year"]
    assert header[-3:] == ["corroboration", "contradictions", "story_id"]
    strike, march, nowhere = rows
    assert strike["event_id_cnty"] == "UKR-s1aaa" and strike["story_id"] == "s1aaa"
    assert (strike["event_date"], strike["year"], strike["time_precision"]) == (
        "2022-04-01", "2022", "1")  # fmt: skip
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (strike["actor1"], strike["assoc_actor_1"], strike["actor2"]) == (
        "Russian forces", "Wagner Group", "civilians")  # fmt: skip
    assert (strike["country"], strike["location"]) == ("Ukraine", "Kharkiv")
    assert (float(strike["latitude"]), float(strike["longitude"])) == (49.99, 36.23)
    assert strike["geo_precision"] == "1"
    assert strike["source"] == "Daily Post; Herald; Times"
    assert strike["fatalities"] == "12"  # the conservative count, homes not counted
    assert (strike["corroboration"], strike["contradictions"]) == ("2", "2")
    assert "Kharkiv" in strike["notes"] and "\n" not in strike["notes"]
    assert "denied by Russian Defence Ministry" in strike["notes"]
    assert (march["event_date"], march["time_precision"]) == ("2022-04-15", "3")
    assert march["fatalities"] == "0" and march["country"] == "Georgia"
    assert nowhere["event_id_cnty"] == "XXX-s3ccc" and nowhere["latitude"] == ""
    assert (nowhere["event_date"], nowhere["time_precision"]) == ("2022-05-01", "2")


def test_plover_json_lines(db) -> None:
    result = run("stories", "--format", "plover", "--db", db)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) == 3
    strike = events[0]
    assert {"type", "mode", "context", "actors", "story_id"} <= strike.keys()
    assert (strike["type"], strike["mode"], strike["context"]) == (
        "ASSAULT", "artillery", ["military"])  # fmt: skip
    assert strike["actors"][0] == {"name": "Russian forces", "country": "RUS", "role": "actor"}
    assert strike["actors"][-1]["role"] == "recipient"
    assert events[1]["context"] == ["protest"] and events[2]["actors"] == []


def test_geojson(db, tmp_path) -> None:
    out = tmp_path / "stories.geojson"
    result = run("stories", "--format", "geojson", "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["id"] for f in features] == ["s1aaa", "s2bbb"]  # s3ccc has no place
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["story_id"] == feature["id"]
    assert features[0]["geometry"]["coordinates"] == [36.23, 49.99]


def test_story_shows_origins_timeline_and_contradictions(db) -> None:
    result = run("story", "s1aaa", "--db", db, width=240)
    assert result.exit_code == 0, result.output
    out = result.output
    for title in ("Claims by origin", "Timeline of reports", "Contradictions"):
        assert title in out
    for text in ("Ihor Terekhov", "Russian Defence Ministry", "denies", "Daily Post", "Times"):
        assert text in out
    assert "a shell hit the hospital" in out and "military targets" in out
    assert out.index("Daily Post") < out.index("Times")  # a timeline: earliest first


def test_story_json_and_missing_story(db) -> None:
    result = run("story", "s2bbb", "--format", "json", "--db", db)
    assert Story.model_validate_json(result.output) == _march()
    missing = run("story", "nope", "--db", db)
    assert missing.exit_code == 1 and "E311" in missing.output


def test_bad_filters_are_numbered_errors(db) -> None:
    result = run("stories", "--since", "April", "--db", db)
    assert result.exit_code == 1 and "E306" in result.output
    result = run("stories", "--country", "Atlantis", "--db", db)
    assert result.exit_code == 2 and "E312" in result.output


def test_fatalities_and_summary_helpers() -> None:
    strike = _strike()
    assert fatalities(strike) == 12
    assert fatalities(_march()) == 0
    line = summary(strike)
    assert line.startswith("On 2022-04-01, Russian forces: shelling/artillery/missile attack")
    assert "3 reports, 2 independent origins assert it" in line
    assert "2 contradictions" in line


@pytest.mark.model
def test_ingest_links_no_link_skips_and_link_recomputes_the_same(tmp_path) -> None:
    import shutil
    from pathlib import Path

    gold = Path(__file__).resolve().parents[2] / "eval" / "gold" / "stories" / "dev"
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir(), later.mkdir()
    for path in sorted(gold.glob("*.txt")):
        shutil.copy(path, first if path.name.startswith(("a0", "b0")) else later)
    db = str(tmp_path / "gold.duckdb")

    ingested = run("ingest", str(first), "--db", db)
    assert ingested.exit_code == 0, ingested.output
    assert "stories updated" in ingested.stdout
    linked = [Story.model_validate_json(x) for x in run("stories", "--format", "json",
                                                        "--db", db).stdout.splitlines()]  # fmt: skip
    assert any(len(s.articles) >= 2 for s in linked)  # the same strike told by several outlets
    with open_store(db, read_only=True) as store:
        first_ids = set(store.ids())
    assert {a for s in linked for a in s.articles} <= first_ids

    quiet = run("ingest", str(later), "--no-link", "--db", db)
    assert quiet.exit_code == 0 and "stories updated" not in quiet.stdout
    after = run("stories", "--format", "json", "--db", db).stdout.splitlines()
    assert [Story.model_validate_json(x) for x in after] == linked

    once = run("link", "--format", "json", "--db", db)
    twice = run("link", "--format", "json", "--db", db)
    assert once.exit_code == 0, once.output
    assert once.stdout == twice.stdout  # deterministic: same stories, same ids
    recomputed = [Story.model_validate_json(x) for x in once.stdout.splitlines()]
    with open_store(db, read_only=True) as store:
        assert {a for s in recomputed for a in s.articles} == set(store.ids())
        assert sorted(s.id for s in store.stories()) == sorted(s.id for s in recomputed)
