#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian 12 machine, and nothing
# that is already there: apt packages listed in scripts/deps-apt.txt, then any extra
# steps in scripts/deps-*.sh (each idempotent). Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

mapfile -t wanted < <(grep -v '^\s*#' scripts/deps-apt.txt 2>/dev/null | awk 'NF {print $1}' | sort -u)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for step in scripts/deps-*.sh; do
  [ -e "$step" ] && bash "$step"
done
exit 0
