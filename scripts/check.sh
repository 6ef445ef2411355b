#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every static and runtime check of the series, one line each,
#   PASS|FAIL|SKIP <name> [# why]
# and last "N passed, N failed, N skipped". Exits non-zero on any failure.
# Step logs are in $BUILD/logs/steps/.
#
#   CHECKS="static builds debug runtime"   the stages to run (default);
#   make check-debug runs the debug kernel stage alone
#
# Two kernels, as each cold build costs a quarter of the run: the x86_64
# debug variant (PCI_P2PDMA=y, lockdep, KASAN, kmemleak, the variant drivers
# as modules), built at every patch and booted with the whole test plan, and
# i386 (no ZONE_DEVICE, hence PCI_P2PDMA=n, vfio-pci as a module), booted
# with the demo and as the nested guest of the vmm stage. make build-qemu
# and build-nop2p build the other variants.
set -u
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

CHECKS=${CHECKS:-"static builds debug runtime"}
logs=$BUILD/logs
steps=$logs/steps
results=$logs/check.results
mkdir -p "$steps"
: >"$results"
t0=$(date +%s)
# Kernel builds show a live progress line when make check runs on a terminal.
[ -t 1 ] && { : >/dev/tty; } 2>/dev/null && export PROGRESS=/dev/tty

report() { printf '%s %s%s\n' "$1" "$2" "${3:+ # $3}" | tee -a "$results"; }

# step NAME CMD...: run CMD with its output in steps/NAME.log; PASS or FAIL.
step() {
	local name=$1 log=$steps/${1//\//_}.log s
	shift
	s=$(date +%s)
	if "$@" >"$log" 2>&1; then
		report PASS "$name" "$(($(date +%s) - s)) s"
	else
		report FAIL "$name" "see $log"
		return 1
	fi
}

# build VARIANT: the builds stage's step for VARIANT's image and modules.
built=" "
build() {
	if step "build/$1" "$TOP/scripts/build.sh" "$1"; then
		built="$built$1 "
	else
		failed="$failed$1 "
	fi
}

# Build a variant a later stage needs, unless this run already did (or
# failed to); report only a failure, once.
failed=" "
ensure_built() {
	case $built in *" $1 "*) return 0 ;; esac
	case $failed in *" $1 "*) return 1 ;; esac
	"$TOP/scripts/build.sh" "$1" >"$steps/ensure-$1.log" 2>&1 ||
		{ report FAIL "build/$1" "see $steps/ensure-$1.log"; failed="$failed$1 "; return 1; }
	built="$built$1 "
}

# stage NAME USUAL: a stage's name and its usual time (2-core machine, cold
# ccache at the high end); the stage before it is told its own time.
last= ts=
stage() {
	[ -z "$last" ] || printf '=== %s: %s\n' "$last" "$(since "$ts")"
	last=$1 ts=$(date +%s)
	[ -n "$1" ] || return 0
	printf '\n=== %s (at %d s; usually %s)\n' "$1" "$(($(date +%s) - t0))" "$2"
}
wants() { case " $CHECKS " in *" $1 "*) return 0 ;; esac; return 1; }

finish() {
	local p f s
	stage ""
	p=$(grep -c '^PASS' "$results")
	f=$(grep -c '^FAIL' "$results")
	s=$(grep -c '^SKIP' "$results")
	printf '\ntotal time %d s; results in %s\n' "$(($(date +%s) - t0))" "$results"
	echo "$p passed, $f failed, $s skipped"
	[ "$f" = 0 ]
	exit
}

stage "series" "1 to 2 minutes"
step series-applies env FORCE=1 "$TOP/scripts/tree.sh" || finish
patches=$(grep -v '^#' "$TOP/patches/series" | grep . || true)
commits=$(git -C "$TREE" rev-list --reverse base..series)

