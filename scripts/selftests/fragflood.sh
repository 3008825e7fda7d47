#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown under a fragment flood: first fragments that never complete
# keep reassembly queues and the expiry timer busy while ipv4alt is
# unloaded, the device released, and the dut netns deleted. Nothing may
# crash, leak or warn, memory stays within ipfrag_high_thresh plus one
# datagram, and a reload works.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (raw flood)   │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

FLOOD=(/usr/bin/python3 "$SELFTESTS_DIR/fragflood.py" "$PEER_IP" "$DUT_IP")

# flood_start: the flood, in the background, holding queues until
# group_stop (at most 10 minutes): one that ended before the teardown
# would test nothing.
flood_start() {
	group_start ip netns exec "$peer" "${FLOOD[@]}" 600
	wait_for counter_above "$dut" ReasmMemory 0 ||
		fail "the flood holds no reassembly memory"
	check "$1: the flood still running" groups_running
}

# 1. rmmod with queues held and the flood running, twice.
topo_up
for i in 1 2; do
	load_ipv4alt
	select_dut 1
	pnd sysctl -qw net.ipv4alt.ipfrag_low_thresh=131072
	pnd sysctl -qw net.ipv4alt.ipfrag_high_thresh=262144
	flood_start "round $i"
	held=$(snmp "$dut" ReasmMemory)
	# high_thresh plus one datagram's worth (a 64 KiB datagram's truesize
	# is well under 256 KiB).
	if [ "$held" -le $((262144 + 262144)) ]; then
		ktap_result ok "round $i: flooded ReasmMemory within high_thresh + 256 KiB"
	else
		check_fail "round $i: flooded ReasmMemory within high_thresh + 256 KiB" \
			"ReasmMemory $held"
	fi
	pp rmmod ipv4alt
	group_stop
done

# 2. Release the device, then delete the netns, under the flood.
load_ipv4alt
select_dut 1
flood_start "release and netns del"
select_dut 0
select_dut 1
pp ip netns del "$dut"
group_stop
pp rmmod ipv4alt

# 3. A reload works and reassembles.
ip netns del "$peer"
dut_up
snap "$dut"
out=$(np ping -n -c 2 -i 0.3 -s 3000 "$DUT_IP")
expect_match "3000-byte pings after reload answered" " 2 received" "$out"
expect_eq "reassembled echos after reload" "$(delta "$dut" ReasmOKs)" 2
