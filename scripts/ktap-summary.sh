#!/usr/bin/env bash
# Summarise the KTAP version 1 output in a serial log. Usage:
#   scripts/ktap-summary.sh LOG NAME
# Prints failing cases with their diagnostics and a line
# "NAME: N passed, M failed". A suite whose plan promised more cases than
# it reported (the kernel died mid-suite), or a missing plan, counts as a
# failure. Exits 0 only if everything passed.
set -euo pipefail
log=$1 name=$2
awk -v name="$name" '
	{ sub(/\r$/, "") }
	/^KTAP version 1$/ { ktap = 1 }
	ktap && /^1\.\.[0-9]+$/ { split($0, p, ".."); plan = p[2] }
	/^    1\.\.[0-9]+$/ { split($0, p, ".."); cases_planned += p[2] }
	/^        # / { diag = diag "\n" $0 }
	/^    ok [0-9]+ / { pass++; cases_seen++; diag = "" }
	/^    not ok [0-9]+ / { fail++; cases_seen++; print name ": " $0 diag; diag = "" }
	/^(not )?ok [0-9]+ / { suites++ }
	/^# ktest: crashed in case/ { print name ": " $0 }
	END {
		if (!ktap) { print name ": no KTAP output"; fail++ }
		else if (pass + fail == 0) { print name ": no test case ran"; fail++ }
		else if (suites < plan || cases_seen < cases_planned) {
			print name ": incomplete: " suites "/" plan " suites, " \
			      cases_seen "/" cases_planned " cases reported"
			fail += (cases_planned - cases_seen) > 0 ? cases_planned - cases_seen : 1
		}
		printf "%s: %d passed, %d failed\n", name, pass, fail
		exit fail > 0
	}' "$log"
