#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The stock MIB (/proc/net/snmp, /proc/net/netstat) tells the same story
# with ipv4alt as on the stock path. Two identical sides in one VM: the
# stock side's dut does not select its devices, the ipv4alt side's dut
# selects both. Each peer sends the same fixed mix of traffic to its dut:
# pings (one fragmented), a UDP exchange and a datagram to a closed port,
# a TCP transfer, forwarded pings (one fragmented by the dut), a
# forwarded ping whose TTL runs out, a forwarded DF ping too big for
# the next hop, forwarded pings without a route and to an "unreachable"
# route, and crafted frames (mibmix.py): a bad header checksum,
# an unknown protocol and a first fragment that never completes. Then
# `nstat -az` of both duts is compared counter by counter: every Ip*,
# IpExt*, Icmp* and IcmpMsg* counter must match, unless the table
# "Stock counters that differ with ipv4alt" in Documentation/ipv4alt.rst
# lists it with its reason.
#
# A kprobe on ip_rcv() proves that the stock receive path did not run for
# the ipv4alt dut: its hits equal the stock InReceives of the stock
# namespaces only.
#
# For each side S (stock, alt):
#
#   ┌──────────────────┐      ┌───────────────────────────────┐      ┌─────────────────┐
#   │ S-peer (stock)   │ veth │ S-dut (alt: ipv4alt on vd, vs)│ veth │ S-sv (stock)    │
#   │ vp 10.0.0.1/24   ├──────┤ vd 10.0.0.2   vs 10.2.0.1/24  ├──────┤ s0 10.2.0.2/24  │
#   └──────────────────┘      └───────────────────────────────┘ 1280 └─────────────────┘
#
# Both duts forward (net.ipv4.ip_forward=1 and net.ipv4alt.forwarding=1)
# and time fragments out after 1 s (net.ipv4.ipfrag_time and
# net.ipv4alt.ipfrag_time). Neighbours are static, IPv6 is off and TCP is
# made deterministic (no segmentation offloads, no autocorking, quickack
# routes), so both sides see the same frames.
set -e
. "$(dirname "$0")/lib.sh"

SV_NET_IP=10.2.0.1
SV_IP=10.2.0.2
sides="stock alt"
tracing=/sys/kernel/tracing
probe=ipv4alt_mib_rcv_$$
probe_list=ipv4alt_mib_list_$$
tmp=$(mktemp -d)

mib_cleanup() {
	local s
	probe_off
	for s in $sides; do
		ip netns del "$s-peer-$$" 2>/dev/null
		ip netns del "$s-dut-$$" 2>/dev/null
		ip netns del "$s-sv-$$" 2>/dev/null
	done
	rm -rf "$tmp"
	cleanup
}
trap mib_cleanup EXIT

probe_off() {
	local p
	[ -w "$tracing/kprobe_events" ] || return 0
	for p in "$probe" "$probe_list"; do
		echo 0 >"$tracing/events/kprobes/$p/enable" 2>/dev/null
		echo "-:kprobes/$p" >>"$tracing/kprobe_events" 2>/dev/null
	done
	return 0
}

# side S: point the lib.sh wrappers (np, nd, nsv) at side S.
side() {
	peer=$1-peer-$$
	dut=$1-dut-$$
	sv=$1-sv-$$
}

