"""Telling legacy encodings apart: the most plausible decoding of bytes that are not UTF-8.

Single-byte encodings decode any byte string, so "does it decode" says nothing: the same bytes
read as Windows-1252 give "Núñez", as Windows-1250 "Núńez", as Windows-1251 "Nъсez". We decode
with every candidate -- the legacy encodings news files come in (:data:`LEGACY`) and the guesses
of charset-normalizer -- and score each result for plausibility:

- letters count when one language's alphabet (:data:`ALPHABETS`) holds them: "Núñez ... Peña"
  is all Spanish, "Núńez ... Peńa" mixes a Polish ń into Spanish vowels;
- a word that mixes scripts ("Nъсez"), a capital after a small letter ("£ódŸ"), a symbol
  between letters ("M³ller") and control or unassigned characters cost points.

Ties go to the more common encoding (the order of :data:`LEGACY`). Only words holding a
non-ASCII character are scored, and on long files only a sample of them (:func:`sample`), so
the cost stays small.

>>> best_decoding("José Núñez y Peña".encode("cp1252")).encoding
'cp1252'
>>> best_decoding("Łódź".encode("cp1250")).text
'Łódź'
>>> best_decoding("Харків".encode("cp1251")).encoding
'cp1251'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Legacy encodings tried on every non-UTF-8 input, most common first (the tie-break order).
LEGACY = (
    "cp1252",  # Windows Western (a superset of Latin-1's printable range)
    "cp1250",  # Windows Central European
    "cp1251",  # Windows Cyrillic
    "iso8859_2",  # Latin-2
    "iso8859_15",  # Latin-9
    "koi8_r",
    "koi8_u",
    "cp1253",  # Greek
    "cp1254",  # Turkish
    "cp1257",  # Baltic
    "mac_roman",
    "latin_1",  # decodes anything: last resort, its C1 controls are penalised
)

#: Non-ASCII letters of the languages news files come in (lower case). A decoding whose
#: letters one alphabet holds is plausible; one that needs several alphabets is not.
ALPHABETS: dict[str, str] = {
    "spanish": "áéíóúñü",
    "portuguese": "áâãàçéêíóôõú",
    "french": "àâæçéèêëîïôœùûüÿ",
    "german": "äöüß",
    "italian": "àèéìíîòóùú",
    "catalan": "àçèéíïòóúü",
    "dutch": "éèëïöü",
    "danish-norwegian": "æøåéó",
    "swedish-finnish": "åäöé",
    "icelandic": "áðéíóúýþæö",
    "polish": "ąćęłńóśźż",
    "czech": "áčďéěíňóřšťúůýž",
    "slovak": "áäčďéíĺľňóôŕšťúýž",
    "hungarian": "áéíóöőúüű",
    "croatian-serbian-bosnian": "čćđšž",
    "slovene": "čšž",
    "romanian": "ăâîșşțţ",
    "turkish": "çğıiöşüâîû",
    "albanian": "çë",
    "lithuanian": "ąčęėįšųūž",
    "latvian": "āčēģīķļņšūž",
    "estonian": "äõöüšž",
    "russian": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя’",
    "belarusian": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "serbian-cyrillic": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "macedonian": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ",
}
#: Non-ASCII punctuation and symbols that are common in news text.
COMMON_SYMBOLS = frozenset("“”‘’„‚«»‹›–—…•·€£¥°§©®™±×÷¢½¼¾\u00a0\u2009\u202f")
#: How much each flaw costs, in letters.
MIXED_SCRIPT = 3.0
CASE_FLIP = 2.0
SYMBOL_IN_WORD = 2.0
RARE_SYMBOL = 1.0
CONTROL = 4.0
#: At most this many non-ASCII words, and characters in them, are scored (the first ones).
MAX_WORDS = 4000
MAX_CHARS = 20_000

_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH"})
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
_ALPHABET_SETS = {name: frozenset(letters) for name, letters in ALPHABETS.items()}


@dataclass(frozen=True)
class Decoding:
    """One candidate decoding and its plausibility score (higher is better)."""

    encoding: str
    text: str
    score: float


def best_decoding(data: bytes, extra: tuple[str, ...] = ()) -> Decoding:
    """The most plausible decoding of ``data`` among :data:`LEGACY`, ``extra`` and
    charset-normalizer's guesses.

    >>> best_decoding("Müller".encode("latin-1")).text
    'Müller'
    """
    probe = sample(data)
    names = list(dict.fromkeys([*LEGACY, *extra, *_guesses(probe)]))
    candidates = [d for d in (_decode(probe, name) for name in names) if d is not None]
    ranked = sorted(
        enumerate(candidates), key=lambda pair: (-pair[1].score, pair[0])
    )  # stable: the earlier name wins a tie
    if probe is data:
        return ranked[0][1]
    for _, best in ranked:  # the sample decoded; the whole file must too
        try:
            return Decoding(best.encoding, data.decode(best.encoding), best.score)
        except UnicodeDecodeError:
            continue
    return Decoding("latin_1", data.decode("latin_1"), float("-inf"))


def sample(data: bytes, budget: int = 65_536, context: int = 48) -> bytes:
    """``data`` when short; else its head when that holds enough non-ASCII bytes, else the
    stretches around its first non-ASCII bytes (up to about ``budget`` bytes). Cuts fall on
    spaces or line ends, so no multi-byte character is split.

    >>> sample(b"abc")
    b'abc'
    >>> sample(b"x " * 40_000 + "Núñez".encode("latin-1") + b" y" * 40_000)
    b'N\xfa\xf1ez'
    """
    if len(data) <= budget:
        return data
    cut = _cut_before(data, budget // 2, budget)
    head = data[: cut if cut > 0 else budget]  # no space (CJK): _decode drops a split character
    if cut < 0 or len(_HIGH_BYTES.findall(head)) >= 256:
        return head
    pieces: list[bytes] = []
    size = end = 0
    for match in _HIGH_BYTES.finditer(data):
        if match.start() < end:
            continue  # inside the previous stretch
        start = _cut_before(data, max(end, match.start() - context), match.start())
        stop = _cut_after(data, match.end(), min(len(data), match.end() + context))
        if start < 0 or stop < 0:
            continue  # no safe place to cut: leave this one out
        end = stop
        pieces.append(data[start:stop].strip())
        size += stop - start
        if size >= budget:
            break
    return b"\n".join(pieces) or head


def _cut_before(data: bytes, low: int, position: int) -> int:
    """Just after the last space or line end in ``data[low:position]``; -1 when none."""
    cut = max(data.rfind(b" ", low, position), data.rfind(b"\n", low, position))
    return cut + 1 if cut >= 0 else -1


def _cut_after(data: bytes, position: int, high: int) -> int:
    """The first space or line end in ``data[position:high]`` (``high`` at the end); -1."""
    if high >= len(data):
        return len(data)
    cuts = [
        c for c in (data.find(b" ", position, high), data.find(b"\n", position, high)) if c >= 0
    ]
    return min(cuts) if cuts else -1


def plausibility(text: str, encoding: str | None = None) -> float:
    """Letters one alphabet explains, less the cost of implausible characters.

    With ``encoding``, a letter counts for the bytes it takes there, so that a multi-byte
    decoding (two bytes a letter) competes fairly with single-byte ones.

    >>> plausibility("Núñez") > plausibility("Núńez")
    True
    """
    words = _NON_ASCII_WORD.findall(text)[:MAX_WORDS]
    letters: list[str] = []
    cost = 0.0
    room = MAX_CHARS
    for word in words:
        word = word[:room]  # unspaced scripts make whole lines one "word"
        room -= len(word)
        if not word:
            break
        cost += _word_cost(word)
        letters += [_lower(ch) for ch in word if ch.isalpha()]
    if not letters:
        return -cost
    return _explained(letters, encoding) - cost


def _explained(letters: list[str], encoding: str | None) -> float:
    """Bytes of ``letters`` that the best single alphabet holds; letters of scripts without an
    alphabet here (Arabic, Hebrew, CJK...) count when they all share one script."""
    weight = dict.fromkeys(letters, 1)  # ASCII letters: one byte in every candidate here
    if encoding is not None:
        for ch in weight:
            if ord(ch) < 128:
                continue
            try:
                weight[ch] = len(ch.encode(encoding))
            except (UnicodeEncodeError, LookupError):
                pass
    ascii_letters = sum(1 for ch in letters if ord(ch) < 128)
    others = [ch for ch in letters if ord(ch) > 127]
    scripts = {_script(ch) for ch in others}
    if len(scripts) == 1 and scripts.isdisjoint({"LATIN", "CYRILLIC", "GREEK"}):
        return float(ascii_letters + sum(weight[ch] for ch in others))
    best = max(
        sum(weight[ch] for ch in others if ch in alphabet) for alphabet in _ALPHABET_SETS.values()
    )
    return float(ascii_letters + best)


def _word_cost(word: str) -> float:
    cost = 0.0
    script = ""
    previous = ""
    for i, ch in enumerate(word):
        code = ord(ch)
        category = unicodedata.category(ch)
        if category in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd":
            cost += CONTROL if code > 127 or ch not in "\t\n\r" else 0.0
        elif ch.isalpha():
            here = _script(ch)
            if script and here != script:
                cost += MIXED_SCRIPT  # "Nъсez": each switch of script inside a word
            script = here
            if previous.isalpha() and previous.islower() and ch.isupper():
                if code > 127 or ord(previous) > 127:
                    cost += CASE_FLIP  # "dŸ", "MŁller"
        elif code > 127 and ch not in COMMON_SYMBOLS and not _east_asian_punctuation(code):
            inside = 0 < i < len(word) - 1 and previous.isalpha() and word[i + 1].isalpha()
            cost += SYMBOL_IN_WORD if inside else RARE_SYMBOL
        previous = ch
    return cost


def _east_asian_punctuation(code: int) -> bool:
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFF65


def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch  # "İ".lower() is two characters


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name; Chinese, Japanese and Korean writing mix
    Han with kana or hangul, so they count as one script."""
    name = unicodedata.name(ch, "")
    script = name.split(" ", 1)[0] if name else "UNKNOWN"
    return "CJK" if script in _EAST_ASIAN else script


def _decode(data: bytes, encoding: str) -> Decoding | None:
    try:
        text = data.decode(encoding)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 4:
            return None
        try:  # a sample cut inside its last multi-byte character
            text = data[: exc.start].decode(encoding)
        except UnicodeDecodeError:
            return None
    return Decoding(encoding, text, plausibility(text, encoding))


def _guesses(data: bytes, limit: int = 5) -> list[str]:
    """charset-normalizer's candidate encodings, best first, without UTF-16/32 (text in those
    holds NUL bytes and is told by its byte-order mark, see :func:`dateline.article.read.decode`).
    """
    from charset_normalizer import from_bytes

    names = [match.encoding for match in from_bytes(data) if match.encoding]
    return [n for n in names if not n.startswith(("utf_16", "utf_32"))][:limit]
