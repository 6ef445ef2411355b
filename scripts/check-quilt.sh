#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The series as a distribution carries it: a quilt queue pushed onto Debian's
# unpacked linux-source-7.3 (the tarball fetch-base.sh caches). One line per
# check, in check.sh's format:
#
#   PASS quilt/push                quilt push -a --fuzz=0 applies every patch
#                                  (hunks applied at an offset are counted)
#   PASS patchNNNN/quilt-refresh   quilt refresh of the patch gives back the
#                                  same hunks: line ranges and lines. Not
#                                  compared: what quilt writes its own way,
#                                  the header, git's "diff --git", "index"
#                                  and "new file mode" lines (quilt drops
#                                  them) and the text after "@@ ... @@"
#                                  (GNU diff -p: a function line, cut at 40
#                                  characters)
#
#   QUEUE=<dir>   the queue to check (default patches/). quilt sees only a
#                 copy of it, so nothing in QUEUE changes.
#
# Scratch: $BUILD/quilt, unpacked anew on every run. Logs:
# $BUILD/logs/steps/quilt-*.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

queue=$(cd "${QUEUE:-$TOP/patches}" && pwd)
scratch=$BUILD/quilt
steps=$BUILD/logs/steps
failed=

report() { printf '%s %s%s\n' "$1" "$2" "${3:+ # $3}"; }
fail() { report FAIL "$@"; failed=1; }
# No ~/.quiltrc or /etc/quilt.quiltrc: Debian's sets QUILT_PATCHES_PREFIX,
# --backup and colours.
q() { quilt --quiltrc - "$@"; }

# hunks PATCH: the patch's ---/+++ lines, the "@@ -a,b +c,d @@" of each hunk
# without its text, and the hunk lines; nothing else.
hunks() {
	awk '
	function len(s) { return s == "" ? 1 : substr(s, 2) + 0 }
	old > 0 || new > 0 {
		c = substr($0, 1, 1)
		if (c == " " || c == "-") old--
		if (c == " " || c == "+") new--
		print; next
	}
	/^\\ / || /^(---|\+\+\+) / { print; next }
	match($0, /^@@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@/) {
		h = substr($0, 1, RLENGTH); print h
		split(h, f, " "); sub(/^-[0-9]+/, "", f[2]); sub(/^\+[0-9]+/, "", f[3])
		old = len(f[2]); new = len(f[3])
	}' "$1"
}

"$TOP/scripts/deps.sh" quilt
need quilt awk diff tar xz
# The pinned tarball, downloaded and verified unless cached.
env -u KSRC "$TOP/scripts/fetch-base.sh" >/dev/null
tar=${BASE_TARBALL:-$CACHE/$BASE_PKG-$BASE_VERSION.tar.xz}
[ -f "$tar" ] || die "no $tar (an unpinned base? set BASE_TARBALL=)"

patches=$(grep -v '^#' "$queue/series" | awk 'NF { print $1 }')
rm -rf "$scratch"
mkdir -p "$scratch/linux" "$scratch/patches" "$steps"
rm -f "$steps"/quilt-*
cp "$queue/series" "$scratch/patches/"
for p in $patches; do cp "$queue/$p" "$scratch/patches/"; done

# Unpack the files the queue names, which are all that patch reads or
# writes: the whole tree is 1.8 GB, and writing and removing it took 90 s
# while kernel builds ran. The files the queue creates are not in the
# tarball, and tar says so; any other complaint of tar's is an error.
top=$(tar -tJf "$tar" | head -n1)
(cd "$scratch/patches" && sed -n 's|^--- a/||p; s|^+++ b/||p' $patches) |
	sort -u | sed "s|^|${top%/}/|" >"$scratch/files"
log "unpacking $(wc -l <"$scratch/files") files of $(basename "$tar") into $scratch/linux"
tar -xJf "$tar" -C "$scratch/linux" --strip-components=1 -T "$scratch/files" \
	2>"$scratch/tar.err" || true
! grep -v -e ': Not found in archive$' -e 'Exiting with failure status' \
	"$scratch/tar.err" >&2 || die "tar failed to unpack $tar"

cd "$scratch/linux"
export QUILT_PATCHES=$scratch/patches QUILT_PC=.pc QUILT_DIFF_OPTS=-p
log "quilt push -a --fuzz=0"
if ! q push -a --fuzz=0 >"$steps/quilt-push.log" 2>&1; then
	fail quilt/push "$(grep -m1 -E 'FAILED|does not apply|fuzz' "$steps/quilt-push.log" ||
		true), see $steps/quilt-push.log"
	exit 1
fi
if grep -q "with fuzz" "$steps/quilt-push.log"; then
	fail quilt/push "fuzz, see $steps/quilt-push.log"
	exit 1
fi
offsets=$(grep -c '(offset [0-9-]* lines\?)' "$steps/quilt-push.log" || true)
report PASS quilt/push "$(echo "$patches" | wc -l) patches, no fuzz, $offsets hunks at an offset"

# quilt refresh writes into the queue .pc names: it must be the copy.
[ "$(cat .pc/.quilt_patches)" = "$QUILT_PATCHES" ] || die "quilt uses another queue"
log "quilt refresh of each patch"
for p in $patches; do
	n=${p%%-*}
	# -f: below the top, quilt diffs against the next patch's copy of a file.
	if ! q refresh -f -p ab --no-timestamps --no-index "$p" \
		>>"$steps/quilt-refresh.log" 2>&1; then
		fail "patch$n/quilt-refresh" "quilt refresh failed, see $steps/quilt-refresh.log"
	elif diff -u --label "$queue/$p" --label "quilt refresh" \
		<(hunks "$queue/$p") <(hunks "$scratch/patches/$p") \
		>"$steps/quilt-refresh-$n.diff"; then
		report PASS "patch$n/quilt-refresh"
		rm -f "$steps/quilt-refresh-$n.diff"
	else
		fail "patch$n/quilt-refresh" "other hunks, see $steps/quilt-refresh-$n.diff"
	fi
done
[ -z "$failed" ]
