"""The site's theme as both engines get it: the package's own (generator/theme/: Material's templates overridden
for the site, its style sheet and scripts), a project's own files over it, and the files made from the content
(the colours' style sheet, the logo and the favicon from content/site.yml).

- A project changes a theme file by putting its own at the same path in `overrides/` beside mkdocs.yml (or in
  the folder mkdocs.yml's `theme.custom_dir` names): that file replaces the package's; every other file is the
  package's. A project without the folder gets the package's theme as it is.
- MkDocs looks a template or asset up in its theme's folders in turn: the project's folder is put first, before
  the package's (custom_dir) and Material's (layer). Zensical reads one custom_dir, so it is given the two
  merged into its work folder (merge_into), rewritten only where a file changed.
- The colours are written as a style sheet of their own (COLOURS_CSS, listed before the theme's strategy.css),
  not as an inline style, which the site's Content-Security-Policy forbids.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import writers

if TYPE_CHECKING:
    from ..models import SiteFacts

PACKAGE_THEME = Path(__file__).resolve().parent.parent / "theme"
OVERRIDES = "overrides"
COLOURS_CSS = "assets/stylesheets/colours.css"


def project_overrides(config_file: str | Path, shared: dict | None = None, root: str | Path = "") -> Path | None:
    """The project's own theme files: the folder mkdocs.yml's theme.custom_dir names, else `overrides/`, in the
    project folder `root` (by default the config file's: a project without mkdocs.yml builds with the package's,
    generator/defaults/mkdocs.yml); None when the project has no such folder (the package's theme is used as it is)."""
    if shared is None:
        import yaml

        with open(config_file, encoding="utf-8") as fh:
            shared = yaml.safe_load(fh) or {}
    named = (shared.get("theme") or {}).get("custom_dir") or OVERRIDES
    folder = (Path(root) if root else Path(config_file).resolve().parent) / named
    return folder if folder.is_dir() else None


def theme_files(folder: Path) -> dict[str, Path]:
    """Every file of a theme folder by its path in it (/-separated), in a stable order."""
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def merged(overrides: Path | None) -> dict[str, Path]:
    """The package's theme files with the project's over them (a project file replaces the package's file of the
    same path)."""
    files = theme_files(PACKAGE_THEME)
    if overrides is not None:
        files |= theme_files(overrides)
    return dict(sorted(files.items()))


def merge_into(overrides: Path | None, folder: Path) -> None:
    """`folder` made to hold exactly the merged theme (merged), touching only the files that differ."""
    writers.sync_tree({rel: path.read_bytes() for rel, path in merged(overrides).items()}, folder)


def layer(config, overrides: Path | None) -> None:
    """A loaded MkDocs configuration whose theme (the package's as custom_dir, then Material's) is looked up in
    the project's own folder first, when it has one."""
    if overrides is not None and str(overrides) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(overrides))


def asset(overrides: Path | None, rel: str) -> Path | None:
    """A theme file (not a template) by its path, as the site has it: the project's, else the package's."""
    for folder in (overrides, PACKAGE_THEME):
        if folder is None:
            continue
        path = (folder / rel).resolve()
        if folder.resolve() in path.parents and path.is_file() and path.suffix not in (".html", ".py", ".pyc"):
            return path
    return None


def generated_asset(site: SiteFacts, content_dir: Path, rel: str, scratch: Path) -> Path | None:
    """A site file made from the content (site_theme) by its path, as a file: the logo or favicon in content/,
    the colours' style sheet written into `scratch` (for the editor's preview, which serves files)."""
    theme = site_theme(site, content_dir)
    if rel in (theme["logo"], theme["favicon"]):
        return content_dir / rel
    if rel != COLOURS_CSS:
        return None
    writers.sync_tree({rel: colours_css(theme["colours"]).encode("utf-8")}, scratch)
    return scratch / rel


# -- What the content gives the theme ----------------------------------------------------------------------------


def colours_css(colours: dict[str, str]) -> str:
    """The style sheet of the site's colours (site.yml's colours:, see models.SiteColours): Material's primary,
    accent and link colours and the keyboard focus outline, for the light scheme and the dark one (slate)."""
    c = {key: value.lower() for key, value in colours.items()}
    return (
        "/* The site's colours, from content/site.yml (colours:), checked for WCAG AA contrast by strategy-site "
        "check. */\n"
        ':root, [data-md-color-scheme="default"] {\n'
        f"  --md-primary-fg-color: {c['primary']};\n"
        f"  --md-primary-fg-color--light: {c['primary_light']};\n"
        f"  --md-primary-fg-color--dark: {c['primary_dark']};\n"
        f"  --md-accent-fg-color: {c['primary']};\n"
        f"  --md-typeset-a-color: {c['link']};\n"
        f"  --strategy-focus: {c['focus']};\n"
        "}\n"
        '[data-md-color-scheme="slate"] {\n'
        f"  --md-primary-fg-color: {c['primary']};\n"
        f"  --md-primary-fg-color--light: {c['primary_light']};\n"
        f"  --md-primary-fg-color--dark: {c['primary_dark']};\n"
        f"  --md-accent-fg-color: {c['link_dark']};\n"
        f"  --md-typeset-a-color: {c['link_dark']};\n"
        f"  --strategy-focus: {c['focus_dark']};\n"
        "}\n"
        "/* The language menu opens on the page's own background, not the header's. */\n"
        f".md-header .md-select__inner {{ --strategy-focus: {c['focus']}; }}\n"
        f'[data-md-color-scheme="slate"] .md-header .md-select__inner {{ --strategy-focus: {c["focus_dark"]}; }}\n'
    )


def site_theme(site: SiteFacts | None, content_dir: Path) -> dict:
    """What the content gives each language's theme (SiteJob.theme, plain data for another process): its
    `colours`, and `logo` and `favicon`, the files' paths under content/ (also their paths in the site, and
    Material's theme.logo and theme.favicon; None: the theme's own), and `content` (the folder they are in).
    The loading stage has checked the files (loading/theme.py)."""
    from ..models import SiteColours

    colours = site.colours if site is not None else SiteColours()
    theme: dict = {"colours": colours.model_dump(), "logo": None, "favicon": None, "content": str(content_dir)}
    for key in ("logo", "favicon"):
        rel = getattr(site, key, None)
        theme[key] = Path(rel).as_posix() if rel else None
    return theme


def site_files(theme: dict) -> dict[str, bytes]:
    """The site files a job's theme (site_theme) adds to its pages, by path: the colours' style sheet, and the logo
    and favicon copied from content/ to the same path in the site; none for a job without a theme."""
    if not theme:
        return {}
    files = {COLOURS_CSS: colours_css(theme["colours"]).encode("utf-8")}
    for key in ("logo", "favicon"):
        if theme.get(key):
            files[theme[key]] = (Path(theme["content"]) / theme[key]).read_bytes()
    return files


def theme_config(theme: dict, shared: dict) -> dict:
    """mkdocs.yml's theme as the build gives it to the engines: the package's theme as custom_dir (a project's own
    files are layered over it by the engine), and the content's logo and favicon when it has them."""
    out = dict(shared.get("theme") or {}) | {"custom_dir": str(PACKAGE_THEME)}
    for key in ("logo", "favicon"):
        if theme.get(key):
            out[key] = theme[key]
    return out


def extra_css(shared: dict) -> list[str]:
    """mkdocs.yml's extra_css with the colours' style sheet first (before the theme's, which uses its colours)."""
    return [COLOURS_CSS] + [path for path in shared.get("extra_css") or [] if path != COLOURS_CSS]
