r"""What the layouts page (/layouts) shows: one derivative in the layouts people meet.

The same numbers ∂F_(r,)k/∂W_ij of the chosen model arranged as hadviz's J[(r,) k, i, j] (the
shape ``torch.func.jacrev`` and ``jax.jacrev`` give: (n, m, n), or (p, n, m, n) for an output
of shape (p, n)), the input-first arrays of SymPy's ``derive_by_array``, the vec-Jacobians
against column-major and row-major vec(W) (the output vectorised the same way), the model's
Kronecker form, the denominator (gradient) layout, and the compact form from an ``einsum``
one-liner where the model has one. Each is built from the compact form by index bookkeeping
alone (the Kronecker form from the parameters and W), then checked to be the same derivative
in the one way that does not depend on the layout: contracted with a random direction H in
its own index order, it must give the model's DF(W)[H] within a rounding-error bound.

It also counts what reverse mode's ``jacrev`` hands back at the problem's sizes
(:class:`JacrevCost`): (p·)n·m·n numbers, of which at most (p·)m·n can be non-zero, against
the (p·)m·n of the compact form that one ``vjp`` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from hadviz.calculus import expand_compact, vec_layout
from hadviz.checks import (
    Comparison,
    compare,
    contraction_tolerance,
    magnitudes,
    pair_tolerance,
    unit_direction,
)
from hadviz.jacrev import JacrevCost, bytes_text, jacrev_cost
from hadviz.kronecker import kronecker
from hadviz.problem import Problem
from hadviz.symbolic import diff_index, diff_shape

__all__ = ["EINSUM_G", "JacrevCost", "Layout", "LayoutsView", "bytes_text", "jacrev_cost",
           "jacrev_story", "layouts_view", "numerator_note", "sympy_note", "verdict"]

#: G = (abᵀ + baᵀ)W as one einsum call per term.
EINSUM_G = ('G = np.einsum("i,p,pk->ik", a, b, W) + np.einsum("i,p,pk->ik", b, a, W)')


@dataclass(frozen=True)
class Layout:
    """One arrangement of the derivative.

    Attributes
    ----------
    name, used_by, index : str
        What it is called, who uses it (Markdown, code names in backticks), and where
        ∂f_k/∂W_ij sits in it (indices from 1, as everywhere in the app: i = 1…m,
        j, k = 1…n).
    shape : tuple of int
        Its shape at the problem's sizes.
    contraction : str
        The numpy line that turns it and H into Df(W)[H].
    check : Comparison
        That contraction against Df(W)[H].
    verdict : str
        The check in words, with its ✓ or ✗: what was compared and how close.
    """

    name: str
    used_by: str
    index: str
    shape: tuple[int, ...]
    contraction: str
    check: Comparison
    verdict: str


@dataclass(frozen=True)
class LayoutsView:
    """Every layout, the einsum one-liner for the compact form and its check
    (``einsum_verdict`` in words; ``einsum`` is None, and the verdict says why, for a model
    without one), what SymPy returns at these sizes (``sympy_note``), numerator against
    denominator layout and row- against column-major vec at these sizes
    (``numerator_note``), what ``jacrev`` costs here (``jacrev``) and why it has that shape
    (``jacrev_story``), and whether a Kronecker card is among the layouts (else
    ``kronecker_missing`` says why not)."""

    layouts: tuple[Layout, ...]
    einsum: str | None
    einsum_check: Comparison | None
    einsum_verdict: str
    sympy_note: str
    numerator_note: str
    jacrev: JacrevCost
    jacrev_story: str
    has_kronecker: bool
    kronecker_missing: str


def sympy_note(m: int, n: int, problem: Problem | None = None) -> str:
    """What SymPy returns for the input-first card at m × n: for the question, what its
    ``.diff`` of the column spelling returns, asked of SymPy; for another model, the shape of
    ``derive_by_array`` of its explicit entries."""
    if problem is not None and problem.fn != "hadamard":
        F = problem.model.output_letter
        shape = (m, n, *problem.model.output_shape(n, problem.p))
        shape = shape if problem.model.rows else (*shape, 1)
        where = "D[i, j, r, k]" if problem.model.rows else "D[i, j, k, 1]"
        return (f"For {problem.model.symbol} the input-first card is SymPy's "
                f"`derive_by_array` of the explicit entries of {F} (as a "
                f"{'p × n matrix' if problem.model.rows else 'column'}) by W: "
                f"{' × '.join(map(str, shape))} here, with the entry at {where}.")
    shape = diff_shape(m, n)
    text = " × ".join(map(str, shape))
    if len(shape) == 4:
        return (f"SymPy's `HadamardProduct(W.T*a, W.T*b).diff(W)` returns the input-first "
                f"array itself here: {text}, with ∂fₖ/∂Wᵢⱼ at {diff_index(m, n)}.")
    return (f"At m = {m}, n = {n} SymPy's `HadamardProduct(W.T*a, W.T*b).diff(W)` does not "
            f"return the {m} × {n} × {n} × 1 array: it returns a {text} matrix, with "
            f"∂fₖ/∂Wᵢⱼ at {diff_index(m, n)}. `derive_by_array` keeps all four axes.")


def numerator_note(m: int, n: int, p: int = 1, rows: bool = False,
                   derived: bool = True) -> str:
    """Numerator against denominator layout, and whether row- and column-major vec differ.

    Examples
    --------
    >>> "are one matrix" in numerator_note(1, 4), "are one matrix" in numerator_note(2, 3)
    (True, False)
    >>> "are one matrix" in numerator_note(1, 4, p=3, rows=True)
    False
    """
    size = "pn × mn" if rows else "n × mn"
    lead = ("**Numerator or denominator?** The numerator layout puts the output index first "
            f"(J is {size} against vec(W)), the denominator layout puts the input first (its "
            "transpose), as gradients are usually written. ")
    w_same, f_same = m == 1 or n == 1, not rows or p == 1 or n == 1
    if w_same and f_same:
        shape = f"W is {m} × {n}, a single {'row' if m == 1 else 'column'}"
        shape += f", and F is {p} × {n}" if rows else ""
        vec = (f"Row- and column-major vec order W's entries differently once m, n ≥ 2; here "
               f"{shape}, so both orders list the entries the same way and the two "
               "vec-Jacobians are one matrix. ")
    else:
        rule = ("in column (i − 1)·n + j against i + (j − 1)·m" if not rows else
                "in column (i − 1)·n + j against i + (j − 1)·m and in row (r − 1)·n + k "
                "against r + (k − 1)·p")
        vec = ("Row- and column-major vec order the entries differently, so the two "
               f"vec-Jacobians place each derivative by different rules, {rule}: "
               "contracting one with the other's vec(H) is a common mistake, which is why "
               "each card reads H in its own order. ")
    where = "; it is derived at the end of the Diag-trick page." if derived else "."
    return (lead + vec + "The Kronecker card is the column-major one in closed form, built "
            f"from the parameters and W alone{where}")


class _Row(NamedTuple):
    """One layout before its check: names, the array, and how it contracts with H."""

    name: str
    used_by: str
    where: str
    array: NDArray
    text: str
    contract: Callable[[NDArray, NDArray], NDArray]


def _column_major(A: NDArray, H: NDArray, out: tuple[int, ...]) -> NDArray:
    return (A @ H.reshape(-1, order="F")).reshape(out, order="F")


def _rows(problem: Problem, C: NDArray, kron: NDArray | None) -> list[_Row]:
    """Every layout of the compact form C (and the Kronecker form K) of ``problem``."""
    model, m, n = problem.model, problem.m, problem.n
    out = model.output_shape(n, problem.p)
    J = expand_compact(C)
    vec_f = vec_layout(C)  # 0-based row r + k·p, column i + j·m: column-major vecs
    vec_c = J.reshape(-1, m * n)  # 0-based row r·n + k, column i·n + j: numpy's reshape
    F, names = model.output_letter, " and ".join(model.param_names)
    if model.rows:
        o, oc, orow, ein = "r, k", "r + (k − 1)·p", "(r − 1)·n + k", "rk"
        fold_f, fold_c = ".reshape(p, n, order=\"F\")", ".reshape(p, n)"
        D = J.transpose(2, 3, 0, 1)
        first = ("input first", f"SymPy's `derive_by_array({F}, W)`", "D[i, j, r, k]", D,
                 'np.einsum("ijrk,ij->rk", D, H)', lambda A, H: np.einsum("ijrk,ij->rk", A, H))
    else:
        o, oc, orow, ein, fold_f, fold_c = "k", "k", "k", "k", "", ""
        spelled = (" (and its `.diff` when m, n ≥ 2)" if problem.fn == "hadamard" else "")
        first = ("input first", f"SymPy's `derive_by_array` of the column {F}{spelled}",
                 "D[i, j, k, 1]", J.transpose(1, 2, 0)[..., np.newaxis],
                 'np.einsum("ijk,ij->k", D[..., 0], H)',
                 lambda A, H: np.einsum("ijk,ij->k", A[..., 0], H))
    wrap = (lambda t: f"({t}){fold_f}") if fold_f else (lambda t: t)
    rows = [
        _Row(f"J[{o}, i, j], output first (numerator)",
             "hadviz; `torch.func.jacrev`, `jax.jacrev`", f"J[{o}, i, j]", J,
             f'np.einsum("{ein}ij,ij->{ein}", J, H)',
             lambda A, H: np.einsum(f"{ein}ij,ij->{ein}", A, H)),
        _Row(*first),
        _Row("vec-Jacobian, column-major vec (numerator)", "the vec–Kronecker calculus, MATLAB",
             f"Jv[{oc}, i + (j − 1)·m]", vec_f, wrap('Jv @ H.reshape(-1, order="F")'),
             lambda A, H: _column_major(A, H, out)),
    ]
    if kron is not None:
        rows.append(_Row(f"Kronecker form ${model.kronecker_latex}$",
                         f"the vec–Kronecker calculus, built from {names} and W (not from the "
                         "compact form)", f"K[{oc}, i + (j − 1)·m]", kron,
                         wrap('K @ H.reshape(-1, order="F")'),
                         lambda A, H: _column_major(A, H, out)))
    rows += [
        _Row("vec-Jacobian, row-major vec", "numpy's `W.reshape(-1)`, PyTorch's `flatten`",
             f"Jr[{orow}, (i − 1)·n + j]", vec_c,
             f"(Jr @ H.reshape(-1)){fold_c}" if fold_c else "Jr @ H.reshape(-1)",
             lambda A, H: (A @ H.reshape(-1)).reshape(out)),
        _Row("denominator (gradient) layout", "∇ conventions, the Matrix Cookbook's gradients",
             f"Jd[i + (j − 1)·m, {oc}]", vec_f.T, wrap('Jd.T @ H.reshape(-1, order="F")'),
             lambda A, H: _column_major(A.T, H, out)),
    ]
    return rows


def verdict(check: Comparison, claim: str, refusal: str, exact_zero: bool) -> str:
    """The check in words: ✓ and ``claim`` or ✗ and ``refusal``, then how close it came.

    ``exact_zero`` says every term of both computations is 0 (the tolerance is 0 throughout):
    then the values can only be exactly 0, and the sentence says so instead of quoting a
    difference and a tolerance that are both 0.

    Examples
    --------
    >>> from hadviz.checks import compare
    >>> verdict(compare([0.0], [0.0], 0.0), "it gives x", "it does not", True)
    '✓ it gives x = 0 exactly, as it must: every term is 0 here, so nothing is rounded'
    """
    if check.passed and exact_zero and check.size == 0:
        return f"✓ {claim} = 0 exactly, as it must: every term is 0 here, so nothing is rounded"
    return f"✓ {claim}: {check.summary()}" if check.passed else f"✗ {refusal}: {check.summary()}"


def jacrev_story(problem: Problem) -> str:
    """Why ``jacrev`` returns the output-first shape, for this model."""
    model, F = problem.model, problem.model.output_letter
    G = model.compact_symbol
    if model.rows:
        return (
            f"`torch.func.jacrev(F)(W)` and `jax.jacrev(F)(W)` work in reverse mode, which "
            "computes vector–Jacobian products: one per entry of F (batched with vmap, but "
            "the same numbers as p·n separate passes). For entry (r, k) the cotangent is the "
            "one-hot $E_{r,k}$ (1 at row r, column k, 0 elsewhere), and the pass returns "
            f"$\\nabla_W\\langle E_{{r,k}}, {F}\\rangle = \\partial {F}_{{r,k}}/\\partial W = "
            "A(E_{r,k} \\circ V) + B(E_{r,k} \\circ U)$: column r of the block $C_k$ in column "
            "k, every other column 0, an m × n matrix in W's shape. Stacked in front in F's "
            "shape they give (p, n, m, n), J[r, k, i, j].")
    grad = rf"{G}\,\mathrm{{Diag}}(\varepsilon_k)" if "_" not in G else \
        rf"({G})\,\mathrm{{Diag}}(\varepsilon_k)"
    return (
        f"`torch.func.jacrev(f)(W)` and `jax.jacrev(f)(W)` work in reverse mode, which "
        "computes vector–Jacobian products: one per component of the output (batched with "
        "vmap, but the same numbers as n separate passes). For component k the cotangent is "
        "the one-hot $\\varepsilon_k$ (1 in place k, 0 elsewhere), and the pass returns "
        f"$\\nabla_W(\\varepsilon_k^T {F}) = \\partial {F}_k/\\partial W = {grad}$: column k "
        f"of ${G}$, with every other column 0, an m × n matrix in W's shape. The n of them "
        "stacked in front give shape (n, m, n), J[k, i, j].")


def _checked(problem: Problem, rows: list[_Row], seed: int) -> tuple[Layout, ...]:
    """Each layout contracted with one seeded H, against the model's DF(W)[H]."""
    H = unit_direction((problem.m, problem.n), seed)
    exact = problem.model.jvp(problem.W, *problem.arrays, H)
    tol = contraction_tolerance(problem, H)
    jvp = f"D{problem.model.output_letter}(W)[H]"
    layouts = []
    for row in rows:
        check = compare(row.contract(row.array, H), exact, tol)
        layouts.append(Layout(
            row.name, row.used_by, row.where, tuple(int(x) for x in row.array.shape),
            row.text, check,
            verdict(check, f"contracted with one random H it gives {jvp}",
                    f"contracted with one random H it does not give {jvp} to rounding",
                    not tol.any())))
    return tuple(layouts)


