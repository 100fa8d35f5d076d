"""Take-home files for the current problem and its model, as bytes or text (the pages offer
them for download): the arrays (:mod:`~hadviz.exports.arrays`), the derivation as a LaTeX document
(:mod:`~hadviz.exports.tex`), a Jupyter notebook (:mod:`~hadviz.exports.notebook`) and short
NumPy and PyTorch snippets (:mod:`~hadviz.exports.snippet`). Each rebuilds the problem from
its exact numbers, so a file reproduces what the page shows.
"""

from hadviz.exports.arrays import g_csv, j_csv, npy
from hadviz.exports.notebook import notebook
from hadviz.exports.snippet import file_stem, numpy_snippet, torch_snippet
from hadviz.exports.tex import derivation_tex

__all__ = ["derivation_tex", "file_stem", "g_csv", "j_csv", "notebook", "npy", "numpy_snippet",
           "torch_snippet"]
