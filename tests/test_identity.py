"""A city's identity comes from its content, never from the generator (issue 25, points 2 and 3): the open data
package's name (`data_package_name` in content/site.yml, else made from base_url), the web server's host name
(`strategy-site nginx-config` fills the package's template with base_url's host; the tests serve that output, and
the repository keeps no city's copy), and the home page's title, the site's name once."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import nginx, opendata, pipeline
from generator.cli import main
from tests.support.nginx import nginx_binary, server_config, wrapper_config
from tests.support.project import ROOT

SERVER_LINE = "    server_name {host};  # the host of base_url in content/site.yml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def set_site(project: Path, **fields: str | None) -> None:
    """content/site.yml with `fields` set (None: the field removed, with the comment lines just above it)."""
    path = project / "content" / "site.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, value in fields.items():
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if value is None:
            assert at is not None, key
            start = at
            while start and lines[start - 1].startswith("#"):
                start -= 1
            del lines[start : at + 1]
        elif at is None:
            lines.append(f"{key}: {value}")
        else:
            lines[at] = f"{key}: {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def package_name(project: Path) -> str:
    return opendata.datapackage(pipeline.check(pipeline.Project(project)))["name"]


# ---------------------------------------------------------------- the data package's name


def test_the_data_package_is_named_by_the_content():
    site = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
    assert site["data_package_name"] == "strategia.kokkola.fi"
    assert package_name(ROOT) == "strategia.kokkola.fi"


def test_the_name_stays_when_the_site_moves(project):
    set_site(project, base_url="https://strategia.example.fi/")
    assert package_name(project) == "strategia.kokkola.fi"


@pytest.mark.parametrize(
    ("base_url", "name"),
    [
        ("https://strategia.example.fi/", "strategia.example.fi"),
        ("https://www.example.fi/strategia/", "www.example.fi-strategia"),
        ("https://Strategia.Example.FI:8443/", "strategia.example.fi-8443"),
    ],
)
def test_content_without_the_field_gets_the_name_from_its_address(project, base_url, name):
    """site.yml as written before `data_package_name` existed: the name the data package always had, made from
    base_url's host and path."""
    set_site(project, data_package_name=None, base_url=base_url)
    assert "data_package_name" not in (project / "content" / "site.yml").read_text(encoding="utf-8")
    assert package_name(project) == name


@pytest.mark.parametrize("name", ["Kokkola-strategy", "strategia kokkola", "strategia/kokkola", "strategiä", "''"])
def test_a_name_that_is_not_a_data_package_name_is_an_error_at_its_line(project, name):
    set_site(project, data_package_name=name)
    line = (
        (project / "content" / "site.yml").read_text(encoding="utf-8").splitlines().index(f"data_package_name: {name}")
    )
    shown = "" if name == "''" else name
    checked = run("check", "--root", str(project))
    assert (checked.exit_code, checked.output) == (
        1,
        f"Error: content/site.yml:{line + 1}: data_package_name: '{shown}' is not a Data Package name "
        "[data-package-name] – use only lowercase letters a–z, digits and '-', '.' or '_', e.g. strategia.example.fi\n"
        "1 error(s) found; nothing was written. Fix them and run the command again.\n",
    )


# ---------------------------------------------------------------- the web server's configuration


def test_the_tests_serve_the_commands_output_for_this_content():
    """The served site's configuration (tests/support/nginx.py) is exactly what `strategy-site nginx-config`
    makes for content/, so the browser tests check what production serves; the repository keeps no city's copy."""
    from tests.support.nginx import DEPLOY_CONF

    made = run("nginx-config", "--root", str(ROOT))
    assert made.exit_code == 0, made.output
    assert made.output == DEPLOY_CONF.read_text(encoding="utf-8")
    assert SERVER_LINE.format(host="strategia.kokkola.fi") in made.output.splitlines()
    assert not (ROOT / "deploy" / "nginx.conf").exists()


def test_the_configuration_is_the_template_with_the_host_of_base_url(project, tmp_path):
    set_site(project, base_url="https://strategia.example.fi/")
    printed = run("nginx-config", "--root", str(project))
    assert printed.exit_code == 0, printed.output
    template = nginx.TEMPLATE.read_text(encoding="utf-8").splitlines()
    lines = printed.output.splitlines()
    assert len(lines) == len(template)
    changed = [(a, b) for a, b in zip(template, lines) if a != b]
    assert changed == [(SERVER_LINE.format(host="__SERVER_NAME__"), SERVER_LINE.format(host="strategia.example.fi"))]
    # the policy is the package's, the one the editor's previews and the tests' server carry
    assert f'add_header Content-Security-Policy "{nginx.policy()}" always;' in printed.output

    out = tmp_path / "strategy-site.conf"
    written = run("nginx-config", "--root", str(project), "-o", str(out))
    assert (written.exit_code, written.output) == (0, f"Wrote {out}: nginx serves the site as strategia.example.fi.\n")
    assert out.read_text(encoding="utf-8") == printed.output


def test_another_citys_configuration_passes_nginx_t(project, tmp_path):
    binary = nginx_binary()
    if not binary:
        pytest.fail("nginx is not installed: run scripts/setup-system.sh (make setup-test)")
    set_site(project, base_url="https://strategia.example.fi/")
    conf = tmp_path / "city.conf"
    assert run("nginx-config", "--root", str(project), "-o", str(conf)).exit_code == 0
    work = tmp_path / "nginx"
    work.mkdir()
    (work / "nginx.conf").write_text(wrapper_config(work, tmp_path, 8080), encoding="utf-8")
    (work / "server.conf").write_text(server_config(tmp_path, 8080, conf), encoding="utf-8")
    checked = subprocess.run(
        [binary, "-t", "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert re.search(r"^\s*server_name strategia\.example\.fi;", (work / "server.conf").read_text(), re.M)


def test_a_site_under_a_path_gets_no_configuration(project, tmp_path):
    set_site(project, base_url="https://www.example.fi/strategia/")
    out = tmp_path / "strategy-site.conf"
    refused = run("nginx-config", "--root", str(project), "-o", str(out))
    assert (refused.exit_code, refused.output) == (
        1,
        "Error: content/site.yml: base_url https://www.example.fi/strategia/ is not the root of its host: the nginx "
        "configuration serves a site published at the root of its host, https://www.example.fi/: publish the site "
        "there, or write the server's configuration yourself\n",
    )
    assert not out.exists()


def test_content_errors_stop_it_as_they_stop_check(project):
    set_site(project, data_package_name="Strategia Kokkola")
    made = run("nginx-config", "--root", str(project))
    checked = run("check", "--root", str(project))
    assert made.exit_code == checked.exit_code == 1
    assert made.output == checked.output and "[data-package-name]" in made.output


# ---------------------------------------------------------------- the home page's title


def test_the_home_pages_title_is_the_site_name_once(built_site):
    """The home page's own title is the site's name: the browser's title says it once (not "Vaasan strategia –
    Vaasan strategia"), and so do the Open Graph and Twitter titles; the bilingual chooser names both."""
    names = {}
    for lang in ("fi", "sv"):
        names[lang] = yaml.safe_load((built_site / "content" / lang / "ui.yml").read_text(encoding="utf-8"))[
            "site_name"
        ]
        soup = BeautifulSoup((built_site / "site" / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert [t.get_text() for t in soup.find_all("title")] == [names[lang]], lang
        assert soup.find("meta", property="og:title")["content"] == names[lang]
        assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == names[lang]
    chooser = BeautifulSoup((built_site / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert chooser.title.get_text() == f"{names['fi']} – {names['sv']}"
