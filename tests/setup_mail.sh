#!/usr/bin/env bash
# Installs the mail servers the e-mail tests start on localhost: Dovecot (IMAP)
# from Debian's packages, and openssl for the tests' self-signed certificate.
# The SMTP server (aiosmtpd) comes from PyPI with the package's test extras
# (tests/setup.sh installs them into .venv/).
# The tests start their own Dovecot with a throwaway configuration on free high
# ports; the system service the package may start is not used.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # policy-rc.d-less containers may refuse to start the service; that is fine.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ -x .venv/bin/python ]; then
    .venv/bin/python -c "import aiosmtpd" 2>/dev/null || .venv/bin/python -m pip install -q -c constraints.txt "aiosmtpd>=1.4"
fi
