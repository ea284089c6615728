"""How the history writes values: ranks as ordinals, dates in words, and text shortened only at a
word, with an ellipsis."""

import datetime

import pytest

from localism.core.history import ELLIPSIS, as_text, ordinal, shorten


@pytest.mark.parametrize("number, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (7, "7th"),
                                          (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"),
                                          (101, "101st"), (111, "111th"), (112, "112th"), (1000, "1000th")])
def test_ordinals(number, text):
    assert ordinal(number) == text


def test_text_that_fits_is_whole():
    assert shorten("Clear the alleys behind Ladypool Road", 80) == "Clear the alleys behind Ladypool Road"
    assert shorten("  Two\nlines  ", 80) == "Two lines"
    assert shorten("", 10) == "" and shorten(None, 10) == ""


@pytest.mark.parametrize("limit", range(6, 60))
def test_longer_text_is_cut_at_a_word_with_an_ellipsis(limit):
    text = "Clear the alleys behind Ladypool Road, every month, with the residents"
    short = shorten(text, limit)
    assert len(short) <= limit and short.endswith(ELLIPSIS)
    kept = short.removesuffix(ELLIPSIS)
    words = text.split()
    assert kept.split()[-1].rstrip(",") in {w.rstrip(",") for w in words}  # a whole word ends it
    assert text.startswith(kept)


def test_a_cut_that_falls_between_words_keeps_the_last_whole_word():
    assert shorten("Clear the alleys", 10) == "Clear the…"
    assert shorten("Clear the alleys", 11) == "Clear the…"
    assert shorten("Clear the alleys", 12) == "Clear the…"


def test_one_word_longer_than_the_limit_is_cut_in_it():
    assert shorten("Supercalifragilistic", 8) == "Superca…"


def test_values_as_text():
    assert as_text(datetime.date(2027, 3, 31)) == "31 March 2027"
    assert as_text(None) == "" and as_text(True) == "Yes" and as_text(3) == "3"
