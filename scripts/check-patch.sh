#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-patch checks of one commit of the series, as upstream patch CI does
# them: only what the patch makes worse fails.
#
#   check-patch.sh COMMIT PATCHFILE NNNN
#
#   identity    From: and every Signed-off-by: are the series identity
#   checkpatch  scripts/checkpatch.pl --strict: no error, warning or check
#   maintainers every file the patch adds has a MAINTAINERS entry
#   build       the kernel (the debug variant, which make check boots) builds
#               with this patch on top (bisectable); a patch that changes only
#               tools/testing/ and Documentation/ leaves the kernel as it was
#   selftests   the vfio selftests build with this patch on top, if it
#               changes them
#   W=1         no new W=1 warnings in the C files the patch touches
#   sparse      no new sparse (C=2) warnings in those files
#   kernel-doc  no new kernel-doc warnings in the files the patch touches
#
# PHASE=build runs the checks up to the build, and leaves in
# $BUILD/cmp-state what the rest needs of the build tree; PHASE=warnings
# runs the rest (W=1, sparse, kernel-doc) from that alone, in a work tree of
# its own, so that make check overlaps it with the next patch's build.
# Without PHASE, both in turn.
set -u
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

c=${1:?} patch=${2:?} n=${3:?}
steps=$BUILD/logs/steps
mkdir -p "$steps" "$BUILD/cmp-state"
variant=${VARIANT:-debug}
out=$BUILD/out/$variant
phase=${PHASE:-all}
# The build's .config and the objects it built at this commit, for the
# warnings half.
state=$BUILD/cmp-state/patch$n
report() { printf '%s %s%s\n' "$1" "patch$n/$2" "${3:+ # $3}"; }

files=$(git -C "$TREE" diff --name-only --diff-filter=AM "$c^" "$c")
cfiles=$(printf '%s\n' $files | grep '\.c$' | grep -v '^tools/' || true)
docfiles=$(printf '%s\n' $files | grep -E '\.(c|h)$' | grep -v '^tools/' || true)

build_half() {
	# identity
	bad=$(grep -E '^(From|Signed-off-by): ' "$patch" | grep -v '^From: [0-9a-f]\{40\}' |
		sed 's/^[^:]*: //' | grep -v -x -F "$IDENTITY" || true)
	[ -z "$bad" ] && report PASS identity || report FAIL identity "$bad"

	# checkpatch
	log=$steps/patch$n-checkpatch.log
	# checkpatch's SPDX check runs spdxcheck.py with the first python3 on PATH;
	# Debian's (with python3-ply and python3-git) is the one that has its modules.
	# Two questions checkpatch cannot answer on this tree are answered here:
	# UNKNOWN_COMMIT_ID (the base is a tarball without upstream history, so a
	# Fixes: id cannot be looked up) and FILE_PATH_CHANGES ("does MAINTAINERS
	# need updating?": every file the patch adds must have a maintainer).
	ignore=UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES
	if (cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --no-signoff -q \
		--ignore "$ignore" "$patch") >"$log" 2>&1 &&
	   ! grep -qE '^(ERROR|WARNING|CHECK):' "$log"; then
		report PASS checkpatch
	else
		report FAIL checkpatch "$(grep -cE '^(ERROR|WARNING|CHECK):' "$log") findings, see $log"
	fi

	# build at this commit
	git -C "$TREE" checkout -q "$c"
	changed=$(git -C "$TREE" diff --name-only "$c^" "$c")
	log=$steps/patch$n-build.log
	if ! printf '%s\n' "$changed" | grep -q -v -E '^(tools/testing|Documentation)/'; then
		report SKIP build "only tools/testing/ and Documentation/: the kernel is its parent's"
	elif IMAGE=vmlinux "$TOP/scripts/build.sh" "$variant" >"$log" 2>&1; then
		report PASS build
	else
		report FAIL build "see $log"
	fi

	# The vfio selftests at this commit, against its uAPI headers; any compiler
	# warning fails, as the tests build warning-free.
	if printf '%s\n' "$changed" | grep -q '^tools/testing/selftests/vfio/'; then
		log=$steps/patch$n-selftests.log
		hdr=$BUILD/selftests/bisect-headers
		if { make -s -C "$TREE" O="$hdr" ARCH=x86_64 headers_install &&
		     make -C "$TREE/tools/testing/selftests/vfio" -j"$JOBS" \
			OUTPUT="$BUILD/selftests/bisect" \
			KHDR_INCLUDES="-isystem $hdr/usr/include"; } >"$log" 2>&1 &&
		   ! grep -q -E '(warning|error):' "$log"; then
			report PASS selftests
		else
			report FAIL selftests "see $log"
		fi
	fi

	# maintainers: every file the patch adds is covered by a MAINTAINERS entry
	added=$(git -C "$TREE" diff --name-only --diff-filter=A "$c^" "$c")
	orphans=
	for f in $added; do
		(cd "$TREE" && ./scripts/get_maintainer.pl --nogit --nogit-fallback \
			-f "$f" 2>/dev/null) | grep -v 'THE REST' |
			grep -q '(maintainer:' || orphans="$orphans $f"
	done
	[ -z "$orphans" ] && report PASS maintainers || report FAIL maintainers "no entry for$orphans"

	cp "$out/.config" "$state.config"
	for f in $cfiles; do
		# Only objects the configuration builds at this commit.
		[ -f "$out/${f%.c}.o" ] && echo "${f%.c}.o"
	done >"$state.objs"
	return 0
}

