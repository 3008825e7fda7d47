#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ipv4alt as a router keeps what stock forwarding keeps: policy rules on the
# input device (error rules, a table only an iif rule selects), rp_filter
# strict and loose, accept_local, a used-up strict source route. Each check
# runs with the stock net.ipv4.ip_forward 0 (ipv4alt looks the route up
# itself) and 1 (the kernel's input route is used), with the same expected
# outcome.
# Topology: router_up in lib.sh.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

rt_up
nrt sysctl -qw net.ipv4.icmp_ratelimit=0
udp() { echo "IP(src='$1', dst='$2')/UDP(sport=40003, dport=9)/Raw(b'policy')"; }

# $sv counts and drops the probes at PRE_ROUTING (before its own options
# check refuses source routes), so no answer comes back to disturb the
# router's counters; sv_got says how many arrived.
nsv nft -f - <<'EOF2'
table ip probe {
	chain probe_in {
		type filter hook prerouting priority 0;
		udp dport 9 counter drop
	}
}
EOF2
sv_got() { nsv nft list table ip probe | awk '/counter/ { print $(NF - 3) }'; }

# A host behind s0 that only table 100 knows: main routes 10.9.0.0/24 to a
# next hop that does not exist, so only the iif rule's table reaches it.
nsv ip addr add 10.9.0.1/32 dev lo
nrt ip route add 10.9.0.0/24 via 10.2.0.99
nrt ip route add 10.9.0.0/24 via "$SV_IP" table 100
# An address behind r1, the spoofed source of the rp_filter checks.
SPOOF=10.2.0.77

set_rpf() {
	nrt sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.r0.rp_filter="$1"
}

# forwarded WHAT SRC DST: one datagram goes through, as ipv4alt's. Both
# helpers name their checks after $ktap_case, WHAT, SRC and DST.
forwarded() {
	local got ktap_case="$ktap_case, $1: $2 -> $3"
	got=$(sv_got)

	snap "$rt"
	check "no answer" sendrecv_rt --silence "$(udp "$2" "$3")" >/dev/null
	expect_deltas "$rt" InReceives=1 ForwDatagrams=1
	expect_eq "arrived at sv" $(($(sv_got) - got)) 1
}

# refused WHAT SRC DST COUNTER: dropped on input, silently, with COUNTER.
refused() {
	local got ktap_case="$ktap_case, $1: $2 -> $3"
	got=$(sv_got)

	snap "$rt"
	check "no answer" sendrecv_rt --silence "$(udp "$2" "$3")" >/dev/null
	expect_deltas "$rt" InReceives=1 "$4"=1
	expect_eq "arrived at sv" $(($(sv_got) - got)) 0
}

