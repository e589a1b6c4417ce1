"""dialog.yaml's `websted` (the public site's address, colour and contact): what the loader
takes and refuses, with the line, and the JSON Schema's same verdict."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from dialogmoder.domain.loader import LoadError, load_yaml_document, parse_mapping
from dialogmoder.domain.models import Config
from dialogmoder.views.keys import keys_reference
from dialogmoder.views.schema import model_schema

WEBSTED = """\
organisation: Syddjurs Kommune
websted:
  url: https://moeder.syddjurs.dk/
  farve: "#00606B"
  kontakt:
    telefon: "87 53 50 00"
    email: kommunen@syddjurs.dk
    adresse: "Lundbergsvej 2, 8400 Ebeltoft"
  hjemmeside: https://www.syddjurs.dk/
"""


def verdicts(text: str) -> tuple[bool, bool]:
    """(the loader's, the JSON Schema's) verdict on a dialog.yaml."""
    try:
        load_yaml_document("dialog.yaml", text, Config)
        loader = True
    except LoadError:
        loader = False
    data = parse_mapping("dialog.yaml", text, 1).data
    schema = Draft202012Validator(model_schema("dialog"), format_checker=FormatChecker())
    return loader, schema.is_valid(data)


def test_the_whole_websted_block_loads_with_the_colour_in_lowercase():
    config = load_yaml_document("dialog.yaml", WEBSTED, Config).data
    assert config.websted is not None and config.websted.kontakt is not None
    assert config.websted.farve == "#00606b"
    assert config.websted.url == "https://moeder.syddjurs.dk/"
    assert config.websted.kontakt.email == "kommunen@syddjurs.dk"


@pytest.mark.parametrize(
    ("line", "wrong", "message"),
    [
        ('  farve: "#00606B"', "  farve: #00606b", "in quotes"),  # YAML: a comment, no value
        ('  farve: "#00606B"', "  farve: '#0606b'", "is not a colour"),
        ('  farve: "#00606B"', "  farve: teal", "is not a colour"),
        ("  url: https://moeder.syddjurs.dk/", "  url: moeder.syddjurs.dk", "not a web address"),
        ("  url: https://moeder.syddjurs.dk/", "  url: ftp://x.dk/", "not a web address"),
        ("  hjemmeside: https://www.syddjurs.dk/", "  hjemmeside: https://", "not a web address"),
        ("email: kommunen@syddjurs.dk", "email: kommunen", "not an e-mail address"),
        ("email: kommunen@syddjurs.dk", "email: a b@c.dk", "not an e-mail address"),
    ],
)
def test_a_wrong_value_is_refused_with_its_line_and_what_to_write(line, wrong, message):
    text = WEBSTED.replace(line, wrong)
    assert text != WEBSTED
    with pytest.raises(LoadError) as refused:
        load_yaml_document("dialog.yaml", text, Config)
    shown = "\n".join(f.as_text() for f in refused.value.findings)
    number = next(n for n, t in enumerate(text.splitlines(), 1) if wrong.strip() in t)
    assert f"dialog.yaml:{number}:" in shown and message in shown, shown


@pytest.mark.parametrize(
    "text",
    [
        WEBSTED,
        "organisation: X\nwebsted: {}\n",
        "organisation: X\nwebsted: {farve: '#ffe680'}\n",
        "organisation: X\nwebsted: {farve: null}\n",
        "organisation: X\nwebsted: {farve: 'ffe680'}\n",
        "organisation: X\nwebsted: {url: 'www.x.dk'}\n",
        "organisation: X\nwebsted: {kontakt: {email: 'x@y'}}\n",
        "organisation: X\nwebsted: {kontakt: {fax: '1'}}\n",
        "organisation: X\nwebsted: {logo: 'x.png'}\n",
    ],
)
def test_the_schema_gives_the_loaders_verdict(text):
    loader, schema = verdicts(text)
    assert loader == schema


def test_every_websted_key_is_in_the_keys_reference():
    reference = keys_reference("dialog")
    keys = ["url", "farve", "kontakt.telefon", "kontakt.email", "kontakt.adresse", "hjemmeside"]
    for key in (f"websted.{k}" for k in keys):
        assert f"| `{key}` |" in reference
    assert "colour (#rrggbb)" in reference and "web address" in reference