side_up() {
	side "$1"
	ns_up "$peer" "$dut" "$sv"
	ip link add vp netns "$peer" type veth peer name vd netns "$dut"
	ip link add vs netns "$dut" mtu 1280 type veth peer name s0 netns "$sv" mtu 1280
	ip -n "$peer" addr add "$PEER_IP/24" dev vp
	ip -n "$dut" addr add "$DUT_IP/24" dev vd
	ip -n "$dut" addr add "$SV_NET_IP/24" dev vs
	ip -n "$sv" addr add "$SV_IP/24" dev s0
	# One frame per segment, both ways.
	np ethtool -K vp tso off gso off gro off >/dev/null
	nd ethtool -K vd tso off gso off gro off >/dev/null
	nd ethtool -K vs tso off gso off gro off >/dev/null
	nsv ethtool -K s0 tso off gso off gro off >/dev/null
	ip -n "$peer" link set vp up
	ip -n "$dut" link set vd up
	ip -n "$dut" link set vs up
	ip -n "$sv" link set s0 up
	ip -n "$peer" route add 10.2.0.0/24 via "$DUT_IP"
	ip -n "$sv" route add default via "$SV_NET_IP"
	# Beyond the dut: no route at all (3/0, InNoRoutes in ip_error()),
	# and an "unreachable" route (3/1, no counter).
	ip -n "$peer" route add 10.3.0.0/16 via "$DUT_IP"
	ip -n "$dut" route add unreachable 10.3.1.0/24
	# Every ACK at once, so that the TCP exchange has one shape.
	ip -n "$peer" route add "$DUT_IP/32" dev vp quickack 1
	ip -n "$dut" route add "$PEER_IP/32" dev vd quickack 1
	np sysctl -qw net.ipv4.tcp_autocorking=0
	nd sysctl -qw net.ipv4.tcp_autocorking=0
	neigh_permanent "$peer" vp "$DUT_IP" "$dut" vd
	neigh_permanent "$dut" vd "$PEER_IP" "$peer" vp
	neigh_permanent "$dut" vs "$SV_IP" "$sv" s0
	neigh_permanent "$sv" s0 "$SV_NET_IP" "$dut" vs
	# The same configuration on both duts; only the selection differs.
	nd sysctl -qw net.ipv4.ip_forward=1 net.ipv4alt.forwarding=1
	nd sysctl -qw net.ipv4.ipfrag_time=1 net.ipv4alt.ipfrag_time=1
	if [ "$1" = alt ]; then
		pnd sysctl -qw net.ipv4alt.conf.vd.enabled=1 \
			net.ipv4alt.conf.vs.enabled=1
	fi
}

# stock_in NS: the stock "Ip: InReceives" of NS.
stock_in() { stock_ip "$1" InReceives; }

# hits PROBE: how often PROBE fired since it was placed.
hits() {
	# shellcheck disable=SC2016 # an awk program
	awk -v p="$1" '$1 == p { print $2; f = 1 } END { if (!f) print "none" }' \
		"$tracing/kprobe_profile"
}

# ping_expect NS ERROR ARGS...: a ping that must fail with ERROR in its
# output (an ICMP error came back).
ping_expect() {
	local ns=$1 want=$2 out what
	shift 2
	what="${ns%%-*}: ping $*: $want"
	if out=$(ip netns exec "$ns" ping -n -W 2 "$@" 2>&1); then
		check_fail "$what" "answered"
	elif ! grep -q "$want" <<<"$out"; then
		check_fail "$what" "$out"
	else
		ktap_result ok "$what"
	fi
}

# traffic S: the fixed mix, peer to dut (and through it to sv).
traffic() {
	local out
	side "$1"
	pretty "$1" "the traffic mix"
	# First, so that the fragment's timer runs during the rest.
	pnp /usr/bin/python3 "$SELFTESTS_DIR/mibmix.py" vp "$(link_addr "$dut" vd)" \
		"$PEER_IP" "$DUT_IP"
	ping_ok "$peer" "$DUT_IP" 3
	ping_ok "$peer" "$DUT_IP" 2 -s 3000

	nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-echo 6000 >"$tmp/udp" &
	wait_for grep -q ready "$tmp/udp" || fail "UDP echo did not start"
	expect_eq "$1: UDP answer" \
		"$(np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-ask "$DUT_IP" 6000 mib-stock)" \
		MIB-STOCK
	wait
	# No socket on port 6999: ICMP 3/3.
	np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-send "$DUT_IP" 6999 6001 1

	# Four full segments (MSS 1448 with timestamps): all sent at once,
	# the FIN on its own.
	nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-sink 6002 >"$tmp/tcp" &
	wait_for grep -q ready "$tmp/tcp" || fail "TCP sink did not start"
	check "$1: TCP, 5792 bytes to dut, sha256 matches" \
		pnp /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-send "$DUT_IP" 6002 5792
	wait

	ping_ok "$peer" "$SV_IP" 2
	if out=$(np ping -n -q -c 1 -W 2 -M dont -s 1400 "$SV_IP"); then
		ktap_result ok "$1: ping -M dont -s 1400 $SV_IP, fragmented by dut, answered"
	else
		check_fail "$1: ping -M dont -s 1400 $SV_IP, fragmented by dut, answered" "$out"
	fi
	ping_expect "$peer" "Time to live exceeded" -c 1 -t 1 "$SV_IP"
	ping_expect "$peer" "Frag needed" -c 1 -M "do" -s 1400 "$SV_IP"
	ping_expect "$peer" "Destination Net Unreachable" -c 1 10.3.0.1
	ping_expect "$peer" "Destination Host Unreachable" -c 1 10.3.1.1
}

