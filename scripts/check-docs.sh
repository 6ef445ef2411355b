#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reStructuredText the series changes must parse without a warning.
# Sphinx (make htmldocs) is not needed for that: docutils, which Sphinx is
# built on, reports the same markup errors. Kernel-doc comments are checked
# per patch by check-patch.sh.
#
#   TIP=COMMIT  check COMMIT instead of series; it must be what $TREE has
#               checked out (check-gates.sh checks its known-bad commit)
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

tip=${TIP:-series}
need /usr/bin/python3
files=$(git -C "$TREE" diff --name-only --diff-filter=AM base "$tip" -- '*.rst')
[ -n "$files" ] || { echo "no documentation changed"; exit 0; }
for f in $files; do
	echo "checking $f"
	# The kernel's Sphinx roles (:c:func: and the like) and its kernel-doc
	# directive are Sphinx extensions that docutils does not know: they
	# are accepted as literal text and as an empty block, so that a file
	# that uses them is still checked for everything else.
	(cd "$TREE" && /usr/bin/python3 -c '
import sys, docutils.core
from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
for r in ("c:func", "c:type", "c:macro", "c:struct", "c:union", "c:enum",
	  "c:member", "c:data", "c:expr", "c:var", "ref", "doc"):
	roles.register_generic_role(r, nodes.literal)
class Ignored(Directive):
	has_content = True
	optional_arguments = 99
	final_argument_whitespace = True
	option_spec = None
	def run(self):
		return []
for d in ("kernel-doc", "kernel-feat", "kernel-abi", "c:function",
	  "c:type", "c:macro", "c:struct", "toctree"):
	directives.register_directive(d, Ignored)
src = sys.argv[1]
docutils.core.publish_doctree(open(src).read(), source_path=src,
	settings_overrides={"halt_level": 2, "report_level": 2})
' "$f") || die "$f: reStructuredText errors"
done
