#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Say whether the work tree holds anything that patches/ does not: edits not
# committed, or commits not exported. Exit 0 when the two agree.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || { echo "no work tree at $TREE (make tree)"; exit 0; }
rc=0
# Debian's .gitignore hides new top-level files: ask for ignored ones too.
dirty=$(git -C "$TREE" status --porcelain --ignored=matching --untracked-files=all)
if [ -n "$dirty" ]; then
	echo "$TREE has uncommitted changes (commit them, then make export):"
	printf '%s\n' "$dirty" | sed 's/^/  /' | head -n 20
	rc=1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TOP/scripts/export.sh" "$tmp/p"
if ! diff -r -q "$tmp/p" "$TOP/patches" >"$tmp/diff" 2>&1; then
	echo "the work tree's commits differ from patches/ (make export, or make tree):"
	sed 's/^/  /' "$tmp/diff"
	rc=1
fi
exit $rc
