"""Nested lists in pasted text, read with a stack; and the words of every refusal of a paste.

:class:`Nested` reads one list of lists (brackets ``[ ]`` or ``( )``, numbers separated by commas
or by white space as NumPy prints them) one bracket at a time, so no nesting can exhaust
Python's stack, and checks each list against its first sibling, so a ragged list is named at
the first entry that differs. The numbers between two brackets are split and checked as one
stretch. Nothing is run: numbers, brackets and commas are all that is read. A refusal is a
:class:`PasteError` whose one line says what was expected and where (a line and column of the
text, or an entry's index from 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hadviz.latex import plural

__all__ = ["EXAMPLE", "MAX_DEPTH", "MAX_NUMBERS", "TOO_MANY", "Nested", "PasteError",
           "check_numbers", "shown", "where"]

#: Most numbers read: a 64 × 64 problem's J has 262,144.
MAX_NUMBERS = 300_000
#: Most axes: J = ∂f/∂W has 3, a block of second derivatives 4.
MAX_DEPTH = 4

# possessive quantifiers (++, *+): no backtracking over a long run of digits or spaces
_NUMBER = r"[-+]?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][-+]?+[0-9]++)?+"
_ONE_NUMBER = re.compile(_NUMBER)
_NONFINITE = re.compile(r"[-+]?(?:(?:np|numpy|math|torch|jnp)\.)?(?:nan|inf|infinity)", re.I)
_FRACTION = re.compile(rf"({_NUMBER})/({_NUMBER})")
_BRACKET = re.compile(r"[\[\]()]")
_CLOSES = {"]": "[", ")": "("}
EXAMPLE = "[[1, 2], [3, 4]]"
TOO_MANY = (f"the text has more than {MAX_NUMBERS:,} numbers; hadviz reads at most "
             f"{MAX_NUMBERS:,} (a 64 × 64 problem's J has 262,144)")


class PasteError(ValueError):
    """Pasted text not read as an array; ``str`` is one line for the page: what, and where."""


def where(text: str, at: int) -> str:
    return f"line {text.count(chr(10), 0, at) + 1:,}, column {at - text.rfind(chr(10), 0, at):,}"


def shown(token: str) -> str:
    """``token`` for a message: at most 20 characters, unprintable ones by their code."""
    text = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in token[:20])
    return text if len(token) <= 20 else text + "…"


def check_numbers(parts: list[str], text: str, at: int, first: tuple[int, ...]) -> None:
    """Refuse the first non-number of ``parts``: entries ``first``, … typed from ``text[at]``."""
    if all(map(_ONE_NUMBER.fullmatch, parts)):
        return
    for k, part in enumerate(parts):
        at = text.find(part, at)
        if not _ONE_NUMBER.fullmatch(part):
            raise _bad_entry(part, text, at, (*first[:-1], first[-1] + k))
        at += len(part)


def _bad_entry(token: str, text: str, at: int, entry: tuple[int, ...]) -> PasteError:
    """What is wrong with ``token``, typed at ``text[at]`` as the entry ``entry``."""
    place, typed, words = where(text, at), shown(token), token.split()
    odd = next((k for k, char in enumerate(token) if not char.isprintable()), None)
    if odd is not None:
        return PasteError(f"the character U+{ord(token[odd]):04X} at "
                          f"{where(text, at + odd)} is not read: paste numbers as text")
    if len(words) > 1:
        bad = next((w for w in words if not _ONE_NUMBER.fullmatch(w)), None)
        if bad is None:
            return PasteError(f"'{typed}' at {place} has no comma between its numbers")
        return _bad_entry(bad, text, text.find(bad, at), entry)
    if _NONFINITE.fullmatch(token):
        sign = "-" if token.startswith("-") else ""
        return PasteError(f"entry {entry} is {sign}{'nan' if 'nan' in token.lower() else 'inf'}"
                          ": hadviz compares finite numbers")
    if fraction := _FRACTION.fullmatch(token):
        p, q = float(fraction[1]), float(fraction[2])
        return PasteError(f"'{typed}' at {place} is a fraction: type a decimal"
                          f"{f' such as {p / q!r}' if q else ''}, or use the formula box")
    if "..." in token:
        return PasteError(f"'...' at {place} stands for entries NumPy left out: paste "
                          "J.tolist(), or print after np.set_printoptions(threshold=sys.maxsize)")
    return PasteError(f"'{typed}' at {place} is not a number")


@dataclass(slots=True)
class _Open:
    """A list being read: its bracket ("" around lists pasted one after another) and where,
    its entries so far, whether they are numbers, and the shape of the first if a list."""

    bracket: str
    at: int
    entries: int = 0
    numbers: bool = False
    shape: tuple[int, ...] | None = None


@dataclass
class Nested:
    """A nested list read with a stack: its numbers' texts in index order, its shape, where it
    ends and whether commas separate entries."""

    text: str
    tokens: list[str] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    shape: tuple[int, ...] = ()
    end: int = 0
    commas: bool = False

    def read(self, start: int, implicit: bool = False) -> Nested:
        """The list opening at ``text[start]`` (``implicit``: the lists from there on)."""
        text, stack, done = self.text, self.stack, start
        stack += [_Open("", start)] if implicit else []
        for bracket in _BRACKET.finditer(text, start):
            at, char = bracket.start(), bracket[0]
            between = text[done:at].strip()
            if between == "," and stack[-1].entries:  # the comma after a list
                self.commas = True
            elif between:
                self.stretch(done, at)
            done = at + 1
            if char in "[(":
                self.open(char, at)
                continue
            self.close(char, at)
            if not stack:
                self.end = done
                return self
        if implicit and len(stack) == 1:
            self.stretch(done, len(text))
            self.shape, self.end = (stack[0].entries, *(stack[0].shape or ())), len(text)
            return self
        raise PasteError(f"the '{stack[-1].bracket}' at {where(text, stack[-1].at)} is never "
                         "closed")

    def stretch(self, start: int, stop: int) -> None:
        """Read the numbers between two brackets, in ``text[start:stop]``."""
        text, top, left = self.text, self.stack[-1], MAX_NUMBERS - len(self.tokens)
        at = start + len(text[start:stop]) - len(text[start:stop].lstrip())
        stretch = text[start:stop].strip()
        parts = raw = stretch.split(",", left + 2) if "," in stretch else stretch.split(None, left)
        if "," in stretch:
            self.commas, parts = True, list(map(str.strip, raw))
            if not parts[0]:  # the comma after a list
                if not top.entries:
                    raise PasteError(f"the comma at {where(text, at)} comes before the first "
                                     "entry of its list")
                parts, raw, at = parts[1:], raw[1:], at + 1
            if parts and not parts[-1]:  # a trailing comma
                parts.pop()
            if "" in parts:
                comma = at + sum(len(r) + 1 for r in raw[:parts.index("")]) - 1
                raise PasteError(f"two commas at {where(text, comma)} have no number between "
                                 "them")
        if len(parts) > left:
            raise PasteError(TOO_MANY)
        if parts:
            check_numbers(parts, text, at, (*self.path(), top.entries + 1))
            if top.shape is not None:
                raise self.mixed(at)
            top.numbers, top.entries = True, top.entries + len(parts)
            self.tokens += parts

    def path(self) -> tuple[int, ...]:
        """The index (from 1) of the innermost list."""
        return tuple(o.entries for o in self.stack[:-1])

    def name(self) -> str:
        return f"the list at {self.path()}" if self.path() else "the outer list"

    def mixed(self, at: int) -> PasteError:
        return PasteError(f"{self.name()} mixes numbers and lists (at {where(self.text, at)}): "
                          "its entries are all numbers, or all lists")

    def open(self, bracket: str, at: int) -> None:
        if self.stack and self.stack[-1].numbers:
            raise self.mixed(at)
        if len(self.stack) == MAX_DEPTH:
            raise PasteError(f"the '{bracket}' at {where(self.text, at)} opens a list "
                             f"{MAX_DEPTH + 1} deep; hadviz reads arrays of up to {MAX_DEPTH} axes")
        if self.stack:
            self.stack[-1].entries += 1
        self.stack.append(_Open(bracket, at))

    def close(self, bracket: str, at: int) -> tuple[int, ...]:
        """Close the innermost list, checked against its first sibling; its shape."""
        stack = self.stack
        if not stack or not stack[-1].bracket:
            raise PasteError(f"the '{bracket}' at {where(self.text, at)} closes no list")
        top = stack[-1]
        if top.bracket != _CLOSES[bracket]:
            raise PasteError(f"the '{bracket}' at {where(self.text, at)} does not match the "
                             f"'{top.bracket}' at {where(self.text, top.at)}")
        if not top.entries:
            raise PasteError(f"{self.name()} is empty ({where(self.text, top.at)}): every list "
                             "needs at least one number")
        self.shape = (top.entries, *(top.shape or ()))
        stack.pop()
        if stack and stack[-1].shape is None:
            stack[-1].shape = self.shape
        elif stack and self.shape != stack[-1].shape:
            raise _ragged((*self.path(), stack[-1].entries), self.shape, stack[-1].shape or ())
        return self.shape


def _ragged(path: tuple[int, ...], shape: tuple[int, ...], first: tuple[int, ...]
            ) -> PasteError:
    """How the list at ``path`` (of ``shape``) differs from its first sibling (of ``first``),
    named at the first lists that differ."""
    *parent, j = path
    axis = next((k for k, (x, y) in enumerate(zip(shape, first, strict=False)) if x != y), None)
    depth = min(len(shape), len(first)) - 1 if axis is None else axis
    here, there = (*parent, j, *(1,) * depth), (*parent, 1, *(1,) * depth)
    if axis is not None:
        return PasteError(f"the list at {here} has {plural(shape[axis], 'entry', 'entries')}; "
                          f"the one at {there} has {first[axis]:,}")
    held = ("lists", "numbers") if len(shape) > len(first) else ("numbers", "lists")
    return PasteError(f"the list at {here} holds {held[0]}; the one at {there} holds {held[1]}")

