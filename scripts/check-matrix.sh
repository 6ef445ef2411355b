#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-matrix: the series' Kconfig in the corners where build robots
# find breaks (issue 16, the Kconfig matrix and the seeded randconfigs).
# Kconfig only: every run is "make olddefconfig" (or allnoconfig, randconfig)
# on a scratch copy of the Kconfig files of the tip and of the base; nothing
# is compiled. One line per row, in check.sh's format:
#
#   PASS|FAIL matrix/<row> # <s>; base: N warnings, tip: N warnings[; why]
#
# and last "N passed, N failed". A row asks for some values on top of
# allnoconfig (x86_64 or i386) and checks, at the tip:
#   (a) kconfig printed no warning ("unmet direct dependencies", a value
#       invalid for its symbol, an unknown symbol);
#   (b) the values asked for hold, and those the series promises (promises());
#   (c) the .config equals the base's for the same request, except for the
#       symbols the series adds and the two it turns on in more
#       configurations (VFIO_PCI_DMABUF, DMA_SHARED_BUFFER), which may only go
#       from n to y.
# The prune/ rows check that Kconfig makes each pruned combination identical
# to the row kept for it (canon()); the rand/ rows are randconfigs.
#
#   MATRIX=full   all 120 distinct combinations, not the 24 that cover them
#   ROWS=<regex>  only the matrix/ rows whose name matches (bash =~)
#   SEEDS="..."   the randconfig seeds (KCONFIG_SEED); SEEDS= for none
#   BREAK=<diff>  apply this Kconfig change to the scratch tip first (the
#                 proof that rows fail: scripts/matrix/bad/)
#   TIP=<ref> BASE=<ref>   in build/linux (default: series, base)
#
# Scratch: $BUILD/matrix: the trees, the tip's .configs, and the base's,
# kept from run to run (the base is pinned). Logs (kconfig's output):
# $BUILD/logs/matrix/; results: $BUILD/logs/check-matrix.results.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"
export LC_ALL=C
t0=$EPOCHREALTIME

TIP=${TIP:-series}
BASE=${BASE:-base}
MATRIX=${MATRIX:-cover}
SEEDS=${SEEDS-"0x5eed1 0x5eed2 0x5eed4"}
jobs=${MATRIX_JOBS:-$(nproc)}
M=$BUILD/matrix
logs=$BUILD/logs/matrix
results=$BUILD/logs/check-matrix.results

need git make gcc ld patch sha1sum
# The base's results depend on the base, on the toolchain that answers
# Kconfig's probes (cc-option, ld-version, ...) and on the request: kept
# in base-<hash of the first two>/, so only the first run pays for them.
key=$({ git -C "$TREE" rev-parse "$BASE"; gcc --version; ld --version; } |
	sha1sum | cut -c1-12)
B=base-$key
rm -rf "$M/tip" "$logs/tip"
mkdir -p "$M/src" "$M/tip" "$M/$B" "$logs/tip" "$logs/$B"
: >"$results"

# The toolchain answers some of Kconfig's questions (cc-option, rustc, ...):
# Debian's own tools only, not a developer's rustup or pyenv shims (which
# also cost a hundred processes per run).
clean_path=/usr/sbin:/usr/bin:/sbin:/bin

# Kconfig needs its files, the Makefiles and scripts/: 45 MB instead of a
# 1.5 GB work tree. Written anew when the commit (or BREAK) changes.
for t in tip base; do
	ref=$TIP
	[ $t = tip ] || ref=$BASE
	stamp=$(git -C "$TREE" rev-parse "$ref")
	[ $t = base ] || [ -z "${BREAK:-}" ] ||
		stamp+=" BREAK $(sha1sum <"$BREAK")"
	[ "$(cat "$M/src/$t.stamp" 2>/dev/null)" != "$stamp" ] || continue
	rm -rf "$M/src/$t" "$M/src/$t.stamp" "$M/obj/$t"
	mkdir -p "$M/src/$t"
	git -C "$TREE" archive "$ref" -- ':(glob)**/Kconfig*' \
		':(glob)**/Makefile*' scripts arch/x86/configs kernel/configs |
		tar -x -C "$M/src/$t"
	if [ $t = tip ] && [ -n "${BREAK:-}" ]; then
		log "BREAK: $BREAK applied to the scratch tip"
		patch -s -d "$M/src/tip" -p1 <"$BREAK"
	fi
	echo "$stamp" >"$M/src/$t.stamp"
