# SPDX-License-Identifier: GPL-2.0
#
# Turn the guest's results log (ttyS1) into one line per test:
#   PASS|FAIL|SKIP <prefix><program>/<test> [# reason]
# Test programs print TAP (kselftest_harness); programs that print none are
# judged by their exit code (0 pass, 4 skip as in kselftest, else fail);
# the last line such a program printed is the reason of its skip.
# Run as: awk -v prefix=qemu: -f results.awk results.log

{ sub(/\r$/, "") }

function out(st, name, why) {
	printf "%s %s%s%s\n", st, prefix, name, why != "" ? " # " why : ""
}

/^@@@ begin / { prog = $3; taps = 0; nfail = 0; last = ""; next }

/^@@@ end / {
	rc = $4; sub(/^rc=/, "", rc)
	if (!taps)
		out(rc == 0 ? "PASS" : rc == 4 ? "SKIP" : "FAIL", prog,
		    rc == 0 ? "" : rc == 4 ? last : "exit " rc)
	else if (rc != 0 && rc != 4 && !nfail)
		out("FAIL", prog, "exit " rc " after its tests")
	prog = ""; next
}

/^@@@ result / {
	why = $0; sub(/^[^#]*#? ?/, "", why); if (why == $0) why = ""
	out(toupper($4), $3, why); next
}

/^@@@ done/ { done = 1; next }

prog != "" && /^(not )?ok [0-9]+ / {
	line = $0; why = ""
	if (match(line, / # (SKIP|skip|XFAIL|TODO).*/)) {
		why = substr(line, RSTART + 3); line = substr(line, 1, RSTART - 1)
	}
	bad = line ~ /^not ok/
	sub(/^(not )?ok [0-9]+ (- )?/, "", line)
	taps++
	if (why ~ /^(SKIP|skip)/) out("SKIP", prog "/" line, why)
	else if (bad && why !~ /^(XFAIL|TODO)/) { nfail++; out("FAIL", prog "/" line, "") }
	else out("PASS", prog "/" line, "")
}

prog != "" && NF { last = $0 }

END {
	if (prog != "") out("FAIL", prog, "did not finish")
	if (!done) out("FAIL", "guest", "the guest did not finish its plan")
}
