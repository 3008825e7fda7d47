#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Lifecycle under load. A mixed flood runs all along: mutated frames and
# never-completing fragments from $peer (hostile.c), and a fragmented
# ping -f from $dut (egress fragmentation, echo replies). Meanwhile:
#   1. conf.vd.enabled is toggled 1000 times (released and selected);
#   2. the MTUs of vd and vp change, 68 to 9000;
#   3. the selected vd is deleted (ip link del);
#   4. the dut netns is deleted;
#   5. ipv4alt is unloaded (rmmod).
# Nothing may crash, warn (refcounts) or leak (scripts/selftests/run checks
# the kernel log), and each time the device, netns or module comes back,
# it works. fragflood.sh, rmmod-flood.sh and netns-del.sh cover rmmod and
# netns deletion under a single kind of flood.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (hostile.c)   │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24 (ping -f)│
#   │    10.0.0.3 (flood) │         │                         │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

TOGGLES=${LIFECYCLE_TOGGLES:-1000}
HOSTILE=$(hostile_bin)

# flood SECS: the mixed flood, in the background, each sender in a
# process group of its own (group_start); nice, so that on the guest's one
# CPU the steps under test still get to run. The senders stop by
# themselves, or fail once their device is gone.
#
# The crafted frames come from a second address of the peer: their
# incomplete datagrams stay in reassembly after the step, with random
# IDs, and one from $PEER_IP would now and then share the key of an echo
# that works() sends (about one run in 30 failed so).
FLOOD_IP=10.0.0.3
flood() {
	local mac
	mac=$(link_addr "$dut" vd)
	ip -n "$peer" addr replace "$FLOOD_IP/24" dev vp
	group_start ip netns exec "$peer" nice -n 19 timeout "$1" "$HOSTILE" \
		fuzz vp "$mac" "$FLOOD_IP" "$DUT_IP" 100000000 $RANDOM
	group_start ip netns exec "$peer" nice -n 19 "$HOSTILE" frags vp "$mac" \
		"$FLOOD_IP" "$DUT_IP" "$1"
	group_start ip netns exec "$dut" nice -n 19 ping -f -q -s 2000 -w "$1" \
		"$PEER_IP"
	# Each step starts once the flood reaches ipv4alt (a debug kernel
	# takes seconds to start the senders).
	local rx0
	rx0=$(snmp "$dut" InReceives)
	wait_for counter_above "$dut" InReceives $((rx0 + 100)) ||
		fail "the flood did not reach ipv4alt"
}

# flood_stop: every sender and all it forked ends before the next check.
flood_stop() {
	group_stop
	pretty "" "step done at $((SECONDS - t0)) s"
}

# works: whole and fragmented echos from $peer are answered by ipv4alt.
works() {
	local before
	ping_ok "$peer" "$DUT_IP" 2
	before=$(snmp "$dut" ReasmOKs)
	ping_ok "$peer" "$DUT_IP" 2 -s 3000
	expect_eq "3000-byte echos reassembled by ipv4alt: ReasmOKs delta" \
		$(($(snmp "$dut" ReasmOKs) - before)) 2
}

t0=$SECONDS
dut_up
ktap_case=start
works

# 1. Toggle the selection under the flood.
ktap_case="1. toggles"
flood 600
start=$SECONDS
rx0=$(snmp "$dut" InReceives)
pretty dut "conf.vd.enabled 0, 1: $TOGGLES times"
# shellcheck disable=SC2016 # the inner shell's own variables
check "conf.vd.enabled 0, 1: $TOGGLES times" nd bash -c 'f=/proc/sys/net/ipv4alt/conf/vd/enabled
	for ((i = 0; i < '"$TOGGLES"'; i++)); do
		echo 0 >$f && echo 1 >$f || exit 1
	done'
pretty dut "$TOGGLES toggles in $((SECONDS - start)) s"
rx=$(snmp "$dut" InReceives)
if [ "$rx" -gt "$rx0" ]; then
	ktap_result ok "frames reached ipv4alt during the toggles"
else
	check_fail "frames reached ipv4alt during the toggles" "InReceives $rx0 -> $rx"
fi
flood_stop
expect_eq "conf.vd.enabled after the toggles" \
	"$(nd sysctl -n net.ipv4alt.conf.vd.enabled)" 1
works

# 2. MTU changes under the flood, down to the minimum of 68.
ktap_case="2. MTUs"
flood 600
for mtu in 68 576 9000 1280 1500; do
	nd ip link set vd mtu "$mtu"
	np ip link set vp mtu $((mtu == 68 ? 9000 : mtu))
done
pretty dut "vd and vp MTUs changed 5 times"
flood_stop
works

# 3. Delete the selected device under the flood, then bring a new one.
ktap_case="3. ip link del"
flood 600
pp ip -n "$dut" link del vd
flood_stop
check "conf.vd gone with vd" nd test ! -e /proc/sys/net/ipv4alt/conf/vd
ip link add vp netns "$peer" type veth peer name vd netns "$dut"
ip -n "$peer" addr add "$PEER_IP/24" dev vp
ip -n "$dut" addr add "$DUT_IP/24" dev vd
ip -n "$peer" link set vp up
ip -n "$dut" link set vd up
expect_eq "conf.vd.enabled of the new vd" \
	"$(nd sysctl -n net.ipv4alt.conf.vd.enabled)" 0
select_dut 1
works

# 4. Delete the dut netns under the flood; a new one works.
ktap_case="4. netns del"
flood 600
pp ip netns del "$dut"
flood_stop
ip netns del "$peer"
require "the dut netns gone" wait_for sh -c "! ip netns list | grep -q '^$dut'"
topo_up
select_dut 1
works

# 5. rmmod under the flood; a reload works.
ktap_case="5. rmmod"
flood 600
require "rmmod under the flood" pp rmmod ipv4alt
flood_stop
check "/proc/net/ipv4alt gone" nd test ! -e /proc/net/ipv4alt
load_ipv4alt
select_dut 1
works
