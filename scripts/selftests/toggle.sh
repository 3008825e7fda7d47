#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Select and release a device at run time with conf.<dev>.enabled: traffic
# moves between ipv4alt and the stock path, and no frame is lost.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd?)   │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

load_ipv4alt
topo_up
expect_eq "conf.vd.enabled at start" \
	"$(nd sysctl -n net.ipv4alt.conf.vd.enabled)" 0
expect_eq "conf.default.enabled at start" \
	"$(nd sysctl -n net.ipv4alt.conf.default.enabled)" 0
np ping -c 1 -W 2 "$DUT_IP" >/dev/null || fail "no path $peer -> $dut"

for round in 1 2 3; do
	ktap_case="round $round"
	select_dut 1
	snap "$dut"
	ping_ok "$peer" "$DUT_IP" 3
	expect_deltas "$dut" InReceives=3 InDelivers=3 InEchos=3 \
		OutEchoReps=3 OutRequests=3
	expect_stock_mirrored "$dut" InReceives

	select_dut 0
	snap "$dut"
	ping_ok "$peer" "$DUT_IP" 3
	expect_deltas "$dut"
	expect_eq "released: stock InReceives delta" "$(stock_delta "$dut")" 3
done
ktap_case=

# Selecting twice, or releasing twice, is a no-op, not an error.
select_dut 1
select_dut 1
select_dut 0
select_dut 0
expect_eq "conf.vd.enabled after release" \
	"$(nd sysctl -n net.ipv4alt.conf.vd.enabled)" 0
