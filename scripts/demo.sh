#!/bin/bash
# make demo: build the patched kernel, boot it and show a livepatch at work.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/build-kernel.sh"
echo
echo "== booting the kernel and loading livepatch-sample =="
"$TOP/scripts/run-guest.sh" test-sample.sh
grep -E '^(/proc/cmdline|TEST):' "$BUILD/guest-$KCONFIG_NAME/serial.log.txt"
