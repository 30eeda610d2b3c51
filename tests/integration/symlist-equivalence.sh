#!/bin/bash
# klp-symlist against modpost: the Symbols.list made from this kernel's
# install products (System.map or bzImage, Module.symvers, the modules as
# installed with INSTALL_MOD_STRIP=1, then compressed with xz, zstd and
# gzip) must give every record that decides a relocation exactly as
# modpost's does: per object, per name, the same records in the same
# order, with the same type and flags; the <file> field too when the debug
# inputs (linked vmlinux, unstripped modules) are given.
#
# What the .ko adds to its module.o, which modpost reads, is allowed and
# checked to be only that: the symbols of <module>.mod.o (which modpost
# itself generates), of .module-common.o (vermagic, notes, ORC header:
# linked into every module) and the __start_/__stop_ symbols the final
# link defines (on powerpc also the register save and restore functions
# it adds). Run on every test kernel: the s390x one has MODVERSIONS
# (big-endian __versions CRCs); its image is not decoded (yet), which is
# checked to be refused.
# From the bzImage, percpu symbols read 'A' (as /proc/kallsyms shows them;
# System.map says where they are, 'd' 'D' 'b' 'B'): checked to be the only
# difference. The 's' flag (IBT: a vmlinux function whose ENDBR is sealed)
# is modpost's only, from the linked vmlinux: left out of the comparison.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"

out=$BUILD/integration/symlist-$KCONFIG_NAME
symlist=$BUILD/bin/klp-symlist
list=$KOBJ/Symbols.list
rel=$(cat "$KOBJ/include/config/kernel.release" 2>/dev/null || echo unknown)
tree=$out/strip/lib/modules/$rel
debug=$out/debug/lib/modules/$rel
name="symlist: install products give modpost's Symbols.list"

# the boot image of the configuration (config/<name>.env): bzImage on
# x86_64 and s390x (arch/s390/boot: a compressed raw vmlinux.bin), vmlinux
# on ppc64le
image=$KOBJ/$KIMAGE_FILE
if why=$(missing_inputs "$list" "$KOBJ/System.map" "$KOBJ/Module.symvers" \
			"$KOBJ/vmlinux" "$image" \
			"$MODINST/lib/modules/$rel"); then
	fail "$name" "$why"
	exit 1
fi
make -s -C "$TOP" -f mk/tool.mk "$symlist" >/dev/null
rm -rf "$out"
mkdir -p "$out"
# modpost's view and the install products: stripped and compressed
# (three formats, one module in four left uncompressed), and unstripped
cp -a "$MODINST" "$out/strip"
i=0
while IFS= read -r -d '' ko; do
	case $((i++ % 4)) in
	0) xz --check=crc32 "$ko" ;;
	1) zstd -q --rm "$ko" ;;
	2) gzip -n "$ko" ;;
	esac
done < <(find "$tree" -name '*.ko' -print0 | sort -z)
make -s -C "$KSRC" O="$KOBJ" "${KMAKE_ARGS[@]}" INSTALL_MOD_PATH="$out/debug" modules_install \
	>/dev/null 2>&1
nr_mods=$(find "$tree" -name '*.ko*' | wc -l)

gen() {	# <output> <vmlinux option> <file> [more options]
	local o=$1
	shift
	"$symlist" "$@" --symvers "$KOBJ/Module.symvers" --modules "$tree" \
		--release "$rel" -o "$o"
}

# Per object, per name: the records in order.  The .ko-only names are
# printed as "extra <object> <name>" for the caller to check.
compare() {	# <modpost list> <klp-symlist list> <mode: files|nofiles|image>
	python3 - "$@" <<'PY'
import sys
from collections import OrderedDict

def read(path):
    objs = OrderedDict()
    cur = None
    with open(path) as f:
        assert f.readline() == "klp-convert-symbol-data.1\n"
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("*"):
                cur = objs.setdefault(line[1:], {})
                continue
            t, flags, name, file = line.split(" ")
            cur.setdefault(name, []).append([t, flags, file])
    return objs

want, got, mode = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3]
bad = 0
if list(want) != list(got):
    print("objects differ: %s vs %s" % (list(want)[:5], list(got)[:5]))
    sys.exit(1)
