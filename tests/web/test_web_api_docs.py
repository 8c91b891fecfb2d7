"""The API's interactive docs in a real browser: Swagger UI from this server, under the same
Content-Security-Policy (no inline script), with no request to another host."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]


def test_api_docs_render_offline_under_the_csp(page, server, screenshots):
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert "/api/v1/articles" in paths and "/api/v1/stories/{story_id}" in paths
    page.screenshot(path=str(screenshots / "api-docs.png"))
    assert not page.watch.errors and not page.watch.console_errors
    assert not page.watch.foreign()
