#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation fuzz: FUZZ_COUNT (default 100000) frames mutated from valid ICMP
# echo and UDP datagrams (IHL, version, total length, flags, offset, TTL,
# protocol, option bytes and option lengths 0, 1 and 255, checksum,
# truncated and padded L2 frames), sent by hostile.c on a packet socket
# to the dut's MAC. Every frame is counted exactly once, the outcomes of
# the header checks are exactly those hostile.c predicts, and echo still
# works afterwards.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (hostile.c)   │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

COUNT=${FUZZ_COUNT:-100000}
SEED=${FUZZ_SEED:-$RANDOM}
HOSTILE=$(hostile_bin)

dut_up
# Reassembly timeouts during the run (11/1 errors) are side effects
# accounted for below; a short time exercises them.
pnd sysctl -qw net.ipv4alt.ipfrag_time=5

icmp_out0=$(stock_mib "$dut" Icmp OutMsgs)
peer_out0=$(stock_mib "$peer" Ip OutRequests)
peer_icmp0=$(stock_mib "$peer" Icmp OutMsgs)
peer_tcp0=$(stock_mib "$peer" Tcp OutSegs)
rst0=$(stock_mib "$dut" Tcp OutRsts)
snap "$dut"
start=$SECONDS
pretty peer "hostile fuzz $COUNT frames, seed $SEED"
read -r _ sent _ hdr _ csum _ trunc _ frag _ empty _ rest < <(
	np "$HOSTILE" fuzz vp "$dut_mac" \
		"$PEER_IP" "$DUT_IP" "$COUNT" "$SEED")
pretty peer "sent $sent in $((SECONDS - start)) s: header errors $hdr," \
	"checksum $csum, truncated $trunc, fragments $frag (empty" \
	"$empty), unfragmented passing $rest"
expect_eq "frames sent" "$sent" "$COUNT"

# Queues left by the fuzz time out within ipfrag_time; then nothing moves
# any more, and one reading of the counters is consistent.
reasm_idle() { [ "$(snmp "$dut" ReasmMemory)" = 0 ]; }
require "ReasmMemory back to 0" wait_for reasm_idle
declare -A NOW
while read -r n v; do
	NOW[$n]=$v
done < <(nd cat /proc/net/ipv4alt/snmp)
d() { echo $((NOW[$1] - SNAP[$dut.$1])); }
# The peer's stock stack may answer what the dut sends back (a TCP reset,
# say): those datagrams reach ipv4alt too.
peer_out=$(($(stock_mib "$peer" Ip OutRequests) - peer_out0))
pretty peer "stock datagrams sent meanwhile: $peer_out (ICMP" \
	"$(($(stock_mib "$peer" Icmp OutMsgs) - peer_icmp0)), TCP" \
	"$(($(stock_mib "$peer" Tcp OutSegs) - peer_tcp0)))"
moved=""
for n in "${!NOW[@]}"; do
	[ "$(d "$n")" = 0 ] || moved+=" $n=$(d "$n")"
done
pretty dut "deltas:$moved"
# Every frame reached ipv4alt, and the header checks ended as predicted.
expect_eq InReceives "$(d InReceives)" $((sent + peer_out)) \
	"frames sent + the peer's datagrams"
expect_eq InCsumErrors "$(d InCsumErrors)" "$csum" "predicted"
expect_eq InTruncatedPkts "$(d InTruncatedPkts)" "$trunc" "predicted"
expect_eq ReasmReqds "$(d ReasmReqds)" "$frag" "predicted fragments"
for c in InAddrErrors InDiscards InNotLocal InMcastNotJoined ForwDatagrams \
	ForwExhaustedTTL ForwLinkLocalSource ForwLinkLocalDestination \
	ForwBcastMcast OutNoRoutes OutDiscards FragFails; do
	expect_eq "$c" "$(d "$c")" 0
done

# What passed the header checks unfragmented, and the datagrams reassembled,
# end in the option checks (InHdrErrors beyond the header checks), a
# refused source route, an unknown protocol, or delivery.
opt_errors=$(($(d InHdrErrors) - hdr - csum))
if [ "$opt_errors" -ge 0 ]; then
	ktap_result ok "InHdrErrors at least the predicted header and checksum errors"
else
	check_fail "InHdrErrors at least the predicted header and checksum errors" \
		"InHdrErrors $(d InHdrErrors) below $((hdr + csum))"
fi
# Each empty fragment gave up one datagram.
if [ "$(d ReasmFails)" -ge "$empty" ]; then
	ktap_result ok "ReasmFails at least the empty fragments"
