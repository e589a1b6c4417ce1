"""Text from people's files made safe for a terminal: no control character gets through.

A title may hold `ESC ] 0 ;` (which retitles the terminal window), other C0 or C1 controls,
or a bidi override (U+202E) that makes a line read differently from what it says. Every
printer of user data to a terminal passes it through `printable`; JSON stays exact.
"""

from __future__ import annotations

_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_VISIBLE: dict[int, str] = {
    **{c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (9, 10)},
    **{c: f"<U+{c:04X}>" for c in _BIDI},
}


def printable(text: str) -> str:
    """`text` with every control character (C0 but newline and tab, DEL, C1) shown as `\\x1b`
    and every bidi embedding, override or isolate shown as `<U+202E>`."""
    return text.translate(_VISIBLE)


def printable_markup(text: str) -> str:
    """`printable(text)` as rich markup that prints as itself (`[red]` stays text)."""
    from rich.markup import escape

    return escape(printable(text))
