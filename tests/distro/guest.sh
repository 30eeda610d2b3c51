#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The distro test in the guest (Debian's own kernel, packed as
# /klp/run-tests.sh by tests/distro/check.sh; tests/guest/init runs it):
# the livepatch converted against Debian's kernel must bind every
# livepatch symbol to the symbol at its position, as /proc/kallsyms lists
# them (the k-th line of that name in that object), and replace the
# functions it patches:
#
#   pass 1  minix loaded before the livepatch
#   pass 2  the livepatch loaded first, minix after it (late module patching)
#
# Prints "KLPTEST: PASS|FAIL <name>" lines and "KLPTEST: DONE <n> passed,
# <n> failed" last, like tests/guest/run-tests.sh.
set -u
lp=/klp/livepatch-distro.ko
lpname=livepatch_distro
minix=$(echo /klp/minix.ko*)
sysfs=/sys/kernel/livepatch/$lpname
marker="this has been live patched by klp_distro"
passed=0
failed=0

pass() { echo "KLPTEST: PASS distro: $*"; passed=$((passed + 1)); }
fail() { echo "KLPTEST: FAIL distro: $*"; failed=$((failed + 1)); }
# progress, with the guest's uptime
step() { echo "KLPDISTRO: [$(cut -d' ' -f1 /proc/uptime)] $*"; }

# The address of the <k>-th /proc/kallsyms line named <name> in <object>
# (vmlinux: lines without a module), from /tmp/kallsyms (check_addresses).
kallsyms_addr() {	# <object> <name> <k>
	if [ "$1" = vmlinux ]; then
		awk -v n="$2" -v k="$3" 'NF == 3 && $3 == n && ++c == k { print $1; exit }' /tmp/kallsyms
	else
		awk -v n="$2" -v m="[$1]" -v k="$3" 'NF == 4 && $3 == n && $4 == m && ++c == k { print $1; exit }' /tmp/kallsyms
	fi
}
kallsyms_count() {	# <object> <name>
	if [ "$1" = vmlinux ]; then
		awk -v n="$2" 'NF == 3 && $3 == n { c++ } END { print c + 0 }' /tmp/kallsyms
	else
		awk -v n="$2" -v m="[$1]" 'NF == 4 && $3 == n && $4 == m { c++ } END { print c + 0 }' /tmp/kallsyms
	fi
}

# The livepatch printed "klp_distro: <object> <name>,<k> <address>"; it must
# be the k-th line of kallsyms, and both lines of a pair must exist.
check_addresses() {	# <pass> <object> <name>
	local p=$1 obj=$2 name=$3 k got want count
	# one read of /proc/kallsyms (slow under TCG), kept in order
	grep -F " $name" /proc/kallsyms > /tmp/kallsyms
	count=$(kallsyms_count "$obj" "$name")
	if [ "$count" != 2 ]; then
		fail "$p: $obj has $count symbols '$name' in /proc/kallsyms, expected 2"
		return
	fi
	for k in 1 2; do
		got=$(dmesg | sed -n "s/.*klp_distro: $obj $name,$k \([0-9a-f]*\)$/\1/p" | tail -1)
		want=$(kallsyms_addr "$obj" "$name" "$k")
		if [ -z "$got" ]; then
			fail "$p: $obj $name,$k: the livepatch reported no address"
		elif [ "$got" != "$want" ]; then
			fail "$p: $obj $name,$k: the livepatch got $got, line $k of '$name' in /proc/kallsyms is $want"
		else
			pass "$p: $obj $name,$k is line $k of /proc/kallsyms ($got)"
		fi
	done
}

# A plain name (resolved among the patched objects): the only line of
# that name in that object.
check_plain() {	# <pass> <object> <name>
	local p=$1 obj=$2 name=$3 got want
	grep -F " $name" /proc/kallsyms > /tmp/kallsyms
	got=$(dmesg | sed -n "s/.*klp_distro: $obj $name \([0-9a-f]*\)$/\1/p" | tail -1)
	want=$(kallsyms_addr "$obj" "$name" 1)
	if [ "$(kallsyms_count "$obj" "$name")" != 1 ]; then
		fail "$p: $obj has $(kallsyms_count "$obj" "$name") symbols '$name', expected 1"
	elif [ -z "$got" ] || [ "$got" != "$want" ]; then
		fail "$p: $obj $name: the livepatch got ${got:-nothing}, /proc/kallsyms has $want"
	else
		pass "$p: $obj $name (a plain name) is its /proc/kallsyms line ($got)"
	fi
}

