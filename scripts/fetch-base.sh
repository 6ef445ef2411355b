#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the pinned base available as a git commit and print "<repo> <commit>".
#
#   KSRC=<kernel git tree>   use that tree's HEAD as the base (no download)
#   BASE_TARBALL=<file>      import this linux-source tarball instead
#   (default)                download Debian's linux-source-7.3 with apt
#
# The download and the imported repository are cached under $CACHE, so a
# second run costs nothing. Nothing in the system's apt configuration changes:
# apt runs with a private sources list, list directory and cache.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

if [ -n "${KSRC:-}" ]; then
	[ -f "$KSRC/Makefile" ] && [ -f "$KSRC/scripts/checkpatch.pl" ] &&
		[ -d "$KSRC/drivers/vfio/pci" ] ||
		die "KSRC=$KSRC is not a Linux kernel source tree"
	commit=$(git -C "$KSRC" rev-parse --verify -q HEAD^{commit}) ||
		die "KSRC=$KSRC is not a git repository with a commit"
	ver=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p' "$KSRC/Makefile" | paste -sd.)
	[ "$ver" = 7.3 ] || warn "KSRC=$KSRC is Linux $ver, not 7.3: the series may not apply"
	echo "$KSRC $commit"
	exit 0
fi

apt_dir=$CACHE/apt
debs=$CACHE/debs
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$debs"


sha_of() { sha256sum "$1" | cut -d' ' -f1; }

download_deb() {
	local uri keyring=/usr/share/keyrings/debian-archive-keyring.gpg ver
	need apt-get dpkg-deb
	uri=$(mirror)
	[ -n "$uri" ] || die "no Debian archive in this machine's apt sources; set DEBIAN_MIRROR=<uri>"
	[ -f "$keyring" ] || die "$keyring missing: install debian-archive-keyring"
	echo "deb [signed-by=$keyring] $uri $BASE_SUITE main" >"$apt_dir/sources.list"
	log "apt update ($BASE_SUITE, private configuration)"
	apt_private apt-get update >&2 || die "apt-get update of $BASE_SUITE failed"
	ver=$BASE_VERSION
	if ! apt_private apt-cache show "$BASE_PKG=$ver" >/dev/null 2>&1; then
		ver=$(apt_private apt-cache madison "$BASE_PKG" | awk '{ print $3; exit }')
		[ -n "$ver" ] || die "$BASE_PKG is not in $BASE_SUITE at all"
		warn "*****************************************************************"
		warn "$BASE_PKG=$BASE_VERSION is gone from the archive."
		warn "Falling back to the newest, $BASE_PKG=$ver: its checksums are"
		warn "not pinned and the series may not apply. Set KSRC= or BASE_TARBALL="
		warn "to use a tree or tarball of your own."
		warn "*****************************************************************"
	fi
	(cd "$debs" && apt_private apt-get download "$BASE_PKG=$ver" >&2) ||
		die "download of $BASE_PKG=$ver failed"
	echo "$ver"
}

# Returns the path of the verified tarball.
base_tarball() {
	local deb ver sum tar
	if [ -n "${BASE_TARBALL:-}" ]; then
		[ -f "$BASE_TARBALL" ] || die "BASE_TARBALL=$BASE_TARBALL does not exist"
		echo "$BASE_TARBALL"
		return
	fi
	tar=$CACHE/$BASE_PKG-$BASE_VERSION.tar.xz
	if [ -f "$tar" ] && [ "$(sha_of "$tar")" = "$BASE_TAR_SHA256" ]; then
		echo "$tar"
		return
	fi
	deb=$(ls "$debs"/"$BASE_PKG"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		ver=$(download_deb)
		deb=$(ls "$debs"/"$BASE_PKG"_*.deb | head -n1)
	else
		ver=$(dpkg-deb -f "$deb" Version)
	fi
	sum=$(sha_of "$deb")
	if [ "$ver" = "$BASE_VERSION" ]; then
		if [ "$sum" != "$BASE_DEB_SHA256" ]; then
			rm -f "$deb"
			die "checksum mismatch for $deb: got $sum, want $BASE_DEB_SHA256 (removed; run again)"
		fi
	else
		warn "unpinned $deb: sha256 $sum"
		tar=$CACHE/$BASE_PKG-$ver.tar.xz
	fi
	log "extracting the source tarball from $(basename "$deb") (seconds)"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards "./usr/src/$BASE_PKG.tar.xz" >"$tar.tmp" ||
		die "$deb holds no usr/src/$BASE_PKG.tar.xz"
	sum=$(sha_of "$tar.tmp")
	if [ "$ver" = "$BASE_VERSION" ] && [ "$sum" != "$BASE_TAR_SHA256" ]; then
		rm -f "$tar.tmp"
		die "checksum mismatch for $BASE_PKG.tar.xz: got $sum, want $BASE_TAR_SHA256"
	fi
	mv "$tar.tmp" "$tar"
	echo "$tar"
}

# Import a tarball as one commit with fixed metadata: the same tarball gives
# the same commit hash everywhere.
import_tarball() {
	local tar=$1 repo=$2 unpack=$2.unpack
	log "importing $(basename "$tar") into $repo (about a minute, once)"
	rm -rf "$repo" "$unpack"
	mkdir -p "$unpack"
	tar -xJf "$tar" -C "$unpack" --strip-components=1
	[ -f "$unpack/Makefile" ] || die "$tar does not look like a kernel source tarball"
	git init -q --bare "$repo"
	# Debian's .gitignore ignores every top-level path: add with -f.
	git --git-dir="$repo" --work-tree="$unpack" -c core.autocrlf=false add -f -A .
	tree=$(git --git-dir="$repo" write-tree)
	commit=$(GIT_AUTHOR_NAME=$BASE_AUTHOR_NAME GIT_AUTHOR_EMAIL=$BASE_AUTHOR_EMAIL \
		GIT_COMMITTER_NAME=$BASE_AUTHOR_NAME GIT_COMMITTER_EMAIL=$BASE_AUTHOR_EMAIL \
		GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		git --git-dir="$repo" commit-tree "$tree" \
		-m "Linux base: $(basename "$tar")")
	git --git-dir="$repo" update-ref refs/heads/base "$commit"
	git --git-dir="$repo" symbolic-ref HEAD refs/heads/base
	rm -rf "$unpack"
}

need git tar xz sha256sum
mkdir -p "$CACHE"
tar=$(base_tarball)
repo=$CACHE/base-$(sha_of "$tar" | cut -c1-12).git
if ! git --git-dir="$repo" rev-parse -q --verify refs/heads/base >/dev/null 2>&1; then
	import_tarball "$tar" "$repo"
fi
echo "$repo $(git --git-dir="$repo" rev-parse refs/heads/base)"