else
	check_fail "ReasmFails at least the empty fragments" \
		"ReasmFails $(d ReasmFails) below $empty"
fi
expect_eq "option errors + InSrcRouteDiscards + InUnknownProtos + InDelivers" \
	$((opt_errors + $(d InSrcRouteDiscards) + $(d InUnknownProtos) + \
	$(d InDelivers))) $((rest + peer_out + $(d ReasmOKs))) \
	"unfragmented passing + the peer's datagrams + ReasmOKs"

# The identity of the Counters section: each frame ends in one outcome,
# except fragments, counted in ReasmReqds, whose datagram goes on once as
# a whole (ReasmOKs).
outcomes=0
for c in InHdrErrors InTruncatedPkts InAddrErrors InDiscards \
	InSrcRouteDiscards InNotLocal InMcastNotJoined InUnknownProtos \
	InDelivers ForwDatagrams ForwExhaustedTTL ForwLinkLocalSource \
	ForwLinkLocalDestination ForwBcastMcast OutNoRoutes FragFails \
	OutDiscards; do
	outcomes=$((outcomes + $(d "$c")))
done
expect_eq InReceives "$(d InReceives)" \
	$((outcomes + $(d ReasmReqds) - $(d ReasmOKs))) \
	"outcomes + ReasmReqds - ReasmOKs"

# Side effects. ipv4alt's ICMP errors: parameter problems for bad options,
# 3/2 for unknown protocols, 11/1 for timed-out reassembly; each either
# sent or rate limited (or not sent at all, about an ICMP error).
sent_icmp=$(($(d OutParmProbs) + $(d OutDestUnreachs) + $(d OutTimeExcds)))
if [ $(($(d OutParmProbs) + $(d OutDestUnreachs))) -le \
	$((opt_errors + $(d InUnknownProtos))) ]; then
	ktap_result ok "ICMP 12 and 3 errors at most the datagrams that earn them"
else
	why="OutParmProbs $(d OutParmProbs) + OutDestUnreachs"
	why+=" $(d OutDestUnreachs) above $opt_errors option errors"
	why+=" + InUnknownProtos $(d InUnknownProtos)"
	check_fail "ICMP 12 and 3 errors at most the datagrams that earn them" "$why"
fi
if [ "$(d OutTimeExcds)" -le "$(d ReasmTimeout)" ]; then
	ktap_result ok "11/1 errors at most the timed-out datagrams"
else
	check_fail "11/1 errors at most the timed-out datagrams" \
		"OutTimeExcds $(d OutTimeExcds), ReasmTimeout $(d ReasmTimeout)"
fi
# Each echo request that passed LOCAL_IN was answered, unless it was short
# or its checksum bad.
expect_eq OutEchoReps "$(d OutEchoReps)" \
	$(($(d InEchos) - $(d IcmpInErrors))) "InEchos - IcmpInErrors"
# Everything the dut sent out of vd: ipv4alt's replies and errors, and
# what the stock stack answered (UDP port unreachable, TCP resets). The
# stock Icmp OutMsgs counts ipv4alt's messages too (design.rst).
stock_icmp=$(($(stock_mib "$dut" Icmp OutMsgs) - icmp_out0 -
	$(d OutEchoReps) - sent_icmp))
if [ "$stock_icmp" -ge 0 ]; then
	ktap_result ok "stock Icmp OutMsgs counted at least what ipv4alt sent"
else
	check_fail "stock Icmp OutMsgs counted at least what ipv4alt sent" \
		"short by ${stock_icmp#-}"
fi
rsts=$(($(stock_mib "$dut" Tcp OutRsts) - rst0))
expect_eq OutRequests "$(d OutRequests)" \
	$(($(d OutEchoReps) + sent_icmp + stock_icmp + rsts)) \
	"echo replies + ipv4alt ICMP + stock ICMP + RSTs"
pretty "" "ReasmOKs $(d ReasmOKs) ReasmFails $(d ReasmFails)" \
	"ReasmTimeout $(d ReasmTimeout) ReasmOverlaps $(d ReasmOverlaps)" \
	"ReasmDuplicates $(d ReasmDuplicates) InEchos $(d InEchos)" \
	"OutEchoReps $(d OutEchoReps) ICMP errors $sent_icmp" \
	"OutRateLimited $(d OutRateLimited)"

# Legitimate traffic still works, whole and fragmented.
ping_ok "$peer" "$DUT_IP" 3
ping_ok "$peer" "$DUT_IP" 2 -s 3000