# W=1, sparse and kernel-doc warnings are compared between the parent and the
# commit in a second work tree, $BUILD/cmp (set up by check.sh), with its own
# output directory, so that the bisect builds above stay incremental. Each
# warning line is tagged with its kind (gcc's carry a [-W...] option, sparse's
# do not) and has its file name and position dropped, so that code moved
# within or between files compares equal.
cmp=$BUILD/cmp
cmpout=$BUILD/out/cmp
cmake() { make -C "$cmp" O="$cmpout" -j"$JOBS" "$@"; }

warnings_at() {
	local o objs=
	# A tree or a make that failed would compare nothing: a failure too.
	git -C "$cmp" checkout -q --detach "$1" || { echo "harness-error: checkout of $1"; return; }
	mkdir -p "$cmpout"
	# The make below brings the .config up to date for this commit first.
	cp "$state.config" "$cmpout/.config"
	for o in $(cat "$state.objs"); do
		[ -f "$cmp/${o%.o}.c" ] || continue
		touch "$cmp/${o%.o}.c"
		objs="$objs $o"
	done
	# One make for all of them: each make run first checks the whole
	# prepare stage, which costs more than compiling one file. A kernel
	# that finds no usable sparse says so and checks nothing: that is a
	# failure of the sparse gate, marked on both sides.
	[ -z "$objs" ] || { cmake W=1 C=2 $objs 2>&1 >/dev/null ||
		echo "harness-error: make W=1 C=2 at $1 failed"; } |
		sed -E 's/.*sparse is not available or not up to date.*/sparse-unavailable: &/' |
		grep -E '(warning|error|sparse-unavailable|harness-error):' |
		sed -E '/^harness-error:/! s/^[^ :]+:[0-9]+:[0-9]+: //' |
		sed -E '/^harness-error:/b; /\[-W[^]]*\]$/ s/^/W=1 /; /^W=1 /! s/^/sparse /'
	[ -z "$docfiles" ] ||
		(cd "$cmp" && ./scripts/kernel-doc -none -Wall $docfiles 2>&1) |
		grep -iE 'warning|error' | sed -E 's/^([A-Za-z]+: )[^ :]+:[0-9]*:? /\1/' |
		sed 's/^/kernel-doc /'
}

verdict() {
	local label=$1 found
	found=$(printf '%s\n' "$new" | sed -n "s/^$label //p")
	if [ -z "$found" ]; then
		report PASS "$label"
	else
		printf '%s\n' "$found" >"$steps/patch$n-$label.log"
		report FAIL "$label" "$(printf '%s\n' "$found" | wc -l) new, see $steps/patch$n-$label.log"
	fi
}

warnings_half() {
	local broken
	if ! [ -s "$state.config" ] || ! [ -f "$state.objs" ]; then
		report FAIL warnings "no build state in $state.*: the build half did not finish"
		return 1
	fi
	before=$(warnings_at "$c^" | sort -u)
	after=$(warnings_at "$c" | sort -u)
	new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep . || true)
	broken=$(printf '%s\n%s\n' "$before" "$after" | grep '^harness-error:' | head -n 1 || true)

	if [ -n "$broken" ]; then
		report FAIL W=1 "${broken#harness-error: }"
		report FAIL sparse "${broken#harness-error: }"
	elif [ -z "$cfiles" ]; then
		report SKIP W=1 "no C files touched"
		report SKIP sparse "no C files touched"
	elif ! [ -s "$state.objs" ]; then
		report SKIP W=1 "this configuration builds none of the C files touched"
		report SKIP sparse "this configuration builds none of the C files touched"
	else
		verdict W=1
		if printf '%s\n' "$after" | grep -q 'sparse-unavailable:'; then
			report FAIL sparse "the kernel found no usable sparse and checked nothing"
		else
			verdict sparse
		fi
	fi
	if [ -n "$docfiles" ]; then
		verdict kernel-doc
	else
		report SKIP kernel-doc "no kernel files touched"
	fi
}

case $phase in
build)		build_half ;;
warnings)	warnings_half ;;
*)		build_half; warnings_half ;;
esac
