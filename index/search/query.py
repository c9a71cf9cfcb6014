"""The query language analysts type, read into a small syntax tree; never raises.

    words                 all must match            dokdo summit  (each finds its forms)
    "exact phrase"        words in this order, as written: "comfort women", "abduction"
    a OR b                either (binds tighter than the implicit AND: x a OR b = x (a OR b))
    NOT a, -a             must not match
    ( ... )               grouping
    field:value           minister: person: publisher: (or source:) title: section: place:
                          topic: year: date:  (value: word, "phrase", or (group));
                          date:2016..2018, date:>=2017-06, year:2018
                          (minister: the parsed principals; person: them or anyone the
                          text names)
    is:marked is:unread   the reader's own review state (also is:read, has:note, has:tag,
    tag:NAME              tag:NAME), resolved by the caller from the notes store
    denucl*               prefix (3+ letters)
    securty~  securty~2   fuzzy (edit distance 1, at most 2; a swapped pair of letters counts 2)

Whoosh's own QueryParser silently empties or changes bad input (docs/search-internals.md), so
this reader is hand-written: bad input becomes either a best-effort reading plus a notice that
says what was done ("closed an unbalanced quote"), or a one-line error. Input is capped (length,
number of terms, nesting) before any work is done, so no query can be slow to read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

MAX_CHARS = 1000
MAX_ATOMS = 64
MAX_DEPTH = 16

FIELDS = {
    "minister": "minister",
    "ministers": "minister",
    "participant": "minister",
    "person": "person",
    "people": "person",
    "source": "source",
    "publisher": "source",
    "title": "title",
    "section": "section",
    "heading": "section",
    "place": "place",
    "topic": "topic",
    "topics": "topic",
    "year": "year",
    "date": "date",
}
"""What a user may type before ':' -> the index field it filters."""

FLAG_FIELDS = ("is", "has", "tag", "tags")
"""Fields about the reader's own notes, not the text: read into `Flag` nodes."""
FLAG_VALUES = {
    "is": {"marked": "marked", "starred": "marked", "unread": "unread", "read": "read"},
    "has": {"note": "note", "notes": "note", "tag": "tagged", "tags": "tagged"},
}
"""What may follow `is:` and `has:` -> the `Flag.kind` it means."""

FIELD_HELP = (
    "minister:, person:, publisher: (source:), title:, section:, place:, topic:, year:, date:, "
    "is:, has:, tag:"
)
FIELD_NAMES = {
    "minister": "minister",
    "person": "person",
    "source": "publisher",
    "title": "title",
    "section": "section",
    "place": "place",
    "topic": "topic",
}
"""How the status line names each index field a value can be missing from."""
QUOTES = '"“”„«»「」『』'
_FIELD_RE = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_FUZZY_RE = re.compile(r"(.*?)~(\d*)", re.DOTALL)
_ESCAPE_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)?", re.DOTALL)
_DATE_CHARS = re.compile(r"[0-9<>=./-]+")
"""What a date or year value is typed with (see `_Parser._range`)."""
_DATE_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


# ---------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Word:
    """A bare word, maybe with a trailing `*` (prefix) or `~N` (fuzzy)."""

    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0
    """Edit distance asked for (0: not fuzzy); the compiler clamps it."""
    unfinished: bool = False
    """The last thing typed, with no space after it: the as-you-type mode may treat it as a
    prefix."""


@dataclass(frozen=True)
class Phrase:
    """Words in this order, as quoted."""

    text: str
    field: str | None = None
    unfinished: bool = False
    """An unclosed quote at the very end, still being typed: its last word may be a prefix."""


@dataclass(frozen=True)
class Range:
    """An inclusive numeric range on `year` (YYYY) or `date` (YYYYMMDD); None = open end."""

    field: str
    lo: int | None
    hi: int | None


@dataclass(frozen=True)
class Flag:
    """Review state kept in the reader's notes: `is:marked`, `is:unread`, `is:read`,
    `has:note`, `has:tag`, `tag:NAME`. The searcher asks its caller which readouts have it."""

    kind: str
    """"marked", "unread", "read", "note", "tagged" or "tag"."""
    value: str = ""
    """The tag's name for "tag" (lower case)."""


