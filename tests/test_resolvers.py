"""The document-level resolvers: which mentions are one person, who a quoted speaker speaks for.

Expected values are written out by hand from the sentences in each test."""

from __future__ import annotations

from caretext.findings import Council, Mention, Person, Quote
from caretext.nlp.same_person import PersonMention, SamePerson, party_role, people
from caretext.nlp.speakers import SpokenQuote, speakers


def _at(start: int, text: str = "x") -> Mention:
    return Mention(text=text, start=start, end=start + len(text))


def test_a_surname_joins_its_one_full_name_and_an_honorific_picks_between_two() -> None:
    same = SamePerson(["Ruth Okafor", "Tom Bowler", "Jane Bowler", "Kerry Wren"])
    assert same.full_name("Okafor") == "Ruth Okafor"
    assert same.full_name("Kerry") == "Kerry Wren"  # a given name with one owner
    assert same.full_name("Bowler", "f", {"Tom Bowler": "m"}) == "Jane Bowler"
    assert same.full_name("Bowler", "m", {"Jane Bowler": "f"}) == "Tom Bowler"
    assert same.full_name("Smith") == "Smith"  # nobody of that name: as written
    assert same.surname_owner("Okafor") == "Ruth Okafor"
    assert same.surname_owner("Bowler") is None  # two Bowlers: no guess for the people list


def test_people_are_grouped_by_person_and_pseudonyms_join_nobody() -> None:
    found = people(
        [
            PersonMention("Okafor", False, None, None, _at(90)),
            PersonMention("Ruth Okafor", False, "chief executive", "Family Rights Group", _at(10)),
            PersonMention("Mrs X", True, None, None, _at(0)),
            PersonMention("Mrs X", True, "parent", None, _at(50)),
            PersonMention("Bowler", False, None, None, _at(120)),
            PersonMention("Tom Bowler", False, None, None, _at(100)),
            PersonMention("Jane Bowler", False, None, None, _at(110)),
        ]
    )
    by_name = {p.name: p for p in found}
    assert [p.name for p in found] == ["Mrs X", "Ruth Okafor", "Tom Bowler", "Jane Bowler", "Bowler"]
    assert [m.start for m in by_name["Ruth Okafor"].mentions] == [10, 90]
    assert by_name["Ruth Okafor"].role == "chief executive"
    assert by_name["Mrs X"].role == "parent" and by_name["Mrs X"].pseudonym
    assert len(by_name["Bowler"].mentions) == 1  # two Bowlers: not merged into either


def test_party_role_prefers_the_most_telling() -> None:
    assert party_role([None, "complainant", "parent"]) == "parent"
    assert party_role(["carer", "child"]) == "child"
    assert party_role([None]) == "complainant"


def _council(name: str, role: str, *starts: int) -> Council:
    return Council(name=name, gss=None, role=role, score=1.0, mentions=[_at(s, name) for s in starts])  # type: ignore[arg-type]


def test_speakers_take_roles_from_first_mentions_and_council_roles_from_the_nearest_council() -> None:
    ruth = Person(name="Ruth Okafor", role="chief executive", organisation="Family Rights Group", mentions=[_at(5)])
    councils = [_council("Leeds City Council", "subject", 100, 500), _council("Kirklees Council", "mentioned", 700)]
    quotes = [
        SpokenQuote(Quote(speaker="Ruth Okafor", text="a", start=200, end=201), "person"),
        SpokenQuote(Quote(speaker="council", organisation="council", text="b", start=300, end=301), "spokesperson"),
        SpokenQuote(Quote(speaker="Elaine Mortimer", role="cabinet member for children", text="c", start=900, end=901), "person"),
        SpokenQuote(Quote(speaker="Paul Deverell", role="director of children's services", text="d", start=1500, end=1501), "person"),
    ]
    out = speakers(quotes, [ruth], councils)
    assert (out[0].role, out[0].organisation) == ("chief executive", "Family Rights Group")
    assert (out[1].speaker, out[1].organisation) == ("Leeds City Council spokesperson", "Leeds City Council")
    assert out[2].organisation == "Kirklees Council"  # the council named last before the quote (Leeds is nearer the start)
    assert out[3].organisation == "Leeds City Council"  # no council near: the article's one subject
