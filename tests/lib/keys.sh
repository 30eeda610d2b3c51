# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The keys of make check's reusable steps: what each step is made of.
# Source after scripts/lib.sh and tests/lib/reuse.sh; do not run.
# tests/check/reuse.sh changes every input named here, one at a time, and
# requires another key (and the same key when only a time stamp changes).
#
#   key_host_check        make -f mk/tool.mk check (the host tests)
#   key_fuzz_replay       make -f mk/tool.mk fuzz-replay
#   key_deps              tests/deps/check-used.sh
#   key_build             scripts/build-kernel.sh of $KCONFIG_NAME
#   key_guest <kernel image> <initramfs> <qemu command...>
#                         a guest boot (scripts/run-guest.sh)
#   key_checkpatch <patch file> <patch name>
#                         checkpatch of one patch (tests/series/check.sh)
#   key_kernel_check <path>...
#                         a check of the built kernel $KOBJ
#   key_prefix <tree id> <.config>
#                         a prefix build of the series (tests/series/check.sh)
#   key_prefix_host <tool tree ids and scripts>
#                         the host tests at a prefix (tests/series/check.sh)

# Installed versions of the packages of sets (scripts/lib.sh).
pkg_versions() {	# <set>...
	local pkgs
	mapfile -t pkgs < <(packages_of "$@")
	dpkg-query -W -f='${Package} ${Version}\n' "${pkgs[@]}" 2>&1 | sort
}

# What klp-convert and klp-symlist are built from, and how, relative to
# $TOP; the kernel headers they use from the pinned source.
KEY_TOOL_SOURCES=(linux/scripts/livepatch linux/scripts/mod/klp-symtype.h
		  linux/include/uapi/linux/livepatch.h mk/tool.mk tests/lib
		  config/kernel.env scripts/kernel-include.sh)

# The host tests: the tool's sources, the tests (the fast path check's
# among them: bench/run.sh --diff-only, with the Symbols.list fixtures of
# tests/fuzz/fixed), the packages running them.
key_host_check() {
	(cd "$TOP" &&
	 reuse_key "$(content_id "${KEY_TOOL_SOURCES[@]}" tests/host \
			bench/run.sh bench/diff-parse.c tests/fuzz/fixed \
			"$BUILD/kernel-include")" \
		"$(pkg_versions host-check)")
}

key_fuzz_replay() {
	(cd "$TOP" &&
	 reuse_key "$(content_id "${KEY_TOOL_SOURCES[@]}" tests/fuzz fix \
			"$BUILD/kernel-include")" \
		"$(pkg_versions fuzz)")
}

# The package check sees which programs, headers and libraries the host
# targets use: that changes with the scripts, makefiles and tests that run
# them, with the #include lines and the file list of the sources (the
# tools run no program of their own), and with what is installed; not
# with the rest of a C file.
key_deps() {
	(cd "$TOP" &&
	 reuse_key "$(content_id tests/deps tests/host tests/lib tests/fuzz/fixed \
			bench mk scripts/lib.sh scripts/deps.sh \
			scripts/kernel-include.sh config/kernel.env \
			linux/scripts/livepatch/Makefile \
			linux/scripts/livepatch/klp-convert-build)" \
		"$(find linux/scripts/livepatch linux/scripts/mod/klp-symtype.h \
			linux/include/uapi/linux/livepatch.h -type f -print0 |
		   LC_ALL=C sort -z |
		   xargs -0 grep -H '^[[:space:]]*#[[:space:]]*include' |
		   sha256sum)" \
		"$(find linux/scripts/livepatch -type f | LC_ALL=C sort | sha256sum)" \
		"$(dpkg-query -W -f='${Package} ${Version} ${Status}\n' | sha256sum)")
}

# A test kernel: the prepared source (scripts/prepare-kernel.sh's id of
# the tarball, linux/, patches/), its configuration, our guest modules,
# the build script and the toolchain's packages.
key_build() {
	(cd "$TOP" &&
	 reuse_key "$(cat "$BUILD/src/.prepared" 2>/dev/null || echo unprepared)" \
		"$(content_id "config/$KCONFIG_NAME.config" "config/$KCONFIG_NAME.env" \
			scripts/build-kernel.sh scripts/lib.sh \
			tests/guest/modules tests/guest/modules-b)" \
		"$(reuse_key "${KMAKE_ARGS[@]}")" \
		"$(pkg_versions kernel ${GUEST_PACKAGE_SET:+"$GUEST_PACKAGE_SET"})")
}

# A guest boot sees the kernel image, the initramfs (whose bytes are a
# function of its content: scripts/mkinitramfs.sh), QEMU and its command
# line; the verdicts are read from its serial log by scripts/run-guest.sh.
key_guest() {	# <kernel image> <initramfs> <qemu command...>
	local kimage=$1 initramfs=$2
	shift 2
	reuse_key "$(content_id "$kimage" "$initramfs" "$TOP/scripts/run-guest.sh")" \
		"$(reuse_key "$@")" "$("$1" --version | head -1)"
}

# checkpatch sees the patch (but for its commit id and date, which change
# with every commit of this repository), the notes of that patch and
# checkpatch.pl.
key_checkpatch() {	# <patch file> <patch name>
	reuse_key "$(sed '1{/^From [0-9a-f]\{40\} /d}; /^Date: /d' "$1" | sha256sum)" \
		"$(awk -F'\t' -v p="$2" '!/^#/ && $1 == p' \
			"$TOP/patches/checkpatch-notes" | sha256sum)" \
		"$(content_id "$PRISTINE/$KERNEL_TOPDIR/scripts/checkpatch.pl")"
}

# A prefix build sees its tree (git's id of the tree's content), the
# configuration, the compiler and make, and the check script.
key_prefix() {	# <tree id> <.config>
	reuse_key "$1" "$(content_id "$2" "$TOP/tests/series/check.sh")" \
		"$(gcc --version | head -1)" "$(make --version | head -1)"
}

# The host tests at a prefix see the prefix's tool sources (git's ids of
# scripts/livepatch and the two headers, and which scripts run), the tests
# and their library, and the packages running them.
key_prefix_host() {	# <tool tree ids and scripts>
	(cd "$TOP" &&
	 reuse_key "$1" "$(content_id tests/host tests/lib tests/series/check.sh)" \
		"$(pkg_versions host-check)")
}

# A check of a built test kernel: the kernel (its key_build, kept in
# $KOBJ/.reuse-build by scripts/build-kernel.sh after a build) and what
# the check is made of, relative to $TOP (its scripts, the tool's sources
# for the checks that build or run the tool outside Kbuild).
key_kernel_check() {	# <path>...
	(cd "$TOP" &&
	 reuse_key "$(cat "$KOBJ/.reuse-build" 2>/dev/null || echo unbuilt)" \
		"$(content_id "$@" tests/lib scripts/lib.sh)")
}
