#!/bin/bash
# Install the Debian packages of the named sets (PACKAGE_SETS in lib.sh)
# that are missing: as root with one apt-get update, otherwise print the
# apt-get line to run and fail. Every make entry point starts here.
#
# Usage: deps.sh <set>...     sets: tool host-check bench fuzz kernel
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: deps.sh <set>..."
command -v dpkg-query >/dev/null || die "not a Debian system: install the packages of scripts/lib.sh PACKAGE_SETS ($*) by hand"
mapfile -t pkgs < <(packages_of "$@")
ensure_packages "${pkgs[@]}"
