"""Typed numbers, cell by cell: read the editor's cells (or a pasted matrix) into numbers, and
name every bad cell with what is wrong with it.

The rules are those of numbers in a link (:class:`hadviz.urlstate.HandData`): finite, and 0
or between :data:`~hadviz.urlstate.MIN_ABS` and :data:`~hadviz.urlstate.MAX_ABS` in
magnitude. A table with bad cells is refused as a whole; the caller keeps the last valid
numbers, so nothing typed before is lost.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from hadviz.handdata import underflowed
from hadviz.latex import plural, text_sci
from hadviz.models import FunctionName, model_of
from hadviz.urlstate import MAX_ABS, MIN_ABS, HandData

__all__ = ["MAX_PASTE_CHARS", "BadCell", "BadCellsError", "hand_data_from_cells", "parse_cell",
           "parse_pasted"]


def parse_cell(value: object) -> float:
    """One cell as a number, or ``ValueError`` saying what is wrong with it.

    Accepts numbers and text such as ``"-2"``, ``"1.5e-3"`` or ``"−4"`` (a typographic
    minus).

    Examples
    --------
    >>> parse_cell(" −2.5 "), parse_cell(3), parse_cell("1e-3")
    (-2.5, 3.0, 0.001)
    >>> parse_cell("abc")
    Traceback (most recent call last):
    ...
    ValueError: 'abc' is not a number
    >>> parse_cell("1e308")
    Traceback (most recent call last):
    ...
    ValueError: 1e308 is larger than 1 × 10⁶ in magnitude
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("is empty")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"'{str(value)[:20]}' is not a number")
    text = value.strip().replace("−", "-") if isinstance(value, str) else value
    try:
        x = float(text)
    except ValueError:
        raise ValueError(f"'{str(value).strip()[:20]}' is not a number") from None
    shown = str(value).strip()[:20]
    if math.isnan(x):
        raise ValueError("NaN is not a number hadviz can differentiate at")
    if math.isinf(x):
        raise ValueError(f"{shown} is infinite: numbers must be finite")
    if abs(x) > MAX_ABS:
        raise ValueError(f"{shown} is larger than {text_sci(MAX_ABS, 1)} in magnitude")
    if 0 < abs(x) < MIN_ABS or (isinstance(text, str) and underflowed(text, x)):
        raise ValueError(f"{shown} is smaller than {text_sci(MIN_ABS, 1)} in magnitude "
                         "(type 0 for zero)")
    return x


@dataclass(frozen=True)
class BadCell:
    """A refused cell: its table (W, a or b), row and column (from 1) and what is wrong."""

    table: str
    row: int
    column: int | None
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{self.table} {where} {self.problem}"


class BadCellsError(ValueError):
    """Bad cells of a table; ``str`` lists them (the first few), ``cells`` has all."""

    def __init__(self, cells: Sequence[BadCell]):
        self.cells = tuple(cells)
        shown = "; ".join(str(c) for c in self.cells[:4])
        more = f"; and {len(self.cells) - 4} more" if len(self.cells) > 4 else ""
        super().__init__(shown + more)


def _parsed(table: str, places: Iterable[tuple[int, int | None, object]],
            bad: list[BadCell]) -> tuple[float, ...]:
    """The numbers of the good cells among ``(row, column, value)``; each bad cell is added
    to ``bad`` with its place and what is wrong."""
    out = []
    for r, c, value in places:
        try:
            out.append(parse_cell(value))
        except ValueError as exc:
            bad.append(BadCell(table, r, c, str(exc)))
    return tuple(out)


