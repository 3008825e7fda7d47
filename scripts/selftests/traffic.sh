#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Traffic through ipv4alt, and proof that the stock receive path was not
# used: ping both ways, a UDP exchange, TCP transfers both ways.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

dut_up

# 1. peer pings dut: ipv4alt takes the request and answers it.
ktap_case="peer pings dut"
snap "$dut"
ping_ok "$peer" "$DUT_IP" 5
expect_deltas "$dut" InReceives=5 InDelivers=5 InEchos=5 OutEchoReps=5 \
	OutRequests=5
expect_stock_mirrored "$dut" InReceives

# 2. dut pings peer: the replies come in through ipv4alt to the ping socket.
ktap_case="dut pings peer"
snap "$dut"
ping_ok "$dut" "$PEER_IP" 4
# The requests leave through ipv4alt's egress hook.
expect_deltas "$dut" InReceives=4 InDelivers=4 OutRequests=4
expect_stock_mirrored "$dut" InReceives

# 3. A UDP exchange: one datagram each way.
ktap_case=UDP
snap "$dut"
out=$(mktemp)
nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-echo 5000 >"$out" &
wait_for grep -q ready "$out" || fail "UDP server did not start"
reply=$(np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-ask "$DUT_IP" 5000 hello-ipv4alt) ||
	true
wait
expect_eq "reply" "$reply" HELLO-IPV4ALT
expect_deltas "$dut" InReceives=1 InDelivers=1 OutRequests=1
expect_stock_mirrored "$dut" InReceives

# 4. TCP, 1 MiB each way, checked by sha256 at the other end.
ktap_case=TCP
snap "$dut"
nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-sink 5001 >"$out" &
wait_for grep -q ready "$out" || fail "TCP sink did not start"
check "1 MiB to dut, sha256 matches" \
	pnp /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-send "$DUT_IP" 5001 1048576
wait
np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-sink 5002 >"$out" &
wait_for grep -q ready "$out" || fail "TCP sink did not start"
check "1 MiB to peer, sha256 matches" \
	pnd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-send "$PEER_IP" 5002 1048576
wait
rx=$(delta "$dut" InReceives)
if [ "$rx" -gt 0 ]; then
	ktap_result ok "segments came in through ipv4alt"
else
	check_fail "segments came in through ipv4alt" "InReceives moved by $rx"
fi
expect_eq "InDelivers delta" "$(delta "$dut" InDelivers)" "$rx" \
	"InReceives delta"
tx=$(delta "$dut" OutRequests)
if [ "$tx" -gt 0 ]; then
	ktap_result ok "segments left through ipv4alt"
else
	check_fail "segments left through ipv4alt" "OutRequests moved by $tx"
fi
for c in InHdrErrors InAddrErrors InDiscards InNotLocal InTruncatedPkts \
	OutDiscards FragOKs FragFails; do
	expect_eq "$c delta" "$(delta "$dut" "$c")" 0
done
expect_stock_mirrored "$dut" InReceives
rm -f "$out"
pretty "" "traffic: $rx TCP segments received through ipv4alt"