done

# Symbols the tip has and the base has not: not asked for, not compared there.
symbols() {
	grep -rhoE --include='Kconfig*' '^(menu)?config [A-Za-z0-9_]+' "$1" |
		sed 's/.* //' | sort -u
}
tiponly=" $(comm -13 <(symbols "$M/src/base") <(symbols "$M/src/tip") |
	tr '\n' ' ')"

# kconf JOB TREE ARCH TARGET [scripts/config args]: make TARGET with
# KCONFIG_CONFIG=$M/JOB.config, after scripts/config ARGS on a copy of the
# tree's allnoconfig when ARGS are given. kconfig's output (under -s, only
# its warnings) in $logs/JOB.log, exit code and milliseconds in $M/JOB.rc
# and $M/JOB.ms.
kconf() {
	local job=$1 tree=$2 arch=$3 target=$4 s=${EPOCHREALTIME/./} rc=0
	shift 4
	if [ $# -gt 0 ]; then
		echo "$*" >"$M/$job.args"
		cp "$M/$(dirname "$job")/start-$arch.config" "$M/$job.config"
		"$M/src/$tree/scripts/config" --file "$M/$job.config" "$@" \
			>"$logs/$job.log" 2>&1 || rc=$?
	fi
	[ $rc != 0 ] || env PATH=$clean_path KCONFIG_WARN_UNKNOWN_SYMBOLS=1 \
		${KCONFIG_SEED:+KCONFIG_SEED=$KCONFIG_SEED} \
		${KCONFIG_ALLCONFIG:+KCONFIG_ALLCONFIG=$KCONFIG_ALLCONFIG} \
		nice make -s -C "$M/src/$tree" O="$M/obj/$tree" ARCH="$arch" \
		KCONFIG_CONFIG="$M/$job.config" "$target" \
		>"$logs/$job.log" 2>&1 || rc=$?
	echo $(((${EPOCHREALTIME/./} - s) / 1000)) >"$M/$job.ms"
	echo $rc >"$M/$job.rc"
}

# cached JOB: the base already ran JOB (with this toolchain).
cached() { [ -e "$M/$1.rc" ] && [ -e "$logs/$1.log" ]; }

# spawn CMD...: in the background, at most $jobs at a time (2 cores, shared
# with kernel builds: everything runs under nice).
spawn() {
	while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do wait -n || :; done
	"$@" &
}

# A request: "ARCH ZONE_DEVICE PCI_P2PDMA DMA_SHARED_BUFFER VFIO_PCI_CORE
# KUNIT-TESTS KUNIT_ALL_TESTS", e.g. "x86_64 y y sel m y n". DMA_SHARED_BUFFER
# is y, n or sel (selected by SYNC_FILE); VFIO_PCI_CORE is set through
# VFIO_PCI; KUNIT-TESTS is the value asked for both of the series' KUnit
# options (- when KUNIT_ALL_TESTS decides).
#
# canon REQUEST: the request Kconfig makes it. Of the 648 requests (2 arches,
# 2 x 2 x 3 x 3 x 3 x 3 values), 120 are distinct:
#   R1 i386: ZONE_DEVICE=y is n (MEMORY_HOTPLUG depends on 64BIT), and so is
#      PCI_P2PDMA=y (depends on ZONE_DEVICE and 64BIT);
#   R2 ZONE_DEVICE=n: PCI_P2PDMA=y is n (depends on ZONE_DEVICE);
#   R3 DMA_SHARED_BUFFER=y is n: a hidden symbol keeps no value of its own,
#      only what selects it;
#   R4 KUNIT_ALL_TESTS=y or m: the KUnit options lose their prompt ("if
#      !KUNIT_ALL_TESTS") and take its value, whatever was asked.
# The two KUnit options move together: neither is in the other's
# dependencies, and the one Kconfig tie between them, PCI_P2PDMA_CORE, is
# also selected by VFIO_PCI_CORE, the other's dependency.
canon() {
	local arch zd p2p dsb vfio tests all
	read -r arch zd p2p dsb vfio tests all <<<"$1"
	[ "$arch" = x86_64 ] || zd=n
	[ "$zd" = y ] || p2p=n
	[ "$dsb" != y ] || dsb=n
	[ "$all" = n ] || tests=-
	echo "$arch $zd $p2p $dsb $vfio $tests $all"
}

# name REQUEST: e.g. x86_64+zd+p2p/dsb=sel/vfio=m/kunit=y (kunit=all-y: by
# KUNIT_ALL_TESTS).
name() {
	local arch zd p2p dsb vfio tests all
	read -r arch zd p2p dsb vfio tests all <<<"$1"
	local n=$arch
	[ "$zd" = n ] || n+=+zd
	[ "$p2p" = n ] || n+=+p2p
	n+=/dsb=$dsb/vfio=$vfio/kunit=
	[ "$all" = n ] && n+=$tests || n+=all-$all
	[ "$all" = n ] || [ "$tests" = - ] || n+=,tests-$tests
	echo "$n"
}

flag() { case $1 in y) printf -- -e ;; m) printf -- -m ;; *) printf -- -d ;; esac; }

