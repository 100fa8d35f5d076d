"""The question's vec-Jacobian as Kronecker products.

∂f/∂vec(W) = Diag(v)(Iₙ ⊗ aᵀ) + Diag(u)(Iₙ ⊗ bᵀ):

vec stacks the columns of W (column-major), so Wᵀa = (Iₙ ⊗ aᵀ) vec(W), and the product rule
with the Diag trick gives the n × mn matrix whose row k is G[:, k]ᵀ in block k.
"""

from __future__ import annotations

import numpy as np

from hadviz.models import projections
from hadviz.problem import Problem

__all__ = ["kronecker_form"]


def kronecker_form(p: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Iₙ⊗aᵀ, Iₙ⊗bᵀ and Diag(Wᵀb)(Iₙ⊗aᵀ) + Diag(Wᵀa)(Iₙ⊗bᵀ), from a, b and W (not G)."""
    u, v = projections(p.W, p.a, p.b)
    I_n = np.eye(p.n)
    kron_a, kron_b = np.kron(I_n, p.a[np.newaxis, :]), np.kron(I_n, p.b[np.newaxis, :])
    return kron_a, kron_b, np.diag(v) @ kron_a + np.diag(u) @ kron_b
