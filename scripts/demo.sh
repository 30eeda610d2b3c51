#!/bin/bash
# make demo: the project's main job, end to end. Build the patched kernel,
# whose build converts livepatch-annotated-sample (it uses unexported
# vmlinux symbols by name) with klp-convert; show its relocations before
# and after; boot the kernel and run it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/build-kernel.sh"

lp=$KOBJ/samples/livepatch/livepatch-annotated-sample
unexported='saved_command_line|nr_processes'
echo
echo "== Symbols.list: what klp-convert knows of these vmlinux symbols =="
grep -E "^. . ($unexported|saved_command_line_len) " "$KOBJ/Symbols.list"
echo
echo "== before klp-convert: ${lp#"$TOP"/}.tmp.ko (normal relocations the loader cannot resolve) =="
readelf -rW "$lp.tmp.ko" | grep -E "^Relocation section '.rela.text'|$unexported"
echo
echo "== after klp-convert: ${lp#"$TOP"/}.ko =="
readelf -SW "$lp.ko" | grep -E '\.klp\.|Name'
readelf -rW "$lp.ko" | grep -A4 "^Relocation section '.klp"
readelf -sW "$lp.ko" | grep -E 'Ndx Name|\.klp\.sym'
echo
echo "== booting the kernel: livepatch-sample, then livepatch-annotated-sample =="
"$TOP/scripts/run-guest.sh" test-sample.sh test-annotated-sample.sh
grep -E '^(/proc/cmdline|TEST):' "$BUILD/guest-$KCONFIG_NAME/serial.log.txt"