def hand_data_from_cells(W: Sequence[Sequence[object]], params: Sequence[Sequence[object]],
                         fn: str = "hadamard") -> HandData:
    """Validate the cells of W and of the model's parameter tables into :class:`HandData`.

    Parameters
    ----------
    W : rows of cells
    params : one table per parameter of the model ``fn``, in its order: a sequence of cells
        for a vector (a, b), rows of cells for a matrix (A, B).
    fn : the model's name.

    Raises
    ------
    BadCellsError
        Naming every bad cell (rows and columns from 1), or the shapes when the tables do
        not fit together.

    Examples
    --------
    >>> hand_data_from_cells([[1, "2"]], [[1], [0]]).W
    ((1.0, 2.0),)
    >>> hand_data_from_cells([[1, None]], [["x"], [0]])
    Traceback (most recent call last):
    ...
    hadviz.cells.BadCellsError: W row 1, column 2 is empty; a row 1 'x' is not a number
    >>> hand_data_from_cells([[1, 2]], [[[1, 2]], [[3, "y"]]], fn="matrix")
    Traceback (most recent call last):
    ...
    hadviz.cells.BadCellsError: B row 1, column 2 'y' is not a number
    """
    model = model_of(fn)
    bad: list[BadCell] = []
    rows = tuple(_parsed("W", ((r, c, x) for c, x in enumerate(row, start=1)), bad)
                 for r, row in enumerate(W, start=1))
    tables = []
    for q, cells in zip(model.params, params, strict=True):
        if q.matrix:
            tables.append(tuple(
                _parsed(q.name, ((r, c, x) for c, x in enumerate(row, start=1)), bad)
                for r, row in enumerate(cast(Sequence[Sequence[object]], cells), start=1)))
        else:
            values = _parsed(q.name, ((r, None, x) for r, x in enumerate(cells, start=1)), bad)
            tables.append(tuple((x,) for x in values))
    if bad:
        raise BadCellsError(bad)
    lengths = [len(cells) for cells in params]
    if len({len(row) for row in W}) > 1 or any(k != len(W) for k in lengths):
        named = " and ".join(model.param_names)
        raise BadCellsError([BadCell("W", 1, None, f"has {len(W)} rows but {named} have "
                                                   f"{' and '.join(map(str, lengths))} rows")])
    data = HandData(rows, tuple(tables), cast("FunctionName", model.name))
    data.to_problem()  # the same checks as a link's numbers
    return data


_SEPARATORS = re.compile(r"[,\s]+")
#: Most characters of pasted text read: a 64 × 64 W with every number at full precision
#: (``W.tolist()``) is about 90,000.
MAX_PASTE_CHARS = 200_000
#: The start of numpy's ``np.array(…)``, ``numpy.array(…)`` or ``array(…)`` (its repr).
_CALL = re.compile(r"\s*((np|numpy)\s*\.\s*)?array\s*\(")
#: The start of a nested list. Read as one only with commas in it: ``print(W)`` writes
#: ``[[1 2]\n [3 4]]``, which is rows on lines.
_NESTED_LIST = re.compile(r"\s*\[\s*[\[(]")
#: The callers whose one positional argument is read: as written, and as numpy prints it.
_ARRAY_CALLS = ("np.array", "numpy.array", "array")
#: np.nan, numpy.inf, math.inf: judged as the nan or inf they are
_NUMPY_CONSTANT = re.compile(r"\b(?:np|numpy|math)\.(nan|inf)\b", re.IGNORECASE)


