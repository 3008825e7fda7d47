#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A collect_md ("external") VXLAN device selected: what it receives
# carries a metadata dst with the tunnel key. ipv4alt must leave that dst
# to the route lookup, as ip_rcv_finish_core() does: no early demux over
# it (which would leak it, one object per datagram, and bypass rules on
# the tunnel ID), and the route lookup matches tun_id rules and drops it.
# 20000 tunnelled datagrams to a connected UDP socket (early demux's
# case): all arrive, and no slab cache grows with them; then datagrams
# with a VNI that a tun_id rule refuses never reach the socket, although
# it holds a cached route by then; and when forwarded, neither.
#
#   ┌───────────────────────────┐         ┌────────────────────────────────┐
#   │ $peer (stock IPv4)        │  veth   │ $dut (ipv4alt on vd and vx)    │
#   │ vp 10.0.0.1/24            ├─────────┤ vd 10.0.0.2/24                 │
#   │ vxp: VNI 42 (then 43) to  │         │ vx: vxlan external, port 4789, │
#   │   10.0.0.2, 192.168.42.1  │         │   192.168.42.2/24              │
#   └───────────────────────────┘         └────────────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

N=20000
IN_PEER=192.168.42.1
IN_DUT=192.168.42.2

load_ipv4alt
topo_up
pnd ip link add vx type vxlan external dstport 4789
pnd ip addr add "$IN_DUT/24" dev vx
nd ip link set vx up
vx_mac=$(link_addr "$dut" vx)
# vxp VNI: the peer's tunnel to the dut. The dut's external device cannot
# send without a tunnel key (ARP included): a static neighbour instead.
vxp() {
	np ip link del vxp 2>/dev/null || true
	pnp ip link add vxp type vxlan id "$1" remote "$DUT_IP" local "$PEER_IP" \
		dstport 4789
	np ip addr add "$IN_PEER/24" dev vxp
	np ip link set vxp up
	np ip neigh add "$IN_DUT" lladdr "$vx_mac" dev vxp nud permanent
}
vxp 42
# Rules on the tunnel ID come before the local table: VNI 43 is refused.
pnd ip rule add pref 5 tun_id 43 prohibit
pnd ip rule add pref 1000 lookup local
pnd ip rule del pref 0
pnd sysctl -qw net.ipv4alt.conf.vd.enabled=1 net.ipv4alt.conf.vx.enabled=1
expect_eq "ip_early_demux" "$(nd sysctl -n net.ipv4.ip_early_demux)" 1

# A connected socket: early demux's case. It counts what arrives, checks
# each datagram's index, and reads until /tmp/md-stop exists and it has
# been idle for a second. (An idle timeout alone closed it while a slow
# debug kernel's sender paused, and the rest earned port unreachables.)
rm -f /tmp/md-ready /tmp/md-count /tmp/md-stop
nd "$PY" -c '
import os, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
s.bind(("'"$IN_DUT"'", 5000))
s.connect(("'"$IN_PEER"'", 6000))
open("/tmp/md-ready", "w").close()
s.settimeout(1)
n = bad = 0
while True:
    try:
        d = s.recv(100)
    except socket.timeout:
        if os.path.exists("/tmp/md-stop"):
            break
        continue
    if d != struct.pack("!I", n) + b"v" * 28:
        bad += 1
    n += 1
    if n % 1000 == 0:
        open("/tmp/md-count", "w").write("%d %d\n" % (n, bad))
open("/tmp/md-count", "w").write("%d %d\n" % (n, bad))
' &
rx=$!
wait_for test -e /tmp/md-ready || fail "UDP receiver did not start"

# send N: N datagrams, index first, from IN_PEER:6000 through vxp.
send() {
	np "$PY" -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("'"$IN_PEER"'", 6000))
for i in range('"$1"'):
    s.sendto(struct.pack("!I", i) + b"v" * 28, ("'"$IN_DUT"'", 5000))
'
}

# slab: "name active_objs" of every cache.
slab() { awk 'NR > 2 { print $1, $2 }' /proc/slabinfo; }

