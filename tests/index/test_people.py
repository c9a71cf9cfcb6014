"""One canonical name per person, whatever the spelling, order or title in the text."""

from __future__ import annotations

import pytest

from index.people import family_name, find_people, lookup, read_name


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Kang Kyung-wha", "Kang Kyung-wha"),
        ("Kang Kyung-hwa", "Kang Kyung-wha"),
        ("KANG Kyung-wha", "Kang Kyung-wha"),
        ("강경화", "Kang Kyung-wha"),
        ("HAYASHI Yoshimasa", "Yoshimasa Hayashi"),
        ("Yoshimasa Hayashi", "Yoshimasa Hayashi"),
        ("Taro Kono", "Taro Kono"),
        ("Kono Taro", "Taro Kono"),
        ("Kishida Fumio", "Fumio Kishida"),
        ("Yun Byungse", "Yun Byung-se"),
    ],
)
def test_variants_resolve_to_one_person(written: str, canonical: str) -> None:
    person = lookup(written)
    assert person is not None and person.name == canonical


def test_family_name_mentions_count_when_the_full_name_is_there() -> None:
    text = "Mr. Taro Kono met Minister Kang Kyung-hwa. Minister Kono said that Mr. Hayashi..."
    found = [(m.person.name, text[m.start : m.end], m.full) for m in find_people(text)]
    assert found == [
        ("Taro Kono", "Taro Kono", True),
        ("Kang Kyung-wha", "Kang Kyung-hwa", True),
        ("Taro Kono", "Kono", False),
    ]  # "Mr. Hayashi" alone is not enough to say which Hayashi


def test_family_name_with_an_office_held_on_the_date() -> None:
    text = "President Biden met virtually today with Prime Minister Kishida Fumio of Japan."
    names = [m.person.name for m in find_people(text, "2022-01-21")]
    assert names == ["Joe Biden", "Fumio Kishida"]
    # Before he was President, "President Biden" names nobody the file knows.
    assert [m.person.name for m in find_people("President Biden spoke.", "2012-01-01")] == []


def test_roles_follow_the_date() -> None:
    kishida = lookup("Fumio Kishida")
    assert kishida is not None
    assert kishida.role_on("2016-09-18") == "Minister for Foreign Affairs"
    assert kishida.role_on("2022-01-21") == "Prime Minister"


def test_unknown_names_get_a_sensible_reading() -> None:
    assert read_name("SUZUKI Ichiro") == "Ichiro Suzuki"
    assert read_name("Kim  Hong-kyun") == "Kim Hong-kyun"
    assert family_name("Kim Hong-kyun") == "Kim"
    assert family_name("Kenji Kanasugi") == "Kanasugi"
    assert family_name("Kang Kyung-hwa") == "Kang"
