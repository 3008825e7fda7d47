#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fragment flood: $peer sends first fragments with random IDs that never
# complete, as fast as it can, while $peer2 pings with 3000-byte echos
# (three fragments each). ReasmMemory, sampled all along, never exceeds
# ipfrag_high_thresh plus one datagram's worth; oldest-first eviction
# keeps at least 90% of the fragmented echos working; every frame is
# accounted for.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (hostile.c)   │  veth   │ $dut (ipv4alt on vd,    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24   vd2)   │
#   └─────────────────────┘         │                         │
#   ┌─────────────────────┐  veth   │                         │
#   │ $peer2 (ping -s)    ├─────────┤ vd2 10.0.1.2/24         │
#   │ vp2 10.0.1.1/24     │         └─────────────────────────┘
#   └─────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
peer2=peer2-$$
trap 'ip netns del "$peer2" 2>/dev/null; cleanup' EXIT

HIGH=262144
LOW=196608
# A 65535-byte datagram's worth: its payload and the overhead of its skbs.
DATAGRAM=131072
PINGS=${FRAG_PINGS:-100}
HOSTILE=$(hostile_bin)

load_ipv4alt
topo_up
ip netns add "$peer2"
ip -n "$peer2" link set lo up
np2() { ip netns exec "$peer2" "$@"; }
np2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add vp2 netns "$peer2" type veth peer name vd2 netns "$dut"
ip -n "$peer2" addr add 10.0.1.1/24 dev vp2
ip -n "$dut" addr add 10.0.1.2/24 dev vd2
ip -n "$peer2" link set vp2 up
ip -n "$dut" link set vd2 up
select_dut 1
pnd sysctl -qw net.ipv4alt.conf.vd2.enabled=1
pnd sysctl -qw net.ipv4alt.ipfrag_low_thresh=$LOW
pnd sysctl -qw net.ipv4alt.ipfrag_high_thresh=$HIGH
# No timeouts in this test: only eviction frees memory.
pnd sysctl -qw net.ipv4alt.ipfrag_time=300
ping_ok "$peer" "$DUT_IP" 1
ping_ok "$peer2" 10.0.1.2 1

snap "$dut"
secs=$((PINGS / 10 + 8))
pretty peer "hostile frags for $secs s"
np "$HOSTILE" frags vp "$(link_addr "$dut" vd)" \
	"$PEER_IP" "$DUT_IP" "$secs" >/tmp/flood.out &
flood=$!
# The sampler: shell builtins only, so that it reads as often as it can.
# shellcheck disable=SC2016 # the sampler's own variables
nd bash -c 'max=0 n=0 end=$((SECONDS + '"$secs"'))
	while [ $SECONDS -lt $end ]; do
		while read -r k v; do
			[ "$k" = ReasmMemory ] || continue
			n=$((n + 1))
			[ "$v" -le "$max" ] || max=$v
		done </proc/net/ipv4alt/snmp
	done
	echo "$max $n"' >/tmp/sampler.out &
sampler=$!
# Polled, not a fixed sleep: a slowed guest's flood starts late.
check "the flood filled reassembly memory to ipfrag_high_thresh" \
	wait_for counter_above "$dut" ReasmFails "${SNAP[$dut.ReasmFails]}"
out=$(np2 ping -n -q -c "$PINGS" -i 0.1 -W 2 -s 3000 10.0.1.2) || true
answered=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
wait "$flood" "$sampler"
read -r _ flooded _ </tmp/flood.out
read -r max samples </tmp/sampler.out
pretty peer2 "$answered of $PINGS fragmented echos answered during a flood" \
	"of $flooded fragments"
pretty dut "ReasmMemory at most $max bytes in $samples samples" \
	"(high_thresh $HIGH, bound $((HIGH + DATAGRAM)))"
if [ "$samples" -ge 100 ]; then
	ktap_result ok "at least 100 samples of ReasmMemory"
else
	check_fail "at least 100 samples of ReasmMemory" "only $samples samples"
fi
if [ "$max" -le $((HIGH + DATAGRAM)) ]; then
	ktap_result ok "ReasmMemory at most high_thresh + a datagram"
else
	check_fail "ReasmMemory at most high_thresh + a datagram" \
		"reached $max, above $HIGH + $DATAGRAM"
fi
if [ "$max" -gt "$LOW" ]; then
	ktap_result ok "ReasmMemory went past low_thresh"
else
	check_fail "ReasmMemory went past low_thresh" "at most $max"
fi
if [ $((answered * 100)) -ge $((PINGS * 90)) ]; then
	ktap_result ok "at least 90% of the fragmented echos answered"
else
	check_fail "at least 90% of the fragmented echos answered" "$answered of $PINGS"
fi

# Accounting: every frame is a fragment, or one of the two unfragmented
# pings before the snapshot; each reassembled datagram is an echo request
# answered once. Evictions are the only failures.
d() { delta "$dut" "$1"; }
oks=$(d ReasmOKs)
expect_eq InReceives "$(d InReceives)" $(($(d ReasmReqds))) ReasmReqds
expect_eq InDelivers "$(d InDelivers)" "$oks" ReasmOKs
expect_eq InEchos "$(d InEchos)" "$oks" ReasmOKs
expect_eq OutEchoReps "$(d OutEchoReps)" "$oks" ReasmOKs
if [ "$answered" -le "$oks" ]; then
	ktap_result ok "echos answered at most ReasmOKs"
else
	check_fail "echos answered at most ReasmOKs" \
		"$answered answered, $oks reassembled"
fi
if [ "$oks" -le "$PINGS" ]; then
	ktap_result ok "ReasmOKs at most the echos sent"
else
	check_fail "ReasmOKs at most the echos sent" "$oks reassembled, $PINGS sent"
fi
for c in InHdrErrors InTruncatedPkts InAddrErrors InDiscards InNotLocal \
	InUnknownProtos ReasmTimeout ReasmOverlaps; do
	expect_eq "$c" "$(d "$c")" 0
done
# A random ID may be one a held flood datagram has: the first fragment is
# then a duplicate (ReasmDuplicates), a few hundred times per run.
pretty "" "ReasmFails (evictions) $(d ReasmFails), ReasmReqds" \
	"$(d ReasmReqds), ReasmDuplicates (repeated random IDs)" \
	"$(d ReasmDuplicates)"

# Legitimate traffic still works on both links.
ping_ok "$peer" "$DUT_IP" 2
ping_ok "$peer2" 10.0.1.2 3 -s 3000
