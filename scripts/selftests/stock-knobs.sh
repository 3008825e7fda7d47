#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Stock net.ipv4 knobs that ipv4alt honours on the receive side (the table
# in ipv4alt.rst, "Stock knobs on a selected device"): each checked with
# the knob off and on, with exact counter deltas; and CIPSO, which no
# later NetLabel parser may see unchecked.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (scapy)       │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

dut_up
probe="IP(src='$PEER_IP', dst='$DUT_IP')/UDP(sport=40004, dport=9)/Raw(b'l2')"

# 1. drop_unicast_in_l2_multicast (RFC 1122 3.3.6): a unicast datagram in
#    a link-layer broadcast frame. Off: delivered (UDP finds no socket;
#    no ICMP answers a link-layer broadcast). On: dropped before delivery.
for knob in 0 1; do
	ktap_case="drop_unicast_in_l2_multicast=$knob"
	nd sysctl -qw net.ipv4.conf.vd.drop_unicast_in_l2_multicast=$knob
	snap "$dut"
	check "no answer" \
		sendrecv --bcast --silence "$probe" >/dev/null
	if [ $knob = 0 ]; then
		expect_deltas "$dut" InReceives=1 InDelivers=1
	else
		expect_deltas "$dut" InReceives=1 InAddrErrors=1
	fi
done
ktap_case=
# conf.all turns it on too (IN_DEV_ORCONF).
nd sysctl -qw net.ipv4.conf.vd.drop_unicast_in_l2_multicast=0 \
	net.ipv4.conf.all.drop_unicast_in_l2_multicast=1
snap "$dut"
check "conf.all.drop_unicast_in_l2_multicast=1: no answer" \
	sendrecv --bcast --silence "$probe" >/dev/null
expect_deltas "$dut" InReceives=1 InAddrErrors=1
nd sysctl -qw net.ipv4.conf.all.drop_unicast_in_l2_multicast=0

# 2. fwmark_reflect: an echo request marked 0x42 on the way in; a rule
#    prohibits marked traffic. Off: the reply carries no mark and leaves.
#    On: it carries 0x42, the rule refuses its route (OutNoRoutes).
nd nft -f - <<'EOF'
table ip knobs {
	chain mark_pre {
		type filter hook prerouting priority 0;
		icmp type echo-request meta mark set 0x42
	}
}
EOF
nd ip rule add pref 100 fwmark 0x42 prohibit
nd sysctl -qw net.ipv4.fwmark_reflect=0
snap "$dut"
ping_ok "$peer" "$DUT_IP" 1
expect_deltas "$dut" InReceives=1 InDelivers=1 InEchos=1 OutEchoReps=1 \
	OutRequests=1
nd sysctl -qw net.ipv4.fwmark_reflect=1
snap "$dut"
if np ping -n -c 1 -W 2 "$DUT_IP" >/dev/null; then
	check_fail "fwmark_reflect=1: echo not answered" "answered"
else
	ktap_result ok "fwmark_reflect=1: echo not answered"
fi
expect_deltas "$dut" InReceives=1 InDelivers=1 InEchos=1 OutNoRoutes=1

# 3. CIPSO: refused as the kernel refuses a DOI NetLabel does not know,
#    12/0 pointing at the DOI (byte 22), so NetLabel never parses it.
snap "$dut"
check_out "CIPSO: ICMP 12/0 back" \
	sendrecv --icmp 12 0 \
	"IP(src='$PEER_IP', dst='$DUT_IP', options=[IPOption(b'\x86\x0a\x00\x00\x00\x01\x01\x04\x00\x00\x00\x00')])/UDP(sport=40005, dport=9)"
expect_match "CIPSO: 12/0 points at byte 22" "second word: 0x16000000" "$res"
expect_deltas "$dut" InReceives=1 InHdrErrors=1 OutParmProbs=1 OutRequests=1

# 4. The source of an error about a forwarded datagram (11/0 for TTL 1),
#    as __icmp_send() picks it: icmp_errors_use_inbound_ifaddr 0 lets the
#    route back choose (its src is 10.0.0.3), 1 takes the input device's
#    address for the sender (10.0.0.2).
nd sysctl -qw net.ipv4alt.forwarding=1 net.ipv4.icmp_ratelimit=0
nd ip addr add 10.0.0.3/24 dev vd
nd ip route replace "$PEER_IP/32" dev vd src 10.0.0.3
nd ip route add 10.9.9.0/24 via "$PEER_IP"
ttl1="IP(src='$PEER_IP', dst='10.9.9.9', ttl=1)/UDP(sport=40006, dport=33)"
for t in "0 10.0.0.3" "1 $DUT_IP"; do
	# shellcheck disable=SC2086 # split the case into its fields
	set -- $t
	ktap_case="icmp_errors_use_inbound_ifaddr=$1"
	nd sysctl -qw net.ipv4.icmp_errors_use_inbound_ifaddr="$1"
	snap "$dut"
	check_out "ICMP 11/0 from $2" \
		sendrecv --icmp 11 0 --reply-from "$2" "$ttl1"
	expect_deltas "$dut" InReceives=1 ForwExhaustedTTL=1 OutTimeExcds=1 \
		OutRequests=1
done
ktap_case=
nd sysctl -qw net.ipv4.icmp_errors_use_inbound_ifaddr=0

# 5. fwmark_reflect for errors: the datagram is marked 0x42, and a rule
#    prohibits marked ICMP. Off: the error leaves unmarked. On: it carries
#    the mark, and its route is refused (OutNoRoutes).
nd nft add rule ip knobs mark_pre udp dport 33 meta mark set 0x42
nd ip rule del pref 100
nd ip rule add pref 101 fwmark 0x42 ipproto icmp prohibit
nd sysctl -qw net.ipv4.fwmark_reflect=0
snap "$dut"
check_out "fwmark_reflect=0: ICMP 11/0 sent" \
	sendrecv --icmp 11 0 --reply-from 10.0.0.3 "$ttl1"
expect_deltas "$dut" InReceives=1 ForwExhaustedTTL=1 OutTimeExcds=1 \
	OutRequests=1
nd sysctl -qw net.ipv4.fwmark_reflect=1
snap "$dut"
check "fwmark_reflect=1: ICMP 11/0 not sent" \
	sendrecv --silence "$ttl1" >/dev/null
expect_deltas "$dut" InReceives=1 ForwExhaustedTTL=1 OutNoRoutes=1
