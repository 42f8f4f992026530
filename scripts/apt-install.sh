#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet (one
# apt-get run for all of them); nothing when all are. Used by scripts/install-deps.sh
# (scripts/deps-apt.txt) and scripts/test-windows.sh (the Windows build's tools).
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
