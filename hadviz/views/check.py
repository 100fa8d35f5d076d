"""What the "Check my answer" page (/check) shows: the learner's answer read, named, and drawn.

The answer is numbers (:func:`hadviz.pasted.parse_array`: rows of numbers, a nested list,
``np.array(…)``, NumPy's print layout) or a formula over the problem's symbols
(:func:`hadviz.formula.evaluate_formula`); either way nothing typed is run as code. The
verdict comes from :func:`hadviz.verdict.judge`; the figures put the answer next to the right
one in the same layout, the entries that differ outlined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.answers import formulas, layouts, shape_text, upstream
from hadviz.checks import SAFETY, gamma
from hadviz.figures.heatmaps import heatmap, largest_abs
from hadviz.figures.marks import outline
from hadviz.formula import FormulaError, evaluate_formula
from hadviz.identify import Intent, pair_text, two_d
from hadviz.latex import array
from hadviz.pasted import PasteError, parse_array
from hadviz.problem import Problem
from hadviz.verdict import Verdict, judge

__all__ = ["MAX_DRAWN", "AnswerKind", "CheckView", "check_view", "examples", "problem_code",
           "symbols"]

#: How the answer is given.
AnswerKind = Literal["numbers", "formula"]
#: Most entries drawn as heatmaps (above this the differing entries are listed only).
MAX_DRAWN = 4096
#: Most differing entries listed in words.
MAX_LISTED = 10
#: Most numbers in an example answer offered to try.
MAX_EXAMPLE = 2000


@dataclass(frozen=True)
class CheckView:
    """The page's content for one answer.

    Attributes
    ----------
    error : str
        Why the answer could not be read ("" when it was).
    read_as : str
        What was read: the form and shape ("a nested list, 3 × 2 × 3"), or "" for a formula.
    read_latex : str
        The formula as read, in LaTeX ("" for numbers).
    verdict : Verdict or None
    differences : tuple of str
        Up to ``MAX_LISTED`` entries where the answer differs from the right one in its layout.
    yours, right : plotly figures or None
        The answer and the right answer in the same layout, as heatmaps (differing entries
        outlined); ``right`` is None when every entry agrees, both are None when nothing is
        drawn (no layout, or more than ``MAX_DRAWN`` entries).
    drawn : str
        How an array of three or four axes is drawn as a matrix, or why nothing is drawn.
    """

    error: str = ""
    read_as: str = ""
    read_latex: str = ""
    verdict: Verdict | None = None
    differences: tuple[str, ...] = ()
    yours: go.Figure | None = None
    right: go.Figure | None = None
    drawn: str = ""


def symbols(problem: Problem) -> dict[str, NDArray]:
    """The names a formula may use: W, the model's parameters, and the page's g."""
    return {"W": problem.W, **problem.params, "g": upstream(problem)}


def _read(problem: Problem, text: str, kind: AnswerKind
          ) -> tuple[NDArray, NDArray, str, str]:
    """The answer's numbers, each one's own allowance, and what was read (words, LaTeX)."""
    if kind == "formula":
        ev = evaluate_formula(text, symbols(problem))
        return ev.value, SAFETY * gamma(ev.operations) * ev.scale, "", ev.latex
    pasted = parse_array(text)
    note = f" ({pasted.note})" if pasted.note else ""
    return (pasted.value, pasted.precision,
            f"{pasted.form}, {shape_text(pasted.value.shape)}{note}", "")


def _entry(index: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(int(i) + 1) for i in index) + ")"


def _differences(x: NDArray, verdict: Verdict) -> tuple[NDArray | None, tuple[str, ...]]:
    ref = verdict.reference
    if ref is None:
        return None, ()
    y = x.reshape(ref.value.shape)
    differ = np.abs(y - ref.value) > ref.tolerance
    pairs = [(tuple(i), pair_text(float(y[tuple(i)]), float(ref.value[tuple(i)])))
             for i in np.argwhere(differ)[:MAX_LISTED]]
    lines = tuple(f"entry {_entry(i)}: yours {yours}, right {right}"
                  for i, (yours, right) in pairs)
    more = int(np.count_nonzero(differ)) - len(lines)
    if more > 0:
        lines += (f"… and {more:,} more",)
    return differ, lines


def _figures(x: NDArray, verdict: Verdict, differ: NDArray | None
             ) -> tuple[go.Figure | None, go.Figure | None, str]:
    ref = verdict.reference
    if ref is None:
        return None, None, ""
    if ref.value.size > MAX_DRAWN:
        rest = ("the entries that differ are listed instead" if differ is not None and
                differ.any() else "every entry agrees with the right one")
        return None, None, f"{ref.value.size:,} entries are too many to draw legibly; {rest}."
    Y, R = two_d(x.reshape(ref.value.shape)), two_d(ref.value)
    zmax = largest_abs(Y, R)
    dims = ref.value.shape
    drawn = ("" if len(dims) <= 2 else f"Drawn as a matrix: the first {len(dims) - len(dims) // 2}"
             f" axes ({' × '.join(map(str, dims[:len(dims) - len(dims) // 2]))}) down the rows, "
             "the others across, each in NumPy's order.")
    hover = "row %{y}, column %{x}: %{z:.6g}"
    if differ is None or not differ.any():
        return heatmap(Y, f"Your answer ({ref.layout.name}): every entry agrees with the right "
                       "one", hover, x_title="column", y_title="row", zmax=zmax), None, drawn
    yours = heatmap(Y, "Your answer (entries that differ from the right one outlined)", hover,
                    x_title="column", y_title="row", zmax=zmax)
    for r, c in np.argwhere(two_d(differ))[:200]:
        outline(yours, c + 0.5, c + 1.5, r + 0.5, r + 1.5)
    right = heatmap(R, f"The right answer, same layout ({ref.layout.name})", hover,
                    x_title="column", y_title="row", zmax=zmax)
    return yours, right, drawn


def check_view(problem: Problem, text: str, kind: AnswerKind = "numbers",
               intent: Intent = "any") -> CheckView:
    """Read ``text`` as an answer for ``problem`` and name it.

    Never raises on what a learner types: a text that cannot be read gives a view whose
    ``error`` says why.
    """
    if not text.strip():
        return CheckView()
    try:
        x, precision, read_as, read_latex = _read(problem, text, kind)
    except (PasteError, FormulaError) as exc:
        return CheckView(error=str(exc))
    verdict = judge(problem, x, precision, intent, typed=kind == "numbers")
    differ, lines = _differences(x, verdict)
    yours, right, drawn = _figures(x, verdict, differ)
    return CheckView("", read_as, read_latex, verdict, lines, yours, right, drawn)


def problem_code(problem: Problem) -> str:
    """The problem's arrays as NumPy code, every number to full precision.

    Examples
    --------
    >>> from hadviz.problem import Problem
    >>> print(problem_code(Problem([[1.0, 0.5]], [2.0], [-1.0])))
    import numpy as np
    W = np.array([[1.0, 0.5]])
    a = np.array([2.0])
    b = np.array([-1.0])
    g = np.array([2.0, 3.0])
    """
    lines = ["import numpy as np"]
    for name, x in symbols(problem).items():
        rows = np.asarray(x).tolist()
        if np.ndim(x) == 2 and len(rows) > 1:  # one row per line: no 100,000-pixel line
            body = ",\n".join(f"    {row!r}" for row in rows)
            lines.append(f"{name} = np.array([\n{body},\n])")
        else:
            lines.append(f"{name} = np.array({rows!r})")
    return "\n".join(lines)


def problem_latex(problem: Problem) -> str:
    """W on one line, the parameters and g on the next, in LaTeX (elided when large)."""
    *arrays, g = (f"{name} = {array(x)}" for name, x in symbols(problem).items())
    # matrices A, B each on a line of their own: side by side they overflow a phone
    params = arrays[1:] if problem.model.rows else [r",\quad ".join(arrays[1:])]
    body = r" \\ ".join([arrays[0], *params, g])
    return rf"\begin{{gathered}}{body}\end{{gathered}}"


def examples(problem: Problem) -> tuple[tuple[str, str], ...]:
    """Answers to try, as text: the right J and vec-Jacobian, and two mistakes.

    Only answers of at most ``MAX_EXAMPLE`` numbers are offered.
    """
    fs = {f.key: f for f in formulas(problem)}
    ls = {layout.key: layout for layout in layouts(problem)}
    vec = "vec-CC" if problem.model.rows else "vec-C"
    own = next(f for f in fs.values() if not f.right)
    picks = [("right", "J"), ("right", vec), (own.key, "J"), ("transpose", "compact")]
    out = []
    for fk, lk in picks:
        value = ls[lk].arrange(fs[fk].compact(problem), problem)
        if value.size <= MAX_EXAMPLE:
            what = "the right answer" if fs[fk].right else fs[fk].name
            out.append((f"{what}, as {ls[lk].name}", repr(value.tolist())))
    return tuple(out)
