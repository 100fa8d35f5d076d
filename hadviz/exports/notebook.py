"""A Jupyter notebook (nbformat 4) that rebuilds the problem and checks the derivative of its
model with plain NumPy, then, when hadviz is installed, against hadviz itself."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from hadviz.exports.snippet import data_code, sections
from hadviz.problem import Problem

__all__ = ["notebook"]

_HADVIZ = '''\
try:
    from hadviz.models import model_of
except ImportError:
    print("hadviz is not installed here: the NumPy checks above stand on their own")
else:
    model = model_of({fn!r})
    assert np.allclose(model.compact(W, {params}), C, rtol=1e-12, atol=1e-12 * scale)
    assert np.allclose(model.jacobian(W, {params}), J, rtol=1e-12, atol=1e-12 * scale)
    print("hadviz agrees with the NumPy computation")
'''


def _intro(problem: Problem) -> str:
    """What the notebook is about: the model, the shapes and the layout of J."""
    model = problem.model
    shapes = ", ".join(f"{name} is " + (f"m × p = {problem.m} × {problem.p}" if x.ndim == 2
                                        else f"of length m = {problem.m}")
                       for name, x in problem.params.items())
    out = (f"p × n = {problem.p} × {problem.n}" if model.rows else f"of length n = {problem.n}")
    return (f"W is m × n = {problem.m} × {problem.n}, {shapes}, and F = {model.symbol} is {out}. "
            "Column k of F depends on column k of W only, so J[…, k, i, j] = ∂F[…, k]/∂W_ij "
            "= δ_jk C[i, …, k], with C the compact Jacobian. The numbers below are exactly the "
            "app's.")


def notebook(problem: Problem, title: str = "") -> str:
    """The notebook as JSON text (``.ipynb``); every code cell runs top to bottom.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> nb = nbformat.reads(notebook(random_problem(2, 3, 0, "int")), as_version=4)
    >>> [c.cell_type for c in nb.cells][:3]
    ['markdown', 'code', 'markdown']
    """
    model = problem.model
    size = f"{problem.m} × {problem.n}" + (f", p = {problem.p}" if model.rows else "")
    heading = title or f"The derivative of {model.title_text or model.label}, a {size} problem"
    cells = [
        new_markdown_cell(f"# {heading}\n\n{_intro(problem)}"),
        new_code_cell("import numpy as np\n\n" + data_code(problem, "np")),
    ]
    for text, code in sections(problem):
        cells += [new_markdown_cell(text), new_code_cell(code)]
    hadviz = _HADVIZ.format(fn=problem.fn, params=", ".join(problem.params))
    cells += [new_markdown_cell("The same numbers from hadviz, if it is installed."),
              new_code_cell(hadviz)]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nbformat.writes(nb)
