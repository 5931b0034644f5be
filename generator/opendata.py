"""Open data files: per-metric CSV and JSON, all figures as CSV, and a Frictionless Data Package.

The files are language-neutral and live at site/data/, beside both language sites. They say what the pages say:
each metric's status and the day it was judged at (Content.as_of), in the pages' words per language; the draft
the text is, the last monitoring round and where the monitoring stopped (the data package's description, in the
words of content/<lang>/ui.yml). The CSVs are UTF-8 without a BOM (a BOM would become part of the first column's
name in Python's csv module and other readers that take UTF-8 as it is); for Excel the pages point to figures.xlsx.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlparse

from babel import Locale

from .contents import Content, Row
from .formatting import Formatter
from .generators import Strings, status_name
from .metrics import Series, Status, build_series

FIGURE_FIELDS = ["metric", "period", "period_end", "value", "statistic", "source", "source_url", "snapshot", "computed"]


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def figure_header(languages: list[str]) -> list[str]:
    """The columns of a figures row: the fields, the notes and the metric's name per language."""
    return FIGURE_FIELDS + [f"note_{lang}" for lang in languages] + [f"name_{lang}" for lang in languages]


def _figure(content: Content, row: Row, languages: list[str]) -> list:
    source = content.source_by_id[row.source]
    return ([row.metric, row.period.text, row.period.end.isoformat(), _number(row.value), source.statistic, row.source,
             source.url, row.snapshot.isoformat(), "true" if row.computed else "false"] + [row.notes.get(lang, "") for lang in languages]
            + [content.words[lang].metrics[row.metric].name for lang in languages])


def _language(content: Content, lang: str) -> tuple[Strings, Formatter]:
    """One language's interface strings and formatter, as the pages have them (generators.LanguageSite)."""
    ui = content.words[lang].ui
    t = Strings(lang, ui.strings)
    return t, Formatter(Locale.parse(ui.locale), t["per_resident"], ui.plurals)


def description(content: Content, lang: str) -> str:
    """What the data is, in one language: the draft the strategy text is (while it is one), the round whose
    figures the statuses are read from, and where the monitoring stopped, in the pages' own words."""
    t, fmt = _language(content, lang)
    parts = [content.words[lang].ui.site_name + "."]
    if content.strategy.text_status == "draft":
        parts.append(t["draft_notice"].format(name=t["draft_name"].format(date=fmt.date(content.strategy.draft_date))))
    if content.last_round is None:
        parts.append(t["progress_no_rounds"])
    else:
        parts.append(t["progress_as_of"].format(date=fmt.date(content.last_round)))
        if content.stopped:
            parts.append(t["monitoring_stopped"].format(date=fmt.date(content.last_round), as_of=fmt.date(content.as_of)))
    return " ".join(parts)


def package_name(base_url: str) -> str:
    """The data package's name, from the address the site is published at ('strategia.example.fi')."""
    address = urlparse(base_url)
    return re.sub(r"[^a-z0-9._]+", "-", (address.netloc + address.path).lower()).strip("-.") or "strategy-site"


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _figure_schema(languages: list[str]) -> dict:
    return {"fields": [
        {"name": "metric", "type": "string", "description": "Metric id (see metrics.csv)", "constraints": {"required": True}},
        {"name": "period", "type": "string", "description": "The period as published: YYYY, YYYY-MM or YYYY-MM-DD"},
        {"name": "period_end", "type": "date", "description": "Last day of the period"},
        {"name": "value", "type": "number", "description": "The figure, in the metric's unit"},
        {"name": "statistic", "type": "string", "description": "The statistic the figure belongs to (one per metric)"},
        {"name": "source", "type": "string", "description": "Where the figure was published (source id)"},
        {"name": "source_url", "type": "string", "format": "uri", "description": "The page, table or document with the figure"},
        {"name": "snapshot", "type": "date", "description": "Monitoring round that published the figure"},
        {"name": "computed", "type": "boolean", "description": "Computed by the site from two published figures"},
    ] + [{"name": f"note_{lang}", "type": "string", "description": f"Note ({lang})"} for lang in languages]
      + [{"name": f"name_{lang}", "type": "string", "description": f"The metric's name ({lang}), as on the site"}
         for lang in languages]}


