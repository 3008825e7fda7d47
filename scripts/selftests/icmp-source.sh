#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The source of an ICMP error from a host with no IPv4 address on the way
# back: the dummy address 192.0.0.8 (RFC 7600), as the stock __icmp_send()
# picks it, and never 0.0.0.0, which receivers drop as a martian. An
# ipv4alt host takes such an error in. Linux's selftests/net/icmp.sh tests
# the stock side with a v4-via-v6 route; here $dut has no IPv4 address at
# all and a device route back.
#
#   ┌────────────────────────────┐         ┌─────────────────────────────┐
#   │ $peer (ipv4alt on vp)      │  veth   │ $dut (ipv4alt on vd)        │
#   │ vp 10.0.0.1/24             ├─────────┤ vd: no IPv4 address         │
#   │ 10.9/16 dev vp, to vd's MAC│         │ 10.0.0.1, 10.9.8/24 dev vd; │
#   │                            │         │ no other route to 10.9/16   │
#   └────────────────────────────┘         └─────────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

DUMMY=192.0.0.8
load_ipv4alt
topo_up
ip -n "$dut" addr flush dev vd
dut_mac=$(link_addr "$dut" vd)
pnd ip route add "$PEER_IP/32" dev vd
neigh_permanent "$dut" vd "$PEER_IP" "$peer" vp
pnp ip route add 10.9.0.0/16 dev vp
neigh_permanent "$peer" vp 10.9.9.9 "$dut" vd
pnd ip route add 10.9.8.0/24 dev vd
pnd sysctl -qw net.ipv4alt.forwarding=1 net.ipv4.icmp_ratelimit=0
select_dut 1
pnp sysctl -qw net.ipv4alt.conf.vp.enabled=1
expect_eq "dut IPv4 addresses" "$(nd ip -4 -o addr show | grep -vc ' lo ' || true)" 0

# 1. No route: 3/0 from 192.0.0.8, quoting the datagram; the peer's
#    ipv4alt delivers it to the stock icmp_rcv().
ktap_case="no route"
snap "$dut"
snap "$peer"
check_out "3/0 from $DUMMY" \
	sendrecv --icmp 3 0 --reply-from "$DUMMY" \
	"IP(src='$PEER_IP', dst='10.9.9.9')/UDP(sport=40001, dport=9)"
expect_deltas "$dut" InReceives=1 OutNoRoutes=1 OutDestUnreachs=1 OutRequests=1
expect_deltas "$peer" InReceives=1 InDelivers=1

# 2. TTL 1 with a route: 11/0, from 192.0.0.8 as well. Without a route
#    the route's error comes first, as ip_forward() runs after routing.
ktap_case="TTL 1"
snap "$dut"
snap "$peer"
check_out "11/0 from $DUMMY" \
	sendrecv --icmp 11 0 --reply-from "$DUMMY" \
	"IP(src='$PEER_IP', dst='10.9.8.8', ttl=1)/UDP(sport=40002, dport=9)"
expect_deltas "$dut" InReceives=1 ForwExhaustedTTL=1 OutTimeExcds=1 OutRequests=1
expect_deltas "$peer" InReceives=1 InDelivers=1
ktap_case="TTL 1, no route"
snap "$dut"
check_out "3/0 from $DUMMY" \
	sendrecv --icmp 3 0 --reply-from "$DUMMY" \
	"IP(src='$PEER_IP', dst='10.9.9.9', ttl=1)/UDP(sport=40003, dport=9)"
expect_deltas "$dut" InReceives=1 OutNoRoutes=1 OutDestUnreachs=1 OutRequests=1

# 3. A socket on the peer hears of it: ping reports the error's source.
ktap_case="ping 10.9.9.9"
snap "$dut"
snap "$peer"
res=$(np ping -n -c 1 -W 2 10.9.9.9 2>&1 || true)
expect_match "Net Unreachable from $DUMMY" \
	"^From $DUMMY icmp_seq=1 Destination Net Unreachable" "$res"
expect_deltas "$dut" InReceives=1 OutNoRoutes=1 OutDestUnreachs=1 OutRequests=1
expect_deltas "$peer" InReceives=1 InDelivers=1 OutRequests=1
expect_stock_mirrored "$peer" InReceives
ktap_case=

# 4. An echo reply takes no dummy source: the stock icmp_reply() has no
#    such fallback. A broadcast echo to an address-less host is answered
#    from the same source with and without ipv4alt.
pnd sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
echo_src() {
	sendrecv --bcast "IP(src='$PEER_IP', dst='255.255.255.255')/ICMP(id=7, seq=1)/Raw(b'src')" |
		awk '/echo-reply/ { print $5 }'
}
select_dut 0
stock_src=$(echo_src)
select_dut 1
snap "$dut"
alt_src=$(echo_src)
if [ -n "$stock_src" ]; then
	ktap_result ok "stock sent an echo reply"
else
	check_fail "stock sent an echo reply" "none"
fi
expect_eq "echo reply source" "$alt_src" "$stock_src" "stock's"
expect_deltas "$dut" InReceives=1 InDelivers=1 InEchos=1 OutEchoReps=1 OutRequests=1
