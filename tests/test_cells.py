"""The editor's bad cells: every kind is refused with a message naming the cell."""

from __future__ import annotations

import math

import pytest

from hadviz.cells import BadCellsError, hand_data_from_cells, parse_cell, parse_pasted
from hadviz.urlstate import HandData


@pytest.mark.parametrize("cell,problem", [
    ("abc", "'abc' is not a number"),
    ("1,5", "'1,5' is not a number"),
    ("nan", "NaN is not a number"),
    (math.nan, "NaN is not a number"),
    ("inf", "inf is infinite"),
    ("-Infinity", "-Infinity is infinite"),
    (-math.inf, "-inf is infinite"),
    ("1e308", "1e308 is larger than 1 × 10⁶ in magnitude"),
    (1e7, "10000000.0 is larger than 1 × 10⁶"),
    ("1e-70", "1e-70 is smaller than 1 × 10⁻⁶⁰ in magnitude (type 0 for zero)"),
    ("", "is empty"),
    ("   ", "is empty"),
    (None, "is empty"),
    (True, "'True' is not a number"),
])
def test_bad_cell_says_what_is_wrong(cell, problem):
    with pytest.raises(ValueError) as info:
        parse_cell(cell)
    assert problem in str(info.value)


@pytest.mark.parametrize("cell,value", [("3", 3.0), (" −2.5 ", -2.5), ("1e-3", 1e-3),
                                        ("0", 0.0), ("-0", 0.0), (7, 7.0), ("1e6", 1e6)])
def test_good_cells(cell, value):
    assert parse_cell(cell) == value


def test_every_bad_cell_is_named_with_its_place():
    W = [["1", "abc", "3"], ["", "5", "inf"]]
    with pytest.raises(BadCellsError) as info:
        hand_data_from_cells(W, ["1", "nan"], ["2", "1e308"])
    cells = [(c.table, c.row, c.column) for c in info.value.cells]
    assert cells == [("W", 1, 2), ("W", 2, 1), ("W", 2, 3), ("a", 2, None), ("b", 2, None)]
    text = str(info.value)
    assert text.startswith("W row 1, column 2 'abc' is not a number; W row 2, column 1 is empty")
    assert text.endswith("and 1 more")


def test_valid_cells_give_the_numbers():
    data = hand_data_from_cells([["1", "-2"], [3, "0.5"]], ["1", "2"], ["−1", "0"])
    assert data == HandData(((1.0, -2.0), (3.0, 0.5)), (1.0, 2.0), (-1.0, 0.0))


def test_tables_that_do_not_fit_together():
    with pytest.raises(BadCellsError, match="has 2 rows but a and b have 1 and 2"):
        hand_data_from_cells([["1"], ["2"]], ["1"], ["1", "2"])


@pytest.mark.parametrize("text,message", [
    ("1 2 3\n4 5", "W row 2 has 2 numbers; W has n = 3 columns"),
    ("1 2 3", "is the last of 1 rows; W has m = 2 rows"),
    ("1 2 3\n4 5 6\n7 8 9", "is the last of 3 rows; W has m = 2 rows"),
    ("1 2 x\n4 5 6", "W row 1, column 3 'x' is not a number"),
    ("1 2 3\n4 5 1e400", "W row 2, column 3 1e400 is infinite"),
    ("", "is the last of 0 rows"),
])
def test_pasted_matrix_wrong_counts_and_cells(text, message):
    with pytest.raises(BadCellsError) as info:
        parse_pasted(text, 2, 3)
    assert message in str(info.value)


@pytest.mark.parametrize("text", ["1 2 3\n4 5 6", "1,2,3;4,5,6", "[1, 2, 3]\n[4, 5, 6]",
                                  "1\t2\t3\n4\t5\t6\n", "  1  2 3 ;  4 5 6  "])
def test_pasted_matrix_formats(text):
    assert parse_pasted(text, 2, 3) == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
