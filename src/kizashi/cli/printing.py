"""What the CLI prints, made safe for a terminal and a log: input data never acts on either.

File names, URLs, titles and snippets come from the inputs. Printed raw, an escape sequence in
one recolours or rewrites the terminal, and a newline in a file name forges a line of its own
("skipped: NOTHING WRONG"). Everything the CLI prints goes through ``printable``: control
characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides (which reorder
what is shown) and lone surrogates (which cannot be encoded at all) become visible escapes such
as ``\\x1b`` or ``\\u202e``. Rich markup in data is not read either: messages are printed with
``markup=False`` and table cells as ``Text``.
"""

from __future__ import annotations

import json
import logging
import re

from rich.console import Console
from rich.text import Text

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """``value`` as one line of inert text: every unsafe character as a visible escape."""
    return _UNSAFE.sub(_escape, str(value))


def cell(value: object) -> Text:
    """A table cell: escaped, and not read as Rich markup ("[red]", "[link=...]")."""
    return Text(printable(value))


def lines_cell(values: list[str]) -> Text:
    """A cell of several lines (one value a line); a newline inside a value is escaped."""
    return Text("\n".join(printable(v) for v in values))


def json_line(data: object) -> str:
    """One JSON value on one line for other tools, readable Japanese kept (``ensure_ascii=False``)
    but every unsafe character as a JSON ``\\uXXXX`` escape: the same data, inert on a terminal."""
    text = json.dumps(data, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def say(console: Console, message: object, *, style: str | None = None) -> None:
    """Print one message line: escaped, no markup, no highlighting, never wrapped."""
    console.print(printable(message), style=style, markup=False, highlight=False, soft_wrap=True)


class EscapingFormatter(logging.Formatter):
    """Log lines on stderr, escaped like the rest: a record names inputs too. A traceback keeps
    its own line breaks; each of its lines is escaped."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))

    def formatException(self, ei: logging._SysExcInfoType) -> str:
        return "\n".join(printable(line) for line in super().formatException(ei).split("\n"))

    def formatStack(self, stack_info: str) -> str:
        return "\n".join(printable(line) for line in stack_info.split("\n"))


__all__ = ["EscapingFormatter", "cell", "json_line", "lines_cell", "printable", "say"]
