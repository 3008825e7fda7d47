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
	# Until group_stop (10 minutes at most): a flood that ended first
	# would test nothing.
	group_start ip netns exec "$peer" ping -f -q -w 600 "$DUT_IP"
	group_start ip netns exec "$dut" ping -f -q -w 600 "$PEER_IP"
	wait_for counter_above "$dut" InEchos 50 ||
		fail "flood did not reach ipv4alt"
	check "both floods still running" groups_running
	require "rmmod under the flood" pp rmmod ipv4alt
	group_stop
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
