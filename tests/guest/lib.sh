#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers of our guest tests, on top of the upstream selftests' functions.sh
# (sourced first by the test).

# The livepatch core's messages when patch $1 is enabled, or disabled.
klp_enable_msgs() {
	printf '%s\n' "livepatch: enabling patch '$1'" \
		"livepatch: '$1': initializing patching transition" \
		"livepatch: '$1': starting patching transition" \
		"livepatch: '$1': completing patching transition" \
		"livepatch: '$1': patching complete"
}
klp_disable_msgs() {
	printf '%s\n' "livepatch: '$1': initializing unpatching transition" \
		"livepatch: '$1': starting unpatching transition" \
		"livepatch: '$1': completing unpatching transition" \
		"livepatch: '$1': unpatching complete"
}

# Log what /proc/cmdline reads to dmesg, for check_result(), with the sed
# expression $CMDLINE_FILTER (if set) applied to the logged copy; keep the
# raw line for show_cmdlines.
cmdlines=""
log_cmdline() {
	local line
	line=$(cat /proc/cmdline)
	cmdlines+="/proc/cmdline: $line"$'\n'
	log "livepatch: cmdline: $(sed "${CMDLINE_FILTER:-}" <<< "$line")"
}
show_cmdlines() {
	printf '%s' "$cmdlines"
}
