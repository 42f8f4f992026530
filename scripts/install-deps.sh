#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian 12 machine, and nothing
# that is already there: apt packages listed in scripts/deps-apt.txt, then any extra
# steps in scripts/deps-*.sh (each idempotent). Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -v '^\s*#' scripts/deps-apt.txt 2>/dev/null | awk 'NF {print $1}' | sort -u)
scripts/apt-install.sh "${wanted[@]}"

for step in scripts/deps-*.sh; do
  [ -e "$step" ] && bash "$step"
done
exit 0
