"""The site's look from dialog.yaml's `websted.farve`: the house colour made safe to read.

A kommune picks its colour for its brand, not for contrast: a pale yellow on white cannot
carry text. Every colour the stylesheet uses is derived here and meets WCAG 2.1's contrast
against white (1.4.3: 4.5:1 for text; 1.4.11: 3:1 for focus rings and other parts of the
interface): the house colour as it is where it passes, else darkened just enough (same
hue, only darker). The colour as given is kept for what carries no meaning (a stripe).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_COLOUR = "#0b4f9c"  # the site's blue when dialog.yaml names no colour
TEXT_CONTRAST = 4.5  # WCAG 2.1 1.4.3, normal text
UI_CONTRAST = 3.0  # WCAG 2.1 1.4.11, non-text (focus rings, borders that matter)
WHITE = "#ffffff"
MARGIN = 0.1  # above the minimum, so no checker rounding the other way finds it short


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(channels: Iterable[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a #rrggbb colour (0 black .. 1 white)."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two colours (1 .. 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darkened(colour: str, against: str, ratio: float) -> str:
    """`colour`, or the lightest darker shade of it (each channel scaled alike, so the hue
    stays) whose contrast with `against` is at least `ratio`."""
    if contrast(colour, against) >= ratio:
        return colour
    channels = _channels(colour)
    low, high = 0.0, 1.0  # the scale: 0 is black, which passes against white
    for _ in range(30):
        middle = (low + high) / 2
        if contrast(_hex(tuple(c * middle for c in channels)), against) >= ratio:
            low = middle
        else:
            high = middle
    shade = _hex(tuple(c * low for c in channels))
    # rounding to whole channels may lose a hair of contrast: step down until it passes
    while contrast(shade, against) < ratio:
        shade = _hex(tuple(c - 1 for c in _channels(shade)))
    return shade


@dataclass(frozen=True)
class Palette:
    """The colours of site.css, each safe where it is used."""

    farve: str  # the house colour as given: only for decoration (the stripe under the band)
    tekst: str  # links and headings' accents on white, and the band behind white text
    ui: str  # focus rings and borders that matter on white

    @property
    def band_text(self) -> str:
        """The text on the band (`tekst` as its background): white, which `tekst` passes."""
        return WHITE


def palette(farve: str | None) -> Palette:
    """The site's colours from `websted.farve` (None: the default blue)."""
    colour = (farve or DEFAULT_COLOUR).lower()
    return Palette(
        farve=colour,
        tekst=darkened(colour, WHITE, TEXT_CONTRAST + MARGIN),
        ui=darkened(colour, WHITE, UI_CONTRAST + MARGIN),
    )
