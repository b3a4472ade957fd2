"""What the invigilator's workspace shows: each candidate's tags, times and
actions, the search, the counters, and the sentences announced to screen
readers when the list changes."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters.web.templating import CANDIDATE_STATES
from domain.name_order import alphabetical
from projections.engine import Doc

TONES = {"joined": "warn", "authorised": "ok", "in_test": "ok"}  # others: plain
RESUME_AUTHORISED = ("Reprise autorisée", "ok")
ALERTS = {
    "past_theoretical_end": ("Fin théorique dépassée", "bad"),
    "asked_for_help": ("A besoin d'aide", "bad"),
    "not_certifiable": ("Non certifiable", "bad"),
    "another_account_tried_to_join": ("Un autre compte a tenté de rejoindre", "warn"),
}
URGENT = ("past_theoretical_end", "asked_for_help")
STATE_CODES = {
    "enrolled": "e",
    "joined": "j",
    "authorised": "a",
    "in_test": "t",
    "completed": "c",
    "ended": "f",
}
SHORT_ID = 8
SIGNATURE = re.compile(r"^[0-9a-f]{8}[ejatcf]h?$")
MOST_ANNOUNCED = 5


def full_name(candidate: Doc) -> str:
    return f"{candidate['last_name']} {candidate['first_name']}"


def percent(ratio: str) -> str:
    """'33 %' for a ratio of 0.33; nothing for none."""
    try:
        value = Decimal(ratio) * 100
    except (InvalidOperation, TypeError):
        return ""
    if not value:
        return ""
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} %"


def actions_of(candidate: Doc) -> list[str]:
    """What the invigilator can do for this candidate now, in the domain's rules."""
    state, started = candidate["state"], bool(candidate["started_at"])
    chosen: list[str] = []
    if state == "joined":
        chosen.append("presence")
    if state == "in_test":
        chosen.append("reprise")
    if state == "authorised":  # not spent yet: the wrong pupil may have been confirmed
        chosen.append("annulation")
    if state in ("in_test", "authorised") and started:
        chosen.append("fin")
    if candidate["help_requested"] and state in ("in_test", "authorised"):
        chosen.append("aide")
    if state in ("joined", "authorised") and not started:
        chosen.append("detache")
    return chosen


def tags_of(candidate: Doc) -> list[tuple[str, str]]:
    """The state's tag, then every alert's: none hides another."""
    state = candidate["state"]
    first = RESUME_AUTHORISED if state == "authorised" and candidate["started_at"] else None
    label: str = CANDIDATE_STATES.get(state, str(state))
    tags = [first or (label, TONES.get(state, "plain"))]
    return tags + [ALERTS[a] for a in candidate["alerts"] if a in ALERTS]


def row_of(candidate: Doc) -> dict[str, Any]:
    return {
        "id": candidate["candidate_id"],
        "name": full_name(candidate),
        "division": candidate.get("division") or "",
        "tags": tags_of(candidate),
        "started_at": candidate["started_at"],
        "theoretical_end": candidate["theoretical_end"],
        "extra_time": percent(candidate["extra_time"]),
        "actions": actions_of(candidate),
        "urgent": any(a in URGENT for a in candidate["alerts"]),
    }


def words(text: str) -> list[str]:
    """Lower case, no accents, letters and digits only: 'José-Marie' → jose, marie."""
    plain = alphabetical(text)
    return [w for w in re.split(r"[^0-9a-z]+", plain) if w]


def matches(query: str, candidate: Doc) -> bool:
    """Each word typed begins a word of the names, in either order ('jose mar')."""
    wanted = words(query)
    names = words(full_name(candidate))
    joined = "".join(names)
    return all(any(n.startswith(w) for n in names) or w in joined for w in wanted)


def ordered(candidates: list[Doc]) -> list[Doc]:
    """Alerts on top (past the end, asking for help), then by name as the view sorts."""
    return sorted(candidates, key=lambda c: not any(a in URGENT for a in c["alerts"]))


def counters(candidates: list[Doc]) -> dict[str, int]:
    present = ("authorised", "in_test", "completed", "ended")
    return {
        "presents": sum(c["state"] in present for c in candidates),
        "commences": sum(bool(c["started_at"]) for c in candidates),
        "termines": sum(c["state"] in ("completed", "ended") for c in candidates),
        "inscrits": len(candidates),
    }


def signature(candidates: list[Doc]) -> str:
    """Each candidate's state in a few characters, sent back by the next refresh."""
    return ".".join(
        c["candidate_id"].replace("-", "")[:SHORT_ID]
        + STATE_CODES.get(c["state"], "e")
        + ("h" if c["help_requested"] else "")
        for c in candidates
    )


def before_of(text: str) -> dict[str, str]:
    found = {}
    for part in text[:20000].split("."):
        if SIGNATURE.match(part):
            found[part[:SHORT_ID]] = part[SHORT_ID:]
    return found


def news(before: str, candidates: list[Doc]) -> list[str]:
    """What changed since the previous refresh, said in French."""
    previous = before_of(before)
    if not previous:
        return []
    said = []
    for candidate in candidates:
        was = previous.get(candidate["candidate_id"].replace("-", "")[:SHORT_ID])
        if was is None:
            continue
        sentence = change_sentence(was, candidate)
        if sentence:
            said.append(sentence)
    if len(said) > MOST_ANNOUNCED:
        return [f"{len(said)} changements dans la liste des candidats."]
    return said


def change_sentence(was: str, candidate: Doc) -> str:
    name, state = full_name(candidate), STATE_CODES.get(candidate["state"], "e")
    if (was[0], state) == ("a", "j"):  # only a cancellation goes back to joined
        return f"Présence de {name} annulée."
    if state != was[0]:
        return {
            "j": f"{name} a rejoint la session.",
            "a": f"Présence de {name} confirmée.",
            "t": f"{name} a commencé.",
            "c": f"{name} a terminé son test.",
            "f": f"Fin du test de {name}.",
            "e": f"{name} n'est plus connecté.",
        }[state]
    if candidate["help_requested"] and not was.endswith("h"):
        return f"{name} demande de l'aide."
    return ""
