#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build what runs inside the guest for VARIANT: the vfio selftests of the work
# tree and the demo, statically linked against the variant's installed uAPI
# headers; then pack them with busybox, /init and the plans into
# $BUILD/out/VARIANT/initramfs.cpio.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: guest.sh VARIANT}
out=$BUILD/out/$variant
[ -f "$out/.config" ] || die "variant $variant is not configured: build it first"
arch=$(sed -n 's/^CONFIG_ARM64=y/arm64/p; s/^CONFIG_X86_64=y/x86_64/p' "$out/.config")
arch=${arch:-i386}
busybox=/bin/busybox
ldflags= cross= libdir=
case $arch in
x86_64) cc="gcc"; sfx= ;;
i386) cc="gcc -m32"; sfx=:i386; busybox=$("$TOP/scripts/deps-foreign.sh" i386)/bin/busybox ;;
arm64)	# busybox and libuuid from Debian's arm64 packages, unpacked
	cross=aarch64-linux-gnu-; cc=${cross}gcc; sfx=:arm64
	dir=$("$TOP/scripts/deps-foreign.sh" arm64)
	busybox=$dir/bin/busybox
	libdir=$dir/usr/lib/aarch64-linux-gnu ldflags="-L$libdir" ;;
esac
need cpio rsync
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	die "$busybox is not a static busybox: install busybox-static"
# The vfio selftests support x86_64 and arm64 only (their Makefile builds
# nothing for i386); they need a static libuuid.
selftests=
if [ "$arch" != i386 ]; then
	selftests=yes
	# gcc -print-file-name does not look in -L directories.
	libuuid=${libdir:+$libdir/libuuid.a}
	[ -n "$libuuid" ] || libuuid=$($cc -print-file-name=libuuid.a)
	[ -f "$libuuid" ] || die "no static libuuid for $arch: install uuid-dev$sfx"
fi

log "installing uAPI headers for $variant"
make -s -C "$TREE" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" headers_install >/dev/null

stage=$out/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,plans,tests/vfio,lib/modules}
cp "$busybox" "$stage/bin/busybox"
install -m 755 "$TOP/guest/init" "$stage/init"
cp "$TOP"/guest/plans/*.sh "$stage/plans/"

log "building the guest programs for $variant"
for src in "$TOP"/guest/src/*.c; do
	$cc -static -O2 -Wall -Werror -D_FILE_OFFSET_BITS=64 -isystem "$out/usr/include" \
		-o "$stage/tests/$(basename "$src" .c)" "$src"
done
sdir=$BUILD/selftests/$variant
mkdir -p "$sdir"
if [ -n "$selftests" ]; then
	make -s -C "$TREE/tools/testing/selftests/vfio" OUTPUT="$sdir" \
		CC="$cc" ARCH="$arch" KHDR_INCLUDES="-isystem $out/usr/include" \
		EXTRA_CFLAGS="-static $ldflags" >"$out/selftests-build.log" 2>&1 ||
		{ tail -n 30 "$out/selftests-build.log"; die "vfio selftests do not build"; }
fi
for t in "$sdir"/*_test; do
	[ -x "$t" ] && cp "$t" "$stage/tests/vfio/"
done

if grep -q '^CONFIG_MODULES=y' "$out/.config"; then
	make -s -C "$TREE" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" INSTALL_MOD_PATH="$stage" \
		INSTALL_MOD_STRIP=1 modules_install >/dev/null
fi

(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) \
	>"$out/initramfs.cpio"
log "$out/initramfs.cpio: $(du -h "$out/initramfs.cpio" | cut -f1)"
