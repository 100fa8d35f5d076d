"""The editor's bad cells: every kind is refused with a message naming the cell."""

from __future__ import annotations

import math

import numpy as np
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
    # float reads these as 0: refused, not turned into a zero
    ("1e-400", "1e-400 is smaller than 1 × 10⁻⁶⁰ in magnitude (type 0 for zero)"),
    ("−2.5e-999", "−2.5e-999 is smaller than 1 × 10⁻⁶⁰"),
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
                                        ("0", 0.0), ("-0", 0.0), (7, 7.0), ("1e6", 1e6),
                                        ("0e-999", 0.0), ("0.000", 0.0)])
def test_good_cells(cell, value):
    assert parse_cell(cell) == value


def test_every_bad_cell_is_named_with_its_place():
    W = [["1", "abc", "3"], ["", "5", "inf"]]
    with pytest.raises(BadCellsError) as info:
        hand_data_from_cells(W, [["1", "nan"], ["2", "1e308"]])
    cells = [(c.table, c.row, c.column) for c in info.value.cells]
    assert cells == [("W", 1, 2), ("W", 2, 1), ("W", 2, 3), ("a", 2, None), ("b", 2, None)]
    text = str(info.value)
    assert text.startswith("W row 1, column 2 'abc' is not a number; W row 2, column 1 is empty")
    assert text.endswith("and 1 more")


def test_valid_cells_give_the_numbers():
    data = hand_data_from_cells([["1", "-2"], [3, "0.5"]], [["1", "2"], ["−1", "0"]])
    assert data == HandData(((1.0, -2.0), (3.0, 0.5)), (((1.0,), (2.0,)), ((-1.0,), (0.0,))))


def test_matrix_parameters_are_tables():
    data = hand_data_from_cells([["1", "2"]], [[["1", "2", "3"]], [["4", "5", "−6"]]],
                                fn="matrix")
    assert data == HandData(((1.0, 2.0),), (((1.0, 2.0, 3.0),), ((4.0, 5.0, -6.0),)), "matrix")
    assert data.to_problem().p == 3
    with pytest.raises(ValueError, match="B must have shape"):
        hand_data_from_cells([["1", "2"]], [[["1", "2"]], [["4"]]], fn="matrix")


def test_tables_that_do_not_fit_together():
    with pytest.raises(BadCellsError, match="has 2 rows but a and b have 1 and 2 rows"):
        hand_data_from_cells([["1"], ["2"]], [["1"], ["1", "2"]])


@pytest.mark.parametrize("text,message", [
    ("1 2 3\n4 5", "W row 2 has 2 entries; W has n = 3 columns"),
    ("1 2 3", "is the last: 1 row pasted; W has m = 2 rows"),
    ("1 2 3\n4 5 6\n7 8 9", "is the last: 3 rows pasted; W has m = 2 rows"),
    ("1 2 x\n4 5 6", "W row 1, column 3 'x' is not a number"),
    ("1 2 3\n4 5 1e400", "W row 2, column 3 1e400 is infinite"),
    ("", "is the last: 0 rows pasted"),
    # the same rules for a nested list (W.tolist(), np.array([...]))
    ("[[1, 2, 3], [4, 5]]", "W row 2 has 2 entries; W has n = 3 columns"),
    ("[[1, 2, 3]]", "W row 1 is the last: 1 row pasted; W has m = 2 rows"),
    ("[[1, 2, 3], [4, 5, 6], [7, 8, 9]]", "is the last: 3 rows pasted; W has m = 2 rows"),
    ('[[1, 2, "x"], [4, 5, 6]]', "W row 1, column 3 '\"x\"' is not a number"),
    ("[[1, 2, 3], [4, 5, True]]", "W row 2, column 3 'True' is not a number"),
    ("[[1, 2, 3], [4, 5, None]]", "W row 2, column 3 'None' is not a number"),
    ("[[1, 2, 3], [4, 5, 1j]]", "W row 2, column 3 '1j' is not a number"),
    ("[[1, 2, 3], [4, 5, x]]", "W row 2, column 3 'x' is not a number"),
    ("[[1, 2, 3], [4, 5, 2**3]]", "W row 2, column 3 '2**3' is not a number"),
    ("[[1, 2, nan], [4, 5, 6]]", "W row 1, column 3 NaN is not a number"),
    ("np.array([[1, 2, np.nan], [4, 5, 6]])", "W row 1, column 3 NaN is not a number"),
    ("[[1, 2, 3], [4, 5, -np.inf]]", "W row 2, column 3 -inf is infinite"),
    ("[[1, 2, 3], [4, 5, 1e400]]", "W row 2, column 3 1e400 is infinite"),
    ("[[1, 2, 3], [4, 5, 1e7]]", "W row 2, column 3 1e7 is larger than 1 × 10⁶"),
    ("[[1, 2, 3], [4, 5, ...]]", "W row 2, column 3 '...' is not a number"),
])
def test_pasted_matrix_wrong_counts_and_cells(text, message):
    with pytest.raises(BadCellsError) as info:
        parse_pasted(text, 2, 3)
    assert message in str(info.value)


