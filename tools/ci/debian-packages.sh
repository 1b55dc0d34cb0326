#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests use, when missing: headless Chromium (the report's screenshot
# test), Jupyter's nbconvert with the Python kernel, pandas and matplotlib (the notebooks), and the fonts that chart
# text needs. Run by Maven in the tests module before the integration tests, so `mvn -B verify` on a fresh Debian
# machine needs no hand-installed state. Idempotent: when everything is present it only checks and exits.
set -euo pipefail
PACKAGES=(chromium jupyter-nbconvert python3-ipykernel python3-nbclient python3-pandas python3-matplotlib
  fonts-dejavu-core fontconfig)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "debian-packages: all present (${PACKAGES[*]})"
  exit 0
fi
echo "debian-packages: installing ${missing[*]}"
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
    echo "debian-packages: missing ${missing[*]} and not root (install them with apt-get, or run as root)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; update once, then install without recommends (smaller, faster).
"${SUDO[@]}" apt-get update -qq || "${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "debian-packages: installed ${missing[*]}"
