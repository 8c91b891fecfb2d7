#!/usr/bin/env bash
# What the test suite needs beyond pip, installed where it is missing; `make test` runs this
# before pytest (and CI runs `make test`). Each section is one tool; a machine that has it pays
# nothing. A section that cannot install (no root, no apt-get, no network) warns and goes on:
# the tests that need the tool then skip with a loud reason in pytest's summary.
set -uo pipefail

warn() { printf '\n*** test-deps: %s ***\n\n' "$*" >&2; }

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_updated=""
apt_install() {  # apt_install PACKAGE...: quiet, non-interactive, one `apt-get update` per run
    if [ -z "$apt_updated" ]; then
        apt-get update -qq >/dev/null 2>&1 || return 1
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- PostgreSQL: tests/store runs every store test against a throwaway server that the tests
# start themselves (tests/postgres_server.py: initdb in a temp dir, unix socket only). Only the
# server binaries are needed; Debian keeps them in /usr/lib/postgresql/<version>/bin.
pg_bin() {
    command -v initdb >/dev/null 2>&1 && return 0
    ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
if ! pg_bin; then
    if can_apt; then
        echo "test-deps: installing PostgreSQL (apt-get) for the store tests" >&2
        # No cluster of its own, and no service started: the tests run their own server.
        mkdir -p /etc/postgresql-common
        [ -e /etc/postgresql-common/createcluster.conf ] \
            || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
        apt_install postgresql postgresql-contrib \
            || warn "apt-get could not install PostgreSQL; the PostgreSQL store tests will SKIP"
    else
        warn "PostgreSQL is missing and apt-get is not usable here (needs root); the PostgreSQL store tests will SKIP"
    fi
fi

# --- Chromium: tests/web drives Debian's chromium headless through Playwright's Python package
# (executable_path=/usr/bin/chromium). Never `playwright install`: it downloads a browser build.
if ! command -v chromium >/dev/null 2>&1; then
    if can_apt; then
        echo "test-deps: installing chromium (apt-get) for the browser tests" >&2
        apt_install chromium fonts-dejavu-core \
            || warn "apt-get could not install chromium; the browser tests (tests/web) will SKIP"
    else
        warn "chromium is missing and apt-get is not usable here (needs root); the browser tests (tests/web) will SKIP"
    fi
fi

exit 0
