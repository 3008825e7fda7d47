#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Rename, delete and re-create a selected device.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

dut_up

# Rename: the selection follows the device, the sysctl follows the name.
pnd ip link set vd down
pnd ip link set vd name vd-renamed
pnd ip link set vd-renamed up
expect_eq "conf.vd-renamed.enabled" \
	"$(nd sysctl -n net.ipv4alt.conf.vd-renamed.enabled)" 1
check "conf.vd gone after the rename" nd test ! -e /proc/sys/net/ipv4alt/conf/vd
snap "$dut"
check "a ping answered after the rename" \
	wait_for np ping -c 1 -W 1 "$DUT_IP" >/dev/null
ping_ok "$peer" "$DUT_IP" 3
echos=$(delta "$dut" InEchos)
if [ "$echos" -ge 3 ]; then
	ktap_result ok "renamed device on ipv4alt: InEchos moved by 3 or more"
else
	check_fail "renamed device on ipv4alt: InEchos moved by 3 or more" \
		"InEchos moved by $echos"
fi
expect_stock_mirrored "$dut" InReceives

# Delete: the sysctl directory goes with the device.
pnd ip link del vd-renamed
check "conf.vd-renamed gone with the device" \
	nd test ! -e /proc/sys/net/ipv4alt/conf/vd-renamed

# Re-create: a new device takes conf.default.enabled.
pnd sysctl -qw net.ipv4alt.conf.default.enabled=1
pp ip link add vp netns "$peer" type veth peer name vd netns "$dut"
expect_eq "conf.vd.enabled from conf.default" \
	"$(nd sysctl -n net.ipv4alt.conf.vd.enabled)" 1
ip -n "$peer" addr add "$PEER_IP/24" dev vp
ip -n "$dut" addr add "$DUT_IP/24" dev vd
ip -n "$peer" link set vp up
ip -n "$dut" link set vd up
np ping -c 1 -W 2 "$DUT_IP" >/dev/null || fail "no path to the new vd"
snap "$dut"
ping_ok "$peer" "$DUT_IP" 3
expect_deltas "$dut" InReceives=3 InDelivers=3 InEchos=3 OutEchoReps=3 \
	OutRequests=3
expect_stock_mirrored "$dut" InReceives
