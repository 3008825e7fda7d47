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
for _ in 1 2 3; do
	load_ipv4alt
	select_dut 1
	ping_ok "$peer" "$DUT_IP" 1
	np ping -f -q -w 4 "$DUT_IP" >/dev/null 2>&1 &
	nd ping -f -q -w 4 "$PEER_IP" >/dev/null 2>&1 &
	wait_for counter_above "$dut" InEchos 50 ||
		fail "flood did not reach ipv4alt"
	pp rmmod ipv4alt
	wait || true
	nd test ! -e /proc/net/ipv4alt || fail "/proc/net/ipv4alt left behind"
	before=$(stock_ip "$dut" InReceives)
	ping_ok "$peer" "$DUT_IP" 2
	[ $(($(stock_ip "$dut" InReceives) - before)) -ge 2 ] ||
		fail "stock path did not take over after rmmod"
done
