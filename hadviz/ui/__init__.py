"""The Streamlit glue: the only hadviz package that imports streamlit.

:mod:`hadviz.ui.state` holds the shared sidebar, URL sync and page-parameter widgets;
:mod:`hadviz.ui.cached` the bounded caches around the core. Pages import from here.
"""

from hadviz.ui.cached import (
    cached_check_view,
    cached_column_view,
    cached_diag_steps,
    cached_error_figure,
    cached_expansion_figure,
    cached_expansion_view,
    cached_f_view,
    cached_gradient_view,
    cached_jacobian_view,
    cached_lab_view,
    cached_symbolic,
)
from hadviz.ui.state import (
    Context,
    choice_param,
    context,
    finish,
    float_param,
    index_param,
    int_range_param,
    multi_param,
    plot,
    report_failure,
    setup,
    stepper,
)

__all__ = [
    "Context",
    "cached_check_view",
    "cached_column_view",
    "cached_diag_steps",
    "cached_error_figure",
    "cached_expansion_figure",
    "cached_expansion_view",
    "cached_f_view",
    "cached_gradient_view",
    "cached_jacobian_view",
    "cached_lab_view",
    "cached_symbolic",
    "choice_param",
    "context",
    "finish",
    "float_param",
    "index_param",
    "int_range_param",
    "multi_param",
    "plot",
    "report_failure",
    "setup",
    "stepper",
]