@dataclass(frozen=True)
class Selection:
    """The readouts a `Flag` stands for, by id: `ids`, or every readout but `ids` when
    `complement` (is:unread is every readout not read, and the read ones are fewer)."""

    ids: frozenset[str]
    complement: bool = False


Flags = Callable[[Flag], Selection]
"""Flag -> the readouts that have it: the caller's notes store answers (the search package
knows nothing of it)."""


@dataclass(frozen=True)
class AllOf:
    """Every child must match (words side by side, or AND)."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one child must match (OR)."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The child must not match (NOT, or a leading -)."""

    child: Node


Node = Word | Phrase | Range | Flag | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Parsed:
    """What `parse()` made of a query: a tree (None: nothing to search), notices, or an error."""

    node: Node | None
    notices: tuple[str, ...] = ()
    error: str = ""


class QueryError(Exception):
    """A query that cannot be read; its message is shown to the user as is."""


# ---------------------------------------------------------------- cleaning


def clean_query(text: str) -> tuple[str, list[str]]:
    """Strip escape sequences and control/format characters, cap the length."""
    notices = []
    cleaned = _ESCAPE_RE.sub("", text)
    dropped = cleaned != text
    out = []
    for ch in cleaned:
        if ch in "\t\n\r\x0b\x0c":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in "\u200c\u200d":
            dropped = True
        else:
            out.append(ch)
    result = "".join(out)
    if dropped:
        notices.append("removed control characters")
    if len(result) > MAX_CHARS:
        result = result[:MAX_CHARS]
        notices.append(f"query cut to its first {MAX_CHARS:,} characters")
    return result, notices


# ---------------------------------------------------------------- lexer


@dataclass
class _Lex:
    kind: str
    """One of ( ) OR AND NOT WORD PHRASE FIELD"""
    text: str = ""
    field: str = ""
    value_kind: str = ""
    """For FIELD: word, phrase, group (a '(' follows) or empty."""
    unfinished: bool = False


def _read_phrase(s: str, i: int, notices: list[str]) -> tuple[str, int]:
    """The phrase starting at the quote s[i]; an unclosed one runs to the end."""
    j = i + 1
    while j < len(s) and s[j] not in QUOTES:
        j += 1
    if j >= len(s):
        notices.append("closed an unbalanced quote at the end")
        return s[i + 1 :], len(s)
    return s[i + 1 : j], j + 1


def _lex(s: str, notices: list[str]) -> list[_Lex]:
    out: list[_Lex] = []
    atoms = 0
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if atoms >= MAX_ATOMS:
            notices.append(f"only the first {MAX_ATOMS} terms are used")
            break
        if c in "()":
            out.append(_Lex(c))
            i += 1
            continue
        if c in QUOTES:
            text, i = _read_phrase(s, i, notices)
            open_end = i == n and s[-1] not in QUOTES and not s[-1].isspace()
            out.append(_Lex("PHRASE", text, unfinished=open_end))
            atoms += 1
            continue
        if c == "-":
            out.append(_Lex("NOT", "-"))
            i += 1
            continue
        j = i
        while j < n and not s[j].isspace() and s[j] not in "()" and s[j] not in QUOTES:
            j += 1
        word = s[i:j]
        if word in ("OR", "AND", "NOT", "||", "&&"):
            out.append(_Lex({"||": "OR", "&&": "AND"}.get(word, word), word))
            i = j
            continue
        atoms += 1
        m = _FIELD_RE.fullmatch(word)
        if m:
            name, value = m.group(1).lower(), m.group(2)
            if value:
                out.append(_Lex("FIELD", value, name, "word", unfinished=j == n))
            elif j < n and s[j] in QUOTES:
                text, j = _read_phrase(s, j, notices)
                out.append(_Lex("FIELD", text, name, "phrase"))
            elif j < n and s[j] == "(":
                out.append(_Lex("FIELD", "", name, "group"))
            else:
                out.append(_Lex("FIELD", "", name, "empty"))
        else:
            out.append(_Lex("WORD", word, unfinished=j == n))
        i = j
    return out


# ---------------------------------------------------------------- dates


