"""`dialog schema`: JSON Schema (draft 2020-12) of every front matter, from the models.

The schemas are generated from the Pydantic models, so they cannot drift. Where the
models accept more than Pydantic can describe by itself (a time written `13.30`, a flag
written `ja`, one id where a list of ids is expected, the key spelled with æøå), the
generator below says so in the schema too.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from dialogmoder.danish import besked
from dialogmoder.domain import models
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.errors import DialogError
from dialogmoder.version import __version__

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# file name stem -> (model, what the schema describes)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "dialog": (models.Config, "dialog.yaml: organisation, people, fora and their rules, themes"),
    "meeting": (models.Meeting, "the front matter of meetings/YYYY/<meeting>/meeting.md"),
    "punkt": (models.Punkt, "the front matter of a punkt: punkter/NN-slug.md"),
    **{
        kind.id: (kind.model, f"the front matter of a meeting's {kind.filename}")
        for kind in PRODUKTER.values()
    },
}

# The patterns mirror the parsers in models.py; ECMA-262 regexes, as editors run them.
TIME_PATTERN = r"^\s*([01]?[0-9]|2[0-3])[:.][0-5][0-9]\s*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
JA_NEJ_PATTERN = r"^\s*([jJ][aA]|[nN][eE][jJ])\s*$"


class _DialogJsonSchema(GenerateJsonSchema):
    """Describes the input the parsers in models.py accept, not just the type they return."""

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        # an empty list or mapping is a default_factory in models.py (no copy of a shared
        # default per file read); the schema says the default all the same
        factory = schema.get("default_factory")
        if factory is list or factory is dict:
            return factory()
        return super().get_default_value(schema)

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        function = schema["function"]["function"]
        if function is models._parse_time:
            return {"type": "string", "pattern": TIME_PATTERN, "examples": ["09:30", "13.30"]}
        if function is models._parse_date:
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if function is models._parse_flag:
            return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": JA_NEJ_PATTERN}]}
        if function is models._one_or_many and inner.get("type") == "array":
            return {"anyOf": [inner["items"], inner]}
        return inner


def model_schema(stem: str) -> dict[str, Any]:
    """The complete JSON Schema document for one kind of file, e.g. 'meeting', or of the
    site's open data, e.g. 'data-moede' (views/webdata.py)."""
    from dialogmoder.views.webdata import DATA_MODELS

    if stem in DATA_MODELS:  # what dialog writes, not reads: no other spellings
        data_model, about = DATA_MODELS[stem]
        return {
            "$schema": DRAFT,
            "$id": f"urn:dialogmoder:{__version__}:schema:{stem}",
            **data_model.model_json_schema(mode="serialization"),
            "title": f"{stem}: {about}",
        }
    if stem not in SCHEMAS:
        raise DialogError(
            besked("no schema '{stem}'; known: {x}").format(
                stem=stem, x=", ".join([*SCHEMAS, *DATA_MODELS])
            )
        )
    model, description = SCHEMAS[stem]
    generated = model.model_json_schema(
        by_alias=True, mode="validation", schema_generator=_DialogJsonSchema
    )
    _add_danish_aliases(generated)
    return {
        "$schema": DRAFT,
        "$id": f"urn:dialogmoder:{__version__}:schema:{stem}",
        **generated,
        "title": f"{stem}: {description}",
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every kind of file dialog reads."""
    from dialogmoder.views.webdata import DATA_MODELS

    return {f"{stem}.schema.json": model_schema(stem) for stem in [*SCHEMAS, *DATA_MODELS]}


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _add_danish_aliases(node: Any) -> None:
    """Every object property `vaert` also accepts `vært` (never both), as the loader does."""
    if isinstance(node, list):
        for item in node:
            _add_danish_aliases(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _add_danish_aliases(value)
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in node:
        # dict[Id, X]: a key that is not an id must fail, not slip past patternProperties
        node.setdefault("propertyNames", {})["pattern"] = next(iter(patterns))
    properties = node.get("properties")
    if not isinstance(properties, dict) or node.get("additionalProperties") is not False:
        return
    required: list[str] = node.get("required", [])
    rules: list[dict[str, Any]] = []
    for name in list(properties):
        alias = models.danish_spelling(name)
        if alias == name:
            continue
        spelled = copy.deepcopy(properties[name])
        spelled["description"] = f"the same as '{name}', spelled with æ, ø, å"
        spelled["doNotSuggest"] = True  # VS Code: accept it, but complete the ASCII key
        properties[alias] = spelled
        rules.append({"not": {"required": [name, alias]}})
        if name in required:
            required.remove(name)
            rules.append({"anyOf": [{"required": [name]}, {"required": [alias]}]})
    if rules:
        node["allOf"] = [*node.get("allOf", []), *rules]
    if "required" in node and not required:
        del node["required"]


def write_schemas(folder: Path, stem: str | None = None) -> list[Path]:
    """Write NAME.schema.json files (all, or one) into `folder`, replacing old ones."""
    from dialogmoder.io.edit import guard_output, write_output

    if folder.exists() and not folder.is_dir():
        raise DialogError(
            besked("-o {folder} is a file; give a folder for the schema files").format(
                folder=folder
            )
        )
    chosen = {f"{stem}.schema.json": model_schema(stem)} if stem else all_schemas()
    for file_name in chosen:  # refuse before writing any of them
        guard_output(folder / file_name)
    written = []
    for file_name, schema in chosen.items():
        write_output(folder / file_name, schema_text(schema).encode("utf-8"))
        written.append(folder / file_name)
    return written
