"""Shapes of a problem's arrays, checked: W (m, n) and each parameter (m,) or (m, p).

:func:`check_params` is the check :class:`~hadviz.problem.Problem` runs for any model, and
:func:`check_inputs` the question's (W, a, b) check the calculus functions use; both raise
:class:`ValueError` naming the input and the shape it should have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from hadviz.models import Model

__all__ = ["check_inputs", "check_params"]


def _as_array(name: str, value: ArrayLike, allow_complex: bool) -> NDArray:
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a numeric array; got {type(value).__name__}") from exc
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.number)
    ):
        raise ValueError(f"{name} must hold numbers; got dtype {arr.dtype}")
    if not allow_complex and np.iscomplexobj(arr):
        raise ValueError(f"{name} must be real; got a complex array")
    return arr


def _matrix_W(W: ArrayLike, allow_complex: bool) -> NDArray:
    """W as an array of shape (m, n), m, n ≥ 1, or ``ValueError`` saying what it is."""
    W = _as_array("W", W, allow_complex)
    if W.ndim != 2:
        raise ValueError(f"W must be a 2-D array of shape (m, n); got shape {W.shape}")
    if W.shape[0] < 1 or W.shape[1] < 1:
        raise ValueError(f"W must have m >= 1 rows and n >= 1 columns; got shape {W.shape}")
    return W


def check_inputs(
    W: ArrayLike, a: ArrayLike, b: ArrayLike, allow_complex: bool = True
) -> tuple[NDArray, NDArray, NDArray]:
    """Check that ``W``, ``a``, ``b`` have matching shapes and return them as arrays.

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like
    allow_complex : bool
        Whether complex entries are allowed (the complex-step derivative needs them).

    Returns
    -------
    W : (m, n) ndarray
    a, b : (m,) ndarray

    Raises
    ------
    ValueError
        When a shape does not fit; the message names the input and the expected shape.

    Examples
    --------
    >>> W, a, b = check_inputs([[1.0, 2.0]], [1.0], [2.0])
    >>> W.shape, a.shape
    ((1, 2), (1,))
    >>> check_inputs([[1.0, 2.0]], [1.0, 0.0], [2.0])
    Traceback (most recent call last):
    ...
    ValueError: a must have shape (m,) = (1,) to match W of shape (1, 2); got shape (2,)
    """
    W = _matrix_W(W, allow_complex)
    a = _as_array("a", a, allow_complex)
    b = _as_array("b", b, allow_complex)
    m = W.shape[0]
    for name, vec in (("a", a), ("b", b)):
        if vec.shape != (m,):
            raise ValueError(
                f"{name} must have shape (m,) = ({m},) to match W of shape {W.shape}; "
                f"got shape {vec.shape}"
            )
    return W, a, b


def check_params(model: Model, W: ArrayLike, arrays: Sequence[ArrayLike],
                 allow_complex: bool = True) -> tuple[NDArray, tuple[NDArray, ...]]:
    """Check ``W`` and the parameter arrays of ``model`` against each other.

    Parameters
    ----------
    model : Model
        Says which arrays it takes (:attr:`~hadviz.models.Model.params`): vectors of shape
        (m,), matrices of shape (m, p), every matrix with the same p ≥ 1.
    W : (m, n) array_like
    arrays : sequence of array_like, one per parameter, in the model's order

    Raises
    ------
    ValueError
        Naming the input and the shape it should have.

    Examples
    --------
    >>> from hadviz.models import MATRIX
    >>> W, (A, B) = check_params(MATRIX, [[1.0, 2.0]], [[[1.0, 2.0]], [[3.0, 4.0]]])
    >>> A.shape
    (1, 2)
    >>> check_params(MATRIX, [[1.0, 2.0]], [[[1.0, 2.0]], [[3.0]]])
    Traceback (most recent call last):
    ...
    ValueError: B must have shape (m, p) = (1, 2) to match W of shape (1, 2) and A; got shape (1, 1)
    """
    names = model.param_names
    if len(arrays) != len(names):
        raise ValueError(f"{model.name} takes {len(names)} parameter arrays "
                         f"({', '.join(names)}); got {len(arrays)}")
    W = _matrix_W(W, allow_complex)
    m = W.shape[0]
    out, p, first = [], None, ""
    for q, value in zip(model.params, arrays, strict=True):
        arr = _as_array(q.name, value, allow_complex)
        if not q.matrix:
            if arr.shape != (m,):
                raise ValueError(f"{q.name} must have shape (m,) = ({m},) to match W of shape "
                                 f"{W.shape}; got shape {arr.shape}")
        elif p is None:
            if arr.ndim != 2 or arr.shape[0] != m or arr.shape[1] < 1:
                raise ValueError(f"{q.name} must have shape (m, p) = ({m}, p), p >= 1, to match "
                                 f"W of shape {W.shape}; got shape {arr.shape}")
            p, first = arr.shape[1], q.name
        elif arr.shape != (m, p):
            raise ValueError(f"{q.name} must have shape (m, p) = ({m}, {p}) to match W of shape "
                             f"{W.shape} and {first}; got shape {arr.shape}")
        out.append(arr)
    return W, tuple(out)
