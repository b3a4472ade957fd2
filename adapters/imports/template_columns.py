"""The columns of a session's candidate list, in the order the template prints them.

The writer prints them and the reader looks them up: one list, so that a file
written here is always read back. The headers and their order are those of the
reference platform's candidate import template; the billing columns exist
only outside schools, since schools never bill their pupils. A header is
recognised whatever its case, accents, spacing, apostrophes or line breaks,
and with or without its bracketed hint ("(format : jj/mm/aaaa)").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.values import BillingMode, CentreType

# A spreadsheet runs a CSV cell that starts like a formula: the writer puts a
# quote before it, and before a quote already there, so that the reader takes
# exactly one off and a name such as "'t Hart" is left as it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EVERY_CENTRE = frozenset(CentreType)
NOT_SCHOOLS = frozenset({CentreType.SUP, CentreType.PRO})
# Fields of a row that are not fields of application.commands.CandidateInput.
NUMBER = "number"
EXTRA_TIME = "extra_time"
PREPAYMENT_CODE = "prepayment_code"


@dataclass(frozen=True)
class Column:
    """One column: the field it fills, its header, the centres whose template has it."""

    field: str
    header: str
    centres: frozenset[CentreType]
    width_cm: float
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers that name it (older templates)

    @property
    def label(self) -> str:
        """The header without its mark of a required column, for messages."""
        return self.header.removeprefix("* ")


COLUMNS = (
    Column(NUMBER, "N°", EVERY_CENTRE, 1.2, aliases=("No", "Numéro")),
    Column(
        "last_name",
        "* Nom de naissance",
        EVERY_CENTRE,
        4.5,
        required=True,
        aliases=("Nom", "Nom de famille"),
    ),
    Column("first_name", "* Prénom", EVERY_CENTRE, 4.0, required=True),
    Column(
        "birthdate",
        "* Date de naissance (format : jj/mm/aaaa)",
        EVERY_CENTRE,
        4.2,
        required=True,
    ),
    Column("sex", "* Sexe (M ou F)", EVERY_CENTRE, 2.4, aliases=("Sexe",)),
    Column(
        "birth_insee_code",
        "Code Insee",
        EVERY_CENTRE,
        2.4,
        aliases=("Code INSEE de la commune de naissance", "Code INSEE de naissance"),
    ),
    Column(
        "birth_postal_code",
        "Code postal",
        EVERY_CENTRE,
        2.4,
        aliases=("Code postal de la commune de naissance", "Code postal de naissance"),
    ),
    Column(
        "birth_city",
        "Nom de la commune",
        EVERY_CENTRE,
        4.5,
        aliases=("Nom de la commune de naissance", "Commune de naissance"),
    ),
    Column("birth_country", "Pays", EVERY_CENTRE, 3.0, aliases=("Pays de naissance",)),
    Column(
        "results_email",
        "E-mail du destinataire des résultats (formateur, enseignant…)",
        EVERY_CENTRE,
        6.0,
    ),
    Column("convocation_email", "E-mail de convocation", EVERY_CENTRE, 6.0),
    Column("external_id", "Identifiant local", EVERY_CENTRE, 3.5, aliases=("Identifiant externe",)),
    Column(EXTRA_TIME, "Temps majoré ?", EVERY_CENTRE, 2.8),
    Column("billing_mode", "Tarification part Pix", NOT_SCHOOLS, 3.8),
    Column(PREPAYMENT_CODE, "Code de prépaiement", NOT_SCHOOLS, 5.0),
)

# The reference's French labels of the billing modes.
BILLING_LABELS = {
    BillingMode.FREE: "Gratuite",
    BillingMode.PAID: "Payante",
    BillingMode.PREPAID: "Prépayée",
}


def columns_for(centre_type: CentreType) -> tuple[Column, ...]:
    """The columns of this kind of centre's template, in order."""
    return tuple(column for column in COLUMNS if centre_type in column.centres)


def header_key(header: str) -> str:
    """What is left of a header once case, accents, spacing, punctuation and its
    bracketed hint are set aside: "* Date de naissance\\n(jj/mm/aaaa)" → "datedenaissance"."""
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\([^)]*\)?", "", plain))


# Every header and alias, whatever the centre: a billing column in a school's
# file is known, and named as a column not read there.
COLUMN_BY_KEY = {
    header_key(name): column for column in COLUMNS for name in (column.header, *column.aliases)
}


def defused(value: str) -> str:
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def undefused(value: str) -> str:
    quoted = value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS)
    return value[1:] if quoted else value
