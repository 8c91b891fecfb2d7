"""TimeML classes of general event triggers (integration: the model parses)."""

from __future__ import annotations

import pytest

from dateline.events.timeml import token_class

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "word", "cls"),
    [
        ("Investors hoped for a quick recovery.", "hoped", "I_STATE"),
        ("The company sought approval from regulators.", "sought", "I_ACTION"),
        ("The union called for new talks.", "called", "I_ACTION"),
        ("The rules require a public hearing.", "require", "I_STATE"),
        ("Officials said the plant closed.", "said", "REPORTING"),
    ],
)
def test_timeml_class_follows_the_guidelines(nlp, text, word, cls):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert token_class(token) == cls
