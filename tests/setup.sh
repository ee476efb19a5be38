#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine:
# LibreOffice (the tests convert forms and documents with it), the venv module
# if the system Python lacks it, the package with its test extras (editable, at
# the versions in constraints.txt) in a virtual environment .venv/ beside the
# code, and Dovecot for the e-mail tests (tests/setup_mail.sh).
# The virtual environment keeps the system Python untouched, so this works where
# «pip install» is refused (externally managed Python, PEP 668). Run the tests
# with .venv/bin/python -m pytest. PYTHON=python3.12 bash tests/setup.sh builds
# .venv/ from another interpreter. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc libreoffice-writer fonts-dejavu fonts-crosextra-carlito poppler-utils)
command -v "$PYTHON" >/dev/null 2>&1 || need+=(python3)
# Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a package of its own.
"$PYTHON" -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# A .venv/ without a working pip (made before python3-venv was installed, or by
# an interpreter that is gone) is made again.
.venv/bin/python -m pip --version >/dev/null 2>&1 || "$PYTHON" -m venv --clear .venv
.venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
bash tests/setup_mail.sh  # Dovecot (IMAP) for the e-mail tests
bash tests/setup_postgres.sh  # PostgreSQL server binaries and psycopg for the shared-store tests
bash tests/setup_pdfbox.sh  # PDFBox Preflight (PDF/A validator) for the PDF tests
