#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Reassembly keys on the VRF, as ip_defrag() does: two fragments with the
# same source, destination, ID and protocol that arrive on devices of
# different VRFs belong to different datagrams, even with the same
# addresses on both sides.
#
#   ┌────────────────┐  veth  ┌─────────────────────────────────────┐
#   │ $peer (scapy)  │ vA--dA │ $dut: dA in VRF red, dB in VRF blue,│
#   │                │ vB--dB │ both 10.5.0.2/24, both ipv4alt's    │
#   └────────────────┘        └─────────────────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

load_ipv4alt
ns_up "$peer" "$dut"
ip -n "$dut" link add red type vrf table 10
ip -n "$dut" link add blue type vrf table 20
for x in A B; do
	ip link add "v$x" netns "$peer" type veth peer name "d$x" netns "$dut"
	ip -n "$peer" link set "v$x" up
done
ip -n "$dut" link set dA master red
ip -n "$dut" link set dB master blue
for d in red blue dA dB; do
	ip -n "$dut" link set "$d" up
done
ip -n "$dut" addr add 10.5.0.2/24 dev dA
ip -n "$dut" addr add 10.5.0.2/24 dev dB
nd sysctl -qw net.ipv4alt.conf.dA.enabled=1 net.ipv4alt.conf.dB.enabled=1
mac_a=$(link_addr "$dut" dA)
mac_b=$(link_addr "$dut" dB)

# frags ID DEV1 MAC1 DEV2 MAC2: the two fragments of one UDP datagram, the
# first through DEV1, the second through DEV2.
frags() {
	np /usr/bin/python3 - "$@" <<'EOF'
import logging
import sys
# The peer has no addresses: scapy's route warnings are noise here.
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IP, UDP, Raw, fragment, sendp  # noqa: E402
ident, d1, m1, d2, m2 = int(sys.argv[1]), *sys.argv[2:]
dgram = IP(src="10.5.0.1", dst="10.5.0.2", id=ident) / \
    UDP(sport=40007, dport=9) / Raw(b"v" * 1400)
f1, f2 = fragment(dgram, fragsize=800)
sendp(Ether(dst=m1) / f1, iface=d1, verbose=False)
sendp(Ether(dst=m2) / f2, iface=d2, verbose=False)
EOF
}

# Control: both fragments through red make one datagram.
snap "$dut"
frags 100 vA "$mac_a" vA "$mac_a"
expect_eq "same VRF: ReasmReqds" "$(delta "$dut" ReasmReqds)" 2
expect_eq "same VRF: ReasmOKs" "$(delta "$dut" ReasmOKs)" 1

# One fragment through red, the other through blue: two datagrams, each
# waiting for its missing half.
snap "$dut"
frags 101 vA "$mac_a" vB "$mac_b"
expect_eq "two VRFs: ReasmReqds" "$(delta "$dut" ReasmReqds)" 2
expect_eq "two VRFs: ReasmOKs" "$(delta "$dut" ReasmOKs)" 0
expect_eq "two VRFs: ReasmOverlaps" "$(delta "$dut" ReasmOverlaps)" 0
