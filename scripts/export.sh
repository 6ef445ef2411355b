#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate patches/ from the work tree's base..series, byte for byte
# reproducible: zero commit ids, no version signature, a base-commit trailer,
# dates from the commits (the cover letter's: a second before the first). The cover letter's subject and text are kept from
# the existing patches/0000-cover-letter.patch; its shortlog and diffstat are
# regenerated.
#
#   export.sh [DIR]   write into DIR instead of patches/ (used by status.sh)
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
[ -e "$TREE/.git" ] || die "no work tree at $TREE: run 'make tree' first"
git -C "$TREE" rev-parse -q --verify base >/dev/null || die "$TREE has no 'base' tag"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=$(git -C "$TREE" rev-list --count base..HEAD)

if [ "$count" -gt 0 ]; then
	tgit -c core.abbrev=12 -c diff.renames=true format-patch -q \
		--zero-commit --no-signature --base=base --cover-letter \
		--output-directory "$tmp" base..HEAD
	# The cover letter is dated a second before the first patch, so that
	# it sorts first.
	first=$(git -C "$TREE" log --reverse --format=%at base..HEAD | head -n 1)
	date=$(LC_ALL=C date -u -R -d "@$((first - 1))")
	cover=$tmp/0000-cover-letter.patch
	old=$TOP/patches/0000-cover-letter.patch
	# Keep the hand-written subject and text of the existing cover letter.
	if [ -f "$old" ]; then
		subject=$(sed -n 's/^Subject: \[PATCH 0*\/[0-9]*\] //p' "$old")
		awk '/^$/ && !h { h = 1; next } h && /^[^ ].* \([0-9]+\):$/ { exit } h' \
			"$old" >"$tmp/blurb"
	else
		subject='*** SUBJECT HERE ***'
		echo '*** BLURB HERE ***' >"$tmp/blurb"
	fi
	awk -v subject="$subject" -v date="$date" -v blurb="$tmp/blurb" '
		/^Date: / && !hdr { print "Date: " date; next }
		/^Subject: / && !hdr { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject); print; next }
		/^$/ && !hdr { hdr = 1; print; while ((getline l < blurb) > 0) print l; skip = 1; next }
		skip && /^[^ ].* \([0-9]+\):$/ { skip = 0 }
		!skip { print }
	' "$cover" >"$cover.new"
	mv "$cover.new" "$cover"
	(cd "$tmp" && ls -1 [0-9]*.patch | grep -v '^0000-') >"$tmp/series"
else
	: >"$tmp/series"
fi

mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
cp "$tmp"/*.patch "$out"/ 2>/dev/null || true
cp "$tmp/series" "$out/series"
[ "$out" != "$TOP/patches" ] || log "exported $count patches to patches/"
