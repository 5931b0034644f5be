"""The words and pictures the templates show about a metric: its values, status, target, changes and chart, in
one language (`MetricTexts`, which the pages hand to the templates as helpers), and a status's name, which the
open data files say too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup

from .. import charts
from ..contents import Content, Row
from ..metrics import Series, Status, add_months
from ..models import FREQUENCY_MONTHS
from .strings import Interface, MissingString
from .views import JUDGED, MetricView, source_name

# What the latest figure of an overdue metric is never said to say: nothing, or nothing judged.
NOT_JUDGED = (Status.NO_DATA, Status.REFERENCE, Status.FOLLOWED)


def status_name(ui: Interface, status: Status, series: Series) -> str:
    """A status in words, on the pages and in the data files; 'meets the target' names the period of the figure
    it is read from, as an interim reading is true only of that figure ("Tavoitetasolla (2018)")."""
    name = ui.t[f"status_{status.value.replace('-', '_')}"]
    if status is Status.MEETS_TARGET and series.latest:
        name += f" ({ui.fmt.period(series.latest.period)})"
    return name


class MetricTexts:
    """One language's texts about metrics, for the templates (`value(metric, n)`, `target_text(metric)`, …)."""

    def __init__(self, content: Content, ui: Interface, metrics: dict[str, MetricView]):
        self.content, self.ui, self.metrics = content, ui, metrics
        self.t, self.fmt = ui.t, ui.fmt

    def helpers(self) -> dict[str, Callable]:
        """The methods the templates call, by the names they call them."""
        names = (
            "value",
            "count",
            "source_name",
            "in_formula",
            "statistic_has_figures",
            "status_name",
            "status_label",
            "status_note",
            "judgement_text",
            "change_text",
            "round_change",
            "target_text",
            "reference_text",
            "chart",
            "chart_caption",
        )
        return {name: getattr(self, name) for name in names}

    def value(self, metric: MetricView, number: float | None) -> str:
        """A figure in the metric's unit; a rank as a place ("sija 3", "plats 3")."""
        if number is None:
            return "–"
        if metric.facts.unit == "rank":
            return self.t["rank_value"].format(rank=self.fmt.number(number))
        return self.fmt.value(number, metric.facts.unit, metric.facts.decimals)

    def count(self, key: str, n: int) -> str:
        if key not in self.ui.w.ui.plurals:
            raise MissingString(self.ui.lang, f"plurals.{key}")
        return self.fmt.count(key, n)

    def source_name(self, source_id: str) -> Markup:
        return source_name(self.content, self.ui, source_id)

    def in_formula(self, metric_id: str) -> str:
        """A metric's name inside a sentence or formula ("työttömät / työvoima", B-43), else its name."""
        return self.metrics[metric_id].words.in_formula or self.metrics[metric_id].name

    def statistic_has_figures(self, statistic_id: str) -> bool:
        """Whether the site shows any figure of the statistic (of any metric): one with none and no page of its
        own is named with the note that the site knows of no published results (B-60)."""
        return any(m.series.rows for m in self.metrics.values() if m.facts.statistic == statistic_id)

    # -- status

    def status_name(self, status: Status, metric: MetricView) -> str:
        return status_name(self.ui, status, metric.series)

    def status_label(self, metric: MetricView) -> str:
        return self.status_name(metric.series.status, metric)

    def status_note(self, metric: MetricView) -> str:
        """Said wherever a status is shown that was judged against a target the draft gives only as an example."""
        judged = metric.series.status in JUDGED
        return self.t["status_example"] if judged and metric.facts.target.stated == "example" else ""

    def judgement_text(self, metric: MetricView) -> str:
        """For an overdue metric with figures: what its latest figure says, as the status would be were it fresh."""
        ser = metric.series
        if ser.status is not Status.OVERDUE or not ser.rows or ser.judgement in NOT_JUDGED:
            return ""
        return self.t["judgement_of_latest"].format(
            period=self.fmt.period(ser.latest.period), status=self.t[f"status_{ser.judgement.value.replace('-', '_')}"]
        )

    # -- changes

    def change_text(self, metric: MetricView) -> str:
        """With no baseline, or for a figure followed without a target (its trend is all the site shows): the
        change from the reference point (the baseline, else the first figure inside the period) to the latest, in
        the metric's unit and in per cent, so the reader can judge what the site does not; a rank from place to
        place (a per cent of a place means nothing)."""
        ser = metric.series
        ref = ser.reference
        if (
            ser.judgement not in (Status.NO_BASELINE, Status.FOLLOWED)
            or ref is None
            or ser.latest is None
            or ser.latest.period == ref.point.period
        ):
            return ""
        start, end = self.fmt.period(ref.point.period), self.fmt.period(ser.latest.period)
        if metric.facts.unit == "rank":
            return self.t["change_since_rank"].format(
                start=start,
                end=end,
                first=self.value(metric, ref.point.value),
                latest=self.value(metric, ser.latest.value),
            )
        if ref.point.value == 0:
            return ""
        change, percent = self.difference(metric, ref.point.value, ser.latest.value)
        return self.t["change_since"].format(start=start, end=end, change=change, percent=percent)

    def difference(self, metric: MetricView, start: float, end: float) -> tuple[str, str]:
        """A change in the metric's unit and in per cent of where it started, signed ("+24", "+0,05 %"); the start
        is not zero."""
        diff = end - start
        sign = "+" if diff > 0 else ""
        return sign + self.value(metric, diff), sign + self.fmt.value(diff / start * 100, "percent", 2)

    def round_change(self, metric: MetricView, row: Row, before: Row | None, previous: Row | None) -> str:
        """What a round's figure changed (B-28): a revision of the same period's figure, else the change from the
        metric's previous figure in its unit and in per cent (a per cent figure's change in percentage points),
        else a new figure."""
        t = self.t
        if before is not None:
            if before.value == row.value:
                return t["change_unchanged"]
            return t["change_revised"].format(old=self.value(metric, before.value))
        if previous is not None and metric.facts.unit == "rank":
            return t["change_previous_rank"].format(
                previous=self.value(metric, previous.value), period=self.fmt.period(previous.period)
            )
        if previous is None or previous.value == 0:
            return t["change_new"]
        period = self.fmt.period(previous.period)
        if metric.facts.unit == "percent":
            diff = row.value - previous.value
            change = ("+" if diff > 0 else "") + self.fmt.number(diff, metric.facts.decimals)
            return t["change_previous_points"].format(change=change, period=period)
        change, percent = self.difference(metric, previous.value, row.value)
        return t["change_previous"].format(change=change, percent=percent, period=period)

    # -- target and reference point

    def target_text(self, metric: MetricView, short: bool = False) -> str:
        """The target in the strategy's own comparison ('alle 10 %', 'yli 76 %'), a place ('sija 1', 'sija 3 tai
        parempi'), computed from a relative target where the reference point is known, with its deadline or that it
        has none (not in `short`, for tables) and, for a target the draft gives as an example, saying so; a figure
        followed without a target says which way the strategy wants it to go."""
        f, t = metric.facts, self.t
        target = f.target
        if target is None and f.followed:
            return "–" if short else t["followed_rank" if f.unit == "rank" else f"followed_{f.direction}"]
        if target is None:
            return "–" if short else t["reference_figure"]
        comparison = t[f"target_{target.comparison.replace('-', '_')}"]
        resolved = metric.series.target
        if target.rank is not None:
            place = self.value(metric, target.rank)
            text = place if target.rank == 1 else t["target_rank"].format(rank=place)
        elif target.value is not None:
            decimals = (
                target.decimals
                if target.decimals is not None
                else next(d for d in range(4) if round(target.value, d) == target.value or d == 3)
            )
            text = f"{comparison} {self.fmt.value(target.value, f.unit, decimals)}"
        elif target.relative_change == 0:
            text = t["relative_target_zero"].format(comparison=comparison)
            text += f" ({self.value(metric, resolved)})" if resolved is not None else ""
        else:
            decimals = next(d for d in range(4) if round(target.relative_change, d) == target.relative_change or d == 3)
            # the change as a percentage, as every figure: no-break space before %, the minus sign (B-26)
            change = t["relative_target"].format(change=self.fmt.value(target.relative_change, "percent", decimals))
            text = f"{comparison} {self.value(metric, resolved)} ({change})" if resolved is not None else change
        if not short:
            # "över 100 % under hela strategiperioden …", "alle 10 %, viimeistään …" (B-48)
            strategy = self.content.strategy
            if f.keeps:
                text += " " + t["keep_period"].format(start=strategy.period_start, end=strategy.period_end)
            elif target.deadline is None:
                text += f", {t['no_deadline']}"
            else:
                text += f", {t['by_deadline']} {self.fmt.date(target.deadline)}"
        marks = ([t["example_target"]] if target.stated == "example" else []) + (
            [t["target_reading"]] if target.reading else []
        )
        if marks:
            text += f" ({'; '.join(marks)})"
        return text

    def reference_text(self, metric: MetricView) -> str:
        """What the progress is measured from, in words: the baseline, or why it is the first figure inside the
        period."""
        ref, t = metric.series.reference, self.t
        eve = self.fmt.date(self.content.period_start - dt.timedelta(days=1))
        if ref is None:
            return t["no_period_figures"].format(start=eve)
        value = f"{self.value(metric, ref.point.value)} ({self.fmt.period(ref.point.period)})"
        return value if ref.kind == "baseline" else t["baseline_missing"].format(start=eve, value=value)

    # -- chart

    def chart(self, metric: MetricView) -> Markup:
        """The metric's SVG chart (charts.py escapes the names and labels in it), as Markup for the templates."""
        rows: tuple[Row, ...] = metric.series.rows
        if not rows:
            return Markup("")
        points = [
            charts.ChartPoint(r.period.end.toordinal(), r.value, self.fmt.period(r.period), self.value(metric, r.value))
            for r in rows
        ]
        target = metric.series.target
        target_label = f"{self.t['target']}: {self.target_text(metric, short=True)}" if target is not None else ""
        values = ", ".join(f"{p.label}: {p.value_text}" for p in points)
        desc = self.t["chart_desc"].format(
            name=metric.name, count=self.count("figures", len(points)), statistic=metric.statistic_name, values=values
        )
        if target is not None:
            desc += " " + target_label + "."
        return Markup(
            charts.line_chart(
                points,
                title=f"{metric.name} – {self.t['chart']}",
                desc=desc,
                target=target,
                target_label=target_label,
                chart_id=f"chart-{metric.id}",
                tick_text=lambda v: self.value(metric, v),
                decimals=metric.facts.decimals,
                breaks=self.chart_breaks(metric),
            )
        )

    def chart_breaks(self, metric: MetricView) -> frozenset[int]:
        """Where the chart's line breaks: before a figure whose period is not the one right after the previous
        figure's (by the metric's frequency), so no line is drawn across a period with no figure (B-24)."""
        rows, months = metric.series.rows, FREQUENCY_MONTHS[metric.facts.frequency]
        return frozenset(
            i for i in range(1, len(rows)) if rows[i].period.end > add_months(rows[i - 1].period.end, months)
        )

    def chart_caption(self, metric: MetricView) -> str:
        """What the chart's reader needs besides the figures: the table, the target line only when one is drawn
        (B-23), where the value axis does not start at zero and where the line breaks (B-24)."""
        points = [charts.ChartPoint(r.period.end.toordinal(), r.value, "", "") for r in metric.series.rows]
        lo, hi, _ = charts.axis(points, metric.series.target, metric.facts.decimals)
        parts = [self.t["chart_caption"]]
        if metric.series.target is not None:
            parts.append(self.t["chart_caption_target"])
        if lo > 0 or hi < 0:
            parts.append(self.t["chart_caption_axis"].format(low=self.value(metric, lo)))
        if self.chart_breaks(metric):
            parts.append(self.t["chart_caption_gap"])
        return " ".join(parts)
