#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod ipv4alt during ping -f in both directions: the unload is clean and
# the stock path answers as soon as ipv4alt is gone; a reload takes over
# again.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (ping -f)     │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24 (ping -f)│
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

topo_up
for round in 1 2 3; do
	ktap_case="round $round"
	load_ipv4alt
	select_dut 1
	ping_ok "$peer" "$DUT_IP" 1
	np ping -f -q -w 4 "$DUT_IP" >/dev/null 2>&1 &
	nd ping -f -q -w 4 "$PEER_IP" >/dev/null 2>&1 &
	wait_for counter_above "$dut" InEchos 50 ||
		fail "flood did not reach ipv4alt"
	require "rmmod under the flood" pp rmmod ipv4alt
	wait || true
	check "/proc/net/ipv4alt gone" nd test ! -e /proc/net/ipv4alt
	before=$(stock_ip "$dut" InReceives)
	ping_ok "$peer" "$DUT_IP" 2
	rx=$(($(stock_ip "$dut" InReceives) - before))
	if [ "$rx" -ge 2 ]; then
		ktap_result ok "stock path took over: InReceives moved by 2 or more"
	else
		check_fail "stock path took over: InReceives moved by 2 or more" \
			"stock InReceives moved by $rx"
	fi
done
