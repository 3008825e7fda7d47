#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Reassembly: crafted fragments from the peer (some with MF and a length
# that is not a multiple of 8), the exact reply (or silence, or ICMP
# 11/1) and exact counter deltas in the dut; a 65507-byte UDP datagram
# delivered whole; the same with conntrack on, and the stock reassembler
# never used; the ipfrag_* sysctls refusing bad values.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (scapy)       │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

FRAGS="$SELFTESTS_DIR/frags.py"

dut_up
stock_reasm_before=$(stock_ip "$dut" ReasmReqds)
reasm_before=$(snmp "$dut" ReasmReqds)

# frags MODE [WAIT]: run frags.py in the peer.
frags() {
	pnp /usr/bin/python3 "$FRAGS" vp "$dut_mac" "$PEER_IP" "$DUT_IP" "$@"
}

# frag_case "MODE [WAIT]" CASE EXPECTED NAME=N...: send MODE's fragments;
# frags.py checks that what came back is EXPECTED, then the exact deltas.
frag_case() {
	local mode=$1
	pretty "" "$2"
	ktap_case=${mode%% *}
	snap "$dut"
	# shellcheck disable=SC2086 # MODE and WAIT
	check "$3" frags $mode
	shift 3
	expect_deltas "$dut" "$@"
}

# A whole echo: one reply, and nothing held after.
# The 3028-byte reply leaves through ipv4alt's fragmenter: 1480+1480+48.
echo_ok="ReasmOKs=1 InDelivers=1 InEchos=1 OutEchoReps=1 OutRequests=1
	FragOKs=1 FragCreates=3"
reply="one byte-exact echo reply"
silence="no ICMP back"

# shellcheck disable=SC2086 # word splitting wanted
frag_case inorder "3000-byte echo in three fragments, in order" "$reply" \
	InReceives=3 ReasmReqds=3 $echo_ok
# shellcheck disable=SC2086
frag_case outoforder "the same, out of order (3, 1, 2)" "$reply" \
	InReceives=3 ReasmReqds=3 $echo_ok
# shellcheck disable=SC2086
frag_case dup "the same with the second fragment twice" "$reply" \
	InReceives=4 ReasmReqds=4 ReasmDuplicates=1 $echo_ok
frag_case subset "subset first, then a fragment containing it" "$silence" \
	InReceives=2 ReasmReqds=2 ReasmFails=1 ReasmOverlaps=1
frag_case overlap "partial overlap" "$silence" \
	InReceives=2 ReasmReqds=2 ReasmFails=1 ReasmOverlaps=1
# RFC 791 3.2: a fragment with MF carries a multiple of 8 bytes. Stock
# ip_frag_queue() cuts one that does not and judges what is left.
# shellcheck disable=SC2086
frag_case ragged "first fragment 4 bytes past 1000, cut back" "$reply" \
	InReceives=3 ReasmReqds=3 $echo_ok
frag_case ragged-overlap "cut fragment overlapped by its resend: nothing held" \
	"$silence" InReceives=4 ReasmReqds=4 ReasmFails=1 ReasmOverlaps=1
frag_case ragged-empty "5 bytes with MF, empty once cut: the datagram goes" \
	"$silence" InReceives=3 ReasmReqds=3 ReasmFails=1

pnd sysctl -qw net.ipv4alt.ipfrag_time=2
frag_case first "first fragment only, ipfrag_time 2" \
	"one ICMP 11/1 quoting it" InReceives=1 ReasmReqds=1 ReasmFails=1 \
	ReasmTimeout=1 OutTimeExcds=1 OutRequests=1
frag_case "second 5" "second fragment only: after the timeout" "$silence" \
	InReceives=1 ReasmReqds=1 ReasmFails=1 ReasmTimeout=1
pnd sysctl -qw net.ipv4alt.ipfrag_time=30

# udp_whole: a 65507-byte UDP datagram in 45 fragments to a socket in dut.
udp_whole() {
	nd /usr/bin/python3 -c '
import hashlib, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.bind(("0.0.0.0", 9999))
s.settimeout(120)
open("/tmp/udp-ready", "w").close()
d = s.recv(70000)
print(len(d), hashlib.sha256(d).hexdigest())
' >/tmp/udp-got &
	local rcv=$!
	wait_for test -e /tmp/udp-ready || fail "UDP receiver did not start"
	local sent
	sent=$(frags udp | awk '/sha256/ { print $NF }')
	if wait "$rcv"; then
		ktap_result ok "UDP receiver got a datagram"
	else
		check_fail "UDP receiver got a datagram" "exit $?"
	fi
	rm -f /tmp/udp-ready
	expect_eq "UDP datagram received" "$(cat /tmp/udp-got)" "65507 $sent"
}

pretty "" "65507-byte UDP datagram in 45 fragments"
ktap_case="65507-byte UDP"
snap "$dut"
udp_whole
expect_deltas "$dut" InReceives=45 ReasmReqds=45 ReasmOKs=1 InDelivers=1

pretty "" "conntrack on in dut: an input policy of drop but for ct state"
pnd nft add table inet f
pnd nft add chain inet f in '{ type filter hook input priority 0; policy drop; }'
pnd nft add rule inet f in ct state established,related,new accept
ktap_case=conntrack
snap "$dut"
check "inorder: one byte-exact echo reply" frags inorder
check "outoforder: one byte-exact echo reply" frags outoforder
expect_deltas "$dut" InReceives=6 ReasmReqds=6 ReasmOKs=2 InDelivers=2 \
	InEchos=2 OutEchoReps=2 OutRequests=2 FragOKs=2 FragCreates=6
snap "$dut"
udp_whole
expect_deltas "$dut" InReceives=45 ReasmReqds=45 ReasmOKs=1 InDelivers=1
check "conntrack tracked the reassembled UDP datagram" \
	nd grep -q 'dport=9999' /proc/net/nf_conntrack
ktap_case=
# ipv4alt counts its fragments in the stock MIB too; a stock ip_defrag()
# that also saw them would count them twice.
expect_eq "dut stock Ip ReasmReqds delta" \
	$(($(stock_ip "$dut" ReasmReqds) - stock_reasm_before)) \
	$(($(snmp "$dut" ReasmReqds) - reasm_before))
expect_eq "dut ReasmMemory" "$(snmp "$dut" ReasmMemory)" 0

# Bad ipfrag_* values: EINVAL, and the old value stays.
sysctl_refused "$dut" net.ipv4alt.ipfrag_time 0 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_time -1 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_max_frags 0 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_max_frags 8193 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_high_thresh 0 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_low_thresh -5 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_high_thresh 3145727 "Invalid argument"
sysctl_refused "$dut" net.ipv4alt.ipfrag_low_thresh 4194305 "Invalid argument"
pnd sysctl -qw net.ipv4alt.ipfrag_low_thresh=4194304
expect_eq "low may equal high" "$(nd sysctl -n net.ipv4alt.ipfrag_low_thresh)" 4194304
expect_eq "ipfrag defaults" \
	"$(nd sysctl -n net.ipv4alt.ipfrag_time net.ipv4alt.ipfrag_high_thresh net.ipv4alt.ipfrag_max_frags | xargs)" \
	"30 4194304 2048"
