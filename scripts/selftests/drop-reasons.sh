#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Drop reasons and counters tell one story: for each kind of drop, the
# exact change of ipv4alt's counters and the exact reasons the
# skb:kfree_skb tracepoint shows for the skbs ipv4alt frees (the table in
# Documentation/ipv4alt.rst, *Counters*); and a reassembled ping answered
# with no kfree_skb event at all, as its skbs were used, not dropped.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (drops.py)    │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         │ dm0 10.9.9.1/24 (dummy) │
#                                   └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"

tracing=/sys/kernel/tracing
event=$tracing/events/skb/kfree_skb
trace_off() {
	echo 0 >"$event/enable" 2>/dev/null
	echo 1 >"$tracing/options/hash-ptr" 2>/dev/null
	echo >"$tracing/trace" 2>/dev/null
}
trap 'trace_off; cleanup' EXIT

mountpoint -q "$tracing" || mount -t tracefs nodev "$tracing" ||
	fail "cannot mount tracefs"
[ -e "$event/enable" ] || fail "no skb:kfree_skb tracepoint"
# settled reads the trace while events come in: no pause on reading (the
# default since 5.7), or those events would be lost.
echo 0 >"$tracing/options/pause-on-trace"

# The reasons of 6.4 and later (DUP_FRAG, FRAG_REASM_TIMEOUT), where the
# kernel has them: the tracepoint prints every reason it knows.
if grep -q FRAG_REASM_TIMEOUT "$event/format"; then
	dup=DUP_FRAG timeout=FRAG_REASM_TIMEOUT
else
	dup=NOT_SPECIFIED timeout=NOT_SPECIFIED
fi

dut_up
nd sysctl -qw net.ipv4alt.ipfrag_time=5

# Where ipv4alt's code lies, for 6.1, whose tracepoint prints the location
# as an address (6.12 prints the symbol and "[ipv4alt]").
read -r _ mod_size _ _ _ mod_base _ < <(grep '^ipv4alt ' /proc/modules)
[ $((mod_base)) -ne 0 ] || fail "no module address in /proc/modules"

