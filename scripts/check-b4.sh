#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-b4: the queue checked as maintainers' tooling checks a series
# before it is sent. The series becomes a b4 prep branch in $BUILD/b4 (its
# commits, and the cover letter of patches/ in b4's cover commit), and
# "b4 prep --check" runs checkpatch over each patch the way b4 configures it.
#
# b4 0.14 (bookworm's 0.12 has no --check) is Debian trixie's pure-Python
# package, pinned and unpacked into the cache; it runs on the system's
# python3 with bookworm's modules of its dependencies.
#
# Two of checkpatch's questions are answered elsewhere, as check-patch.sh
# answers them: "Unknown commit id" (the base is a tarball with no upstream
# history to find a Fixes: id in) and "does MAINTAINERS need updating?"
# (every file the series adds has an entry: the maintainers check). Every
# other finding fails. One line per patch; last "N passed, N failed".
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

# As b4's editor of the cover letter (see below): write our cover letter's
# subject and body into the file b4 hands over.
if [ "${1:-}" = --cover ]; then
	cover=$TOP/patches/0000-cover-letter.patch
	{
		sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$cover"
		echo
		sed '1,/^$/d; /^vfio-dmabuf-mmap series ([0-9]*):$/,$d' "$cover"
	} >"$2"
	exit 0
fi

B4_DEB="b4=0.14.2-2 5f2ad4a4fd8ae96d8085249d34b88e7ee93392847d3bb84f7c21568701345584"
SUITE=trixie
root=$CACHE/b4-0.14.2
work=$BUILD/b4
logs=$BUILD/logs
answered='Unknown commit id|does MAINTAINERS need updating'

"$TOP/scripts/deps.sh" python3-requests python3-dkim python3-dnspython \
	python3-patatt git-filter-repo python3-ply python3-git >&2
need apt-get dpkg-deb git

if [ ! -f "$root/usr/bin/b4" ]; then
	apt_dir=$CACHE/apt-b4
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$root.debs"
	uri=$(mirror)
	[ -n "$uri" ] || die "no Debian archive in this machine's apt sources; set DEBIAN_MIRROR=<uri>"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $SUITE main" \
		>"$apt_dir/sources.list"
	log "fetching ${B4_DEB%% *} from $SUITE"
	apt_private apt-get update >&2 || die "apt-get update of $SUITE failed"
	(cd "$root.debs" && apt_private apt-get download "${B4_DEB%% *}" >&2) ||
		die "download of ${B4_DEB%% *} failed"
	deb=$(ls "$root.debs"/b4_*.deb)
	[ "$(sha256sum <"$deb" | cut -d' ' -f1)" = "${B4_DEB#* }" ] ||
		{ rm -f "$deb"; die "checksum mismatch for $deb (removed)"; }
	rm -rf "$root"
	dpkg-deb -x "$deb" "$root"
	rm -rf "$root.debs"
fi
# Debian's python3, whose modules b4 and checkpatch's spdxcheck.py need.
b4() {
	PATH=/usr/bin:$PATH PYTHONPATH=$root/usr/lib/python3/dist-packages \
		/usr/bin/python3 "$root/usr/bin/b4" "$@" </dev/null
}
b4 --version >/dev/null || die "b4 from $root does not run"

# The prep branch: a clone of the work tree's series, enrolled with the base
# as its fork point, and our cover letter in b4's cover commit.
[ -d "$TREE/.git" ] || die "no work tree: make tree"
rm -rf "$work"
git clone -q -b series "$TREE" "$work"
git -C "$work" tag -f base "$(git -C "$TREE" rev-parse base)" >/dev/null
git -C "$work" config user.name "$(identity_name)"
git -C "$work" config user.email "$(identity_email)"
mkdir -p "$logs"
(cd "$work" && b4 prep -e base && EDITOR="$TOP/scripts/check-b4.sh --cover" b4 prep --edit-cover) \
	>"$logs/b4-prep.log" 2>&1 || { cat "$logs/b4-prep.log"; die "b4 prep failed"; }

log "b4 prep --check (checkpatch over each patch, about a minute)"
(cd "$work" && b4 prep --check) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$logs/b4-check.log" || true

# b4 prints "● <sha>: <subject>" for each commit, its findings indented
# under it; the cover commit is not checked.
awk -v answered="$answered" '
	/^● [0-9a-f]+: / { if (n) out(); n++; subj = $0; sub(/^● [0-9a-f]+: /, "", subj); bad = 0; why = ""; next }
	/^  ● / && n { if ($0 ~ answered) next; bad++; if (why == "") { why = $0; sub(/^  ● /, "", why) } }
	function out() { printf "%s b4/patch%04d%s\n", bad ? "FAIL" : "PASS", n, bad ? " # " bad " findings: " why : "" }
	END { if (n) out() }
' "$logs/b4-check.log" >"$logs/b4.results"
total=$(grep -v '^#' "$TOP/patches/series" | grep -c .)
[ "$(grep -c . "$logs/b4.results")" = "$total" ] ||
	echo "FAIL b4/patches # b4 checked $(grep -c . "$logs/b4.results") of $total patches, see $logs/b4-check.log" \
		>>"$logs/b4.results"
cat "$logs/b4.results"
echo "$(grep -c '^PASS' "$logs/b4.results") passed, $(grep -c '^FAIL' "$logs/b4.results") failed"
! grep -q '^FAIL' "$logs/b4.results"
