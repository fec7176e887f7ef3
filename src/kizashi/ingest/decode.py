"""Bytes -> text: BOMs, UTF-8, ISO-2022-JP, legacy Japanese encodings, and two kinds of repair.

Split from :mod:`kizashi.ingest.files` (which reads the sources); every failure is an ``IngestError``
naming the input.
"""

from __future__ import annotations

import logging

from charset_normalizer import from_bytes

from kizashi.errors import IngestError

log = logging.getLogger(__name__)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 and BOMs first (cheap and certain), then ISO-2022-JP by its
    escape sequences, then charset-normalizer for Shift_JIS/CP932, EUC-JP, UTF-16 without BOM...

    Two kinds of damage are repaired, with a warning naming the input: UTF-8 cut inside its last
    character (a truncated download), and UTF-8 with some lines in a legacy Japanese encoding
    (pages pasted together). Anything else that is not text is an ``IngestError``.
    """
    text, encoding = _decode(data, source)
    if not text.strip():  # also catches ideographic spaces and a lone BOM
        raise IngestError(source, "empty file (only white space)")
    return text, encoding


def _decode(data: bytes, source: str) -> tuple[str, str]:
    if not data.strip():
        raise IngestError(source, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if b"\x1b$B" in data or b"\x1b$@" in data:
        try:
            return data.decode("iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            log.warning("%s: truncated UTF-8: the incomplete last character was dropped", source)
            return data[: exc.start].decode("utf-8"), "utf-8"
    mixed = _mixed_utf8(data, source)
    if mixed is not None:
        return mixed
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(source, "not text: no character encoding fits (binary file?)")
    text = str(best)
    if _looks_binary(text):
        raise IngestError(source, f"not text: decodes as {best.encoding} only to control characters")
    return text, best.encoding


# legacy encodings tried, strictly, on a line that is not UTF-8; EUC-JP first because Shift_JIS
# kana and kanji lead bytes (0x81-0x9F) are invalid in EUC-JP, while EUC-JP often passes as CP932
_LEGACY = ("euc_jp", "cp932")


def _mixed_utf8(data: bytes, source: str) -> tuple[str, str] | None:
    """UTF-8 text with some lines in EUC-JP or Shift_JIS: each line decoded on its own.

    Only when some line holds several non-ASCII UTF-8 characters (so the file is UTF-8 at heart)
    and no NUL byte (UTF-16 without BOM has them); a line no encoding fits keeps its readable
    part with U+FFFD in place of the rest.
    """
    if b"\x00" in data:
        return None
    lines = data.split(b"\n")
    if not any(len(ln) - len(strict(ln, "utf-8") or ln) >= 6 for ln in lines):
        return None  # no line with 3+ multi-byte UTF-8 characters
    used: dict[str, int] = {}
    out = []
    for ln in lines:
        for enc in ("utf-8", *_LEGACY):
            text = strict(ln, enc)
            if text is not None:
                break
        else:
            enc, text = "replaced", ln.decode("utf-8", errors="replace")
        if enc != "utf-8":
            used[enc] = used.get(enc, 0) + 1
        out.append(text)
    joined = "\n".join(out)
    if _looks_binary(joined):
        return None
    log.warning(
        "%s: mixed encodings: UTF-8 with %s",
        source,
        ", ".join(f"{n} line(s) in {enc}" for enc, n in sorted(used.items())),
    )
    return joined, "utf-8+" + "+".join(sorted(used))


def strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad > max(8, len(sample) // 50)


__all__ = ["decode", "strict"]
