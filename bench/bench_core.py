"""Speed and memory of the core, as ratios against baselines run in the same process.

Run: ``make bench`` (or ``python bench/bench_core.py``). Machines here are shared and noisy,
so every figure is a ratio of two timings taken back to back, each the best of several runs.

1. Scaling: the time of G = (abᵀ + baᵀ)W at 2m × 2n over m × n. O(mn) predicts 4.
2. G against the textbook dense evaluation (form the m × m matrix abᵀ + baᵀ, multiply by W).
3. JVP and VJP against contracting the dense (n, m, n) Jacobian.
4. Peak memory of G and of the dense layouts, over the memory of W itself.
5. Tensor diagrams' einsums against hadviz's own computation.
6. The family: each model's compact Jacobian at 2048 × 2048 against the question's; the matrix
   model at 2048 × 2048 with p = 8 against its memory floor (the (m, p, n) array it must
   return: 256 MiB) in bytes, and against writing that many bytes once in time.
"""

from __future__ import annotations

import timeit
import tracemalloc
from functools import partial

import numpy as np

from hadviz import (
    hadamard_f,
    jacobian,
    jacobian_compact,
    jacobian_vec,
    jvp,
    random_problem,
    vjp,
)
from hadviz.diagrams import DIAGRAMS, evaluate
from hadviz.models import MODELS


def best(fn, number: int = 20, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def peak_bytes(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def dense_compact(W, a, b):
    """The textbook evaluation: form the m × m matrix, then multiply."""
    return (np.outer(a, b) + np.outer(b, a)) @ W


def dense_jvp(W, a, b, H):
    return np.einsum("kij,ij->k", jacobian(W, a, b), H)


def dense_vjp(W, a, b, g):
    return np.einsum("k,kij->ij", g, jacobian(W, a, b))


def main() -> None:
    print("1. scaling of G = (ab^T + ba^T)W  (O(mn) predicts 4.0 when m and n double)")
    for m, n in [(64, 64), (256, 256), (1024, 1024)]:
        small = random_problem(m, n, seed=1)
        large = random_problem(2 * m, 2 * n, seed=1)
        t_small = best(lambda p=small: jacobian_compact(p.W, p.a, p.b))
        t_large = best(lambda p=large: jacobian_compact(p.W, p.a, p.b))
        print(f"   {m:5d}x{n:<5d} -> {2 * m}x{2 * n}: time ratio {t_large / t_small:5.2f}")

    print("2. G against forming the dense m x m matrix (ab^T + ba^T) and multiplying by W")
    for m, n in [(64, 64), (512, 64), (2048, 16)]:
        p = random_problem(m, n, seed=2)
        t_fast = best(partial(jacobian_compact, p.W, p.a, p.b))
        t_dense = best(partial(dense_compact, p.W, p.a, p.b))
        print(f"   m={m:5d} n={n:3d}: dense / hadviz = {t_dense / t_fast:6.1f}x")

    print("3. JVP and VJP against contracting the dense (n, m, n) Jacobian")
    for m, n in [(16, 16), (64, 64)]:
        p = random_problem(m, n, seed=3)
        H = np.random.default_rng(0).standard_normal((m, n))
        g = np.ones(n)
        t_jvp = best(partial(jvp, p.W, p.a, p.b, H))
        t_jvp_dense = best(partial(dense_jvp, p.W, p.a, p.b, H), number=5)
        t_vjp = best(partial(vjp, p.W, p.a, p.b, g))
        t_vjp_dense = best(partial(dense_vjp, p.W, p.a, p.b, g), number=5)
        print(f"   {m}x{n}: JVP dense / hadviz = {t_jvp_dense / t_jvp:6.1f}x, "
              f"VJP dense / hadviz = {t_vjp_dense / t_vjp:6.1f}x")

    print("4. peak memory over the size of W")
    for m, n in [(64, 64), (128, 128)]:
        p = random_problem(m, n, seed=4)
        w = p.W.nbytes
        for name, fn in [("G", jacobian_compact), ("J (n,m,n)", jacobian),
                         ("vec-J (n,mn)", jacobian_vec)]:
            ratio = peak_bytes(partial(fn, p.W, p.a, p.b)) / w
            print(f"   {m}x{n} {name:13s}: {ratio:8.1f} x W")

    print("5. tensor diagrams: each einsum on the page against hadviz's own computation")
    for m, n in [(16, 16), (64, 64)]:
        p = random_problem(m, n, seed=5)
        for diagram in DIAGRAMS:
            t_diagram = best(partial(evaluate, diagram, p), number=3, repeat=3)
            t_hadviz = best(partial(_DIRECT[diagram.equals], p), number=3, repeat=3)
            print(f"   {m}x{n} {diagram.key:13s}: einsum / hadviz = {t_diagram / t_hadviz:7.1f}x")


def family_rows() -> None:
    print("6. the model family at 2048 x 2048 (compact Jacobian; best of 3 x 3, same process)")
    base = random_problem(2048, 2048, seed=6)
    t_base = best(lambda: base.model.compact(base.W, *base.arrays), number=3, repeat=3)
    for fn in MODELS:
        q = random_problem(2048, 2048, seed=6, fn=fn, p=8)
        t = best(lambda q=q: q.model.compact(q.W, *q.arrays), number=3, repeat=3)
        print(f"   {fn:9s} (p = {q.p}): compact / question's G = {t / t_base:6.2f}x")
    q = random_problem(2048, 2048, seed=6, fn="matrix", p=8)
    floor = q.m * q.p * q.n * q.W.itemsize
    peak = peak_bytes(lambda: q.model.compact(q.W, *q.arrays))
    print(f"   matrix p = 8: peak memory of C (m, p, n) / its own size = {peak / floor:5.2f}x "
          f"(floor {floor / 2**20:.0f} MiB; 1.00x is the floor)")

    def write_floor():
        out = np.empty((q.m, q.p, q.n))
        out.fill(1.0)
        return out

    t_floor = best(write_floor, number=3, repeat=3)
    t_C = best(lambda: q.model.compact(q.W, *q.arrays), number=3, repeat=3)
    print(f"   matrix p = 8: time of C / writing {floor / 2**20:.0f} MiB once = "
          f"{t_C / t_floor:5.2f}x (1.00x: as fast as filling that memory with a constant)")
    H, g = np.ones_like(q.W), np.ones((q.p, q.n))
    for name, fn in (("F", lambda: q.model.f(q.W, *q.arrays)),
                     ("JVP", lambda: q.model.jvp(q.W, *q.arrays, H)),
                     ("VJP", lambda: q.model.vjp(q.W, *q.arrays, g))):
        t = best(fn, number=3, repeat=3)
        print(f"   matrix p = 8: {name:3s} / W.copy() = {t / best(q.W.copy, 3, 3):6.2f}x")


#: hadviz's own computation of what each diagram equals
_DIRECT = {"f": lambda p: hadamard_f(p.W, p.a, p.b), "J": lambda p: jacobian(p.W, p.a, p.b),
           "G": lambda p: jacobian_compact(p.W, p.a, p.b),
           "vjp": lambda p: vjp(p.W, p.a, p.b, np.ones(p.n))}


if __name__ == "__main__":
    main()
    family_rows()
