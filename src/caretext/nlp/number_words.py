"""Numbers written in words ("fifteen", "forty-two", "two thousand three hundred", "thirds").

The parsing is text2num's (a maintained parser with English number grammar, ordinals and
hyphenated compounds), not a table of our own: a table stops at the words someone
thought to list, and "ninety-three" or "one hundred and twelve" would silently fall
through. This module only tokenises the text with character offsets, hands the tokens
to :func:`text_to_num.find_numbers`, and maps its token indices back to characters, so
that every number word found can be cited by offset like any other finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import find_numbers

#: words, digit runs and single punctuation marks; a hyphen is a token of its own so that
#: "two-thirds" reads as "two" + "thirds" and "forty-two" still joins (text2num knows it)
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")
#: cheap test before tokenising a text: does it hold a number word at all?
_ANY = re.compile(
    r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teen)"
)


_MAGNITUDES = frozenset({"hundred", "thousand", "million", "billion"})


class _Token:
    """The token protocol text2num's ``find_numbers`` reads (text plus two hints)."""

    __slots__ = ("end", "start", "word")

    def __init__(self, match: re.Match[str]) -> None:
        self.start, self.end, self.word = match.start(), match.end(), match.group()

    def text(self) -> str:
        # digits are the digit patterns' to read; shown to text2num as a plain separator, so that
        # "in 2018. One in three" does not become 2018.1
        return "nan" if self.word[0].isdigit() else self.word

    def nt_separated(self, previous: _Token) -> bool:
        # a line break between two words ends a number ("Seven\nEight" in a list are two)
        return False

    def not_a_number_part(self) -> bool:
        return False


@dataclass(frozen=True)
class NumberWords:
    """One number written in words: its characters, value and whether it is an ordinal."""

    start: int
    end: int
    value: float
    ordinal: bool
    text: str


def find_number_words(text: str, start: int = 0, end: int | None = None) -> list[NumberWords]:
    """Every number written wholly in words in ``text[start:end]``, in order.

    Numbers that include digits ("5 million", "2.3m") are left to the digit patterns, which
    already read them; a run text2num joins across a line break is split back at it.
    """
    stop = len(text) if end is None else end
    if not _ANY.search(text, start, stop):
        return []
    tokens = [_Token(m) for m in _TOKEN.finditer(text, start, stop)]
    out: list[NumberWords] = []
    for occ in find_numbers(tokens, "en", threshold=0):
        toks = tokens[occ.start : occ.end]
        if occ.start > 0 and tokens[occ.start - 1].word[0].isdigit():
            continue  # "4.3 million": the digits are the number, read by the digit patterns
        first, last = toks[0].start, toks[-1].end
        if toks[0].word.lower() in _MAGNITUDES and re.search(r"(?i)(?<![\w-])an?\s+$", text[max(0, first - 3) : first]):
            first = text.rindex("a", 0, first)  # "a hundred", "a million": the article is the "one"
        if "\n" in text[first:last]:
            continue
        if not occ.is_ordinal and text[last - 1] in "sS":
            continue  # "hundreds", "thousands", "tens of": vague amounts, not a value
        out.append(NumberWords(first, last, float(occ.value), bool(occ.is_ordinal), text[first:last]))
    return out


def words_value(words: str) -> float | None:
    """The value of a short stretch that is wholly one number in words, else None."""
    found = find_number_words(words)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(words.rstrip()):
        return found[0].value
    return None
