"""Every Danish wording in one place: the gettext catalogue and the grammar around it.

The wording itself (labels, headings, sentences, and the Babel date patterns) is in the
catalogue `locale/da/LC_MESSAGES/dialog.po` (domain `dialog`); this package composes it:
dates, times, counts, lists, states. Code calls `_()` (or `ngettext`, `pgettext`) or one of
the functions below; templates call `_()`, `{% trans %}` or the filters (`antal`,
`opremsning`), installed by `io.templating`.

The msgids are English developer strings, the usual gettext way ("Absent" -> "Fraværende"),
not keys: code and templates stay readable, and the English CLI messages can go through
the same catalogue later. A msgid that could mean two things carries a context
(`pgettext("column", "Time")`); a Babel date pattern has the context "date pattern" and its
English CLDR form as msgid ("MMMM d, y" -> "d. MMMM y"). Month and weekday names are
Babel's (CLDR's) Danish ones, not the catalogue's.

The catalogue is read from its compiled .mo once, on first use (`catalogue.translations`),
so importing this package costs nothing. `pybabel extract` (babel.cfg) finds every message;
see README, "Danish wording".

The forms follow the municipality's own documents (the process note and the referat in
`shared/seeds/`): the referat's header writes "Start kl.: 9:00", its tables "9.00", the
årsplan "Kl. 13.30-15.30" (and "Kl. 9-15.30"); dates "Onsdag den 29. januar 2025",
"29. januar 2025", "29-01-2025" and "5. feb.".
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from datetime import date, time

from dialogmoder.danish.catalogue import (
    N_,
    besked,
    gettext,
    nbesked,
    ngettext,
    npgettext,
    pgettext,
)

_ = gettext

__all__ = [
    "N_",
    "UGEDAGE",
    "_",
    "aarsag",
    "aflysning",
    "antal",
    "besked",
    "dage_til",
    "dato",
    "dato_kort",
    "dato_lang",
    "dato_maaned",
    "dato_mellem",
    "dato_ugedag",
    "deltager_under_punktet",
    "gettext",
    "klokken",
    "lukket_bilag",
    "lukket_punkt",
    "moede_status",
    "nbesked",
    "ngettext",
    "npgettext",
    "opremsning",
    "pgettext",
    "tidspunkt",
    "tidsrum",
    "tilstand",
    "ulaeseligt_punkt",
]

# --- dates ---------------------------------------------------------------------------------

# CLDR's Danish weekday names, written out so that `dialog check` and `dialog status` need
# not import Babel for them (tests/test_wording.py compares the two).
UGEDAGE = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def dato(value: date, pattern: str | None = None) -> str:
    """A date in a Babel pattern with Danish names: '7. august' without one."""
    from babel.dates import format_date

    if pattern is None:
        pattern = pgettext("date pattern", "MMMM d")
    return format_date(value, pattern, locale="da")


def dato_lang(value: date) -> str:
    """'Onsdag den 29. januar 2025'."""
    text = dato(value, pgettext("date pattern", "EEEE, MMMM d, y"))
    return text[:1].upper() + text[1:]


def dato_mellem(value: date) -> str:
    """'29. januar 2025'."""
    return dato(value, pgettext("date pattern", "MMMM d, y"))


def dato_kort(value: date) -> str:
    """'29-01-2025', as in "Beslutning i Direktionen den 29-01-2025"."""
    return dato(value, pgettext("date pattern", "MM/dd/yyyy"))


def dato_maaned(value: date) -> str:
    """'5. feb.' (and '6. maj'), as in the table of coming meetings."""
    return dato(value, pgettext("date pattern", "MMM d"))


def dato_ugedag(value: date) -> str:
    """'onsdag 5. februar', as the årsplan dates a formøde."""
    return dato(value, pgettext("date pattern", "EEEE, MMMM d"))


def dage_til(days: int) -> str:
    """'i dag', 'om 1 dag', 'om 3 dage', '2 dage over frist'."""
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("in %(num)d day", "in %(num)d days", days) % {"num": days}
    late = -days
    return ngettext("%(num)d day past the deadline", "%(num)d days past the deadline", late) % {
        "num": late
    }


# --- counts --------------------------------------------------------------------------------


def antal(count: int, ental: str, flertal: str) -> str:
    """A count with its noun or adjective in the right number: '1 åben', '2 åbne'. The
    `antal` filter of a repository's own templates; dialog's own counts use `ngettext`."""
    return f"{count} {ental if count in (1, -1) else flertal}"


# --- times ---------------------------------------------------------------------------------


def _tid(value: time, separator: str, whole_hours_short: bool) -> str:
    if whole_hours_short and value.minute == 0:
        return f"{value.hour}"
    return f"{value.hour}{separator}{value.minute:02d}"


def klokken(value: time) -> str:
    """'9:00', as the referat's header writes it ("Start kl.: 9:00")."""
    return _tid(value, ":", whole_hours_short=False)


def tidspunkt(value: time) -> str:
    """'9.00', as the referat's and the program's tables write it."""
    return _tid(value, ".", whole_hours_short=False)


def tidsrum(start: time | None, slut: time | None) -> str:
    """'Kl. 13.30-15.30', 'Kl. 9-15.30', as the årsplan writes a meeting's time; '' if unset."""
    if start is None:
        return ""
    fra = _tid(start, ".", whole_hours_short=True)
    if slut is None:
        return _("At %(start)s") % {"start": fra}
    til = _tid(slut, ".", whole_hours_short=True)
    return _("At %(start)s-%(end)s") % {"start": fra, "end": til}


