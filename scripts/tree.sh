#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# (Re)create the kernel work tree: the base commit, tagged "base", and one
# commit per patch of patches/series on branch "series", applied with git am
# (no fuzz, no three-way merge). Refuses to throw away work that is not yet
# exported unless FORCE=1.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

need git
read -r repo base < <("$TOP/scripts/fetch-base.sh") || die "no base"
[ -n "${base:-}" ] || die "fetching the base failed"

if [ -e "$TREE/.git" ]; then
	if [ "${FORCE:-0}" != 1 ] && ! "$TOP/scripts/status.sh" >/dev/null 2>&1; then
		"$TOP/scripts/status.sh" || true
		die "$TREE has work not in patches/: run 'make export' first, or FORCE=1"
	fi
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
else
	log "cloning the base into $TREE"
	mkdir -p "$(dirname "$TREE")"
	git clone -q --no-checkout "$repo" "$TREE"
fi
git -C "$TREE" fetch -q "$repo" "$base"
git -C "$TREE" tag -f base "$base" >/dev/null
git -C "$TREE" checkout -q -f -B series refs/tags/base
git -C "$TREE" branch -q -D base 2>/dev/null || true
git -C "$TREE" clean -q -fdx

log "applying patches/series with git am (about a minute)"
n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	[ -f "$TOP/patches/$p" ] || die "patches/series names $p, which does not exist"
	if ! out=$(tgit am -q --committer-date-is-author-date "$TOP/patches/$p" 2>&1); then
		git -C "$TREE" am --abort >/dev/null 2>&1 || true
		printf '%s\n' "$out" >&2
		die "patches/$p does not apply on $(git -C "$TREE" log -1 --format='%h %s')"
	fi
	n=$((n + 1))
done <"$TOP/patches/series"
log "$TREE: base $(git -C "$TREE" rev-parse --short base) + $n patches"
