"""The heading every rendered document starts with, and what its PDF metadata says."""

from __future__ import annotations

from dialogmoder import danish
from dialogmoder.danish import _
from dialogmoder.domain.kinds import KINDS
from dialogmoder.domain.logo import load_logo
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import Repository
from dialogmoder.render.document import Header


def header(repo: Repository, meeting: Meeting, kind: str, public: bool) -> Header:
    """Organisation, forum, document name, title and the meeting's date in Danish."""
    forum = repo.config.fora.get(meeting.forum)
    forum_navn = forum.navn if forum else meeting.forum
    dokument = KINDS[kind].navn
    title = f"{forum_navn} – {dokument} – {danish.dato_mellem(meeting.dato)}"
    if public:
        title += " " + _("(public edition)")
    return Header(
        organisation=repo.config.organisation,
        forum=forum_navn,
        dokument=dokument,
        title=title,
        dato_lang=danish.dato_lang(meeting.dato),
        dato_kort=danish.dato_kort(meeting.dato),
        public=public,
        afsender=repo.config.afsender,
        logo=load_logo(repo.root.resolve(), repo.config.logo),
    )
