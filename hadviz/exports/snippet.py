"""Short scripts that rebuild the problem from its exact numbers and check the derivative of its
model: a NumPy one (run by the tests) and its PyTorch twin for ML engineers (text only: torch is
not a dependency of hadviz).

Both state the same facts for the chosen model F: column k of F depends on column k of W only,
so J[…, k, i, j] = δ_jk C[i, …, k] with C the compact Jacobian (G for the question, m × n; the
m × p × n array C for the matrix model), and the gradient of ⟨g, F⟩ (what backpropagation
computes) is C contracted with g over the output's indices. The model's code comes from the
model (:attr:`~hadviz.models.Model.export_f`, :attr:`~hadviz.models.Model.export_compact`);
nothing here names one.
"""

from __future__ import annotations

from numpy.typing import NDArray

from hadviz.checks import magnitudes
from hadviz.models import Model
from hadviz.problem import Problem
from hadviz.urlstate import format_number

__all__ = ["data_code", "file_stem", "numpy_snippet", "sections", "torch_snippet"]


def _array(values: NDArray, module: str) -> str:
    if values.ndim == 1:
        body = "[" + ", ".join(format_number(x) for x in values) + "]"
    else:
        rows = ",\n    ".join("[" + ", ".join(map(format_number, row)) + "]" for row in values)
        body = "[\n    " + rows + ",\n]"
    dtype = "np.float64" if module == "np" else "torch.float64"
    call = "np.array" if module == "np" else "torch.tensor"
    return f"{call}({body}, dtype={dtype})"


def _shape(problem: Problem, name: str) -> str:
    return (f"m × p = {problem.m} × {problem.p}" if problem.params[name].ndim == 2
            else f"length m = {problem.m}")


def data_code(problem: Problem, module: str = "np") -> str:
    """The lines that define W and the model's parameters with the problem's exact numbers."""
    lines = [f"W = {_array(problem.W, module)}  # m × n = {problem.m} × {problem.n}"]
    lines += [f"{name} = {_array(x, module)}  # {_shape(problem, name)}"
              for name, x in problem.params.items()]
    return "\n".join(lines) + "\n"


def file_stem(problem: Problem) -> str:
    """The downloads' file name stem: the model, the sizes, and p for a model with rows.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> file_stem(random_problem(2, 3)), file_stem(random_problem(2, 3, fn="matrix", p=4))
    ('hadamard_2x3', 'matrix_2x3_p4')
    """
    return f"{problem.fn}_{problem.m}x{problem.n}" + (f"_p{problem.p}" if problem.model.rows
                                                        else "")


def _functions(model: Model, module: str) -> str:
    """``def f(W)`` and ``def compact(W)`` of ``model``, with ``module`` for xp."""
    code = f"def f(W):\n    {model.export_f}\n\n\ndef compact(W):\n    {model.export_compact}\n"
    return code.replace("xp.", f"{module}.")


_J = '''\
m, n = W.shape
C = compact(W)
J = np.zeros(C.shape[1:] + W.shape)  # J[..., k, i, j] = dF[..., k]/dW[i, j]
for k in range(n):
    J[..., k, :, k] = np.moveaxis(C[..., k], 0, -1)  # = C[i, ..., k]: only column j = k
print("F =", f(W), sep="\\n")
print("C =", C, sep="\\n")
'''

_SCALE = '''\
# hadviz's bound on the size of the rounding errors of C at these numbers (an entry-wise
# bound's largest entry, hadviz.checks.magnitudes); the checks allow 10⁻¹⁰ of it
scale = {scale}
'''

_CENTRAL = '''\
numeric = np.zeros_like(J)
for i in range(m):
    for j in range(n):
        h = float(np.abs(W[:, j]).max()) or 1.0
        E = np.zeros_like(W)
        E[i, j] = h
        numeric[..., i, j] = (f(W + E) - f(W - E)) / (2 * h)
error = np.abs(numeric - J).max()
assert error <= 1e-10 * scale, (error, scale)
print(f"gradient check passed: largest difference {error:.2e} (scale {scale:.2e})")
'''

