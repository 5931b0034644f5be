"""Content-Security-Policy hashes for the inline scripts and styles of a built site.

MkDocs/Material 9.x pages carry three small inline scripts (Material's `__md_scope` helpers, whose text
depends on the page's depth, the palette restore and the tab restore; the `<script id="__config"
type="application/json">` block is data, never executed, so CSP does not apply to it) and the bilingual
root page carries one inline `<style>`. The CSP of the package's nginx configuration (the template
generator/defaults/nginx.conf, which `strategy-site nginx-config` fills in for a site) allows exactly these by
their SHA-256 hashes, so no other inline script or style can run.

Zensical's pages (`strategy-site build --engine zensical`) carry their own variants of the same scripts; the
policy allows both engines' sites, so the server's configuration need not change with the engine.

After upgrading mkdocs-material or Zensical, changing the root page's template, publishing under another path
than `/`, or adding deeper pages, build the site with each engine and run

    python3 deploy/csp.py site/ site-zensical/ --write generator/defaults/nginx.conf

which rewrites the hashes in the template's `add_header Content-Security-Policy` line (any nginx configuration
file with that line can be given to --write); then make the server's configuration again with
`strategy-site nginx-config`. Without --write it prints
the policy. tests/test_accessibility.py fails when the site has an inline script or style the policy lacks.
Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

# Everything but the hashes; `{scripts}` and `{styles}` are filled in. Only what the site uses is allowed:
# scripts, styles, images, the search worker and its fetches (search index, sitemaps) from the site itself;
# data: images because Material's CSS draws its icons with data: SVG masks; form-action for the search form
# (submitted to the page itself without JavaScript); no fonts, frames, objects, <base> or framing by others.
POLICY = (
    "default-src 'none'; script-src 'self' {scripts}; style-src 'self' {styles}; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADER_LINE = re.compile(r'(add_header\s+Content-Security-Policy\s+")([^"]*)(")')


class _Inline(HTMLParser):
    """Collects the text of inline <script> (executable types only) and <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._tag: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a:
            kind = (a.get("type") or "").strip().lower()
            if kind in ("", "text/javascript", "application/javascript", "module"):
                self._tag, self._buf = "script", []
        elif tag == "style":
            self._tag, self._buf = "style", []

    def handle_data(self, data):
        if self._tag:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if self._tag and tag == self._tag:
            (self.scripts if tag == "script" else self.styles).append("".join(self._buf))
            self._tag = None


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Material's first inline script names the site's root relative to the page ("..", "../.." ...), so its text
# differs with the page's depth. The policy allows it for every depth up to MAX_DEPTH, so that a new, deeper
# page does not need a new policy.
SCOPE = re.compile(r'^(__md_scope=new URL\(")(\.|\.\.(?:/\.\.)*)(",location\))')
MAX_DEPTH = 5


def _depth_variants(script: str) -> set[str]:
    if not SCOPE.match(script):
        return {script}
    ups = ["."] + ["/".join([".."] * n) for n in range(1, MAX_DEPTH + 1)]
    return {script} | {SCOPE.sub(lambda m, up=up: m.group(1) + up + m.group(3), script, count=1) for up in ups}


def inline_hashes(site: Path) -> tuple[list[str], list[str]]:
    """Sorted CSP hash sources of every inline script and style in the site's HTML files, and of the styles the
    theme's scripts insert as they run (`runtime_styles`)."""
    scripts, styles = set(), set()
    for path in sorted(site.rglob("*.html")):
        parser = _Inline()
        parser.feed(path.read_text(encoding="utf-8"))
        scripts.update(_hash(v) for s in parser.scripts for v in _depth_variants(s))
        styles.update(_hash(s) for s in parser.styles)
    styles.update(_hash(s) for s in runtime_styles(site))
    return sorted(scripts), sorted(styles)


# A style sheet written in a theme's script as one string assigned to a name (`X='.a{…}…'`). Zensical's search
# dialog puts its CSS, such a string, into a <style> of its own as it opens; CSP allows an inserted <style> by
# the hash of its text like any inline one. (Material's bundle has none.)
CSS_STRING = re.compile(r"""=\s*(['"`])((?:(?!\1)[^\\\n]|\\.){200,}?)\1""")
CSS_START = re.compile(r"\s*[.#:*\[@a-zA-Z][^{};]*\{")


def runtime_styles(site: Path) -> set[str]:
    """The style sheets in the site's theme scripts (escape-free CSS strings of 200 characters or more)."""
    found = set()
    for path in sorted(site.glob("*/assets/javascripts/*.js")) + sorted(site.glob("assets/javascripts/*.js")):
        for match in CSS_STRING.finditer(path.read_text(encoding="utf-8")):
            text = match.group(2)
            if CSS_START.match(text) and text.rstrip().endswith("}") and "\\" not in text and "${" not in text:
                found.add(text)
    return found


def policy(*sites: Path) -> str:
    """The policy that allows the inline scripts and styles of every site given (one per engine)."""
    scripts, styles = set(), set()
    for site in sites:
        site_scripts, site_styles = inline_hashes(site)
        scripts.update(site_scripts)
        styles.update(site_styles)
    return POLICY.format(scripts=" ".join(sorted(scripts)), styles=" ".join(sorted(styles))).replace("  ", " ")


def configured_policy(conf: Path) -> str:
    """The policy in an nginx config file's add_header Content-Security-Policy line."""
    match = HEADER_LINE.search(conf.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{conf}: no add_header Content-Security-Policy line")
    return match.group(2)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("sites", type=Path, nargs="+", metavar="site", help="a built site/ folder (one per engine)")
    args.add_argument("--write", type=Path, metavar="NGINX_CONF", help="rewrite the policy in this nginx config")
    opts = args.parse_args(argv)
    new = policy(*opts.sites)
    if not opts.write:
        print(new)
        return 0
    text = opts.write.read_text(encoding="utf-8")
    if not HEADER_LINE.search(text):
        print(f"{opts.write}: no add_header Content-Security-Policy line", file=sys.stderr)
        return 1
    opts.write.write_text(HEADER_LINE.sub(lambda m: m.group(1) + new + m.group(3), text, count=1), encoding="utf-8")
    print(f"{opts.write}: Content-Security-Policy updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
