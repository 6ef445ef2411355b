#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build one kernel variant out of tree, in $BUILD/out/VARIANT:
#
#   qemu    x86_64 test kernel, PCI_P2PDMA=y (the one the guest boots)
#   nop2p   x86_64 with ZONE_DEVICE=n, PCI_P2PDMA=n, vfio as modules
#   i386    32-bit x86
#   debug   qemu plus lockdep, KASAN, kmemleak, DEBUG_VM
#   arm64   arm64 test kernel for QEMU's virt machine (cross-compiled)
#
# The configuration is tinyconfig plus the fragments in configs/, merged with
# the kernel's merge_config.sh; every option a fragment names is then checked
# in the final .config, so a dependency that silently dropped one fails here.
# Symbols the tree does not define yet (bisect builds of early patches) are
# skipped unless STRICT_CONFIG=1.
#
#   build.sh VARIANT [make arguments...]   (default: the image and modules)
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: build.sh VARIANT [make args]}
shift
cross=
case $variant in
qemu)	arch=x86_64; frags="base x86 64bit x86_64" ;;
base)	arch=x86_64; frags="base x86 64bit x86_64" ;;	# the unpatched base, for make bench
nop2p)	arch=x86_64; frags="base x86 64bit x86_64 nop2p" ;;
debug)	arch=x86_64; frags="base x86 64bit x86_64 debug" ;;
i386)	arch=i386; frags="base x86 i386" ;;
arm64)	arch=arm64; frags="base 64bit arm64"; cross=aarch64-linux-gnu-
	: "${IMAGE:=Image}" ;;
*)	die "unknown variant '$variant' (qemu, nop2p, debug, i386, arm64, base)" ;;
esac
[ -f "$TREE/Makefile" ] || die "no kernel tree at $TREE: run 'make tree' first"
need make gcc flex bison bc
[ -z "$cross" ] || "$TOP/scripts/deps.sh" "gcc-${cross%-}" >/dev/null

out=${OUT:-$BUILD/out/$variant}
mkdir -p "$out"
files=
for f in $frags; do files="$files $TOP/configs/$f.config"; done
# Extra fragments, e.g. from a check that needs one more option.
files="$files ${EXTRA_CONFIG:-}"

kmake() {
	local cc=${cross}gcc hostcc=gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc" hostcc="ccache gcc"
	make -C "$TREE" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" CC="$cc" HOSTCC="$hostcc" \
		KBUILD_BUILD_TIMESTAMP="$BASE_DATE" KBUILD_BUILD_USER=harness \
		KBUILD_BUILD_HOST=qemu -j"$JOBS" "$@"
}

# Every "CONFIG_X=v" and "# CONFIG_X is not set" of the fragments (the last
# mention wins) must hold in the final .config.
check_config() {
	cat $files | sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)/\1 \2/p;
		s/^# \(CONFIG_[A-Za-z0-9_]*\) is not set/\1 n/p' |
	awk '{ want[$1] = $2 } END { for (k in want) print k, want[k] }' |
	while read -r sym val; do
		# A symbol a later patch adds is not there in a bisect build.
		if [ "$val" != n ] && [ "${STRICT_CONFIG:-0}" != 1 ] &&
		   ! git -C "$TREE" grep -q -E "^\s*(menu)?config ${sym#CONFIG_}\s*$" -- '*Kconfig*'; then
			echo "note: $sym is not in this tree" >&2
			continue
		fi
		got=$(sed -n "s/^$sym=//p" "$out/.config")
		[ -n "$got" ] || got=n
		[ "$got" = "$val" ] ||
			echo "$sym: wanted $val, got $got"
	done
}

# What the configuration is made of, and the .config it made. Reconfiguring
# costs three make runs (tens of seconds on a slow machine), which the bisect
# builds of make check would pay twenty times over; it is skipped while the
# fragments, the compiler and the .config are the same and no Kconfig file in
# the tree changed since (git checkout gives a changed file a new mtime).
stamp=$out/.harness-config
inputs() { cat $files; echo "$arch ${STRICT_CONFIG:-0}"; "${cross}gcc" --version | head -n 1; }
configured() {
	[ -f "$out/.config" ] && [ -f "$stamp" ] || return 1
	[ "$(inputs | sha256sum)$(sha256sum <"$out/.config")" = "$(cat "$stamp")" ] || return 1
	[ -z "$(find "$TREE" -path "$TREE/.git" -prune -o -name 'Kconfig*' \
		-newer "$stamp" -print -quit)" ]
}

if configured; then
	log "the configuration of $variant is up to date"
else
	log "configuring $variant ($arch:$frags)"
	rm -f "$stamp"
	kmake -s tinyconfig >/dev/null
	(cd "$out" && "$TREE/scripts/kconfig/merge_config.sh" -m -O "$out" .config $files) \
		>"$out/merge.log" 2>&1 || { cat "$out/merge.log"; die "merge_config failed"; }
	kmake -s olddefconfig >/dev/null
	bad=$(check_config)
	[ -z "$bad" ] || die "$variant: the final .config lost options:
$bad"
	echo "$(inputs | sha256sum)$(sha256sum <"$out/.config")" >"$stamp"
fi

# The default targets: IMAGE (bzImage; the bisect builds of make check ask
# for vmlinux, which is all a patch can break) and the modules, if any.
if [ $# = 0 ]; then
	set -- "${IMAGE:-bzImage}"
	if grep -q '^CONFIG_MODULES=y' "$out/.config"; then
		set -- "$@" modules
	fi
fi
# kbuild's output: on a terminal, into $BUILD/logs/build-VARIANT.log behind
# a progress line (VERBOSE=1 prints it instead); else, as make check's step
# logs and CI want it, on standard output, and into that log too when
# make check shows progress on its terminal.
log "building $variant $* (cold about 10 to 20 minutes on 2 cores; a few with a warm ccache)"
t0=$(date +%s)
if [ -z "$progress_tty" ] || [ "${VERBOSE:-0}" = 1 ]; then
	kmake "$@"
else
	blog=$BUILD/logs/build-$variant.log
	mkdir -p "$BUILD/logs"
	# About as many objects as the last full build of this variant left,
	# or as a first build of it here compiled.
	total=$(cat "$out/.harness-objects" 2>/dev/null || true)
	case $variant in debug) d=1400 ;; i386) d=1120 ;; *) d=1200 ;; esac
	# make runs in the foreground, so that an interrupt stops it; the
	# progress line is drawn in the background until it ends.
	: >"$blog"
	watch_build "$blog" "${total:-$d}" "$variant" &
	w=$!
	rc=0
	if [ -t 1 ]; then
		kmake "$@" >"$blog" 2>&1 || rc=$?
	else
		(set -o pipefail; kmake "$@" 2>&1 | tee "$blog") || rc=$?
	fi
	kill "$w" 2>/dev/null || true
	wait "$w" 2>/dev/null || true
	printf '\r\033[K' 2>/dev/null >"$progress_tty" || true
	if [ "$rc" != 0 ]; then
		if [ -t 1 ]; then
			echo "... the last lines of $blog:"
			tail -n 30 "$blog"
		fi
		die "building $variant failed after $(since "$t0"); the whole log: $blog"
	fi
fi
find "$out" -name '*.o' ! -path "$out/scripts/*" ! -path "$out/tools/*" |
	wc -l >"$out/.harness-objects"
log "built $variant in $(since "$t0")"
