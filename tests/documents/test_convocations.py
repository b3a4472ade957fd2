"""Convocation letters as a pupil and their family read them: to whom, under
which rule, until when, from where and on which day."""

from __future__ import annotations

import io

import pypdfium2
import pytest

from adapters.documents import attendance_pdf, convocations_pdf, kit_pdf
from tests.documents import sample
from tests.documents.pdf import pages_text


def one_letter(last: str, first: str, extra_time: str = "0", **changes: object) -> str:
    data = sample.sheet([sample.row(1, last, first, extra_time)]) | changes
    [page] = pages_text(convocations_pdf.render_convocations(data))
    return " ".join(page.split())


def title_of(content: bytes) -> str:
    return str(pypdfium2.PdfDocument(io.BytesIO(content)).get_metadata_dict()["Title"])


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Étienne", "Convocation d'Étienne Martin"),
        ("Anaïs", "Convocation d'Anaïs Martin"),
        ("Hugo", "Convocation d'Hugo Martin"),
        ("Paul", "Convocation de Paul Martin"),
    ],
)
def test_the_letter_is_addressed_with_french_elision(first: str, expected: str) -> None:
    assert expected in one_letter("Martin", first)


def test_the_letter_states_the_eligibility_rule_in_force() -> None:
    text = one_letter("Martin", "Paul", rule={"min_competences": 3, "min_level": 2})
    assert "au moins 3 compétences positionnées (niveau 2 ou plus)" in text
    assert "au moins 5" not in text


def test_the_letter_ends_with_its_place_and_date() -> None:
    assert "À Bâtiment B, le 1er décembre 2026" in one_letter("Martin", "Paul")
    later = one_letter("Martin", "Paul", issued_on="2027-02-14")
    assert "À Bâtiment B, le 14 février 2027" in later


def test_a_pupil_with_extra_time_reads_their_own_end_time() -> None:
    """09:00 + 105 min × 1.33 = 139.65 min, rounded up: 11:20."""
    text = one_letter("Durand", "Hugo", "0.33")
    assert "Temps majoré Votre heure de fin 33 % 11:20" in text
    assert "Votre heure de fin" not in one_letter("Martin", "Paul")


def test_a_pupil_with_half_as_much_time_again_ends_at_eleven_thirty_eight() -> None:
    """09:00 + 105 min × 1.5 = 157.5 min, rounded up: 11:38."""
    assert "Votre heure de fin 50 % 11:38" in one_letter("Durand", "Hugo", "0.5")


def test_no_paper_repeats_its_title_in_its_metadata() -> None:
    data = sample.troublesome()
    titles = [
        title_of(attendance_pdf.render_sheet(data)),
        title_of(kit_pdf.render_kit(data)),
        title_of(convocations_pdf.render_convocations(data)),
        title_of(convocations_pdf.render_convocation(data, data["rows"][0])),
    ]
    assert titles == [
        "Feuille d'émargement – Session n° 4512 – 15/03/2027 09:00 – Salle 101",
        "Kit du surveillant – Session n° 4512 – 15/03/2027 09:00 – Salle 101",
        "Convocations – Session n° 4512 – 15/03/2027 09:00 – Salle 101",
        "Convocation – Zoé Çelik – Session n° 4512 – 15/03/2027 09:00 – Salle 101",
    ]
