#!/bin/bash
# Boot the test kernel under QEMU (TCG) with the test payload and turn the
# guest's verdict lines into "PASS: guest: ..." / "FAIL: guest: ..." lines.
# A panic, oops, hang or missing final verdict is a failure and shows the
# tail of the serial log.
#
# usage: run-guest.sh [test-script ...]   (default: tests/guest/tests.list)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# shellcheck source=../tests/lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
# shellcheck source=../tests/lib/reuse.sh
. "$TOP/tests/lib/reuse.sh"
# shellcheck source=../tests/lib/keys.sh
. "$TOP/tests/lib/keys.sh"
VERDICT_PREFIX="guest: "

gdir=${GUEST_DIR:-$BUILD/guest-$KCONFIG_NAME}
payload=$gdir/payload
serial=$gdir/serial.log
kimage=$KOBJ/$KIMAGE_FILE
st=$KSRC/tools/testing/selftests/livepatch
[ -f "$kimage" ] || die "no kernel at $kimage: run scripts/build-kernel.sh"
# Another architecture's guest (config/<name>.env): its compiler and QEMU.
[ -z "$GUEST_PACKAGE_SET" ] || "$TOP/scripts/deps.sh" kernel "$GUEST_PACKAGE_SET"

rm -rf "$payload"
mkdir -p "$payload/test_modules"
cp "$st"/functions.sh "$st"/test-*.sh "$payload/"
"$GUEST_CC" -static -O2 -o "$payload/test_klp-call_getpid" "$st/test_klp-call_getpid.c"
# In-tree modules as installed (stripped), external ones as built.
# guest-modules-b has modules named like others (variant B of
# test-klp-verify.sh's target): they go to test_modules/b/.
find "$MODS" "$MODINST" -path "$MODS/guest-modules-b" -prune -o \
	-name '*.ko' -print0 2>/dev/null |
while IFS= read -r -d '' ko; do
	# Scripts name a module file by its kernel name (test_modules/<mod>.ko).
	name=${ko##*/}
	cp "$ko" "$payload/test_modules/${name//-/_}"
done
mkdir -p "$payload/test_modules/b"
cp "$MODS"/guest-modules-b/*.ko "$payload/test_modules/b/"
for f in "$TOP"/tests/guest/*.sh; do
	case ${f##*/} in
	# the runner goes last; verify-check.sh runs on the host
	run-tests.sh|verify-check.sh) ;;
	*) cp "$f" "$payload/" ;;
	esac
done
cp "$TOP/tests/guest/run-tests.sh" "$payload/"
if [ $# -gt 0 ]; then
	printf '%s\n' "$@" > "$payload/tests.list"
else
	grep -v '^#' "$TOP/tests/guest/tests.list" > "$payload/tests.list"
fi

"$TOP/scripts/mkinitramfs.sh" "$gdir/initramfs.cpio.gz" "$payload"

cpus=1
grep -q '^CONFIG_SMP=y' "$KOBJ/.config" && cpus=2
qemu_cmd=("$QEMU" "${QEMU_ARGS[@]}" -m 512M -smp "$cpus"
	-nographic -no-reboot -serial stdio -monitor none -display none
	-kernel "$kimage" -initrd "$gdir/initramfs.cpio.gz"
	-append "console=$GUEST_CONSOLE panic=-1 oops=panic loglevel=4${GUEST_APPEND:+ $GUEST_APPEND}")

# The same kernel image, initramfs (its bytes are a function of its
# content, scripts/mkinitramfs.sh), QEMU and command line boot the same
# guest: the serial log of the last run that passed stands for this one
# (tests/lib/reuse.sh; CHECK_REUSE=0 boots anyway). What the verdicts are
# made of is read from that log below either way.
key=$(key_guest "$kimage" "$gdir/initramfs.cpio.gz" "${qemu_cmd[@]}")
stamp=$gdir/reuse.key
rc=0
if [ -s "$serial" ] && reuse_hit "$stamp" "$key"; then
	log "guest: the same kernel, initramfs and QEMU command passed before: its serial log reused (CHECK_REUSE=0 boots it)"
else
	reuse_ran "$stamp"
	log "booting $(cat "$KOBJ/include/config/kernel.release") under QEMU (TCG)"
	start=$(date +%s)
	timeout "${GUEST_TIMEOUT:-900}" "${qemu_cmd[@]}" \
		< /dev/null > "$serial" 2>&1 || rc=$?
	log "guest ran $(( $(date +%s) - start ))s (qemu status $rc)"
fi

tr -d '\r' < "$serial" > "$serial.txt"
while IFS= read -r line; do
	case "$line" in
	"KLPTEST: PASS "*) pass "${line#KLPTEST: PASS }" ;;
	"KLPTEST: FAIL "*) fail "${line#KLPTEST: FAIL }" ;;
	esac
done < "$serial.txt"

# The guest's own count must be what reached the serial log, and there
# must be a test: an empty test list or lost lines pass nothing.
done_line=$(grep -m1 '^KLPTEST: DONE' "$serial.txt" || true)
if [ -z "$done_line" ]; then
	fail "no final verdict (panic, hang or timeout; qemu status $rc)"
elif [ "$done_line" != "KLPTEST: DONE $VERDICT_PASSED passed, $VERDICT_FAILED failed" ]; then
	fail "the guest counted '${done_line#KLPTEST: DONE }', the serial log has $VERDICT_PASSED PASS and $VERDICT_FAILED FAIL lines"
elif [ $((VERDICT_PASSED + VERDICT_FAILED)) -eq 0 ]; then
	fail "no test ran ($(wc -l < "$payload/tests.list") scripts in tests.list)"
fi
crash=$(grep -m1 -E 'Kernel panic|Oops|BUG:|cut here|general protection' \
	"$serial.txt" || true)
if [ -n "$crash" ]; then
	fail "kernel reported: $crash"
fi
if ! verdict_status; then
	echo "---- tail of $serial ----"
	tail -n 60 "$serial.txt"
	echo "----"
	exit 1
fi
reuse_record "$stamp" "$key"
