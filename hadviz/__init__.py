"""hadviz: an interactive explainer of the derivative of f(W) = (aᵀW) ∘ (bᵀW).

The package is a pure numerical core (no user-interface imports) plus one small glue
package, :mod:`hadviz.ui`, that the Streamlit pages use. The public API is re-exported
here; the index convention everywhere is J[k, i, j] = ∂f_k/∂W_ij = δ_jk G[i, k] with
G = (abᵀ + baᵀ)W.
"""

from hadviz.calculus import (
    hadamard_f,
    hessian,
    jacobian,
    jacobian_compact,
    jacobian_vec,
    jvp,
    projections,
    second_order_term,
    vjp,
)
from hadviz.problem import DISTRIBUTIONS, Problem, random_problem

__all__ = [
    "DISTRIBUTIONS",
    "Problem",
    "hadamard_f",
    "hessian",
    "jacobian",
    "jacobian_compact",
    "jacobian_vec",
    "jvp",
    "projections",
    "random_problem",
    "second_order_term",
    "vjp",
]

__version__ = "0.1.0"
