"""Typed numbers, cell by cell: read the editor's cells (or a pasted matrix) into numbers, and
name every bad cell with what is wrong with it.

The rules are those of numbers in a link (:class:`hadviz.urlstate.HandData`): finite, and 0
or between :data:`~hadviz.urlstate.MIN_ABS` and :data:`~hadviz.urlstate.MAX_ABS` in
magnitude. A table with bad cells is refused as a whole; the caller keeps the last valid
numbers, so nothing typed before is lost.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hadviz.latex import text_sci
from hadviz.urlstate import MAX_ABS, MIN_ABS, HandData

__all__ = ["BadCell", "BadCellsError", "hand_data_from_cells", "parse_cell", "parse_pasted"]


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
    if 0 < abs(x) < MIN_ABS:
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


def hand_data_from_cells(W: Sequence[Sequence[object]], a: Sequence[object],
                         b: Sequence[object]) -> HandData:
    """Validate the cells of the W, a, b tables into :class:`HandData`.

    Raises
    ------
    BadCellsError
        Naming every bad cell (rows and columns from 1), or the shapes when the tables do
        not fit together.

    Examples
    --------
    >>> hand_data_from_cells([[1, "2"]], [1], [0]).W
    ((1.0, 2.0),)
    >>> hand_data_from_cells([[1, None]], ["x"], [0])
    Traceback (most recent call last):
    ...
    hadviz.cells.BadCellsError: W row 1, column 2 is empty; a row 1 'x' is not a number
    """
    bad: list[BadCell] = []
    rows = tuple(_parsed("W", ((r, c, x) for c, x in enumerate(row, start=1)), bad)
                 for r, row in enumerate(W, start=1))
    a_values, b_values = (_parsed(name, ((r, None, x) for r, x in enumerate(v, start=1)), bad)
                          for name, v in (("a", a), ("b", b)))
    if bad:
        raise BadCellsError(bad)
    if len({len(row) for row in W}) > 1 or not (len(W) == len(a) == len(b)):
        raise BadCellsError([BadCell("W", 1, None, f"has {len(W)} rows but a and b have "
                                  f"{len(a)} and {len(b)} entries")])
    data = HandData(rows, a_values, b_values)
    data.to_problem()  # the same checks as a link's numbers
    return data


_SEPARATORS = re.compile(r"[,\s]+")


def parse_pasted(text: str, m: int, n: int) -> list[list[float]]:
    """A matrix pasted as text: rows on lines (or separated by ``;``), numbers separated by
    spaces or commas, e.g. copied from a spreadsheet, MATLAB or a board.

    Raises
    ------
    BadCellsError
        Naming every bad number, or a row or row count that does not fit m × n.

    Examples
    --------
    >>> parse_pasted("1 2 3\\n4, 5, 6", 2, 3)
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    >>> parse_pasted("1 2; 3", 2, 2)
    Traceback (most recent call last):
    ...
    hadviz.cells.BadCellsError: W row 2 has 1 number; W has n = 2 columns
    """
    lines = [line.strip().strip("[]") for line in re.split(r"[;\n]", text.strip())]
    lines = [line for line in lines if line.strip()]
    bad: list[BadCell] = []
    rows = []
    for r, line in enumerate(lines, start=1):
        tokens = [t for t in _SEPARATORS.split(line.strip()) if t]
        if len(tokens) != n:
            noun = "number" if len(tokens) == 1 else "numbers"
            bad.append(BadCell("W", r, None, f"has {len(tokens)} {noun}; W has n = {n} columns"))
        rows.append(list(_parsed("W", ((r, c, t) for c, t in enumerate(tokens, start=1)), bad)))
    if len(lines) != m:
        bad.append(BadCell("W", max(len(lines), 1), None,
                           f"is the last of {len(lines)} rows; W has m = {m} rows"))
    if bad:
        raise BadCellsError(bad)
    return rows
