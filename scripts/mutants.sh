#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make mutants: do the tests catch small bugs in the series? Each
# mutants/NN-name.patch is one plausible slip in the kernel code of the
# series. One at a time, on the checked-out "series" in build/linux: apply it,
# build the debug kernel, boot it with the "mutants" guest plan (KUnit at
# boot, the BAR and DMABUF mapping tests, the ATS reset, the stress test),
# revert it. One line per mutant:
#
#   CAUGHT NN-name by TEST      the first test that failed (KUnit first, as
#                               it runs at boot, then the plan's tests in
#                               order, then a hang, then the kernel log)
#   SURVIVED NN-name            every test passed
#   INVALID NN-name (...)       the mutant does not apply or does not build:
#                               a bad mutant, not a catch
#   ERROR NN-name (...)         the harness failed before booting (no QEMU,
#                               the guest programs did not build, ...)
#
# then a table, also in build/logs/mutants/summary, and "score: caught/total"
# (INVALID and ERROR ones are not counted).
#
#   mutants.sh [NN | NN-name | mutants/NN-name.patch ...]   (default: all)
#
#   TIMEOUT   seconds before a boot counts as hung (default 900)
#
# About 4-6 minutes per mutant (an incremental build of the debug kernel and
# a boot under TCG). Not for use while another job builds in build/linux:
# it changes files there (and reverts them, also when interrupted). Logs
# are in build/logs/mutants/. Nothing is rebuilt at the end: build/out/debug
# holds the last mutant's kernel until the next build.
set -u
. "$(dirname "$0")/lib.sh"

TIMEOUT=${TIMEOUT:-900}
dir=$TOP/mutants
logs=$BUILD/logs/mutants

# The patches to run.
patches=()
if [ $# = 0 ]; then
	patches=("$dir"/[0-9]*.patch)
	[ -e "${patches[0]}" ] || die "no mutants in $dir"
fi
for a; do
	if [ -f "$a" ]; then
		patches+=("$(realpath "$a")")
		continue
	fi
	m=("$dir/${a%.patch}"*.patch)
	if [ ! -f "${m[0]}" ] || [ ${#m[@]} != 1 ]; then
		die "'$a' names no single mutant in $dir"
	fi
	patches+=("${m[0]}")
done

# Only on a clean tree at the series tip, so that reverting loses nothing.
[ -e "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree' first"
series=$(git -C "$TREE" rev-parse -q --verify 'series^{commit}') ||
	die "$TREE has no branch 'series': run 'make tree' first"
[ "$(git -C "$TREE" rev-parse HEAD)" = "$series" ] ||
	die "$TREE is not at 'series': check it out first (git -C $TREE checkout series)"
git -C "$TREE" diff --quiet HEAD ||
	die "$TREE has uncommitted changes: commit or revert them first"

revert() { git -C "$TREE" checkout -q -- .; }
trap revert EXIT
trap 'exit 130' INT TERM HUP

mkdir -p "$logs"
results=()	# "NN-name RESULT CATCHER"
caught=0 survived=0 invalid=0 errors=0
built=	# the last mutant build/out/debug was built with

# The expected catcher a mutant names in its header, for the table.
expected() { sed -n '/^diff --git/q; s/^Expected catcher: //p' "$1"; }

# The first failing test of a run: KUnit, the plan's tests, a hang, the log.
first_fail() {	# KUNIT-RESULTS VERDICT
	{
		grep '^FAIL' "$1"
		grep '^FAIL' "$2" | grep -v -e '^FAIL debug:qemu ' -e '^FAIL debug:kernel-log-clean'
		grep -e '^FAIL debug:qemu ' "$2"
		grep -e '^FAIL debug:kernel-log-clean' "$2"
	} | sed -n '1{s/^FAIL debug://; s/^qemu # hung.*/qemu-timeout/; s/ # .*//; p}'
}

for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	log "mutant $name: $(sed -n 1p "$p")"
	rm -f "$logs/$name".*
	if ! git -C "$TREE" apply "$p" >"$logs/$name.apply.log" 2>&1; then
		revert
		echo "INVALID $name (does not apply: see $logs/$name.apply.log)"
		results+=("$name INVALID does-not-apply")
		invalid=$((invalid + 1))
		continue
	fi
	if ! "$TOP/scripts/build.sh" debug >"$logs/$name.build.log" 2>&1; then
		revert
		echo "INVALID $name (does not build: see $logs/$name.build.log)"
		results+=("$name INVALID does-not-build")
		invalid=$((invalid + 1))
		continue
	fi
	built=$name
	IOMMU=1 TIMEOUT=$TIMEOUT "$TOP/scripts/qemu.sh" debug mutants \
		>"$logs/$name.verdict" 2>"$logs/$name.qemu.log"
	"$TOP/scripts/kunit-results.sh" "$BUILD/logs/debug-mutants.console" debug: \
		>"$logs/$name.kunit" 2>>"$logs/$name.qemu.log"
	for f in console results; do
		cp "$BUILD/logs/debug-mutants.$f" "$logs/$name.$f" 2>/dev/null
	done
	revert

	# qemu.sh always judges the kernel log once QEMU ran.
	if ! grep -q 'debug:kernel-log-clean' "$logs/$name.verdict"; then
		echo "ERROR $name (the harness failed before booting: see $logs/$name.qemu.log)"
		results+=("$name ERROR harness-failed")
		errors=$((errors + 1))
		continue
	fi
	by=$(first_fail "$logs/$name.kunit" "$logs/$name.verdict")
	if [ -n "$by" ]; then
		echo "CAUGHT $name by $by"
		results+=("$name CAUGHT $by")
		caught=$((caught + 1))
	else
		echo "SURVIVED $name"
		results+=("$name SURVIVED -")
		survived=$((survived + 1))
	fi
done
revert
trap - EXIT

{
	echo
	echo "=== mutants (logs in $logs)"
	for r in "${results[@]}"; do
		read -r n res by <<<"$r"
		printf '%-34s %-9s %s\n' "$n" "$res" "$by"
		want=$(expected "$dir/$n.patch" 2>/dev/null)
		[ "$res" = CAUGHT ] && [ "${want%% *}" = "$by" ] ||
			printf '%-34s %-9s expected: %s\n' "" "" "${want:-?}"
	done
	echo
	[ "$invalid" = 0 ] || echo "$invalid invalid (not in the score: fix them)"
	[ "$errors" = 0 ] || echo "$errors not run: the harness failed (not in the score)"
	echo "score: $caught/$((caught + survived))"
} | tee "$logs/summary"
if [ -n "$built" ]; then
	echo "build/out/debug now holds the kernel of the last mutant, $built; the next"
	echo "build of the debug variant (make build-debug, make check) brings the series back."
fi