records = 0
sealed = 0
for obj in want:
    w, g = want[obj], got[obj]
    for name in g:
        if name not in w:
            print("extra %s %s" % (obj, name))
    for name, recs in w.items():
        grecs = g.get(name, [])
        if mode == "nofiles":
            recs = [[t, fl, "-"] for t, fl, _ in recs]
        if obj == "vmlinux":
            # 's' (IBT-sealed) comes from the linked vmlinux's
            # .ibt_endbr_seal, which install products do not list
            sealed += sum(1 for _, fl, _ in recs if "s" in fl)
            recs = [[t, fl.replace("s", "") or "-", f] for t, fl, f in recs]
        if mode == "image" and obj == "vmlinux":
            # percpu: 'A' from the image where System.map has a data letter
            grecs = [[wt if gt == "A" and wt in "dDbB" else gt, fl, f]
                     for (gt, fl, f), (wt, _, _) in zip(grecs, recs)] + grecs[len(recs):]
        records += len(recs)
        if recs != grecs:
            bad += 1
            if bad <= 10:
                print("%s %s: modpost %s, klp-symlist %s" % (obj, name, recs, grecs))
print("compared %d records of %d objects (%d sealed in modpost's only)" %
      (records, len(want), sealed))
sys.exit(1 if bad else 0)
PY
}

# The .ko-only names must be those of <module>.mod.o or the final link's.
check_extras() {	# <compare output>
	local obj n m common bad=0 checked=0
	declare -A modo=() defined=()
	common=$(nm "$KOBJ/.module-common.o" | awk '$2 != "U" { print $3 }' | tr '\n' ' ')
	while IFS= read -r m; do
		modo[$(basename "${m%.o}" | tr -- '-,' '__')]=$KOBJ/${m%.o}.mod.o
	done < "$KOBJ/modules.order"
	while read -r _ obj n; do
		if [ -z "${defined[$obj]+x}" ]; then
			defined[$obj]=$(nm "${modo[$obj]:-/nonexistent}" |
					awk '$2 != "U" { print $3 }' | tr '\n' ' ')
		fi
		checked=$((checked + 1))
		case " ${defined[$obj]} $common " in
		*" $n "*) continue ;;
		esac
		case $n in
		__start_*|__stop_*) continue ;;
		# powerpc: the out-of-line register save and restore
		# functions the linker adds where code calls them
		_savegpr[01]_*|_restgpr[01]_*|_savefpr_*|_restfpr_*|_savevr_*|_restvr_*)
			[ "$GUEST_ARCH" != ppc64le ] || continue ;;
		esac
		echo "  $obj: $n is in the .ko only, and of neither $obj.mod.o nor .module-common.o nor the link"
		bad=1
	done < <(grep '^extra ' "$1")
	echo "  $checked .ko-only names, all of .mod.o, .module-common.o or the link"
	return $bad
}

equivalence() {	# <test name> <mode> <klp-symlist options>...
	local t=$1 mode=$2 res
	shift 2
	if ! gen "$out/$mode.list" "$@" 2>"$out/$mode.err"; then
		fail "$t" "klp-symlist failed: $(head -n 5 "$out/$mode.err")"
		return
	fi
	res=0
	compare "$list" "$out/$mode.list" "$mode" >"$out/$mode.cmp" || res=1
	check_extras "$out/$mode.cmp" >"$out/$mode.extras" || res=1
	grep -v '^extra ' "$out/$mode.cmp" | sed 's/^/  /'
	sed 's/^/  /' "$out/$mode.extras"
	verdict "$t" $res
}

equivalence "$name, with the debug inputs (<file> fields too; $nr_mods modules)" files \
	--system-map "$KOBJ/System.map" --debug-vmlinux "$KOBJ/vmlinux" \
	--debug-modules "$debug"
equivalence "$name, without them (<file> unknown)" nofiles \
	--system-map "$KOBJ/System.map"
