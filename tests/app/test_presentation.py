"""AppTest: presentation mode (present=1) and the take-home downloads, across pages."""

from __future__ import annotations

from .helpers import run_app


def test_present_parameter_turns_the_mode_on_and_travels():
    at = run_app("pages/derivation.py", m="2", n="3", seed="1", dist="int", present="1")
    assert at.toggle(key="hv_present").value is True
    assert at.query_params["present"] == "1"
    # the introduction folds into notes; the walk shows one step, the first
    assert next(e.label for e in at.expander) == "Notes for this page"
    assert [m.value for m in at.markdown if m.value.startswith("**Step ")] == ["**Step 1 of 6** ✓"]
    # the page's own CSS sets the body for the back of the room
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "font-size: 22px" in styles
    # the path links keep the mode
    links = [link.proto.query_string for link in at.get("page_link")
             if hasattr(link.proto, "query_string")]
    assert links and all("present=1" in q for q in links), links[:3]


def test_toggle_off_drops_the_parameter_and_the_large_type():
    at = run_app(present="1")
    at.toggle(key="hv_present").set_value(False).run()
    assert "present" not in at.query_params
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "font-size: 22px" not in styles
    assert "overflow-x: auto" in styles  # wide formulas still scroll with their cue


def test_pages_offer_their_downloads():
    expected = {
        "pages/jacobian.py": {"G as CSV", "G as .npy", "J as CSV", "J as .npy"},
        "pages/derivation.py": {"Derivation as .tex"},
        "pages/finite-differences.py": {"Jupyter notebook", "NumPy script", "PyTorch script"},
    }
    for page, labels in expected.items():
        at = run_app(page, m="2", n="3", seed="1", dist="int")
        assert {b.proto.label for b in at.get("download_button")} == labels, page
