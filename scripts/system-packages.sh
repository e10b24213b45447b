#!/usr/bin/env bash
# Install Debian packages the tests need (e.g. `scripts/system-packages.sh chromium`), only
# those missing. Idempotent; uses sudo only when not root. Never fails the build: a package
# that cannot be installed is reported, and the tests that need it skip with that reason.
set -u
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: no apt-get here; install ${missing[*]} yourself (tests that need them will skip)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "system-packages: not root and no password-less sudo; cannot install ${missing[*]} (tests that need them will skip)" >&2
    exit 0
  fi
fi
echo "system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "system-packages: apt-get could not install ${missing[*]} (tests that need them will skip)" >&2
exit 0
