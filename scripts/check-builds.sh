#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-builds: compile what the series touches in the configurations
# build robots and distributions build, at the base and at the tip, and fail
# on an error or a new warning (issue 16, the compile rows). One line per
# row, in check.sh's format:
#
#   PASS|FAIL|SKIP build/<row> # <s>; base: N warnings, tip: N warnings[; why]
#
# and last "N passed, N failed". The rows (ROWS=<regex> picks some):
#
#   debian/<arch>     Debian's own configuration of the 7.3 packages
#                     (linux-config-7.3, flavour in rows()), cross-compiled
#                     with Debian's gcc-<triplet>
#   allmodconfig/<arch>, allnoconfig+vfio/i386 (allnoconfig plus PCI, VFIO,
#                     VFIO_PCI=y), defconfig+vfio/<arch> (the architecture's
#                     defconfig plus PCI, VFIO, VFIO_PCI=y; the architectures
#                     whose Debian configuration may not be had),
#                     clang/x86_64 (Debian's amd64 configuration built with
#                     LLVM=-$LLVM_VERSION); the *config rows with
#                     CONFIG_WERROR off, so that a W=1 warning of the base
#                     does not stop them
#
# A row configures (olddefconfig on the row's .config) and builds, with W=1,
# the directories the series changes (drivers/pci/, drivers/vfio/,
# drivers/iommu/iommufd/, drivers/dma-buf/) and mm/mremap.o, at the base and
# at the tip, each in an output directory of its own (ccache serves what
# did not change). It fails on a build error, and on a warning the tip
# prints more often than the base (same file and text, line numbers aside),
# kconfig's "unmet direct dependencies" included, and on a configuration
# without vfio-pci.
#
# Scratch: $BUILD/builds: a work tree of its own (src, detached; build/linux
# is not touched) and an output directory per row, kept between runs.
# Debian's configuration packages are cached in $CACHE/debian-configs.
# Logs: $BUILD/logs/builds/<row>.{base,tip}.log; results:
# $BUILD/logs/check-builds.results.
#
#   ROWS=<regex>  only the rows whose name (build/...) matches (bash =~)
#   TIP=<ref> BASE=<ref>   in build/linux (default: series, base)
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"
export LC_ALL=C

TIP=${TIP:-series}
BASE=${BASE:-base}
ROWS=${ROWS:-.}
LLVM_VERSION=${LLVM_VERSION:-19}
B=$BUILD/builds
src=$B/src
logs=$BUILD/logs/builds
results=$BUILD/logs/check-builds.results
targets="drivers/pci/ drivers/vfio/ drivers/iommu/iommufd/ drivers/dma-buf/ mm/mremap.o"

mkdir -p "$B" "$logs" "$CACHE/debian-configs"
: >"$results"

# name kernel-ARCH cross-prefix config-source
rows() {
	cat <<-EOF
	debian/amd64 x86_64 - debian:amd64:amd64_none_amd64
	debian/arm64 arm64 aarch64-linux-gnu- debian:arm64:arm64_none_arm64
	debian/ppc64el powerpc powerpc64le-linux-gnu- debian:ppc64el:ppc64el_none_powerpc64le
	debian/s390x s390 s390x-linux-gnu- debian:s390x:s390x_none_s390x
	debian/riscv64 riscv riscv64-linux-gnu- debian:riscv64:riscv64_none_riscv64
	debian/i386 i386 - debian:i386:i386_none_686-pae
	allmodconfig/x86_64 x86_64 - allmodconfig
	allmodconfig/arm64 arm64 aarch64-linux-gnu- allmodconfig
	allnoconfig+vfio/i386 i386 - allnoconfig:PCI,VFIO,VFIO_PCI
	defconfig+vfio/ppc64le powerpc powerpc64le-linux-gnu- ppc64le_defconfig:PCI,VFIO,VFIO_PCI
	defconfig+vfio/s390x s390 s390x-linux-gnu- defconfig:PCI,VFIO,VFIO_PCI
	defconfig+vfio/riscv64 riscv riscv64-linux-gnu- defconfig:PCI,VFIO,VFIO_PCI
	clang/x86_64 x86_64 llvm debian:amd64:amd64_none_amd64
	EOF
}

