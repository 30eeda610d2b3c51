#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# samples/livepatch/livepatch-annotated-sample.ko: its new cmdline_proc_show()
# reads the unexported saved_command_line and saved_command_line_len and
# calls the unexported nr_processes(), all converted by klp-convert into
# .klp.rela.vmlinux relocations. /proc/cmdline must show the real command
# line and its real length: a wrong or unapplied relocation shows garbage
# (or crashes the guest).

# shellcheck source=/dev/null  # functions.sh comes from the kernel tree
. "$(dirname "$0")/functions.sh"

MOD_LIVEPATCH=livepatch_annotated_sample

shown=""
show_cmdline() {
	local line
	line=$(cat /proc/cmdline)
	shown+="/proc/cmdline: $line"$'\n'
	# The process count varies: keep it out of the compared dmesg line.
	log "livepatch: cmdline: $(sed 's/, [0-9]* processes]$/, N processes]/' /proc/cmdline)"
	if [[ "$line" =~ ,\ ([0-9]+)\ processes\]$ ]] && [ "${BASH_REMATCH[1]}" -lt 1 ]; then
		log "livepatch: cmdline: nr_processes() returned ${BASH_REMATCH[1]}"
	fi
}

setup_config

start_test "livepatch-annotated-sample uses unexported vmlinux symbols"
orig=$(cat /proc/cmdline)
show_cmdline
load_lp $MOD_LIVEPATCH
show_cmdline
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
show_cmdline

check_result "livepatch: cmdline: $orig
livepatch: enabling patch '$MOD_LIVEPATCH'
livepatch: '$MOD_LIVEPATCH': initializing patching transition
livepatch: '$MOD_LIVEPATCH': starting patching transition
livepatch: '$MOD_LIVEPATCH': completing patching transition
livepatch: '$MOD_LIVEPATCH': patching complete
livepatch: cmdline: $orig [livepatched: ${#orig} bytes, N processes]
livepatch: '$MOD_LIVEPATCH': initializing unpatching transition
livepatch: '$MOD_LIVEPATCH': starting unpatching transition
livepatch: '$MOD_LIVEPATCH': completing unpatching transition
livepatch: '$MOD_LIVEPATCH': unpatching complete
livepatch: cmdline: $orig"

printf '%s' "$shown"
exit 0
