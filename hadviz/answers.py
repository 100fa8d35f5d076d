r"""Every answer hadviz can recognise: what was computed (a formula) times how it is laid out.

A learner's derivative is one of a few **formulas** for the model's compact Jacobian C (the
right one, or a classic mistake: a model's own wrong formulas such as 2abᵀW or a dropped
product-rule term, and the mistakes every model shares: a sign, C read transposed in its own
shape, column 1's block used for every column), written in one of many **layouts**:

- the dense Jacobian in every index order: J[(r,) k, i, j] (output first, as ``jax.jacrev``),
  the input-first D[i, j, (r,) k] of SymPy's ``derive_by_array``, and every other order;
- the vec-Jacobians against vec(W) stacked column by column (column-major, MATLAB) or row by
  row (row-major, numpy's ``reshape``), and their transposes (the denominator layout); a model
  with an output matrix also vectorises F, in either order;
- the compact form C itself and its index orders (G and Gᵀ for an output vector);
- the gradient ∇_W⟨g, F⟩ = Σ_(r) C[:, (r,) :] ∘ g (G·Diag(g) for the question) and its transpose,
  for the fixed upstream gradient :func:`upstream`; for an output matrix also the gradient with
  g left out (all ones), which a learner gives when they forget g.

Every layout is index bookkeeping on C (plus g for the gradient), so one formula's numbers in
any layout, and the rounding scale that goes with them, come from one compact array.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hadviz.broken import transposed
from hadviz.checks import magnitudes
from hadviz.jacobian_layouts import expand_compact
from hadviz.problem import Problem

__all__ = ["GRADIENT_WITHOUT_G", "Formula", "Layout", "LayoutKind", "formulas", "layouts",
           "shape_text", "upstream"]

#: The key of the layout of a gradient taken with g left out (all ones): a mistake's layout.
GRADIENT_WITHOUT_G = "grad-ones"
#: What a layout carries: the whole derivative, its compact form, or a gradient against g.
LayoutKind = Literal["jacobian", "vec", "compact", "gradient"]


@dataclass(frozen=True)
class Formula:
    """What was computed: a formula for the model's compact Jacobian, right or wrong.

    Attributes
    ----------
    key : str
        Short name ("right", "sign", "two_ab", …).
    name : str
        The formula, or the mistake in a phrase that names its formula, in plain text
        ("G = (abᵀ + baᵀ)W", "drop the abᵀ term: G = baᵀW").
    right : bool
        The right derivative.
    page : str
        The url path of the page that explains it.
    compact : callable
        ``compact(problem)``: the formula's compact array, the model's compact shape.
    scale : callable
        ``scale(problem)``: a bound of the rounding error's scale, the compact shape.
    """

    key: str
    name: str
    right: bool
    page: str
    compact: Callable[[Problem], NDArray]
    scale: Callable[[Problem], NDArray]


@dataclass(frozen=True)
class Layout:
    """How the numbers are arranged: index bookkeeping from a compact array.

    Attributes
    ----------
    key : str
        Short name, unique per model ("J", "vec-col", "compact", "grad", "J[i,j,k]", …).
    name : str
        The layout in words, for a sentence ("J in row-major vec layout").
    indices : str
        Its index pattern, 1-based ("Jr[k, (i − 1)·n + j]").
    kind : {"jacobian", "vec", "compact", "gradient"}
    arrange : callable
        ``arrange(C, problem)``: the array in this layout.
    dims : str
        Its shape in letters ("n × mn").
    mixed : bool
        Output and input vectorised in different orders (consistent, but usually a mix-up).
    """

    key: str
    name: str
    indices: str
    kind: LayoutKind
    arrange: Callable[[NDArray, Problem], NDArray]
    dims: str = ""
    mixed: bool = False


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as people write it.

    Examples
    --------
    >>> shape_text((3, 2, 3)), shape_text((4,)), shape_text(())
    ('3 × 2 × 3', '4 (one axis)', '1 × 1 (a number)')
    """
    if not shape:
        return "1 × 1 (a number)"
    if len(shape) == 1:
        return f"{shape[0]} (one axis)"
    return " × ".join(str(s) for s in shape)


def upstream(problem: Problem) -> NDArray:
    """The upstream gradient g the page fixes: 2, 3, 4, … down F's columns (never all ones).

    Distinct entries other than 1 make G·Diag(g) differ from G wherever G has a non-zero
    column, so a forgotten Diag(g) shows.

    Returns
    -------
    g : ndarray, the output's shape ((n,) or (p, n))

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> upstream(random_problem(2, 3, 0)).tolist()
    [2.0, 3.0, 4.0]
    >>> upstream(random_problem(2, 2, 0, fn="matrix", p=2)).tolist()
    [[2.0, 4.0], [3.0, 5.0]]
    """
    shape = problem.model.output_shape(problem.n, problem.p)
    return np.arange(2.0, 2.0 + np.prod(shape)).reshape(shape, order="F")


