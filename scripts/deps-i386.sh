#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What an i386 guest needs on an amd64 host: gcc-multilib for the guest
# programs, and a static i386 busybox, taken from Debian's busybox-static:i386
# into the cache (it cannot be installed next to the amd64 one; apt-get
# download needs i386 among dpkg's architectures). Prints the busybox path.
set -eu
. "$(dirname "$0")/lib.sh"

if ! dpkg --print-foreign-architectures | grep -qx i386; then
	[ "$(id -u)" = 0 ] || die "the i386 guest needs 'dpkg --add-architecture i386' (run as root)"
	log "adding the i386 architecture to dpkg" >&2
	dpkg --add-architecture i386
	apt-get -q update >/dev/null || warn "apt-get update reported errors; trying anyway"
fi
"$TOP/scripts/deps.sh" gcc-multilib >&2

dir=$CACHE/busybox-i386
if [ ! -x "$dir/bin/busybox" ]; then
	log "fetching busybox-static:i386" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && apt-get -q download busybox-static:i386 >/dev/null &&
		dpkg-deb -x busybox-static_*_i386.deb .) ||
		die "could not fetch busybox-static:i386"
fi
echo "$dir/bin/busybox"
