#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The checks of the checks: every static gate of make check must fail on a
# known-bad change. The bad changes go on two scratch commits on top of
# series in $TREE:
#
#   build   an undeclared identifier in vfio_pci_dmabuf.c, alone: a commit
#           that does not build leaves nothing for the warning gates
#   others  one bad change for each of the other gates, as a patch from
#           another author
#
# check-patch.sh checks both, check-uapi.sh and check-docs.sh the second
# (TIP=). One line per gate, in check.sh's format:
#
#   PASS gate/NAME # BAD failed it      the gate failed, and its log holds
#                                       the finding BAD must cause
#   FAIL gate/NAME # let BAD through
#
# $TREE is left at series whatever happens; the scratch commits, never on a
# branch, are left to git gc. Logs: $BUILD/logs/steps/{gate,patch-gate}-*.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

steps=$BUILD/logs/steps
other="Another Developer <another.developer@example.invalid>"
orphan=tools/vfio/README
dmabuf=drivers/vfio/pci/vfio_pci_dmabuf.c
selftest=tools/testing/selftests/vfio/vfio_pci_dmabuf_mmap_test.c
uapi=include/uapi/linux/vfio.h
rst=Documentation/driver-api/vfio.rst

# On any exit: a line for make check if this stopped early, and $TREE back
# at series once it has been touched.
finished=
touched=
cleanup() {
	[ -n "$finished" ] || echo "FAIL gates # stopped early: see its standard error" \
		"(make check: $steps/check-gates.log)"
	[ -n "$touched" ] || return 0
	git -C "$TREE" checkout -q -f series
	rm -f "$TREE/$orphan"
	rmdir "$TREE/${orphan%/*}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
git -C "$TREE" diff --quiet HEAD || die "$TREE has uncommitted changes"
[ ! -e "$TREE/$orphan" ] || die "$TREE/$orphan exists: pick another orphan"
touched=1
mkdir -p "$steps"
rm -f "$steps"/gate-* "$steps"/patch-gate-*

# What check.sh sets up for the per-patch checks: a sparse the kernel
# accepts, and the second work tree of the warning comparisons.
PATH=$("$TOP/scripts/sparse.sh"):$PATH
if [ ! -e "$BUILD/cmp/.git" ]; then
	rm -rf "$BUILD/cmp"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$BUILD/cmp" base
fi

# edit FILE SED: apply SED to FILE in $TREE, which it must change (it no
# longer does if the series changed there).
edit() {
	local sum
	sum=$(cksum <"$TREE/$1") && sed -i "$2" "$TREE/$1" &&
		[ "$(cksum <"$TREE/$1")" != "$sum" ] && return
	die "'$2' no longer changes $1: update $0"
}

# check N COMMIT: check-patch.sh's checks of COMMIT, as patch N.
check() {
	tgit format-patch -1 --stdout "$2" >"$steps/patch$1.patch"
	"$TOP/scripts/check-patch.sh" "$2" "$steps/patch$1.patch" "$1" \
		>"$steps/patch$1.results" 2>&1 || true
}

# verdict NAME BAD RESULT LOG FINDING: the line of gate NAME, which gave
# RESULT (PASS or FAIL ...) on its bad change BAD. A failure counts only if
# RESULT or LOG has FINDING (an extended regexp).
status=0
verdict() {
	if [ "${3%% *}" != FAIL ]; then
		echo "FAIL gate/$1 # let $2 through"
		status=1
	elif { printf '%s\n' "$3"; cat "$4" 2>/dev/null; } | grep -qE -- "$5"; then
		echo "PASS gate/$1 # $2 failed it"
	else
		echo "FAIL gate/$1 # failed, but not on $2 (no '$5'): see $4"
		status=1
	fi
}

# patch_gate N NAME BAD FINDING: the verdict on check-patch.sh's NAME line.
patch_gate() {
	verdict "$2" "$3" \
		"$(grep -E "^[A-Z]+ patch$1/$2( |\$)" "$steps/patch$1.results")" \
		"$steps/patch$1-$2.log" "$4"
}

# The commit that does not build.
tgit checkout -q --detach series
edit $dmabuf 's/copy_from_user(&attr, arg,/copy_from_user(\&attrs, arg,/'
tgit commit -q -a -s -m "vfio/pci: Read the memory attribute request" \
	-m "A known-bad change of check-gates.sh: it does not build."
build=$(tgit rev-parse HEAD)

# The commit with the other bad changes, each tripping one gate only.
tgit checkout -q --detach series
# checkpatch --strict: a comparison to NULL
edit $dmabuf '/^int vfio_pci_core_feature_dma_buf_revoke(/,/^}/ s/if (!vdev->pci_ops ||/if (vdev->pci_ops == NULL ||/'
# sparse: a __user pointer passed where a kernel pointer is expected
edit $dmabuf 's/copy_from_user(&revoke, arg,/copy_from_kernel_nofault(\&revoke, arg,/'
# W=1: a variable set but never used
edit $dmabuf '/^int vfio_pci_core_feature_dma_buf_memattr(/,/^}/ s/^\tint ret;$/&\n\tu32 old_memattr;/'
edit $dmabuf '/^int vfio_pci_core_feature_dma_buf_memattr(/,/^}/ s/^\t\tret = 0;$/&\n\t\told_memattr = priv->memattr;/'
# kernel-doc: a parameter described under another name
edit $dmabuf '/^ \* vfio_pci_dma_buf_mmap_bar - /,/^ \*\// s/^ \* @vma:/ * @area:/'
# selftests (-Werror): an unused variable
edit $selftest '/^static int set_feature(/,/^}/ s/^\tint ret;$/\tint ret, saved_errno;/'
# uAPI: a C99 comment, which C90 rejects
edit $uapi '/^struct vfio_device_feature_dma_buf_revoke {$/,/^};/ s|^\t__s32\tdmabuf_fd;$|&\t// from VFIO_DEVICE_FEATURE_DMA_BUF|'
# docs: a section title longer than its underline
edit $rst 's/^Exported DMABUFs$/Exported DMABUF file descriptors/'
# maintainers: a new file that no MAINTAINERS entry covers
mkdir -p "$TREE/${orphan%/*}"
echo "Userspace tools for vfio-pci DMABUFs." >"$TREE/$orphan"
tgit add -f $orphan	# the Debian tree ignores new files
# identity: From: another author
tgit commit -q -a -s --author="$other" -m "vfio/pci: Known-bad changes" \
	-m "One for each gate of make check but the build, for check-gates.sh."
others=$(tgit rev-parse HEAD)

check -gate-build "$build"
patch_gate -gate-build build "an undeclared identifier" "attrs.*undeclared"

check -gate-others "$others"
patch_gate -gate-others identity "From: another author" "Another Developer"
patch_gate -gate-others checkpatch "a comparison to NULL" \
	"Comparison to NULL could be written"
patch_gate -gate-others maintainers "a new file outside MAINTAINERS" "$orphan"
patch_gate -gate-others selftests "an unused variable in a selftest" \
	"unused variable.*saved_errno"
patch_gate -gate-others W=1 "a variable set but not used" \
	"old_memattr.*set but not used"
patch_gate -gate-others sparse "a __user pointer passed as a kernel pointer" \
	"different address spaces"
patch_gate -gate-others kernel-doc "a kernel-doc parameter under another name" \
	"vma.*not described in.*vfio_pci_dma_buf_mmap_bar"

# check-uapi.sh and check-docs.sh read the checked out tree.
tgit checkout -q "$others"
log=$steps/gate-uapi-headers.log
TIP=$others "$TOP/scripts/check-uapi.sh" >"$log" 2>&1 && r=PASS || r=FAIL
verdict uapi-headers "a // comment in linux/vfio.h" "$r" "$log" \
	"comments are not allowed in ISO C90"
log=$steps/gate-docs.log
TIP=$others "$TOP/scripts/check-docs.sh" >"$log" 2>&1 && r=PASS || r=FAIL
verdict docs "a title underline too short" "$r" "$log" "Title underline too short"
finished=1
exit $status
