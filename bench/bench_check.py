"""The answer checker's cost, as ratios against baselines run in the same process.

Run: ``make bench`` (or ``python bench/bench_check.py``). Each figure is the best of several
runs of two timings taken back to back on the same input.

1. Reading a pasted 64 × 64 problem's J (262,144 numbers, as ``J.tolist()`` prints them) with
   hadviz's reader (which runs nothing and records each number's typed precision) against
   the C JSON parser reading the same text into the same array (no precision, no messages).
2. Naming it: comparing it with every formula in every layout of its shape, against
   computing the dense J once.
3. A typed formula at 64 × 64, ``(a b^T + b a^T) W``, parsed and evaluated with its rounding
   scale, against numpy evaluating the same expression directly.
"""

from __future__ import annotations

import json
import timeit

import numpy as np

from hadviz.formula import evaluate_formula
from hadviz.identify import candidates
from hadviz.pasted import parse_array
from hadviz.problem import random_problem


def best(fn, number: int = 1, repeat: int = 5) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    p = random_problem(64, 64, 0, "normal")
    J = p.model.jacobian(p.W, *p.arrays)
    text = repr(J.tolist())
    print(f"1. reading a pasted 64 x 64 J ({J.size:,} numbers, {len(text) / 1e6:.1f} MB)")
    t_ours = best(lambda: parse_array(text), repeat=3)
    t_json = best(lambda: np.asarray(json.loads(text)), repeat=3)
    print(f"   hadviz's reader / json.loads + np.asarray = {t_ours / t_json:5.2f}x "
          f"({t_ours:.2f} s)")
    zeros = np.zeros(J.shape)
    t_name = best(lambda: candidates(p, J, zeros), repeat=3)
    t_dense = best(lambda: p.model.jacobian(p.W, *p.arrays), number=3)
    count = len(candidates(p, J, zeros))
    print(f"2. naming it: {count} formula-layout pairs of its shape compared")
    print(f"   compare all / compute the dense J once = {t_name / t_dense:6.1f}x ({t_name:.2f} s)")
    a, b, W = p.a[:, None], p.b[:, None], p.W
    symbols = {"W": p.W, "a": p.a, "b": p.b}
    t_formula = best(lambda: evaluate_formula("(a b^T + b a^T) W", symbols), number=20)
    t_numpy = best(lambda: (a @ b.T + b @ a.T) @ W, number=20)
    print("3. the formula (a b^T + b a^T) W at 64 x 64, read, evaluated and its rounding scale")
    print(f"   hadviz / numpy directly = {t_formula / t_numpy:6.1f}x")


if __name__ == "__main__":
    main()