report() { printf '%s %s%s\n' "$1" "$2" "${3:+ # $3}" | tee -a "$results"; }

# The Debian package of one architecture's configurations, from the suite
# the base comes from: its Packages index names the file and its SHA256.
# linux-config-7.3 of the base's version where the archive has it; else the
# newest linux-config-7.x (the row says so), as an index can lag behind
# while a mirror syncs. Prints "<deb> <version>".
debian_config_deb() {
	local arch=$1 uri idx stanza file sum ver deb
	uri=$(mirror)
	idx=$CACHE/debian-configs/Packages-$arch
	curl -sf "$uri/dists/$BASE_SUITE/main/binary-$arch/Packages.xz" |
		xz -dc >"$idx.new" 2>/dev/null && mv "$idx.new" "$idx" || rm -f "$idx.new"
	[ -s "$idx" ] || return 1
	stanza=$(awk -v RS= -v want="$BASE_VERSION" '
		/^Package: linux-config-7\.3\n/ && $0 ~ "\nVersion: " want "\n" { print; found = 1; exit }
		/^Package: linux-config-7\.[0-9]+\n/ { last = $0 }
		END { if (!found && last != "") print last }' "$idx")
	[ -n "$stanza" ] || return 1
	file=$(sed -n 's/^Filename: //p' <<<"$stanza")
	sum=$(sed -n 's/^SHA256: //p' <<<"$stanza")
	ver=$(sed -n 's/^Package: linux-config-//p' <<<"$stanza")-$(sed -n 's/^Version: //p' <<<"$stanza")
	deb=$CACHE/debian-configs/$(basename "$file")
	if [ ! -f "$deb" ] || [ "$(sha256sum <"$deb" | cut -d' ' -f1)" != "$sum" ]; then
		curl -sf -o "$deb.new" "$uri/$file" ||
			{ echo "! cannot download $uri/$file, which the index lists (this mirror does not serve it)"; return 1; }
		[ "$(sha256sum <"$deb.new" | cut -d' ' -f1)" = "$sum" ] ||
			{ echo "! $(basename "$file") does not match the index's SHA256"; return 1; }
		mv "$deb.new" "$deb"
	fi
	echo "$deb $ver"
}

# The row's starting .config, in $seed; prints a note for the results
# line, if any. Fails with the reason on stdout.
seed_config() {
	local out=$1 source=$2 deb ver flavour f a
	case $source in
	debian:*)
		IFS=: read -r _ a flavour <<<"$source"
		read -r deb ver <<<"$(debian_config_deb "$a")" || true
		[ "${deb:-}" = "!" ] && { echo "$ver"; return 1; }
		if [ -z "${deb:-}" ]; then
			[ -s "$CACHE/debian-configs/Packages-$a" ] &&
				echo "no linux-config-7.x for $a in $BASE_SUITE" ||
				echo "cannot fetch $BASE_SUITE's Packages index for $a from $(mirror)"
			return 1
		fi
		f=./usr/src/linux-config-${ver%%-*}/config.$flavour.xz
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "$f" 2>/dev/null | xz -dc >"$seed" ||
			{ echo "no $f in $(basename "$deb")"; return 1; }
		# Debian's signing keys and certificate lists are not in the tree.
		"$src/scripts/config" --file "$seed" \
			--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
			--set-str MODULE_SIG_KEY "certs/signing_key.pem" -d MODULE_SIG_ALL
		case $ver in 7.3-*) ;; *) echo "Debian's $ver configuration, the newest the index had for $a" ;; esac
		;;
	*config | *config:*)
		kmake_row "${source%%:*}" >"$out/seed.log" 2>&1 ||
			{ echo "make ${source%%:*} failed: $out/seed.log"; return 1; }
		mv "$out/.config" "$seed"
		# W=1 warnings are what the row counts: they must not stop it.
		"$src/scripts/config" --file "$seed" -d WERROR
		[ "$source" = "${source%%:*}" ] ||
			"$src/scripts/config" --file "$seed" $(tr , '\n' <<<"${source#*:}" | sed 's/^/-e /')
		;;
	esac
}

