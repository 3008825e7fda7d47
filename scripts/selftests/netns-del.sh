#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Delete the dut netns while its device is selected and flooded; then the
# module must still unload cleanly (no device or netns reference left).
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (ping -f)     │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

load_ipv4alt
for round in 1 2; do
	ktap_case="round $round"
	topo_up
	select_dut 1
	ping_ok "$peer" "$DUT_IP" 1
	# Until group_stop (10 minutes at most): a flood that ended first
	# would test nothing.
	group_start ip netns exec "$peer" ping -f -q -w 600 "$DUT_IP"
	wait_for counter_above "$dut" InEchos 100 ||
		fail "flood did not reach ipv4alt"
	check "flood still running" groups_running
	pp ip netns del "$dut"
	group_stop
	ip netns del "$peer"
	# The netns and its device are really gone, not held by a reference.
	require "the dut netns gone" \
		wait_for sh -c "! ip netns list | grep -q '^$dut'"
done
ktap_case=
check "rmmod ipv4alt" pp rmmod ipv4alt
if ipv4alt_loaded; then
	check_fail "module unloaded" "still in /proc/modules"
else
	ktap_result ok "module unloaded"
fi
