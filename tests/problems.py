"""The degenerate corpus: the problems a curious student types first, by name.

Every page renders on each of them (``tests/app/test_corpus.py``), and every sentence that
depends on the data (non-zero counts, "cannot show here" reasons, practice answers) is checked
on them against an independent computation. Random draws never hit most of these.
"""

from __future__ import annotations

import numpy as np

from hadviz import Problem
from hadviz.urlstate import HandData, hand_data_query

_W = np.array([[1.0, -2.0, 3.0], [2.0, 1.0, -1.0]])
_a = np.array([1.0, 2.0])
_b = np.array([-1.0, 3.0])

#: name → problem; names are the test ids.
CORPUS: dict[str, Problem] = {
    "generic": Problem(_W, _a, _b),
    "a=0": Problem(_W, np.zeros(2), _b),
    "b=0": Problem(_W, _a, np.zeros(2)),
    "a=b=0": Problem(_W, np.zeros(2), np.zeros(2)),
    "a=b": Problem(_W, _a, _a),
    "b=2a": Problem(_W, _a, 2.0 * _a),
    "b=-3a": Problem(_W, _a, -3.0 * _a),
    "W=0": Problem(np.zeros((2, 3)), _a, _b),
    "zero-column": Problem(np.array([[1.0, 0.0, 3.0], [2.0, 0.0, -1.0]]), _a, _b),
    "zero-row": Problem(np.array([[1.0, -2.0, 3.0], [0.0, 0.0, 0.0]]), _a, _b),
    # every column of W orthogonal to b (v = Wᵀb = 0) but not to a
    "W-orthogonal-to-b": Problem(np.array([[3.0, 6.0, -3.0], [1.0, 2.0, -1.0]]), _a, _b),
    "rank-one": Problem(np.outer([1.0, -2.0], [2.0, 1.0, -1.0]), _a, _b),
    "1x1": Problem([[2.0]], [3.0], [-1.0]),
    "1x4": Problem([[1.0, -2.0, 0.5, 3.0]], [2.0], [-1.0]),
    "4x1": Problem([[1.0], [-2.0], [0.5], [3.0]], [1.0, 0.0, -1.0, 2.0], [2.0, 1.0, 1.0, -1.0]),
    "tiny": Problem(_W * 1e-60, _a * 1e-60, _b),
    "huge": Problem(np.array([[1e6, -5e5, 2.5e5], [5e5, 1e6, -1e6]]), _a, _b * 2.5e5),
    "float32-exact": Problem(np.array([[3.0, -2.0, 1.0], [-1.0, 2.0, 2.0]]),
                             [2.0, -3.0], [1.0, 1.0]),
    "decimal": Problem(np.array([[0.1, -0.2, 0.3], [0.7, 0.5, -0.6]]), [0.3, 0.1], [0.2, -0.7]),
}


_A = np.array([[1.0, 0.5, -2.0], [2.0, -1.0, 1.0]])
_B = np.array([[-1.0, 2.0, 1.0], [3.0, 1.0, -0.5]])


def _matrix(W, A, B) -> Problem:
    return Problem(W, A, B, fn="matrix")


#: The matrix model's own degenerate problems (p = 3 unless named), by name.
MATRIX_CORPUS: dict[str, Problem] = {
    "generic": _matrix(_W, _A, _B),
    "p=1": _matrix(_W, _a[:, None], _b[:, None]),
    "A=0": _matrix(_W, np.zeros((2, 3)), _B),
    "B=2A": _matrix(_W, _A, 2.0 * _A),
    "zero-column-of-A": _matrix(_W, _A * [1.0, 0.0, 1.0], _B),
    "W=0": _matrix(np.zeros((2, 3)), _A, _B),
    "zero-column": _matrix(np.array([[1.0, 0.0, 3.0], [2.0, 0.0, -1.0]]), _A, _B),
    "1x1,p=1": _matrix([[2.0]], [[3.0]], [[-1.0]]),
    "1x1,p=8": _matrix([[2.0]], [np.arange(1.0, 9.0)], [np.arange(-4.0, 4.0)]),
    "4x1": _matrix([[1.0], [-2.0], [0.5], [3.0]], np.eye(4)[:, :3], np.ones((4, 3))),
    "tiny": _matrix(_W * 1e-60, _A * 1e-59, _B),
    "huge": _matrix(np.array([[1e6, -5e5, 2.5e5], [5e5, 1e6, -1e6]]), _A, _B * 2.5e5),
}

#: The gate's own degenerate problems: σ′ ≈ 0 where aᵀw_k is large, σ = ½ where it is 0.
GATED_CORPUS: dict[str, Problem] = {
    "saturated": Problem(np.array([[40.0, -40.0, 0.5], [30.0, -35.0, 0.25]]), _a, _b,
                         fn="gated"),
    "u=0": Problem(np.array([[2.0, -2.0, 0.0], [-1.0, 1.0, 0.0]]), _a, _b, fn="gated"),
}

#: tanh's own: |f| ≳ 19 rounds tanh to ±1 (saturated) in float64.
TANH_CORPUS: dict[str, Problem] = {
    "saturated": Problem(np.array([[5.0, 4.0, 0.5], [1.0, -3.0, 0.25]]), _a, _b, fn="tanh"),
}


def family_corpus() -> dict[str, Problem]:
    """Every model's degenerate corpus, keyed ``"fn/name"``: the question's corpus for each of
    hadamard, tanh and gated (same numbers), and each model's own problems."""
    out: dict[str, Problem] = {}
    for fn in ("hadamard", "tanh", "gated"):
        out |= {f"{fn}/{k}": Problem(p.W, *p.arrays, fn=fn) for k, p in CORPUS.items()}
    out |= {f"tanh/{k}": p for k, p in TANH_CORPUS.items()}
    out |= {f"gated/{k}": p for k, p in GATED_CORPUS.items()}
    out |= {f"matrix/{k}": p for k, p in MATRIX_CORPUS.items()}
    return out


#: A few per model, for what is too slow to run on all of :func:`family_corpus` (AppTest).
SHORT_FAMILY = ("tanh/generic", "tanh/a=0", "tanh/saturated", "gated/generic", "gated/b=0",
                "gated/W=0", "gated/saturated", "matrix/generic", "matrix/p=1", "matrix/A=0",
                "matrix/B=2A", "matrix/zero-column", "matrix/1x1,p=8")


def query(problem: Problem) -> dict[str, str]:
    """The URL parameters that open ``problem`` as typed numbers (``mode=edit``)."""
    data = hand_data_query(HandData.from_problem(problem))
    assert data is not None, "corpus problems are small enough for a link"
    head = {"fn": problem.fn, "p": str(problem.p)} if problem.fn != "hadamard" else {}
    return head | {"m": str(problem.m), "n": str(problem.n), "mode": "edit"} | data
