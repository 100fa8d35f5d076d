"""Figures as Chromium draws them at the sizes people choose: titles clear of their plots,
index axes from 1, colour bars long enough to read, and selections that hide no data.

One page visit checks every plot on the page (a visit costs seconds): the f page and the
Jacobian page, at 64 × 64 on a projector and a phone, and at 2 × 3 on a projector.
"""

from __future__ import annotations

import pytest

from .harness import settle

#: Everything measured about every plot of the main area, in CSS pixels. Index axes are
#: the linear ones with whole-number ticks (tickformat "d"); their range is plotly's final
#: one, after any autorange, and their first tick the lowest index labelled. The selected
#: column is the slice figure's column k (its title names it), with the part of it that
#: selection outlines leave uncovered.
MEASURE_PLOTS = r"""() => Array.from(
  document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')).map(plot => {
  const box = el => { const b = el.getBoundingClientRect();
                      return {l: b.left, r: b.right, t: b.top, b: b.bottom}; };
  const full = plot._fullLayout;
  const title = plot.querySelector('.gtitle');
  const titleText = title ? title.textContent : '';
  const areas = Array.from(plot.querySelectorAll('.nsewdrag')).map(box);
  const svg = box(plot.querySelector('.main-svg'));
  const bars = Array.from(plot.querySelectorAll('.colorbar')).map(cb => {
    const fill = box(cb.querySelector('.cbfills') || cb);
    return {title: (cb.querySelector('.cbtitle') || cb).textContent,
            long: Math.max(fill.r - fill.l, fill.b - fill.t)};
  });
  const axes = Object.keys(full).filter(k => /^[xy]axis\d*$/.test(k))
    .map(k => full[k])
    .filter(ax => ax.type === 'linear' && ax.tickformat === 'd' && ax.visible !== false)
    .map(ax => ({name: ax._name, range: ax.range.slice(),
                 first: (ax._vals || []).filter(v => v.text !== '')
                   .sort((u, v) => u.x - v.x).map(v => v.text)[0]}));
  let column = null;
  const k = (titleText.match(/0 outside column (\d+)/) || [])[1];
  if (k) {
    const xa = full.xaxis, left = svg.l + xa._offset;
    const c0 = left + xa.l2p(Number(k) - 0.5), c1 = left + xa.l2p(Number(k) + 0.5);
    let covered = 0;
    for (const path of plot.querySelectorAll('.shapelayer path')) {
      const b = box(path);
      const half = parseFloat(getComputedStyle(path).strokeWidth || '0') / 2;
      if (b.b < areas[0].t || b.t > areas[0].b) continue;   // above or below the plot
      for (const edge of [b.l, b.r]) {
        covered += Math.max(0, Math.min(c1, edge + half) - Math.max(c0, edge - half));
      }
    }
    column = {k: Number(k), width: c1 - c0, visible: c1 - c0 - covered};
  }
  return {title: titleText, titleBox: title ? box(title) : null, areas, svg, bars, axes,
          column};
})"""

#: (viewport, problem size): a projector with the sidebar closed and a phone, as in issue 20.
CASES = {
    "projector-64x64": ((1280, 720), "m=64&n=64"),
    "phone-64x64": ((390, 844), "m=64&n=64"),
    "projector-2x3": ((1280, 720), "m=2&n=3"),
}


def _overlaps(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 \
        and b["t"] < a["b"] - 1


def _close_sidebar(page) -> None:
    sidebar = page.locator("[data-testid=stSidebar]")
    if sidebar.count() and sidebar.get_attribute("data-collapsed") == "false":
        page.locator("[data-testid=stSidebar]").hover()
        page.locator("[data-testid=stSidebarCollapseButton] button").click(force=True)
        page.wait_for_function("document.querySelector('[data-testid=stSidebar]')"
                               ".getAttribute('data-collapsed') === 'true'", timeout=10_000)
        settle(page)


def _problems(plots: list[dict], where: str) -> list[str]:
    """What is wrong with the measured plots of one page, one line each."""
    found = []
    for p in plots:
        name = f"{where}: {p['title'][:40]!r}"
        box = p["titleBox"]
        if box and any(_overlaps(box, area) for area in p["areas"]):
            found.append(f"{name}: the title overlaps the plot area")
        if box and (box["r"] > p["svg"]["r"] + 1 or box["l"] < p["svg"]["l"] - 1):
            found.append(f"{name}: the title is wider than the figure")
        if box and box["t"] < p["svg"]["t"] - 1:
            found.append(f"{name}: the title starts above the figure")
        for ax in p["axes"]:
            start = min(ax["range"])
            if start < 0.5 - 1e-3:
                found.append(f"{name}: {ax['name']} starts at {start:.2f}, before index 1")
            elif abs(start - 0.5) < 1e-3 and ax["first"] not in (None, "1"):
                found.append(f"{name}: {ax['name']}'s first tick reads {ax['first']}, not 1")
        for bar in p["bars"]:
            if bar["long"] < 150:
                found.append(f"{name}: colour bar {bar['title']!r} is {bar['long']:.0f} px")
        column = p["column"]
        if column and column["visible"] < min(4.0, 0.5 * column["width"]):
            found.append(f"{name}: column {column['k']} shows {column['visible']:.1f} of "
                         f"{column['width']:.1f} px under its outline")
    return found


@pytest.mark.parametrize("case", list(CASES))
def test_figures_state_what_they_show_at_every_size(session, app_url, case):
    """On the f page and the Jacobian page: no title overlaps its plot or runs out of the
    figure, every index axis starts at index 1, every colour bar is at least 150 px long,
    and the slice's non-zero column is in plain view (the selection is drawn around or
    above it, never over it)."""
    (width, height), size = CASES[case]
    scheme = "dark" if case.startswith("phone") else "light"
    page = session(viewport={"width": width, "height": height}, color_scheme=scheme).new_page()
    problems, seen = [], {}
    for path in ("jacobian", ""):
        page.goto(f"{app_url}/{path}?{size}&seed=1&dist=normal&k=3&i=2&j=3")
        settle(page)
        _close_sidebar(page)
        assert page.locator("[data-testid=stException]").count() == 0
        plots = page.evaluate(MEASURE_PLOTS)
        seen[path or "f"] = plots
        problems += _problems(plots, f"/{path} at {case}")
    assert not problems, "\n".join(problems)
    # the checks saw what they are about: axes, bars, the slice's column
    jac = seen["jacobian"]
    assert sum(len(p["axes"]) for p in jac) >= 6
    assert any(p["column"] for p in jac) and sum(len(p["bars"]) for p in jac) >= 3
    assert {b["title"] for p in seen["f"] for b in p["bars"]} >= {"W, a, b", "u, v", "f"}
