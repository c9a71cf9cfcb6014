"""Counts as a reader says them: "1 meeting", "14,361 readouts" (a thousands separator, and the
singular for one). Shared by the command line and the app; imports nothing."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """`number` and `noun`, plural unless there is exactly one: counted(2606, "readout") ->
    "2,606 readouts"; `plural` for a noun whose plural is not noun + "s"."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
