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
from pathlib import Path
from urllib.parse import urlparse

from . import writers
from .caches import hash_of, make_folder, package_fingerprint
from .contents import Content, Row, Snapshot, snapshot_columns
from .metrics import Series, Status, build_series, site_statuses
from .render import interface, status_name

# The fields of a figure, as figures.csv and every figures sheet and file have them (the data package's schema).
FIGURE_FIELD_SCHEMA = {
    "metric": {"type": "string", "description": "Metric id (see metrics.csv)", "constraints": {"required": True}},
    "period": {"type": "string", "description": "The period as published: YYYY, YYYY-MM or YYYY-MM-DD"},
    "period_end": {"type": "date", "description": "Last day of the period"},
    "value": {"type": "number", "description": "The figure, in the metric's unit"},
    "statistic": {"type": "string", "description": "The statistic the figure belongs to (one per metric)"},
    "source": {"type": "string", "description": "Where the figure was published (source id)"},
    "source_url": {"type": "string", "format": "uri", "description": "The page, table or document with the figure"},
    "snapshot": {"type": "date", "description": "Monitoring round that published the figure"},
    "computed": {"type": "boolean", "description": "Computed by the site from two published figures"},
}
FIGURE_FIELDS = list(FIGURE_FIELD_SCHEMA)


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
    return (
        [
            row.metric,
            row.period.text,
            row.period.end.isoformat(),
            _number(row.value),
            source.statistic,
            row.source,
            source.url,
            row.snapshot.isoformat(),
            "true" if row.computed else "false",
        ]
        + [row.notes.get(lang, "") for lang in languages]
        + [content.words[lang].metrics[row.metric].name for lang in languages]
    )


def description(content: Content, lang: str) -> str:
    """What the data is, in one language: the draft the strategy text is (while it is one), the round whose
    figures the statuses are read from, and where the monitoring stopped, in the pages' own words."""
    ui = interface(content, lang)  # as the pages have them
    t, fmt = ui.t, ui.fmt
    parts = [content.words[lang].ui.site_name + "."]
    if content.strategy.text_status == "draft":
        parts.append(t["draft_notice"].format(name=t["draft_name"].format(date=fmt.date(content.strategy.draft_date))))
    if content.last_round is None:
        parts.append(t["progress_no_rounds"])
    else:
        parts.append(t["progress_as_of"].format(date=fmt.date(content.last_round)))
        if content.stopped:
            parts.append(
                t["monitoring_stopped"].format(date=fmt.date(content.last_round), as_of=fmt.date(content.as_of))
            )
    return " ".join(parts)


def package_name(base_url: str) -> str:
    """The data package's name for a site.yml without `data_package_name`: the address the site is published at,
    host and path, lowercase, every run of other characters than a–z, 0–9, '.' and '_' one '-'
    (https://strategia.example.fi/ → 'strategia.example.fi'), as the name was before the field existed."""
    address = urlparse(base_url)
    return re.sub(r"[^a-z0-9._]+", "-", (address.netloc + address.path).lower()).strip("-.") or "strategy-site"


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _figure_field(name: str) -> dict:
    """A figures column's schema: a field's, or a note or the metric's name in one language."""
    if name in FIGURE_FIELD_SCHEMA:
        return {"name": name} | FIGURE_FIELD_SCHEMA[name]
    kind, lang = name.split("_", 1)
    described = f"Note ({lang})" if kind == "note" else f"The metric's name ({lang}), as on the site"
    return {"name": name, "type": "string", "description": described}


def _figure_schema(languages: list[str]) -> dict:
    return {"fields": [_figure_field(name) for name in figure_header(languages)]}