# --- people and lists ----------------------------------------------------------------------


def opremsning(parts: Sequence[str]) -> str:
    """'A', 'A og B', 'A, B og C'."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def deltager_under_punktet(navne: Sequence[str], datid: bool = False) -> str:
    """'Borgmester og X deltager under behandlingen af punktet.' (an underpunkt in the
    agenda) or, `datid`, '... deltog under behandlingen af punktet.' (in the decision)."""
    names = {"names": opremsning(navne)}
    if datid:
        return _("%(names)s took part in the discussion of the item.") % names
    return _("%(names)s take part in the discussion of the item.") % names


def inhabil_under_punktet(navne: Sequence[str]) -> str:
    """'X deltog ikke i behandlingen af punktet på grund af inhabilitet.' (the referat)."""
    names = {"names": opremsning(navne)}
    return _("%(names)s did not take part in the discussion of the item because of bias.") % names


def protokoltilfoersel_fra(navn: str) -> str:
    """'Protokoltilførsel fra Kommunaldirektør Jonas Kroustrup': a recorded remark's label."""
    return _("Recorded remark from %(name)s") % {"name": navn}


# --- the public edition ---------------------------------------------------------------


def lukket_punkt() -> str:
    """'Lukket punkt': a closed punkt's title when it has no `offentlig_titel`."""
    return _("Closed item")


def lukket_bilag() -> str:
    """'(Lukket bilag)': a closed bilag of an open punkt, without title or number."""
    return _("(Closed attachment)")


def ulaeseligt_punkt() -> str:
    """'(kan ikke læses)': a punkt whose file cannot be read, in an internal edition."""
    return _("(cannot be read)")


# --- what the machine refused ---------------------------------------------------------------

# The operating system's reasons, by error number, in the reader's language: Python gives
# the C library's English ("Permission denied") inside a Danish sentence otherwise.
_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("EACCES", N_("permission denied")),
        ("EPERM", N_("permission denied")),
        ("ENOENT", N_("no such file or folder")),
        ("EEXIST", N_("it already exists")),
        ("ENOTDIR", N_("a part of the path is a file, not a folder")),
        ("EISDIR", N_("it is a folder, not a file")),
        ("ENOTEMPTY", N_("the folder is not empty")),
        ("ENOSPC", N_("the disk is full")),
        ("EDQUOT", N_("the disk quota is used up")),
        ("EROFS", N_("the disk can only be read, not written")),
        ("ENAMETOOLONG", N_("the name is too long")),
        ("ELOOP", N_("too many symbolic links in a row (a loop?)")),
        ("EBUSY", N_("it is in use by another program; close it and try again")),
        ("EMFILE", N_("too many files are open")),
        ("ENFILE", N_("too many files are open")),
        ("EIO", N_("the disk could not be read or written")),
        ("EXDEV", N_("it cannot be moved to another drive")),
        ("EPIPE", N_("the other program stopped reading")),
    )
    if hasattr(errno, name)  # not every system has every number
}
# Windows: a file open in Word or Excel is locked (ERROR_SHARING_VIOLATION, 32, and
# ERROR_LOCK_VIOLATION, 33), which Python reports as a PermissionError; replacing a file a
# program holds open is most often refused as ERROR_ACCESS_DENIED (5).
_IN_USE = N_("the file is open in another program; close it and try again")
_WINDOWS_IN_USE = frozenset({32, 33})
_DENIED_ON_WINDOWS = N_("permission denied; is the file open in another program?")


def aarsag(error: OSError) -> str:
    """Why the operating system refused, as a reader of dialog's messages reads it:
    "adgang nægtet", "disken er fuld", "filen er åben i et andet program; …". An error
    number this does not know keeps the system's own text."""
    winerror = getattr(error, "winerror", None)
    if winerror in _WINDOWS_IN_USE:
        return besked(_IN_USE)
    if winerror == 5:
        return besked(_DENIED_ON_WINDOWS)
    reason = _REASONS.get(error.errno) if error.errno is not None else None
    if reason is not None:
        return besked(reason)
    return error.strerror or str(error)


# --- states --------------------------------------------------------------------------------


def moede_status(status: str) -> str:
    """A meeting's `status` as the årsplan and the calendar write it: 'OBS: UDSKYDES',
    'AFLYST', or '' for a meeting held (or to be held) as planned."""
    match status:
        case "udskudt":
            return pgettext("meeting status", "NOTE: POSTPONED")
        case "aflyst":
            return pgettext("meeting status", "CANCELLED")
    return ""


def aflysning(status: str) -> str:
    """A cancelled or postponed meeting's word, as its page, PDF and calendar event head it:
    'AFLYST', 'UDSKUDT', or '' for a meeting held (or to be held) as planned."""
    match status:
        case "udskudt":
            return pgettext("meeting status", "POSTPONED")
        case "aflyst":
            return pgettext("meeting status", "CANCELLED")
    return ""


def tilstand(state: str) -> str:
    """A product's state (`state.ProductState`) as every view writes it: 'udkast',
    'forældet godkendelse'; an unknown state as it is."""
    match state:
        case "mangler":
            return pgettext("product state", "missing")
        case "fejl":
            return pgettext("product state", "cannot be read")
        case "udkast":
            return pgettext("product state", "draft")
        case "godkendt":
            return pgettext("product state", "approved")
        case "forældet":
            return pgettext("product state", "outdated approval")
    return state
