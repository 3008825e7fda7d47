#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration abuse. Every net.ipv4alt sysctl refuses out-of-range
# values, non-numbers, numbers too big for an int, empty input and several
# values with EINVAL and keeps its value. devices= with garbage, an
# over-long name, duplicates, loopback and empty elements still loads,
# names each bad element in one kernel log line, ignores white space around
# names, and takes the valid names; sysfs shows it as given, and empty when
# unset; over 1024 bytes it refuses to load (ENOSPC). ipid_buckets= too big
# for 32 bits is EINVAL. A selected device refused by a bridge, bond,
# macvlan or hsr says why (extack or log line), while a VLAN or VRF upper
# is still allowed. Log lines name their netns and are rate limited: 200
# refused writes give 10 lines per bucket (init_net, other netns).
#
#   ┌─────────────────────┐         ┌──────────────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd)             │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24                   │
#   └─────────────────────┘         └──────────────────────────────────┘
#   initial netns: dummies ca0, ca1, ca2, ca3 (named by devices=), ca9 (not
#   named), cb0 (a port of bridge cbr0); in $dut: dummies cd0, cd1, bp (a
#   port of bridge br0), bond bo0, VLAN cd0.5, VRF red
set -e
. "$(dirname "$0")/lib.sh"
cleanup_abuse() {
	set +e
	ip link del ca0 2>/dev/null
	ip link del ca1 2>/dev/null
	ip link del ca2 2>/dev/null
	ip link del ca3 2>/dev/null
	ip link del ca9 2>/dev/null
	ip link del cb0 2>/dev/null
	ip link del cbr0 2>/dev/null
	cleanup
}
trap cleanup_abuse EXIT

# ---- devices= -------------------------------------------------------------
ip link add ca0 type dummy
ip link add ca9 type dummy
long=averyveryverylongname0
mark="ipv4alt-config-abuse-$$"
echo "$mark" > /dev/kmsg
# Elements: 1 ca0, 2 "", 3 ca0 again, 4 too long, 5 a/b, 6 "..", 7 ca1
# (appears later), 8 " ca2" (ca2: white space around a name is not part of
# it), 9 "bad\001 x" (logged escaped), 10 "x:y", 11 ca2 (listed twice), 12
# lo (loopback), 13 "  ca3 " (ca3, appears later), 14 "". The quotes keep
# the spaces inside the value (kernel/params.c next_arg()).
devs="ca0,,ca0,$long,a/b,..,ca1, ca2,bad"$'\001'" x,x:y,ca2,lo,  ca3 ,"
load_ipv4alt_with "devices=\"$devs\""
log=$(dmesg | sed -n "/$mark/,\$p")
# want_log ELEMENT-NUMBER QUOTED-TEXT REASON
want_log() {
	if grep -qF "ipv4alt: devices=: element $1 \"$2\" ignored: $3" <<<"$log"; then
		ktap_result ok "log line for devices= element $1 \"$2\": $3"
	else
		check_fail "log line for devices= element $1 \"$2\": $3" "log: $log"
	fi
}
want_log 2 "" "empty"
want_log 3 "ca0" "listed twice"
want_log 4 "$long" "too long: a device name has at most 15 bytes"
want_log 5 "a/b" "not a valid device name"
want_log 6 ".." "not a valid device name"
want_log 9 'bad\001 x' "not a valid device name"
want_log 10 "x:y" "not a valid device name"
want_log 11 "ca2" "listed twice"
want_log 12 "lo" "the loopback device is never selected"
want_log 14 "" "empty"
expect_eq "devices= log lines" "$(grep -c 'devices=: element' <<<"$log")" 10
# devices_shown WHAT VALUE: parameters/devices is VALUE; WHAT names it,
# as VALUE is long or holds a control character.
devices_shown() {
	local got
	got=$(cat /sys/module/ipv4alt/parameters/devices)
	if [ "$got" = "$2" ]; then
		ktap_result ok "parameters/devices shows $1"
	else
		check_fail "parameters/devices shows $1" "got '$got'"
	fi
}
devices_shown "devices= as given" "$devs"
# The valid names are taken: now, when created, and not others.
expect_eq "conf.ca0.enabled" "$(sysctl -n net.ipv4alt.conf.ca0.enabled)" 1
pp ip link add ca1 type dummy
pp ip link add ca2 type dummy
pp ip link add ca3 type dummy
expect_eq "conf.ca1.enabled" "$(sysctl -n net.ipv4alt.conf.ca1.enabled)" 1
expect_eq "conf.ca2.enabled" "$(sysctl -n net.ipv4alt.conf.ca2.enabled)" 1
expect_eq "conf.ca3.enabled" "$(sysctl -n net.ipv4alt.conf.ca3.enabled)" 1
expect_eq "conf.ca9.enabled" "$(sysctl -n net.ipv4alt.conf.ca9.enabled)" 0
ip link del ca0
ip link del ca1
ip link del ca2
ip link del ca3
ip link del ca9

