"""Legacy encodings told apart: Latin-1/cp1252, cp1250 and cp1251 give back the real names."""

from __future__ import annotations

import pytest

from dateline.article.encoding import best_decoding, plausibility
from dateline.article.read import decode, read_articles

SHORT = [
    ("Núñez", "latin-1"),
    ("Peña", "latin-1"),
    ("Müller", "latin-1"),
    ("Núñez", "cp1252"),
    ("Łódź", "cp1250"),
    ("Харків", "cp1251"),
]
PARAGRAPHS = [
    (
        "The mayor, Ana Núñez, said on Friday that talks with Peña had stalled, and that "
        "Müller would fly to Madrid on Monday to restart them.",
        "latin-1",
    ),
    (
        "El presidente Núñez afirmó el martes que la reunión con el señor Peña “fue "
        "productiva” y que Müller llegará mañana a Madrid.",
        "cp1252",
    ),
    (
        "Prezydent Łodzi powiedział, że władze miasta Łódź przygotowują nowy plan dla "
        "śródmieścia, a mieszkańcy dostaną pomoc.",
        "cp1250",
    ),
    (
        "The governor said shelling hit Łódź's twin city, and officials in Łódź sent aid.",
        "cp1250",
    ),
    (
        "Мер Харкова заявив, що місто Харків продовжує роботу попри обстріли. Жителі "
        "отримали допомогу.",
        "cp1251",
    ),
    ("Officials in Харків said the shelling had stopped by Friday morning.", "cp1251"),
]


@pytest.mark.parametrize(("text", "encoding"), SHORT + PARAGRAPHS)
def test_legacy_bytes_decode_to_the_real_names(text, encoding):
    assert best_decoding(text.encode(encoding)).text == text


@pytest.mark.parametrize(("text", "encoding"), SHORT + PARAGRAPHS)
def test_files_in_legacy_encodings_read_back_with_a_warning(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"Title: News\n\n{text}".encode(encoding))
    [item] = list(read_articles([str(path)]))
    assert item.error is None
    assert item.article.text == text
    [note] = [w for w in item.warnings if w["code"] == "W102"]
    assert "decoded as" in note["message"]


def test_latin1_is_not_read_as_cp1250():
    # The old behaviour: charset-normalizer alone ranks cp1250 first for these bytes.
    decoded = decode("José Núñez y Peña dijo que Müller vendrá.".encode("latin-1"), "x")
    assert "Núñez" in decoded.text and "Peña" in decoded.text and "ń" not in decoded.text


def test_the_warning_names_the_encoding_chosen(tmp_path):
    path = tmp_path / "pl.txt"
    path.write_bytes("Title: x\n\nWładze miasta Łódź przygotowują nowy plan.".encode("cp1250"))
    [item] = list(read_articles([str(path)]))
    assert any("cp1250" in w["message"] for w in item.warnings)


def test_plausibility_prefers_one_alphabet_and_one_script():
    assert plausibility("Núñez") > plausibility("Núńez")  # Spanish ú with Polish ń
    assert plausibility("Łódź") > plausibility("£ódŸ")  # a symbol and a capital in a word
    assert plausibility("Харків") > plausibility("Õàðê³â")
    assert plausibility("Harkiv") == plausibility("Harkiv ")  # ASCII words are not scored
    assert plausibility("Nъсez") < plausibility("Nuñez")  # Cyrillic inside a Latin word


def test_east_asian_multibyte_text_is_kept():
    text = "北京时间周五，外交部发言人表示谈判陷入僵局。"
    assert best_decoding(text.encode("gb18030")).text == text


def test_utf8_with_a_stray_byte_stays_utf8():
    data = "Zelenskyy met Núñez in Kyiv — “we will rebuild”, he said.".encode() + b"\xff"
    decoded = decode(data, "x")
    assert decoded.text.startswith("Zelenskyy met Núñez in Kyiv — “we will rebuild”")
    assert "1 undecodable bytes replaced" in decoded.warnings[0]["message"]


def test_utf16_with_a_byte_order_mark_is_text():
    decoded = decode("Peña said Харків was calm.".encode("utf-16"), "x")
    assert decoded.text == "Peña said Харків was calm."


def test_long_files_are_judged_on_a_sample_and_decoded_whole():
    filler = "Talks went on through the night and into the morning. " * 3_000
    text = filler + PARAGRAPHS[2][0] + " " + filler
    data = text.encode("cp1250")
    assert len(data) > 300_000
    decoded = best_decoding(data)
    assert (decoded.encoding, decoded.text) == ("cp1250", text)


def test_a_byte_the_sampled_encoding_lacks_falls_to_the_next_candidate():
    head = "José Núñez y Peña. " * 5_000  # cp1252 wins the sample...
    data = head.encode("cp1252") + b" " * 70_000 + b"\x81 end"  # ...which cannot decode 0x81
    decoded = best_decoding(data)
    assert decoded.encoding != "cp1252" and decoded.text.startswith("José Núñez y Peña.")
