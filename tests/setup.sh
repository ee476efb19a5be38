#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine:
# LibreOffice (the tests convert forms and documents with it), the package
# with its test extras, and Dovecot for the e-mail tests (tests/setup_mail.sh). Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        libreoffice-calc libreoffice-writer fonts-dejavu fonts-crosextra-carlito poppler-utils >/dev/null
fi
python3 -m pip install -q -e ".[test]"
bash tests/setup_mail.sh  # Dovecot (IMAP) for the e-mail tests
bash tests/setup_postgres.sh  # PostgreSQL server binaries and psycopg for the shared-store tests
