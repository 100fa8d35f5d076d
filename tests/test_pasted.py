"""Pasted arrays (hadviz.pasted): every form round-trips arrays printed by numpy (and SymPy),
numbers keep how precisely they were typed, and hostile text is refused with a PasteError that
names the problem, never another exception."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hadviz.pasted import MAX_DEPTH, MAX_NUMBERS, MAX_PASTE_CHARS, PasteError, parse_array

SHAPES = [(1,), (5,), (1, 1), (1, 4), (3, 1), (2, 3), (1, 1, 1), (2, 1, 3), (3, 2, 4),
          (1, 1, 1, 1), (2, 3, 1, 2), (2, 2, 2, 3)]


def as_tuples(x):
    return tuple(map(as_tuples, x)) if isinstance(x, list) else x


def exact_str(J: np.ndarray, repr_: bool = False, **options) -> str:
    """J printed by numpy with every digit needed to read it back exactly."""
    with np.printoptions(floatmode="unique", threshold=sys.maxsize):
        return repr(J) if repr_ else np.array2string(J, **options)


#: How each form is printed, and the form's name in words.
PRINTERS = {
    "tolist": (lambda J: str(J.tolist()), "a nested list"),
    "json": (lambda J: json.dumps(J.tolist()), "a nested list"),
    "tuples": (lambda J: str(as_tuples(J.tolist())), "a nested list"),
    "repr": (lambda J: exact_str(J, repr_=True), "np.array(…)"),
    "print": (lambda J: exact_str(J), "NumPy's print layout"),
    "array2string-commas": (lambda J: exact_str(J, separator=", "), "a nested list"),
    "np.array": (lambda J: f"np.array({J.tolist()})", "np.array(…)"),
    "torch.tensor": (lambda J: f"torch.tensor({J.tolist()}, dtype=torch.float64)",
                     "torch.tensor(…)"),
}


def assert_same(pasted, J, form):
    assert pasted.value.dtype == np.float64
    assert pasted.value.shape == J.shape, (pasted.value.shape, J.shape)
    np.testing.assert_array_equal(pasted.value, J, strict=True)
    assert pasted.precision.shape == J.shape
    assert pasted.form == form or J.size == 1


@pytest.mark.parametrize("printer", PRINTERS, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_every_form_round_trips_exactly(printer, shape, rng):
    J = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)
    show, form = PRINTERS[printer]
    assert_same(parse_array(show(J)), J, form)


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (3, 1), (4, 5)], ids=str)
@pytest.mark.parametrize("join", ["\t", ", ", " ", "  ,"], ids=["tabs", "commas", "spaces",
                                                                  "space-comma"])
@pytest.mark.parametrize("rows", ["\n", "; ", "\r\n", ";\n"], ids=["lines", "semicolons", "crlf",
                                                                    "both"])
def test_rows_of_numbers_round_trip(shape, join, rows, rng):
    W = rng.standard_normal(shape)
    text = rows.join(join.join(map(repr, row)) for row in W.tolist())
    assert_same(parse_array(text), W, "rows of numbers")
    assert_same(parse_array(f"[{text}]" if ";" in text else text), W, "rows of numbers")


@pytest.mark.parametrize("text,shape", [
    ("1 2 3", (1, 3)), ("1\n2\n3", (3, 1)), ("5", (1, 1)), ("[1 2; 3 4]", (2, 2)),
    ("[1, 2; 3, 4]", (2, 2)), ("1, 2, 3,\n4, 5, 6,\n", (2, 3)), ("\n\n 1 2\n\n 3 4 \n", (2, 2)),
    ("1 2;", (1, 2)), (",,\n1,2\n,", (1, 2)),
])
def test_rows_of_numbers_shapes(text, shape):
    pasted = parse_array(text)
    assert pasted.value.shape == shape
    assert pasted.form == "rows of numbers"


@pytest.mark.parametrize("text,expected,form", [
    ("[1, 2, 3]", [1.0, 2.0, 3.0], "a nested list"),
    ("[1 2 3]", [1.0, 2.0, 3.0], "NumPy's print layout"),  # numpy prints a vector so
    ("((1, 2), (3, 4),)", [[1.0, 2.0], [3.0, 4.0]], "a nested list"),
    ("[[1, 2,], [3, 4,],]", [[1.0, 2.0], [3.0, 4.0]], "a nested list"),
    ("[1, 2], [3, 4]", [[1.0, 2.0], [3.0, 4.0]], "a nested list"),  # a tuple of lists
    ("[1 2 3]\n[4 5 6]", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "NumPy's print layout"),
    ("  \n [ [1 , 2 ]\n, [3,4]  ]  ", [[1.0, 2.0], [3.0, 4.0]], "a nested list"),
    ("[[[1.e+00 -2.5e-03]]\n\n [[ 3.e+02 4.e-01]]]", [[[1.0, -0.0025]], [[300.0, 0.4]]],
     "NumPy's print layout"),
    ("[−1, −.5, +2., 1E3]", [-1.0, -0.5, 2.0, 1000.0], "a nested list"),
    ("numpy.array([[1, 2]])", [[1.0, 2.0]], "np.array(…)"),
    ("array([1., 2.],\n      dtype=float64)", [1.0, 2.0], "np.array(…)"),
    ("tensor([[ 1.0000e+00, -2.5000e-03]])", [[1.0, -0.0025]], "torch.tensor(…)"),
    ("Array([1., 2.], dtype=float32)", [1.0, 2.0], "Array(…)"),
    ("jnp.array([1, 2])", [1.0, 2.0], "jnp.array(…)"),
    ("Matrix([\n[1, 2],\n[3, 4]])", [[1.0, 2.0], [3.0, 4.0]], "Matrix(…)"),
    ("Matrix([1, 2, 3])", [[1.0], [2.0], [3.0]], "Matrix(…)"),  # a column, as SymPy reads it
    ("ImmutableDenseNDimArray([[[1, 2]]])", [[[1.0, 2.0]]], "ImmutableDenseNDimArray(…)"),
    ("np.array(((1, 2), (3, 4)),)", [[1.0, 2.0], [3.0, 4.0]], "np.array(…)"),
], ids=repr)
def test_nested_forms(text, expected, form):
    pasted = parse_array(text)
    assert pasted.value.tolist() == expected
    assert pasted.form == form


@pytest.mark.parametrize("text,note", [
    ("np.array([1., 2.], dtype=float32)", "dtype=float32 noted: single precision"),
    ("array([1., 2.], dtype=np.float16)", "dtype=float16 noted: half precision"),
    ("tensor([1., 2.], dtype=torch.float32)", "dtype=float32 noted: single precision"),
    ("array([1., 2.], dtype='float32')", "dtype=float32 noted: single precision"),
    ("array([1, 2], dtype=int64)", ""),
    ("tensor([1., 2.], dtype=torch.float64)", ""),
    ("[1.5, 2.5]", ""),
])
def test_dtype_is_noted(text, note):
    assert parse_array(text).note == note


def test_float32_repr_reads_back_the_float32_numbers(rng):
    J = rng.standard_normal((3, 4, 2)).astype(np.float32)
    pasted = parse_array(exact_str(J, repr_=True))  # float32's own shortest digits
    assert pasted.note == "dtype=float32 noted: single precision"
    np.testing.assert_array_equal(pasted.value.astype(np.float32), J, strict=True)


def test_sympy_printing_reads_back():
    M = sp.Matrix([[1, 2.5], [-3, sp.Float("0.125")]])
    assert parse_array(repr(M)).value.tolist() == [[1.0, 2.5], [-3.0, 0.125]]
    A = sp.ImmutableDenseNDimArray([[[1, 2], [3, 4]]])
    assert parse_array(repr(A)).value.shape == (1, 2, 2)
    with pytest.raises(PasteError, match=r"fraction.*formula box"):
        parse_array(repr(sp.Matrix([[sp.Rational(1, 3), 1]])))


# how precisely each number was typed ---------------------------------------------------------

@pytest.mark.parametrize("typed,half_unit", [
    ("0.333", 5e-4), ("-2.50", 5e-3), ("1.5e-3", 5e-5), ("1.23456789e+00", 5e-9),
    ("3", 0.0), ("-12", 0.0), ("3.", 0.0), ("4e2", 0.0), ("1.e+00", 0.0), (".5", 5e-2),
    ("−0.25", 5e-3), ("2.5E2", 5.0), ("1.00000000e-05", 5e-14), ("0.1000", 5e-5),
])
def test_precision_is_half_a_unit_in_the_last_digit_typed(typed, half_unit):
    for text in (typed, f"[{typed}]", f"np.array([{typed}, 1])"):
        assert parse_array(text).precision.flat[0] == half_unit, text


@pytest.mark.parametrize("spread", [0, 4], ids=["fixed-point", "scientific"])
@pytest.mark.parametrize("scale", [1.0, 1e-6, 1e5], ids=["ones", "small", "large"])
def test_numpy_default_print_is_read_within_its_precision(scale, spread, rng):
    shape = (4, 5, 6)
    J = rng.uniform(1, 10, shape) * rng.choice([-1, 1], shape) * scale
    J *= 10.0 ** rng.integers(-spread, spread + 1, shape)
    pasted = parse_array(str(J))  # numpy's default: 8 digits, fixed-point or scientific
    error = np.abs(pasted.value - J)
    assert np.all(error <= pasted.precision * (1 + 1e-12) + np.spacing(np.abs(J))), error.max()
    # relative to 8 digits: numpy trims trailing zeros ("9.1660806" for 9.16608060), and a
    # number typed with fewer digits is less precise
    relative = pasted.precision / np.maximum(1.0, np.abs(pasted.value))
    assert np.mean(relative <= 5e-9 * (1 + 1e-12)) > 0.8, relative
    assert np.all((relative > 0) & (relative <= 5e-6)), relative


@given(J=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=MAX_DEPTH, max_side=4),
                    elements=st.floats(allow_nan=False, allow_infinity=False)),
       printer=st.sampled_from(sorted(PRINTERS)))
def test_any_shape_round_trips(J, printer):
    show, form = PRINTERS[printer]
    assert_same(parse_array(show(J)), J, form)


def test_a_64_by_64_problems_jacobian_reads(rng):
    J = rng.standard_normal((64, 64, 64))
    assert J.size == 262_144 <= MAX_NUMBERS
    text = str(J.tolist())
    assert len(text) <= MAX_PASTE_CHARS
    assert_same(parse_array(text), J, "a nested list")


# refused, in words ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,words", [
    ("abc", ["'abc'", "line 1, column 1", "not a number"]),
    ("1 2\n3 4 foo", ["'foo' at line 2, column 5 is not a number"]),
    ("", ["empty"]),
    ("   \n\t ", ["empty"]),
    ("[[1, 2], [3]]", ["the list at (2,) has 1 entry; the one at (1,) has 2"]),
    ("[[[1, 2]], [[3, 4, 5]]]", ["the list at (2, 1) has 3 entries; the one at (1, 1) has 2"]),
    ("[[1, 2], [[3], [4]]]", ["the list at (2,) holds lists; the one at (1,) holds numbers"]),
    ("[1, [2]]", ["the outer list mixes numbers and lists", "column 5"]),
    ("[[1], 2]", ["the outer list mixes numbers and lists"]),
    ("[" * 10_000, ["5 deep", "up to 4 axes", "line 1, column 5"]),
    ("(" * 10_000 + ")" * 10_000, ["up to 4 axes"]),
    ("[" * 5 + "1" + "]" * 5, ["5 deep", "up to 4 axes"]),
    ("[[1, 2]", ["the '[' at line 1, column 1 is never closed"]),
    ("[[1, 2],\n [3", ["the '[' at line 2, column 2 is never closed"]),
    ("[1, 2]]", ["the ']' at line 1, column 7 closes no list"]),
    ("[1, 2)", ["the ')' at line 1, column 6 does not match the '[' at line 1, column 1"]),
    ("np.array([1, 2]", ["the '(' at line 1, column 9 is never closed"]),
    ("[]", ["the outer list is empty"]),
    ("[[1], []]", ["the list at (2,) is empty"]),
    ("1e400", ["entry (1, 1) is 1e400, beyond the largest float64"]),
    ("[[[1, 2, 3]], [[4, 5, -1e999]]]", ["entry (2, 1, 3) is -1e999"]),
    ("nan", ["entry (1, 1) is nan", "finite"]),
    ("inf", ["entry (1, 1) is inf", "finite"]),
    ("[[1, 2], [3, -np.inf]]", ["entry (2, 2) is -inf"]),
    ("[[[1, 2], [3, 4]], [[5, 6], [7, NaN]]]", ["entry (2, 2, 2) is nan"]),
    ("1 2\n3 np.nan", ["entry (2, 2) is nan"]),
    ("1/3", ["fraction", "0.3333333333333333", "formula box"]),
    ("[1, 2/0]", ["fraction", "formula box"]),
    ("1" * 7_000_000, ["7,000,000 characters", "at most 6,000,000"]),
    ("1 " * 10**6, ["more than 300,000 numbers"]),
    ("[" + "1, " * 10**6 + "]", ["more than 300,000 numbers"]),
    ("__import__('os').system('x')", ["'__import__(…)'", "only np.array(…), tensor(…), Matrix(…)"]),
    ("eval('1')", ["'eval(…)'", "not read"]),
    ("np.array([1,2], dtype=object)", ["dtype=object", "not read"]),
    ("tensor([1.], requires_grad=True)", ["requires_grad", "only dtype= may follow the list"]),
    ("np.array([1, 2], [3, 4])", ["', [3, 4])' at line 1, column 16", "only dtype="]),
    ("array([1, 2])); print(1)", ["')' at line 1, column 14"]),
    ("[1, 2]; print(1)", ["'; print(1)' at line 1, column 7"]),
    ("np.array(3.)", ["np.array(…) is read around one nested list"]),
    ("1 2\x00 3", ["U+0000", "line 1, column 4"]),
    ("[[1, 2], [3, 4]]\x00", ["U+0000", "column 17"]),
    ("\x00", ["U+0000"]),
    (",,,", ["no numbers"]),
    (",\n,;,", ["no numbers"]),
    ("[,]", ["comma", "before the first entry"]),
    ("[1,,2]", ["two commas at line 1, column 3"]),
    ("[1, 2 3]", ["'2 3' at line 1, column 5 has no comma"]),
    ("1,,2", ["row 1, column 2 is empty"]),
    ("1\t\t2\n3\t4\t5", ["row 1, column 2 is empty"]),
    ("1 2 3\n4 5", ["row 2 has 2 numbers; row 1 has 3"]),
    ("[0.1 0.2 ... 0.9]", ["'...'", "left out", "tolist"]),
    ("x = [1, 2]", ["'x' at line 1, column 1 is not a number"]),
    ("{'a': 1}", ["not a number"]),
    ("[1e5000000000000]", ["beyond the largest float64"]),
], ids=lambda value: repr(value)[:40])
def test_hostile_text_is_refused_in_words(text, words):
    with pytest.raises(PasteError) as info:
        parse_array(text)
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)
    assert "\n" not in message and "\x00" not in message and len(message) < 250, message


def test_numpys_summary_of_a_large_array_is_refused(rng):
    J = rng.standard_normal((20, 20, 20))
    with pytest.raises(PasteError, match=r"'\.\.\.' at line 1, column \d+ stands for entries"):
        parse_array(str(J))


def test_pasted_text_is_never_run(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("pasted text reached eval, exec or compile")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    with pytest.raises(PasteError):
        parse_array("np.array(__import__('os').system('true'))")
    with pytest.raises(PasteError):
        parse_array("[1, (lambda: 2)()]")
    assert parse_array("np.array([[1, 2], [3, 4]])").value.tolist() == [[1.0, 2.0], [3.0, 4.0]]


@given(text=st.text(alphabet=st.sampled_from(list("[](), ;\n\t0123456789.e-+−xnaif/\x00")),
                    max_size=60))
def test_any_text_is_read_or_refused_with_a_paste_error(text):
    try:
        pasted = parse_array(text)
    except PasteError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert 1 <= pasted.value.ndim <= MAX_DEPTH
    assert np.all(np.isfinite(pasted.value)) and np.all(pasted.precision >= 0)
    assert pasted.precision.shape == pasted.value.shape


def test_numpy_2_scalars_in_a_list_are_read_as_their_numbers():
    """NumPy 2 prints a list of its scalars as [np.float64(1.5), …] (``list(J[0])``)."""
    got = parse_array("[[np.float64(1.5), np.float64(-2.0)], [numpy.float32(3.25), np.float64(0)]]")
    assert got.value.tolist() == [[1.5, -2.0], [3.25, 0.0]]
    with pytest.raises(PasteError):
        parse_array("np.float64(__import__('os'))")


def test_a_typed_zero_has_the_precision_of_its_digits():
    """0 is exact; 0.000 is 0 to three decimals, like 6.000; a bare 0. takes the finest digits."""
    got = parse_array("[0, 0.000, 0., 0e5, 0.5]")
    assert got.precision.tolist() == [0.0, 5e-4, 5e-4, 0.0, 0.05]
