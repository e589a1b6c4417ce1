"""The YAML 1.2 core schema as yamlsafe resolves plain scalars."""

from __future__ import annotations

import math

import pytest

from dialogmoder.domain.yamlsafe import parse_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None), ("~", None), ("null", None), ("NULL", None),
        ("true", True), ("False", False),
        ("12", 12), ("-3", -3), ("+7", 7), ("0o17", 15), ("0x1F", 31), ("007", 7),
        ("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5), ("-.inf", -math.inf),
        # YAML 1.1 would turn all of these into something else
        ("yes", "yes"), ("no", "no"), ("on", "on"), ("NO", "NO"), ("y", "y"),
        ("13:30", "13:30"), ("2025-01-29", "2025-01-29"), ("00.30.10", "00.30.10"),
        ("1_000", "1_000"), ("0b101", "0b101"), ("24/7615", "24/7615"), ("nullable", "nullable"),
        ("'true'", "true"), ('"12"', "12"),
    ],
)  # fmt: skip
def test_plain_scalars_follow_the_core_schema(text, value):
    assert parse_yaml(f"v: {text}\n").data["v"] == value


def test_nan_is_a_float():
    assert math.isnan(parse_yaml("v: .nan\n").data["v"])