_COMPLEX = '''\
numeric = np.zeros_like(J)
h = 1e-20
for i in range(m):
    for j in range(n):
        E = np.zeros(W.shape, dtype=complex)
        E[i, j] = 1j * h
        numeric[..., i, j] = f(W + E).imag / h
error = np.abs(numeric - J).max()
assert error <= 1e-10 * scale, (error, scale)
print(f"gradient check passed: largest difference {error:.2e} (scale {scale:.2e})")
'''

_VJP = '''\
g = np.random.default_rng(0).standard_normal(J.shape[:-2])  # the output's shape
vjp = np.tensordot(g, J, axes=g.ndim)  # gᵀJ, contracted over the output's indices
expected = (C * g).reshape(m, -1, n).sum(axis=1)  # C contracted with g, column by column
assert np.allclose(vjp, expected, rtol=1e-12, atol=1e-12 * scale)
print("the VJP equals C contracted with g")
'''


def sections(problem: Problem) -> tuple[tuple[str, str], ...]:
    """The NumPy script after the data, as (what it does, code) sections; the notebook makes
    a markdown cell and a code cell of each."""
    model = problem.model
    scale = float(magnitudes(problem).G.max(initial=0.0)) or 1.0
    check = (("Gradient check by central differences. F is quadratic, so they have no "
              "truncation error; the step is the size of the column, which keeps rounding "
              "small.", _CENTRAL) if model.quadratic else
             ("Gradient check by the complex step, Im F(W + ihE)/h: F is not quadratic, so "
              "central differences would have truncation error; the complex step subtracts "
              "nothing, so a tiny h leaves only rounding.", _COMPLEX))
    return (
        (f"F = {model.symbol}, as a function of W, and its compact Jacobian C: J[…, k, i, j] = "
         "δ_jk C[i, …, k] (column k of F depends on column k of W only).",
         _functions(model, "np") + "\n\n" + _J),
        (check[0], _SCALE.format(scale=repr(scale)) + check[1]),
        ("Backpropagation: the gradient of ⟨g, F⟩ for an upstream gradient g (F's shape) is "
         "C contracted with g, column by column.", _VJP),
    )


def numpy_snippet(problem: Problem) -> str:
    """A self-contained NumPy script: the problem, F, C and J, a gradient check and the VJP.

    It runs with NumPy alone and raises ``AssertionError`` if a check fails.
    """
    parts = ["import numpy as np\n", data_code(problem, "np")]
    parts += [f"# {text}\n{code}" for text, code in sections(problem)]
    return "\n".join(parts)


_TORCH = '''\
m, n = W.shape
J = torch.func.jacrev(f)(W)  # shape F.shape + (m, n): J[..., k, i, j] = dF[..., k]/dW[i, j]
C = compact(W)
expected = torch.zeros_like(J)
for k in range(n):
    expected[..., k, :, k] = torch.movedim(C[..., k], 0, -1)  # δ_jk C[i, ..., k]
scale = {scale}  # hadviz's bound on the rounding errors of C at these numbers
assert torch.allclose(J, expected, rtol=1e-10, atol=1e-10 * scale)

g = torch.randn(J.shape[:-2], dtype=torch.float64)  # an upstream gradient
Wr = W.clone().requires_grad_()
(g * f(Wr)).sum().backward()
expected = (C * g).reshape(m, -1, n).sum(1)  # C contracted with g, column by column
assert torch.allclose(Wr.grad, expected, rtol=1e-10, atol=1e-10 * scale)
print("torch agrees: J[..., k, i, j] = δ_jk C[i, ..., k] and the gradient of <g, F> is C·g")
'''


def torch_snippet(problem: Problem) -> str:
    """The same checks with PyTorch's autodiff (``torch.func.jacrev`` and ``backward``)."""
    scale = float(magnitudes(problem).G.max(initial=0.0)) or 1.0
    return "\n".join(["import torch\n", data_code(problem, "torch"),
                      _functions(problem.model, "torch") + "\n",
                      _TORCH.format(scale=repr(scale))])
