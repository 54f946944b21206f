"""Which mentions are the same person: "Okafor", "Ms Okafor" and "Ruth" are "Ruth Okafor".

Document-level reasoning with one home, read by the quote component (to know who "Okafor said" is)
and by the findings (one ``Person`` per person, every mention under it). Pseudonyms ("Mrs X",
"Child Y") never join anyone: they are parties to a complaint, not names.

A short name joins a full name only when the document leaves no doubt: one full name with that
surname (or that given name), or, of several, the one an honorific's gender fits ("Mrs Bowler" is
not "Tom Bowler"). For the findings' list of people a short name joins only a surname's one owner;
the quote finder, which must name a speaker, takes the first full name that fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from caretext.findings import Mention, Person


class SamePerson:
    """The full names of a document, indexed by surname and by given name."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_surname: dict[str, list[str]] = {}
        self.by_given: dict[str, list[str]] = {}
        for name in dict.fromkeys(names):
            if " " in name:
                self.by_surname.setdefault(name.split()[-1], []).append(name)
                self.by_given.setdefault(name.split()[0], []).append(name)

    def full_name(
        self, name: str, gender: str | None = None, known: dict[str, str] | None = None
    ) -> str:
        """The full name ``name`` stands for: the one full name with that surname (or given name); of
        several, the first ``gender`` fits; else the first.

        ``gender`` is what the mention's honorific says ("Mrs" → "f"); ``known`` the gender each full
        name is known to have ("f"/"m", from its own honorifics or its given name; absent if unknown)."""
        if " " in name:
            return name
        owners = self.by_surname.get(name)
        if owners is None:  # "Dame Ruth added": a given name after an honorific
            given = self.by_given.get(name, [])
            return given[0] if len(given) == 1 else name
        if len(owners) == 1:
            return owners[0]
        if gender:  # of two Bowlers, "Mrs Bowler" is the first who is not known to be a man
            known = known or {}
            fits = [n for n in owners if known.get(n) in (None, gender)]
            if fits:
                return fits[0]
        return owners[0]

    def surname_owner(self, name: str) -> str | None:
        """The one full name whose surname ``name`` is (None when there are none or several)."""
        owners = self.by_surname.get(name, [])
        return owners[0] if len(owners) == 1 else None


@dataclass(frozen=True)
class PersonMention:
    """One mention of a person as the people component found it."""

    name: str
    pseudonym: bool
    role: str | None
    organisation: str | None
    mention: Mention


#: what a pseudonymised party is, most telling first: a relation written beside the name outranks
#: "complains", which any party may do
PARTY_ORDER = ("child", "parent", "relative", "carer", "complainant")


def party_role(roles: Iterable[str | None]) -> str:
    """One role for a pseudonym from its mentions; a party the text never places is a complainant
    (real statements name the complainant most, and rarely say so every time)."""
    known = {r for r in roles if r}
    return next((role for role in PARTY_ORDER if role in known), "complainant")


def people(mentions: Iterable[PersonMention]) -> list[Person]:
    """One ``Person`` per person, in order of first mention: "Ms Okafor" joins "Ruth Okafor" when she
    is the only Okafor; pseudonyms never join anyone. Role and organisation: the first written."""
    mentions = list(mentions)
    index = SamePerson(m.name for m in mentions if not m.pseudonym)
    groups: dict[tuple[str, bool], list[PersonMention]] = {}
    for m in mentions:
        target = m.name
        if not m.pseudonym and " " not in m.name:
            target = index.surname_owner(m.name) or m.name
        groups.setdefault((target, m.pseudonym), []).append(m)
    out = []
    for (name, pseudonym), items in groups.items():
        items.sort(key=lambda m: m.mention.start)
        role = (
            party_role(m.role for m in items)
            if pseudonym
            else next((m.role for m in items if m.role), None)
        )
        out.append(
            Person(
                name=name,
                role=role,
                organisation=next((m.organisation for m in items if m.organisation), None),
                pseudonym=pseudonym,
                mentions=[m.mention for m in items],
            )
        )
    return sorted(out, key=lambda p: p.mentions[0].start)
