"""`dialog init`'s dialog.yaml follows the process note "Overordnet om Strategiske dialogmøder"."""

from __future__ import annotations

import yaml

from helpers.repo import PROJECT
from helpers.run import SPEC


def fresh_config(tmp_path, dialog) -> dict:
    root = tmp_path / "ny"
    result = dialog("init", root, *SPEC)
    assert result.code == 0, result.err
    return yaml.safe_load((root / "dialog.yaml").read_text("utf-8"))


def test_init_has_the_fagdirektoer_approve_all_the_material_one_week_before(tmp_path, dialog):
    produkter = fresh_config(tmp_path, dialog)["fora"]["strategisk-dialogmoede"]["produkter"]
    # "Det godkendte materiale til mødet skal uploades ... én uge før mødet finder sted."
    for produkt in ("program", "baggrundsnotat", "facilitering"):
        assert produkter[produkt]["godkendes_af"] == "fagdirektoer", produkt
        assert produkter[produkt]["frist"] == -7, produkt
    assert produkter["facilitering"]["paakraevet"] == "ved_behov"  # "Ved behov"
    # "Dialogen skal konkretiseres i et opfølgingsnotat": after the meeting, not approved first
    assert produkter["opfoelgningsnotat"]["frist"] > 0
    assert "godkendes_af" not in produkter["opfoelgningsnotat"]


def test_init_strategic_forum_has_the_shape_of_the_bundled_norddjurs_one(tmp_path, dialog):
    forum = fresh_config(tmp_path, dialog)["fora"]["strategisk-dialogmoede"]
    bundled = yaml.safe_load((PROJECT / "dialog.yaml").read_text("utf-8"))
    norddjurs = bundled["fora"]["strategisk-dialogmoede"]
    assert forum["produkter"] == norddjurs["produkter"]
    assert forum["formoede"] == norddjurs["formoede"]
