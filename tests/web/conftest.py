"""The browser tier: the app of `dateline serve` on a free loopback port over a real DuckDB
store (the demo articles, two reports of one shelling that contradict each other, and a hostile
article), driven by Debian's headless Chromium through Playwright.

One store, one server and one browser per test session; each test gets a fresh page that
records every dialog, request, page error and CSP complaint. Screenshots go to
``build/screenshots/`` (``$DATELINE_SCREENSHOTS`` to change it). Chromium comes from
``scripts/test-deps.sh`` (apt-get); where it is missing the tier skips with a loud reason. Never
``playwright install``: it downloads a browser build of its own.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    """Debian's chromium (or ``$DATELINE_CHROMIUM``), None where there is none."""
    given = os.environ.get("DATELINE_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("DATELINE_SCREENSHOTS", ROOT / "build" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class WebStore:
    """The store the app serves, and what it holds, read back before the server starts."""

    db: Path
    records: dict  # article id -> AnalysisRecord
    stories: list  # every Story


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, pipeline) -> WebStore:
    """A DuckDB file ingested from demo/ and tests/web/data/ (linked into stories)."""
    from dateline.config import Settings
    from dateline.ingest import ingest
    from dateline.store import open_store

    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    report = ingest([str(ROOT / "demo"), str(DATA)], Settings(db=str(db)), pipeline)
    assert report.ok, report.failed
    with open_store(db) as store:
        records = {r.article.id: r for r in store.records()}
        stories = store.stories()
    return WebStore(db=db, records=records, stories=stories)


@dataclass
class Server:
    base: str
    store: WebStore


@pytest.fixture(scope="session")
def server(web_store):
    """`dateline serve`'s app on a free loopback port, in a thread, for the whole session."""
    import uvicorn

    from dateline.api import create_app

    app = create_app(web_store.db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start on loopback")
        time.sleep(0.05)
    yield Server(base=f"http://127.0.0.1:{port}", store=web_store)
    uv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, through Playwright)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.skip("BROWSER TESTS SKIPPED: the playwright package is missing (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        pytest.skip(
            "BROWSER TESTS SKIPPED: no chromium at /usr/bin/chromium; run `bash scripts/test-deps.sh` "
            "as root (apt-get install chromium) or set DATELINE_CHROMIUM"
        )
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
    except Exception as exc:  # a broken install: say so, loudly
        playwright.stop()
        pytest.skip(f"BROWSER TESTS SKIPPED: chromium at {path} would not start: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class Watch:
    """What a page did besides rendering: dialogs, requests, script errors, CSP violations."""

    origin: str
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.origin + "/")]


@pytest.fixture
def page(browser, server):
    """A fresh page (own context) on the app, recording everything in ``page.watch``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.base)
    pg = context.new_page()
    watch = Watch(origin=server.base)

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("request", lambda request: watch.requests.append(request.url))
    pg.on("pageerror", lambda error: watch.errors.append(str(error)))
    pg.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    pg.watch = watch
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
