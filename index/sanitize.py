"""Making document text safe to show: no terminal control, ever.

Documents are data. Before any of their text reaches a terminal (the command line's output or
the app), escape sequences (CSI, OSC such as clipboard writes and hyperlinks, DCS...), C0 and C1
control characters (BEL, backspace, NUL...) and bidirectional overrides are removed, and a
tab becomes spaces. Newlines are kept only where the caller allows them. The function is pure and
length-changing, so the app renders from text that is already safe (see `Readout.text`, which
the parser builds from sanitised lines) and search offsets stay valid.
"""

from __future__ import annotations

import re

# ESC followed by a CSI/OSC/DCS/... sequence, or a lone ESC and the next character.
# A string sequence (OSC, DCS...) is removed with its payload only when it is terminated on the
# same line; otherwise only its introducer goes. An unterminated one used to swallow the rest of
# the document (a stray U+009D, e.g. from mojibake of a right double quote, lost every word after
# it); what is left once the introducer is gone is plain text no terminal acts on. The payload
# class also stops at the next introducer, so the scan stays linear on "\x9d\x9d\x9d...".
_STRING_PAYLOAD = r"[^\x07\x1b\x9c\x90\x9d\x9e\x9f\n]*(?:\x07|\x1b\\|\x9c)"
_ESCAPE_SEQ = re.compile(
    "|".join(
        (
            r"\x1b\[[0-?]*[ -/]*[@-~]",  # CSI ... final byte
            r"\x1b[\]PX^_]" + _STRING_PAYLOAD,  # OSC/DCS/SOS/PM/APC ... terminator
            r"\x9b[0-?]*[ -/]*[@-~]",  # 8-bit CSI
            r"[\x90\x9d\x9e\x9f]" + _STRING_PAYLOAD,  # 8-bit DCS/OSC/PM/APC ... terminator
            r"\x1b[ -/]*[0-~]?",  # other ESC sequences, a lone ESC, an unterminated "ESC ]"
        )
    )
)
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\ufff9-\ufffb\ud800-\udfff]")


def safe_text(text: str, *, newlines: bool = True) -> str:
    """`text` without escape sequences or control characters; tabs become four spaces.

    With `newlines=False` line breaks become spaces too (for one-line places: titles, rows).
    """
    text = _ESCAPE_SEQ.sub("", text)
    text = text.replace("\r\n", "\n").replace("\t", "    ")
    if not newlines:
        text = text.replace("\n", " ").replace("\r", " ")
    return _CONTROL.sub("", text)
