r"""What reverse mode's ``jacrev`` returns for one problem, counted and said in sentences.

``torch.func.jacrev`` / ``jax.jacrev`` run one VJP per output entry F_(r,)k with a one-hot
cotangent; that pass returns ∂F_(r,)k/∂W, zero outside column k. So of the L·m·n entries of the
dense result (L = n, or p·n for an output of shape (p, n)) at most L·m can be non-zero, and
one ``vjp`` with any cotangent returns the m·n numbers of ∇_W⟨g, F⟩ instead. The counts and
the sentences the layouts page shows are computed here, for every model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.facts import facts, why_G_zero
from hadviz.latex import plural
from hadviz.problem import Problem

__all__ = ["JacrevCost", "bytes_text", "jacrev_cost"]


@dataclass(frozen=True)
class JacrevCost:
    """What ``torch.func.jacrev`` / ``jax.jacrev`` return for one problem, counted.

    Attributes
    ----------
    entries : int
        L·m·n, the size of the dense result (L = n, or p·n with output rows).
    structural_zeros : int
        L·m·(n − 1): the entries with j ≠ k, 0 for every W and parameters of these sizes.
    zeros : int
        The entries that are 0 for these numbers, counted in the dense array (≥
        ``structural_zeros``; all of them when the compact form is 0).
    dense_bytes, G_bytes : int
        The dense result and the compact form (L·m numbers) in float64.
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
    G = problem.model.compact_symbol
    if zeros == entries:
        counted = "that one entry is" if entries == 1 else f"all {entries:,} entries are"
        why = f" ({why_G_zero(facts(problem))})" if problem.fn == "hadamard" else ""
        return f"For these numbers {counted} 0: {G} = 0 here{why}."
    extra = zeros - structural
    if extra == 0:
        return ("For these numbers it is not 0." if entries == 1 else
                "For these numbers none of them is 0." if structural == 0 else
                f"For these numbers no other entry is 0: every entry of {G} is non-zero.")
    if structural == 0:
        counted = "entry is" if extra == 1 else "entries are"
        return (f"For these numbers {extra:,} of the {entries:,} {counted} 0: the "
                f"{plural(extra, 'zero entry', 'zero entries', number=False)} of {G}.")
    return (f"For these numbers {zeros:,} entries are 0: the {structural:,} structural zeros "
            f"and {plural(extra, 'zero entry', 'zero entries')} of {G}.")


def jacrev_cost(problem: Problem, J: NDArray) -> JacrevCost:
    """Count what ``jacrev`` returns for ``problem``: the dense J it builds.

    Examples
    --------
    >>> c = jacrev_cost(Problem([[1.0, 2.0]], [1.0], [1.0]), np.zeros((2, 1, 2)))
    >>> c.entries, c.structural_zeros, c.zeros, c.dense_bytes, c.G_bytes
    (4, 2, 4, 32, 16)
    """
    model, m, n, p = problem.model, problem.m, problem.n, problem.p
    rows = model.rows
    outputs = p * n if rows else n
    entries, size = outputs * m * n, outputs * m
    structural = entries - size
    zeros = int(J.size - np.count_nonzero(J))
    dense, compact = 8 * entries, 8 * size
    G = model.compact_symbol
    factors = f"p · n · m · n = {p} · {n} · {m} · {n}" if rows else f"n · m · n = {n} · {m} · {n}"
    counts = f"{factors} = {plural(entries, 'entry', 'entries')}"
    inputs = ", ".join(model.param_names) + " and W"
    if n == 1:
        lead = (f"For your {m} × {n} problem the dense result has {counts}, as many as {G}: "
                f"with n = 1 the {'slices are' if rows and p > 1 else 'one slice is'} all of "
                f"{G}, so there are no structural zeros.")
        memory = f"In float64 it takes {bytes_text(dense)}, the same as {G}."
    else:
        most = "p · m · n" if rows else "m · n"
        where = "slice (r, k)" if rows else "slice k"
        lead = (f"For your {m} × {n} problem the dense result has {counts}. At most {most} = "
                f"{size:,} of them can be non-zero ({where} only in its column k), so "
                f"{structural:,} ({structural / entries:.1%}) are structural zeros, 0 for "
                f"every {inputs} of this size.")
        memory = (f"In float64 it takes {bytes_text(dense)}, {n} times the "
                  f"{bytes_text(compact)} of {G}, which holds every entry that can be non-zero.")
    grad = f"{plural(m * n, 'entry', 'entries')} ({bytes_text(8 * m * n)})"
    vjp = (f"{grad}, here as many as jacrev's." if m * n == entries else
           f"{grad} instead of jacrev's {entries:,} ({bytes_text(dense)}), when what you need "
           "is gᵀJ, not J itself.")
    sentence = f"{lead} {_zeros_sentence(entries, structural, zeros, problem)} {memory}"
    return JacrevCost(entries, structural, zeros, dense, compact, sentence, vjp)
