"""Short scripts that rebuild the problem from its exact numbers and check the derivative:
a NumPy one (run by the tests) and its PyTorch twin for ML engineers (text only: torch is
not a dependency of hadviz).

Both state the same facts: J[k, i, j] = δ_jk G[i, k] with G = (abᵀ + baᵀ)W, and the gradient
of gᵀf (what backpropagation computes) is G·Diag(g).
"""

from __future__ import annotations

from numpy.typing import NDArray

from hadviz.problem import Problem
from hadviz.urlstate import format_number

__all__ = ["SECTIONS", "data_code", "numpy_snippet", "torch_snippet"]


def _array(values: NDArray, module: str) -> str:
    if values.ndim == 1:
        body = "[" + ", ".join(format_number(x) for x in values) + "]"
    else:
        rows = ",\n    ".join("[" + ", ".join(map(format_number, row)) + "]" for row in values)
        body = "[\n    " + rows + ",\n]"
    dtype = "np.float64" if module == "np" else "torch.float64"
    call = "np.array" if module == "np" else "torch.tensor"
    return f"{call}({body}, dtype={dtype})"


def data_code(problem: Problem, module: str = "np") -> str:
    """The lines that define W, a and b with the problem's exact numbers."""
    return (f"W = {_array(problem.W, module)}  # m × n = {problem.m} × {problem.n}\n"
            f"a = {_array(problem.a, module)}\n"
            f"b = {_array(problem.b, module)}\n")


#: The NumPy script after the data, as (what it does, code) sections; the notebook makes a
#: markdown cell and a code cell of each.
SECTIONS = (
    ("f as a column of length n, and its derivative: G carries all of J.", '''\
def f(W):
    return (W.T @ a) * (W.T @ b)  # (aᵀW) ∘ (bᵀW), written as a column


m, n = W.shape
G = (np.outer(a, b) + np.outer(b, a)) @ W  # m × n
J = np.zeros((n, m, n))  # J[k, i, j] = ∂f_k/∂W_ij = δ_jk G[i, k]
J[np.arange(n), :, np.arange(n)] = G.T
print("f =", f(W))
print("G =", G, sep="\\n")
'''),
    ("Gradient check by central differences. f is quadratic, so they have no truncation "
     "error; the step is the size of the column, which keeps rounding small.", '''\
numeric = np.zeros_like(J)
for i in range(m):
    for j in range(n):
        h = float(np.abs(W[:, j]).max()) or 1.0
        E = np.zeros_like(W)
        E[i, j] = h
        numeric[:, i, j] = (f(W + E) - f(W - E)) / (2 * h)
# a bound on every |G[i, k]| and on the terms it is made of
scale = (np.abs(a)[:, None] * (np.abs(b) @ np.abs(W))
         + np.abs(b)[:, None] * (np.abs(a) @ np.abs(W))).max()
error = np.abs(numeric - J).max()
assert error <= 1e-10 * scale, (error, scale)
print(f"gradient check passed: largest difference {error:.2e} (scale {scale:.2e})")
'''),
    ("Backpropagation: the gradient of gᵀf for an upstream gradient g is G·Diag(g).", '''\
g = np.random.default_rng(0).standard_normal(n)
vjp = np.einsum("k,kij->ij", g, J)  # gᵀJ, contracted over the output index k
assert np.allclose(vjp, G * g, rtol=1e-12, atol=1e-12 * scale)
print("the VJP equals G·Diag(g)")
'''),
)


def numpy_snippet(problem: Problem) -> str:
    """A self-contained NumPy script: the problem, f, G and J, a gradient check and the VJP.

    It runs with NumPy alone and raises ``AssertionError`` if a check fails.
    """
    parts = ["import numpy as np\n", data_code(problem, "np")]
    parts += [f"# {text}\n{code}" for text, code in SECTIONS]
    return "\n".join(parts)


def torch_snippet(problem: Problem) -> str:
    """The same checks with PyTorch's autodiff (``torch.func.jacrev`` and ``backward``)."""
    return "\n".join([
        "import torch\n",
        data_code(problem, "torch"),
        '''\
def f(W):
    return (a @ W) * (b @ W)  # the question's row spelling works as it is written


m, n = W.shape
J = torch.func.jacrev(f)(W)  # shape (n, m, n): J[k, i, j] = ∂f_k/∂W_ij
G = (torch.outer(a, b) + torch.outer(b, a)) @ W
expected = torch.zeros_like(J)
expected[torch.arange(n), :, torch.arange(n)] = G.T  # δ_jk G[i, k]
scale = G.abs().max().item() or 1.0
assert torch.allclose(J, expected, rtol=1e-12, atol=1e-12 * scale)

g = torch.randn(n, dtype=torch.float64)  # an upstream gradient
Wr = W.clone().requires_grad_()
(g @ f(Wr)).backward()
assert torch.allclose(Wr.grad, G * g, rtol=1e-12, atol=1e-12 * scale)  # G·Diag(g)
print("torch agrees: J[k, i, j] = δ_jk G[i, k] and the gradient of gᵀf is G·Diag(g)")
'''])