# The columns of metrics.csv beyond the metric's facts: what the pages say of it, and when that was judged. The
# statuses are those the site's metrics can have (metrics.site_statuses), each said as `STATUS_WORDS` says it.
METRIC_FIELD_SCHEMA = {
    "status": {
        "type": "string",
        "description": "The metric's status as the pages show it, judged as of as_of: {statuses}",
    },
    "judgement": {
        "type": "string",
        "description": "What the latest figures say of the target whatever their age: the status, except "
        "that an overdue metric's latest figure is judged as if it were fresh",
    },
    "as_of": {"type": "date", "description": "The day the status is judged at (the day the content was last reviewed)"},
}
STATUS_WORDS = {
    Status.MEETS_TARGET: "meets-target (the target level is met before the deadline)",
    Status.OVERDUE: "overdue (a figure due by as_of has not been collected)",
    Status.REFERENCE: "reference (no target)",
    Status.NOT_YET: "not-yet (a target without a deadline is not met yet)",
    Status.FOLLOWED: "followed (no target: the trend is shown, not judged)",
}
# 'meets the target' where some target has no deadline: then it is not only an interim reading
MEETS_OPEN = "meets-target (the target level is met: before the deadline, or for a target without one)"


METRIC_FACTS = [
    "id",
    "unit",
    "decimals",
    "direction",
    "target_value",
    "target_relative_change",
    "target_deadline",
    "target_comparison",
    "target_stated",
    "frequency",
    "statistic",
]


def _as_of(content: Content) -> str:
    return content.as_of.isoformat() if content.as_of else ""


def status_names(content: Content, series: dict[str, Series]) -> dict[str, dict[str, str]]:
    """Each metric's status in the words of each language's pages, by metric id."""
    words = {lang: interface(content, lang) for lang in content.languages}
    return {
        m.id: {lang: status_name(words[lang], series[m.id].status, series[m.id]) for lang in content.languages}
        for m in content.metrics
    }


def metric_header(languages: list[str]) -> list[str]:
    """The columns of metrics.csv: the metric's facts, its names, its status and when that was judged."""
    return (
        METRIC_FACTS
        + [f"name_{lang}" for lang in languages]
        + ["status", "judgement", "as_of"]
        + [f"status_name_{lang}" for lang in languages]
    )


def metric_rows(content: Content, series: dict[str, Series], names: dict[str, dict[str, str]]) -> list[list]:
    """The rows of metrics.csv (and of the workbook's sheet 'metrics'), in the order of metric_header."""
    langs = content.languages
    rows = []
    for m in content.metrics:
        t, ser = m.target, series[m.id]
        rows.append(
            [
                m.id,
                m.unit,
                m.decimals,
                m.direction,
                "" if not t or t.level is None else _number(t.level),  # a rank's place is its value
                "" if not t or t.relative_change is None else _number(t.relative_change),
                t.deadline.isoformat() if t and t.deadline else "",
                t.comparison if t else "",
                t.stated if t else "",
                m.frequency,
                m.statistic,
            ]
            + [content.words[lang].metrics[m.id].name for lang in langs]
            + [ser.status.value, ser.judgement.value, _as_of(content)]
            + [names[m.id][lang] for lang in langs]
        )
    return rows


def metric_json(content: Content, metric, ser: Series, names: dict[str, str], figures: list[list]) -> dict:
    """metrics/<id>.json: its facts, target, status and its figures (rows as in figures.csv, `computed` a boolean);
    a rank also its target's place (`rank`) and the name of its comparison in each language (`ranking`)."""
    t = metric.target
    header = figure_header(content.languages)
    target = (
        None
        if not t
        else {
            "comparison": t.comparison,
            "stated": t.stated,
            "value": t.value,
            "relative_change": t.relative_change,
        }
        | ({"rank": t.rank} if t.rank is not None else {})
        | {"deadline": t.deadline.isoformat() if t.deadline else None, "resolved_value": ser.target}
    )
    ranking = (
        {"ranking": {lang: content.words[lang].metrics[metric.id].ranking for lang in content.languages}}
        if metric.unit == "rank"
        else {}
    )
    return {
        "id": metric.id,
        "unit": metric.unit,
        "direction": metric.direction,
        "target": target,
        "status": ser.status.value,
        "judgement": ser.judgement.value,
        "as_of": _as_of(content) or None,
        "status_name": names,
        "name": {lang: content.words[lang].metrics[metric.id].name for lang in content.languages},
        "statistic": metric.statistic,
        **ranking,
        "figures": [dict(zip(header, figure), computed=row.computed) for figure, row in zip(figures, ser.rows)],
    }


def _rounds(content: Content) -> list[Snapshot]:
    return sorted(content.snapshots, key=lambda s: s.date)


