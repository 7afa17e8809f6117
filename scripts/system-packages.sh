#!/usr/bin/env bash
# Installs the Debian packages that `make demo` or `make test` needs, only when some are missing.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
# Usage: scripts/system-packages.sh demo|test
set -euo pipefail

# WeasyPrint's libraries and a font with Polish glyphs (PDF letters and statements).
demo=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# The browser tests drive /usr/bin/chromium; the PDF tests read text with poppler's pdftotext;
# gettext's msgfmt/makemessages keep the catalogues in shape.
test=("${demo[@]}" chromium chromium-driver poppler-utils gettext)

case "${1:-}" in
  demo) wanted=("${demo[@]}") ;;
  test) wanted=("${test[@]}") ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null; then
  echo "warning: not a Debian system; make sure these (or their equivalents) are installed:" \
    "${wanted[*]}" >&2
  exit 0
fi

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (another checkout's tests) instead of failing on its lock.
lock=(-o DPkg::Lock::Timeout=300)
apt-get "${lock[@]}" update -qq
apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