# opts REQUEST TREE: the scripts/config arguments, without the symbols TREE
# does not have.
opts() {
	local arch zd p2p dsb vfio tests all o s
	read -r arch zd p2p dsb vfio tests all <<<"$1"
	o="-e PCI -e MODULES -e VFIO -e KUNIT"
	[ "$arch" = i386 ] || o+=" -e MEMORY_HOTPLUG -e MEMORY_HOTREMOVE"
	o+=" $(flag "$zd") ZONE_DEVICE $(flag "$p2p") PCI_P2PDMA"
	case $dsb in
	y) o+=" -e DMA_SHARED_BUFFER -d SYNC_FILE" ;;
	sel) o+=" -e SYNC_FILE" ;;
	n) o+=" -d SYNC_FILE" ;;
	esac
	o+=" $(flag "$vfio") VFIO_PCI $(flag "$all") KUNIT_ALL_TESTS"
	[ "$tests" = - ] || o+=" $(flag "$tests") PCI_P2PDMA_CORE_KUNIT_TEST $(flag "$tests") VFIO_PCI_DMABUF_KUNIT_TEST"
	[ "$2" = tip ] && { echo "$o"; return; }
	set -- $o
	o=
	while [ $# -gt 0 ]; do
		case $tiponly in *" $2 "*) ;; *) o+=" $1 $2" ;; esac
		shift 2
	done
	echo "$o"
}

# The rows: every distinct request (MATRIX=full), or 24 that cover them:
# for each VFIO_PCI_CORE value, all 8 combinations of the platform (x86_64,
# +ZONE_DEVICE, +PCI_P2PDMA, i386) with DMA_SHARED_BUFFER, and all 5 KUnit
# settings; a kconfig run costs 5 to 10 s of CPU here (Kconfig runs about 80
# toolchain probes, 500 processes), so the 120 would take 10 to 20 minutes.
# The rotation puts the rows without KUnit where PCI_P2PDMA_CORE has one
# selector or none: VFIO_PCI_CORE=n with PCI_P2PDMA=n and =y, and
# VFIO_PCI_CORE=y or m with PCI_P2PDMA=n (x86_64+zd, i386; x86_64+zd).
kunits=("n n" "y n" "m n" "- y" "- m")
rows=()
shift_for() { case $1 in n) echo 0 ;; y) echo 3 ;; m) echo 2 ;; esac; }
for vfio in n y m; do
	i=0
	for plat in "x86_64 n n" "x86_64 y n" "x86_64 y y" "i386 n n"; do
		for dsb in n sel; do
			for k in 0 1 2 3 4; do
				[ "$MATRIX" = full ] ||
					[ $(((i + $(shift_for $vfio)) % 5)) = $k ] || continue
				r="$plat $dsb $vfio ${kunits[$k]}"
				[[ "matrix/$(name "$r")" =~ ${ROWS:-.} ]] || continue
				rows+=("$r")
			done
			i=$((i + 1))
		done
	done
done