def _round_file(snap: Snapshot) -> str:
    return f"snapshots/{snap.date.isoformat()}.csv"


def snapshot_header(languages: list[str]) -> list[str]:
    """A round's columns as content/snapshots/ has them, with the source's address after its id."""
    columns = snapshot_columns(languages)
    after = columns.index("source") + 1
    return columns[:after] + ["source_url"] + columns[after:]


def snapshot_file(content: Content, snap: Snapshot) -> bytes:
    """snapshots/<date>.csv: the round's figures as its snapshot file has them, with the source's address."""
    langs = content.languages
    rows = [
        [r.metric, r.period.text, _number(r.value), r.source, content.source_by_id[r.source].url]
        + [r.notes.get(lang, "") for lang in langs]
        for r in snap.rows
    ]
    return _csv(snapshot_header(langs), rows)


def workbook(content: Content, figures: dict[str, list[list]], metrics: list[list], kept: Path | None = None) -> bytes:
    """All figures as one .xlsx workbook (for those who open data in Excel): the sheet 'figures' as figures.csv,
    'metrics' as metrics.csv, 'rounds', then a sheet per metric; the same bytes for the same content.

    Its sheets are worked out first, as plain rows: with `kept` (the build's cache folder), a workbook made
    from the same rows before is taken from there (openpyxl takes seconds for a large strategy's figures), found
    by a hash of the rows, the date and the package (caches.package_fingerprint), so it cannot be stale."""
    header = figure_header(content.languages)
    sheets = [
        ("figures", header, [figure for m in content.metrics for figure in figures[m.id]]),
        ("metrics", metric_header(content.languages), metrics),
        (
            "rounds",
            ["date", "figures", "file"],
            [[s.date.isoformat(), len(s.rows), _round_file(s)] for s in _rounds(content)],
        ),
        *((m.id, header, figures[m.id]) for m in content.metrics),
    ]
    if kept is None:
        return _workbook(sheets, content.latest_date)
    key = hash_of(package_fingerprint(), content.latest_date.isoformat(), json.dumps(sheets, default=str))
    path = kept / f"figures-{key}.xlsx"
    if path.is_file():
        return path.read_bytes()
    data = _workbook(sheets, content.latest_date)
    try:
        make_folder(path)
        for old in kept.glob("figures-*.xlsx"):
            old.unlink()
        writers.write_whole(path, data)
    except OSError:
        pass  # the data is made; the next build makes it again
    return data


