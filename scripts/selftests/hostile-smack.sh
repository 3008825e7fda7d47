#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# FragmentSmack-style: per datagram, SLOTS/2 tiny (8-byte) fragments in
# random order with gaps between them (one tree node each), then a
# fragment that overlaps one of them: the first overlap kills the queue.
# The other SLOTS/2 fragments, the final one among them, then make a new
# queue, which another overlap kills too; so no datagram completes. The
# counters are exact, nothing stays held, and the time per fragment is
# reported (TCG timings are too noisy to assert).
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (hostile.c)   │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

DATAGRAMS=${SMACK_DATAGRAMS:-20}
SLOTS=${SMACK_SLOTS:-1024}
HOSTILE=$(hostile_bin)

dut_up
# SLOTS/2 fragments per queue stay within ipfrag_max_frags (2048) and the
# default memory thresholds: nothing is evicted.
[ $((SLOTS / 2)) -le "$(nd sysctl -n net.ipv4alt.ipfrag_max_frags)" ] ||
	fail "SLOTS too large"

snap "$dut"
start=$SECONDS
read -r _ frames _ even _ odd _ ovl < <(
	np "$HOSTILE" smack vp "$dut_mac" \
		"$PEER_IP" "$DUT_IP" "$DATAGRAMS" "$SLOTS" "${SMACK_SEED:-$RANDOM}")
expect_eq "fragments sent" "$frames" $((DATAGRAMS * (SLOTS + 2)))
pretty peer "$frames fragments in $((SECONDS - start)) s; per fragment:" \
	"${even} us into a growing tree of separate runs, ${odd} us" \
	"for the odd ones (new queue), ${ovl} us per overlap (kill" \
	"of a queue of $((SLOTS / 2)))"
# Two overlaps per datagram, each a failure; everything else is held
# until the overlap frees it, so ReasmMemory is back to 0.
expect_deltas "$dut" InReceives="$frames" ReasmReqds="$frames" \
	ReasmOverlaps=$((2 * DATAGRAMS)) ReasmFails=$((2 * DATAGRAMS))
expect_eq ReasmMemory "$(snmp "$dut" ReasmMemory)" 0

ping_ok "$peer" "$DUT_IP" 2
ping_ok "$peer" "$DUT_IP" 2 -s 3000
