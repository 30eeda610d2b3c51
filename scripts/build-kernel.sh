#!/bin/bash
# Configure and build the test kernel out of tree (O=), then the external
# (M=) livepatch selftest modules against it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# A cross build (config/<name>.env) installs its compilers first.
[ -z "$GUEST_PACKAGE_SET" ] || "$TOP/scripts/deps.sh" kernel "$GUEST_PACKAGE_SET"
"$TOP/scripts/prepare-kernel.sh"

fragment=$TOP/config/$KCONFIG_NAME.config
[ -f "$fragment" ] || die "no config fragment $fragment"
mkdir -p "$KOBJ"

# The whole build, reused when nothing it is made of changed
# (tests/lib/keys.sh key_build); otherwise Kbuild decides what to rebuild.
# shellcheck source=../tests/lib/reuse.sh
. "$TOP/tests/lib/reuse.sh"
# shellcheck source=../tests/lib/keys.sh
. "$TOP/tests/lib/keys.sh"
build_key=$(key_build)
build_stamp=$KOBJ/.reuse-build
# ... and only when what it made is as it made it (nothing else wrote
# into the object tree since)
outputs_id() {
	content_id "$KOBJ/.config" "$KOBJ/$KIMAGE_FILE" "$KOBJ/Symbols.list" \
		"$KOBJ/Module.symvers" "$MODINST" "$MODS"
}
if [ -f "$KOBJ/$KIMAGE_FILE" ] && [ -d "$MODINST" ] &&
   [ "$(cat "$build_stamp.outputs" 2>/dev/null)" = "$(outputs_id)" ] &&
   reuse_hit "$build_stamp" "$build_key"; then
	log "kernel: ${KOBJ#"$TOP"/} reused: built before from the same source, configuration and toolchain"
	exit 0
fi
reuse_ran "$build_stamp"
kmake() { make -s -C "$KSRC" O="$KOBJ" "${KMAKE_ARGS[@]}" "$@"; }

# tinyconfig + fragment, redone only when the fragment changed.
frag_id=$(sha256sum "$fragment" | cut -d' ' -f1)
if [ "$(cat "$KOBJ/.fragment-id" 2>/dev/null)" != "$frag_id" ] ||
   [ ! -f "$KOBJ/.config" ]; then
	log "configuring $KOBJ from tinyconfig + ${fragment#"$TOP"/}"
	kmake tinyconfig >/dev/null
	(cd "$KOBJ" && "$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" \
		"$KOBJ/.config" "$fragment" >/dev/null)
	kmake olddefconfig >/dev/null
	lost=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF -- "$line" "$KOBJ/.config" ;;
		"# CONFIG_"*" is not set")
			! grep -q "^${line:2:-11}=" "$KOBJ/.config" ;;
		*) continue ;;
		esac || { log "config line did not survive olddefconfig: $line"; lost=1; }
	done < "$fragment"
	[ $lost -eq 0 ] || die "fragment ${fragment#"$TOP"/} does not apply"
	echo "$frag_id" > "$KOBJ/.fragment-id"
fi

jobs=$(nproc)
log "building kernel in ${KOBJ#"$TOP"/} (make -j$jobs)"
kmake -j"$jobs" "$KIMAGE" modules

# Install stripped, as distributions do: the guest loads these, so strip
# must leave converted livepatch modules loadable.
rm -rf "$MODINST"
kmake INSTALL_MOD_PATH="$MODINST" INSTALL_MOD_STRIP=1 modules_install >/dev/null

# The selftest modules build as external modules, like upstream runs them.
# Build a copy so the source tree stays clean.
st=$KSRC/tools/testing/selftests/livepatch
mkdir -p "$MODS/test_modules"
for f in "$st/test_modules"/*; do
	cmp -s "$f" "$MODS/test_modules/${f##*/}" || cp "$f" "$MODS/test_modules/"
done
make -s -C "$KOBJ" "${KMAKE_ARGS[@]}" M="$MODS/test_modules" -j"$jobs" modules

# Our own guest test modules, the same way.
sync_files() {	# <dir> <file>...: copy the files that differ into <dir>
	local dir=$1 f
	shift
	mkdir -p "$dir"
	for f in "$@"; do
		cmp -s "$f" "$dir/${f##*/}" || cp "$f" "$dir/"
	done
}
sync_files "$MODS/guest-modules" "$TOP/tests/guest/modules"/*
make -s -C "$KOBJ" "${KMAKE_ARGS[@]}" M="$MODS/guest-modules" -j"$jobs" modules

# Variant B of test_klp_verify_target (test-klp-verify.sh): the same
# sources with tests/guest/modules-b/Kbuild, in a directory of its own
# since the module has the same name; its Symbols.list is the second
# build that klp-convert verify checks the livepatches against.
sync_files "$MODS/guest-modules-b" "$TOP/tests/guest/modules-b"/*
for f in "$TOP/tests/guest/modules"/*; do
	[ "${f##*/}" = Kbuild ] || sync_files "$MODS/guest-modules-b" "$f"
done
make -s -C "$KOBJ" "${KMAKE_ARGS[@]}" M="$MODS/guest-modules-b" -j"$jobs" modules
outputs_id > "$build_stamp.outputs"
reuse_record "$build_stamp" "$build_key"
log "kernel: $(cat "$KOBJ/include/config/kernel.release") built"
