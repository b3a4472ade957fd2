"""A CSV file without a BOM in Windows-1252 or Mac Roman: Windows-1252 decodes
almost any byte, so the reading chosen is the one that looks like French."""

from __future__ import annotations

import pytest

from adapters.imports.tables import decoded, plausibility

FRENCH = [
    "Premier prénom*;Nom de famille*\r\nZoé;LEFÈVRE\r\n",
    "Hélène;Noël;François;Maëlle\r\n",
    "HÉLÈNE;ÇELIK;BŒUF;JÉRÔME\r\n",
    "Œuvre;cœur;âge;île;où;Ève Zoé\r\n",
]


@pytest.mark.parametrize("text", FRENCH)
@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_french_text_reads_back_in_either_encoding(text: str, encoding: str) -> None:
    assert decoded(text.encode(encoding)) == text


def test_a_mac_roman_e_acute_is_not_read_as_windows_1252_s_z_caron() -> None:
    assert "Zoé".encode("mac_roman") == b"Zo\x8e"
    assert b"Zo\x8e".decode("cp1252") == "ZoŽ"  # what a plain fallback would show

    assert decoded(b"Zo\x8e") == "Zoé"


def test_utf_8_wins_with_or_without_its_byte_order_mark() -> None:
    assert decoded("\ufeffZoé".encode()) == "Zoé"
    assert decoded("Zoé".encode()) == "Zoé"


def test_a_tie_goes_to_windows_1252() -> None:
    assert decoded(b"plain ascii") == "plain ascii"
    assert decoded("Ë".encode("cp1252")) == "Ë"  # also Mac Roman's "À": nothing tells


def test_letters_in_the_wrong_case_for_their_word_count_against_the_reading() -> None:
    assert plausibility("Hélène") == 2
    assert plausibility("HÈlËne") == 0  # Windows-1252's Hélène read as Mac Roman
    assert plausibility("HéLéNE") == -2  # Mac Roman's HÈLÈNE read as Windows-1252
    assert plausibility("ZoŽ ƒ") == -2
