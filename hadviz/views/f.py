r"""What the landing page (/) shows for the chosen model: the question, the answer, F and its parts.

The question is the one that was asked, about f(W) = (aᵀW) ∘ (bᵀW); the answer's three lines,
the definition, where the value lives and the parts with numbers are the chosen model's own
(:meth:`hadviz.models.Model.parts` and its LaTeX attributes), so another model never shows
the question's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.desk import DESK_EM, HALF_EM, width
from hadviz.facts import facts, why_G_zero
from hadviz.figures.overview_family import overview_figure
from hadviz.latex import column, equation, lines, plural
from hadviz.models import Model
from hadviz.models.base import Part
from hadviz.problem import Problem

__all__ = ["QUESTION", "FView", "Grid", "answer_lines", "f_view", "sizes_note"]

#: The question as it was asked (the notation as in the original post).
QUESTION = (
    "I am stuck at computing the derivative of the following Hadamard product: "
    "$\\frac{\\partial}{\\partial W}\\,(\\vec a * W) \\circ (\\vec b * W)$. "
    "W is a randomly initialized matrix. […] **Do I just have to use the product rule here?**"
)


@dataclass(frozen=True)
class Grid:
    """A table of numbers for the page to show (the page makes the data frame).

    Attributes
    ----------
    key, title : str
        The widget key and the heading.
    columns : tuple of str
    index_name : str
    index : tuple of int
        Row labels, counted from 1.
    values : (len(index), len(columns)) ndarray
    """

    key: str
    title: str
    columns: tuple[str, ...]
    index_name: str
    index: tuple[int, ...]
    values: NDArray


@dataclass(frozen=True)
class FView:
    """The chosen model's function, its parts and the answer, for one problem.

    Attributes
    ----------
    title : str
        The page's title (plain text).
    relation : str
        Markdown: how the chosen model relates to the question ("" for the question's f).
    answer : tuple of str
        The answer's three lines (Markdown with LaTeX), numbered.
    formula : str
        LaTeX: the definition, where the value lives, the names the formulas use.
    where : str
        Markdown: the shapes at the problem's sizes, and the convention for F's layout.
    parts : tuple of Part
        The model's parts with their numbers, the output last.
    numbers : str
        LaTeX of the parts with the problem's numbers (elided when large).
    inputs : str
        LaTeX of W and the parameters.
    sizes : str
        How many numbers J and the compact form hold here, and how many are not 0.
    outputs, params : tuple of Grid
        The parts by column k (for a model with rows, one p × n table per part; the output's
        key is ``f_table``), and the parameters (``ab_table``, or ``param_A``, ``param_B``).
    figure : go.Figure
        W and its parameters, the parts aligned under W's columns.
    saturation : str
        Markdown: how many outputs are flat to machine precision at these numbers (saturated
        tanh), and what that does to the pictures; "" when none is.
    """

    title: str
    relation: str
    answer: tuple[str, str, str]
    formula: str
    where: str
    parts: tuple[Part, ...]
    numbers: str
    inputs: str
    sizes: str
    outputs: tuple[Grid, ...]
    params: tuple[Grid, ...]
    figure: go.Figure
    saturation: str = ""


def letter(model: Model) -> str:
    """The output's letter in the model's definition: "f" or "F"."""
    return model.latex.split("(W)")[0].strip()


def answer_lines(model: Model, n: int | None = None) -> tuple[str, str, str]:
    """The answer in three lines for ``model``: its rule, its Jacobian, its VJP (Markdown).

    Examples
    --------
    >>> from hadviz.models import MATRIX
    >>> "p × n × m × n" in answer_lines(MATRIX)[1]
    True
    """
    F = letter(model)
    if model.rows:
        shape = ("**The derivative is a p × n × m × n array** "
                 f"$J[r,k,i,j] = \\partial {F}_{{r,k}}/\\partial W_{{i,j}}$: "
                 f"${model.entry_latex}$. Column k of {F} reads only column k of W, so each "
                 "slice J[r, k] is an m × n matrix with one column (column k) that can be "
                 "non-zero (the numbers decide whether it is), and the n blocks "
                 f"${model.compact_latex}$ hold every such column: "
                 "$J[r,k,i,j] = \\delta_{jk}\\,(C_k)_{i,r}$.")
        upstream = "$\\Gamma \\in \\mathbb{R}^{p \\times n}$"
    else:
        shape = ("**The derivative is an n × m × n array** "
                 f"$J[k,i,j] = \\partial {F}_k/\\partial W_{{i,j}}$: ${model.entry_latex}$, "
                 f"carried entirely by the m × n matrix ${model.compact_latex}$: "
                 f"$J[k,i,j] = \\delta_{{jk}}\\, {model.compact_symbol}_{{i,k}}$. Component "
                 f"${F}_k$ reads only column k of W, so of the n² column blocks "
                 f"$\\partial {F}_k/\\partial W_{{:,j}}$ only the n with $j = k$ can be non-zero "
                 "(the numbers decide whether they are); every other block is 0.")
        upstream = "$g \\in \\mathbb{R}^n$"
    return (
        f"1. {model.answer_rule}",
        f"2. {shape}",
        f"3. **The gradient backpropagation needs** is ${model.vjp_latex}$, in W's shape, "
        f"where {upstream} is the upstream gradient (the loss's gradient with respect to "
        f"{F}) that backpropagation brings to {F}. The pages below take each line further "
        "with your numbers, in order.",
    )


def _where(problem: Problem) -> str:
    m, n, p, F = problem.m, problem.n, problem.p, letter(problem.model)
    if problem.model.rows:
        return (f"W is {m} × {n}, A and B are {m} × {p}, so U = AᵀW, V = BᵀW and F are "
                f"{p} × {n}: $F_{{r,k}} = (A_{{:,r}}\\cdot w_k)(B_{{:,r}}\\cdot w_k)$ reads "
                "column k of W and column r of A and B only. The ∘ is the element-wise "
                "(Hadamard) product. F is a matrix: row r is indexed by the columns of A and "
                "B, column k by the columns of W.")
    return (f"W is {m} × {n}, a and b have length {m}, so {F} has length {n}: each column "
            "$w_k$ of W gives two numbers $u_k = a\\cdot w_k$ and $v_k = b\\cdot w_k$, and "
            f"${F}_k$ is made from these two alone (the table shows each step). The ∘ is the "
            "element-wise (Hadamard) product. The question writes f as a row "
            f"$(a^TW)\\circ(b^TW)$; hadviz treats {F} as a column vector in "
            f"$\\mathbb{{R}}^n$ with the same numbers, and labels a row ${F}^T$.")


def _numbers(parts: tuple[Part, ...]) -> str:
    """The parts, one line each, each within the desk (the tables show every number)."""
    row = DESK_EM - width("{}^T")  # a row, transposed
    return lines(*(equation(part.latex, part.value.reshape(1, -1), row) + "^T"
                   if part.value.ndim == 1 else equation(part.latex, part.value)
                   for part in parts))


def _grids(problem: Problem, parts: tuple[Part, ...]) -> tuple[tuple[Grid, ...],
                                                                 tuple[Grid, ...]]:
    m, n, F = problem.m, problem.n, letter(problem.model)
    ks = tuple(range(1, n + 1))
    if not problem.model.rows:
        out = Grid("f_table", f"{F}, column by column", tuple(p.entry for p in parts), "k", ks,
                   np.stack([p.value for p in parts], axis=1))
        ab = Grid("ab_table", "The inputs", problem.model.param_names, "i",
                  tuple(range(1, m + 1)), np.stack(problem.arrays, axis=1))
        return (out,), (ab,)
    heads = tuple(f"k = {k}" for k in ks)
    rs = tuple(range(1, problem.p + 1))
    outs = tuple(Grid("f_table" if part is parts[-1] else f"part_{part.name}",
                      f"{part.text} ({problem.p} × {n})", heads, "r", rs, part.value)
                 for part in parts)
    params = tuple(Grid(f"param_{name}", f"{name} ({m} × {problem.p})",
                        tuple(f"r = {r}" for r in rs), "i", tuple(range(1, m + 1)), x)
                   for name, x in problem.params.items())
    return outs, params


def _inputs(problem: Problem) -> str:
    """W and the parameters within half the desk (the page sets them beside the tables,
    which show every number): the parameters on one line when they fit, else one each."""
    shown = [rf"{name} = {column(x)}" if x.ndim == 1 else equation(name, x, HALF_EM)
             for name, x in problem.params.items()]
    together = r", \quad ".join(shown)
    params = [together] if width(together) <= HALF_EM else shown
    return lines(equation("W", problem.W, HALF_EM), *params)


def f_view(problem: Problem) -> FView:
    """Build the landing page's view of ``problem`` (its figure in no theme: the page colours
    it)."""
    model = problem.model
    parts = model.parts(problem.W, *problem.arrays)
    relation = (f"You chose **{model.title_text}**: {model.question_relation}"
                if model.question_relation else "")
    outputs, params = _grids(problem, parts)
    output = ("column k of F" if model.rows else f"component k of {letter(model)}")
    figure = overview_figure(problem.W, list(problem.params.items()), parts,
                             f"{model.title_text}, column by column", output)
    return FView(f"The derivative of {model.title_text}", relation, answer_lines(model),
                 lines(model.latex, model.space, model.helpers_latex), _where(problem), parts,
                 _numbers(parts), _inputs(problem), sizes_note(problem), outputs, params, figure,
                 _saturation(problem))


def _saturation(problem: Problem) -> str:
    """The saturated outputs, said where a class first sees the numbers."""
    model = problem.model
    flat = model.saturated(problem.W, *problem.arrays)
    if not flat:
        return ""
    return (f"**{model.symbol} is saturated in {plural(flat, 'output', 'outputs')} of "
            f"{problem.n} at these numbers**: there its value rounds to the same float64 number "
            "at every nearby W, while its slope is tiny but not 0. Every number here is still "
            "right, but the Jacobian's pictures show those slopes as 0. For outputs that are "
            "not flat, choose the normal distribution or smaller numbers.")


def sizes_note(problem: Problem) -> str:
    """The sizes of J and of the compact form for ``problem``, and what its numbers make 0.

    Examples
    --------
    >>> note = sizes_note(Problem([[1.0, 2.0]], [0.0], [1.0]))
    >>> note[note.index("Here"):].startswith("Here G = 0, so the whole J = 0 (a = 0")
    True
    >>> sizes_note(Problem([[1.0, 2.0]], [[0.0, 1.0]], [[1.0, 1.0]], fn="matrix"))[:52]
    'With your 1 × 2 problem and p = 2: J has 2 · 2 · 1 ·'
    """
    model, m, n, p = problem.model, problem.m, problem.n, problem.p
    C = model.compact(problem.W, *problem.arrays)
    size, nonzeros = C.size, int(np.count_nonzero(C))
    if model.rows:
        sym = "C"
        head = (f"With your {m} × {n} problem and p = {p}: J has {p} · {n} · {m} · {n} = "
                f"{plural(p * n * m * n, 'entry', 'entries')}, and "
                + (f"the {n} blocks $C_k$ ({m} × {p} each) hold" if n > 1 else
                   f"the one block $C_1$ ({m} × {p}) holds")
                + f" {size:,}; "
                + ("the one slice J[1, 1] has" if p * n == 1 else
                   f"each of the {p * n:,} slices J[r, k] has")
                + " one column that can be non-zero (column k), and it is column r of $C_k$.")
    else:
        sym = model.compact_symbol
        blocks = (f"the one column block is {sym} itself" if n == 1 else
                  f"of its {n * n:,} column blocks only the {n} with j = k can be non-zero, "
                  f"and they are the columns of {sym}; every other block is 0")
        head = (f"With your {m} × {n} problem: J has {n} · {m} · {n} = "
                f"{plural(n * m * n, 'entry', 'entries')} and {sym} has {m * n:,}; {blocks}.")
    if problem.fn == "hadamard" and nonzeros == 0:  # the question's f says why
        here = f"Here G = 0, so the whole J = 0 ({why_G_zero(facts(problem))})."
    elif nonzeros == 0:
        here = f"Here every entry of {sym} computes to 0 in float64, so J does too."
    elif nonzeros == size:
        here = f"Here every entry of {sym} is non-zero." if size > 1 else f"Here {sym} is not 0."
    else:
        rest = size - nonzeros
        here = (f"Here {nonzeros:,} of the {size:,} entries of {sym} "
                f"{'is' if nonzeros == 1 else 'are'} non-zero; "
                f"{'the other is' if rest == 1 else f'the other {rest:,} are'} 0.")
    return f"{head} {here}"