def _bounds(value: str, field: str) -> tuple[int, int]:
    """First and last day (as YYYYMMDD, or YYYY for `year`) that `value` covers."""
    m = _DATE_RE.fullmatch(value.strip())
    if not m or (field == "year" and m.group(2)):
        raise ValueError(value)
    year = int(m.group(1))
    if field == "year":
        return year, year
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif day is None:
        first = dt.date(year, month, 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    else:
        first = last = dt.date(year, month, day)
    return _num(first), _num(last)


def _num(d: dt.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def _shift(value: int, field: str, days: int) -> int:
    if field == "year":
        return value + days
    d = dt.date(value // 10000, value // 100 % 100, value % 100) + dt.timedelta(days=days)
    return _num(d)


def parse_range(field: str, value: str, notices: list[str]) -> Range:
    """`2018`, `2016..2018`, `2017-06..`, `>=2017-06`, `<2020` for the year: or date: field."""
    v = value.strip()
    example = "2017" if field == "year" else "2017-06"
    forms = "YYYY" if field == "year" else "YYYY, YYYY-MM or YYYY-MM-DD"
    usage = f"{field}: takes {forms}, a range like {field}:2016..2018, or {field}:>={example}"
    try:
        for op in (">=", "<=", ">", "<"):
            if v.startswith(op):
                lo, hi = _bounds(v[len(op) :], field)
                if op == ">=":
                    return Range(field, lo, None)
                if op == ">":
                    return Range(field, _shift(hi, field, 1), None)
                if op == "<=":
                    return Range(field, None, hi)
                return Range(field, None, _shift(lo, field, -1))
        if ".." in v:
            a, b = v.split("..", 1)
            if not a and not b:
                raise ValueError(v)
            start = _bounds(a, field)[0] if a else None
            end = _bounds(b, field)[1] if b else None
            if start is not None and end is not None and start > end:
                notices.append(f"{field}:{v} read as {field}:{b}..{a}")
                start, end = _bounds(b, field)[0], _bounds(a, field)[1]
            return Range(field, start, end)
        lo, hi = _bounds(v, field)
        return Range(field, lo, hi)
    except ValueError:
        raise QueryError(f"can't read {field}:{value} - {usage}") from None


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, lexes: list[_Lex], notices: list[str], typing: bool = False) -> None:
        self.lexes = lexes
        self.i = 0
        self.notices = notices
        self.typing = typing
        """As-you-type: a date or year still being typed at the end waits (see `_range`)."""

    def peek(self) -> _Lex | None:
        return self.lexes[self.i] if self.i < len(self.lexes) else None

    def _ends_operand(self) -> bool:
        t = self.peek()
        return t is None or t.kind in (")", "OR", "AND")

    def note(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    def sequence(self, depth: int, field: str | None) -> Node | None:
        items: list[Node] = []
        while (t := self.peek()) is not None:
            if t.kind == ")":
                if depth > 0:
                    break
                self.note("ignored an unmatched ')'")
                self.i += 1
                continue
            if t.kind in ("OR", "AND"):
                self.i += 1
                if not items or self._ends_operand():
                    self.note(f"ignored '{t.text}' (it needs a term on each side)")
                continue
            node = self.either(depth, field)
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def either(self, depth: int, field: str | None) -> Node | None:
        options = []
        first = self.unary(depth, field)
        if first is not None:
            options.append(first)
        while (t := self.peek()) is not None and t.kind == "OR":
            self.i += 1
            if self._ends_operand() or not options:
                self.note("ignored 'OR' (it needs a term on each side)")
                continue
            node = self.unary(depth, field)
            if node is not None:
                options.append(node)
        if not options:
            return None
        return options[0] if len(options) == 1 else AnyOf(tuple(options))

    def unary(self, depth: int, field: str | None) -> Node | None:
        t = self.peek()
        if t is not None and t.kind == "NOT":
            self.i += 1
            if self._ends_operand():
                self.note(f"ignored '{t.text}' (nothing after it to exclude)")
                return None
            child = self.unary(depth, field)
            return Not(child) if child is not None else None
        return self.primary(depth, field)

    def primary(self, depth: int, field: str | None) -> Node | None:
        t = self.peek()
        assert t is not None
        self.i += 1
        if t.kind == "(":
            if depth + 1 > MAX_DEPTH:
                raise QueryError(f"too many nested parentheses (at most {MAX_DEPTH})")
            node = self.sequence(depth + 1, field)
            closing = self.peek()
            if closing is not None and closing.kind == ")":
                self.i += 1
            else:
                self.note("closed an unbalanced '(' at the end")
            if node is None:
                self.note("ignored empty parentheses")
            return node
        if t.kind == "PHRASE":
            return self.phrase(t.text, field, t.unfinished)
        if t.kind == "WORD":
            return self.word(t.text, field, t.unfinished)
        if t.kind == "FIELD":
            return self.fielded(t, depth)
        raise AssertionError(t.kind)  # pragma: no cover - the callers filter the kinds

    def fielded(self, t: _Lex, depth: int) -> Node | None:
        field = FIELDS.get(t.field) or (t.field if t.field in FLAG_FIELDS else None)
        if field is None:
            raise QueryError(
                f"unknown field '{t.field}:' - use {FIELD_HELP} (or put the text in quotes)"
            )
        if t.value_kind == "empty":
            self.note(f"ignored '{t.field}:' (no value after it)")
            return None
        if t.value_kind == "group":
            return self.primary(depth, field)
        if t.value_kind == "phrase":
            return self.phrase(t.text, field)
        if field in ("year", "date"):
            return self._range(field, t.text, t.unfinished)
        return self.word(t.text, field, t.unfinished)

    def flag(self, field: str, text: str) -> Node:
        value = " ".join(text.lower().split())
        if field in ("tag", "tags"):
            name = "-".join(value.lstrip("#").split())
            if not name:
                raise QueryError("tag: needs a name, e.g. tag:trade")
            return Flag("tag", name)
        kind = FLAG_VALUES[field].get(value)
        if kind is None:
            choices = ", ".join(f"{field}:{v}" for v in FLAG_VALUES[field])
            raise QueryError(f"can't read {field}:{text} - use {choices}")
        return Flag(kind)

    def _range(self, field: str, text: str, unfinished: bool) -> Range | None:
        """A year: or date: value; while typing, one at the very end that cannot be read yet
        (`date:2022..2`) is read as its longest beginning that can (`date:2022..`), or left out,
        with a notice instead of an error: the list stays as it was a keystroke before. A value
        no more typing can make readable (`date:x`) is an error at once."""
        try:
            return parse_range(field, text, self.notices)
        except QueryError:
            if not (self.typing and unfinished and _DATE_CHARS.fullmatch(text)):
                raise
        self.note(f"'{field}:{text}' waits until it is complete")
        for end in range(len(text) - 1, 0, -1):
            try:
                return parse_range(field, text[:end], [])
            except QueryError:
                continue
        return None

    def phrase(self, text: str, field: str | None, unfinished: bool = False) -> Node | None:
        if field in FLAG_FIELDS:
            return self.flag(field, text)
        if field in ("year", "date"):
            return parse_range(field, text, self.notices)
        if not text.strip():
            self.note('ignored an empty ""')
            return None
        return Phrase(text, field, unfinished)

    def word(self, text: str, field: str | None, unfinished: bool) -> Node | None:
        if field in FLAG_FIELDS:
            return self.flag(field, text)
        if field in ("year", "date"):
            return parse_range(field, text, self.notices)
        fuzzy = 0
        m = _FUZZY_RE.fullmatch(text)
        if m:
            text = m.group(1)
            fuzzy = int(m.group(2)) if m.group(2) else 1
            fuzzy = min(fuzzy, 9)
        prefix = text.endswith("*")
        text = text.rstrip("*")
        if not text:
            self.note("ignored a lone '*' or '~'")
            return None
        return Word(text, field, prefix=prefix, fuzzy=fuzzy, unfinished=unfinished and not m)


def parse(query: str, *, typing: bool = False) -> Parsed:
    """Read `query`; never raises. `typing`: the query is still being typed (as-you-type), so
    a date or year value at its very end that cannot be read yet waits instead of failing."""
    text, notices = clean_query(query)
    try:
        lexes = _lex(text, notices)
        parser = _Parser(lexes, notices, typing)
        node = parser.sequence(0, None)
    except QueryError as exc:
        return Parsed(None, tuple(notices), str(exc))
    except RecursionError:
        return Parsed(None, tuple(notices), "query too deeply nested")
    if node is None and lexes and all(lx.kind in ("OR", "AND", "NOT") for lx in lexes):
        ops = " ".join(lx.text for lx in lexes)
        return Parsed(
            None,
            (),
            f"'{ops}' alone is not a search: put terms around it, e.g. dokdo OR takeshima, "
            "dokdo -takeshima",
        )
    return Parsed(node, tuple(notices))