@pytest.mark.parametrize("text", ["1 2 3\n4 5 6", "1,2,3;4,5,6", "[1, 2, 3]\n[4, 5, 6]",
                                  "1\t2\t3\n4\t5\t6\n", "  1  2 3 ;  4 5 6  "])
def test_pasted_matrix_formats(text):
    assert parse_pasted(text, 2, 3) == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


# nested lists: what W.tolist(), numpy's repr and hand-written np.array(...) print ----------

@pytest.mark.parametrize("text", [
    "[[1, 2, 3], [4, 5, 6]]",
    "[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\n",
    "np.array([[1, 2, 3], [4, 5, 6]])",
    "numpy.array([[1, 2, 3], [4, 5, 6]])",
    "array([[1., 2., 3.],\n       [4., 5., 6.]])",
    "  np.array([[1, 2, 3],\n  [4, 5, 6]])  ",
    "[(1, 2, 3), (4, 5, 6)]",
    "[[1e0, 2, +3], [4, 5, 6.0]]",
    "[[1 2 3]\n [4 5 6]]",  # print(W): no commas, rows on lines
], ids=["tolist", "tolist-floats", "np.array", "numpy.array", "numpy-repr", "spaced",
        "tuples", "exponents", "print"])
def test_pasted_nested_list_forms(text):
    assert parse_pasted(text, 2, 3) == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def test_pasted_list_of_an_actual_array_round_trips():
    W = np.random.default_rng(4).standard_normal((3, 5))
    assert parse_pasted(str(W.tolist()), 3, 5) == W.tolist()
    np.testing.assert_allclose(parse_pasted(repr(W), 3, 5), W, atol=1e-8)  # repr: 8 decimals
    assert parse_pasted(str(W.tolist()[:1]), 1, 5) == W.tolist()[:1]  # m = 1
    assert parse_pasted(str(W[:, :1].tolist()), 3, 1) == W[:, :1].tolist()  # n = 1


@pytest.mark.parametrize("text,message", [
    ("[[[1], 2, 3], [4, 5, 6]]", "the brackets nest 3 deep; W is one list of rows"),
    ("np.array([[[1, 2, 3]], [[4, 5, 6]]])", "the brackets nest 4 deep"),
    ("[" * 500 + "1, 2" + "]" * 500, "the brackets nest 500 deep"),
    ("[[1, 2, 3], [4, 5, 6]", "not read as a nested list ('[' was never closed)"),
    ("[[1, 2, 3] [4, 5, 6]]", "not a list of rows; write it as [[1, 2, 3], [4, 5, 6]]"),
    ("[[1, 2, 3], 4]", "not a list of rows"),
    ("[[1, 2, 3], [4, 5, 6]] + [[0]]", "not a list of rows"),
    ("np.array([1, 2, 3])", "not a list of rows; write it as np.array([[1, 2, 3], [4, 5, 6]])"),
    ("np.array([[1, 2, 3], [4, 5, 6]], dtype=float)", "no dtype= or other arguments"),
    ("np.array([[1, 2, 3]], [[4, 5, 6]])", "no dtype= or other arguments"),
    ("array([[1, 2, 3], [4, 5, 6]], dtype=float32)", "no dtype= or other arguments"),
    ("np.asarray([[1, 2, 3], [4, 5, 6]])", "is not a number"),  # not read as a call at all
    ("[[1, 2, 3], [4, 5, 6]]\x00", "not read as a nested list"),
    ("[[" + "1+" * 60_000 + "1, 2, 3], [4, 5, 6]]", "not read as a nested list"),
    ("[[1, 2, 3], [4, 5, 6]]" * 10_000, "the text has 220,000 characters; at most 200,000"),
])
def test_pasted_text_that_is_not_a_matrix_is_refused_in_words(text, message):
    with pytest.raises(ValueError) as info:
        parse_pasted(text, 2, 3)
    assert message in str(info.value)
    assert len(str(info.value)) < 300  # a message, not the text echoed back


def test_pasted_text_is_never_run(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("pasted text reached eval or exec")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    with pytest.raises(ValueError):
        parse_pasted("np.array(__import__('os').system('true'))", 2, 3)
    assert parse_pasted("np.array([[1, 2, 3], [4, 5, 6]])", 2, 3)[1] == [4.0, 5.0, 6.0]
