#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# IP options: echo replies carry RR and TS filled in by dut, unknown
# options removed and the EOL tail zeroed; malformed options earn ICMP 12/0
# with the right pointer and quote; LSRR/SSRR are dropped unless
# accept_source_route allows them; Router Alert passes; UDP datagrams with
# options reach a socket with their options as sent (IP_RECVOPTS).
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (scapy)       │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

py=/usr/bin/python3
dut_up

pretty "" "phase 1: accept_source_route off"
pnd sysctl -qw net.ipv4.conf.all.accept_source_route=0
pnd sysctl -qw net.ipv4.conf.vd.accept_source_route=0
nd "$py" "$SELFTESTS_DIR/options.py" recv "$DUT_IP" 5000 2 >/tmp/options-recv.out &
recv_pid=$!
wait_for grep -q bound /tmp/options-recv.out || fail "UDP receiver did not start"
snap "$dut"
check "phase 1: every answer as expected (options.py main)" \
	pnp "$py" "$SELFTESTS_DIR/options.py" send vp "$dut_mac" "$PEER_IP" "$DUT_IP" main
if wait "$recv_pid"; then
	ktap_result ok "UDP receiver got its 2 datagrams"
else
	check_fail "UDP receiver got its 2 datagrams" "$(cat /tmp/options-recv.out)"
fi
# 8 echo requests answered, 6 malformed (ICMP 12), 2 source routes dropped,
# 2 UDP datagrams delivered.
expect_deltas "$dut" InReceives=18 InHdrErrors=6 InSrcRouteDiscards=2 \
	InDelivers=10 InEchos=8 OutEchoReps=8 OutParmProbs=6 OutRequests=14
expect_stock_mirrored "$dut" InReceives
expect_eq "UDP with RR: options as sent" \
	"$(sed -n 2p /tmp/options-recv.out)" "opts=0707040000000000 data=6f707430"
expect_eq "UDP with RA: options as sent" \
	"$(sed -n 3p /tmp/options-recv.out)" "opts=94040000 data=6f707431"

pretty "" "phase 2: accept_source_route on"
pnd sysctl -qw net.ipv4.conf.all.accept_source_route=1
pnd sysctl -qw net.ipv4.conf.vd.accept_source_route=1
snap "$dut"
check "phase 2: every answer as expected (options.py srr)" \
	pnp "$py" "$SELFTESTS_DIR/options.py" send vp "$dut_mac" "$PEER_IP" "$DUT_IP" srr
expect_deltas "$dut" InReceives=3 InSrcRouteDiscards=1 \
	InDelivers=2 InEchos=2 OutEchoReps=2 OutRequests=2
expect_stock_mirrored "$dut" InReceives

# Plain ping still works after all of this.
ping_ok "$peer" "$DUT_IP" 3