# until the transition ends (a disabled patch's directory goes away)
wait_transition() {
	local _ t
	for _ in $(seq 1 300); do
		[ -d "$sysfs" ] || return 0
		read -r t < "$sysfs/transition" 2>/dev/null && [ "$t" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}

# the livepatch's replacement of minix_init_fs_context() (minix_mount() before 6.9) runs when a minix
# mount starts (it fails: /dev/null is no minix file system)
trigger_minix() {
	mkdir -p /mnt
	mount -t minix /dev/null /mnt 2>/dev/null && umount /mnt
	true
}

load_patch() {	# <pass>
	step "$1: insmod $lp"
	if ! out=$(insmod "$lp" 2>&1); then
		fail "$1: insmod $lp: $out; $(dmesg | grep -E 'livepatch|klp_distro' | tail -3 | tr '\n' ' ')"
		return 1
	fi
	if ! wait_transition || [ "$(cat "$sysfs/enabled")" != 1 ]; then
		fail "$1: the patch did not finish its transition"
		return 1
	fi
	pass "$1: livepatch loaded and enabled"
}

unload_patch() {	# <pass>
	step "$1: disabling the patch"
	echo 0 > "$sysfs/enabled" && wait_transition
	step "$1: rmmod $lpname"
	if ! rmmod "$lpname"; then
		fail "$1: rmmod $lpname"
		return 1
	fi
	if [ "$(cat /proc/cmdline)" = "$marker" ]; then
		fail "$1: /proc/cmdline still patched after the patch was removed"
	else
		pass "$1: patch disabled and removed, /proc/cmdline restored"
	fi
}

check_patched() {	# <pass>
	local c m
	c=$(cat /proc/cmdline)
	if [ "$c" = "$marker" ]; then
		pass "$1: cmdline_proc_show replaced"
	else
		fail "$1: /proc/cmdline reads '$c'"
	fi
	m=$(cat "$sysfs/minix/patched" 2>/dev/null)
	if [ "$m" = 1 ]; then
		pass "$1: minix patched"
	else
		fail "$1: $sysfs/minix/patched is '${m:-missing}'"
	fi
	dmesg -c > /dev/null
	step "$1: mount -t minix"
	trigger_minix
	if dmesg | grep -q 'klp_distro: minix pointers_lock,1 '; then
		pass "$1: minix mount function replaced"
	else
		fail "$1: a minix mount did not run the livepatch's minix mount function"
	fi
	check_addresses "$1" minix pointers_lock
	check_plain "$1" minix dir_commit_chunk
}

echo "KLPDISTRO: kernel $(uname -r), cmdline $(cat /proc/cmdline)"
# KASLR: Debian's kernel is linked at 0xffffffff81000000
text=$(awk '$3 == "_text" { print $1; exit }' /proc/kallsyms)
if [ -n "$text" ] && [ "$text" != ffffffff81000000 ]; then
	pass "KASLR on (_text at $text)"
else
	fail "KASLR: _text at ${text:-?}, expected a randomized address"
fi

# pass 1: minix first
dmesg -c > /dev/null
p="module before patch"
if out=$(insmod "$minix" 2>&1); then
	pass "$p: Debian's minix loaded"
	# as packaged: Debian's signature is valid (no taint E)
	t=$(cat /sys/module/minix/taint 2>/dev/null)
	case $t in
	*E*) fail "$p: minix taints the kernel ('$t'): its signature did not verify" ;;
	*) pass "$p: minix's signature verified (taint '$t')" ;;
	esac
	if load_patch "$p"; then
		check_addresses "$p" vmlinux debugfs_root
		check_patched "$p"
		# for klp-convert verify on the host: the patch and minix live
		step "$p: dumping /proc/kallsyms"
		cp /proc/kallsyms /tmp/kallsyms.all
		echo
		echo "KLPDISTRO-KALLSYMS-BEGIN"
		gzip -c /tmp/kallsyms.all | base64
		echo "KLPDISTRO-KALLSYMS-END $(wc -l < /tmp/kallsyms.all) lines"
		unload_patch "$p"
	fi
	rmmod minix || fail "$p: rmmod minix"
else
	fail "$p: insmod $minix: $out"
fi

# pass 2: the patch first, minix after it
dmesg -c > /dev/null
p="module after patch"
if load_patch "$p"; then
	check_addresses "$p" vmlinux debugfs_root
	m=$(cat "$sysfs/minix/patched" 2>/dev/null)
	if [ "$m" = 0 ]; then
		pass "$p: minix not patched before it loads"
	else
		fail "$p: $sysfs/minix/patched is '${m:-missing}' before minix is loaded, expected 0"
	fi
	step "$p: insmod $minix"
	if out=$(insmod "$minix" 2>&1); then
		pass "$p: Debian's minix loaded after the patch"
		check_patched "$p"
	else
		fail "$p: insmod $minix: $out; $(dmesg | grep -E 'livepatch|klp_distro' | tail -3 | tr '\n' ' ')"
	fi
	unload_patch "$p"
	rmmod minix 2>/dev/null
fi

step "all passes run"
echo "KLPTEST: DONE $passed passed, $failed failed"
