#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU 10 for the guest runs, unpacked into the cache from Debian's
# bookworm-backports (pinned versions and checksums); nothing on the system
# changes. Bookworm's own QEMU 7.2 has no igb, the emulated NIC with FLR and
# SR-IOV that upstream's vfio_pci_driver_test drives. QEMU 9 and later also
# fault an unaligned load from Device memory in arm64 guests, as hardware
# does, which the arm64 plan's probe of memory types relies on.
#
# Prints the directory to take usr/bin/qemu-system-* from: "/" when the
# system's QEMU is already 10 or newer (trixie). Fails when QEMU 10 cannot be
# had; qemu.sh then boots the system's QEMU and the igb tests skip.
#
#   qemu10.sh [SYSTEM]   SYSTEM: x86_64 (default) or aarch64, the
#                        qemu-system-SYSTEM that must be there
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

SUITE=bookworm-backports
# package=version sha256 of the .deb
DEBS="
qemu-system-x86=1:10.0.2+ds-2+deb13u1~bpo12+1 4a6b1856c8b0d7df4ff8e70249e12c473ccf8d516aadb4ae14d3d938faed0c65
qemu-system-common=1:10.0.2+ds-2+deb13u1~bpo12+1 23a4672a138832d7173855e981aa8282c73ef5e04e080fa7ada9f82c6b34f507
qemu-system-data=1:10.0.2+ds-2+deb13u1~bpo12+1 2d831088187087013b3fcbd19bdfb955b182a2d5a08f6dafa0ad1c6d2007fb4e
seabios=1.16.3-2~bpo12+1 48390d0a534c66d11789e39518aa219773a9d3677b29fe1af8799dfb563ec713
qemu-system-arm=1:10.0.2+ds-2+deb13u1~bpo12+1 edebbab09db3882c48ef9c00049c7c6a2d76d195cb88d830baadd1fb705bbc66
"
system=${1:-x86_64}
root=$CACHE/qemu-10.0.2

major() { "$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p'; }

sys=$(major "qemu-system-$system" || true)
if [ -n "$sys" ] && [ "$sys" -ge 10 ]; then
	echo /
	exit 0
fi
if [ "$(major "$root/usr/bin/qemu-system-$system")" = 10 ]; then
	echo "$root"
	exit 0
fi

need apt-get dpkg-deb
[ "$(dpkg --print-architecture)" = amd64 ] || die "QEMU 10 is fetched for amd64 hosts only"
apt_dir=$CACHE/apt-qemu
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$root.debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
uri=$(mirror)
[ -n "$uri" ] || die "no Debian archive in this machine's apt sources; set DEBIAN_MIRROR=<uri>"
echo "deb [signed-by=$keyring] $uri $SUITE main" >"$apt_dir/sources.list"
log "fetching QEMU 10 from $SUITE into $root"
apt_private apt-get update >&2 || die "apt-get update of $SUITE failed"
rm -rf "$root.tmp"
echo "$DEBS" | while read -r pkg sum; do
	[ -n "$pkg" ] || continue
	(cd "$root.debs" && apt_private apt-get download "$pkg" >&2) ||
		die "download of $pkg failed"
	deb=$(ls "$root.debs/${pkg%%=*}"_*.deb)
	[ "$(sha256sum <"$deb" | cut -d' ' -f1)" = "$sum" ] ||
		{ rm -f "$deb"; die "checksum mismatch for $deb (removed)"; }
	dpkg-deb -x "$deb" "$root.tmp"
done
rm -rf "$root" "$root.debs"
mv "$root.tmp" "$root"
[ "$(major "$root/usr/bin/qemu-system-$system")" = 10 ] ||
	die "$root/usr/bin/qemu-system-$system does not run"
echo "$root"
