"""The dialog.yaml of a built repository, and the variants more than one test file needs."""

from __future__ import annotations

CONFIG = """\
organisation: Testkommune
personer:
  borgmester: {titel: Borgmester, rolle: borgmester}
  anna: {navn: Anna Andersen, titel: Kommunaldirektør, rolle: kommunaldirektoer, github: anna-a}
  bo: {navn: Bo Berg, titel: Velfærdsdirektør, rolle: fagdirektoer, github: boberg}
  carl: {navn: Carl Crone, titel: Økonomichef, rolle: chef}
fora:
  strategisk-dialogmoede:
    navn: Strategisk dialogmøde
    medlemmer: [borgmester, anna, bo]
    produkter:
      program: {paakraevet: ja, frist: -7, godkendes_af: fagdirektoer}
      baggrundsnotat: {paakraevet: ja, frist: -7}
      facilitering: {paakraevet: ved_behov, frist: -7}
      opfoelgningsnotat: {paakraevet: ja, frist: 14}
    formoede: {frist: -3, med: [borgmester]}
  direktionen:
    navn: Direktionen
    medlemmer: [anna, bo]
temaer:
  vaekst: {navn: Vækst og udvikling}
"""

# Direktionen published: `dialog site` builds its meetings' pages.
PUBLIC = CONFIG.replace("    navn: Direktionen\n", "    navn: Direktionen\n    offentlig: true\n")

# An afsender and a logo (grafik/logo.png: write `images.png()` there) head every document.
LETTERHEAD = CONFIG.replace(
    "organisation: Testkommune\n",
    "organisation: Testkommune\nafsender: Ledelsessekretariatet\nlogo: grafik/logo.png\n",
)


def config_with(regel: str, base: str = CONFIG) -> str:
    """The configuration with one line under `regler:`, e.g. `DM601: off`."""
    text = base.rstrip("\n")
    return f"{text}\nregler:\n  {regel}\n"


def with_people(lines: str, base: str = CONFIG) -> str:
    """The configuration with more people (YAML lines indented as under `personer:`) first."""
    return base.replace("personer:\n", "personer:\n" + lines)
