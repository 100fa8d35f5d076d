r"""LaTeX for numbers, vectors and matrices, with large ones elided readably.

Pages show the user's own numbers inside formulas; these helpers write them as KaTeX-safe
LaTeX (``bmatrix``), eliding the middle of anything larger than a few rows or columns with
``\cdots``, ``\vdots`` and ``\ddots`` so a 64 × 64 matrix still reads as a matrix; an
elided matrix, a product and an equation with numbers give up columns or lines until they
fit their share of the desk (:mod:`hadviz.desk`), so the pages do not scroll sideways.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.desk import DESK_EM, MATRIX_EM, width

__all__ = ["array", "bmatrix", "chain", "column", "equation", "fitted", "lines", "number",
           "plain", "plural", "product", "row", "sci", "subscript", "text_exact", "text_sci"]

#: Most rows or columns written out before the middle is elided.
MAX_SHOWN = 6


def number(x: float, digits: int = 4) -> str:
    r"""A real number as LaTeX: integers plainly, others with ``digits`` significant digits.

    Examples
    --------
    >>> number(3.0), number(-0.5), number(1234567.0), number(1.23456e-7)
    ('3', '-0.5', '1234567', '1.235 \\times 10^{-7}')
    """
    x = float(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e9:
        return str(int(x))
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def sci(x: float, digits: int = 2) -> str:
    r"""A positive or negative number in scientific notation for inline math, 6.7 × 10⁻⁸ style.

    Examples
    --------
    >>> sci(6.7e-8), sci(0.0), sci(123.0), sci(2.152, 3)
    ('6.7 \\times 10^{-8}', '0', '120', '2.15')
    """
    parts = _scientific(x, digits)
    if isinstance(parts, str):
        return parts.replace("−", "-")
    mantissa, exponent = parts
    return rf"{mantissa} \times 10^{{{exponent}}}"


#: Exponents written as a plain decimal instead (no "× 10⁰", no "× 10¹"): 0.012 … 990.
PLAIN_EXPONENTS = range(-2, 3)


def _scientific(x: float, digits: int) -> tuple[str, int] | str:
    """Mantissa (``digits`` significant digits) and exponent of x, or the whole text for 0,
    ±inf, NaN and numbers between 0.01 and 1000 in magnitude (written plainly)."""
    x = float(x)
    if x == 0 or not np.isfinite(x):
        return "0" if x == 0 else str(x)
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    if int(exponent) in PLAIN_EXPONENTS:
        rounded = float(f"{mantissa}e{exponent}")
        return np.format_float_positional(rounded, precision=digits, unique=False,
                                          fractional=False, trim="-").replace("-", "−")
    return mantissa, int(exponent)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def subscript(index: int) -> str:
    """An index as subscript digits for running text and labels (f₁₂ rather than f_12).

    Examples
    --------
    >>> "f" + subscript(12)
    'f₁₂'
    """
    return str(index).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def text_sci(x: float, digits: int = 2) -> str:
    """A number for running text (not LaTeX) in scientific notation, 6.7 × 10⁻⁸ style.

    Examples
    --------
    >>> text_sci(6.7e-8), text_sci(0.0), text_sci(-1234.0, 3), text_sci(float("inf"))
    ('6.7 × 10⁻⁸', '0', '−1.23 × 10³', 'inf')
    >>> text_sci(2.152, 4), text_sci(-0.0123), text_sci(999.7, 2)
    ('2.152', '−0.012', '1.0 × 10³')
    """
    parts = _scientific(x, digits)
    if isinstance(parts, str):
        return parts
    mantissa, exponent = parts
    return f"{mantissa.replace('-', '−')} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def text_exact(x: float, power_of_two: bool = False) -> str:
    """x with all its digits for running text (× 10ⁿ, never 1e-05); with ``power_of_two``,
    a power of two outside 1/16 … 1024 as 2ᵏ.

    Examples
    --------
    >>> text_exact(0.1), text_exact(2.5e-119), text_exact(2.0**-198, True), text_exact(4.0, True)
    ('0.1', '2.5 × 10⁻¹¹⁹', '2⁻¹⁹⁸', '4')
    """
    k = int(np.round(np.log2(x))) if power_of_two else 0
    if not -4 <= k <= 10:
        return f"2{str(k).translate(_SUPERSCRIPT)}"
    mantissa, _, exponent = repr(float(x) + 0.0).partition("e")  # + 0.0: no "−0"
    power = f" × 10{str(int(exponent)).translate(_SUPERSCRIPT)}" if exponent else ""
    return (mantissa.removesuffix(".0") + power).replace("-", "−")


def plural(count: int, one: str, many: str, number: bool = True) -> str:
    """``count`` with the noun in the number it takes ("1 entry", "3 entries"), or only the
    noun when ``number`` is False.

    Examples
    --------
    >>> plural(1, "entry", "entries"), plural(1200, "entry", "entries")
    ('1 entry', '1,200 entries')
    >>> plural(0, "slice", "slices", number=False)
    'slices'
    """
    word = one if count == 1 else many
    return f"{count:,} {word}" if number else word


def lines(*parts: str) -> str:
    r"""Formulas stacked and centred, one per line, so none is wider than its widest part.

    Examples
    --------
    >>> lines("a = 1", "b = 2")
    '\\begin{gathered} a = 1 \\\\ b = 2 \\end{gathered}'
    """
    return r"\begin{gathered} " + r" \\ ".join(parts) + r" \end{gathered}"


def chain(lhs: str, *rhs: str) -> str:
    r"""An equation chain ``lhs = r1 = r2 …`` written one ``= rᵢ`` per line, aligned at ``=``.

    A part that starts with ``\quad`` (such as ``\quad + x``) continues the sum on the line
    before it: it is written indented under the right-hand side, without a new ``=``.

    Examples
    --------
    >>> chain("x", "1 + 1", "2")
    '\\begin{aligned} x &= 1 + 1 \\\\ &= 2 \\end{aligned}'
    >>> chain("x", "1", r"\quad + 1", "-2 + 4")
    '\\begin{aligned} x &= 1 \\\\ &\\quad + 1 \\\\ &= -2 + 4 \\end{aligned}'
    """
    body = f"{lhs} &= {rhs[0]}"
    for part in rhs[1:]:
        body += rf" \\ &{part}" if part.startswith(r"\quad") else rf" \\ &= {part}"
    return r"\begin{aligned} " + body + r" \end{aligned}"


def product(lead: str, factors: list[str], per_line: int = 2) -> str:
    r"""A product of matrices written at most ``per_line`` factors to a line after ``lead``
    (e.g. ``"="``), fewer when the line would not fit the desk (:data:`DESK_EM`, less a
    tenth for the width estimate), each further line continued with ``\cdot``, aligned under
    the first factor.

    Examples
    --------
    >>> product("=", ["A", "B", "C"])
    '\\begin{aligned} = {} & A B \\\\ & \\cdot C \\end{aligned}'
    """
    line = 0.9 * DESK_EM - width(lead) - width(r"{} \cdot")
    groups: list[str] = []
    count, used = per_line, 0.0
    for factor in factors:
        w = width(factor)
        if count == per_line or used + w > line:
            groups.append(factor)
            count, used = 1, w
        else:
            groups[-1] += " " + factor
            count, used = count + 1, used + w
    rest = "".join(rf" \\ & \cdot {g}" for g in groups[1:])
    return rf"\begin{{aligned}} {lead} {{}} & {groups[0]}{rest} \end{{aligned}}"


def _kept(count: int, limit: int) -> list[int | None]:
    """Indices to show, with None where the middle is elided."""
    if count <= limit:
        return list(range(count))
    head = limit // 2
    tail = limit - head - 1
    return [*range(head), None, *range(count - tail, count)]


def bmatrix(M: ArrayLike, digits: int = 4, limit: int = MAX_SHOWN, fit: float = MATRIX_EM,
            keep_small: bool = False) -> str:
    r"""A matrix as ``\begin{bmatrix}…\end{bmatrix}``, eliding the middle when large.

    At most ``limit`` rows and columns are written, the middle elided with ``\vdots`` and
    ``\cdots``; an elided matrix shows fewer columns (at least the first and the last)
    while it is wider than ``fit`` em (:func:`width`): 64 columns of small integers keep
    six, of numbers like −1.234 × 10⁻⁸ four.

    Parameters
    ----------
    M : (r, c) array_like
    digits : int
        Significant digits of non-integers.
    limit : int
        Most rows (and columns) written out.
    fit : float
        Most em an elided matrix may take (:data:`MATRIX_EM`: a desk line less room beside).
    keep_small : bool
        Write a matrix of at most ``limit`` columns whole whatever its width, for an
        exercise that needs every number; by default it is elided too when wider than
        ``fit`` (the numbers are shown in full elsewhere: the sidebar, a table).

    Examples
    --------
    >>> bmatrix([[1, 2], [3, 4.5]])
    '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4.5 \\end{bmatrix}'
    >>> r"\vdots" in bmatrix(np.zeros((10, 2)))
    True
    >>> [bmatrix(np.full((1, 64), x)).count("&") for x in (1.0, -1.234e-8)]
    [5, 3]
    >>> [bmatrix(np.full((1, 6), -1.5e-7), fit=20, keep_small=k).count("&") for k in (1, 0)]
    [5, 2]
    """
    A = np.atleast_2d(np.asarray(M, dtype=float))
    if keep_small and A.shape[1] <= limit:
        return _bmatrix(A, _kept(A.shape[0], limit), list(range(A.shape[1])), digits)
    return fitted("@", A, budget=fit, digits=digits, limit=limit)


def _bmatrix(A: NDArray, rows: list[int | None], cols: list[int | None], digits: int) -> str:
    """The rows and columns of A kept (None: the elided middle) as a bmatrix."""
    lines = []
    for i in rows:
        cells = []
        for j in cols:
            if i is None:
                cells.append(r"\ddots" if j is None else r"\vdots")
            else:
                cells.append(r"\cdots" if j is None else number(A[i, j], digits))
        lines.append(" & ".join(cells))
    return r"\begin{bmatrix} " + r" \\ ".join(lines) + r" \end{bmatrix}"


def equation(lhs: str, M: ArrayLike, budget: float = DESK_EM, digits: int = 4,
             limit: int = MAX_SHOWN) -> str:
    r"""``lhs = M``, M's columns elided until the whole is at most ``budget`` em wide
    (:data:`~hadviz.desk.DESK_EM`: a desk line), even when M is small enough to write whole:
    for a display whose numbers are also shown, or checked, in full elsewhere.

    Examples
    --------
    >>> equation("G", [[1, 2]])
    'G = \\begin{bmatrix} 1 & 2 \\end{bmatrix}'
    >>> equation("G", np.full((2, 6), -1.5e-7), budget=20).count("&")
    4
    """
    return fitted(f"{lhs} = @", M, budget=budget, digits=digits, limit=limit)


def fitted(template: str, *matrices: ArrayLike, budget: float = DESK_EM, digits: int = 4,
           limit: int = MAX_SHOWN, axes: str = "") -> str:
    r"""``template`` with each ``@`` replaced by the next matrix as a ``bmatrix``, the widest
    giving up a column at a time (its middle elided) until the whole is at most ``budget`` em
    wide or each is down to its first and last column. ``axes`` names each matrix's row and
    column axis ("mp pp" for A Diag(α)): axes of one name keep the same indices, so a product
    can still be multiplied as shown.

    Examples
    --------
    >>> fitted(r"@\,@", np.eye(2), [[5], [6]])
    '\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}\\,\\begin{bmatrix} 5 \\\\ 6 \\end{bmatrix}'
    >>> M = np.full((2, 8), -1.5e-7)
    >>> [fitted("@ @", M, np.eye(8), budget=b, axes="mp pp").count("&") for b in (99, 20)]
    [40, 10]
    """
    arrays = [np.atleast_2d(np.asarray(M, dtype=float)) for M in matrices]
    names = axes.split() or [f"{2 * i}{2 * i + 1}" for i in range(len(arrays))]
    size = {name[k]: A.shape[k] for A, name in zip(arrays, names, strict=True) for k in (0, 1)}
    shown = {axis: min(limit, count) for axis, count in size.items()}
    pieces = template.split("@")
    while True:
        parts = [_bmatrix(A, _kept(A.shape[0], shown[n[0]]), _kept(A.shape[1], shown[n[1]]),
                          digits) for A, n in zip(arrays, names, strict=True)]
        latex = pieces[0] + "".join(p + rest for p, rest in zip(parts, pieces[1:], strict=True))
        across = {c: sum(width(p) for p, n in zip(parts, names, strict=True) if n[1] == c)
                  for c in (name[1] for name in names) if shown[c] > 3}
        if width(latex) <= budget or not across:
            return latex
        shown[max(across, key=across.__getitem__)] -= 1


def column(v: Sequence[float] | ArrayLike, digits: int = 4, limit: int = MAX_SHOWN) -> str:
    """A vector as a column ``bmatrix``."""
    return bmatrix(np.asarray(v, dtype=float).reshape(-1, 1), digits, limit)


def array(x: ArrayLike, digits: int = 4, limit: int = MAX_SHOWN) -> str:
    """A vector as a column, a matrix as itself: a parameter (a or A) or a value of the
    output's shape (f ∈ ℝⁿ or F ∈ ℝ^{p×n}).

    Examples
    --------
    >>> array([1.0, 2.0]) == column([1.0, 2.0]), array([[1.0, 2.0]]) == bmatrix([[1.0, 2.0]])
    (True, True)
    """
    x = np.asarray(x, dtype=float)
    return bmatrix(x, digits, limit) if x.ndim == 2 else column(x, digits, limit)


def row(v: Sequence[float] | ArrayLike, digits: int = 4, limit: int = MAX_SHOWN) -> str:
    """A vector as a row ``bmatrix``."""
    return bmatrix(np.asarray(v, dtype=float).reshape(1, -1), digits, limit)


_SUBSCRIPTS = str.maketrans("0123456789ijkr", "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖᵣ")


def plain(text: str) -> str:
    """A model's figure text in running text: ``C<sub>k</sub>`` becomes ``Cₖ``, and an index
    with no Unicode subscript (``V<sub>:,k</sub>``) becomes an index in brackets.

    >>> plain("C<sub>k</sub> = A·Diag(V<sub>:,k</sub>)")
    'Cₖ = A·Diag(V[:, k])'
    """
    out, rest = "", text
    while "<sub>" in rest:
        head, _, tail = rest.partition("<sub>")
        index, _, rest = tail.partition("</sub>")
        simple = all(c in "0123456789ijkr" for c in index)
        out += head + (index.translate(_SUBSCRIPTS) if simple else
                       "[" + index.replace(",", ", ") + "]")
    return out + rest
