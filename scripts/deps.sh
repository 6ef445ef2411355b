#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the harness needs, if any is missing.
#
#   deps.sh [EXTRA PACKAGES...]   (make bench adds gnuplot-nox)
set -eu
. "$(dirname "$0")/lib.sh"

pkgs="build-essential bc bison flex libelf-dev libssl-dev rsync cpio
kmod xz-utils file python3 git ccache sparse busybox-static uuid-dev
qemu-system-x86 debian-archive-keyring python3-ply python3-git python3-docutils
$*"
missing=
for p in $pkgs; do
	dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -q '^installed$' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
[ "$(id -u)" = 0 ] || die "missing packages:$missing (run as root, or install them)"
log "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null || warn "apt-get update reported errors; trying anyway"
apt-get -q install -y --no-install-recommends $missing >/dev/null ||
	die "apt-get install$missing failed"
