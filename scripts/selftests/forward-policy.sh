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

PY=/usr/bin/python3
SR=$SELFTESTS_DIR/sendrecv.py
load_ipv4alt
router_up
nrt sysctl -qw net.ipv4.icmp_ratelimit=0
MAC=$(rt_mac)
send() { ncl $PY "$SR" c0 "$MAC" "$@"; }
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

# forwarded SRC DST: one datagram goes through, as ipv4alt's.
forwarded() {
	local got
	got=$(sv_got)

	snap "$rt"
	send --silence "$(udp "$1" "$2")" >/dev/null ||
		fail "$1 -> $2 answered"
	expect_deltas "$rt" InReceives=1 ForwDatagrams=1
	expect_eq "$1 -> $2 arrived at $sv" $(($(sv_got) - got)) 1
}

# refused SRC DST COUNTER: dropped on input, silently, with COUNTER.
refused() {
	local got
	got=$(sv_got)

	snap "$rt"
	send --silence "$(udp "$1" "$2")" >/dev/null ||
		fail "$1 -> $2 answered"
	expect_deltas "$rt" InReceives=1 "$3"=1
	expect_eq "$1 -> $2 arrived at $sv" $(($(sv_got) - got)) 0
}

for fwd in 0 1; do
	pretty "" "stock net.ipv4.ip_forward=$fwd"
	nrt sysctl -qw net.ipv4.ip_forward=$fwd
	sf=$(stock_ip "$rt" ForwDatagrams)
	af=$(snmp "$rt" ForwDatagrams)

	# 1. Error rules on the input device: 3/13, 3/0 (a rule's
	#    "unreachable" is -ENETUNREACH, fib4_rule_action()), silence.
	for t in "prohibit 3 13" "unreachable 3 0"; do
		# shellcheck disable=SC2086 # split the case into its fields
		set -- $t
		nrt ip rule add pref 100 iif r0 "$1"
		snap "$rt"
		res=$(send --icmp "$2" "$3" --reply-from "$RT_CL_IP" \
			"$(udp "$CL_IP" "$SV_IP")") ||
			fail "iif rule $1: $res"
		expect_deltas "$rt" InReceives=1 OutNoRoutes=1 \
			OutDestUnreachs=1 OutRequests=1
		nrt ip rule del pref 100
	done
	nrt ip rule add pref 100 iif r0 blackhole
	snap "$rt"
	send --silence "$(udp "$CL_IP" "$SV_IP")" >/dev/null ||
		fail "iif rule blackhole answered"
	expect_deltas "$rt" InReceives=1 OutNoRoutes=1
	nrt ip rule del pref 100
	# A rule for another device leaves r0's traffic alone.
	nrt ip rule add pref 100 iif r1 prohibit
	forwarded "$CL_IP" "$SV_IP"
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
	grep -q "From $RT_CL_IP icmp_seq=1 Destination Host Unreachable" <<<"$res" ||
		fail "main table's dead next hop: $res"

	# 3. rp_filter on r0: strict refuses a source that lives behind r1,
	#    loose takes it, and loose refuses a source with no route back.
	set_rpf 1
	refused "$SPOOF" "$SV_IP" InAddrErrors
	forwarded "$CL_IP" "$SV_IP"
	set_rpf 2
	forwarded "$SPOOF" "$SV_IP"
	refused 192.0.2.1 "$SV_IP" InAddrErrors
	set_rpf 0
	forwarded "$SPOOF" "$SV_IP"
	forwarded 192.0.2.1 "$SV_IP"

	# 4. accept_local: a source that is the router's own address.
	refused "$RT_SV_IP" "$SV_IP" InAddrErrors
	nrt sysctl -qw net.ipv4.conf.r0.accept_local=1
	forwarded "$RT_SV_IP" "$SV_IP"
	nrt sysctl -qw net.ipv4.conf.r0.accept_local=0

	# Everything forwarded above was ipv4alt's, never the stock path's:
	# ipv4alt counts it in the stock MIB too, and ip_forward() would
	# count it again.
	expect_eq "stock ForwDatagrams delta (ip_forward=$fwd)" \
		$(($(stock_ip "$rt" ForwDatagrams) - sf)) \
		$(($(snmp "$rt" ForwDatagrams) - af))
done

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
	snap "$rt"
	res=$(send --icmp 3 5 --reply-from "$RT_CL_IP" "$(sr 137 10.9.0.1)") ||
		fail "used-up SSRR through a gateway (ip_forward=$fwd): $res"
	expect_deltas "$rt" InReceives=1 InSrcRouteDiscards=1 \
		OutDestUnreachs=1 OutRequests=1
	got=$(sv_got)
	snap "$rt"
	send --silence "$(sr 137 "$SV_IP")" >/dev/null ||
		fail "used-up SSRR on link answered"
	expect_deltas "$rt" InReceives=1 ForwDatagrams=1
	snap "$rt"
	send --silence "$(sr 131 "$SV_IP")" >/dev/null ||
		fail "used-up LSRR answered"
	expect_deltas "$rt" InReceives=1 ForwDatagrams=1
	expect_eq "source-routed datagrams at $sv" $(($(sv_got) - got)) 2
done