def _workbook(sheets: list[tuple[str, list[str], list[list]]], day) -> bytes:
    from openpyxl.styles import Font

    from . import workbooks

    book = workbooks.workbook()
    taken: set[str] = set()
    for title, columns, rows in sheets:
        ws = book.create_sheet(workbooks.sheet_title(title, taken))
        workbooks.append_row(ws, columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            workbooks.append_row(ws, row)
        ws.freeze_panes = "A2"
    return workbooks.to_bytes(book, day)


def _metric_field(name: str, content: Content) -> dict:
    """A metrics.csv column's schema; a status's values are those the site's metrics can have."""
    if name in ("status", "judgement"):
        statuses = site_statuses(content.metrics)
        open_ended = any(m.target is not None and m.target.deadline is None for m in content.metrics)
        words = STATUS_WORDS | ({Status.MEETS_TARGET: MEETS_OPEN} if open_ended else {})
        field = METRIC_FIELD_SCHEMA[name]
        return {
            "name": name,
            "type": field["type"],
            "constraints": {"enum": [s.value for s in statuses]},
            "description": field["description"].format(statuses=", ".join(words.get(s, s.value) for s in statuses)),
        }
    if name in METRIC_FIELD_SCHEMA:
        return {"name": name} | METRIC_FIELD_SCHEMA[name]
    if name.startswith("status_name_"):
        return {"name": name, "type": "string", "description": f"The status in words ({name[12:]}), as on the site"}
    if name in ("decimals", "target_value", "target_relative_change", "target_deadline"):
        return {"name": name, "type": {"decimals": "integer", "target_deadline": "date"}.get(name, "number")}
    return {"name": name, "type": "string"}


def _csv_resource(name: str, path: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def _snapshot_schema(languages: list[str]) -> dict:
    url = "The page, table or document with the figure (the source's address)"
    types = {"value": "number"}
    return {
        "fields": [
            {"name": "source_url", "type": "string", "format": "uri", "description": url}
            if name == "source_url"
            else {"name": name, "type": types.get(name, "string")}
            for name in snapshot_header(languages)
        ]
    }


def resources(content: Content) -> list[dict]:
    """The data package's resources, each file with its schema: metrics.csv, figures.csv, the rounds' files and
    the workbook."""
    langs = content.languages
    foreign_key = {"fields": "metric", "reference": {"resource": "metrics", "fields": "id"}}
    metrics_schema = {"fields": [_metric_field(n, content) for n in metric_header(langs)], "primaryKey": ["id"]}
    figures_description = "Every figure shown on the site, the newest published value per metric and period"
    return (
        [
            _csv_resource(
                "metrics", "metrics.csv", "The strategy's metrics: unit, direction and target", metrics_schema
            ),
            _csv_resource(
                "figures", "figures.csv", figures_description, _figure_schema(langs) | {"foreignKeys": [foreign_key]}
            ),
        ]
        + [
            _csv_resource(
                f"snapshot-{snap.date.isoformat()}",
                _round_file(snap),
                f"Figures as published at the monitoring round of {snap.date.isoformat()}",
                _snapshot_schema(langs),
            )
            for snap in _rounds(content)
        ]
        + [
            {
                "name": "figures-xlsx",
                "path": "figures.xlsx",
                "format": "xlsx",
                "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "description": "The same figures as one Excel workbook: all figures (this sheet), the metrics, "
                "the rounds, and a sheet per metric",
                "dialect": {"excel": {"sheet": "figures"}},
                "schema": _figure_schema(langs),
            }
        ]
    )


def datapackage(content: Content) -> dict:
    """datapackage.json: what the data is, in each language, its licence, and every file as a resource."""
    langs = content.languages
    return {
        "name": content.site.data_package_name or package_name(content.site.base_url),
        "title": " / ".join(content.words[lang].ui.site_name for lang in langs),
        "description": "\n\n".join(description(content, lang) for lang in langs),
        "homepage": content.site.base_url,
        "licenses": [
            {
                "name": content.site.data_licence,
                "path": content.site.data_licence_url,
                "title": " / ".join(interface(content, lang).t["data_licence_name"] for lang in langs),
            }
        ],
        # What the description says, for programs: the text's status and date, the day the statuses are judged
        # at and the newest monitoring round.
        "text_status": content.strategy.text_status,
        "draft_date": content.strategy.draft_date.isoformat() if content.strategy.draft_date else None,
        **({"adopted_date": content.strategy.adopted_date.isoformat()} if content.strategy.adopted_date else {}),
        "as_of": _as_of(content) or None,
        "last_round": content.last_round.isoformat() if content.last_round else None,
        "resources": resources(content),
    }


def files(content: Content, series: dict[str, Series] | None = None, kept: Path | None = None) -> dict[str, bytes]:
    """All open data files, by path under site/data/: a CSV and a JSON file per metric, the metrics table, every
    figure, a file per monitoring round, the same as a workbook, and the data package that describes them.
    `kept`: the build's cache folder, where the workbook made from the same figures is kept (workbook)."""
    series = series or build_series(content)
    langs = content.languages
    figures = {m.id: [_figure(content, r, langs) for r in series[m.id].rows] for m in content.metrics}
    names = status_names(content, series)
    metrics = metric_rows(content, series, names)
    out: dict[str, bytes] = {}
    for m in content.metrics:
        out[f"metrics/{m.id}.csv"] = _csv(figure_header(langs), figures[m.id])
        out[f"metrics/{m.id}.json"] = _json(metric_json(content, m, series[m.id], names[m.id], figures[m.id]))
    out["metrics.csv"] = _csv(metric_header(langs), metrics)
    out["figures.csv"] = _csv(figure_header(langs), [figure for m in content.metrics for figure in figures[m.id]])
    for snap in _rounds(content):
        out[_round_file(snap)] = snapshot_file(content, snap)
    out["figures.xlsx"] = workbook(content, figures, metrics, kept)
    out["datapackage.json"] = _json(datapackage(content))
    return out
