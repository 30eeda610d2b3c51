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
# shellcheck source=tests/guest/lib.sh
. "$(dirname "$0")/lib.sh"

MOD_LIVEPATCH=livepatch_annotated_sample

# The process count varies: keep it out of the compared dmesg line, but
# check that nr_processes() returned a positive number.
CMDLINE_FILTER='s/, [1-9][0-9]* processes]$/, N processes]/'

setup_config

start_test "livepatch-annotated-sample uses unexported vmlinux symbols"
orig=$(cat /proc/cmdline)
log_cmdline
load_lp $MOD_LIVEPATCH
log_cmdline
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
log_cmdline

check_result "livepatch: cmdline: $orig
$(klp_enable_msgs $MOD_LIVEPATCH)
livepatch: cmdline: $orig [livepatched: ${#orig} bytes, N processes]
$(klp_disable_msgs $MOD_LIVEPATCH)
livepatch: cmdline: $orig"

show_cmdlines
exit 0
