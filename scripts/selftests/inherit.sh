#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# net.core.devconf_inherit_init_net decides what a new netns's
# net.ipv4alt.forwarding and conf.default.* start from, as for the stock
# net.ipv4.conf.{all,default}: 0 and 1 init_net's values, 2 the defaults,
# 3 the values of the netns that creates it. default_ttl and ipfrag_*
# always start at their defaults. A device made in a new netns takes its
# conf.default.enabled there.
set -e
. "$(dirname "$0")/lib.sh"

old_inherit=$(sysctl -n net.core.devconf_inherit_init_net)
restore() {
	sysctl -qw net.core.devconf_inherit_init_net="$old_inherit"
	cleanup
}
trap restore EXIT

load_ipv4alt
# init_net: every knob away from its default.
sysctl -qw net.ipv4alt.forwarding=1 net.ipv4alt.conf.default.enabled=1 \
	net.ipv4alt.conf.default.forwarding=0 net.ipv4alt.default_ttl=99
# $peer: another set, the creator for value 3.
ip netns add "$peer"
ip netns exec "$peer" sysctl -qw net.ipv4alt.forwarding=0 \
	net.ipv4alt.conf.default.enabled=0 net.ipv4alt.conf.default.forwarding=1

# in_new [NS]: from NS (default: init_net), make a new netns with
# unshare, and print its forwarding, conf.default.enabled,
# conf.default.forwarding, default_ttl, then conf.d0.enabled of a dummy
# device made in it.
in_new() {
	local run=()
	[ -z "${1:-}" ] || run=(ip netns exec "$1")
	"${run[@]}" unshare -n sh -c '
		sysctl -n net.ipv4alt.forwarding net.ipv4alt.conf.default.enabled \
			net.ipv4alt.conf.default.forwarding net.ipv4alt.default_ttl
		ip link add d0 type dummy
		sysctl -n net.ipv4alt.conf.d0.enabled' | tr '\n' ' '
}

for v in 0 1 2 3; do
	sysctl -qw net.core.devconf_inherit_init_net=$v
	case $v in
	0 | 1) want="1 1 0 64 1 " ;;
	2 | 3) want="0 0 1 64 0 " ;;
	esac
	expect_eq "devconf_inherit_init_net=$v: a new netns made from peer" \
		"$(in_new "$peer")" "$want"
done

# 3 copies the creator's values: made from init_net, init_net's.
sysctl -qw net.core.devconf_inherit_init_net=3
expect_eq "devconf_inherit_init_net=3: a new netns made from init_net" \
	"$(in_new)" "1 1 0 64 1 "
# 2: the defaults, whoever creates it.
sysctl -qw net.core.devconf_inherit_init_net=2
expect_eq "devconf_inherit_init_net=2: a new netns made from init_net" \
	"$(in_new)" "0 0 1 64 0 "

# A device that conf.default.enabled selected is released when a bridge
# takes it (a bridge port has no IPv4 layer; the bridge device is selected
# in turn); one selected on purpose is kept and the bridge is refused.
sysctl -qw net.core.devconf_inherit_init_net=0
# ipv4alt's log lines about other netns are limited to 10 in 5 s, and the
# new netns above made some: start a fresh window.
sleep 6
ip netns add "$dut"
pnd() { ip netns exec "$dut" "$@"; }
ino=$(ip netns exec "$dut" stat -L -c %i /proc/self/ns/net)
lines=$(dmesg | wc -l)
pnd ip link add br0 type bridge
pnd ip link add p0 type dummy
pnd ip link add p1 type dummy
expect_eq "br0, p0, p1 selected by conf.default.enabled" \
	"$(pnd sysctl -n net.ipv4alt.conf.br0.enabled net.ipv4alt.conf.p0.enabled \
		net.ipv4alt.conf.p1.enabled | tr '\n' ' ')" "1 1 1 "
check "a bridge takes p0, which only conf.default.enabled selected" \
	pnd ip link set p0 master br0
pnd sysctl -qw net.ipv4alt.conf.p1.enabled=1
if err=$(pnd ip link set p1 master br0 2>&1); then
	check_fail "a bridge refuses p1, which was selected on purpose" "it took p1"
else
	ktap_result ok "a bridge refuses p1, which was selected on purpose"
fi
expect_eq "the bridge's error for p1" "$err" \
	"RTNETLINK answers: Device or resource busy"
expect_eq "p0 released, p1 and br0 kept" \
	"$(pnd sysctl -n net.ipv4alt.conf.br0.enabled net.ipv4alt.conf.p0.enabled \
		net.ipv4alt.conf.p1.enabled | tr '\n' ' ')" "1 0 1 "
expect_eq "p0 is a port of br0" \
	"$(pnd cat /sys/class/net/p0/master/ifindex)" \
	"$(pnd cat /sys/class/net/br0/ifindex)"
log=$(dmesg | tail -n +$((lines + 1)) | sed 's/^\[[^]]*\] //')
expect_eq "p0's log line" "$(grep -cxF "p0: ipv4alt: becomes a bridge port: released, as only conf.default.enabled selected it in netns $ino" <<<"$log")" 1
expect_eq "p0's release line" "$(grep -cxF "p0: ipv4alt: released in netns $ino" <<<"$log")" 1
expect_eq "p1's log line" "$(grep -cxF "p1: ipv4alt: cannot be a bridge port or bond slave: selected by ipv4alt; release it with net.ipv4alt.conf.p1.enabled=0 in netns $ino" <<<"$log")" 1
