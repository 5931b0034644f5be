#!/usr/bin/env bash
# Installs the system tools the tests use, from Debian's packages: Chromium and nginx for the browser tests, Java
# for the W3C Nu HTML Checker (npm vnu-jar), Node.js and npm for axe-core, vnu-jar and Lighthouse.
# The tests start their own nginx on a free loopback port with the site's configuration (tests/support/nginx.py);
# the system's nginx service is not needed and not touched.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
