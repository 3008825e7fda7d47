#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The classics, each with its exact outcome in the counters (every counter
# not named stays put, ReasmMemory included): teardrop (as published,
# aligned, overlapping, wholly inside), ping of death (past 65535 bytes by
# offset, and by a first fragment with options), a datagram of exactly
# 65535 bytes (answered), zero-length fragments, MF with offset 0 and no
# payload, and an IHL longer than the total length. See reasm.c and
# ipv4alt_validate() in input.c.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (raw frames)  │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

dut_up

# classic CASE FRAMES COUNTER=N...: send CASE; the dut's counters move by
# exactly COUNTER=N.
classic() {
	local case=$1 frames=$2 n
	shift 2
	snap "$dut"
	n=$(np /usr/bin/python3 "$SELFTESTS_DIR/hostile-classics.py" "$case" \
		vp "$dut_mac" "$PEER_IP" "$DUT_IP")
	expect_eq "$case: frames sent" "$n" "$frames"
	ktap_case=$case expect_deltas "$dut" "$@"
}

# As published: the 36-byte first fragment has MF and a length that is
# not a multiple of 8, so it is cut to 32 bytes, as the stock
# ip_frag_queue() cuts it; the final 4 bytes at offset 24 then end (28)
# before data held (32): conflict, the datagram is dropped.
classic teardrop 2 InReceives=2 ReasmReqds=2 ReasmFails=1
# Final fragment ending (28) before data held (40): conflict, datagram
# dropped; not an overlap.
classic teardrop-aligned 2 InReceives=2 ReasmReqds=2 ReasmFails=1
# [24, 56) against [0, 40): an overlap kills the datagram.
classic teardrop-overlap 2 InReceives=2 ReasmReqds=2 ReasmOverlaps=1 \
	ReasmFails=1
# [16, 32) wholly inside [0, 40): only it is dropped; the echo completes
# and is answered.
classic teardrop-inside 3 InReceives=3 ReasmReqds=3 ReasmDuplicates=1 \
	ReasmOKs=1 InDelivers=1 InEchos=1 OutEchoReps=1 OutRequests=1
# A fragment ending past 65515 payload bytes kills the datagram at once.
classic ping-of-death 2 InReceives=2 ReasmReqds=2 ReasmFails=1
# 65515 payload bytes, but the first fragment's header is 24 bytes:
# 65539 in all, refused when the datagram is built.
classic ping-of-death-opts 45 InReceives=45 ReasmReqds=45 ReasmFails=1
# Exactly 65535 bytes: reassembled, answered, the reply cut in 45.
classic ping-max 45 InReceives=45 ReasmReqds=45 ReasmOKs=1 InDelivers=1 \
	InEchos=1 OutEchoReps=1 OutRequests=1 FragOKs=1 FragCreates=45
# A fragment without payload, with MF or without, drops its datagram (a
# queue made for it alone), as in ip_frag_queue().
classic zero-length 2 InReceives=2 ReasmReqds=2 ReasmFails=2
classic mf-offset0-empty 1 InReceives=1 ReasmReqds=1 ReasmFails=1
# IHL 15 and total length 40, with 60 bytes in the frame and with 40.
classic ihl-past-total 2 InReceives=2 InHdrErrors=2

ping_ok "$peer" "$DUT_IP" 2
ping_ok "$peer" "$DUT_IP" 2 -s 3000
