#!/usr/bin/env bash
# Installs Apache PDFBox Preflight from Debian's packages, with a Java runtime:
# the one PDF/A validator that installs from the registries we reach (veraPDF
# is on Maven Central only). tests/documents/test_pdfa.py runs it on the demo's
# PDFs when it is there, and skips it when it is not. It checks PDF/A-1b rules
# only; the PDFs are PDF/A-2b, so the test accepts exactly the findings that
# PDF/A-2 allows (object streams, transparency, «part must be 1»).
# Safe to run again: it skips what is already there.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ -f /usr/share/java/preflight.jar ] || need+=(libpdfbox2-java)
[ -f /usr/share/java/jaxb-api.jar ] || need+=(libjaxb-api-java)
[ -f /usr/share/java/javax.activation.jar ] || need+=(libactivation-java)
if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
