# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the harness scripts. Sourced, never run.

# The pinned base: Debian's linux-source-7.3 (see README.md, "The base").
BASE_PKG=linux-source-7.3
BASE_VERSION=7.3.4-1~bpo13+1
BASE_SUITE=trixie-backports
BASE_DEB_SHA256=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
BASE_TAR_SHA256=76df1affb19f24926949369be1d74b60071c963c598ce8780bddd4bbf0fc3bc4

# The one identity every patch carries (From: and Signed-off-by:). A real
# submitter re-signs the queue with: make resign IDENTITY="Name <mail>".
IDENTITY=${IDENTITY:-"vfio-dmabuf-mmap series <series@vfio-dmabuf-mmap.invalid>"}

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-dmabuf-mmap}
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}
JOBS=${JOBS:-$(nproc)}

# ccache would key every compile on the clone's absolute path (the -I and
# -include arguments, kbuild's -fmacro-prefix-map, the working directory), so
# each fresh clone, as in CI, would build cold. Relative to the clone the
# commands are the same in every clone; the prefix map only strips the tree's
# path from __FILE__, which then no longer depends on where the clone is.
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
export CCACHE_IGNOREOPTIONS="-fmacro-prefix-map=*"

# Fixed metadata for the imported base commit, so its hash is the same on
# every machine that imports the same tarball.
BASE_DATE="2026-01-01T00:00:00+0000"
BASE_AUTHOR_NAME="Linux kernel base import"
BASE_AUTHOR_EMAIL="base@vfio-dmabuf-mmap.invalid"

log() { printf '>>> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

need() {
	local t
	for t; do
		command -v "$t" >/dev/null 2>&1 ||
			die "'$t' is missing: run 'make deps' (or install it) first"
	done
}

# Debian archive URI as this machine's apt already knows it; no host is
# hard-coded here. Overridable for machines whose sources name only mirrors
# without the backports suites. Without a trailing slash: apt does not mind,
# but deb.debian.org answers 400 to the "debian//dists" that curl would ask.
mirror() {
	[ -n "${DEBIAN_MIRROR:-}" ] && { echo "${DEBIAN_MIRROR%/}"; return; }
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 !~ /security/ && $1 ~ /\/debian\/?$/ { sub(/\/$/, "", $1); print $1; exit }'
}

# apt with a configuration of its own under $apt_dir (sources.list, lists,
# cache), so that a suite this machine does not list can be fetched from
# without touching its apt state: apt_private apt-get update, ...
apt_private() {
	local tool=$1
	shift
	"$tool" -q -o Dir::Etc::SourceList="$apt_dir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$apt_dir/lists" \
		-o Dir::Cache="$apt_dir/cache" \
		-o APT::Sandbox::User=root "$@"
}

identity_name() { printf '%s\n' "${IDENTITY% <*}"; }
identity_email() { local e=${IDENTITY##*<}; printf '%s\n' "${e%>}"; }

# git in the kernel work tree, as the series identity.
tgit() {
	git -C "$TREE" -c user.name="$(identity_name)" \
		-c user.email="$(identity_email)" "$@"
}

# Minutes and seconds since $1 (a date +%s).
since() {
	local s=$(($(date +%s) - $1))
	printf '%d:%02d\n' $((s / 60)) $((s % 60))
}

# Where a live progress line goes: $PROGRESS (make check sets /dev/tty when
# its output is a terminal), else standard output if it is a terminal;
# nowhere when neither is. Decided here, as $(...) has a pipe for stdout.
if [ -n "${PROGRESS:-}" ]; then
	progress_tty=$PROGRESS
	{ : >"$progress_tty"; } 2>/dev/null || progress_tty=
elif [ -t 1 ]; then
	progress_tty=/dev/stdout
else
	progress_tty=
fi

# watch_build LOG TOTAL LABEL: until killed, one line on the progress
# terminal, rewritten every two seconds: the objects LOG shows compiled of
# about TOTAL, and the time so far. Run in the background.
watch_build() {
	local blog=$1 total=$2 label=$3 tty=$progress_tty t0 n
	[ -n "$tty" ] || return 0
	t0=$(date +%s)
	while :; do
		n=$(grep -c -E '^  (CC|CC \[M\]|AS) ' "$blog" 2>/dev/null || true)
		printf '\r    %s: %s of about %s objects, %s ' \
			"$label" "${n:-0}" "$total" "$(since "$t0")" 2>/dev/null >"$tty" ||
			return 0
		sleep 2
	done
}
