"""The symbolic page's formulas on the desk: every LaTeX string of a proof fits a desk line
(:data:`hadviz.desk.DESK_EM`) for every model at the sizes the page shows, and where a formula
is written with named sums (u_k = aᵀw_k, v_k = bᵀw_k; U = AᵀW, V = BᵀW), putting the sums back
gives SymPy's own expressions exactly."""

from __future__ import annotations

import pytest
import sympy as sp

from hadviz.desk import DESK_EM, width
from hadviz.models import MODELS
from hadviz.problem import random_problem
from hadviz.symbolic import _derived, in_sums, prove_jacobian, sums
from hadviz.views.symbolic import leading_block, symbolic_view

#: Each model as the page offers it (the matrix model with p = 1, 3 and 8).
SETUPS = [("hadamard", 1), ("tanh", 1), ("gated", 1), ("matrix", 1), ("matrix", 3),
          ("matrix", 8)]


def _largest(fn: str, p: int) -> tuple[int, int, int]:
    """The largest block the page proves: the leading block of a 64 × 64 problem."""
    block = leading_block(random_problem(64, 64, 0, fn=fn, p=p))
    return block.m, block.n, block.p


def _cases() -> list[tuple[str, int, int, int]]:
    cases = []
    for fn, p in SETUPS:
        m, n, q = _largest(fn, p)
        q = q if MODELS[fn].rows else 1
        cases += [(fn, m, n, q), (fn, 1, 1, min(p, q)), (fn, 2, 3, min(p, q)),
                  (fn, 3, 2, min(p, q))]
    return cases


CASES = _cases()


def _ids(case: tuple) -> str:
    fn, m, n, p = case
    return f"{fn}-{m}x{n}" + (f"-p{p}" if MODELS[fn].rows else "")


def _latex(fn: str, m: int, n: int, p: int) -> list[str]:
    proof = prove_jacobian(m, n, fn, p)
    return [proof.f_latex, *proof.slices_latex, proof.closed_form_latex,
            *([proof.names_latex] if proof.named else [])]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_every_formula_of_the_proof_fits_the_desk(case):
    for latex in _latex(*case):
        assert width(latex) <= DESK_EM, (case, round(width(latex), 1), latex[:200])


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_named_sums_put_back_give_sympys_expressions_exactly(case):
    fn, m, n, p = case
    proof = prove_jacobian(m, n, fn, p)
    W, P, F, D, closed = _derived(fn, m, n, p)
    names = sums(MODELS[fn], W, P)
    shown = {"f": [(F[r, 0], 0) for r in range(F.rows)] if MODELS[fn].rows else
             [(F[0, k], 0) for k in range(n)],
             "slices": [(D[i, k, r, k], r * n + k) for r in range(p) for k in range(n)
                        for i in range(m)],
             "closed": [(closed(i, 0, 0), 0) for i in range(m)]}
    latex = {"f": [proof.f_latex], "slices": proof.slices_latex,
             "closed": [proof.closed_form_latex]}
    for part in proof.named:
        for derived, at in shown[part]:
            named = in_sums(derived, names, W)
            back = named.xreplace(names)
            assert sp.expand(back - derived) == 0, (case, part, named, derived)
            assert not named.free_symbols & set(W), (case, part, named)  # no sum left
            assert sp.latex(named) in latex[part][at], (case, part, sp.latex(named))


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_names_shown_are_the_sums_sympy_substituted(case):
    fn, m, n, p = case
    proof = prove_jacobian(m, n, fn, p)
    if not proof.named:
        assert proof.names_latex == ""
        return
    W, P, *_ = _derived(fn, m, n, p)
    # the page defines u_k (U_rk) for any k (and r): at k = 1 (r = 1) it must read as the
    # sum SymPy replaced
    first = proof.names_latex.replace("k}", "1}").replace("r}", "1}")
    for name, total in sums(MODELS[fn], W, P).items():
        if str(name).endswith(("_1", "_{11}")):
            assert sp.latex(total) in first, (name, total, proof.names_latex)


@pytest.mark.parametrize(("fn", "p", "named"), [
    ("hadamard", 1, ()), ("gated", 1, ()), ("tanh", 1, ("slices", "closed")),
    ("matrix", 8, ("f", "slices", "closed"))])
def test_only_formulas_too_wide_in_full_use_names(fn, p, named):
    m, n, q = _largest(fn, p)
    assert prove_jacobian(m, n, fn, q).named == named
    for fn_ in MODELS:  # small problems keep every formula in full
        assert prove_jacobian(1, 1, fn_, 2).named == ()


def test_view_says_what_the_names_stand_for_only_when_used():
    tanh = symbolic_view(random_problem(8, 8, 0, fn="tanh"))
    assert tanh.names_text.startswith("Written out in full, the slices and the first block")
    assert "$u_k = a^Tw_k$" in tanh.names_text and "4 × 4 block" in tanh.names_text
    matrix = symbolic_view(random_problem(8, 8, 0, fn="matrix", p=3))
    assert "$U = A^TW$" in matrix.names_text
    assert symbolic_view(random_problem(2, 3, 0)).names_text == ""
