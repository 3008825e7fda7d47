#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ip_defrag.sh's IPv4 cases sent across a veth pair instead of loopback.
#
# ip_defrag sends raw fragments from 127.0.0.1 to 127.0.0.3 and receives
# them on a UDP socket in the same process. Here both ends of a veth pair
# sit in one netns, and a rule for output lookups (iif lo) sends
# 127.0.0.3 out of veth0; the datagram comes back in on veth1, where
# route_localnet and accept_local let the stock path take it as local.
# With ipv4alt on veth0 and veth1, its input, reassembler and overlap
# rules are what ip_defrag tests.
# Prints "TEST: <case> [ OK ]" or "[FAIL]" per case.
set -u

ns=peer-defrag-$$
# shellcheck disable=SC2317 # run by the trap
cleanup() { ip netns del "$ns" 2>/dev/null; }
trap cleanup EXIT

ip netns add "$ns" || exit 1
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip link add veth0 type veth peer name veth1
# ip_defrag sends fragments of up to 64 KiB, as loopback's MTU allows.
in_ns ip link set veth0 mtu 65535
in_ns ip link set veth1 mtu 65535
in_ns ip link set veth0 up
in_ns ip link set veth1 up
# A source for the output route (the header carries 127.0.0.1).
in_ns ip addr add 198.51.100.1/32 dev veth0
in_ns sysctl -qw net.ipv4.ipfrag_high_thresh=9000000 \
	net.ipv4.ipfrag_low_thresh=7000000 net.ipv4.ipfrag_time=1
# ipv4alt's own thresholds, where ipv4alt is loaded (the same values).
if [ -d /proc/sys/net/ipv4alt ]; then
	in_ns sysctl -qw net.ipv4alt.ipfrag_high_thresh=9000000 \
		net.ipv4alt.ipfrag_low_thresh=7000000 net.ipv4alt.ipfrag_time=1
fi
for d in all veth1; do
	in_ns sysctl -qw net.ipv4.conf.$d.route_localnet=1 \
		net.ipv4.conf.$d.accept_local=1 net.ipv4.conf.$d.rp_filter=0
done
mac=$(in_ns cat /sys/class/net/veth1/address)
in_ns ip neigh add 127.0.0.3 lladdr "$mac" dev veth0 nud permanent
in_ns ip route add 127.0.0.3/32 dev veth0 table 100
in_ns ip rule add pref 10 iif lo to 127.0.0.3 lookup 100
# The local table's rule (pref 0) would win over it: put it after.
in_ns ip rule add pref 1000 lookup local
in_ns ip rule del pref 0

run() {
	local desc=$1
	shift
	if in_ns ./ip_defrag "$@"; then
		printf "TEST: %-60s  [ OK ]\n" "$desc"
	else
		printf "TEST: %-60s  [FAIL]\n" "$desc"
		rc=1
	fi
}

rc=0
run "ipv4 defrag over veth" -4
run "ipv4 defrag with overlaps over veth" -4o
rx=$(in_ns cat /sys/class/net/veth1/statistics/rx_packets)
echo "veth1 received $rx packets"
exit $rc
