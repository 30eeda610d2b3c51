#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What every host test script (tests/host/*.sh) does the same way; sourced
# by tests/host/modes.sh, with $out (the output directory) and $mode set.
#
#   host_work <name>            a fresh $out/<name>-$mode, made the working
#                               directory ($work)
#   expect_status <status> <name> <command>...
#                               run the command, its stdout in <name>.out and
#                               stderr in <name>.err; die unless it exits
#                               with <status>
# shellcheck disable=SC2034   # work: used by the scripts sourcing this

host_work() {	# <name>
	work=${out:?host_work: set out}/$1-${mode:?host_work: set mode}
	rm -rf "$work"
	mkdir -p "$work"
	cd "$work" || exit
}

expect_status() {	# <status> <name> <command>...
	local want=$1 name=$2 rc=0
	shift 2
	"$@" >"$name.out" 2>"$name.err" || rc=$?
	[ "$rc" -eq "$want" ] ||
		die "$name: exit status $rc, expected $want: $(head -3 "$name.err")"
}