def parse_pasted(text: str, m: int, n: int) -> list[list[float]]:
    """A matrix pasted as text: rows on lines (or separated by ``;``), numbers separated by
    spaces or commas, e.g. copied from a spreadsheet, MATLAB, a board or ``print(W)``; or one
    nested list with commas, bare as ``W.tolist()`` prints it or inside ``np.array(…)`` as
    numpy's repr writes it.

    The nested list is read as a literal from its syntax tree: its numbers are the only
    parts used, and nothing pasted is ever run.

    Raises
    ------
    BadCellsError
        Naming every bad number, or a row or row count that does not fit m × n.
    ValueError
        When the text as a whole is not one of these forms (too long, nested too deep,
        not a list of rows).

    Examples
    --------
    >>> parse_pasted("1 2 3\\n4, 5, 6", 2, 3)
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    >>> parse_pasted("np.array([[1, 2.5], [-3, 4e-2]])", 2, 2)
    [[1.0, 2.5], [-3.0, 0.04]]
    >>> parse_pasted("1 2; 3", 2, 2)
    Traceback (most recent call last):
    ...
    hadviz.cells.BadCellsError: W row 2 has 1 entry; W has n = 2 columns
    """
    if len(text) > MAX_PASTE_CHARS:
        raise ValueError(f"the text has {len(text):,} characters; at most "
                         f"{MAX_PASTE_CHARS:,} are read (a 64 × 64 W needs fewer)")
    nested = _CALL.match(text) or (_NESTED_LIST.match(text) and "," in text)
    tokens = _nested_tokens(text) if nested else _line_tokens(text)
    bad: list[BadCell] = []
    rows = []
    for r, row in enumerate(tokens, start=1):
        if len(row) != n:
            noun = "entry" if len(row) == 1 else "entries"
            bad.append(BadCell("W", r, None, f"has {len(row)} {noun}; W has n = {n} columns"))
        rows.append(list(_parsed("W", ((r, c, t) for c, t in enumerate(row, start=1)), bad)))
    if len(tokens) != m:
        bad.append(BadCell("W", max(len(tokens), 1), None,
                           f"is the last: {plural(len(tokens), 'row', 'rows')} pasted; "
                           f"W has m = {m} {plural(m, 'row', 'rows', number=False)}"))
    if bad:
        raise BadCellsError(bad)
    return rows


def _line_tokens(text: str) -> list[list[str]]:
    """The numbers' texts, row by row, of rows on lines or separated by ``;``."""
    lines = [line.strip().strip("[]") for line in re.split(r"[;\n]", text.strip())]
    return [[t for t in _SEPARATORS.split(line.strip()) if t] for line in lines if line.strip()]


def _depth(text: str) -> int:
    """How deep the brackets of ``text`` nest (any of ``[({``)."""
    depth = deepest = 0
    for char in text:
        if char in "[({":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])}":
            depth -= 1
    return deepest


def _nested_tokens(text: str) -> list[list[str]]:
    """The numbers' texts, row by row, of one nested list (bare or in ``np.array(…)``).

    Each number's own text is kept for :func:`parse_cell` to judge, so ``1e400`` or ``nan``
    is refused with the same words as in a typed cell.
    """
    source = text.strip()
    call = not source.startswith("[")
    example = "np.array([[1, 2, 3], [4, 5, 6]])" if call else "[[1, 2, 3], [4, 5, 6]]"
    if _depth(source) > 2 + call:
        raise ValueError(f"the brackets nest {_depth(source)} deep; W is one list of rows of "
                         f"numbers, as in {example}")
    try:
        body = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        reason = (exc.msg if isinstance(exc, SyntaxError) else str(exc)
                  if isinstance(exc, ValueError) else "too long a sum or product to read")
        raise ValueError(f"the text is not read as a nested list ({reason}); write it as "
                         f"{example}") from None
    if isinstance(body, ast.Call):
        if ast.unparse(body.func) not in _ARRAY_CALLS or body.keywords or len(body.args) != 1:
            raise ValueError("only np.array(…) around the nested list alone is read (no "
                             f"dtype= or other arguments), as in {example}")
        body = body.args[0]
    rows = body.elts if isinstance(body, ast.List | ast.Tuple) else None
    if rows is None or not all(isinstance(row, ast.List | ast.Tuple) for row in rows):
        raise ValueError(f"the text is not a list of rows; write it as {example}")
    return [[_NUMPY_CONSTANT.sub(r"\1", ast.get_source_segment(source, x) or "")
             for x in row.elts] for row in rows if isinstance(row, ast.List | ast.Tuple)]
