#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input to the control plane: out-of-range sysctl values are refused
# with EINVAL and leave the old value; a device that already has an
# rx_handler (a bridge port) cannot be selected (EBUSY, clear dmesg line).
# Also checks that default_ttl is the TTL of ipv4alt's echo replies.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         │ br0 ── port bp          │
#                                   └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

load_ipv4alt
topo_up

expect_eq "default_ttl default" "$(nd sysctl -n net.ipv4alt.default_ttl)" 64
expect_eq "forwarding default" "$(nd sysctl -n net.ipv4alt.forwarding)" 0
for v in 0 256 -1 99999999999 abc; do
	sysctl_refused "$dut" net.ipv4alt.default_ttl "$v" "Invalid argument"
done
for v in 2 -1; do
	sysctl_refused "$dut" net.ipv4alt.forwarding "$v" "Invalid argument"
	sysctl_refused "$dut" net.ipv4alt.conf.vd.enabled "$v" "Invalid argument"
	sysctl_refused "$dut" net.ipv4alt.conf.default.enabled "$v" "Invalid argument"
done

# Edges of the range are accepted.
pnd sysctl -qw net.ipv4alt.default_ttl=1
pnd sysctl -qw net.ipv4alt.default_ttl=255
pnd sysctl -qw net.ipv4alt.forwarding=1
pnd sysctl -qw net.ipv4alt.forwarding=0

# default_ttl is the TTL of the echo replies ipv4alt sends.
select_dut 1
pnd sysctl -qw net.ipv4alt.default_ttl=33
out=$(np ping -n -c 2 -W 2 "$DUT_IP")
expect_eq "echo reply TTLs" "$(grep -o 'ttl=[0-9]*' <<<"$out" | sort -u)" ttl=33

# Knobs are per netns.
expect_eq "default_ttl in peer" "$(np sysctl -n net.ipv4alt.default_ttl)" 64

# A bridge port already has an rx_handler.
pnd ip link add br0 type bridge
pnd ip link add bp type dummy
pnd ip link set bp master br0
mark="ipv4alt-bad-input-$$"
echo "$mark" > /dev/kmsg
sysctl_refused "$dut" net.ipv4alt.conf.bp.enabled 1 "Device or resource busy"
check "dmesg line for the refused bridge port" grep -q \
	"bp: ipv4alt: cannot select: the device already has an rx_handler" \
	<<<"$(dmesg | sed -n "/$mark/,\$p")"
# The bridge keeps working: releasing the port and selecting it works.
pnd ip link set bp nomaster
pnd sysctl -qw net.ipv4alt.conf.bp.enabled=1
expect_eq "conf.bp.enabled after nomaster" \
	"$(nd sysctl -n net.ipv4alt.conf.bp.enabled)" 1
# And a selected device cannot be enslaved: the bridge gets EBUSY.
if nd ip link set bp master br0 2>/dev/null; then
	check_fail "selected device refused by the bridge" "enslaved"
else
	ktap_result ok "selected device refused by the bridge"
fi
