"""How dates and times read for the French schools that use the service.

One home for display (ADR 0023): papers, and later pages, call these
formatters; the JSON API keeps ISO 8601. Moments are shown in the centre's
time zone, to the minute, in French with Babel's CLDR data; a moment typed
without a zone means the centre's zone.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time

LOCALE = "fr_FR"
DEFAULT_ZONE = "Europe/Paris"
VOWELS = frozenset("aeiouyhàâäéèêëîïôöùûüÿæœ")
"""Letters before which French elides "de" and "le" (a mute h included, as in
most first names: "d'Hugo")."""


def long_date(day: date) -> str:
    """'lundi 15 mars 2027'; the first of the month is '1er'."""
    if day.day == 1:
        return format_date(day, "EEEE '1er' MMMM y", locale=LOCALE)
    return format_date(day, "EEEE d MMMM y", locale=LOCALE)


def dated(day: date) -> str:
    """'1er décembre 2026', '15 mars 2027': a letter's date, without the weekday."""
    if day.day == 1:
        return format_date(day, "'1er' MMMM y", locale=LOCALE)
    return format_date(day, "d MMMM y", locale=LOCALE)


def short_date(day: date) -> str:
    """'15/03/2027'."""
    return format_date(day, "dd/MM/y", locale=LOCALE)


def clock(at: time) -> str:
    """'09:00': hours and minutes, never seconds."""
    return format_time(at, "HH:mm", locale=LOCALE)


def local(moment: datetime, zone: str = DEFAULT_ZONE) -> datetime:
    """The moment on the centre's clock (a naive moment is taken as UTC, as stored)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(ZoneInfo(zone))


def moment_text(moment: datetime, zone: str = DEFAULT_ZONE) -> str:
    """'lundi 15 mars 2027 à 09:30', on the centre's clock."""
    shown = local(moment, zone)
    return f"{long_date(shown.date())} à {clock(shown.time())}"


def short_moment(moment: datetime, zone: str = DEFAULT_ZONE) -> str:
    """'15/03/2027 09:30', on the centre's clock: for tables and audit lines."""
    shown = local(moment, zone)
    return format_datetime(shown, "dd/MM/y HH:mm", locale=LOCALE)


def moment_of(text: str, zone: str = DEFAULT_ZONE) -> datetime:
    """An ISO 8601 moment as typed; without a zone it is read on the centre's clock."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))


def elided(word: str, before: str) -> str:
    """'de' + 'Paul' → 'de Paul'; 'de' + 'Étienne' → "d'Étienne"."""
    first = word.strip()[:1].casefold()
    if before in {"de", "le"} and first in VOWELS:
        return f"{before[0]}'{word.strip()}"
    return f"{before} {word.strip()}"
