"""The `strategy-site` command: a thin layer over pipeline.py that prints errors, never tracebacks."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import pipeline
from .errors import ContentErrors


def _project(root: str) -> pipeline.Project:
    return pipeline.Project(Path(root).resolve())


def _report_errors(exc: ContentErrors) -> None:
    for error in exc.errors:
        click.echo(f"Error: {error}", err=True)
    click.echo(f"{len(exc.errors)} error(s) found; nothing was written. Fix them and run the command again.", err=True)


@click.group()
@click.version_option(package_name="strategy-site")
def main() -> None:
    """Build the bilingual strategy site from content/ (see README.md)."""


@main.command()
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False, exists=True),
              help="Project folder with content/ and mkdocs.yml.")
def check(root: str) -> None:
    """Validate the content only (fast); prints every error with its file and line."""
    try:
        content = pipeline.check(_project(root))
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    click.echo(f"Content OK: {len(content.languages)} languages, {len(content.metrics)} metrics, "
               f"{len(content.snapshots)} monitoring rounds.")


@main.command()
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False, exists=True),
              help="Project folder with content/ and mkdocs.yml.")
@click.option("--base-url", default=None, help="Publish address to build for (default: base_url in content/site.yml).")
@click.option("--site-dir", default=None, type=click.Path(file_okay=False), help="Where to build (default: site/).")
def build(root: str, base_url: str | None, site_dir: str | None) -> None:
    """Validate, generate docs/ and build both language sites into site/."""
    project = _project(root)
    started = time.perf_counter()
    try:
        result = pipeline.build(project, Path(site_dir).resolve() if site_dir else None, base_url)
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    except pipeline.BuildFailed as exc:
        for line in str(exc).splitlines():
            click.echo(f"Error: {line}", err=True)
        click.echo("MkDocs could not build the site; the previous docs/ and site/ are unchanged.", err=True)
        sys.exit(1)
    seconds = time.perf_counter() - started
    click.echo(f"Built {result.pages} pages in {len(result.content.languages)} languages in {seconds:.1f} s; "
               f"docs/: {len(result.docs.written)} written, {len(result.docs.removed)} removed, "
               f"{result.docs.unchanged} unchanged.")
    click.echo(f"Open {result.site_dir / 'index.html'}")


@main.command()
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False, exists=True))
@click.option("--port", default=8000, show_default=True, type=int)
def serve(root: str, port: int) -> None:
    """Live preview: rebuild into .preview/ whenever content/ changes, and serve it on localhost."""
    from .preview import serve as run

    run(_project(root), port)


if __name__ == "__main__":
    main()