if wants static && [ -n "$commits" ]; then
	stage "per-patch checks" "30 to 60 minutes: a kernel build per patch"
	# A sparse the kernel accepts; with bookworm's, C=2 checks nothing.
	PATH=$("$TOP/scripts/sparse.sh"):$PATH
	# The second work tree of check-patch.sh's warning comparisons.
	rm -rf "$BUILD/cmp"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$BUILD/cmp" base
	rm -rf "$BUILD/cmp-state"
	# A patch's warning comparisons (W=1, sparse, kernel-doc, in the
	# second work tree) run while the next patch builds, as neither keeps
	# both cores busy alone. Its lines come out after the next patch's
	# build lines are known, so in patch order. It runs in a session of
	# its own, which an interrupt or exit of make check takes down with
	# its make, so that no compile outlives the run.
	wpid= wn=
	trap '[ -z "$wpid" ] || kill -- -"$wpid" 2>/dev/null' EXIT
	trap 'exit 130' INT TERM
	flush_warnings() {
		[ -n "$wpid" ] || return 0
		wait "$wpid" ||
			echo "FAIL patch$wn/warnings # exit $?, see $steps/patch$wn-warnings.log" \
				>>"$steps/patch$wn-warnings.out"
		grep -E '^(PASS|FAIL|SKIP) ' "$steps/patch$wn-warnings.out" | tee -a "$results"
		wpid=
	}
	set -- $patches
	for c in $commits; do
		p=$1
		shift
		n=${p%%-*}
		PHASE=build "$TOP/scripts/check-patch.sh" "$c" "$TOP/patches/$p" "$n" \
			>"$steps/patch$n-build.out" ||
			echo "FAIL patch$n/build-half # exit $?" >>"$steps/patch$n-build.out"
		flush_warnings
		tee -a "$results" <"$steps/patch$n-build.out"
		PHASE=warnings setsid "$TOP/scripts/check-patch.sh" "$c" "$TOP/patches/$p" "$n" \
			>"$steps/patch$n-warnings.out" 2>"$steps/patch$n-warnings.log" &
		wpid=$! wn=$n
	done
	flush_warnings
	trap - EXIT INT TERM
	git -C "$TREE" checkout -q series
fi

if wants static; then
	stage "uAPI headers and documentation" "1 minute"
	step uapi-headers "$TOP/scripts/check-uapi.sh"
	step docs "$TOP/scripts/check-docs.sh"
fi

if wants static && [ -n "$commits" ]; then
	stage "checks of the checks" "2 to 3 minutes"
	# Each static gate above must fail on a known-bad change.
	"$TOP/scripts/check-gates.sh" 2>"$steps/check-gates.log" |
		tee -a "$results"
fi

if wants builds; then
	stage "builds" "up to 15 minutes"
	build debug
	build i386
fi

if wants debug; then
	stage "QEMU: x86_64 debug kernel (lockdep, KASAN, kmemleak), emulated IOMMU" \
		"15 minutes"
	if ensure_built debug; then
		IOMMU=1 TIMEOUT=1800 "$TOP/scripts/qemu.sh" debug check \
			2>"$steps/debug-check.log" | tee -a "$results"
		"$TOP/scripts/kunit-results.sh" "$logs/debug-check.console" debug: |
			tee -a "$results"
		stage "QEMU: x86_64 debug kernel, no-IOMMU mode" "1 minute"
		IOMMU=0 "$TOP/scripts/qemu.sh" debug demo 2>"$steps/debug-noiommu.log" |
			sed 's/^\([A-Z]*\) debug:/\1 debug-noiommu:/' | tee -a "$results"
		stage "QEMU: a real VMM, QEMU in the debug kernel, a nested guest" \
			"2 to 3 minutes"
		# The nested guest runs the i386 kernel: it only drives the
		# device QEMU emulates for it, and a debug kernel there costs
		# minutes of nested TCG (114 s against 236 to 676 s in all).
		if ensure_built i386; then
			KERNEL=$BUILD/out/debug/arch/x86/boot/bzImage \
			L2_KERNEL=$BUILD/out/i386/arch/x86/boot/bzImage TIMEOUT=1200 \
				"$TOP/scripts/vmm.sh" >"$steps/vmm.out" 2>"$steps/vmm.log"
			rc=$?
			grep -E '^(PASS|FAIL|SKIP) ' "$steps/vmm.out" | tee -a "$results"
			[ $rc = 0 ] || grep -q '^FAIL' "$steps/vmm.out" ||
				report FAIL vmm "exit $rc, see $steps/vmm.log"
		fi
	fi
fi

if wants runtime; then
	stage "QEMU: i386 (PCI_P2PDMA=n, vfio-pci as a module), no-IOMMU mode" "1 minute"
	if ensure_built i386; then
		IOMMU=0 "$TOP/scripts/qemu.sh" i386 demo-i386 2>"$steps/i386-demo.log" |
			tee -a "$results"
		"$TOP/scripts/kunit-results.sh" "$logs/i386-demo-i386.console" i386: |
			tee -a "$results"
	fi
fi
finish
