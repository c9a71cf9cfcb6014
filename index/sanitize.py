"""Making document text safe to show: no terminal control, ever, and nothing hidden.

Documents are data. Before any of their text reaches a terminal (the command line's output or
the app), every character a terminal would act on is replaced by a visible one, so a readout
shows what its file holds, as `less` and `cat -v` do, without the terminal obeying it:

- C0 controls and DEL become their Unicode control pictures: ESC is `␛`, BEL `␇`, NUL `␀`,
  backspace `␈`, DEL `␡`. An escape sequence therefore reads as the characters it is:
  `␛[31m`, or `␛]52;c;...␇` for a clipboard write.
- C1 controls (U+0080-U+009F: 8-bit CSI, OSC..., mostly mojibake of cp1252 quotes) and lone
  surrogates become `�`, the replacement character: there is no picture for them.
- Bidirectional controls (overrides, embeddings, isolates, LRM/RLM/ALM) and interlinear
  annotation characters are removed: they are invisible formatting that would reorder or hide
  the text around them in the terminal ("Trojan source").
- A tab becomes four spaces; CRLF and a lone CR become a newline. Newlines are kept only
  where the caller allows them (else a space).

The function is pure, and the app and the command line render from text that is already safe
(see `Readout.text`, which the parser builds from cleaned lines), so search offsets stay valid.
"""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVED = re.compile("[" + _BIDI + "\ufff9-\ufffb]")
_PICTURES = {code: 0x2400 + code for code in range(0x20)}
_PICTURES[0x7F] = 0x2421  # ␡
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(_PICTURES.get(code, 0xFFFD))  # surrogates: U+FFFD


def safe_text(text: str, *, newlines: bool = True) -> str:
    """`text` with every control character shown as a visible one (see the module docstring);
    tabs become four spaces.

    With `newlines=False` line breaks become spaces too (for one-line places: titles, rows).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if not newlines:
        text = text.replace("\n", " ")
    text = _REMOVED.sub("", text)
    return _SHOWN.sub(_picture, text)
