#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make htmldocs: build the driver-api book, which holds vfio.rst and the
# kernel-doc of the headers it pulls in, with the kernel's own Sphinx build
# (make SPHINXDIRS=driver-api htmldocs) and Debian's Sphinx. The base has
# warnings of its own in that book; fail on any warning or error that names
# a file the series changes. Output in build/out/htmldocs (about 15 minutes
# on two cores, hence not part of make check).
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

need /usr/bin/sphinx-build
out=$BUILD/out/htmldocs
log=$BUILD/logs/htmldocs.log
mkdir -p "$out" "$BUILD/logs"

log "make SPHINXDIRS=driver-api htmldocs (log: $log)"
PATH=/usr/bin:$PATH make -C "$TREE" O="$out" SPHINXDIRS=driver-api \
	htmldocs >"$log" 2>&1 || { tail -n 30 "$log"; die "htmldocs failed"; }

bad=0
for f in $(git -C "$TREE" diff --name-only base series); do
	if grep -E "$TREE/$f:[0-9]*: (WARNING|ERROR|CRITICAL|SEVERE)|$TREE/$f.*(SEVERE|ERROR)" \
		"$log"; then
		bad=1
	fi
done
[ "$bad" = 0 ] || die "the series' files have documentation warnings (above)"
html=$out/Documentation/output/driver-api/vfio.html
[ -s "$html" ] || die "no $html"
grep -q 'VFIO_DEVICE_FEATURE_DMA_BUF_REVOKE' "$html" ||
	die "$html lacks the section on DMABUF-backed device memory"
log "htmldocs: no warning in the series' files; $html"