# trace_reasons ALL|OURS: the reasons of the kfree_skb events since the
# last trace_clear, one line each, in order; OURS: only those ipv4alt
# freed itself. The trace is read twice: 6.1 prints the reason blank when
# hash-ptr is off, and the location hashed when it is on.
trace_reasons() {
	local i loc locs reasons
	echo 0 >"$tracing/options/hash-ptr"
	mapfile -t locs < <(grep -a ' kfree_skb: ' "$tracing/trace")
	echo 1 >"$tracing/options/hash-ptr"
	mapfile -t reasons < <(grep -a ' kfree_skb: ' "$tracing/trace")
	[ ${#locs[@]} -eq ${#reasons[@]} ] || fail "the trace changed while read"
	for i in "${!locs[@]}"; do
		loc=${locs[i]##*location=}
		loc=${loc%% reason:*}
		if [ "$1" = OURS ]; then
			if [[ $loc =~ ^(0x)?([0-9a-f]+)$ ]]; then
				loc=$((0x${BASH_REMATCH[2]}))
				if [ "$loc" -lt $((mod_base)) ] ||
					[ "$loc" -ge $((mod_base + mod_size)) ]; then
					continue
				fi
			elif [[ $loc != *"[ipv4alt]"* ]]; then
				continue
			fi
		fi
		echo "${reasons[i]##*reason: }"
	done
}
trace_clear() {
	echo 0 >"$event/enable"
	echo >"$tracing/trace"
	echo 1 >"$event/enable"
}

# settled "REASON..." COUNTER=N...: since the last snap and trace_clear,
# ipv4alt freed skbs with exactly REASON... and its counters moved by
# exactly COUNTER=N. For wait_for: InReceives moves first, while a frame
# is still on its way through ipv4alt; its drop, ICMP error or last
# fragment come after. A try records no check: its results go to a pipe
# read for "not ok".
settled() {
	local want=$1
	shift
	! (
		IPV4ALT_KTAP=/dev/null
		exec {ktap_fd}>&1
		[ "$(trace_reasons OURS | paste -sd ' ')" = "$want" ] ||
			echo "not ok"
		expect_deltas "$dut" "$@"
	) 2>/dev/null | grep -q "not ok"
}

# check_case NAME "REASON..." COUNTER=N...: after the frames of NAME,
# ipv4alt's counters moved by exactly COUNTER=N and ipv4alt freed skbs
# with exactly REASON... (in this order).
check_case() {
	local want=$2 got
	ktap_case=$1
	shift 2
	# Until ipv4alt is done with the frames; if that never comes
	# (wait_for gives up after 300 tries), the checks below say what
	# differs.
	wait_for settled "$want" "$@" || :
	echo 0 >"$event/enable"
	got=$(trace_reasons OURS | paste -sd ' ')
	if [ "$got" = "$want" ]; then
		ktap_result ok "ipv4alt's drop reasons: ${want:-none}"
	else
		check_fail "ipv4alt's drop reasons: ${want:-none}" "got '$got'"
		grep -a ' kfree_skb: ' "$tracing/trace" >&2 || :
	fi
	expect_deltas "$dut" "$@"
	ktap_case=
}

# send N KIND: the N frames of one kind from the peer, then wait until
# the dut counted them (InReceives grows by N).
send() {
	local n=$1 kind=$2 before
	before=$(snmp "$dut" InReceives)
	snap "$dut"
	trace_clear
	pnp /usr/bin/python3 "$SELFTESTS_DIR/drops.py" vp "$dut_mac" \
		"$PEER_IP" "$DUT_IP" "$kind" >/dev/null
	check "$kind: the dut received $n frames" \
		wait_for counter_above "$dut" InReceives $((before + n - 1))
}

# Forwarding off.
send 1 bad-header
check_case bad-header "IP_INHDR" InReceives=1 InHdrErrors=1
send 1 bad-csum
check_case bad-csum "IP_CSUM" InReceives=1 InHdrErrors=1 InCsumErrors=1
send 1 truncated
check_case truncated "PKT_TOO_SMALL" InReceives=1 InTruncatedPkts=1
send 1 martian-source
check_case martian-source "IP_INADDRERRORS" InReceives=1 InAddrErrors=1
send 1 not-local
check_case not-local "IP_INADDRERRORS" InReceives=1 InNotLocal=1
send 1 mcast-not-joined
check_case mcast-not-joined "OTHERHOST" InReceives=1 InMcastNotJoined=1
send 1 unknown-proto
check_case unknown-proto "IP_NOPROTO" InReceives=1 InUnknownProtos=1 \
	OutDestUnreachs=1 OutRequests=1

# Reassembly: an overlap drops the held fragment and the new one.
send 2 overlap
check_case overlap "NOT_SPECIFIED NOT_SPECIFIED" InReceives=2 ReasmReqds=2 \
	ReasmFails=1 ReasmOverlaps=1
# A duplicate drops the copy; the first stays held until ipfrag_time,
# which must outlast the checks of the held state below: 5 s did not on a
# guest slowed tenfold by a loaded host (the queue timed out first).
pnd sysctl -qw net.ipv4alt.ipfrag_time=60
send 2 duplicate
# The first fragment is held (and ReasmMemory complete) once the copy
# was found a duplicate.
check "duplicate: ReasmDuplicates counted" \
	wait_for counter_above "$dut" ReasmDuplicates "${SNAP[$dut.ReasmDuplicates]}"
held=$(delta "$dut" ReasmMemory)
# The timeout case below needs the held queue.
require "duplicate: ReasmMemory grew" [ "$held" -gt 0 ]
check_case duplicate "$dup" InReceives=2 ReasmReqds=2 ReasmDuplicates=1 \
	ReasmMemory=@held
snap "$dut"
trace_clear
WAIT_TRIES=900 check "a reassembly timeout" \
	wait_for counter_above "$dut" ReasmTimeout 0
check_case timeout "$timeout" ReasmFails=1 ReasmTimeout=1 OutTimeExcds=1 \
	OutRequests=1 ReasmMemory=-@held
pnd sysctl -qw net.ipv4alt.ipfrag_time=5

# Forwarding on.
pnd sysctl -qw net.ipv4alt.forwarding=1
send 1 ttl-expired
check_case ttl-expired "IP_INHDR" InReceives=1 ForwExhaustedTTL=1 \
	OutTimeExcds=1 OutRequests=1
send 1 no-route
check_case no-route "IP_INNOROUTES" InReceives=1 OutNoRoutes=1 \
	OutDestUnreachs=1 OutRequests=1
send 1 link-local-source
check_case link-local-source "IP_INADDRERRORS" InReceives=1 \
	ForwLinkLocalSource=1

# An echo request in 3 fragments, answered in 3: every skb is used, none
# dropped, so no kfree_skb event at all, ipv4alt's or another's. The
# request comes from 10.9.9.9, which the dut routes to a dummy device
# (selected too), whose transmit consumes the reply's fragments: a reply
# to the peer would also show the frees of the peer's own stock stack.
pnd ip link add dm0 type dummy
pnd ip addr add 10.9.9.1/24 dev dm0
pnd ip link set dm0 up
nd sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.vd.rp_filter=0
pnd sysctl -qw net.ipv4alt.conf.dm0.enabled=1
pnd ip neigh add 10.9.9.9 lladdr 02:00:00:00:09:09 dev dm0
# reassembled_echo WHAT: the reassembled echo request is answered
# out of dm0 in 3 fragments, with no kfree_skb event and exact counters.
reassembled_echo() {
	local sent_before got want=(InReceives=3 ReasmReqds=3 ReasmOKs=1
		InDelivers=1 InEchos=1 OutEchoReps=1 OutRequests=1 FragOKs=1
		FragCreates=3)
	ktap_case=$1
	sent_before=$(nd cat /sys/class/net/dm0/statistics/tx_packets)
	send 3 frag-echo
	# FragOKs moves last, after the request was freed.
	wait_for settled "" "${want[@]}" || :
	echo 0 >"$event/enable"
	got=$(trace_reasons ALL | paste -sd ' ')
	if [ -z "$got" ]; then
		ktap_result ok "no kfree_skb event"
	else
		check_fail "no kfree_skb event" "kfree_skb events: $got"
		grep -a ' kfree_skb: ' "$tracing/trace" >&2 || :
	fi
	expect_deltas "$dut" "${want[@]}"
	expect_eq "reply fragments sent on dm0" \
		$(($(nd cat /sys/class/net/dm0/statistics/tx_packets) - sent_before)) 3
	ktap_case=
}
reassembled_echo "reassembled echo answered"

# The same through a smaller MTU: the reply is cut into new pieces, and
# the reassembled request, frag_list and all, is consumed.
pnd ip link set dm0 mtu 1280
reassembled_echo "reassembled echo answered in new pieces"