# reasm_timed_out S: has the fragment of mibmix.py timed out in S's dut?
# (ipv4alt's own counter on the alt side, where the stock one is judged.)
reasm_timed_out() {
	if [ "$1" = alt ]; then
		[ "$(snmp "$dut" ReasmTimeout)" -ge 1 ]
	else
		[ "$(stock_ip "$dut" ReasmTimeout)" -ge 1 ]
	fi
}
# peer_icmp_at_least FIELD N: has the peer counted N of Icmp FIELD?
peer_icmp_at_least() {
	[ "$(stock_mib "$peer" Icmp "$1")" -ge "$2" ]
}

# wait_reasm_timeout S: wait out the fragment timeout (polling the
# counters, up to 30 s for a 1 s timeout) and the ICMP errors it and the
# rest of the mix sent to the peer.
wait_reasm_timeout() {
	side "$1"
	check "$1: the fragment timed out within 30 s (ipfrag_time 1 s)" \
		wait_for reasm_timed_out "$1"
	# On the stock side the peer gets 11/1 (reassembly) and 11/0 (TTL);
	# the alt side's peer waits for as many ICMP messages as the stock
	# side's got, and a shortfall shows in the comparison.
	if [ "$1" = stock ]; then
		check "stock: the peer got its two ICMP time exceeded" \
			wait_for peer_icmp_at_least InTimeExcds 2
		stock_peer_icmp=$(stock_mib "$peer" Icmp InMsgs)
	else
		wait_for peer_icmp_at_least InMsgs "$stock_peer_icmp" ||
			pretty alt "the peer got fewer ICMP messages than the stock side's peer"
	fi
}

mountpoint -q "$tracing" || mount -t tracefs nodev "$tracing" ||
	fail "cannot mount tracefs: this check needs CONFIG_KPROBE_EVENTS"
echo "p:kprobes/$probe ip_rcv" >>"$tracing/kprobe_events" ||
	fail "cannot place a kprobe on ip_rcv"
echo "p:kprobes/$probe_list ip_list_rcv" >>"$tracing/kprobe_events" ||
	fail "cannot place a kprobe on ip_list_rcv"
echo 1 >"$tracing/events/kprobes/$probe/enable"
echo 1 >"$tracing/events/kprobes/$probe_list/enable"

load_ipv4alt
kernel=$(uname -r | cut -d. -f1,2)
declare -A rcv_hits stock_rx
for s in $sides; do
	side_up "$s"
done
for s in $sides; do
	side "$s"
	snap "$dut"
	h0=$(hits "$probe")
	rx0=$(($(stock_in "$peer") + $(stock_in "$sv")))
	traffic "$s"
	wait_reasm_timeout "$s"
	rcv_hits[$s]=$(($(hits "$probe") - h0))
	stock_rx[$s]=$(($(stock_in "$peer") + $(stock_in "$sv") - rx0))
	NSTAT_HISTORY=$tmp/nstat-$s.hist nd nstat -asz >"$tmp/nstat-$s"
	pretty "$s" "stock receive path: ip_rcv() ran ${rcv_hits[$s]} times;" \
		"the peer and sv received ${stock_rx[$s]}, the dut $(stock_in "$dut")"
done

# The stock receive path: the peer's and sv's frames, and on the stock side
# the dut's; never the ipv4alt dut's. veth without GRO delivers one frame
# at a time, so ip_list_rcv() never runs.
expect_eq "ip_list_rcv() calls (veth without GRO)" "$(hits "$probe_list")" 0
side stock
expect_eq "stock side: ip_rcv() calls" "${rcv_hits[stock]}" \
	"$((stock_rx[stock] + $(stock_in "$dut")))" \
	"frames received by peer, dut and sv"
stock_frames=$(stock_in "$dut")
side alt
expect_eq "ipv4alt side: ip_rcv() calls" "${rcv_hits[alt]}" "${stock_rx[alt]}" \
	"frames received by peer and sv"
# The frames the stock dut received all went through ipv4alt.
expect_eq "ipv4alt InReceives" "$(delta "$dut" InReceives)" "$stock_frames" \
	"the stock dut's Ip InReceives"
