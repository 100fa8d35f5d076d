"""Download buttons for the take-home files of :mod:`hadviz.exports`.

Each file is made only when its button is pressed (Streamlit calls the function then), so
offering a 64 × 64 problem's J costs nothing on the page's own runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import streamlit as st

from hadviz import exports
from hadviz.problem import Problem

__all__ = ["Download", "downloads", "script_downloads"]


class Download(NamedTuple):
    """One file: button label, file name, MIME type, and the function that makes it."""

    label: str
    file_name: str
    mime: str
    make: Callable[[], str | bytes]


def downloads(title: str, files: Sequence[Download], caption: str = "") -> None:
    """A titled row of download buttons (they wrap on a phone)."""
    st.markdown(f"**{title}**")
    if caption:
        st.caption(caption)
    columns = st.columns(min(len(files), 4))
    for index, item in enumerate(files):
        columns[index % len(columns)].download_button(
            item.label, item.make, file_name=item.file_name, mime=item.mime,
            icon=":material/download:", on_click="ignore", key=f"hv_dl_{item.file_name}",
            width="stretch")


def script_downloads(problem: Problem) -> list[Download]:
    """The NumPy and PyTorch scripts of the problem's model (the lab and the layouts page)."""
    stem = exports.file_stem(problem)
    return [
        Download("NumPy script", f"{stem}_numpy.py", "text/x-python",
                 lambda: exports.numpy_snippet(problem)),
        Download("PyTorch script", f"{stem}_torch.py", "text/x-python",
                 lambda: exports.torch_snippet(problem)),
    ]
