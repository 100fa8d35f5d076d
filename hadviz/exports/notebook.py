"""A Jupyter notebook (nbformat 4) that rebuilds the problem and checks its derivative with
plain NumPy, then, when hadviz is installed, against hadviz itself."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from hadviz.exports.snippet import SECTIONS, data_code
from hadviz.problem import Problem

__all__ = ["notebook"]

_HADVIZ = '''\
try:
    from hadviz import jacobian, jacobian_compact
except ImportError:
    print("hadviz is not installed here: the NumPy checks above stand on their own")
else:
    assert np.allclose(jacobian_compact(W, a, b), G, rtol=1e-12, atol=1e-12 * scale)
    assert np.allclose(jacobian(W, a, b), J, rtol=1e-12, atol=1e-12 * scale)
    print("hadviz agrees with the NumPy computation")
'''


def notebook(problem: Problem, title: str = "") -> str:
    """The notebook as JSON text (``.ipynb``); every code cell runs top to bottom.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> nb = nbformat.reads(notebook(random_problem(2, 3, 0, "int")), as_version=4)
    >>> [c.cell_type for c in nb.cells][:3]
    ['markdown', 'code', 'markdown']
    """
    size = f"{problem.m} × {problem.n}"
    heading = title or f"The derivative of f(W) = (aᵀW) ∘ (bᵀW), a {size} problem"
    heading = title or f"The derivative of f(W) = (aᵀW) ∘ (bᵀW), a {size} problem"
    cells = [
        new_markdown_cell(f"# {heading}\n\nW is m × n, a and b have length m, and f has "
                          "length n. J[k, i, j] = ∂f_k/∂W_ij = δ_jk G[i, k] with "
                          "G = (abᵀ + baᵀ)W. The numbers below are exactly the app's."),
        new_code_cell("import numpy as np\n\n" + data_code(problem, "np")),
    ]
    for text, code in SECTIONS:
        cells += [new_markdown_cell(text), new_code_cell(code)]
    cells += [new_markdown_cell("The same numbers from hadviz, if it is installed."),
              new_code_cell(_HADVIZ)]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nbformat.writes(nb)
