#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the uAPI headers of the series and compile each one the series
# changes (and linux/vfio.h always) the way usr/include/Makefile tests them:
# alone, as C90, with implicit declarations an error.
#
#   TIP=COMMIT  check COMMIT instead of series; it must be what $TREE has
#               checked out (check-gates.sh checks its known-bad commit)
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

out=$BUILD/out/uapi
tip=${TIP:-series}
need rsync gcc
make -s -C "$TREE" O="$out" ARCH=x86_64 headers_install
headers=$( (echo linux/vfio.h
	git -C "$TREE" diff --name-only base "$tip" -- include/uapi |
		sed 's,^include/uapi/,,') | grep '\.h$' | sort -u)
# -I, as usr/include/Makefile does: in a header found through -isystem, gcc
# lets C90 violations such as // comments pass.
for h in $headers; do
	echo "compiling $h"
	echo "#include <$h>" | gcc -std=c90 -Wall -Werror \
		-Werror=implicit-function-declaration -fsyntax-only \
		-I "$out/usr/include" -x c -
done
