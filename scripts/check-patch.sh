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
#   build       the qemu variant builds with this patch on top (bisectable)
#   W=1         no new W=1 warnings in the C files the patch touches
#   sparse      no new sparse (C=2) warnings in those files
#   kernel-doc  no new kernel-doc warnings in the files the patch touches
set -u
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

c=${1:?} patch=${2:?} n=${3:?}
steps=$BUILD/logs/steps
mkdir -p "$steps"
out=$BUILD/out/qemu
report() { printf '%s %s%s\n' "$1" "patch$n/$2" "${3:+ # $3}"; }

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
log=$steps/patch$n-build.log
if "$TOP/scripts/build.sh" qemu >"$log" 2>&1; then
	report PASS build
else
	report FAIL build "see $log"
fi

files=$(git -C "$TREE" diff --name-only --diff-filter=AM "$c^" "$c")

# maintainers: every file the patch adds is covered by a MAINTAINERS entry
added=$(git -C "$TREE" diff --name-only --diff-filter=A "$c^" "$c")
orphans=
for f in $added; do
	(cd "$TREE" && ./scripts/get_maintainer.pl --nogit --nogit-fallback \
		-f "$f" 2>/dev/null) | grep -v 'THE REST' |
		grep -q '(maintainer:' || orphans="$orphans $f"
done
[ -z "$orphans" ] && report PASS maintainers || report FAIL maintainers "no entry for$orphans"
cfiles=$(printf '%s\n' $files | grep '\.c$' || true)
docfiles=$(printf '%s\n' $files | grep -E '\.(c|h)$' | grep -v '^tools/' || true)

# Warnings of one kind for the touched files at the checked-out commit, with
# file names, line and column numbers dropped so that code moved within or
# between files compares equal.
warnings() {
	local kind=$1 f o
	for f in $cfiles; do
		o=${f%.c}.o
		# Only objects this configuration builds.
		[ -f "$out/$o" ] || [ -f "$out/$(dirname "$o")/.$(basename "$o").cmd" ] || continue
		case $kind in
		W1) touch "$TREE/$f"
		    make -C "$TREE" O="$out" W=1 "$o" 2>&1 >/dev/null ;;
		sparse) make -C "$TREE" O="$out" C=2 "$o" 2>&1 >/dev/null ;;
		esac
	done | grep -E '(warning|error):' | sed -E 's/^[^ :]+:[0-9]+:[0-9]+: //' | sort
	if [ "$kind" = doc ] && [ -n "$docfiles" ]; then
		(cd "$TREE" && ./scripts/kernel-doc -none -Wall $docfiles 2>&1) |
			grep -iE 'warning|error' | sed -E 's/^([A-Za-z]+: )[^ :]+:[0-9]*:? /\1/' | sort -u
	fi
}

compare() {
	local kind=$1 label=$2 before after new
	git -C "$TREE" checkout -q "$c^"
	before=$(warnings "$kind")
	git -C "$TREE" checkout -q "$c"
	after=$(warnings "$kind")
	new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep . || true)
	if [ -z "$new" ]; then
		report PASS "$label"
	else
		printf '%s\n' "$new" >"$steps/patch$n-$label.log"
		report FAIL "$label" "$(printf '%s\n' "$new" | wc -l) new, see $steps/patch$n-$label.log"
	fi
}

if [ -z "$cfiles" ]; then
	report SKIP W=1 "no C files touched"
	report SKIP sparse "no C files touched"
else
	compare W1 W=1
	command -v sparse >/dev/null && compare sparse sparse ||
		report FAIL sparse "sparse is not installed"
fi
if [ -n "$docfiles" ]; then
	compare doc kernel-doc
else
	report SKIP kernel-doc "no kernel files touched"
fi
git -C "$TREE" checkout -q "$c"
