#!/bin/sh
# System packages Kizashi's build and tests need, installed only when missing:
#   libicu-dev + pkg-config  build PyICU (followthemoney's name normalisation)
#   postgresql               a throwaway server for the PostgreSQL store tests
#   chromium + IPA fonts     headless browser tests of the dashboard, with Japanese glyphs
set -eu
need=""
dpkg -s libicu-dev >/dev/null 2>&1 || need="$need libicu-dev"
dpkg -s pkg-config >/dev/null 2>&1 || need="$need pkg-config"
dpkg -s postgresql >/dev/null 2>&1 || need="$need postgresql"
dpkg -s chromium >/dev/null 2>&1 || need="$need chromium"
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need="$need fonts-ipafont-gothic"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "setup-system: missing Debian packages:$need (run as root to install them)" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
echo "setup-system: installing$need"
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need >/dev/null
