"""Bytes -> str: BOM, then strict UTF-8, then charset-normalizer, then cp1252; garbage is refused.

``decode(data)`` returns ``(text, encoding)`` or raises :class:`DecodeError` with a reason that
ends up in the ingest log.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust."""


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when ``data`` is UTF-16 text without a byte-order mark (a NUL
    in nearly every other byte, the same half each time, and none in the other half), else None."""
    sample = data[:8192]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) == 0:
            return enc
    return None


def garbage_ratio(text: str) -> float:
    """Share of characters that no text should contain: controls, unassigned, private use, U+FFFD."""
    if not text:
        return 0.0
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t\f":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
            bad += 1
    return bad / len(sample)


def _wordish(ch: str) -> bool:
    """Letters, digits, combining marks (Devanagari, Thai and Arabic vowel signs) and punctuation."""
    return ch.isalnum() or unicodedata.category(ch)[0] in "MP" or ch in "$€£%&@#*<>=_+"


def _implausible(text: str) -> str | None:
    """Why ``text`` cannot be real text (control characters, mostly symbols), or None if it can."""
    if garbage_ratio(text) > 0.01:
        return "control characters"
    sample = text[:20000]
    nonspace = [c for c in sample if not c.isspace()]
    if nonspace and sum(map(_wordish, nonspace)) / len(nonspace) < 0.85:
        return "mostly symbols, not words"
    return None


def _plausible(text: str) -> bool:
    return _implausible(text) is None


_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")
_HIGH = re.compile(rb"[\x80-\xff]")


def _western(data: bytes) -> bool:
    """Latin-1/cp1252 text has isolated high bytes (accents); CJK/Cyrillic has runs of them."""
    sample = data[:200_000]
    highs = len(_HIGH.findall(sample))
    return highs > 0 and len(_HIGH_RUN.findall(sample)) * 3 <= highs * 0.1


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag (first 4 KiB), if any and known."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_plausibly(data: bytes, encoding: str) -> str | None:
    """``data`` decoded with ``encoding`` if that works and gives plausible text, else None."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _plausible(text) else None


_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)  # the five bytes cp1252 leaves undefined: Latin-1


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return "".join(_cp1252_byte(b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("newsweave-cp1252", _cp1252_fallback)


_ESCAPED = re.compile("[\udc80-\udcff]")


def _mixed_utf8(data: bytes) -> str | None:
    """UTF-8 with some cp1252 / Latin-1 bytes pasted in (a UTF-8 template around Latin-1 paragraphs):
    well-formed multi-byte sequences outnumber the invalid bytes, which stand alone. Each invalid byte
    is read as cp1252; None when ``data`` does not look like that."""
    sample = data[:200_000]
    if len(_UTF8_MULTI.findall(sample)) < 2:
        return None
    # one pass: each byte that is not UTF-8 becomes one lone surrogate, and a neighbouring high byte
    # is a neighbouring non-ASCII character (another such byte, or a multi-byte character)
    s = sample.decode("utf-8", errors="surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(s)]
    highs = len(_HIGH.findall(sample))
    if not bad or (highs - len(bad)) < 0.3 * highs:
        return None  # mostly invalid: another single-byte encoding whose letters pair up by chance
    lone = sum(1 for k in bad if not (k > 0 and ord(s[k - 1]) >= 0x80) and not (k + 1 < len(s) and ord(s[k + 1]) >= 0x80))
    if lone < 0.9 * len(bad):
        return None  # runs of invalid bytes: a multi-byte or non-Latin encoding
    text = data.decode("utf-8", errors="newsweave-cp1252")
    return text if _plausible(text) else None


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Decode ``data``; ``hint`` (HTTP header / meta charset) is tried right after UTF-8."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after byte-order mark: {exc.reason}") from exc
    enc16 = utf16_without_bom(data)
    if enc16:
        text16 = _decode_plausibly(data[: len(data) // 2 * 2], enc16)
        if text16 is not None:
            return text16, enc16
    try:
        text = data.decode("utf-8")
        why = _implausible(text)
        if why:
            raise DecodeError(f"undecodable: {why} in UTF-8 text (binary or garbage?)")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    if hint in (None, "utf-8") and (mixed := _mixed_utf8(data)) is not None:
        return mixed, "utf-8+cp1252"
    candidates = [hint] if hint else []
    if _western(data) and "cp1252" not in candidates:
        candidates.append("cp1252")
    for enc in candidates:
        text = _decode_plausibly(data, enc)
        if text is not None:
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        text = _decode_plausibly(data, best.encoding)
        if text is not None:
            return text, best.encoding
    if "cp1252" not in candidates:
        text = _decode_plausibly(data, "cp1252")
        if text is not None:
            return text, "cp1252"
    raise DecodeError("undecodable text: not UTF-8, and no encoding gives plausible text")