def _gradient(C: NDArray, g: NDArray) -> NDArray:
    """∇_W⟨g, F⟩ = Σ_(r) C[:, (r,) k]·g[(r,) k]: (m, n)."""
    return np.einsum("irk,rk->ik", C, g) if C.ndim == 3 else C * g


def _quadratic_scale(compact: Callable[..., NDArray]) -> Callable[[Problem], NDArray]:
    """The formula on |W| and |parameters|: its sum of absolute values, for a polynomial."""
    def scale(p: Problem) -> NDArray:
        right = magnitudes(p).G
        if not p.model.quadratic:
            return np.maximum(right, np.abs(compact(p)))
        return np.maximum(right, np.abs(compact(p.replace(np.abs(p.W), **{
            k: np.abs(v) for k, v in p.params.items()}))))
    return scale


def formulas(problem: Problem) -> tuple[Formula, ...]:
    """The right formula and every mistake hadviz knows for ``problem``'s model, right first."""
    model = problem.model
    C, F = model.compact_symbol, model.output_letter
    name = _unhtml(model.compact_text)

    def right(p: Problem) -> NDArray:
        return p.model.compact(p.W, *p.arrays)

    def right_scale(p: Problem) -> NDArray:
        return np.maximum(magnitudes(p).G, np.abs(right(p)))

    out = [Formula("right", name, True, "jacobian", right, right_scale)]
    for key, wrong in model.mistakes().items():
        def compact(p: Problem, w=wrong) -> NDArray:
            return np.asarray(w.compact(p.W, *p.arrays), dtype=float)
        out.append(Formula(key, wrong.label, False, "mistakes", compact,
                           _quadratic_scale(compact)))
    block = "block C₁" if model.rows else f"column 1 of {C}"
    out += [
        Formula("sign", f"the opposite sign: −{C}", False, "derivation",
                lambda p: -right(p), right_scale),
        Formula("transpose", f"{C}ᵀ read in W's shape (a row/column-major mix-up)", False,
                "layouts", lambda p: transposed(right(p)), lambda p: transposed(right_scale(p))),
        Formula("one_block", f"{block} used for every column (∂{F}ₖ/∂wₖ evaluated once, at "
                "w₁)", False, "mistakes",
                lambda p: np.repeat(right(p)[..., :1], p.n, axis=-1),
                lambda p: np.repeat(right_scale(p)[..., :1], p.n, axis=-1)),
    ]
    return tuple(out)


def _unhtml(text: str) -> str:
    """``C<sub>k</sub>`` as Cₖ and other subscripts in brackets, for plain sentences."""
    text = text.replace("<sub>k</sub>", "ₖ")
    return re.sub(r"<sub>(.*?)</sub>", r"[\1]", text)


def _order_name(letters: str, order: tuple[int, ...]) -> str:
    return ", ".join(letters[o] for o in order)


#: The size each index letter runs over.
_SIZES = {"k": "n", "j": "n", "i": "m", "r": "p"}


def _dims(letters: str, order: tuple[int, ...] | None = None) -> str:
    order = tuple(range(len(letters))) if order is None else order
    return " × ".join(_SIZES[letters[o]] for o in order)