# The columns of metrics.csv beyond the metric's facts: what the pages say of it, and when that was judged.
METRIC_FIELD_SCHEMA = {
    "status": {"type": "string", "constraints": {"enum": [s.value for s in Status]},
               "description": "The metric's status as the pages show it, judged as of as_of: achieved, meets-target "
                              "(the target level is met before the deadline), on-track, off-track, missed, no-baseline, "
                              "no-data, overdue (a figure due by as_of has not been collected), reference (no target)"},
    "judgement": {"type": "string", "constraints": {"enum": [s.value for s in Status]},
                  "description": "What the latest figures say of the target whatever their age: the status, except "
                                 "that an overdue metric's latest figure is judged as if it were fresh"},
    "as_of": {"type": "date", "description": "The day the status is judged at (the day the content was last reviewed)"},
}


def workbook(content: Content, series: dict[str, Series], metric_header: list[str], metric_rows: list[list]) -> bytes:
    """All figures as one .xlsx workbook (for those who open data in Excel): the sheet 'figures' as figures.csv,
    'metrics' as metrics.csv, 'rounds', then a sheet per metric; the same bytes for the same content."""
    from openpyxl.styles import Font

    from . import workbooks

    langs = content.languages
    book = workbooks.workbook()
    taken: set[str] = set()
    header = figure_header(langs)

    def sheet(title: str, columns: list[str], rows: list[list]) -> None:
        ws = book.create_sheet(workbooks.sheet_title(title, taken))
        workbooks.append_row(ws, columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            workbooks.append_row(ws, row)
        ws.freeze_panes = "A2"

    sheet("figures", header, [_figure(content, r, langs) for m in content.metrics for r in series[m.id].rows])
    sheet("metrics", metric_header, metric_rows)
    sheet("rounds", ["date", "figures", "file"], [[s.date.isoformat(), len(s.rows), f"snapshots/{s.date.isoformat()}.csv"]
                                                  for s in sorted(content.snapshots, key=lambda s: s.date)])
    for m in content.metrics:
        sheet(m.id, header, [_figure(content, r, langs) for r in series[m.id].rows])
    return workbooks.to_bytes(book, content.latest_date)


def files(content: Content, series: dict[str, Series] | None = None) -> dict[str, bytes]:
    """All open data files, by path under site/data/."""
    series = series or build_series(content)
    langs = content.languages
    words = {lang: _language(content, lang) for lang in langs}
    as_of = content.as_of.isoformat() if content.as_of else ""
    header = figure_header(langs)
    out: dict[str, bytes] = {}
    metric_header = ["id", "unit", "decimals", "direction", "target_value", "target_relative_change", "target_deadline",
                     "target_comparison", "target_stated",
                     "frequency", "statistic"] + [f"name_{lang}" for lang in langs] + [
                     "status", "judgement", "as_of"] + [f"status_name_{lang}" for lang in langs]
    metric_rows = []
    for m in content.metrics:
        t = m.target
        ser = series[m.id]
        names = {lang: status_name(*words[lang], ser.status, ser) for lang in langs}
        metric_rows.append([m.id, m.unit, m.decimals, m.direction,
                            "" if not t or t.value is None else _number(t.value),
                            "" if not t or t.relative_change is None else _number(t.relative_change),
                            t.deadline.isoformat() if t else "", t.comparison if t else "", t.stated if t else "",
                            m.frequency, m.statistic]
                           + [content.words[lang].metrics[m.id].name for lang in langs]
                           + [ser.status.value, ser.judgement.value, as_of] + [names[lang] for lang in langs])
        rows = series[m.id].rows
        out[f"metrics/{m.id}.csv"] = _csv(header, [_figure(content, r, langs) for r in rows])
        out[f"metrics/{m.id}.json"] = _json({
            "id": m.id, "unit": m.unit, "direction": m.direction,
            "target": None if not t else {"comparison": t.comparison, "stated": t.stated, "value": t.value,
                                          "relative_change": t.relative_change, "deadline": t.deadline.isoformat(),
                                          "resolved_value": series[m.id].target},
            "status": ser.status.value, "judgement": ser.judgement.value, "as_of": as_of or None,
            "status_name": names,
            "name": {lang: content.words[lang].metrics[m.id].name for lang in langs},
            "statistic": m.statistic,
            "figures": [dict(zip(header, _figure(content, r, langs)), computed=r.computed)
                        for r in rows],
        })
    out["metrics.csv"] = _csv(metric_header, metric_rows)
    all_rows = [r for m in content.metrics for r in series[m.id].rows]
    out["figures.csv"] = _csv(header, [_figure(content, r, langs) for r in all_rows])
    snapshot_header = ["metric", "period", "value", "source", "source_url"] + [f"note_{lang}" for lang in langs]
    resources = [
        {"name": "metrics", "path": "metrics.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
         "description": "The strategy's metrics: unit, direction and target",
         "schema": {"fields": [{"name": n} | METRIC_FIELD_SCHEMA[n] if n in METRIC_FIELD_SCHEMA
                               else {"name": n, "type": "string", "description": f"The status in words ({n[12:]}), as on the site"}
                               if n.startswith("status_name_")
                               else {"name": n, "type": "string"} if n not in ("decimals", "target_value", "target_relative_change", "target_deadline")
                               else {"name": n, "type": {"decimals": "integer", "target_deadline": "date"}.get(n, "number")}
                               for n in metric_header], "primaryKey": ["id"]}},
        {"name": "figures", "path": "figures.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
         "description": "Every figure shown on the site, the newest published value per metric and period",
         "schema": _figure_schema(langs) | {"foreignKeys": [{"fields": "metric", "reference": {"resource": "metrics", "fields": "id"}}]}},
    ]
    for snap in sorted(content.snapshots, key=lambda s: s.date):
        name = f"snapshots/{snap.date.isoformat()}.csv"
        out[name] = _csv(snapshot_header, [[r.metric, r.period.text, _number(r.value), r.source,
                                            content.source_by_id[r.source].url]
                                           + [r.notes.get(lang, "") for lang in langs] for r in snap.rows])
        resources.append({
            "name": f"snapshot-{snap.date.isoformat()}", "path": name, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "description": f"Figures as published at the monitoring round of {snap.date.isoformat()}",
            "schema": {"fields": [{"name": "metric", "type": "string"}, {"name": "period", "type": "string"},
                                  {"name": "value", "type": "number"}, {"name": "source", "type": "string"},
                                  {"name": "source_url", "type": "string", "format": "uri",
                                   "description": "The page, table or document with the figure (the source's address)"}]
                       + [{"name": f"note_{lang}", "type": "string"} for lang in langs]},
        })
    out["figures.xlsx"] = workbook(content, series, metric_header, metric_rows)
    resources.append({
        "name": "figures-xlsx", "path": "figures.xlsx", "format": "xlsx",
        "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "description": "The same figures as one Excel workbook: all figures (this sheet), the metrics, the rounds, "
                       "and a sheet per metric",
        "dialect": {"excel": {"sheet": "figures"}},
        "schema": _figure_schema(langs),
    })
    out["datapackage.json"] = _json({
        "name": package_name(content.site.base_url),
        "title": " / ".join(content.words[lang].ui.site_name for lang in langs),
        "description": "\n\n".join(description(content, lang) for lang in langs),
        "homepage": content.site.base_url,
        "licenses": [{"name": content.site.data_licence, "path": content.site.data_licence_url,
                      "title": " / ".join(words[lang][0]["data_licence_name"] for lang in langs)}],
        # What the description says, for programs: the text's status and date, the day the statuses are judged
        # at and the newest monitoring round.
        "text_status": content.strategy.text_status,
        "draft_date": content.strategy.draft_date.isoformat(),
        "as_of": as_of or None,
        "last_round": content.last_round.isoformat() if content.last_round else None,
        "resources": resources,
    })
    return out
