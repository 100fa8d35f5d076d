r"""What the layouts page (/layouts) shows: one derivative in the layouts people meet.

The same numbers ∂f_k/∂W_ij arranged as hadviz's J[k, i, j] (the shape ``torch.func.jacrev``
and ``jax.jacrev`` give), SymPy's input-first arrays, the n × mn vec-Jacobians against
column-major and row-major vec(W), the denominator (gradient) layout, and G from an
``einsum`` one-liner. Each is built from G by index bookkeeping alone, then checked to be
the same derivative in the one way that does not depend on the layout: contracted with a
random direction H in its own index order, it must give
Df(W)[H] = (Hᵀa)∘(Wᵀb) + (Wᵀa)∘(Hᵀb) within a rounding-error bound.

It also counts what reverse mode's ``jacrev`` hands back at the problem's sizes
(:class:`JacrevCost`): n·m·n numbers, of which at most m·n can be non-zero, against the m·n
of G that one ``vjp`` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from hadviz.facts import facts, why_G_zero
from hadviz.kronecker import kronecker_form
from hadviz.latex import plural
from hadviz.models import HADAMARD
from hadviz.problem import Problem
from hadviz.symbolic import diff_index, diff_shape

__all__ = ["EINSUM_G", "JacrevCost", "Layout", "LayoutsView", "bytes_text", "jacrev_cost",
           "layouts_view", "numerator_note", "sympy_note", "verdict"]

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
class JacrevCost:
    """What ``torch.func.jacrev`` / ``jax.jacrev`` return for one problem, counted.

    Attributes
    ----------
    entries : int
        n·m·n, the size of the dense (n, m, n) result.
    structural_zeros : int
        m·n·(n − 1): the entries with j ≠ k, 0 for every a, b and W of these sizes.
    zeros : int
        The entries that are 0 for these numbers, counted in the dense array (≥
        ``structural_zeros``; all of them when G = 0).
    dense_bytes, G_bytes : int
        The dense result and G (m × n) in float64.
    sentence : str
        These counts for the page.
    vjp_sentence : str
        What one ``vjp`` returns instead.
    """

    entries: int
    structural_zeros: int
    zeros: int
    dense_bytes: int
    G_bytes: int
    sentence: str
    vjp_sentence: str


@dataclass(frozen=True)
class LayoutsView:
    """Every layout, the einsum one-liner for G and its check (``einsum_verdict`` in words),
    what SymPy's ``.diff`` returns at these sizes (``sympy_note``), numerator against
    denominator layout and row- against column-major vec at these sizes
    (``numerator_note``), and what ``jacrev`` costs here (``jacrev``)."""

    layouts: tuple[Layout, ...]
    einsum: str
    einsum_check: Comparison
    einsum_verdict: str
    sympy_note: str
    numerator_note: str
    jacrev: JacrevCost


def sympy_note(m: int, n: int) -> str:
    """What SymPy's ``.diff`` of the column spelling returns at m × n, asked of SymPy."""
    shape = diff_shape(m, n)
    text = " × ".join(map(str, shape))
    if len(shape) == 4:
        return (f"SymPy's `HadamardProduct(W.T*a, W.T*b).diff(W)` returns the input-first "
                f"array itself here: {text}, with ∂fₖ/∂Wᵢⱼ at {diff_index(m, n)}.")
    return (f"At m = {m}, n = {n} SymPy's `HadamardProduct(W.T*a, W.T*b).diff(W)` does not "
            f"return the {m} × {n} × {n} × 1 array: it returns a {text} matrix, with "
            f"∂fₖ/∂Wᵢⱼ at {diff_index(m, n)}. `derive_by_array` keeps all four axes.")


def numerator_note(m: int, n: int) -> str:
    """Numerator against denominator layout, and whether row- and column-major vec differ.

    Examples
    --------
    >>> "are one matrix" in numerator_note(1, 4), "are one matrix" in numerator_note(2, 3)
    (True, False)
    """
    lead = ("**Numerator or denominator?** The numerator layout puts the output index first "
            "(J is n × mn against vec(W)), the denominator layout puts the input first (its "
            "transpose, mn × n), as gradients are usually written. ")
    if m == 1 or n == 1:
        vec = (f"Row- and column-major vec order W's entries differently once m, n ≥ 2; here "
               f"W is {m} × {n}, a single {'row' if m == 1 else 'column'}, so both orders list "
               "its entries the same way and the two vec-Jacobians are one matrix. ")
    else:
        vec = ("Row- and column-major vec order W's entries differently, so the two "
               "vec-Jacobians place ∂fₖ/∂Wᵢⱼ by different rules, in column (i − 1)·n + j "
               "against i + (j − 1)·m: contracting one with the other's vec(H) is a common "
               "mistake, which is why each card reads H in its own order. ")
    return (lead + vec + "The Kronecker card is the column-major one in closed form, built "
            "from a, b and W alone; it is derived at the end of the Diag-trick page.")


