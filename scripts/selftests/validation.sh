#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Header validation and source checks: crafted frames from the peer, each
# class of drop on its own counter, exact deltas, nothing reaching the
# stock receive path, and one byte-exact echo reply.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (scapy)       │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

dut_up

# The held fragment below must outlive craft.py's 20 frames and the
# checks, on a guest slowed tenfold too.
nd sysctl -qw net.ipv4alt.ipfrag_time=300
snap "$dut"
check "one byte-exact echo reply (craft.py)" \
	pnp /usr/bin/python3 "$SELFTESTS_DIR/craft.py" vp "$dut_mac" "$PEER_IP" "$DUT_IP"

# 20 frames reach ipv4alt; the one for another MAC address does not count.
# The two identical MF fragments at offset 0 go to the reassembler: the
# first is held (for ipfrag_time, 300 s, past the end of this test), the second
# is a duplicate of it.
held=$(delta "$dut" ReasmMemory)
if [ "$held" -gt 0 ]; then
	ktap_result ok "ReasmMemory grew"
else
	check_fail "ReasmMemory grew" "ReasmMemory moved by $held"
fi
# Delivered: the two echo requests and the UDP datagram with 4 NOPs (its
# options are valid; stock UDP then drops it for its zero length field).
expect_deltas "$dut" InReceives=20 \
	InHdrErrors=6 InCsumErrors=2 InTruncatedPkts=3 InAddrErrors=4 \
	ReasmReqds=2 ReasmDuplicates=1 ReasmMemory="$held" InNotLocal=2 \
	InDelivers=3 InEchos=2 IcmpInErrors=1 IcmpInCsumErrors=1 \
	OutEchoReps=1 OutRequests=1
expect_stock_mirrored "$dut" InReceives InHdrErrors
