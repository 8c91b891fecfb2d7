"""The web UI without a browser: page shells, JSON twins, static files, vendored assets, and a
guard that our scripts never hand record text to an HTML parser."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dateline.web import PAGES, json_twin, render, static_dir

ROOT = Path(__file__).resolve().parents[2]
STATIC = static_dir()
OUR_JS = sorted((STATIC / "js").glob("*.js"))


@pytest.fixture
def client():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from dateline.web import mount

    app = FastAPI()
    mount(app)
    with TestClient(app) as test_client:
        yield test_client


PATHS = {
    "home": "/",
    "article": "/articles/abc",
    "stories": "/stories",
    "story": "/stories/s1",
    "map": "/map",
    "timeline": "/timeline",
}


def test_every_page_is_served_with_its_script_and_twin(client):
    assert set(PATHS) == {p.name for p in PAGES}
    for name, path in PATHS.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert f'<script type="module" src="/static/js/{name}.js"></script>' in html
        twin = json_twin(name, {"article_id": "abc", "story_id": "s1"}, "")
        assert f'<link rel="alternate" type="application/json" href="{twin}">' in html
        assert "<script>" not in html and not re.search(r"\son\w+=", html)  # no inline script


def test_every_file_a_page_or_script_loads_is_served(client):
    """Shells load scripts and styles; scripts import modules: all of them exist and are served."""
    wanted = set()
    for path in PATHS.values():
        wanted |= set(re.findall(r'(?:src|href)="(/static/[^"]+)"', client.get(path).text))
    for script in OUR_JS:
        wanted |= {f"/static/js/{m}" for m in re.findall(r'from "\./([\w-]+\.js)"', script.read_text())}
    wanted.add("/static/vendor/world-atlas/countries-50m.json")  # fetched by map.js
    for url in sorted(wanted):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content, url


def test_json_twins_keep_the_page_filters_only():
    assert json_twin("home", {}, "q=strike&outlet=&x=1") == "/api/v1/articles?q=strike&limit=50"
    assert json_twin("article", {"article_id": "a/b?c"}, "q=1") == "/api/v1/articles/a%2Fb%3Fc"
    assert (
        json_twin("timeline", {}, "factuality=denied&type=FIGHT")
        == "/api/v1/events?factuality=denied&type=FIGHT&limit=500"
    )


def test_request_data_reaches_the_shell_escaped():
    html = render("article", {"article_id": '"><img src=x onerror=alert(1)>'}, "")
    assert "<img" not in html
    assert "onerror=alert(1)%3E" in html or "onerror%3Dalert" in html


# Assigning HTML from data, running strings as code, or writing the document: none of it in our
# own scripts (record text only ever becomes text nodes). Vendored libraries are not checked.
FORBIDDEN = re.compile(
    r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
    r"setAttribute\(\s*[\"']on|\.on\w+\s*=(?!=)"
)


@pytest.mark.parametrize("script", OUR_JS, ids=lambda p: p.name)
def test_our_scripts_never_parse_record_text_as_html(script):
    code = re.sub(r"//[^\n]*", "", script.read_text())  # comments may name what they avoid
    assert FORBIDDEN.findall(code) == []


def test_vendored_assets_are_listed_with_their_licences():
    vendor = STATIC / "vendor"
    listing = (vendor / "VENDORED.md").read_text()
    rows = [line for line in listing.splitlines() if line.startswith("| ") and "sha512-" in line]
    assert {row.split("|")[1].strip() for row in rows} == {
        p.name for p in vendor.iterdir() if p.is_dir()
    }
    for row in rows:
        files = row.split("|")[4].split()
        assert any(f.endswith("/LICENSE") for f in files), row
        for name in files:
            assert (vendor / name).is_file(), name
    listed = {name for row in rows for name in row.split("|")[4].split()}
    on_disk = {str(p.relative_to(vendor)) for p in vendor.rglob("*") if p.is_file()}
    assert on_disk - {"VENDORED.md"} == listed


@pytest.mark.slow
def test_an_installed_wheel_carries_the_web_ui(tmp_path):
    """Package data: the wheel holds every static file (an installed `dateline serve` needs them)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("dateline-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in STATIC.rglob("*"):
        if path.is_file():
            assert f"dateline/web/static/{path.relative_to(STATIC)}" in names, path


def test_the_filter_values_come_from_the_python_tables_not_copies(client):
    """The pages' type and factuality filters import ./vocabulary.js, which the server writes
    from the type table and the record model; no page script keeps a list of its own."""
    import json

    from dateline.events.types import event_types
    from dateline.records import Event

    script = client.get("/static/js/vocabulary.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    arrays = {
        name: json.loads(value)
        for name, value in re.findall(r"export const (\w+) = (\[.*?\]);", script.text)
    }
    factuality = Event.model_json_schema()["properties"]["factuality"]["enum"]
    assert arrays["FACTUALITY"] == factuality
    assert set(arrays["PLOVER_TYPES"]) >= {row.plover for row in event_types().values()}
    subtypes = {row.acled_sub for row in event_types().values() if row.acled_sub}
    assert set(arrays["ACLED_TYPES"]) >= subtypes
    for path in OUR_JS:
        text = path.read_text()
        assert '"hypothetical"' not in text and '"THREATEN"' not in text, path.name
