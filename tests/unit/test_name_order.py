"""One order of names for the sheet, the candidates' lists and the searches."""

from __future__ import annotations

from domain.name_order import alphabetical, name_order

NAMES = [
    ("Zola", "Émile"),
    ("Çelik", "Ayşe"),
    ("Dupont", "Léa"),
    ("dupont", "Adam"),
    ("Østergaard", "Søren"),
]


def test_accents_and_case_are_ignored_and_the_order_is_stable() -> None:
    assert alphabetical("Çelik Østergaard ŒUVRE") == "celik ostergaard oeuvre"
    ordered = sorted(NAMES, key=lambda name: name_order(*name))
    assert ordered == [
        ("Çelik", "Ayşe"),
        ("dupont", "Adam"),
        ("Dupont", "Léa"),
        ("Østergaard", "Søren"),
        ("Zola", "Émile"),
    ]