# make in the row's output directory $out, for $arch with $cross: a
# cross-compiler prefix, "llvm" for clang, or empty.
kmake_row() {
	local cc=gcc args=()
	case $cross in
	llvm) cc=clang-$LLVM_VERSION args=(LLVM=-"$LLVM_VERSION") ;;
	?*) cc=${cross}gcc args=(CROSS_COMPILE="$cross") ;;
	esac
	command -v ccache >/dev/null && cc="ccache $cc"
	make -C "$src" O="$out" ARCH="$arch" "${args[@]}" CC="$cc" \
		KBUILD_BUILD_TIMESTAMP="$BASE_DATE" -j"$JOBS" "$@"
}

# Normalized warnings and errors of a build log, "file: warning: text" one
# a line, sorted: line numbers left out. Both builds of a row print the
# same paths, as they compile the same work tree from the same depth.
warnings() {
	sed -n 's#^\([^ :]*\):[0-9]*:[0-9]*: \(warning\|error\): #\1: \2: #p' "$1" | sort
}

# build REF: configure and build the targets at REF in $out/<ref name>,
# from the row's seed .config; the log is $log.<ref name>.
build_at() {
	local name=$1 ref=$2 out=$out/$1
	mkdir -p "$out"
	cp "$seed" "$out/.config"
	git -C "$src" checkout -q --detach "$ref"
	{
		echo "### olddefconfig at $ref"
		kmake_row olddefconfig
		echo "### make W=1 $targets"
		kmake_row W=1 $targets
	} >"$log.$name.log" 2>&1
}

run_row() {
	local row=$1 arch=$2 cross=$3 source=$4 out=$B/out/${1//\//_}
	local log=$logs/${1//\//_} seed s=$SECONDS note new kw msg
	[ "$cross" = - ] && cross=
	case $cross in
	llvm) command -v "clang-$LLVM_VERSION" >/dev/null || {
		report SKIP "build/$row" "no clang-$LLVM_VERSION: apt-get install clang-$LLVM_VERSION lld-$LLVM_VERSION llvm-$LLVM_VERSION"
		return; } ;;
	?*) command -v "${cross}gcc" >/dev/null || {
		report SKIP "build/$row" "no ${cross}gcc: apt-get install gcc-${cross%-}"
		return; } ;;
	esac
	mkdir -p "$out"
	seed=$out/seed.config
	git -C "$src" checkout -q --detach "$BASE"
	if ! note=$(seed_config "$out" "$source"); then
		report SKIP "build/$row" "$note"
		return
	fi
	if ! build_at base "$BASE"; then
		report FAIL "build/$row" "the base does not build: $log.base.log"
		return
	fi
	if ! build_at tip "$TIP"; then
		report FAIL "build/$row" "$(grep -m1 -E ' error|Error ' "$log.tip.log"); $log.tip.log"
		return
	fi
	new=$(comm -13 <(warnings "$log.base.log") <(warnings "$log.tip.log"))
	kw=$(($(grep -c 'WARNING: unmet' "$log.tip.log" || true) -
		$(grep -c 'WARNING: unmet' "$log.base.log" || true)))
	msg="$((SECONDS - s)) s; base: $(warnings "$log.base.log" | wc -l) warnings, tip: $(warnings "$log.tip.log" | wc -l) warnings${note:+; $note}"
	if [ -n "$new" ] || [ "$kw" -gt 0 ]; then
		report FAIL "build/$row" "$msg; new: $(echo "$new" | head -n 3 | tr '\n' ' ')(kconfig: $kw more)"
	elif ! grep -q '^CONFIG_VFIO_PCI_CORE=[ym]' "$out/tip/.config"; then
		# A row that builds no vfio-pci proves nothing of the series.
		report FAIL "build/$row" "$msg; the configuration has no vfio-pci: $out/tip/.config"
	else
		report PASS "build/$row" "$msg"
	fi
}

need git make curl xz dpkg-deb comm
[ -d "$src/.git" ] || [ -f "$src/.git" ] ||
	git -C "$TREE" worktree add -q --detach "$src" "$BASE"
rows | while read -r row arch cross source; do
	[[ build/$row =~ $ROWS ]] || continue
	run_row "$row" "$arch" "$cross" "$source"
done
git -C "$src" checkout -q --detach "$BASE"
p=$(grep -c '^PASS' "$results" || true)
f=$(grep -c '^FAIL' "$results" || true)
echo "$p passed, $f failed"
[ "$f" = 0 ]
