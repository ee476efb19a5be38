#!/usr/bin/env bash
# Installs what the PostgreSQL tests need on a fresh Debian/Ubuntu machine: the server
# binaries from Debian's package 'postgresql' (the tests start their own throwaway cluster
# on a free port and stop it; no system cluster is created or started) and psycopg 3 from
# PyPI (the package's 'postgres' extra). Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
have_server() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if ! have_server; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # postgresql-common first, told not to create (and start) the 'main' cluster when the
    # server package is installed: the tests never use it, and it would listen on 5432.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
    $SUDO sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf
    # 'postgresql' is Debian's "current major" package (15 on bookworm, 17 on trixie).
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
python3 -c "import psycopg" 2>/dev/null || python3 -m pip install -q "psycopg[binary]>=3.1"