# One pruned request per rule, next to the row it must equal: the rule's
# row with the request that the rule folds.
declare -A prune=()
for r in "${rows[@]}"; do
	read -r arch zd p2p dsb vfio tests all <<<"$r"
	[ "$arch" = i386 ] && [ -z "${prune[R1]:-}" ] &&
		prune[R1]="i386 y y $dsb $vfio $tests $all"
	[ "$arch$zd" = x86_64n ] && [ -z "${prune[R2]:-}" ] &&
		prune[R2]="x86_64 n y $dsb $vfio $tests $all"
	[ "$dsb" = n ] && [ -z "${prune[R3]:-}" ] &&
		prune[R3]="$arch $zd $p2p y $vfio $tests $all"
	[ "$all" = y ] && [ -z "${prune[R4]:-}" ] &&
		prune[R4]="$arch $zd $p2p $dsb $vfio n $all"
done

id() { name "$1" | tr '/=' '_-'; }

printf '=== %s rows of 120 (MATRIX=%s%s), %s prune checks, randconfig seeds: %s\n' \
	"${#rows[@]}" "$MATRIX" "${ROWS:+, ROWS=$ROWS}" "${#prune[@]}" "${SEEDS:-none}"
printf '=== allnoconfig at the tip (%s) and the base (%s)\n' \
	"$(git -C "$TREE" rev-parse --short "$TIP")" \
	"$(git -C "$TREE" rev-parse --short "$BASE")"
# Each tree builds its conf in its first run, so x86_64 before i386.
for d in tip:tip base:$B; do
	(kconf "${d#*:}/start-x86_64" "${d%:*}" x86_64 allnoconfig &&
		kconf "${d#*:}/start-i386" "${d%:*}" i386 allnoconfig) &
done
wait
for j in tip $B; do
	for a in x86_64 i386; do
		[ "$(cat "$M/$j/start-$a.rc")" = 0 ] ||
			die "allnoconfig failed, see $logs/$j/start-$a.log"
	done
done

echo "=== kconfig runs ($jobs at a time)"
declare -A base_of=() queued=()
for r in "${prune[@]}"; do
	read -r arch _ <<<"$r"
	spawn kconf "tip/$(id "$r")" tip "$arch" olddefconfig $(opts "$r" tip)
done
for r in "${rows[@]}"; do
	read -r arch _ <<<"$r"
	j=$(id "$r")
	spawn kconf "tip/$j" tip "$arch" olddefconfig $(opts "$r" tip)
	# Requests that differ only in the tip's symbols are one base run.
	b=$B/$(echo "$arch $(opts "$r" base)" | sha1sum | cut -c1-12)
	base_of[$j]=$b
	cached "$b" || [ -n "${queued[$b]:-}" ] && continue
	queued[$b]=1
	spawn kconf "$b" base "$arch" olddefconfig $(opts "$r" base)
done

# Randconfig: all of x86 (64BIT too), with the series' options forced on
# through KCONFIG_ALLCONFIG, in turn: =y with PCI_P2PDMA (which needs
# 64BIT and ZONE_DEVICE, so rarely comes by chance), =m, =y.
n=0
for seed in $SEEDS; do
	case $((n++ % 3)) in
	0) v=y p2p="64BIT=y SPARSEMEM_VMEMMAP=y MEMORY_HOTPLUG=y
		MEMORY_HOTREMOVE=y ZONE_DEVICE=y PCI_P2PDMA=y" ;;
	1) v=m p2p= ;;
	2) v=y p2p= ;;
	esac
	printf 'CONFIG_%s\n' PCI=y MODULES=y VFIO=y KUNIT=y VFIO_PCI=$v $p2p \
		PCI_P2PDMA_CORE_KUNIT_TEST=$v VFIO_PCI_DMABUF_KUNIT_TEST=$v \
		>"$M/tip/force-$seed.config"
	KCONFIG_SEED=$seed KCONFIG_ALLCONFIG=$M/tip/force-$seed.config \
		spawn kconf "tip/rand-$seed" tip x86 randconfig
done
wait
# The base sees the tip's random .config as it is, less the tip's symbols.
declare -A rand_base=()
for seed in $SEEDS; do
	grep -vE "CONFIG_($(echo $tiponly | tr ' ' '|'))[= ]" \
		"$M/tip/rand-$seed.config" >"$M/tip/rand-$seed.base" || :
	b=$B/rand-$(sha1sum <"$M/tip/rand-$seed.base" | cut -c1-12)
	rand_base[$seed]=$b
	cached "$b" && continue
	cp "$M/tip/rand-$seed.base" "$M/$b.config"
	spawn kconf "$b" base x86 olddefconfig
