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


def query(problem: Problem) -> dict[str, str]:
    """The URL parameters that open ``problem`` as typed numbers (``mode=edit``)."""
    data = hand_data_query(HandData.from_problem(problem))
    assert data is not None, "corpus problems are small enough for a link"
    return {"m": str(problem.m), "n": str(problem.n), "mode": "edit"} | data
