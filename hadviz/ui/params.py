"""Page-parameter widgets: each one a widget, a URL parameter, and a rule of hadviz.urlparams.

A widget takes its first value from the URL (an invalid one falls back to the default with a
warning naming it), keeps a remembered value valid when the problem changes, writes its value
back to the URL on every run, and records its parameter on the run's
:class:`~hadviz.ui.frame.Context` so that :func:`~hadviz.ui.frame.finish` keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from hadviz.ui.frame import context
from hadviz.ui.url import current_params
from hadviz.urlparams import (
    parse_choice,
    parse_float,
    parse_int,
    parse_int_range,
    parse_multi,
    parse_step,
    parse_text,
    query_multi,
    query_step,
)

__all__ = ["choice_param", "float_param", "index_param", "int_range_param", "multi_param",
           "select_param", "stepper", "text_param"]

C = TypeVar("C", bound=str)


def _page_param(names: Sequence[str], key: str,
                parse: Callable[[dict[str, list[str]], list[str]], Any],
                clamp: Callable[[Any], Any]) -> None:
    """Initialise widget ``key`` from the URL the first time it is shown, keep a remembered
    value valid afterwards, and record the URL parameters ``names`` as used in this run."""
    ss = st.session_state
    if key not in ss:
        warnings: list[str] = []
        ss[key] = parse(current_params(), warnings)
        for message in warnings:
            st.warning(message, icon="⚠️")
    else:
        ss[key] = clamp(ss[key])
    context().params.update(names)


def _write(name: str, value: str) -> None:
    if st.query_params.get_all(name) != [value]:
        st.query_params[name] = value


def index_param(label: str, name: str, count: int, default: int = 0,
                help: str | None = None, container: Any = None) -> int:
    """A 1-based index selector for 0..count-1, synced with URL parameter ``name``.

    Returns the 0-based index; when the problem shrinks, the index is clamped.
    """
    key = f"hv_p_{name}"
    default = min(default, count - 1)
    _page_param([name], key, lambda p, w: parse_int(p, name, 1, count, default + 1, w),
                lambda current: min(max(int(current), 1), count))
    value = (container or st).number_input(label, 1, count, step=1, key=key, help=help)
    _write(name, str(int(value)))
    return int(value) - 1


def choice_param(label: str, name: str, options: Sequence[C], default: C,
                 labels: dict[C, str] | None = None, help: str | None = None,
                 container: Any = None, horizontal: bool = True) -> C:
    """A radio choice synced with URL parameter ``name``; returns the chosen option."""
    key = f"hv_p_{name}"
    _page_param([name], key, lambda p, w: parse_choice(p, name, options, default, w),
                lambda current: current if current in options else default)
    value = (container or st).radio(label, options, key=key, horizontal=horizontal, help=help,
                                    format_func=labels.__getitem__ if labels else str)
    _write(name, value)
    return next(o for o in options if o == value)


def select_param(label: str, name: str, options: Sequence[C], default: C,
                 labels: dict[C, str] | None = None, help: str | None = None,
                 container: Any = None) -> C:
    """A drop-down choice synced with URL parameter ``name``; returns the chosen option."""
    key = f"hv_p_{name}"
    _page_param([name], key, lambda p, w: parse_choice(p, name, options, default, w),
                lambda current: current if current in options else default)
    value = (container or st).selectbox(label, options, key=key, help=help,
                                        format_func=labels.__getitem__ if labels else str)
    _write(name, value)
    return next(o for o in options if o == value)


def text_param(label: str, name: str, limit: int, height: int = 160,
               placeholder: str = "", help: str | None = None) -> tuple[str, bool]:
    """A text area whose text is kept in URL parameter ``name`` while it has at most
    ``limit`` characters (longer text stays in this tab's session only).

    Returns the text and whether the URL keeps it.
    """
    key = f"hv_p_{name}"
    _page_param([name], key, lambda p, w: parse_text(p, name, limit, w), str)
    text = st.text_area(label, key=key, height=height, placeholder=placeholder, help=help)
    kept = 0 < len(text) <= limit
    if kept:
        _write(name, text)
    elif name in st.query_params:
        del st.query_params[name]
    return text, kept


def float_param(label: str, name: str, lo: float, hi: float, default: float,
                help: str | None = None, container: Any = None, fmt: str = "%.3g") -> float:
    """A float input in [lo, hi] synced with URL parameter ``name``."""
    key = f"hv_p_{name}"
    _page_param([name], key, lambda p, w: parse_float(p, name, lo, hi, default, w),
                lambda current: float(min(max(float(current), lo), hi)))
    value = (container or st).number_input(label, lo, hi, key=key, help=help, format=fmt)
    _write(name, repr(float(value)))
    return float(value)


def int_range_param(label: str, names: tuple[str, str], lo: int, hi: int,
                    default: tuple[int, int], help: str | None = None,
                    container: Any = None) -> tuple[int, int]:
    """A range slider of integers synced with two URL parameters; returns (low, high)."""
    key = f"hv_p_{names[0]}_{names[1]}"
    _page_param(names, key, lambda p, w: parse_int_range(p, names, lo, hi, default, w), tuple)
    low, high = (container or st).slider(label, lo, hi, key=key, help=help)
    if low == high:  # a range needs two ends
        low, high = (low - 1, high) if low > lo else (low, high + 1)
    _write(names[0], str(low))
    _write(names[1], str(high))
    return int(low), int(high)


def multi_param(label: str, name: str, options: Sequence[C], default: Sequence[C],
                labels: dict[C, str] | None = None, help: str | None = None,
                container: Any = None) -> tuple[C, ...]:
    """A multi-select (pills) synced with URL parameter ``name`` as a comma-separated list."""
    key = f"hv_p_{name}"
    _page_param([name], key, lambda p, w: parse_multi(p, name, options, default, w),
                lambda current: [c for c in current or [] if c in options])
    chosen = (container or st).pills(label, options, selection_mode="multi", key=key, help=help,
                                     format_func=labels.__getitem__ if labels else str)
    ordered = tuple(o for o in options if o in (chosen or []))
    _write(name, query_multi(ordered))
    return ordered


def _move_step(key: str, delta: int, count: int) -> None:
    current = st.session_state[key]
    st.session_state[key] = 1 if current == 0 else min(max(current + delta, 1), count)


def _set_step(key: str, value: int) -> None:
    st.session_state[key] = value


def stepper(name: str, count: int, noun: str = "step") -> int:
    """Previous / next / show-all controls for a classroom walk-through.

    Synced with URL parameter ``name`` (``all`` or 1 … count). Returns the current step,
    1-based, or 0 when all steps are shown.
    """
    key = f"hv_p_{name}"
    _page_param([name], key, lambda p, w: parse_step(p, name, count, w),
                lambda current: min(max(int(current), 0), count))
    current = int(st.session_state[key])
    c1, c2, c3, c4 = st.columns([1, 1, 1, 3], vertical_alignment="center")
    # no arrow icons: Streamlit already shows each button's key (← and →) after its label
    c1.button("Previous", key=f"{key}_prev", width="stretch",
              on_click=_move_step, args=(key, -1, count), disabled=current == 1,
              shortcut="Left", help="Key: ←")
    c2.button("Next", key=f"{key}_next", width="stretch",
              on_click=_move_step, args=(key, 1, count), disabled=current == count,
              shortcut="Right", help="Key: →")
    c3.button("Show all", icon=":material/list:", key=f"{key}_all", width="stretch",
              on_click=_set_step, args=(key, 0), disabled=current == 0)
    c4.progress(1.0 if current == 0 else current / count,
                text=f"All {count} {noun}s" if current == 0 else f"{noun.capitalize()} "
                f"{current} of {count}")
    _write(name, query_step(current))
    return current
