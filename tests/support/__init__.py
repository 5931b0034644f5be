"""Helpers shared by the test modules, by theme (no test module imports another; shared fixtures are in
tests/conftest.py): project.py (the checkout, copies of it), content.py (the content read as YAML, content errors),
site.py (the built pages), browser.py (Chromium, axe, the CSP checks), serving.py (ports and GET requests),
processes.py (waiting, a session's processes), nginx.py (the production server config on a loopback port),
editor.py (the editor run as a process and driven over HTTP), workbooks.py (spreadsheets as staff send them)."""
