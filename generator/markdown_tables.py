"""Python-Markdown extension: tables that a narrow screen can show as stacked cards.

On a phone a table of four or five columns does not fit; scrolling it sideways hides the column that matters
most (the status). Each body cell gets its column's header as `data-label`, which the site's style sheet shows
before the cell when the rows are stacked (generator/theme/assets/stylesheets/strategy.css), and each table gets
`data-stack`. (No ARIA roles are added: on a <table> the HTML standard forbids them on rows and cells, and
Chromium and Firefox keep a stacked table a table; tests/test_phone.py checks Chromium's accessibility tree.)
Loaded from mkdocs.yml (`markdown_extensions: - generator.markdown_tables`); Zensical reads the same list.
"""

from __future__ import annotations

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


class StackedTables(Treeprocessor):
    def run(self, root):
        for table in root.iter("table"):
            head = table.find("thead")
            labels = [_text(th) for th in head.iter("th")] if head is not None else []
            table.set("data-stack", "")
            body = table.find("tbody")
            for row in body.iter("tr") if body is not None else ():
                for label, cell in zip(labels, row.findall("td")):
                    if label:
                        cell.set("data-label", label)


class StackedTablesExtension(Extension):
    def extendMarkdown(self, md):
        # After Python-Markdown's inline processing (priority 20), so header cells hold their final text.
        md.treeprocessors.register(StackedTables(md), "stacked_tables", 5)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return StackedTablesExtension(**kwargs)