# 1. VNI 42: every datagram arrives; nothing is left behind.
slab >/tmp/md-slab0
snap "$dut"
pretty peer "$N datagrams through VNI 42"
send "$N"
# Until the receiver has read them all (a debug kernel's reader lags the
# sender by minutes), so that no queued skb counts as grown slab.
for _ in $(seq 1200); do
	grep -q "^$N " /tmp/md-count 2>/dev/null && break
	sleep 0.5
done
# slab_settled: no cache grew by N/10 objects or more since md-slab0;
# $grown names those that did.
slab_settled() {
	slab >/tmp/md-slab1
	grown=$(awk -v lim=$((N / 10)) 'NR == FNR { a[$1] = $2; next }
		($1 in a) && $2 - a[$1] >= lim { printf "%s +%d ", $1, $2 - a[$1] }' \
		/tmp/md-slab0 /tmp/md-slab1)
	[ -z "$grown" ]
}
if dmesg | grep -q "KernelAddressSanitizer initialized"; then
	# KASAN's quarantine keeps freed objects counted as active; on the
	# debug kernel kmemleak's report (scripts/selftests/run-all) is the
	# leak check.
	slab_settled || true
	pretty "" "debug kernel: slab counts not compared (grown: ${grown:-none}); kmemleak checks"
# The sent ones are in, and freed dsts go after an RCU grace period: poll
# until the counts settle, which a leak never does.
elif wait_for slab_settled; then
	ktap_result ok "no slab cache grew by $((N / 10)) objects or more"
else
	check_fail "no slab cache grew by $((N / 10)) objects or more" "grown: $grown"
fi
# Each datagram counts twice: the outer UDP on vd, the inner on vx.
expect_deltas "$dut" InReceives=$((2 * N)) InDelivers=$((2 * N))
expect_eq "datagrams received, bad" "$(cat /tmp/md-count)" "$N 0"

# 2. VNI 43: the tun_id rule refuses them; the socket's cached route
#    must not take them past it.
vxp 43
snap "$dut"
pretty peer "10 datagrams through VNI 43"
send 10
# Until the last of them is counted (the inner datagrams come after the
# outer ones, through vxlan's GRO cells); if never, the deltas say why.
wait_for counter_above "$dut" InNotLocal "$((${SNAP[$dut.InNotLocal]} + 9))" || :
expect_deltas "$dut" InReceives=20 InDelivers=10 InNotLocal=10
touch /tmp/md-stop
check "UDP receiver ended cleanly" wait "$rx"
expect_eq "datagrams received in all, bad" "$(cat /tmp/md-count)" "$N 0"

# 3. Forwarded from the tunnel: the tun_id rule applies to ipv4alt's own
#    forwarding lookup too (stock ip_forward 0), as to the kernel's (1).
#    192.168.43.0/24 lies behind a dummy device of the dut.
pnd ip link add fw0 type dummy
pnd ip addr add 192.168.43.1/24 dev fw0
nd ip link set fw0 up
nd ip neigh add 192.168.43.9 lladdr 02:00:00:00:00:09 dev fw0 nud permanent
nd sysctl -qw net.ipv4alt.forwarding=1 net.ipv4alt.conf.vx.forwarding=1
# fwd1 COUNTER: one datagram from the peer's tunnel end to 192.168.43.9,
# then until COUNTER, the last the dut's handling of it moves, has moved.
fwd1() {
	np ip route replace 192.168.43.0/24 via "$IN_DUT" dev vxp
	np "$PY" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"fwd", ("192.168.43.9", 7000))
'
	wait_for counter_above "$dut" "$1" "${SNAP[$dut.$1]}" || :
}
for fwd in 0 1; do
	ktap_case="ip_forward=$fwd"
	nd sysctl -qw net.ipv4.ip_forward=$fwd
	vxp 42
	snap "$dut"
	# The last counts: ForwDatagrams here; below, OutNoRoutes, which
	# ipv4alt counts after the 3/13 has left.
	fwd1 ForwDatagrams
	expect_deltas "$dut" InReceives=2 InDelivers=1 ForwDatagrams=1
	vxp 43
	snap "$dut"
	fwd1 OutNoRoutes
	# Refused as stock refuses it: ICMP 3/13 back into the tunnel.
	expect_deltas "$dut" InReceives=2 InDelivers=1 OutNoRoutes=1 \
		OutDestUnreachs=1 OutRequests=1
done
