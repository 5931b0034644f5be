"""The site's readings of the draft's targets are marked as readings wherever the target is shown, and explained
on the metric's page (review B-10): a rule, a deadline or an "all along" the draft does not state is never shown
as the strategy's own."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator import cli
from tests.support.content import LANGS, load, norm, ui
from tests.support.project import copy_project
from tests.support.site import article


@pytest.mark.parametrize("lang", LANGS)
def test_each_reading_is_marked_and_explained_on_its_metric_page(built_site, lang):
    site, t, slugs = built_site / "site", ui(lang), load(lang, "ui.yml")["slugs"]
    words = load(lang, "metrics.yml")
    readings = [m for m in load("metrics.yml") if m.get("target", {}).get("reading")]
    assert len(readings) >= 4
    for metric in load("metrics.yml"):
        page = article(site, lang, f"{slugs['metrics']}/{words[metric['id']]['slug']}")
        target = next(dt for dt in page.select("dl dt") if norm(dt.get_text()) == t["target"]).find_next_sibling("dd")
        is_reading = metric in readings
        assert (
            f"{t['target_reading']})" in norm(target.get_text(" ")) or f"; {t['target_reading']}" in target.get_text()
        ) == is_reading, metric["id"]
        method = next(h for h in page.find_all("h2") if norm(h.get_text()) == t["method"])
        below = []
        for sibling in method.find_next_siblings():
            if sibling.name == "h2":
                break
            below.append(norm(sibling.get_text(" ")))
        explained = f"{t['target_reading_heading']}: {norm(words[metric['id']].get('target_reading', ''))}"
        assert (explained in below) == is_reading, (metric["id"], below)


def test_a_reading_without_its_explanation_is_a_content_error(tmp_path):
    proj = copy_project(tmp_path / "p")
    path = proj / "content" / "sv" / "metrics.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("population:"))
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("  target_reading:"))
    end = next(i for i in range(at + 1, len(lines) + 1) if i == len(lines) or not lines[i].startswith("    "))
    path.write_text("".join(lines[:at] + lines[end:]), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["check", "--root", str(proj)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: content/sv/metrics.yml:{start + 1}: population: the target is marked as the site's reading "
        "(metrics.yml target.reading) but has no 'target_reading' text [missing-translation] – add 'target_reading:' "
        "saying which part of the target is the site's reading and why"
    )


@pytest.mark.parametrize(
    "lang, target, unit",
    [
        ("fi", "\u221210\u00a0% lähtötasosta", "\u00a0€/asukas"),
        ("sv", "\u221210\u00a0% jämfört med utgångsnivån", "\u00a0€/invånare"),
    ],
)
def test_site_built_figures_keep_their_typography(built_site, lang, target, unit):
    """The relative target has the no-break space before % as every figure (B-26), and a per-resident figure
    is written with the slash between single words unspaced (B-27); the draft's own "Konsernivelka / asukas"
    is the draft's text and stays."""
    site, slugs, words = built_site / "site", load(lang, "ui.yml")["slugs"], load(lang, "metrics.yml")
    debt = article(site, lang, f"{slugs['metrics']}/{words['group-debt-per-resident']['slug']}")
    assert target in debt.get_text()
    margin = article(site, lang, f"{slugs['metrics']}/{words['annual-margin-per-resident']['slug']}")
    values = [td.get_text() for td in margin.select("table td[data-value]")]
    assert values and all(v.endswith(unit) for v in values), values
    assert all(" / " not in v for v in values)


@pytest.mark.parametrize(
    "lang, keep, formula",
    [
        ("fi", "yli 100 % strategiakauden 2018–2021 ajan", "kaavalla työttömät / työvoima"),
        ("sv", "över 100 % under hela strategiperioden 2018–2021", "formeln arbetslösa / arbetskraften"),
    ],
)
def test_target_and_formula_read_as_sentences(built_site, lang, keep, formula):
    """A target kept all along has no comma before its period, which in Swedish would read as a second "under"
    (B-48); a formula names its figures as words inside a sentence, not as capitalised headings (B-43)."""
    site, slugs, words = built_site / "site", load(lang, "ui.yml")["slugs"], load(lang, "metrics.yml")
    margin = article(site, lang, f"{slugs['metrics']}/{words['annual-margin-to-depreciation']['slug']}")
    assert keep in norm(margin.get_text(" "))
    rate = article(site, lang, f"{slugs['metrics']}/{words['unemployment-rate']['slug']}")
    assert formula in norm(rate.get_text(" "))