# ipv4alt's own view of the mix, exactly. TCP's segments (SYN, ACKs,
# data, FINs) are what the dut's Tcp counters say.
tcp_in=$(stock_mib "$dut" Tcp InSegs)
tcp_out=$(stock_mib "$dut" Tcp OutSegs)
# In: 3 crafted, 3 echo requests, 2 x 3 fragments, 2 UDP, 2 forwarded
# echo requests and their replies, the 1428-byte request and its reply in
# 2 fragments, TTL 1, DF too big, 2 without a way on. Delivered: 3 + 2
# echo requests and 2 UDP. Out: 5 echo replies, the UDP answer, ICMP 3/3
# (from UDP), 3/2, 11/1, 11/0, 3/4, 3/0 and 3/1. Fragmented: the 2
# replies of 3000 bytes (3 each) and the forwarded request (2).
# shellcheck disable=SC2034 # read by expect_deltas, as @NAME
in_25_tcp=$((25 + tcp_in)) in_7_tcp=$((7 + tcp_in)) out_13_tcp=$((13 + tcp_out))
expect_deltas "$dut" InReceives=@in_25_tcp InHdrErrors=1 InCsumErrors=1 \
	InUnknownProtos=1 InDelivers=@in_7_tcp ForwDatagrams=7 \
	ForwExhaustedTTL=1 OutNoRoutes=2 OutRequests=@out_13_tcp \
	ReasmReqds=7 ReasmOKs=2 ReasmFails=1 ReasmTimeout=1 FragOKs=3 \
	FragFails=1 FragCreates=8 InEchos=5 OutEchoReps=5 OutTimeExcds=2 \
	OutDestUnreachs=4
side stock
expect_eq "stock ReasmTimeout" "$(stock_ip "$dut" ReasmTimeout)" 1

side alt
pretty "alt" "ipv4alt's own counters (non-zero):"
# shellcheck disable=SC2016 # an awk program
nd awk '$2 != 0 { printf "    %-26s %s\n", $1, $2 }' /proc/net/ipv4alt/snmp >&2

# Documented differences: counter<TAB>kernel from the list-table in the
# section "Stock counters that differ with ipv4alt" of
# Documentation/ipv4alt.rst (kernel "all", "6.1" or "6.12"); only a
# list-table at the left margin counts, not the example in its text.
doc=$SELFTESTS_DIR/../../Documentation/ipv4alt.rst
grep -qx 'Stock counters that differ with ipv4alt' "$doc" ||
	fail "no section 'Stock counters that differ with ipv4alt' in $doc"
# shellcheck disable=SC2016 # an awk program
awk '/^[-=~^]+$/ && prev != "" { on = (prev == "Stock counters that differ with ipv4alt"); tab = 0 }
	on && /^\.\. list-table::/ { tab = 1 }
	tab && /^   \* - ``/ { c = $0; sub(/^   \* - ``/, "", c); sub(/``.*/, "", c); want = 1; prev = $0; next }
	tab && want && /^     - ``/ { k = $0; sub(/^     - ``/, "", k); sub(/``.*/, "", k)
		print c "\t" k; want = 0 }
	{ prev = $0 }' "$doc" >"$tmp/documented"
pretty "doc" "documented differences: $(awk '{ printf "%s (%s) ", $1, $2 }' "$tmp/documented")"

documented() {
	grep -qxF "$1"$'\t'all "$tmp/documented" ||
		grep -qxF "$1"$'\t'"$kernel" "$tmp/documented"
}

# The comparison: every counter either dut printed (a missing one is 0).
judged() { grep -qE '^(Ip[^6]|Icmp[^6])' <<<"$1"; }
bad=0 differs=
printf '%-30s %12s %12s  %s\n' COUNTER STOCK IPV4ALT VERDICT >&2
while read -r name; do
	st=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/nstat-stock")
	al=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/nstat-alt")
	st=${st:-0} al=${al:-0}
	if judged "$name"; then
		if [ "$st" = "$al" ]; then
			verdict=same
		elif documented "$name"; then
			verdict=documented
		else
			verdict=DIFFERS
			bad=$((bad + 1))
			differs+=" $name (stock $st, ipv4alt $al)"
		fi
	elif [ "$st" = 0 ] && [ "$al" = 0 ]; then
		continue
	else
		verdict=info
	fi
	printf '%-30s %12s %12s  %s\n' "$name" "$st" "$al" "$verdict" >&2
done < <(cat "$tmp/nstat-stock" "$tmp/nstat-alt" | awk '$1 !~ /^#/ &&
	$1 ~ /^(Ip|Icmp|IcmpMsg|IpExt|Tcp|TcpExt|Udp)/ && $1 !~ /^(Ip6|Icmp6|Udp6|UdpLite6)/ &&
	!seen[$1]++ { print $1 }')
what="every Ip, IpExt, Icmp and IcmpMsg counter as on the stock path or documented"
if [ $bad = 0 ]; then
	ktap_result ok "$what"
else
	check_fail "$what" "$bad differ on $kernel and are not in the table of ipv4alt.rst:$differs"
fi
