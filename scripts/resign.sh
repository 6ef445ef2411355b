#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Give every patch a new author and signer: make resign IDENTITY="Name <mail>".
# Rewrites From: and Signed-off-by: of the current identity in patches/ and
# makes the new identity the default in scripts/lib.sh, the one place it is set.
set -eu
new=${IDENTITY:?usage: make resign IDENTITY="Name <mail>"}
cd "$(dirname "$0")/.."
old=$(sed -n 's/^IDENTITY=\${IDENTITY:-"\(.*\)"}$/\1/p' scripts/lib.sh)
[ -n "$old" ] || { echo "ERROR: no IDENTITY line in scripts/lib.sh" >&2; exit 1; }
case $new in *' <'*'@'*'>') ;; *) echo "ERROR: '$new' is not 'Name <mail>'" >&2; exit 1 ;; esac
[ "$new" != "$old" ] || exit 0
esc() { printf '%s' "$1" | sed 's/[][\\/.*^$&]/\\&/g'; }
for p in patches/[0-9]*.patch; do
	[ -f "$p" ] || continue
	sed -i "s/^From: $(esc "$old")\$/From: $(esc "$new")/;
		s/^Signed-off-by: $(esc "$old")\$/Signed-off-by: $(esc "$new")/" "$p"
done
sed -i "s/^IDENTITY=\${IDENTITY:-\".*\"}\$/IDENTITY=\${IDENTITY:-\"$(esc "$new")\"}/" scripts/lib.sh
echo "patches/ re-signed as $new; run 'make tree' to rebuild the work tree"