def _rows(G: NDArray, kron: NDArray) -> list[
        tuple[str, str, str, NDArray, str, Callable[[NDArray, NDArray], NDArray]]]:
    """(name, used by, index, array, contraction text, contraction) for each layout."""
    m, n = G.shape
    J = expand_compact(G)
    vec_f = vec_layout(G)  # 0-based column i + j·m: column-major vec
    vec_c = J.reshape(n, m * n)  # 0-based column i·n + j: numpy's reshape, row-major vec
    return [
        ("J[k, i, j], output first (numerator)", "hadviz; `torch.func.jacrev`, `jax.jacrev`",
         "J[k, i, j]", J, 'np.einsum("kij,ij->k", J, H)',
         lambda A, H: np.einsum("kij,ij->k", A, H)),
        ("input first", "SymPy's `derive_by_array` of the column f (and its `.diff` when m, n ≥ 2)",
         "D[i, j, k, 1]", J.transpose(1, 2, 0)[..., np.newaxis],
         'np.einsum("ijk,ij->k", D[..., 0], H)',
         lambda A, H: np.einsum("ijk,ij->k", A[..., 0], H)),
        ("vec-Jacobian, column-major vec (numerator)", "the vec–Kronecker calculus, MATLAB",
         "Jv[k, i + (j − 1)·m]", vec_f, 'Jv @ H.reshape(-1, order="F")',
         lambda A, H: A @ H.reshape(-1, order="F")),
        ("Kronecker form Diag(Wᵀb)(Iₙ⊗aᵀ) + Diag(Wᵀa)(Iₙ⊗bᵀ)",
         "the vec–Kronecker calculus, built from a, b and W (not from G)",
         "K[k, i + (j − 1)·m]", kron, 'K @ H.reshape(-1, order="F")',
         lambda A, H: A @ H.reshape(-1, order="F")),
        ("vec-Jacobian, row-major vec", "numpy's `W.reshape(-1)`, PyTorch's `flatten`",
         "Jr[k, (i − 1)·n + j]", vec_c, "Jr @ H.reshape(-1)", lambda A, H: A @ H.reshape(-1)),
        ("denominator (gradient) layout", "∇ conventions, the Matrix Cookbook's gradients",
         "Jd[i + (j − 1)·m, k]", vec_f.T, 'Jd.T @ H.reshape(-1, order="F")',
         lambda A, H: A.T @ H.reshape(-1, order="F")),
    ]


def bytes_text(count: int) -> str:
    """A byte count for running text, with KiB or MiB from 1,024 bytes on.

    Examples
    --------
    >>> bytes_text(144), bytes_text(32768), bytes_text(2064384)
    ('144 bytes', '32,768 bytes (32 KiB)', '2,064,384 bytes (about 1.97 MiB)')
    """
    text = plural(count, "byte", "bytes")
    if count < 1024:
        return text
    power = 1 if count < 1024**2 else 2
    value = count / 1024**power
    shown = f"{value:.3g}" if value < 1000 else f"{value:,.0f}"  # never 1.02e+03
    about = "" if float(shown.replace(",", "")) == value else "about "
    return f"{text} ({about}{shown} {('KiB', 'MiB')[power - 1]})"


def _zeros_sentence(entries: int, structural: int, zeros: int, problem: Problem) -> str:
    """How many entries of the dense result are 0 for these numbers, and why."""
    if zeros == entries:
        counted = "that one entry is" if entries == 1 else f"all {entries:,} entries are"
        return f"For these numbers {counted} 0: G = 0 here ({why_G_zero(facts(problem))})."
    extra = zeros - structural
    if extra == 0:
        return ("For these numbers it is not 0." if entries == 1 else
                "For these numbers none of them is 0." if structural == 0 else
                "For these numbers no other entry is 0: every entry of G is non-zero.")
    if structural == 0:
        counted = "entry is" if extra == 1 else "entries are"
        return (f"For these numbers {extra:,} of the {entries:,} {counted} 0: the "
                f"{plural(extra, 'zero entry', 'zero entries', number=False)} of G.")
    return (f"For these numbers {zeros:,} entries are 0: the {structural:,} structural zeros "
            f"and {plural(extra, 'zero entry', 'zero entries')} of G.")


