#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the unpatched base and the patched kernel, one after the
# other on the same emulated device (an ivshmem-plain with a BENCH_BAR BAR2,
# 1G by default), run vfio-bench in each, and print every number side by
# side with the ratio patched/base. With gnuplot, also plot fault counts and
# revocation times against size. Output: build/logs/bench.{txt,dat,png}.
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

for v in base qemu; do
	t=$TREE
	[ $v = base ] && t=$basetree
	TREE=$t SHM_SIZE=$BENCH_BAR IOMMU=0 "$TOP/scripts/qemu.sh" $v bench
done

values() { sed -n 's/^@@@ bench //p' "$logs/$1-bench.results" | tr -d '\r'; }
join -a1 -a2 -e - -o 0,1.2,2.2 <(values base | sort) <(values qemu | sort) |
	awk 'BEGIN { printf "%-34s %12s %12s %8s\n", "measure", "base", "patched", "ratio" }
	     { r = ($2 != "-" && $3 != "-" && $2 > 0) ? sprintf("%.2f", $3 / $2) : "-"
	       printf "%-34s %12s %12s %8s\n", $1, $2, $3, r }' |
	tee "$logs/bench.txt"

# Revocation time against mapping size, and fault counts per alignment.
join <(values base | sort) <(values qemu | sort) |
	awk '$1 ~ /^revoke\/size-KiB\// { split($1, k, "/"); print k[3], $2, $3 }' |
	sort -n >"$logs/bench-revoke.dat"
if command -v gnuplot >/dev/null; then
	gnuplot <<PLOT
set terminal png size 900,400
set output "$logs/bench.png"
set multiplot layout 1,2
set logscale xy
set xlabel "mapping size (KiB)"
set ylabel "revoke time (us)"
set title "clear memory enable, one populated mapping"
plot "$logs/bench-revoke.dat" using 1:2 with linespoints title "base", \
     "" using 1:3 with linespoints title "patched"
unset logscale x
set style data histograms
set style fill solid
set yrange [0.5:*]
set xlabel "BAR mapping alignment"
set ylabel "minor faults to touch the BAR"
set title "device fd mapping of a $BENCH_BAR BAR"
plot "< grep -h 'touch/devfd/.*/faults' $logs/bench.txt | sed 's|touch/devfd/||; s|/faults||'" \
	using 2:xtic(1) title "base", "" using 3 title "patched"
PLOT
	log "plot: $logs/bench.png"
else
	log "no gnuplot: install gnuplot-nox for $logs/bench.png"
fi