# ---- sysctls --------------------------------------------------------------
topo_up
nd ip link add cd0 type dummy

# The table runs in one shell inside $dut: an "ip netns exec" per write
# would take minutes on a TCG guest.

# write1 FILE VALUE: VALUE in exactly one write(), no newline added. The
# builtin printf does that unless a newline comes before the end (a
# shell's stdout is line buffered and would split "7\n7" in two writes),
# so those go through perl's syswrite().
write1() {
	if [[ ${2%$'\n'} == *$'\n'* ]]; then
		perl -e 'open(my $f, ">", $ARGV[0]) or die "$!\n";
			defined(syswrite($f, $ARGV[1])) or die "$!\n"' "$1" "$2"
	else
		printf '%s' "$2" > "$1"
	fi
}

# refuse KEY VALUE: writing VALUE fails with EINVAL and the value stays;
# what does not is added to $refuse_bad. refused WHAT: one check for the
# refuse calls since the last one.
refuse_bad=""
refuse() {
	local f=/proc/sys/${1//.//} old err
	old=$(<"$f")
	if err=$(write1 "$f" "$2" 2>&1); then
		refuse_bad+=" '$2' was accepted;"
	elif [[ $err != *"Invalid argument"* ]]; then
		refuse_bad+=" '$2': '$err', expected EINVAL;"
	fi
	[ "$(<"$f")" = "$old" ] || refuse_bad+=" '$2' changed it to $(<"$f");"
}
refused() {
	if [ -n "$refuse_bad" ]; then
		check_fail "$1" "$refuse_bad"
	else
		ktap_result ok "$1"
	fi
	refuse_bad=""
}

# accept KEY VALUE: the write succeeds and reads back as VALUE.
accept() {
	local f=/proc/sys/${1//.//}
	check "$1='$2' accepted" write1 "$f" "$2"$'\n'
	expect_eq "$1 after '$2'" "$(<"$f")" "$2"
}

# Bad for every knob: empty, not a number, too big for an int.
common=(
	$'\n' " " $'\t\n' "abc" "0x" "+1" "--1" "1.5" "1abc" "1e3" "NaN" "1/2"
	2147483648 4294967296 9223372036854775808 18446744073709551615
	18446744073709551616 99999999999999999999
	-2147483648 -2147483649 -9223372036854775809
)
# key          good     default  out of range (beyond the common ones)
knobs=(
	"net.ipv4alt.default_ttl          7        64       0 256 -1 -64 1000"
	"net.ipv4alt.forwarding           1        0        2 -1 3 255 256"
	"net.ipv4alt.ipfrag_time          5        30       0 -1 2147483647"
	"net.ipv4alt.ipfrag_high_thresh   5000000  4194304  0 -1 3145727"
	"net.ipv4alt.ipfrag_low_thresh    1000000  3145728  0 -1 4194305"
	"net.ipv4alt.ipfrag_max_frags     64       2048     0 -1 8193 65536"
	"net.ipv4alt.conf.vd.enabled      1        0        2 -1 256"
	"net.ipv4alt.conf.vd.forwarding   0        1        2 -1 256"
	"net.ipv4alt.conf.cd0.enabled     1        0        2 -1 256"
	"net.ipv4alt.conf.cd0.forwarding  0        1        2 -1 256"
	"net.ipv4alt.conf.default.enabled 1        0        2 -1 256"
	"net.ipv4alt.conf.default.forwarding 0     1        2 -1 256"
)

abuse_knobs() {
	local row key good dflt range n v f
	for row in "${knobs[@]}"; do
		read -r key good dflt range <<<"$row"
		f=/proc/sys/${key//.//}
		expect_eq "$key default" "$(<"$f")" "$dflt"
		n=0
		for v in $range; do
			refuse "$key" "$v"
			n=$((n + 1))
		done
		for v in "${common[@]}"; do
			refuse "$key" "$v"
			n=$((n + 1))
		done
		# Several values, the first one valid.
		for v in "$good $good" "$good,$good" "$good x" "$good"$'\t'"$good" \
			 "$good"$'\n'"$good" "$good -1" "$good"$'\n\n'"$good"$'\n'; do
			refuse "$key" "$v"
			n=$((n + 1))
		done
		refused "$key: $n bad writes refused with EINVAL, value kept"
		expect_eq "$key after $n refused writes" "$(<"$f")" "$dflt"
		# The knob still works, with and without spaces around the number.
		accept "$key" "$good"
		refuse "$key" "$good $good"
		refused "$key: '$good $good' refused with EINVAL, value kept"
		expect_eq "$key after '$good $good'" "$(<"$f")" "$good"
		check "$key='  $dflt ' accepted" write1 "$f" "  $dflt "$'\n'
		expect_eq "$key restored" "$(<"$f")" "$dflt"
	done
}

# Its checks record through lib.sh's file and fd (inherited).
nd bash -c "$(declare -f ktap_result check check_fail expect_eq write1 \
	refuse refused accept abuse_knobs)
	$(declare -p common knobs refuse_bad IPV4ALT_KTAP ktap_fd)
	abuse_knobs" ||
	fail "sysctl table"

# A write of zero bytes changes nothing and is not an error (as for every
# sysctl); one a page long or more is refused
# (the parser would not see its end).
check "zero-byte write ignored, 5002-byte write refused" \
	nd /usr/bin/python3 - <<'EOF'
import errno, os, sys
p = "/proc/sys/net/ipv4alt/default_ttl"
fd = os.open(p, os.O_WRONLY)
assert os.write(fd, b"") == 0
os.close(fd)
assert open(p).read() == "64\n", open(p).read()
fd = os.open(p, os.O_WRONLY)
try:
    os.write(fd, b"7" + b" " * 5000 + b"8")
    sys.exit("5002-byte write accepted")
except OSError as e:
    assert e.errno == errno.EINVAL, e
os.close(fd)
assert open(p).read() == "64\n", open(p).read()
EOF

# The refusals left ipv4alt working: an echo exchange through vd.
select_dut 1
ping_ok "$peer" "$DUT_IP" 2

# ---- uppers of a selected device -------------------------------------------
# A bridge, bond, macvlan or hsr needs the device's rx_handler, which is
# ipv4alt's. A bridge only announces it (NETDEV_JOIN): a log line; hsr
# links first and gets the reason in its extack. A bond and a macvlan find
# the rx_handler busy before anything reaches ipv4alt: the bond says "in
# use", the macvlan EBUSY alone.
ino=$(stat -L -c %i "/run/netns/$dut")
pnd sysctl -qw net.ipv4alt.conf.cd0.enabled=1
pnd ip link add cd1 type dummy
pnd ip link add br0 type bridge
pp modprobe bonding max_bonds=0
pnd ip link add bo0 type bond
mark="ipv4alt-config-abuse-uppers-$$"
echo "$mark" > /dev/kmsg
# refused_by WHAT EXPECTED-STDERR CMD...
refused_by() {
	local out
	if out=$(nd "${@:3}" 2>&1); then
		check_fail "$1: error = $2" "it took a selected device"
	else
		expect_eq "$1: error" "$out" "$2"
	fi
}
busy="RTNETLINK answers: Device or resource busy"
refused_by bridge "$busy" ip link set cd0 master br0
refused_by bond "Error: Device is in use and cannot be enslaved." \
	ip link set cd0 master bo0
refused_by macvlan "$busy" ip link add mv0 link cd0 type macvlan
if modinfo -n hsr >/dev/null 2>&1; then
	refused_by hsr "Error: selected by ipv4alt; release it with net.ipv4alt.conf.cd0.enabled=0." \
		ip link add hsr0 type hsr slave1 cd0 slave2 cd1
else
	pretty "skip" "hsr: not built for $(uname -r)"
fi
log=$(dmesg | sed -n "/$mark/,\$p" | sed 's/^\[[^]]*\] //')
expect_eq "log line for the bridge" "$(grep -cxF "cd0: ipv4alt: cannot be a bridge port or bond slave: selected by ipv4alt; release it with net.ipv4alt.conf.cd0.enabled=0 in netns $ino" <<<"$log")" 1
expect_eq "ipv4alt log lines" "$(grep -c 'ipv4alt: ' <<<"$log")" 1
# Uppers that need no rx_handler still take it: a VLAN, a VRF.
pnd ip link add link cd0 name cd0.5 type vlan id 5
pnd ip link add red type vrf table 10
pnd ip link set cd0 master red
expect_eq "conf.cd0.enabled under a VLAN and a VRF" \
	"$(nd sysctl -n net.ipv4alt.conf.cd0.enabled)" 1
pnd ip link set cd0 nomaster
# Released, it can be a bridge port.
pnd sysctl -qw net.ipv4alt.conf.cd0.enabled=0
pnd ip link set cd0 master br0
pnd ip link set cd0 nomaster

# ---- log lines: rate limited, with the netns -------------------------------
# 200 refused writes (EBUSY: bridge ports) in $dut and 200 in init_net,
# each in one process, within one 5 s interval: 10 lines each, the same
# figure in both buckets (one netns cannot silence init_net). The next
# line after the interval reports the suppressed ones.
pnd ip link add bp type dummy
pnd ip link set bp master br0
pp ip link add cbr0 type bridge
pp ip link add cb0 type dummy
pp ip link set cb0 master cbr0
# flood FILE: 200 writes of 1, each refused with EBUSY, in under 4.5 s
flood() {
	/usr/bin/python3 - "$1" <<'PY'
import errno, os, sys, time
t = time.monotonic()
for i in range(200):
    fd = os.open(sys.argv[1], os.O_WRONLY)
    try:
        os.write(fd, b"1")
        sys.exit("write accepted")
    except OSError as e:
        if e.errno != errno.EBUSY:
            sys.exit(f"write: {e}")
    finally:
        os.close(fd)
took = time.monotonic() - t
if took > 4.5:
    sys.exit(f"200 writes took {took:.1f} s, too long to judge a 5 s limit")
PY
}
busy_line="ipv4alt: cannot select: the device already has an rx_handler (bridge port, bond slave, macvlan lower or similar) (-EBUSY)"
sleep 5.5	# a new interval for both buckets
mark="ipv4alt-config-abuse-flood-$$"
echo "$mark" > /dev/kmsg
check "200 writes in dut refused with EBUSY within 4.5 s" \
	nd bash -c "$(declare -f flood); flood /proc/sys/net/ipv4alt/conf/bp/enabled"
check "200 writes in init_net refused with EBUSY within 4.5 s" \
	flood /proc/sys/net/ipv4alt/conf/cb0/enabled
log=$(dmesg | sed -n "/$mark/,\$p" | sed 's/^\[[^]]*\] //')
expect_eq "lines for 200 refusals in dut" \
	"$(grep -cxF "bp: $busy_line in netns $ino" <<<"$log")" 10
expect_eq "lines for 200 refusals in init_net" \
	"$(grep -cxF "cb0: $busy_line" <<<"$log")" 10
sleep 5.5
if nd bash -c 'echo 1 > /proc/sys/net/ipv4alt/conf/bp/enabled' 2>/dev/null; then
	check_fail "bp refused after the interval" "bp selected"
else
	ktap_result ok "bp refused after the interval"
fi
if echo 1 2>/dev/null >/proc/sys/net/ipv4alt/conf/cb0/enabled; then
	check_fail "cb0 refused after the interval" "cb0 selected"
else
	ktap_result ok "cb0 refused after the interval"
fi
sleep 0.5
log=$(dmesg | sed -n "/$mark/,\$p" | sed 's/^\[[^]]*\] //')
expect_eq "suppressed-line reports" \
	"$(grep -cx 'ipv4alt_log: 190 callbacks suppressed' <<<"$log")" 2
expect_eq "lines in dut after the interval" \
	"$(grep -cxF "bp: $busy_line in netns $ino" <<<"$log")" 11
expect_eq "lines in init_net after the interval" \
	"$(grep -cxF "cb0: $busy_line" <<<"$log")" 11
pp ip link del cb0
pp ip link del cbr0

# ---- module parameters at load ---------------------------------------------
unload_ipv4alt
mark="ipv4alt-config-abuse-params-$$"
echo "$mark" > /dev/kmsg
# refused_load WHAT ERROR PARAM: insmod fails with ERROR (kmod says
# "Invalid parameters" for EINVAL)
refused_load() {
	local out
	local what="insmod with $1: could not insert module: $2"
	if out=$(insmod "$IPV4ALT_KO" "$3" 2>&1); then
		check_fail "$what" "loaded"
		unload_ipv4alt
	elif [ "$out" != "insmod: ERROR: could not insert module $IPV4ALT_KO: $2" ]; then
		check_fail "$what" "got '$out'"
	else
		ktap_result ok "$what"
	fi
}
refused_load "ipid_buckets=99999999999" "Invalid parameters" ipid_buckets=99999999999
refused_load "ipid_buckets=1000" "Invalid parameters" ipid_buckets=1000
# devices= holds up to 1024 bytes (kernel/params.c param_set_charp()).
d1024=$(printf 'd%.0s' {1..1024})
refused_load "a 1025-byte devices=" "No space left on device" "devices=x$d1024"
log=$(dmesg | sed -n "/$mark/,\$p" | sed 's/^\[[^]]*\] //')
expect_eq "ipid_buckets=99999999999 log" \
	"$(grep -cxF "ipv4alt: \`99999999999' invalid for parameter \`ipid_buckets'" <<<"$log")" 1
expect_eq "ipid_buckets=1000 log" \
	"$(grep -cxF "ipv4alt: ipid_buckets=1000 refused: use 0 (automatic) or a power of two from 2048 to 4194304" <<<"$log")" 1
expect_eq "devices= too long log" \
	"$(grep -cxF "devices: string parameter too long" <<<"$log")" 1
pretty "" "insmod ipv4alt.ko devices=<1024 bytes>"
insmod "$IPV4ALT_KO" "devices=$d1024"
devices_shown "the 1024 bytes given" "$d1024"
unload_ipv4alt
load_ipv4alt
expect_eq "parameters/devices unset" "$(cat /sys/module/ipv4alt/parameters/devices)" ""
expect_eq "parameters/userns" "$(cat /sys/module/ipv4alt/parameters/userns)" N
