#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Parse the KUnit results in a boot log with the kernel's own kunit.py and
# print one PASS/FAIL/SKIP line per test case, names prefixed with $2.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

console=$(realpath "${1:?usage: kunit-results.sh CONSOLE-LOG [PREFIX]}")
prefix=${2:-}
json=$(mktemp)
trap 'rm -f "$json"' EXIT
python3 "$TREE/tools/testing/kunit/kunit.py" parse --json="$json" "$console" \
	>"${console%.console}.kunit" 2>&1 || true
python3 - "$json" "$prefix" <<'PY'
import json, sys
prefix = sys.argv[2]
try:
    root = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print(f"FAIL {prefix}kunit # no KUnit results in the boot log")
    sys.exit(0)
def walk(group, path):
    for case in group.get("test_cases", []):
        st = {"PASS": "PASS", "SKIP": "SKIP"}.get(case["status"], "FAIL")
        print(f"{st} {prefix}kunit/{path}{case['name']}")
    for sub in group.get("sub_groups", []):
        walk(sub, f"{path}{sub['name']}/")
walk(root, "")
if not root.get("test_cases") and not root.get("sub_groups"):
    print(f"FAIL {prefix}kunit # no KUnit results in the boot log")
PY