def layouts_view(problem: Problem, seed: int = 0) -> LayoutsView:
    """Build every layout from the model's compact form, contract each with a seeded random
    H, and compare with the model's DF(W)[H]."""
    model, W, m, n = problem.model, problem.W, problem.m, problem.n
    C = model.compact(W, *problem.arrays)
    form = kronecker(problem)
    rows = _rows(problem, C, None if form is None else form.K)
    layouts = _checked(problem, rows, seed)
    einsum = model.compact_einsum(W, *problem.arrays)
    G = model.compact_symbol
    if einsum is None:
        line, check = None, None
        einsum_verdict = f"No einsum line for {model.label}: {model.einsum_missing}"
    else:
        line, value = einsum
        # each entry a sum of m products, then one more addition: m + 3 operations with room
        G_tol = pair_tolerance(m + 3, magnitudes(problem).G)
        check = compare(value, C, G_tol)
        einsum_verdict = verdict(check, f"the einsum line gives hadviz's {G}",
                                 f"the einsum line does not give hadviz's {G} to rounding",
                                 not G_tol.any())
    return LayoutsView(
        layouts, line, check, einsum_verdict, sympy_note(m, n, problem),
        numerator_note(m, n, problem.p, model.rows, problem.fn == "hadamard"),
        jacrev_cost(problem, rows[0].array), jacrev_story(problem),
        form is not None, model.kronecker_missing)
