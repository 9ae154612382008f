#!/usr/bin/env bash
# Install what wikilint's browser tests need, from Debian's packages: Chromium,
# its WebDriver (chromedriver) and CJK fonts (without them every Chinese
# character of a screenshot is the same empty box).
#
# Idempotent: when everything is there it returns at once, without touching
# apt. Needs root otherwise.
set -euo pipefail

ready() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
        && fc-list :lang=zh 2>/dev/null | grep -qi "noto sans cjk"
}

if ready; then
    echo "Browser for tests: ready ($(/usr/bin/chromedriver --version | head -1))"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "tests/web/install.sh: must run as root to install Debian packages" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
ready || { echo "tests/web/install.sh: chromium, chromedriver or the CJK fonts are missing" >&2; exit 1; }
echo "Browser for tests: ready ($(/usr/bin/chromedriver --version | head -1))"