done
wait

# load ARRAY FILE: ARRAY[SYMBOL]=value for every symbol of a .config.
load() {
	local -n a=$1
	local l
	a=()
	while IFS= read -r l; do
		case $l in
		CONFIG_*=*) l=${l#CONFIG_}; a[${l%%=*}]=${l#*=} ;;
		"# CONFIG_"*" is not set") l=${l#\# CONFIG_}; a[${l%% *}]=n ;;
		esac
	done <"$2"
}

declare -A T=([n]=0 [m]=1 [y]=2) tip base
why=
# add "; FINDING": note it, once.
add() { [[ "$why" == *"$1"* ]] || why+=$1; }
# want SYMBOL VALUE: the tip's SYMBOL must be VALUE (n when unset).
want() {
	[ "${tip[$1]:-n}" = "$2" ] || add "; $1=${tip[$1]:-n}, want $2"
}
min() { [ "${T[$1]}" -le "${T[$2]}" ] && echo "$1" || echo "$2"; }

# What the series' Kconfig promises, from the values the tip got:
# PCI_P2PDMA_CORE exactly where VFIO_PCI_CORE, PCI_P2PDMA or its KUnit test
# selects it; VFIO_PCI_DMABUF with VFIO_PCI_CORE; DMA_SHARED_BUFFER with
# VFIO_PCI_CORE; each KUnit option no higher than its dependencies (KUNIT,
# and VFIO_PCI_CORE for the DMABUF one), and KUNIT_ALL_TESTS's value where
# that is set.
promises() {
	local core=${tip[VFIO_PCI_CORE]:-n} kunit=${tip[KUNIT]:-n}
	local all=${tip[KUNIT_ALL_TESTS]:-n} t1 t2
	t1=${tip[PCI_P2PDMA_CORE_KUNIT_TEST]:-n}
	if [ "$core" != n ] || [ "${tip[PCI_P2PDMA]:-n}" = y ] ||
		[ "$t1" != n ]; then
		want PCI_P2PDMA_CORE y
	else
		want PCI_P2PDMA_CORE n
	fi
	if [ "$core" != n ]; then
		want VFIO_PCI_DMABUF y
		want DMA_SHARED_BUFFER y
	else
		want VFIO_PCI_DMABUF n
	fi
	t2=$(min "$kunit" "$core")
	[ "${T[${tip[VFIO_PCI_DMABUF_KUNIT_TEST]:-n}]}" -le "${T[$t2]}" ] ||
		want VFIO_PCI_DMABUF_KUNIT_TEST "$t2"
	[ "${T[$t1]}" -le "${T[$kunit]}" ] ||
		want PCI_P2PDMA_CORE_KUNIT_TEST "$kunit"
	if [ "$all" != n ]; then
		want PCI_P2PDMA_CORE_KUNIT_TEST "$(min "$all" "$kunit")"
		want VFIO_PCI_DMABUF_KUNIT_TEST "$(min "$all" "$t2")"
	fi
}

# asked REQUEST: the values asked for hold (where Kconfig allows them: the
# request is canonical).
asked() {
	local arch zd p2p dsb vfio tests all
	read -r arch zd p2p dsb vfio tests all <<<"$1"
	[ "$arch" = i386 ] && want 64BIT n || want 64BIT y
	want ZONE_DEVICE "$zd"
	want PCI_P2PDMA "$p2p"
	[ "$dsb" != sel ] || want SYNC_FILE y
	want VFIO_PCI_CORE "$vfio"
	want KUNIT_ALL_TESTS "$all"
	[ "$tests" = - ] && return
	want PCI_P2PDMA_CORE_KUNIT_TEST "$tests"
	want VFIO_PCI_DMABUF_KUNIT_TEST "$(min "$tests" "$vfio")"
}

# against_base: every symbol both trees have is the same at the tip, but
# VFIO_PCI_DMABUF and DMA_SHARED_BUFFER, which may go from n to y.
against_base() {
	local s b v
	for s in "${!tip[@]}" "${!base[@]}"; do
		case $tiponly in *" $s "*) continue ;; esac
		b=${base[$s]:-n} v=${tip[$s]:-n}
		[ "$b" != "$v" ] || continue
		case $s:$b:$v in
		VFIO_PCI_DMABUF:n:y | DMA_SHARED_BUFFER:n:y) ;;
		*) add "; $s=$v, base $b" ;;
		esac
	done
}

