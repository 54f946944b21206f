"""Who a quoted speaker speaks for, from the whole document.

The quote component names a speaker from the words around each quote ("said Daniel Forsythe,
president of the ADCS"). What the speaker speaks for often stands elsewhere: a role written at the
first mention serves every later quote, "a council spokesperson" speaks for the article's council, and
"the cabinet member for children" for the council named just before. That document-level reasoning
lives here, typed, apart from span finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from caretext.findings import Council, Person, Quote
from caretext.nlp.organisations import spelled_out

#: roles that only a council has; with no organisation written they mean the article's council
COUNCIL_ROLE = re.compile(
    r"(?i)\b(?:director of children['’]s services|cabinet member|lead member|portfolio holder|"
    r"council leader|leader of the council|deputy leader|chief executive of the council|"
    r"corporate director|executive director of children|councillor)\b"
)
#: how far before a quote a council named counts as the one a council role works for
NEAR_CHARS = 600

@dataclass(frozen=True)
class SpokenQuote:
    """A quote as the quote component found it, and what kind of referent its speaker is
    (``span._.quote["kind"]``: "person", "organisation", "spokesperson", "unnamed", ...)."""

    quote: Quote
    speaker_kind: str


def speakers(quotes: Iterable[SpokenQuote], people: list[Person], councils: list[Council]) -> list[Quote]:
    """The quotes with each speaker's role and organisation completed from the whole document."""
    by_name = {p.name: p for p in people if not p.pseudonym}
    subjects = [c for c in councils if c.role == "subject"]
    only = subjects if len(subjects) == 1 else councils if len(councils) == 1 else []
    out = []
    for spoken in quotes:
        quote = spoken.quote
        person = by_name.get(quote.speaker or "") if spoken.speaker_kind == "person" else None
        if person is not None:  # a role written at the first mention serves every later quote
            quote.role = quote.role or person.role
            quote.organisation = quote.organisation or person.organisation
        if quote.organisation == "council":  # "a council spokesperson": the article's one council
            quote.organisation = only[0].name if only else None
            if quote.speaker == "council":
                quote.speaker = quote.organisation
        elif quote.organisation is None and COUNCIL_ROLE.search(quote.role or ""):
            # "In Kirklees, Councillor Elaine Mortimer, the cabinet member for children, said";
            # "interim director of children's services Paul Deverell" in a story about one council
            near = [
                (m.start, c.name)
                for c in councils
                for m in c.mentions
                if quote.start - NEAR_CHARS <= m.start < quote.start and m.method != "anaphora"
            ]
            quote.organisation = max(near)[1] if near else only[0].name if only else None
        canonical_speaker(quote, spoken.speaker_kind)
        out.append(quote)
    return out


#: the words that make an unnamed speaker a spokesperson, whatever the article calls them
_SPOKES_WORDS = re.compile(r"(?i)^(?:spokes(?:man|woman|person|people)|press office|press officer)$")
#: a place or clause after an unnamed speaker's noun ("a mother from Hull who ...")
_DESCRIPTION_TAIL = re.compile(r"(?<=[a-z])\s+(?:from|in|at|who|whose|which|that|living|based)\b.*$", re.S)


def canonical_speaker(quote: Quote, kind: str) -> None:
    """Name a speaker the one way the press guideline writes it (annotations/press/README.md,
    "Speaker names"), so that counting who is quoted does not split one speaker in three:
    an unnamed spokesperson is ``"<organisation> spokesperson"`` ("a spokeswoman for Kent County
    Council", "Kent County Council's spokesman" and "a KCC spokesperson" alike); anyone else
    unnamed is the noun phrase the text describes them by, without article, place or clause."""
    if kind == "spokesperson" and _SPOKES_WORDS.match(quote.role or "spokesperson"):
        quote.role = "spokesperson"
        body = spelled_out(quote.organisation) if quote.organisation else None
        quote.speaker = f"{body} spokesperson" if body else "spokesperson"
    elif kind == "spokesperson" and quote.role and quote.organisation:
        quote.speaker = f"{quote.organisation} {quote.role}"  # "a Unison representative"
    elif kind == "unnamed" and quote.speaker:
        described = _DESCRIPTION_TAIL.sub("", quote.speaker.strip())
        words = described.split()
        quote.speaker = " ".join(w if w[:1].isupper() and k > 0 else w.lower() for k, w in enumerate(words))
