"""The public edition: what of a meeting is public, and no CPR number in it.

Every public output takes its answers from here, none decides for itself:

- `public`: what an edition shows of a punkt and its bilag (`public_punkt`, the one call
  `render.assemble` makes; `public_change` for `dialog diff`), which meetings `dialog
  site` publishes and as which document, and what of them is public data (data.json);
- `scan`: every string a public rendering can show, walked from the models, and the CPR
  numbers in it (DM601, `check.rules.openness`);
- `refusal`: the refusal to publish a CPR number, for render, site and diff alike.
"""

from __future__ import annotations

from dialogmoder.domain.edition.public import (
    NOT_PUBLIC_DATA,
    ClosedFiles,
    Edition,
    NamedFile,
    PublicBilag,
    PublicPunkt,
    closed_files,
    edition_fora,
    is_closed,
    is_public,
    named_files,
    public_bilag,
    public_change,
    public_data,
    public_punkt,
    public_title,
    published_fora,
    published_kind,
    statement_address,
)
from dialogmoder.domain.edition.refusal import (
    refuse_personal_data,
    refuse_personal_data_in_change,
)
from dialogmoder.domain.edition.scan import (
    RULE,
    document_hits,
    findings,
    label,
    public_documents,
    public_strings,
    published_findings,
    rendered_numbers,
    repository_findings,
    unread_bilag,
    written_in,
)

__all__ = [
    "NOT_PUBLIC_DATA",
    "RULE",
    "ClosedFiles",
    "Edition",
    "NamedFile",
    "PublicBilag",
    "PublicPunkt",
    "closed_files",
    "document_hits",
    "edition_fora",
    "findings",
    "is_closed",
    "is_public",
    "label",
    "named_files",
    "public_bilag",
    "public_change",
    "public_data",
    "public_documents",
    "public_punkt",
    "public_strings",
    "public_title",
    "published_findings",
    "published_fora",
    "published_kind",
    "refuse_personal_data",
    "refuse_personal_data_in_change",
    "rendered_numbers",
    "repository_findings",
    "statement_address",
    "unread_bilag",
    "written_in",
]