warnings() { grep -ci warning "$logs/$1.log" || :; }

# row NAME TIPJOB BASEJOB [REQUEST]: judge one row and print its line
# (with $note, if any, at its end).
note=
row() {
	local name=$1 tj=$2 bj=$3 req=${4:-} ms wt wb
	why=
	ms=$(($(cat "$M/$tj.ms") + $(cat "$M/$bj.ms")))
	[ "$(cat "$M/$tj.rc")" = 0 ] || why+="; make failed at the tip"
	[ "$(cat "$M/$bj.rc")" = 0 ] || why+="; make failed at the base"
	wt=$(warnings "$tj") wb=$(warnings "$bj")
	[ "$wt" = 0 ] || why+="; $(grep -i -m1 warning "$logs/$tj.log")"
	load tip "$M/$tj.config"
	load base "$M/$bj.config"
	[ -z "$req" ] || asked "$req"
	promises
	against_base
	printf '%s %s # %d s; base: %d warnings, tip: %d warnings%s%s\n' \
		"$([ -z "$why" ] && echo PASS || echo FAIL)" "$name" \
		$(((ms + 500) / 1000)) "$wb" "$wt" "${why:+ -- ${why#; }}" \
		"${note:+ ($note)}" | tee -a "$results"
}

echo "=== rows (kconfig logs in $logs)"
for r in "${rows[@]}"; do
	j=$(id "$r")
	row "matrix/$(name "$r")" "tip/$j" "${base_of[$j]}" "$r"
done
# A pruned request gives the .config of the row kept for it, byte for byte,
# and no warning.
for rule in R1 R2 R3 R4; do
	[ -n "${prune[$rule]:-}" ] || continue
	r=${prune[$rule]} c=$(canon "${prune[$rule]}")
	j=tip/$(id "$r")
	why=
	[ "$(cat "$M/$j.rc")" = 0 ] || why+="; make failed"
	[ "$(warnings "$j")" = 0 ] || why+="; $(grep -i -m1 warning "$logs/$j.log")"
	cmp -s "$M/$j.config" "$M/tip/$(id "$c").config" ||
		why+="; the .configs differ"
	printf '%s prune/%s/%s # %d s; the .config of %s%s\n' \
		"$([ -z "$why" ] && echo PASS || echo FAIL)" "$rule" "$(name "$r")" \
		$((($(cat "$M/$j.ms") + 500) / 1000)) "$(name "$c")" \
		"${why:+ -- ${why#; }}" | tee -a "$results"
done
for seed in $SEEDS; do
	# Forced on, but randconfig may still pick a value that turns one off:
	# such a seed checks little.
	# A random choice can still turn a forced option down (IOMMUFD=m makes
	# VFIO=m): the row checks less than it could, and says so. The KUnit
	# options are left out: a random KUNIT_ALL_TESTS decides them.
	load tip "$M/tip/rand-$seed.config"
	why=
	while IFS== read -r s v; do
		case $s in *_KUNIT_TEST) ;; *) want "${s#CONFIG_}" "$v" ;; esac
	done <"$M/tip/force-$seed.config"
	note=${why:+forced but not held: ${why#; }}
	row "rand/$seed/64bit=${tip[64BIT]:-n},p2pdma=${tip[PCI_P2PDMA]:-n},vfio_pci=${tip[VFIO_PCI]:-n},kunit_all_tests=${tip[KUNIT_ALL_TESTS]:-n}" \
		"tip/rand-$seed" "${rand_base[$seed]}"
done

p=$(grep -c '^PASS' "$results" || :)
f=$(grep -c '^FAIL' "$results" || :)
printf '\ntotal time %d s; results in %s; replay a rand/ row with\n' \
	$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000000)) "$results"
printf '  make O=DIR ARCH=x86 KCONFIG_SEED=<seed> KCONFIG_ALLCONFIG=%s randconfig\n' \
	"$M/tip/force-<seed>.config"
echo "$p passed, $f failed"
[ "$f" = 0 ]
