#!/usr/bin/env bash
# CI: the README's demo command, verbatim, in a fresh clone of this repository,
# with Debian's system Python first in PATH. That Python is externally managed
# (PEP 668: «pip install» into it is refused), which is what a secretariat meets
# on a stock Debian 12/13 or Ubuntu 24.04; the command must work there as written.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
# The line after the marker's ```sh fence in README.md, so CI runs what users read.
command=$(awk '/<!-- ci: demo command/ {found=1; next} found && /^```/ {if (open) exit; open=1; next} open {print; exit}' README.md)
[ -n "$command" ] || { echo "readme_demo: no demo command after the marker in README.md" >&2; exit 1; }

need=()
[ -x /usr/bin/python3 ] || need+=(python3)
/usr/bin/python3 -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
command -v git >/dev/null 2>&1 || need+=(git)
if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
managed=$(/usr/bin/python3 -c 'import os, sysconfig; print(os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))')
echo "readme_demo: /usr/bin/python3 is $(/usr/bin/python3 --version 2>&1), externally managed: $managed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/iktplan"
mkdir "$work/home"
# A fresh HOME for ~/fjordvik-demo, but the runner's pip cache, so CI does not
# download the wheels again on every run.
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pip}"
cd "$work/iktplan"
echo "readme_demo: $command"
HOME="$work/home" PATH="/usr/bin:/bin:/usr/sbin:/sbin" bash -c '
    set -euo pipefail
    [ "$(command -v python3)" = /usr/bin/python3 ] || { echo "python3 is $(command -v python3), not /usr/bin/python3" >&2; exit 1; }
    '"$command" > "$work/demo.log" 2>&1 || { cat "$work/demo.log"; echo "readme_demo: the README demo command failed" >&2; exit 1; }
tail -n 25 "$work/demo.log"
for f in IKT-strategi.docx Tiltaksbeskrivelser.docx Saksframlegg.docx Samlet-oversikt.xlsx; do
    [ -s "$work/home/fjordvik-demo/outbox/$f" ] || { echo "readme_demo: outbox/$f is missing" >&2; exit 1; }
done
grep -q "Dokumentene er nå versjon 1" "$work/demo.log" || { echo "readme_demo: no version 1" >&2; exit 1; }
echo "readme_demo: the README's demo command works with /usr/bin/python3 (externally managed: $managed)."
