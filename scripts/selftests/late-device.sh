#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# devices= names devices of the initial netns that do not exist yet; they
# are selected when they appear, or when a device is renamed to the name.
#
#   ┌─────────────────────┐         ┌──────────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ initial netns                │
#   │ vp 10.0.0.1/24      ├─────────┤ late0 10.0.0.2/24 (devices=) │
#   └─────────────────────┘         └──────────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
cleanup_late() {
	set +e
	ip link del late0 2>/dev/null
	ip link del other0 2>/dev/null
	cleanup
}
trap cleanup_late EXIT

load_ipv4alt_with devices=late0,late1
ip netns add "$peer"
ip -n "$peer" link set lo up
pp ip link add late0 type veth peer name vp netns "$peer"
expect_eq "conf.late0.enabled" "$(sysctl -n net.ipv4alt.conf.late0.enabled)" 1
ip addr add 10.0.0.2/24 dev late0
ip link set late0 up
ip -n "$peer" addr add "$PEER_IP/24" dev vp
ip -n "$peer" link set vp up
np ping -c 1 -W 2 "$DUT_IP" >/dev/null || fail "no path $peer -> late0"

before=$(awk '$1 == "InEchos" { print $2 }' /proc/net/ipv4alt/snmp)
ping_ok "$peer" "$DUT_IP" 3
after=$(awk '$1 == "InEchos" { print $2 }' /proc/net/ipv4alt/snmp)
expect_eq "initial netns InEchos delta" $((after - before)) 3

# A device that is not named stays with the stock path...
pp ip link add other0 type dummy
expect_eq "conf.other0.enabled" "$(sysctl -n net.ipv4alt.conf.other0.enabled)" 0
# ...until it takes a name that is.
pp ip link set other0 name late1
expect_eq "conf.late1.enabled" "$(sysctl -n net.ipv4alt.conf.late1.enabled)" 1
check "conf.other0 gone after the rename" \
	test ! -e /proc/sys/net/ipv4alt/conf/other0
pp ip link del late1

# devices= is about the initial netns only.
ip netns add "$dut"
pp ip -n "$dut" link add late0 type dummy
expect_eq "conf.late0.enabled in another netns" \
	"$(nd sysctl -n net.ipv4alt.conf.late0.enabled)" 0
