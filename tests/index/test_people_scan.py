"""Finding known people tries the names' regex only where a name can begin
(`index.people._hits`), and finds exactly what trying it at every position
(`full.finditer`) finds: on every name form of the people files written in several ways,
on text built to trip the shortcuts, and on the real documents of the shared corpus."""

from __future__ import annotations

import itertools
import json
import lzma
from pathlib import Path

import pytest

from index import people

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def spans_everywhere(text: str) -> list[tuple[int, int]]:
    return [hit.span() for hit in people._matcher().full.finditer(text)]


def spans_found(text: str) -> list[tuple[int, int]]:
    return [hit.span() for hit in people._hits(people._matcher(), text)]


def forms() -> list[str]:
    return sorted(
        {
            v
            for p in people.all_people()
            for alias in (p.name, *p.aliases)
            for v in people._variants(alias)
        }
    )


def test_the_shortcut_is_in_use() -> None:
    assert not people._matcher().scan_all  # else this file would test finditer against itself


def test_every_name_form_written_every_way_is_found_where_it_is() -> None:
    checked = 0
    for form in forms():
        for written in {form, form.upper(), form.lower(), form.title(), form.replace(" ", "-"),
                        form.replace(" ", ""), form.replace("-", " ")}:  # fmt: skip
            for text in (
                f"{written} met the press.",
                f"On Monday, {written}'s office said so.",
                f"(“{written}”) and {written}",
                f"Meeting with {written}外務大臣 today",
                f"pre{written} and {written}post and x-{written}",
                f"Sen. {written}, {written}; {written}.",
            ):
                expected = spans_everywhere(text)
                assert spans_found(text) == expected, (form, text)
                checked += 1
    assert checked > 5000


@pytest.mark.parametrize(
    "text",
    [
        "Abeyance is not Abe; ABE Shinzo and abe shinzo and Shinzo ABE met.",
        "J.D. Vance, JD Vance and J. D. Vance; j.d. vance; Jd vance; jdvance.",
        "SÁNCHEZ Pedro, Sánchez Pedro, Pedro SÁNCHEZ, sanchez pedro (no accent).",
        "Erdoğan, ERDOĞAN Tayyip, Recep Tayyıp Erdoğan, Recep Tayyip Erdogan.",
        "Kim Jong Un, KIM JONG-UN, Kim Jong-un, Kim Jong, Kimjongun, \u212aim Jong Un.",
        "김정은 위원장과 문재인 대통령, 岸田文雄総理と尹錫悦大統領, 習近平国家主席。",
        "河野太郎外務大臣は康京和長官と会談した。岸田総理大臣、岸田文雄。",
        "Yoon Suk Yeol; Yoon Suk-yeol; Suk-yeol Yoon; yoon-suk-yeol; YOON Suk Yeol.",
        "el-Sissi Abdel-Fattah; Abdel Fattah el-Sissi; Abdel-Fattah El-Sisi.",
        "Lee Jae-myung and Lee Jae myung and Jae-myung Lee -- Lee-Jae-myung.",
        "Li Qiang, LiQiang, Li-Qiang, li  qiang; lines of Li; Xi Jinping, XiJinping, Xi-jin.",
        "간 나오토 총리, 간나오토, 간  나오토; 아베 신조, 아베신조; 李 在明, 李在明.",
        "",
        "Biden",
        "-Biden -Kishida Biden-Kishida Biden_Kishida",
    ],
)
def test_hard_cases_are_found_as_finditer_finds_them(text: str) -> None:
    assert spans_found(text) == spans_everywhere(text)


@pytest.mark.parametrize(
    ("name", "upto", "step"),
    [
        ("wh_briefing_room_2021_2026", 14_000, 230),
        ("un_general_debate_1946_2022", 3_000, 50),
        ("ko_president_speeches_1948_2022", 8_700, 145),
        ("us_state_of_the_union_1790_2026", 3_000, 8),
    ],
)
def test_the_real_documents_give_the_same_names(name: str, upto: int, step: int) -> None:
    path = CORPUS / f"{name}.jsonl.xz"
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus is not on this machine")
    with lzma.open(path, "rt", encoding="utf-8") as f:
        # About 60 documents spread over the collection (the UN's over its first 3,000).
        texts = [json.loads(line)["text"] for line in itertools.islice(f, 0, upto, step)]
    found = 0
    for text in texts:
        expected = spans_everywhere(text)
        assert spans_found(text) == expected
        found += len(expected)
    if name.startswith(("wh_", "ko_")):  # the others name few of the people files' people
        assert found > 0