image_checks() {
	# the debug inputs laid out as a debug package (--debug-root)
	mkdir -p "$out/debug/boot"
	ln -s "$KOBJ/vmlinux" "$out/debug/boot/vmlinux-$rel"
	equivalence "symlist: the ${image##*/}'s kallsyms tables give System.map's vmlinux records" image \
		--vmlinuz "$image" --debug-root "$out/debug"

	# A debug vmlinux of another build: its Build ID is not the image's.
	t="symlist: a debug vmlinux of another build is refused (Build ID)"
	id=$(readelf -n "$KOBJ/vmlinux" | sed -n 's/^ *Build ID: //p' | head -n 1)
	if [ -z "$id" ]; then
		fail "$t" "no Build ID in $KOBJ/vmlinux"
	else
		cp "$KOBJ/vmlinux" "$out/other-vmlinux"
		python3 - "$out/other-vmlinux" "$id" <<-'PY'
	import sys
	path, hexid = sys.argv[1], sys.argv[2]
	data = bytearray(open(path, "rb").read())
	bid = bytes.fromhex(hexid)
	assert data.count(bid) == 1, "Build ID not found once"
	i = data.index(bid)
	data[i] ^= 0xff
	open(path, "wb").write(data)
	PY
		res=0
		err=$("$symlist" --vmlinuz "$image" --config "$KOBJ/.config" \
			--debug-vmlinux "$out/other-vmlinux" -o "$out/other.list" 2>&1) && res=1
		[ "$err" = "klp-symlist: $out/other-vmlinux: Build ID differs from that of $image: the debug vmlinux is of another build" ] || res=1
		[ ! -e "$out/other.list" ] || res=1
		[ $res -eq 0 ] || echo "  $err"
		verdict "$t" $res
	fi
}

image_checks

# A module of another build: its vermagic names another release.
t="symlist: a module of another release is refused, naming it"
victim=$(find "$tree" -name '*.ko.xz' | sort | head -n 1)
if [ -z "$victim" ]; then
	fail "$t" "no compressed module in $tree"
else
	cp -a "$tree" "$out/mixed"
	m=$out/mixed/${victim#"$tree"/}
	xz -d "$m"
	m=${m%.xz}
	python3 - "$m" "$rel" <<'PY'
import sys
path, rel = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
old = ("vermagic=" + rel + " ").encode()
new = ("vermagic=" + rel[:-1] + chr(ord(rel[-1]) ^ 1) + " ").encode()
assert data.count(old) == 1, "no single vermagic"
open(path, "wb").write(data.replace(old, new))
PY
	res=0
	err=$("$symlist" --system-map "$KOBJ/System.map" --symvers "$KOBJ/Module.symvers" \
		--modules "$out/mixed" --release "$rel" -o "$out/mixed.list" 2>&1) && res=1
	grep -qF "klp-symlist: $m: vermagic release ${rel:0:-1}" <<<"$err" || res=1
	[ ! -e "$out/mixed.list" ] || res=1
	[ $res -eq 0 ] || echo "$err" | head -n 5
	verdict "$t" $res
fi

# The decoder alone (tests/kbuild/vmlinuz-vs-system-map.sh): System.map's
# names, addresses and per-name order, the whole list in address order.
t="symlist: the ${image##*/}'s decoded kallsyms are System.map's, line by line"
make -s -C "$TOP" -f mk/tool.mk "$BUILD/tests/vmlinuz-dump" >/dev/null
res=0
VMLINUZ_DUMP=$BUILD/tests/vmlinuz-dump "$TOP/tests/kbuild/vmlinuz-vs-system-map.sh" \
	"$image" "$KOBJ/System.map" >"$out/decode.log" 2>&1 || res=1
sed 's/^/  /' "$out/decode.log" | tail -n 5
verdict "$t" $res

# The kernel tree builds the same program (make scripts/livepatch/
# KLP_SYMLIST=y), which writes the same list.
t="symlist: klp-symlist built by Kbuild writes the same list"
res=0
if ! make -s -C "$KSRC" O="$KOBJ" "${KMAKE_ARGS[@]}" scripts/livepatch/ KLP_SYMLIST=y >"$out/kbuild.log" 2>&1; then
	res=1
	tail -n 3 "$out/kbuild.log"
elif ! "$KOBJ/scripts/livepatch/klp-symlist" --system-map "$KOBJ/System.map" \
		--symvers "$KOBJ/Module.symvers" --modules "$tree" --release "$rel" \
		-o "$out/kbuild.list" || ! cmp "$out/kbuild.list" "$out/nofiles.list"; then
	res=1
fi
verdict "$t" $res
