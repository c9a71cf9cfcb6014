"""Turning one decoded document into a `Readout`: layout, furniture, structure, people, dates.

The readers here know three layouts well (MOFA Japan's English pages, MOFA Korea's press
releases, Markdown with YAML front matter such as the White House's) and read anything else
with generic rules (first heading or line as title, first plausible date), marking the record
`generic`. Nothing here raises for odd text: the worst case is a readout with empty fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.dates import find_date, is_date_line, meeting_date_in, parse_date
from index.frontmatter import split_front_matter
from index.html_text import html_to_text
from index.markdown_html import strip_html
from index.model import GENERIC, Participant, RawDoc, Readout, Section
from index.people import Mention, Person, find_people, lookup, read_name
from index.sanitize import safe_text
from index.topics import topics_of

# --- page furniture ---------------------------------------------------------------------------

_FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"back to\b.*",
        r"(press releases?|page top|print|share|related links?|top of page)",
        r"policy briefing\s*\|.*",
        r"[^\n]{0,120}\.(jpe?g|png|gif|webp|bmp|svg)",
    )
]
_CATEGORY = re.compile(r"(Japan|Korea|Republic of Korea|ROK)-[\w .()-]{0,60} Relations")
_PHOTO = re.compile(r"\(Photo\)\s*(.*)", re.IGNORECASE)
_HEADING_START = frozenset("0123456789IVX")
"""What a numbered heading (`_HEADING_NUM`) can start with."""
_HEADING_NUM = re.compile(r"(?:\d{1,2}\.?|[IVX]{1,5}\.)\s+\S.{0,75}")
_DOUBLED_NUMBER = re.compile(r"^\d{1,2}\.\s+(\(\d{1,2}\))\s*")
_LIST_START = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\)|[-*•]\s|\([a-z]\)\s)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^[-*]\s+")
_MD_RULE = re.compile(r"([-*_])(?:\s*\1){2,}")
"""A thematic break (`***`, `- - -`): a line drawn across the page, no text."""
_MD_BOLD_LINE = re.compile(r"\*\*(.+)\*\*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ITALIC = re.compile(r"(?<![*\\\w])\*(?![\s*])(.+?)(?<![\s*\\])\*(?![*\w])")
"""`*emphasis*`: opens before a non-space, closes after one, never inside a word (`a*b*c`)."""
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|'\"])")
# `[^{}]`, not `[^}]`: on a line of unclosed "{#{#{#..." the scan from each "{" stops at the
# next one, so the work stays linear (it was quadratic: 100 kB took seconds).
_PANDOC_ATTR = re.compile(r"\{[#.][^{}]*\}")


_ANY_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in _FURNITURE), re.IGNORECASE)
"""The furniture patterns as one (a line is tested once, not once per pattern)."""


def _is_furniture(line: str) -> bool:
    return _ANY_FURNITURE.fullmatch(line) is not None


# --- sources ----------------------------------------------------------------------------------

_URL_SOURCES = (
    ("whitehouse.gov", "white-house"),
    ("whitehouse.archives.gov", "white-house"),
    ("mofa.go.jp", "mofa-japan"),
    ("mofa.go.kr", "mofa-korea"),
    ("pa.go.kr", "president-korea"),
    ("presidency.ucsb.edu", "us-president"),
    ("state.gov", "us-state-department"),
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
        or any(_CATEGORY.fullmatch(ln) for ln in head[:1])
    ) and "Minister for Foreign Affairs" in body
    if japan_marks or body.lstrip().startswith("Japan-ROK "):
        return "mofa-japan"
    return "unknown"


_SOURCE_COUNTRY = {"mofa-japan": "Japan", "mofa-korea": "ROK", "white-house": "United States"}
_SIDE_NAMES = {"Japan": "Japan", "ROK": "ROK", "United States": "U.S."}
_KOREA_SIDE = {"ROK": "Korea", "Japan": "Japan", "United States": "U.S."}


# --- structure --------------------------------------------------------------------------------


@dataclass
class _Page:
    title: str = ""
    title_hint: str = ""
    published: str = ""
    blocks: list[list[str]] | None = None


def _strip_markdown(line: str) -> str:
    # Most lines hold none of these marks: test for the character before running the regex.
    if "[" in line:
        line = _MD_LINK.sub(r"\1", line)
    if "{" in line:
        line = _PANDOC_ATTR.sub("", line)
    if "*" in line or "_" in line:
        line = _MD_EMPH.sub(r"\2", line)
        if "*" in line:
            line = _MD_ITALIC.sub(r"\1", line)
    if "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    return line


def _read_page(lines: list[str], *, markdown: bool) -> _Page:
    """Drop furniture, pick out the title and date lines, and group the rest into blocks."""
    page = _Page(blocks=[])
    assert page.blocks is not None
    block: list[str] = []
    seen_text = False
    date_zone = max(12, len(lines) // 4)  # a page's date line is near its top
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = line.strip()
        if markdown and (stripped.startswith(":::") or _MD_RULE.fullmatch(stripped)):
            continue
        if not stripped or stripped == "\u00a0":
            if block:
                page.blocks.append(block)
                block = []
            continue
        if _is_furniture(stripped):
            continue
        if not seen_text and _CATEGORY.fullmatch(stripped):
            continue
        photo = _PHOTO.fullmatch(stripped)
        if photo:
            page.title_hint = page.title_hint or photo.group(1).strip()
            # The line before a "(Photo)" line is the picture's caption.
            if block and i > 0 and lines[i - 1].strip() == block[-1].strip():
                block.pop()
            continue
        date_line = is_date_line(stripped) if not page.published and i < date_zone else ""
        if date_line:
            page.published = date_line
            if block:
                page.blocks.append(block)
                block = []
            continue
        seen_text = True
        block.append(line)
    if block:
        page.blocks.append(block)
    return page


def _is_heading(line: str, markdown: bool) -> str:
    stripped = line.strip()
    if markdown:
        m = _MD_HEADING.match(stripped) if stripped.startswith("#") else None
        if m:
            return _strip_markdown(m.group(1)).strip()
        m2 = _MD_BOLD_LINE.fullmatch(stripped) if stripped.startswith("**") else None
        if m2 and len(m2.group(1)) < 100:
            return _strip_markdown(m2.group(1)).strip()
    if (
        len(stripped) <= 80  # the cheap tests first: most lines fail one
        and stripped[:1] in _HEADING_START
        and not stripped.endswith((".", ",", ";", ":"))
        and line == line.lstrip()
        and _HEADING_NUM.fullmatch(stripped)
        and len(stripped.split()) <= 10
    ):
        return _strip_markdown(stripped).strip() if markdown else stripped
    return ""


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    """True when lines are wrapped at a fixed width (Markdown, e-mail), not one per paragraph."""
    lengths = sorted(len(ln.strip()) for b in blocks for ln in b)
    multi = sum(1 for b in blocks if len(b) > 2)
    if not lengths or multi == 0:
        return False
    median = lengths[len(lengths) // 2]
    return 40 <= median <= 100 and lengths[int(len(lengths) * 0.9)] <= 110


def _sections(blocks: list[list[str]], *, markdown: bool) -> list[Section]:
    wrapped = markdown or _hard_wrapped(blocks)
    sections: list[Section] = []
    heading = ""
    paragraphs: list[str] = []

    def join(lines: list[str]) -> str:
        # Markdown marks are taken out of whole paragraphs, not lines: a link's text or a bold
        # run often wraps onto the next line ("[On tariffs for certain\nelectronics](...)").
        text = " ".join(lines)
        return _strip_markdown(text) if markdown else text

    def flush() -> None:
        nonlocal paragraphs
        if heading or paragraphs:
            sections.append(Section(heading, tuple(paragraphs)))
        paragraphs = []

    for block in blocks:
        current: list[str] = []
        for line in block:
            head = _is_heading(line, markdown)
            if head:
                if current:
                    paragraphs.append(join(current))
                    current = []
                flush()
                heading = head
                continue
            stripped = line.strip()
            if stripped[:1].isdigit():
                stripped = _DOUBLED_NUMBER.sub(r"\1 ", stripped)
            if markdown and stripped[:1] in ("-", "*"):
                stripped = _MD_BULLET.sub("• ", stripped)
            new_para = (
                not wrapped
                or not current
                or _LIST_START.match(stripped) is not None
                or (line != line.lstrip() and not markdown)
            )
            if new_para:
                if current:
                    paragraphs.append(join(current))
                current = [stripped]
            else:
                current.append(stripped)
        if current:
            paragraphs.append(join(current))
    flush()
    return [s for s in sections if s.heading or any(p.strip() for p in s.paragraphs)]


def sections_text(sections: list[Section] | tuple[Section, ...]) -> tuple[str, tuple[int, ...]]:
    """The cleaned text (every heading and paragraph, separated by blank lines) and the
    indexes of the parts that are headings."""
    parts: list[str] = []
    headings: list[int] = []
    for s in sections:
        if s.heading:
            headings.append(len(parts))
            parts.append(s.heading)
        parts.extend(p for p in s.paragraphs if p.strip())
    return "\n\n".join(parts), tuple(headings)


# --- people, place --------------------------------------------------------------------------

_ABBREV = "".join(
    rf"(?<!\b{a}[.!?])"
    for a in (
        "Mr",
        "Ms",
        "Dr",
        "Mrs",
        r"H\.E",
        r"a\.m",
        r"p\.m",
        r"U\.S",
        "St",
        "No",
        "Jr",
        "[A-Z]",
    )
)
# The punctuation first, then the look-behinds (which include it): tried only at a ".", "!"
# or "?", not at every character of the paragraph.
_SENTENCE_END = re.compile(r"[.!?]" + _ABBREV + r"[\"”’]?\s+(?=[A-Z(“\"])")
_LEAD_VERB = re.compile(
    r"\b(held|hold|holds|met|meets|meeting|talks|spoke|speaks|telephone|call|visited|visit)\b"
)
_HONORIFIC_NAME = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr)\.|\bH\.E\.)(?:\s+(?:Mr|Ms|Mrs|Dr)\.)*\s+"
    r"(?P<name>[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){0,3})"
)
_TITLED_NAME = re.compile(
    r"\b(?P<title>(?:Vice |Deputy )?President|(?:Vice |Deputy )?Prime Minister|Foreign Minister|"
    r"(?:Deputy )?Secretary of State|Secretary-General|Chancellor|Crown Prince|King|Queen|Emir|"
    r"Sultan|National Security Advisor|Ambassador|Minister of Foreign Affairs|"
    r"Minister for Foreign Affairs)\s+"
    r"(?P<name>(?:[A-Z][a-z'’\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’\-]+|[A-Z]\.|bin|al|de|von)){0,3})"
)
_COUNTRY_AFTER = re.compile(
    r"^,?\s+of\s+(?:the\s+)?(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})"
)
_ROLE_AFTER = re.compile(
    r"^\s*,\s*(?P<role>(?:Minister|Deputy|Director|Permanent|Special|Ambassador|Prime|President|"
    r"Vice|Secretary|Chief|Senior|Counsellor|Counselor|Foreign|State|Assistant)[^,;()]*"
    r"(?:\([^)]*\)[^,;()]*)?)"
)
_PLACE_VISIT = re.compile(
    r"during (?:his|her|their|the|a) (?:visit|trip|stay) (?:to|in) "
    r"(?P<place>[A-Z][\w.-]+(?:\s+(?:[A-Z][\w.-]+|of|de|del))*)"
)
_PLACE_IN = re.compile(r"\b(?:in|at) (?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\b")
_NOT_PLACES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "The", "This", "Japan", "Korea", "Japanese", "Korean",
    "Minister", "President", "Prime", "Foreign", "Government", "Addition", "Particular",
    "Response", "Order", "Regard", "Ministry", "Mr", "Dr", "Ms",
}  # fmt: skip
_SIDE = re.compile(
    r"\b(?:and\s+)?(?i:from) the (?P<side>Japanese|Japan|ROK|Korean|U\.S\.|US) side,?\s*"
)


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start : m.start() + 1])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


_MAX_LEAD = 5000
"""Characters of the lead paragraph read for people, place and meeting date."""


def _lead(paragraphs: list[str]) -> tuple[str, str]:
    """The lead paragraph and its sentence that says who held the meeting."""
    for para in paragraphs[:4]:
        for sentence in _sentences(para):
            if _LEAD_VERB.search(sentence):
                return para, sentence
    first = paragraphs[0] if paragraphs else ""
    return first, _sentences(first)[0] if first else ""


def _balanced_parens(text: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


def _country_near(text: str, start: int, end: int) -> str:
    after = text[end : end + 90]
    before = text[max(0, start - 80) : start]
    for window in (after.split(".")[0], before):
        if re.search(r"Republic of Korea|\bROK\b|\bKorean?\b", window):
            return "ROK"
        if re.search(r"\bJapan(?:ese)?\b", window):
            return "Japan"
        if re.search(r"United States|\bU\.S\.", window):
            return "United States"
    return ""


def _role_near(text: str, end: int) -> str:
    m = _ROLE_AFTER.match(text[end:])
    if not m:
        return ""
    role = re.sub(r"\s+(?:and others.*|attended.*|held\b.*|during\b.*)$", "", m.group("role"))
    return role.strip().rstrip(",")


def _participant(person: Person, date: str) -> Participant:
    return Participant(person.name, person.country, person.role_on(date))


def _principals(
    sentence: str, meeting_date: str, source: str, mentions_all: list[Mention]
) -> list[Participant]:
    people: list[Participant] = []
    names: set[str] = set()
    outside = sentence
    for s, e in reversed(_balanced_parens(sentence)):
        outside = outside[:s] + " " * (e - s) + outside[e:]
    known = [
        m
        for m in find_people(outside, meeting_date)
        if m.full or m.person in _persons(mentions_all)
    ]
    found: list[tuple[int, Participant]] = [
        (m.start, _participant(m.person, meeting_date)) for m in known
    ]
    for m in _HONORIFIC_NAME.finditer(outside):
        start, end = m.span("name")
        if any(k.start <= start < k.end or start <= k.start < end for k in known):
            continue
        name = read_name(m.group("name"))
        person = lookup(name)
        if person is not None:
            found.append((start, _participant(person, meeting_date)))
        else:
            country = _country_near(outside, start, end)
            found.append((start, Participant(name, country, _role_near(outside, end))))
    for m in _TITLED_NAME.finditer(outside):
        start, end = m.span("name")
        if any(start <= f_start < end or f_start <= start < f_start + 1 for f_start, _ in found):
            continue
        if any(k.start <= start < k.end or start <= k.start < end for k in known):
            continue
        name = read_name(m.group("name").removesuffix(" Jr"))
        person = lookup(name)
        if person is not None:
            found.append((start, _participant(person, meeting_date)))
            continue
        after = _COUNTRY_AFTER.match(outside[end:])
        if " " not in name and after is None:
            continue  # "President Smith" alone is too little to name someone new
        country = _country_name(after.group("country")) if after else ""
        found.append((start, Participant(name, country, m.group("title"))))
    for _, p in sorted(found, key=lambda x: x[0]):
        if p.name not in names:
            names.add(p.name)
            people.append(p)
    home = _SOURCE_COUNTRY.get(source, "")
    if home:
        people.sort(key=lambda p: p.country != home)
    return people[:4]


def _country_name(name: str) -> str:
    return {"the Republic of Korea": "ROK", "Republic of Korea": "ROK", "Korea": "ROK"}.get(
        name, name
    )


def _persons(mentions: list[Mention]) -> set[Person]:
    return {m.person for m in mentions}


def _attendees(paragraph: str, principals: set[str], date: str) -> list[Participant]:
    out: list[Participant] = []
    for s, e in _balanced_parens(paragraph):
        inner = paragraph[s + 1 : e - 1]
        if not re.search(r"\b(attended|side)\b", inner):
            continue
        side_spans = list(_SIDE.finditer(inner))
        chunks: list[tuple[str, str]] = []
        if side_spans:
            for i, m in enumerate(side_spans):
                end = side_spans[i + 1].start() if i + 1 < len(side_spans) else len(inner)
                side = m.group("side")
                country = "Japan" if side.startswith("Jap") else "ROK"
                if side.startswith("U"):
                    country = "United States"
                chunks.append((country, inner[m.end() : end]))
        else:
            chunks.append(("", inner))
        for country, chunk in chunks:
            for m in _HONORIFIC_NAME.finditer(chunk):
                name = read_name(m.group("name"))
                person = lookup(name)
                if person is not None:
                    name = person.name
                if name in principals or any(p.name == name for p in out):
                    continue
                role = _role_near(chunk, m.end("name"))
                out.append(Participant(name, country or (person.country if person else ""), role))
    return out


def _place(sentence: str) -> str:
    m = _PLACE_VISIT.search(sentence)
    if m:
        return m.group("place").rstrip(".")
    for m in _PLACE_IN.finditer(sentence):
        place = m.group("place")
        if place.split()[0] not in _NOT_PLACES:
            return place
    return ""


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
    page = _read_page(lines, markdown=markdown)
    blocks = page.blocks or []
    first_line = ""
    if not markdown and source in ("mofa-japan", "mofa-korea") and blocks:
        # The first line left after furniture is the page's own title, when it is short.
        candidate = blocks[0][0].strip()
        if (
            len(candidate) <= 150
            and not candidate.endswith(".")
            and not _is_heading(candidate, False)
        ):
            first_line = candidate
            blocks[0] = blocks[0][1:]
            if not blocks[0]:
                blocks.pop(0)
    sections = _sections(blocks, markdown=markdown)
    paragraphs = [p for s in sections for p in s.paragraphs]

    published = parse_date(meta.get("date", "")) or page.published
    if not published:
        published = find_date("\n".join(lines[:40]))[0]
    lead, sentence = _lead(paragraphs)
    # Cap the work on pathological text: a real lead paragraph is a few hundred characters;
    # the people, place and attendee readers below are quadratic in its length.
    lead, sentence = lead[:_MAX_LEAD], sentence[:_MAX_LEAD]
    meeting_date = meeting_date_in(lead, published)
    if not meeting_date:
        meeting_date = published
    mentions = find_people(lead, meeting_date)
    participants = _principals(sentence, meeting_date, source, mentions) if sentence else []
    if len(participants) < 2:
        participants = []  # a readout names two sides; one name is not a meeting
    principal_names = {p.name for p in participants}
    attendees = _attendees(lead, principal_names, meeting_date) if participants else []
    place = _place(sentence) if participants else ""

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
        topics=topics_of(title + "\n" + cleaned),
        text=cleaned,
        format=fmt,
        encoding=doc.encoding,
        metadata=tuple(sorted(meta.items())),
    )
