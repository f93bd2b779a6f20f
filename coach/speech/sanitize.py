"""Cleaning a cue before any speech engine sees it.

Engines read markup aloud, choke on control characters and crash on huge
text, so every phrase goes through :func:`sanitize` first: tags and markup
characters, emoji, symbols and control characters go; letters (accented too),
digits, spaces and ``. , ! ? ; : ' -`` stay.
"""

from __future__ import annotations

import re
import unicodedata

from coach.errors import InputError

MAX_CHARS = 400
"""Longest cue coach will say, in characters after cleaning."""

_RAW_LIMIT = 20 * MAX_CHARS  # refuse absurd input before spending time on it
_KEPT_PUNCTUATION = frozenset(".,!?;:'-")
# Letters, digits and letter-numbers; see unicodedata.category.
_KEPT_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl"})
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_SPACES = re.compile(r"\s+")
# Typographic characters with a plain equivalent we keep.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})


def sanitize(text: str) -> str:
    """The sayable part of ``text``; InputError if nothing is left or it is too long."""
    if len(text) > _RAW_LIMIT:
        raise InputError(_too_long(text, len(text)))
    cleaned = _SPACES.sub(" ", _clean(_prepare(text))).strip()
    if not any(c.isalnum() for c in cleaned):
        raise InputError(f"nothing to say in cue {_quote(text)}")
    if len(cleaned) > MAX_CHARS:
        raise InputError(_too_long(text, len(cleaned)))
    return cleaned


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    return _TAG.sub(" ", text)


def _clean(text: str) -> str:
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category in _KEPT_CATEGORIES or char in _KEPT_PUNCTUATION:
            out.append(char)
        elif category[0] == "M" and out and (out[-1].isalnum() or _is_mark(out[-1])):
            out.append(char)  # an accent on the letter before it (emoji modifiers have no letter)
        elif category != "Cf":  # zero-width joiners and direction marks sit inside words
            out.append(" ")
    return "".join(out)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _too_long(text: str, length: int) -> str:
    return (
        f"cue {_quote(text)} is too long to say ({length} characters; "
        f"the limit is {MAX_CHARS})"
    )


def _quote(text: str) -> str:
    """The cue as shown in messages: one line, at most 40 characters."""
    shown = _SPACES.sub(" ", text).strip()
    return '"' + (shown if len(shown) <= 40 else shown[:37] + "...") + '"'