def layouts(problem: Problem) -> tuple[Layout, ...]:
    """Every layout of ``problem``'s derivative hadviz knows, the common ones first."""
    model = problem.model
    rows = model.rows
    letters = "rkij" if rows else "kij"
    F, C = model.output_letter, model.compact_symbol
    first = tuple(range(len(letters)))
    input_first = tuple(letters.index(x) for x in "ij" + letters[:-2])
    out = [Layout("J", f"J output first, J[{_order_name(letters, first)}]",
                  f"[{_order_name(letters, first)}]", "jacobian",
                  lambda c, p: expand_compact(c), _dims(letters)),
           Layout("D", f"J input first, D[{_order_name(letters, input_first)}] (SymPy's order)",
                  f"[{_order_name(letters, input_first)}]", "jacobian",
                  partial(_dense, order=input_first), _dims(letters, input_first))]
    others = [Layout(f"J[{_order_name(letters, o)}]", f"J with axes [{_order_name(letters, o)}]",
                     f"[{_order_name(letters, o)}]", "jacobian",
                     partial(_dense, order=o), _dims(letters, o))
              for o in itertools.permutations(range(len(letters))) if o not in (first, input_first)]
    out += _vec_layouts(problem)
    if rows:
        for order in itertools.permutations(range(3)):
            idx = _order_name("irk", order)
            key = "compact" if order == (0, 1, 2) else f"C[{idx}]"
            name = (f"the compact form {C}[i, r, k]" if order == (0, 1, 2) else
                    "the n blocks Cₖ, stacked (Cₖ[i, r])" if idx == "k, i, r" else
                    f"the compact form with its axes in the order [{idx}]")
            out.append(Layout(key, name, f"{C}[{idx}]", "compact",
                              partial(_reordered, order=order), _dims("irk", order)))
    else:
        out += [Layout("compact", f"the compact form {C}", f"{C}[i, k]", "compact",
                       lambda c, p: c, "m × n"),
                Layout("compact-T", f"{C}ᵀ, the compact form transposed", f"{C}ᵀ[k, i]",
                       "compact", lambda c, p: c.T, "n × m")]
    grad = f"{C}·Diag(g)" if not rows else "Σᵣ C[:, r, :] ∘ g[r, :]"
    out += [Layout("grad", f"the gradient of ⟨g, {F}⟩ in W, {grad}", "∇[i, j]", "gradient",
                   lambda c, p: _gradient(c, upstream(p)), "m × n"),
            Layout("grad-T", f"the gradient of ⟨g, {F}⟩ in W, transposed", "∇ᵀ[j, i]", "gradient",
                   lambda c, p: _gradient(c, upstream(p)).T, "n × m")]
    if rows:  # for an output vector the g-less gradient is C itself, the compact layout
        out.append(Layout(GRADIENT_WITHOUT_G, f"the gradient of ⟨1, {F}⟩ in W, Σᵣ C[:, r, :] "
                          "(g left out)", "∇₁[i, j]", "gradient",
                          lambda c, p: c.sum(axis=1), "m × n"))
    return tuple(out + others)


def _dense(C: NDArray, problem: Problem, order: tuple[int, ...]) -> NDArray:
    """The dense Jacobian with its axes in ``order``."""
    return expand_compact(C).transpose(order)


def _reordered(C: NDArray, problem: Problem, order: tuple[int, ...]) -> NDArray:
    """The compact array with its axes in ``order``."""
    return C.transpose(order)


def _vec(C: NDArray, problem: Problem, out_major: str, in_major: str,
         transpose: bool = False) -> NDArray:
    """The (p·n, m·n) vec-Jacobian with F and W vectorised in the given orders ("F" or "C"),
    or its transpose."""
    J = expand_compact(C)  # (…out, m, n)
    m, n = J.shape[-2:]
    rows = int(np.prod(J.shape[:-2]))
    out_axes = list(range(J.ndim - 2))
    in_axes = [J.ndim - 2, J.ndim - 1]
    # column-major = the first index varies fastest = reversed axis order under C-order reshape
    order = (out_axes[::-1] if out_major == "F" else out_axes) + (
        in_axes[::-1] if in_major == "F" else in_axes)
    vec = J.transpose(order).reshape(rows, m * n)
    return vec.T if transpose else vec


def _vec_layouts(problem: Problem) -> list[Layout]:
    rows = problem.model.rows
    pairs = [("F", "F"), ("C", "C")] + ([("F", "C"), ("C", "F")] if rows else [])
    words = {"F": "column-major", "C": "row-major"}
    col_index = {"F": "i + (j − 1)·m", "C": "(i − 1)·n + j"}
    out_index = ({"F": "r + (k − 1)·p", "C": "(r − 1)·n + k"} if rows else {"F": "k", "C": "k"})
    out: list[Layout] = []
    for o, i in pairs:
        if rows and o != i:
            what = f"{words[o]} vec(F), {words[i]} vec(W)"
        else:
            what = f"{words[i]} vec(F) and vec(W)" if rows else f"{words[i]} vec(W)"
        tag = f"{o}{i}" if rows else i
        height = "pn" if rows else "n"
        out.append(Layout(f"vec-{tag}", f"the vec-Jacobian, {what}", f"[{out_index[o]}, "
                          f"{col_index[i]}]", "vec", partial(_vec, out_major=o, in_major=i),
                          f"{height} × mn", mixed=o != i))
        out.append(Layout(f"den-{tag}", f"the denominator layout (the vec-Jacobian transposed), "
                          f"{what}", f"[{col_index[i]}, {out_index[o]}]", "vec",
                          partial(_vec, out_major=o, in_major=i, transpose=True),
                          f"mn × {height}",
                          mixed=o != i))
    return out
