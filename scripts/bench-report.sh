#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The report of make bench, from the results of its two runs: every measure
# of vfio-bench base against patched, printed and written to OUT/bench.txt;
# with gnuplot, the plots in OUT/bench.png. Runs alone on any two results.
#
#   bench-report.sh BASE.results PATCHED.results OUT
#
# A time comes as KEY/min, KEY/med and KEY/max over the rounds: it prints as
# one row KEY with min/med/max for each kernel, the ratio patched/base of the
# medians, and a verdict: "no difference" when the two [min, max] ranges
# overlap (under TCG the noise is that large), else "faster" or "slower".
# Any other value (fault counts, memory, flags) prints as it is, with its
# ratio. The rows come in the order of the results.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

[ $# = 3 ] || die "usage: bench-report.sh BASE.results PATCHED.results OUT"
base=$1 patched=$2 out=$3
mkdir -p "$out"
rm -f "$out"/bench-*.dat

# Also one OUT/bench-OP-WHAT.dat per revoke/restore series (against size or
# number of mappings), for the plots: N then min med max of base, of patched.
awk -v out="$out" '
function num(v) { return v >= 1000 ? sprintf("%.0f", v) : sprintf("%.1f", v) }
function spread(k, g) {
	if (!((k, g, "med") in x))
		return "-"
	return num(x[k, g, "min"]) "/" num(x[k, g, "med"]) "/" num(x[k, g, "max"])
}
function val(k, g, s) { return ((k, g, s) in x) ? x[k, g, s] : "-" }
function verdict(g) {
	if (!((1, g, "med") in x) || !((2, g, "med") in x))
		return "-"
	if (x[2, g, "max"] < x[1, g, "min"])
		return "faster"
	if (x[2, g, "min"] > x[1, g, "max"])
		return "slower"
	return "no difference"
}
function ratio(b, p) {
	if (b == "-" || p == "-" || b <= 0)
		return "-"
	return sprintf(p / b < 0.1 ? "%.2g" : "%.2f", p / b)
}
function dat(g,   part, f, k, s) {
	if (split(g, part, "/") != 4 || part[4] != "us" ||
	    part[1] !~ /^(revoke|restore)$/)
		return
	f = out "/bench-" part[1] "-" part[2] ".dat"
	printf "%s", part[3] >f
	for (k = 1; k <= 2; k++)
		for (s = 1; s <= 3; s++)
			printf " %s", val(k, g, stat[s]) >f
	printf "\n" >f
}
BEGIN { split("min med max", stat) }
FNR == 1 {
	k = (FILENAME == ARGV[1]) ? 1 : 2
	prev = ""
}
{ sub(/\r$/, "") }
$1 != "@@@" || $2 != "bench" { next }
{
	g = $3
	s = ""
	if (match(g, /\/(min|med|max)$/)) {
		s = substr(g, RSTART + 1)
		g = substr(g, 1, RSTART - 1)
		timed[g] = 1
	}
	# A list of the rows in order, from "": a key new in the patched
	# results goes after the one it follows there.
	if (!(g in seen)) {
		after[g] = after[prev]
		after[prev] = g
	}
	seen[g] = 1
	prev = g
	if (s != "")
		x[k, g, s] = $4 + 0
	else
		v[k, g] = $4
}
END {
	fmt = "%-34s %26s %26s %7s  %s\n"
	printf fmt, "measure", "base min/med/max", "patched min/med/max",
		"ratio", "verdict"
	for (g = after[""]; g != ""; g = after[g]) {
		if (g in timed) {
			printf fmt, g, spread(1, g), spread(2, g),
				ratio(val(1, g, "med"), val(2, g, "med")), verdict(g)
			dat(g)
			continue
		}
		b = ((1, g) in v) ? v[1, g] : "-"
		p = ((2, g) in v) ? v[2, g] : "-"
		printf fmt, g, b, p, ratio(b, p), "-"
	}
}' "$base" "$patched" | tee "$out/bench.txt"

if ! command -v gnuplot >/dev/null; then
	log "no gnuplot: install gnuplot-nox for $out/bench.png"
	exit 0
fi
# Time of OP (revoke or restore) against the number of mappings: device fd
# and DMABUFs, base and patched, medians with min-max bars.
plot_counts() {
	echo "plot \"$out/bench-$1-devfd-maps.dat\" using 1:3:2:4 title \"device fd, base\", \\"
	echo "     \"\" using 1:6:5:7 title \"device fd, patched\", \\"
	echo "     \"$out/bench-$1-dmabufs.dat\" using 1:3:2:4 title \"DMABUFs, base (not mapped)\", \\"
	echo "     \"\" using 1:6:5:7 title \"DMABUFs, patched\""
}
# Revocation and restore times (median, min to max) against the size of one
# mapping and against the number of one-page mappings; fault counts.
gnuplot <<PLOT
set terminal png size 1200,800
set output "$out/bench.png"
set datafile missing "-"
set multiplot layout 2,2
set logscale xy
set key left top
set style data yerrorlines
set xlabel "mapping size (KiB)"
set ylabel "revoke time (us)"
set title "clear memory enable, one populated mapping"
plot "$out/bench-revoke-size-KiB.dat" using 1:3:2:4 title "base", \
     "" using 1:6:5:7 title "patched"
set xlabel "populated one-page mappings"
set title "clear memory enable, N populated mappings"
$(plot_counts revoke)
set ylabel "restore time (us)"
set title "set memory enable after it"
$(plot_counts restore)
unset logscale x
set key top center
set style data histograms
set style fill solid
set yrange [0.5:*]
set xlabel "BAR mapping placement"
set ylabel "minor faults to touch the BAR"
set title "device fd mapping of the whole BAR"
plot "< grep -h '^touch/devfd/.*/faults' $out/bench.txt | sed 's|touch/devfd/||; s|/faults||'" \
	using 2:xtic(1) title "base", "" using 3 title "patched"
PLOT
log "plot: $out/bench.png"
