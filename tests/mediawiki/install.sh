#!/usr/bin/env bash
# Install what wikilint's real-wiki tests need, from Debian's packages:
#   * PHP's command line with the SQLite, intl, mbstring and XML extensions;
#   * MediaWiki's code, unpacked (not installed: the `mediawiki` package would
#     pull in apache2) into a cache directory shared by every test run.
#
# Idempotent: when everything is already there it returns at once, without
# touching apt. Needs root otherwise.
#
#   WIKILINT_MW_CODE   where MediaWiki's code is unpacked
#                      (default: /var/cache/wikilint/mediawiki)
set -euo pipefail

MW_CODE="${WIKILINT_MW_CODE:-/var/cache/wikilint/mediawiki}"
MARKER="$MW_CODE/.wikilint-unpacked"
PHP_PACKAGES=(php-cli php-sqlite3 php-intl php-mbstring php-xml)

php_ready() {
    command -v php >/dev/null 2>&1 && php -r '
        foreach (["pdo_sqlite", "intl", "mbstring", "xml"] as $ext) {
            if (!extension_loaded($ext)) { exit(1); }
        }
        exit(0);'
}

code_ready() {
    [ -f "$MARKER" ] && [ -f "$MW_CODE/maintenance/install.php" ]
}

if php_ready && code_ready; then
    echo "MediaWiki for tests: ready ($(cat "$MARKER")) in $MW_CODE"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "tests/mediawiki/install.sh: must run as root to install Debian packages" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

if ! php_ready; then
    apt-get install -y -qq --no-install-recommends "${PHP_PACKAGES[@]}" >/dev/null
fi

if ! code_ready; then
    workdir="$(mktemp -d)"
    trap 'rm -rf "$workdir"' EXIT
    chmod 755 "$workdir"   # apt-get download runs as the _apt user
    chown _apt "$workdir" 2>/dev/null || true
    (cd "$workdir" && apt-get download -qq mediawiki mediawiki-classes)
    for deb in "$workdir"/*.deb; do
        dpkg-deb -x "$deb" "$workdir/unpacked"
    done
    version="$(dpkg-deb -f "$workdir"/mediawiki_*.deb Version)"
    staging="$MW_CODE.partial"
    rm -rf "$staging"
    mkdir -p "$(dirname "$MW_CODE")"
    mv "$workdir/unpacked/usr/share/mediawiki" "$staging"
    # The package's symlinks point into /etc/mediawiki and /var/lib/mediawiki;
    # each test wiki brings its own LocalSettings.php (MW_CONFIG_FILE) instead.
    (
        cd "$staging"
        rm -rf LocalSettings.php config images extensions
        ln -s extensions-core extensions
        mkdir images
    )
    echo "mediawiki $version" >"$staging/.wikilint-unpacked"
    rm -rf "$MW_CODE"
    mv "$staging" "$MW_CODE"
fi

php_ready || { echo "tests/mediawiki/install.sh: PHP is still missing an extension" >&2; exit 1; }
echo "MediaWiki for tests: ready ($(cat "$MARKER")) in $MW_CODE"
