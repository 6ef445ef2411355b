#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps-foreign.sh ARCH: what an i386 or arm64 guest needs on an amd64 host.
# The compiler (gcc-multilib, or the arm64 cross-compiler), and Debian's
# static busybox of ARCH, with the static libuuid that the vfio selftests
# link for arm64 (the i386 guest runs no selftests), unpacked into the
# cache rather than installed: they cannot sit next to the amd64 packages.
# apt-get download needs ARCH among dpkg's architectures. Prints the
# directory they are unpacked in: its bin/busybox and, for arm64,
# usr/lib/aarch64-linux-gnu/libuuid.a.
set -eu
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: deps-foreign.sh i386|arm64}
case $arch in
i386) compiler=gcc-multilib; debs="busybox-static:i386" ;;
arm64) compiler=gcc-aarch64-linux-gnu; debs="busybox-static:arm64 uuid-dev:arm64" ;;
*) die "no foreign guest for $arch" ;;
esac

if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	[ "$(id -u)" = 0 ] || die "the $arch guest needs 'dpkg --add-architecture $arch' (run as root)"
	log "adding the $arch architecture to dpkg" >&2
	dpkg --add-architecture "$arch"
	apt-get -q update >/dev/null || warn "apt-get update reported errors; trying anyway"
fi
"$TOP/scripts/deps.sh" "$compiler" >&2

# The directory is named for the packages, so a new list fetches anew.
dir=$CACHE/guest-${debs// /+}
if [ ! -f "$dir/.complete" ]; then
	log "fetching $debs" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && apt-get -q download $debs >/dev/null &&
		for deb in ./*.deb; do dpkg-deb -x "$deb" . || exit 1; done &&
		rm -f ./*.deb) ||
		die "could not fetch $debs"
	touch "$dir/.complete"
fi
echo "$dir"
