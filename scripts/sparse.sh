#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the directory of a sparse that the kernel accepts, for PATH.
#
# The kernel runs sparse for C=1/C=2 only if scripts/checker-valid.sh passes,
# and otherwise prints a make warning and checks nothing. Bookworm's sparse
# 0.6.4 fails it (no __typeof_unqual__). Then build sparse from Debian's
# newer source package, pinned below, into the cache: the orig tarball of
# the source package, checked against its SHA-256, built with make alone.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

SPARSE_SUITE=sid
SPARSE_VERSION=0.6.5~rc1-2
SPARSE_ORIG=sparse_0.6.5~rc1.orig.tar.gz
SPARSE_ORIG_SHA256=3ac8855ec7f3ab92f325be0f64347ccc2b10f8b4d7c2906783ee8e2bdab3f0de

# The kernel's own test, on a copy of its input: does sparse in $1 work?
valid() {
	local dir=$1 tmp out
	[ -x "$dir/sparse" ] || return 1
	tmp=$(mktemp --suffix=.c)
	cat >"$tmp" <<'EOF'
static inline int u(const int *q)
{
	__typeof_unqual__(*q) v = *q;
	return v;
}
EOF
	out=$("$dir/sparse" "$tmp" 2>&1 || true)
	rm -f "$tmp"
	! printf '%s\n' "$out" | grep -q error
}

system=$(dirname "$(command -v sparse 2>/dev/null || echo /nonexistent/sparse)")
if valid "$system"; then
	echo "$system"
	exit 0
fi

dir=$CACHE/sparse-$SPARSE_VERSION
if valid "$dir"; then
	echo "$dir"
	exit 0
fi

need apt-get make gcc tar
log "sparse in $system fails the kernel's checker test: building Debian's sparse $SPARSE_VERSION"
apt_dir=$CACHE/apt-src
src=$CACHE/src
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$src"
uri=${DEBIAN_MIRROR:-$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null |
	awk '$1 !~ /security/ && $1 ~ /\/debian\/?$/ { print $1; exit }')}
[ -n "$uri" ] || die "no Debian archive in this machine's apt sources; set DEBIAN_MIRROR=<uri>"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $SPARSE_SUITE main" \
	>"$apt_dir/sources.list"
apt_src() {
	apt-get -q -o Dir::Etc::SourceList="$apt_dir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$apt_dir/lists" \
		-o Dir::Cache="$apt_dir/cache" \
		-o APT::Sandbox::User=root "$@"
}
orig=$src/$SPARSE_ORIG
if [ ! -f "$orig" ]; then
	apt_src update >&2 || warn "apt-get update of $SPARSE_SUITE sources reported errors"
	if ! (cd "$src" && apt_src source --download-only "sparse=$SPARSE_VERSION" >&2); then
		# The pinned version left the suite: take its newest, loudly.
		warn "sparse $SPARSE_VERSION is gone from $SPARSE_SUITE: using its newest sparse"
		(cd "$src" && apt_src source --download-only sparse >&2) ||
			die "could not download a sparse source package from $SPARSE_SUITE"
		orig=$(ls "$src"/sparse_*.orig.tar.gz | sort -V | tail -n 1)
		SPARSE_ORIG_SHA256=$(sha256sum <"$orig" | cut -d' ' -f1)
	fi
fi
[ "$(sha256sum <"$orig" | cut -d' ' -f1)" = "$SPARSE_ORIG_SHA256" ] ||
	die "$orig does not have the pinned SHA-256"

rm -rf "$dir.build"
mkdir -p "$dir.build"
tar -xzf "$orig" -C "$dir.build" --strip-components=1
make -C "$dir.build" -j"$JOBS" HAVE_LLVM=no HAVE_GTK=no HAVE_SQLITE=no \
	HAVE_LIBXML=no sparse >"$dir.build/build.log" 2>&1 ||
	die "building sparse failed: see $dir.build/build.log"
mkdir -p "$dir"
cp "$dir.build/sparse" "$dir/"
rm -rf "$dir.build"
valid "$dir" || die "the sparse built in $dir fails the kernel's checker test"
echo "$dir"
