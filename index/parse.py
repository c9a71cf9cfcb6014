"""Turning one decoded document into a `Readout`: its publisher, dates, title and fields.

The readers here know three layouts well (MOFA Japan's English pages, MOFA Korea's press
releases, Markdown with YAML front matter such as the White House's) and read anything else
with generic rules (first heading or line as title, first plausible date), marking the record
`generic`. The page's layout is read by `index.layout`, who met whom and where by
`index.participants`. Nothing here raises for odd text: the worst case is a readout with
empty fields.
"""

from __future__ import annotations

import re

from index.dates import find_date, meeting_day, parse_date
from index.frontmatter import split_front_matter
from index.glue import deglue
from index.html_text import html_to_text
from index.layout import CATEGORY, is_heading, page_sections, read_page, sections_text
from index.markdown_html import strip_html
from index.model import GENERIC, Participant, RawDoc, Readout
from index.participants import (
    MAX_LEAD,
    find_attendees,
    find_lead,
    find_place,
    find_principals,
    has_meeting_verb,
    later_meeting_sentences,
    meeting_sentence,
)
from index.people import find_people
from index.sanitize import safe_text
from index.topics import topics_of

# --- sources ----------------------------------------------------------------------------------

_URL_SOURCES = (
    ("whitehouse.gov", "white-house"),
    ("whitehouse.archives.gov", "white-house"),
    ("mofa.go.jp", "mofa-japan"),
    ("mofa.go.kr", "mofa-korea"),
    ("pa.go.kr", "president-korea"),
    ("presidency.ucsb.edu", "us-president"),
    ("state.gov", "us-state-department"),
    ("mfa.gov.cn", "mfa-china"),
    ("fmprc.gov.cn", "mfa-china"),
)


def detect_source(lines: list[str], meta: dict[str, str]) -> str:
    """Who published the document: from its URL when known, else from tell-tale page lines."""
    url = meta.get("source_url", "") + " " + meta.get("url", "")
    for needle, code in _URL_SOURCES:
        if needle in url:
            return code
    if meta.get("country_iso3") or meta.get("session"):
        return "un-general-debate"
    if meta.get("sotu_type"):
        return "us-president"
    head = [ln.strip() for ln in lines[:8] if ln.strip()]
    tail = [ln.strip() for ln in lines[-4:] if ln.strip()]
    body = "\n".join(lines)
    if any(re.fullmatch(r"Press Releases?", ln) for ln in head) or "Policy Briefing |" in body:
        return "mofa-korea"
    if "Foreign Ministry in Seoul" in body or "Ministry of Foreign Affairs of Korea" in body:
        return "mofa-korea"
    japan_marks = (
        any(ln.startswith("Back to ") for ln in tail)
        or any(CATEGORY.fullmatch(ln) for ln in head[:1])
    ) and "Minister for Foreign Affairs" in body
    if japan_marks or body.lstrip().startswith("Japan-ROK "):
        return "mofa-japan"
    # The originals: MOFA Japan's pages in Japanese (kana, and a minister, the prime minister,
    # the ministry or an era date line at the top); MOFA Korea's in Korean (보도자료 "press
    # releases" at the top, or the ministry, 외교부, in the text).
    if _KANA.search(body) and (
        _JAPAN_OFFICE.search(body) or any(_ERA_LINE.match(ln) for ln in head[:3])
    ):
        return "mofa-japan"
    if _HANGUL.search(body) and ("보도자료" in head[:2] or "외교부" in body):
        return "mofa-korea"
    return "unknown"


_KANA = re.compile("[\u3041-\u30ff]")
_JAPAN_OFFICE = re.compile("外務大臣|総理大臣|外務省|国家安全保障局")
_ERA_LINE = re.compile(r"(?:令和|平成)\s*(?:元|\d{1,2})\s*年")
_HANGUL = re.compile("[\uac00-\ud7a3]")


_SIDE_NAMES = {"Japan": "Japan", "ROK": "ROK", "United States": "U.S."}
_KOREA_SIDE = {"ROK": "Korea", "Japan": "Japan", "United States": "U.S."}


# --- titles and ids ---------------------------------------------------------------------------


def _derived_title(source: str, participants: list[Participant], lead: str) -> str:
    countries = []
    for p in participants:
        if p.country and p.country not in countries:
            countries.append(p.country)
    if len(countries) >= 2:
        names = _KOREA_SIDE if source == "mofa-korea" else _SIDE_NAMES
        pair = "-".join(names.get(c, c) for c in countries[:2])
        roles = " ".join(p.role for p in participants[:2]).lower()
        if "foreign" in roles:
            kind = "Foreign Ministers' Meeting"
        elif "president" in roles or "prime minister" in roles:
            kind = "Summit Meeting"
        else:
            kind = "Meeting"
        return f"{pair} {kind}"
    return ""


def _title_from_fields(source: str, meta: dict[str, str]) -> str:
    """A title for collections whose lines carry no title but say what the document is."""
    year = meta.get("year", "") or meta.get("date", "")[:4]
    if source == "un-general-debate" and meta.get("country_iso3"):
        session = f", session {meta['session']}" if meta.get("session") else ""
        return f"UN General Debate {year}{session}: {meta['country_iso3']}".replace("  ", " ")
    if meta.get("sotu_type") and meta.get("president"):
        return f"State of the Union {year}: {meta['president']}"
    return ""


