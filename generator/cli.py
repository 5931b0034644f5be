"""The `strategy-site` command: a thin layer over pipeline.py that prints errors, never tracebacks."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import engines, pipeline
from .errors import SHOWN, ContentErrors, count

# Every command works on one project folder: the option is declared once.
ROOT = click.option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, exists=True),
    help="Project folder with content/ (and its own mkdocs.yml, if it has one).",
)


def _project(root: str) -> pipeline.Project:
    return pipeline.Project(Path(root).resolve())


def _report_warnings(content) -> None:
    for warning in content.warnings:
        click.echo(f"Warning: {warning}", err=True)


def _report_errors(exc: ContentErrors) -> None:
    """Every error on a line of its own, up to errors.SHOWN; the rest as a count: a file with an error on each of
    its 350 000 rows gives 51 lines, which a person reads, not 350 000."""
    shown = exc.errors[:SHOWN]
    for error in shown:
        click.echo(f"Error: {error}", err=True)
    rest = exc.total - len(shown)
    if rest:
        click.echo(
            f"… and {count(rest)} more error(s) ({count(exc.total)} in all); nothing was written. Fix the errors "
            "shown and run the command again.",
            err=True,
        )
    else:
        click.echo(f"{len(shown)} error(s) found; nothing was written. Fix them and run the command again.", err=True)


@click.group()
@click.version_option(package_name="strategy-site")
def main() -> None:
    """Build the bilingual strategy site from content/ (see README.md)."""


@main.command()
@ROOT
def check(root: str) -> None:
    """Validate the content only (fast); prints every error with its file and line."""
    try:
        content = pipeline.check(_project(root))
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    _report_warnings(content)
    click.echo(
        f"Content OK: {len(content.languages)} languages, {len(content.metrics)} metrics, "
        f"{len(content.snapshots)} monitoring rounds."
    )


@main.command()
@ROOT
@click.option("--base-url", default=None, help="Publish address to build for (default: base_url in content/site.yml).")
@click.option("--site-dir", default=None, type=click.Path(file_okay=False), help="Where to build (default: site/).")
@click.option(
    "--engine",
    type=click.Choice(engines.ENGINES),
    default="mkdocs",
    show_default=True,
    help="The site engine: MkDocs with Material, or Zensical (an optional extra; see README.md).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every page again, without the page cache of earlier builds (.cache/; the result is the same).",
)
def build(root: str, base_url: str | None, site_dir: str | None, engine: str, no_cache: bool) -> None:
    """Validate, generate docs/ and build both language sites into site/."""
    project = _project(root)
    started = time.perf_counter()
    try:
        result = pipeline.build(
            project, Path(site_dir).resolve() if site_dir else None, base_url, engine=engine, page_cache=not no_cache
        )
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    except pipeline.BuildFailed as exc:
        for line in str(exc).splitlines():
            click.echo(f"Error: {line}", err=True)
        click.echo("The site could not be built; the previous docs/ and site/ are unchanged.", err=True)
        sys.exit(1)
    seconds = time.perf_counter() - started
    _report_warnings(result.content)
    stages = ", ".join(
        f"{name} {result.seconds[key]:.2f} s"
        for key, name in (
            ("validate", "validate"),
            ("generate", "generate"),
            ("site", engines.NAMES[engine]),
            ("write", "write"),
        )
    )
    click.echo(
        f"Built {result.pages} files in {len(result.content.languages)} languages in {seconds:.1f} s ({stages})."
    )
    for folder, report in (("docs/", result.docs), (f"{result.site_dir.name}/", result.site)):
        click.echo(
            f"{folder}: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged."
        )
    click.echo(f"Open {result.site_dir / 'index.html'}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--city-fi", prompt="The city's name in Finnish (e.g. Vaasa)", help="The city's name in Finnish.")
@click.option(
    "--city-fi-genitive",
    prompt="The same in the genitive, as in 'Vaasan kaupunki' (e.g. Vaasan)",
    help="The Finnish name's genitive (Vaasan), for 'Vaasan kaupunki' and 'Vaasan strategia'.",
)
@click.option("--city-sv", prompt="The city's name in Swedish (e.g. Vasa)", help="The city's name in Swedish.")
@click.option(
    "--base-url",
    prompt="The site's address, with https:// and a final / (e.g. https://strategia.example.fi/)",
    help="Where the site will be published.",
)
@click.option("--period", prompt="The strategy period, first and last year (e.g. 2025-2029)", help="YYYY-YYYY.")
def init(folder: str, city_fi: str, city_fi_genitive: str, city_sv: str, base_url: str, period: str) -> None:
    """Create a new city's project in FOLDER: its content, ready to build, with each text the city must still
    write marked (`strategy-site check` lists them)."""
    import datetime as dt

    from . import starter

    try:
        written = starter.create(
            Path(folder), starter.city(city_fi, city_fi_genitive, city_sv, base_url, period), dt.date.today()
        )
    except starter.StarterError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Created {len(written)} files in {folder}.")
    click.echo(
        f"Next: `strategy-site check --root {folder}` lists the texts still to write; "
        f"`strategy-site build --root {folder}` builds the site; see {folder}/README.md."
    )


@main.command("new-update")
@ROOT
@click.option("--title-fi", required=True, help="The update's title in Finnish.")
@click.option("--title-sv", required=True, help="The update's title in Swedish.")
@click.option("--goal", "goals", multiple=True, help="Id of a strategic goal the update concerns (repeatable).")
@click.option("--metric", "metrics", multiple=True, help="Id of a metric the update concerns (repeatable).")
@click.option(
    "--date",
    "date_",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date, YYYY-MM-DD (default: today).",
)
def new_update(
    root: str, title_fi: str, title_sv: str, goals: tuple[str, ...], metrics: tuple[str, ...], date_
) -> None:
    """Create an update in both languages, as a draft with its front matter filled in."""
    import datetime as dt

    from .editing import UpdateError
    from .editing import new_update as create

    project = _project(root)
    try:
        content = pipeline.check(project)
        paths = create(
            project.content,
            content,
            {"fi": title_fi, "sv": title_sv},
            list(goals),
            list(metrics),
            date_.date() if date_ else dt.date.today(),
        )
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    except UpdateError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    for path in paths:
        click.echo(f"Created {path.relative_to(project.root)}")
    click.echo("Write the summary and the text in each language file, set 'draft: false' in the .yml file, then build.")


@main.command()
@ROOT
@click.option("--port", default=8000, show_default=True, type=int)
def serve(root: str, port: int) -> None:
    """Live preview: rebuild into .preview/ whenever content/ changes, and serve it on localhost."""
    from .serve import serve as run

    run(_project(root), port)


@main.command("import-round")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@ROOT
@click.option(
    "--date", "date_", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="The round's date, YYYY-MM-DD."
)
@click.option("--dry-run", is_flag=True, help="Check and print the rows; write nothing.")
@click.option("--replace", is_flag=True, help="Replace the round of that date if it exists.")
def import_round(file: str, root: str, date_, dry_run: bool, replace: bool) -> None:
    """Import a monitoring round from an .xlsx workbook or a CSV file (also as Finnish Excel saves it), of at most
    10 000 rows and 10 MiB (generator/spreadsheets.py says why)."""
    from . import rounds

    project = _project(root)
    try:
        table, rows, text, written = rounds.import_round(
            project, Path(file), Path(file).name, date_.date(), replace, dry_run
        )
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    click.echo(
        f"Read {Path(file).name}: {table.described}; {len(rows)} figure(s)"
        + (f", {table.skipped} metric(s) without a new figure" if table.skipped else "")
        + "."
    )
    if written is None:
        click.echo(text, nl=False)
        click.echo(f"Dry run: nothing written (content/snapshots/{date_.date().isoformat()}.csv).")
    else:
        click.echo(f"Wrote {written}. Build the site to publish the round.")


@main.command("round-template")
@click.argument("file", type=click.Path(dir_okay=False))
@ROOT
@click.option(
    "--date", "date_", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="The round's date, YYYY-MM-DD."
)
def round_template(file: str, root: str, date_) -> None:
    """Write an .xlsx workbook listing every metric with its latest figure, to fill in for a round."""
    from . import rounds

    try:
        content = pipeline.check(_project(root))
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    try:
        Path(file).write_bytes(rounds.round_template(content, date_.date()))
    except OSError as exc:
        click.echo(f"Error: cannot write {file} ({exc.strerror}) – give a path in a folder you can write to.", err=True)
        sys.exit(1)
    click.echo(
        f"Wrote {file}: fill in period, value and source for each metric with a new figure, then run "
        f"'strategy-site import-round {file} --date {date_.date().isoformat()}'."
    )


@main.command("nginx-config")
@ROOT
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the configuration to this file (default: print it).",
)
def nginx_config(root: str, output: str | None) -> None:
    """The nginx configuration that serves the built site/ at the host of base_url (content/site.yml); see
    deploy/README.md."""
    from . import nginx

    try:
        content = pipeline.check(_project(root))
    except ContentErrors as exc:
        _report_errors(exc)
        sys.exit(1)
    try:
        text = nginx.config(content.site.base_url)
    except nginx.NotServable as exc:
        click.echo(f"Error: content/site.yml: {exc}", err=True)
        sys.exit(1)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(
            f"Error: cannot write {output} ({exc.strerror}) – give a path in a folder you can write to.", err=True
        )
        sys.exit(1)
    click.echo(f"Wrote {output}: nginx serves the site as {nginx.host(content.site.base_url)}.")


def _loopback(host: str) -> bool:
    """Whether an address to listen on is this machine only (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    try:
        return host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@main.command()
@ROOT
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; beyond this machine only with --users.",
)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option(
    "--users",
    "users_file",
    default=None,
    type=click.Path(dir_okay=False),
    help="Users file (made with 'strategy-site add-user'): every page then asks for a login.",
)
@click.option(
    "--author",
    default=None,
    help="Without --users: who commits what is published, as 'Name <email>' (default: git's user).",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Behind a TLS reverse proxy (README): take the address, scheme and host from its X-Forwarded-* headers, "
    "secure cookies only.",
)
@click.option(
    "--trusted-proxy",
    default=None,
    metavar="ADDRESS",
    help="With --behind-proxy: the proxy's address, whose X-Forwarded-* headers are believed (default 127.0.0.1).",
)
@click.option(
    "--insecure-http",
    is_flag=True,
    help="Listen beyond this machine without a TLS proxy: passwords then travel unencrypted (not recommended).",
)
def edit(
    root: str,
    host: str,
    port: int,
    users_file: str | None,
    author: str | None,
    behind_proxy: bool,
    trusted_proxy: str | None,
    insecure_http: bool,
) -> None:
    """The browser editor for staff: updates and words in both languages, preview, publish."""
    from . import editor

    local = _loopback(host)
    if not local and not users_file:
        click.echo(
            f"Error: listening on {host} makes the editor reachable from other machines; give a users file "
            "with --users FILE (make one with 'strategy-site add-user --users FILE NAME').",
            err=True,
        )
        sys.exit(1)
    if trusted_proxy and not behind_proxy:
        click.echo(
            "Error: --trusted-proxy needs --behind-proxy (the proxy whose X-Forwarded-* headers are believed).",
            err=True,
        )
        sys.exit(1)
    if not local and not behind_proxy:
        if not insecure_http:
            click.echo(
                f"Error: listening on {host} without --behind-proxy sends passwords and sessions over plain HTTP: "
                "anyone on the network between a browser and this machine can read them. Run the editor on "
                "127.0.0.1 behind a TLS reverse proxy with --behind-proxy (README: On the city's network), "
                "or give --insecure-http to accept plain HTTP.",
                err=True,
            )
            sys.exit(1)
        click.echo(
            f"Warning: listening on {host} over plain HTTP (--insecure-http): passwords and sessions can be "
            "read by anyone on the network between a browser and this machine.",
            err=True,
        )
    elif not local:
        click.echo(
            f"Warning: listening on {host} behind a proxy: let only the proxy ({trusted_proxy or '127.0.0.1'}) reach "
            "this port; whoever reaches it directly bypasses TLS.",
            err=True,
        )
    try:
        editor.serve(
            _project(root), host, port, Path(users_file) if users_file else None, author, behind_proxy, trusted_proxy
        )
    except (ValueError, OSError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


@main.command("add-user")
@click.option(
    "--users",
    "users_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The users file to add to (created if missing).",
)
@click.argument("user")
@click.option("--name", required=True, help="The person's name, as commits will show it.")
@click.option("--email", required=True, help="The person's e-mail address, for commits.")
@click.password_option(help="The password (asked twice when not given).")
def add_user(users_file: str, user: str, name: str, email: str, password: str) -> None:
    """Add a staff member (or set a new password) in the editor's users file; only an argon2 hash is stored."""
    from .editor.auth import add_user as add

    if len(password) < 12:
        click.echo("Error: the password must have at least 12 characters.", err=True)
        sys.exit(1)
    add(Path(users_file), user, name, email, password)
    click.echo(f"User '{user}' saved in {users_file}.")


if __name__ == "__main__":
    main()