for fwd in 0 1; do
	pretty "" "stock net.ipv4.ip_forward=$fwd"
	ktap_case="ip_forward=$fwd"
	nrt sysctl -qw net.ipv4.ip_forward=$fwd
	sf=$(stock_ip "$rt" ForwDatagrams)
	af=$(snmp "$rt" ForwDatagrams)

	# 1. Error rules on the input device: 3/13, 3/0 (a rule's
	#    "unreachable" is -ENETUNREACH, fib4_rule_action()), silence.
	for t in "prohibit 3 13" "unreachable 3 0"; do
		# shellcheck disable=SC2086 # split the case into its fields
		set -- $t
		nrt ip rule add pref 100 iif r0 "$1"
		ktap_case="ip_forward=$fwd, iif rule $1"
		snap "$rt"
		check_out "$2/$3 from $RT_CL_IP" \
			sendrecv_rt --icmp "$2" "$3" --reply-from "$RT_CL_IP" \
			"$(udp "$CL_IP" "$SV_IP")"
		expect_deltas "$rt" InReceives=1 OutNoRoutes=1 \
			OutDestUnreachs=1 OutRequests=1
		nrt ip rule del pref 100
	done
	ktap_case="ip_forward=$fwd"
	nrt ip rule add pref 100 iif r0 blackhole
	snap "$rt"
	check "iif rule blackhole: no answer" \
		sendrecv_rt --silence "$(udp "$CL_IP" "$SV_IP")" >/dev/null
	expect_deltas "$rt" InReceives=1 OutNoRoutes=1
	nrt ip rule del pref 100
	# A rule for another device leaves r0's traffic alone.
	nrt ip rule add pref 100 iif r1 prohibit
	forwarded "iif r1 rule" "$CL_IP" "$SV_IP"
	nrt ip rule del pref 100

	# 2. A table only the iif rule selects: the datagram takes its next
	#    hop, not main's; the reply comes back through main.
	nrt ip rule add pref 100 iif r0 lookup 100
	snap "$rt"
	ping_ok "$cl" 10.9.0.1 1
	expect_deltas "$rt" InReceives=2 ForwDatagrams=2
	nrt ip rule del pref 100
	# Without the rule, main's dead next hop: 3/1 from the neighbour layer.
	res=$(ncl ping -n -c 1 -W 8 10.9.0.1 2>&1 || true)
	expect_match "main's dead next hop: Host Unreachable from $RT_CL_IP" \
		"From $RT_CL_IP icmp_seq=1 Destination Host Unreachable" "$res"

	# 3. rp_filter on r0: strict refuses a source that lives behind r1,
	#    loose takes it, and loose refuses a source with no route back.
	set_rpf 1
	refused "strict rp_filter" "$SPOOF" "$SV_IP" InAddrErrors
	forwarded "strict rp_filter" "$CL_IP" "$SV_IP"
	set_rpf 2
	forwarded "loose rp_filter" "$SPOOF" "$SV_IP"
	refused "loose rp_filter" 192.0.2.1 "$SV_IP" InAddrErrors
	set_rpf 0
	forwarded "no rp_filter" "$SPOOF" "$SV_IP"
	forwarded "no rp_filter" 192.0.2.1 "$SV_IP"

	# 4. accept_local: a source that is the router's own address.
	refused "accept_local 0" "$RT_SV_IP" "$SV_IP" InAddrErrors
	nrt sysctl -qw net.ipv4.conf.r0.accept_local=1
	forwarded "accept_local 1" "$RT_SV_IP" "$SV_IP"
	nrt sysctl -qw net.ipv4.conf.r0.accept_local=0

	# Everything forwarded above was ipv4alt's, never the stock path's:
	# ipv4alt counts it in the stock MIB too, and ip_forward() would
	# count it again.
	expect_eq "stock ForwDatagrams delta" \
		$(($(stock_ip "$rt" ForwDatagrams) - sf)) \
		$(($(snmp "$rt" ForwDatagrams) - af))
done
ktap_case=

# 5. A used-up source route (accept_source_route on): forwarded, except a
#    strict one whose next hop is a gateway, which earns 3/5 (RFC 791
#    page 19, ip_forward()).
nrt sysctl -qw net.ipv4.conf.all.accept_source_route=1 \
	net.ipv4.conf.r0.accept_source_route=1
nrt ip route replace 10.9.0.0/24 via "$SV_IP"
# sr TYPE DST: a used-up route of TYPE (131 LSRR, 137 SSRR) through r0.
sr() { echo "IP(src='$CL_IP', dst='$2', options=[IPOption(bytes([$1, 7, 8, ${RT_CL_IP//./, }]))])/UDP(sport=40006, dport=9)"; }
for fwd in 0 1; do
	nrt sysctl -qw net.ipv4.ip_forward=$fwd
	ktap_case="ip_forward=$fwd, used-up SSRR through a gateway"
	snap "$rt"
	check_out "3/5 from $RT_CL_IP" \
		sendrecv_rt --icmp 3 5 --reply-from "$RT_CL_IP" "$(sr 137 10.9.0.1)"
	expect_deltas "$rt" InReceives=1 InSrcRouteDiscards=1 \
		OutDestUnreachs=1 OutRequests=1
	got=$(sv_got)
	ktap_case="ip_forward=$fwd, used-up SSRR on link"
	snap "$rt"
	check "no answer" sendrecv_rt --silence "$(sr 137 "$SV_IP")" >/dev/null
	expect_deltas "$rt" InReceives=1 ForwDatagrams=1
	ktap_case="ip_forward=$fwd, used-up LSRR"
	snap "$rt"
	check "no answer" sendrecv_rt --silence "$(sr 131 "$SV_IP")" >/dev/null
	expect_deltas "$rt" InReceives=1 ForwDatagrams=1
	ktap_case="ip_forward=$fwd"
	expect_eq "source-routed datagrams at sv" $(($(sv_got) - got)) 2
done
ktap_case=
