"""Pasted arrays: an array of 1 to 4 axes pasted as text (rows of numbers, a nested list, one in
``np.array(…)``, ``torch.tensor(…)``, ``Array(…)`` or ``Matrix(…)``, NumPy's print layout), and how
precisely each number was typed. A stack reads the brackets one at a time, so no nesting exhausts
Python's stack; the numbers between two brackets are split and checked as one stretch, so a
64 × 64 problem's J (262,144 numbers, 5 MB) reads in under half a second. Nothing pasted is run:
numbers, brackets, commas and one ``dtype=`` are all that is read. A refusal is a
:class:`PasteError` whose one line says what was expected and where (a line and column of the
text, or an entry's index from 1 in the array's own index order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import plural
from hadviz.nested_text import (
    EXAMPLE,
    MAX_DEPTH,
    MAX_NUMBERS,
    TOO_MANY,
    Nested,
    PasteError,
    check_numbers,
    shown,
    where,
)

__all__ = ["MAX_DEPTH", "MAX_NUMBERS", "MAX_PASTE_CHARS", "PasteError", "Pasted", "parse_array"]

#: Most characters read: a 64 × 64 problem's J in full (``J.tolist()``) has about 5,400,000.
MAX_PASTE_CHARS = 6_000_000

_ROW_END = re.compile(r"[;\n]")
_CALL = re.compile(r"\s*+([A-Za-z_][\w.]*+)\s*+(\()\s*+")
_TAIL = re.compile(r"\s*+(?:,\s*+dtype\s*+=\s*+([\w.'\"]++)\s*+)?(?:,\s*+)?\)")
_SCALAR = re.compile(r"\b(?:np|numpy)\.float(?:64|32|16)\(\s*([^()\s]*)\s*\)")
_ANOTHER_LIST = re.compile(r"\s*+(?:,\s*+)?[\[(]")

#: The calls read around one nested list (as typed, and as reprs print them): name → form.
_WRAPPERS = {
    "np.array": "np.array(…)", "numpy.array": "np.array(…)", "array": "np.array(…)",
    "np.asarray": "np.array(…)", "tensor": "torch.tensor(…)", "torch.tensor": "torch.tensor(…)",
    "Array": "Array(…)", "jnp.array": "jnp.array(…)", "Matrix": "Matrix(…)",
    "sympy.Matrix": "Matrix(…)", "sp.Matrix": "Matrix(…)", "ImmutableMatrix": "Matrix(…)",
    "ImmutableDenseNDimArray": "ImmutableDenseNDimArray(…)"}
#: The dtypes read after the list (bare, or after np., torch., jnp.): name → what is noted.
_DTYPES = {"float64": "", "float32": "single precision", "float16": "half precision",
           "bfloat16": "bfloat16, about 3 significant digits",
           **{f"{u}int{bits}": "" for u in ("", "u") for bits in (8, 16, 32, 64)}}
_DTYPE_PREFIXES = ("", "np", "numpy", "torch", "jnp", "jax.numpy")


@dataclass(frozen=True)
class Pasted:
    """An array read from pasted text: ``value``, (d1, …, dk) float64 with 1 ≤ k ≤ 4;
    ``precision``, of the same shape: half a unit in the last digit typed (``"0.333"`` → 5e-4,
    ``"1.5e-3"`` → 5e-5), or 0 with no point (``"3"``, ``"4e2"``: exact); a bare trailing point
    (NumPy's ``"3."``) counts as many fraction digits as the finest number pasted;
    ``form``, in words for an echo line; ``note``, such as ``"dtype=float32 noted: …"``, or ""."""

    value: NDArray[np.float64]
    precision: NDArray[np.float64]
    form: str
    note: str = ""


def parse_array(text: str) -> Pasted:
    """Read an array of 1 to 4 axes pasted as text.

    Rows of numbers (on lines or separated by ``;``) give a matrix, one row a (1, k) one; a
    nested list, bare or wrapped (``np.array(…)``, ``torch.tensor(…)``, ``Array(…)``,
    ``Matrix(…)``), or NumPy's print layout gives one axis per level of brackets. Several
    lists one after another are the entries of one; ``Matrix([…])`` of one list is a column.

    Raises
    ------
    PasteError
        For text that is not one array of finite numbers, naming what is wrong and where.

    Examples
    --------
    >>> p = parse_array("[[1, 2.5], [-3, 0.125]]")
    >>> p.value.tolist(), p.precision.tolist(), p.form
    ([[1.0, 2.5], [-3.0, 0.125]], [[0.0, 0.05], [0.0, 0.0005]], 'a nested list')
    >>> p = parse_array("array([[[1.e+00, -2.5e-03]]], dtype=float32)")
    >>> p.value.shape, p.precision.ravel().tolist(), p.note
    ((1, 1, 2), [0.0, 5e-05], 'dtype=float32 noted: single precision')
    >>> parse_array("1 2 3\\n4 nan 6")
    Traceback (most recent call last):
    ...
    hadviz.nested_text.PasteError: entry (2, 2) is nan: hadviz compares finite numbers
    """
    if len(text) > MAX_PASTE_CHARS:
        raise PasteError(f"the text has {len(text):,} characters; at most {MAX_PASTE_CHARS:,} "
                         "are read (a 64 × 64 problem's J needs fewer)")
    text = text.replace("−", "-")  # a typographic minus: one character for one
    # NumPy 2 prints a list of its scalars as [np.float64(1.5), …]: read the numbers inside
    text = _SCALAR.sub(r"\1", text)
    start, stop = len(text) - len(text.lstrip()), len(text.rstrip())
    if start == len(text):
        raise PasteError(f"the text is empty: paste an array, such as {EXAMPLE}")
    if call := _CALL.match(text):
        return _wrapped(text, call)
    matlab = ";" in text and text.count("[") == 1 and text[start] + text[stop - 1] == "[]"
    if text[start] not in "[(" or matlab:
        return _pasted(*_rows(text, start + matlab, stop - matlab), "rows of numbers")
    nested = Nested(text).read(start)
    if text[nested.end:].strip():
        if not _ANOTHER_LIST.match(text, nested.end):
            raise _after(text, nested.end)
        nested = Nested(text).read(start, implicit=True)
    form = "a nested list" if nested.commas or len(nested.tokens) == 1 else "NumPy's print layout"
    return _pasted(nested.tokens, nested.shape, form)


def _pasted(tokens: list[str], shape: tuple[int, ...], form: str, note: str = "") -> Pasted:
    """The numbers ``tokens`` (each checked as a number, in index order) as an array."""
    value = np.fromiter(map(float, tokens), np.float64, len(tokens))
    overflow = np.flatnonzero(~np.isfinite(value))
    if overflow.size:
        entry = tuple(int(k) + 1 for k in np.unravel_index(overflow[0], shape))
        raise PasteError(f"entry {entry} is {shown(tokens[overflow[0]])}, beyond the largest "
                         "float64 (about 1.8e308)")
    # NumPy prints one array with one number of fraction digits and trims trailing zeros, so
    # "3." beside "0.12345679" stands for 3.00000000: it gets the finest fraction typed
    bare = any(t.endswith(".") or ".e" in t or ".E" in t for t in tokens)
    finest = max(map(_fraction_digits, tokens)) if bare else 0
    known: dict[str, float] = {}  # a Jacobian repeats its zeros: each text is read once
    precision = np.fromiter((known[t] if t in known else known.setdefault(t, _half_unit(t, finest))
                             for t in tokens), np.float64, len(tokens))
    return Pasted(value.reshape(shape), precision.reshape(shape), form, note)


def _fraction_digits(number: str) -> int:
    mantissa = number.lower().partition("e")[0]
    point = mantissa.find(".")
    return len(mantissa) - point - 1 if point >= 0 else 0


def _half_unit(number: str, finest: int = 0) -> float:
    """Half a unit in the last digit typed of ``number``: 0 with no point; a bare trailing
    point ("3.", "1.e+00") counts the ``finest`` fraction digits typed elsewhere."""
    mantissa, _, exponent = number.lower().partition("e")
    digits = _fraction_digits(number) or (finest if mantissa.endswith(".") else 0)
    if not digits:
        return 0.0
    power = int(exponent[:9] or 0)  # longer exponents make 0 or inf either way
    return float(f"5e{min(power - digits - 1, 307)}")  # the decimal 5e-9, rounded once


def _rows(text: str, start: int, stop: int) -> tuple[list[str], tuple[int, int]]:
    """The numbers' texts and the shape of the rows of numbers in ``text[start:stop]``."""
    tokens: list[str] = []
    width = r = 0
    for row in _ROW_END.split(text[start:stop]):
        at, start = start + len(row) - len(row.lstrip()), start + len(row) + 1  # next row
        line = row.strip()
        line = line[:-1].rstrip() if line.endswith(",") else line  # a trailing comma
        if not line.strip(", \t"):
            continue
        r, left = r + 1, MAX_NUMBERS - len(tokens)
        sep = "\t" if "\t" in line else "," if "," in line else None
        fields = list(map(str.strip, line.split(sep, left))) if sep else line.split(None, left)
        if len(fields) > left:
            raise PasteError(TOO_MANY)
        if "" in fields:
            raise PasteError(f"row {r:,}, column {fields.index('') + 1:,} is empty (line "
                             f"{text.count(chr(10), 0, at) + 1:,}): every cell needs a number")
        check_numbers(fields, text, at, (r, 1))
        if width and len(fields) != width:
            raise PasteError(f"row {r:,} has {plural(len(fields), 'number', 'numbers')}; "
                             f"row 1 has {width:,}")
        width = width or len(fields)
        tokens += fields
    if not tokens:
        raise PasteError(f"the text has no numbers: paste an array, such as {EXAMPLE}")
    return tokens, (r, width)


def _after(text: str, at: int, why: str = "comes after the end of the array: paste one array"
           ) -> PasteError:
    """Refuse what follows ``text[at]`` (the rest of its line)."""
    at += len(text[at:]) - len(text[at:].lstrip())
    if text[at] in "])":
        return PasteError(f"the '{text[at]}' at {where(text, at)} closes no list")
    return PasteError(f"'{shown(text[at:at + 21].split(chr(10))[0])}' at {where(text, at)} {why}")


def _wrapped(text: str, call: re.Match[str]) -> Pasted:
    """The array in ``np.array(…)`` or the like, ``call`` matching up to its list."""
    name, start, form = call[1], call.end(), _WRAPPERS.get(call[1])
    if form is None:
        raise PasteError(f"'{shown(name)}(…)' at {where(text, call.start(1))} is not read: only "
                         "np.array(…), tensor(…), Matrix(…) around one nested list are read")
    if start == len(text) or text[start] not in "[(":
        raise PasteError(f"{form} is read around one nested list, as in {name}({EXAMPLE})")
    nested = Nested(text).read(start)
    tail = _TAIL.match(text, nested.end)
    if tail is None:
        if not text[nested.end:].strip():
            raise PasteError(f"the '(' at {where(text, call.start(2))} is never closed")
        raise _after(text, nested.end, f"is not read: only dtype= may follow the list in {form}")
    if text[tail.end():].strip():
        raise _after(text, tail.end())
    note = _dtype_note(tail[1], text, tail.start(1)) if tail[1] else ""
    if form == "Matrix(…)" and len(nested.shape) == 1:  # as SymPy reads it
        return _pasted(nested.tokens, (*nested.shape, 1), form, "one list in Matrix(…) is a column")
    return _pasted(nested.tokens, nested.shape, form, note)


def _dtype_note(spelled: str, text: str, at: int) -> str:
    prefix, _, base = spelled.strip("'\"").rpartition(".")
    if prefix not in _DTYPE_PREFIXES or base not in _DTYPES:
        raise PasteError(f"dtype={shown(spelled)} at {where(text, at)} is not read: only "
                         "float and integer dtypes are (float64, float32, int64, …)")
    return f"dtype={base} noted: {_DTYPES[base]}" if _DTYPES[base] else ""
