#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Transmit errors reach the sender as on the stock path: a qdisc that
# drops gives ENOBUFS to a UDP socket with IP_RECVERR (and SndbufErrors
# without it), whole or in fragments; a DF datagram larger than its
# route's MTU gives EMSGSIZE to a raw IP_HDRINCL sender. Each case runs
# first with vd unselected (the stock path), then selected, and both must
# give the same, expected result.
# Topology: topo_up in lib.sh.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

load_ipv4alt
topo_up
nd ping -n -c 1 -W 2 "$PEER_IP" >/dev/null || fail "no path to the peer"
neigh_permanent "$dut" vd "$PEER_IP" "$peer" vp

# send CASE: one send from $dut to the peer; prints the errno's name or ok.
send() {
	nd $PY - "$1" "$PEER_IP" <<'EOF'
import errno, socket, struct, sys

case, dst = sys.argv[1], sys.argv[2]
IP_RECVERR = 11
try:
    if case.startswith("udp"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if "recverr" in case:
            s.setsockopt(socket.SOL_IP, IP_RECVERR, 1)
        s.sendto(b"x" * (3000 if "frag" in case else 100), (dst, 9))
    else:
        # 1200 bytes with DF: under the device's MTU (raw_send_hdrinc()
        # checks that) and over the route's, so the output path refuses.
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 1200, 0x1234, 0x4000,
                          64, 253, 0, socket.inet_aton("0.0.0.0"),
                          socket.inet_aton(dst))
        s.sendto(hdr + b"x" * 1180, (dst, 0))
    print("ok")
except OSError as e:
    print(errno.errorcode[e.errno])
EOF
}

# run_cases PATH: every case once, on the path named.
run_cases() {
	local path=$1 before

	# A qdisc that drops everything: dev_queue_xmit() says NET_XMIT_DROP.
	nd tc qdisc replace dev vd root pfifo limit 0
	expect_eq "$path: UDP, IP_RECVERR, qdisc drops" "$(send udp-recverr)" ENOBUFS
	expect_eq "$path: UDP fragmented, IP_RECVERR, qdisc drops" \
		"$(send udp-frag-recverr)" ENOBUFS
	before=$(stock_mib "$dut" Udp SndbufErrors)
	expect_eq "$path: UDP, qdisc drops" "$(send udp)" ok
	expect_eq "$path: UDP SndbufErrors delta" \
		$(($(stock_mib "$dut" Udp SndbufErrors) - before)) 1
	nd tc qdisc del dev vd root

	nd ip route replace "$PEER_IP/32" dev vd mtu 1000
	expect_eq "$path: raw DF over the route MTU" "$(send raw)" EMSGSIZE
	nd ip route del "$PEER_IP/32"
	expect_eq "$path: UDP, IP_RECVERR, nothing drops" "$(send udp-recverr)" ok
}

run_cases stock
select_dut 1
snap "$dut"
run_cases ipv4alt
# Each of the five sends is counted once; the fragmented one (3000 bytes,
# MTU 1500) fails at its first fragment, as in ip_do_fragment(). The raw
# one is refused by DF and its 3/4 goes to the sender itself (over lo).
# The last send gets the peer's port unreachable back.
expect_deltas "$dut" OutRequests=5 FragFails=2 OutDestUnreachs=1 \
	InReceives=1 InDelivers=1
