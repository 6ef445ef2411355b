#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the unpatched base and the patched kernel, one after the
# other on the same emulated device (an ivshmem-plain with a BENCH_BAR BAR2,
# 1G by default), run vfio-bench in each, every time over BENCH_ROUNDS
# rounds (21 by default, 15 to 101), and print every number side by side:
# times as min/med/max with the ratio of the medians and a verdict, other
# values with their ratio (scripts/bench-report.sh). With gnuplot, also plot
# revocation times against size and number of mappings, and fault counts.
# Output: build/logs/bench.{txt,png} and build/logs/bench-*.dat.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" gnuplot-nox
BENCH_BAR=${BENCH_BAR:-1G}
logs=$BUILD/logs
basetree=$BUILD/base-tree
mkdir -p "$logs"

# The base kernel is built from a second work tree at the base commit.
if [ ! -d "$basetree" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$basetree" base
fi
TREE=$basetree "$TOP/scripts/build.sh" base
"$TOP/scripts/build.sh" qemu

# BENCH_ROUNDS reaches vfio-bench through qemu.sh and the kernel command
# line; the run grows with it (each round touches the whole BAR 4 KiB page
# by 4 KiB page several times), hence the longer timeout.
for v in base qemu; do
	t=$TREE
	[ $v = base ] && t=$basetree
	TREE=$t SHM_SIZE=$BENCH_BAR IOMMU=0 TIMEOUT=${TIMEOUT:-1800} \
		"$TOP/scripts/qemu.sh" $v bench
done

"$TOP/scripts/bench-report.sh" "$logs/base-bench.results" \
	"$logs/qemu-bench.results" "$logs"