def _tidy_title(title: str) -> str:
    title = (
        safe_text(title, newlines=False).replace("\u00a0", " ").replace("’", "'").replace("‘", "'")
    )
    return re.sub(r"\s+", " ", title).strip()


# --- the reader -------------------------------------------------------------------------------


def parse_document(doc: RawDoc) -> Readout:
    """Read one decoded document into a `Readout` (its `id` is provisional: see meetings)."""
    text = doc.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = safe_text(text)  # document text is data: no terminal control survives into a record
    meta = dict(doc.meta)
    markdown = doc.kind == "md"
    front, body = split_front_matter(text)
    if front:
        markdown = True
        for key, value in front.items():
            meta.setdefault(key, value)
    if doc.kind == "html":
        # Character references decode only now ("&#27;" is ESC, "&#x202e;" a bidi override), in
        # the text and in the page title put into `meta`: clean both again.
        body = safe_text(html_to_text(body, meta))
    elif markdown:
        body = strip_html(body)
    meta = {safe_text(k, newlines=False): safe_text(v) for k, v in meta.items()}
    lines = body.split("\n")
    source = detect_source(lines, meta)
    page = read_page(lines, markdown=markdown)
    blocks = page.blocks or []
    first_line = ""
    if not markdown and source in ("mofa-japan", "mofa-korea") and blocks:
        # The first line left after furniture is the page's own title, when it is short.
        candidate = blocks[0][0].strip()
        if (
            len(candidate) <= 150
            and not candidate.endswith(".")
            and not is_heading(candidate, markdown=False)
        ):
            first_line = candidate
            blocks[0] = blocks[0][1:]
            if not blocks[0]:
                blocks.pop(0)
    sections = page_sections(blocks, markdown=markdown)
    paragraphs = [p for s in sections for p in s.paragraphs]

    published = parse_date(meta.get("date", "")) or page.published
    if not published:
        published = find_date("\n".join(lines[:40]))[0]
    # The fields are read with glued words split ("met inSingapore", "Ministers Kangand Kono");
    # the text is kept as published.
    opening = [deglue(p) for p in paragraphs[:4]]
    lead, sentence = find_lead(opening)
    # Cap the work on pathological text: a real lead paragraph is a few hundred characters;
    # the people, place and attendee readers below are quadratic in its length.
    lead, sentence = lead[:MAX_LEAD], sentence[:MAX_LEAD]
    # A date in the text is the meeting's only in the sentence that says the meeting took place
    # ("met ... on May 21", "On July 13, X held talks with"); a notice or a declaration that
    # reports no meeting quotes older dates (an order's, an incident's) and has no meeting
    # date other than its publication. "Yesterday" and "on Friday" count only with a verb that
    # says someone met or spoke.
    reported = meeting_sentence([p[:MAX_LEAD] for p in opening])
    meeting_date = meeting_day(reported, published, relative=has_meeting_verb(reported))
    if not meeting_date:
        meeting_date = published
    mentions = find_people(lead, meeting_date)
    page_title = _tidy_title(meta.get("title", ""))
    participants = (
        find_principals(sentence, meeting_date, source, mentions, page_title, "\n".join(opening))
        if sentence
        else []
    )
    if sentence and not participants:
        # "Today, the Administration held an event ...": the people may be named in the next
        # sentence that says who met or hosted ("Director Brian Deese, ... hosted the event"),
        # when it names two people or more by their full names.
        for later in later_meeting_sentences(opening, sentence):
            participants = find_principals(
                later, meeting_date, source, find_people(later, meeting_date), page_title
            )
            if len(participants) > 1 and all(" " in p.name for p in participants):
                break  # two named people or more, each by a full name
        else:
            participants = []
    principal_names = {p.name for p in participants}
    attendees = find_attendees(lead, principal_names, meeting_date) if participants else []
    place = find_place(sentence) if participants else ""  # the lead's, not a later sentence's

    known_layout = source in ("mofa-japan", "mofa-korea")
    if known_layout:
        fmt = source
    elif markdown:
        fmt = "markdown"
    elif doc.kind == "html":
        fmt = "html"
    elif meta.get("title") or meta.get("date"):
        fmt = "collection"
    else:
        fmt = GENERIC

    title = (
        _tidy_title(meta.get("title", ""))
        or _title_from_fields(source, meta)
        or _tidy_title(first_line)
    )
    if not title:
        title = _derived_title(source, participants, lead) or _tidy_title(page.title_hint)
    if not title:
        first_heading = next((s.heading for s in sections if s.heading), "")
        title = _tidy_title(first_heading or (paragraphs[0] if paragraphs else ""))
        if len(title) > 100:
            title = title[:97].rsplit(" ", 1)[0] + "…"
    if not title:
        # The file name is data too: "evil\x1b[2J.txt" must not reach a terminal as a title.
        title = _tidy_title(doc.path.rsplit("/", 1)[-1]) or "(untitled)"

    cleaned, headings = sections_text(sections)
    return Readout(
        id="",
        path=doc.path,
        source=source,
        title=title,
        published=published,
        meeting_date=meeting_date,
        participants=tuple(participants),
        attendees=tuple(attendees),
        place=place,
        headings=headings,
        topics=topics_of(cleaned, title),
        text=cleaned,
        format=fmt,
        encoding=doc.encoding,
        metadata=tuple(sorted(meta.items())),
    )