def jacrev_cost(problem: Problem, J: NDArray) -> JacrevCost:
    """Count what ``jacrev`` returns for ``problem``: the dense J (n, m, n) it builds.

    Reverse mode runs one VJP per component k with the one-hot cotangent εₖ; row k is
    ∇_W(εₖᵀf) = G·Diag(εₖ), zero outside column k. So of the n·m·n entries at most m·n can
    be non-zero, and one ``vjp`` with any cotangent g returns the m·n numbers G·Diag(g).

    Examples
    --------
    >>> c = jacrev_cost(Problem([[1.0, 2.0]], [1.0], [1.0]), np.zeros((2, 1, 2)))
    >>> c.entries, c.structural_zeros, c.zeros, c.dense_bytes, c.G_bytes
    (4, 2, 4, 32, 16)
    """
    m, n = problem.m, problem.n
    entries, size = n * m * n, m * n
    structural = entries - size
    zeros = int(J.size - np.count_nonzero(J))
    dense, compact = 8 * entries, 8 * size
    counts = f"n · m · n = {n} · {m} · {n} = {plural(entries, 'entry', 'entries')}"
    if n == 1:
        lead = (f"For your {m} × {n} problem the dense result has {counts}, as many as G: with "
                f"n = 1 the one slice is all of G, so there are no structural zeros.")
        memory = f"In float64 it takes {bytes_text(dense)}, the same as G."
        vjp = (f"{plural(size, 'entry', 'entries')} ({bytes_text(compact)}), here as many "
               "as jacrev's.")
    else:
        lead = (f"For your {m} × {n} problem the dense result has {counts}. At most m · n = "
                f"{size:,} of them can be non-zero (slice k only in its column k), so "
                f"{structural:,} ({structural / entries:.1%}) are structural zeros, 0 for "
                "every a, b and W of this size.")
        memory = (f"In float64 it takes {bytes_text(dense)}, {n} times the "
                  f"{bytes_text(compact)} of G, which holds every entry that can be non-zero.")
        vjp = (f"{plural(size, 'entry', 'entries')} ({bytes_text(compact)}) instead of "
               f"jacrev's {entries:,} ({bytes_text(dense)}), when what you need is gᵀJ, not "
               "J itself.")
    sentence = f"{lead} {_zeros_sentence(entries, structural, zeros, problem)} {memory}"
    return JacrevCost(entries, structural, zeros, dense, compact, sentence, vjp)


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


def layouts_view(problem: Problem, seed: int = 0) -> LayoutsView:
    """Build every layout from G, contract each with a seeded random H, compare with Df[H]."""
    W, a, b = problem.W, problem.a, problem.b
    m, n = problem.m, problem.n
    G = HADAMARD.compact(W, a, b)
    H = unit_direction((m, n), seed)
    exact = HADAMARD.jvp(W, a, b, H)
    tol = contraction_tolerance(problem, H)
    rows = _rows(G, kronecker_form(problem)[2])
    layouts = []
    for name, used_by, index, A, text, contract in rows:
        check = compare(contract(A, H), exact, tol)
        layouts.append(Layout(
            name, used_by, index, tuple(int(s) for s in A.shape), text, check,
            verdict(check, "contracted with one random H it gives Df(W)[H]",
                    "contracted with one random H it does not give Df(W)[H] to rounding",
                    not tol.any())))
    # i and p rows of W, k a column of W (= a component of f), as everywhere in the app
    G_einsum = np.einsum("i,p,pk->ik", a, b, W) + np.einsum("i,p,pk->ik", b, a, W)
    G_tol = pair_tolerance(m + 3, magnitudes(problem).G)
    check = compare(G_einsum, G, G_tol)
    einsum_verdict = verdict(check, "the einsum line gives hadviz's G",
                             "the einsum line does not give hadviz's G to rounding",
                             not G_tol.any())
    return LayoutsView(tuple(layouts), EINSUM_G, check, einsum_verdict, sympy_note(m, n),
                       numerator_note(m, n), jacrev_cost(problem, rows[0][3]))
