#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# VRF: datagrams that come in on a selected VRF slave enter the VRF, as
# l3mdev_ip_rcv() makes them on the stock path. A socket bound to the VRF
# gets them and an unbound one does not, whatever their address; a
# network of the default VRF cannot be reached through the VRF; echo
# replies, forwarding and ICMP errors use the VRF's table; a socket bound to the VRF sends out of the
# slave. Every check runs with vd and wd unselected (the stock path), then
# selected (with the stock ip_forward off, as the admin guide advises),
# and must give the same, expected result.
#
#   ┌──────────────┐ veth ┌──────────────────────────────┐ veth ┌──────────────┐
#   │ $peer        ├──────┤ $dut: VRF red (table 10):    ├──────┤ $sv          │
#   │ vp 10.6.0.1  │      │ vd 10.6.0.2, wd 10.8.0.2;    │      │ wp 10.8.0.1  │
#   └──────────────┘      │ default VRF: dm 10.7.0.1/32, │      └──────────────┘
#                         │ 10.9.0.0/24 via dm           │
#                         └──────────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
# Releasing the slaves while the netns goes away fails to cycle wd (a
# kernel log line): release them first.
trap 'ip -n "$dut" link del red 2>/dev/null; cleanup' EXIT

load_ipv4alt
ns_up "$peer" "$dut" "$sv"
ip -n "$dut" link add red type vrf table 10
ip link add vp netns "$peer" type veth peer name vd netns "$dut"
ip link add wp netns "$sv" type veth peer name wd netns "$dut"
ip -n "$dut" link add dm type dummy
ip -n "$dut" link set vd master red
ip -n "$dut" link set wd master red
for d in red vd wd dm; do
	ip -n "$dut" link set "$d" up
done
ip -n "$peer" link set vp up
ip -n "$sv" link set wp up
ip -n "$peer" addr add 10.6.0.1/24 dev vp
ip -n "$dut" addr add 10.6.0.2/24 dev vd
ip -n "$dut" addr add 10.8.0.2/24 dev wd
ip -n "$sv" addr add 10.8.0.1/24 dev wp
ip -n "$dut" addr add 10.7.0.1/32 dev dm
ip -n "$dut" route add 10.9.0.0/24 dev dm
ip -n "$peer" route add default via 10.6.0.2
ip -n "$sv" route add default via 10.8.0.2
# As the VRF documentation advises: no fall-through to the main table.
ip -n "$dut" route add table 10 unreachable default metric 4278198272
nd sysctl -qw net.ipv4.ip_forward=1 net.ipv4alt.forwarding=1
nd sysctl -qw net.ipv4.conf.all.accept_source_route=1 \
	net.ipv4.conf.vd.accept_source_route=1 net.ipv4.conf.red.accept_source_route=0

# listen NS ADDR PORT OUT: UDP sockets on ADDR:PORT in NS, one bound to
# VRF red (SO_BINDTODEVICE, where NS has red) and one not, a TCP listener
# bound to red that answers "pong", and a UDP socket on PORT + 1 bound to
# the slave vd; each line of OUT says which socket got what.
listen() {
	ip netns exec "$1" $PY - "$2" "$3" >"$4" 2>&1 <<'EOF' &
import select, socket, sys
addr, port = sys.argv[1], int(sys.argv[2])
socks = {}
has_red = "red" in [n for i, n in socket.if_nameindex()]
for name in ("red", "default", "tcp", "vd"):
    if name != "default" and not has_red:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if name == "tcp"
                      else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if name != "default":
        dev = b"vd" if name == "vd" else b"red"
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev)
    s.bind((addr, port + 1 if name == "vd" else port))
    if name == "tcp":
        s.listen(4)
    socks[s] = name
print("ready", flush=True)
while True:
    for s in select.select(list(socks), [], [])[0]:
        if socks[s] == "tcp":
            c, _ = s.accept()
            c.settimeout(10)
            data = c.recv(100)
            c.sendall(b"pong")
            c.close()
            print("tcp", data.decode(), flush=True)
        else:
            data, src = s.recvfrom(65535)
            tag = data.split()[0].decode()
            size = " (%d bytes)" % len(data) if len(data) > 100 else ""
            print(socks[s], tag + size, "from", src[0], flush=True)
EOF
	wait_for grep -q ready "$4" || fail "listener in $1 did not start: $(cat "$4")"
}

# probe NS DST TAG [TTL]: a UDP datagram with TAG from NS to DST:5000;
# prints the ICMP error that came back for it, as "icmp TYPE/CODE from
# SRC", or none.
probe() {
	ip netns exec "$1" $PY - "$2" "$3" "${4:-64}" <<'EOF'
import socket, sys, time
dst, tag, ttl = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.SOL_IP, socket.IP_TTL, ttl)
u.bind(("0.0.0.0", 0))
sport = u.getsockname()[1]
u.sendto(tag.encode(), (dst, 5000))
r.settimeout(0.2)
end = time.time() + 2
while time.time() < end:
    try:
        pkt, src = r.recvfrom(2000)
    except socket.timeout:
        continue
    ihl = (pkt[0] & 15) * 4
    t, c = pkt[ihl], pkt[ihl + 1]
    q = pkt[ihl + 8:]
    qihl = (q[0] & 15) * 4
    if len(q) >= qihl + 4 and int.from_bytes(q[qihl:qihl + 2], "big") == sport:
        print("icmp %d/%d from %s" % (t, c, src[0]))
        sys.exit(0)
print("none")
EOF
}

# tcp NS DST: one TCP exchange to DST:5000; prints what came back.
tcp() {
	ip netns exec "$1" $PY - "$2" <<'EOF'
import socket, sys
try:
    c = socket.create_connection((sys.argv[1], 5000), timeout=10)
    c.sendall(b"ping")
    print(c.recv(100).decode() or "eof")
except OSError as e:
    print("error:", e.strerror)
EOF
}

# got OUT TAG: the lines of OUT about TAG, joined, or "nothing".
got() {
	local l
	l=$(grep " $2\b" "$1" | tr '\n' ';') || true
	echo "${l:-nothing}"
}

dutlog=$(mktemp)
svlog=$(mktemp)
peerlog=$(mktemp)
listen "$dut" 0.0.0.0 5000 "$dutlog"
listen "$sv" 0.0.0.0 5000 "$svlog"
ip netns exec "$peer" $PY - >"$peerlog" 2>&1 <<'EOF' &
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.6.0.1", 6000))
print("ready", flush=True)
while True:
    data, src = s.recvfrom(100)
    print("peer", data.decode(), "from", src[0], flush=True)
EOF
wait_for grep -q ready "$peerlog" || fail "peer listener did not start"

# run_cases PATH: every case once; tags carry PATH so that logs tell apart.
run_cases() {
	local p=$1 out

	# 1. To the slave's address: the VRF's socket, not the default one.
	expect_eq "$p: UDP to 10.6.0.2, ICMP back" "$(probe "$peer" 10.6.0.2 "$p-local")" none
	wait_for grep -q "$p-local" "$dutlog" || true
	expect_eq "$p: UDP to 10.6.0.2, delivered" "$(got "$dutlog" "$p-local")" \
		"red $p-local from 10.6.0.1;"
	#    In fragments, to a socket bound to the slave: reassembled for
	#    local delivery, it still says which slave it came in on.
	np $PY -c '
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
m = b"'"$p"'-frags "
u.sendto(m + b"x" * (3000 - len(m)), ("10.6.0.2", 5001))'
	wait_for grep -q "$p-frags" "$dutlog" || true
	expect_eq "$p: 3000 bytes to 10.6.0.2, delivered" "$(got "$dutlog" "$p-frags")" \
		"vd $p-frags (3000 bytes) from 10.6.0.1;"
	#    A used-up loose source route: the slave's accept_source_route
	#    decides (on, with all), not the master's (off).
	np $PY - "$(nd cat /sys/class/net/vd/address)" "$p-srr" <<'EOF'
import logging, sys
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IP, IPOption, UDP, Raw, sendp  # noqa: E402
sendp(Ether(dst=sys.argv[1]) /
      IP(src="10.6.0.1", dst="10.6.0.2",
         options=[IPOption(b"\x83\x07\x08\x0a\x06\x00\x02")]) /
      UDP(sport=40000, dport=5000) / Raw(sys.argv[2].encode()),
      iface="vp", verbose=False)
EOF
	wait_for grep -q "$p-srr" "$dutlog" || true
	expect_eq "$p: used-up LSRR to 10.6.0.2, delivered" "$(got "$dutlog" "$p-srr")" \
		"red $p-srr from 10.6.0.1;"
	# 2. To an address of the default VRF. With the default rules the
	#    local table comes before the l3mdev rule, so it is local, but
	#    the datagram is the VRF's: the VRF's socket gets it, the
	#    unbound one does not.
	expect_eq "$p: UDP to 10.7.0.1, ICMP back" "$(probe "$peer" 10.7.0.1 "$p-dflt")" none
	wait_for grep -q "$p-dflt" "$dutlog" || true
	expect_eq "$p: UDP to 10.7.0.1, delivered" "$(got "$dutlog" "$p-dflt")" \
		"red $p-dflt from 10.6.0.1;"
	#    A network the main table routes is not reachable through red;
	#    with TTL 1 too: the route is judged before the TTL.
	expect_eq "$p: UDP to 10.9.0.5, ICMP back" "$(probe "$peer" 10.9.0.5 "$p-main")" \
		"icmp 3/1 from 10.6.0.2"
	expect_eq "$p: UDP to 10.9.0.5 with TTL 1, ICMP back" \
		"$(probe "$peer" 10.9.0.5 "$p-main1" 1)" "icmp 3/1 from 10.6.0.2"
	# 3. Echo in the VRF (the local table answers for 10.7.0.1 too).
	check "$p: ping 10.6.0.2 answered" np ping -n -q -c 1 -W 2 10.6.0.2 >/dev/null
	check "$p: ping 10.7.0.1 answered" np ping -n -q -c 1 -W 2 10.7.0.1 >/dev/null
	# 4. TCP to a listener bound to the VRF (early demux, local delivery).
	expect_eq "$p: TCP to 10.6.0.2" "$(tcp "$peer" 10.6.0.2)" pong
	# 5. Forwarded inside the VRF, both ways.
	expect_eq "$p: UDP forwarded to 10.8.0.1" "$(probe "$peer" 10.8.0.1 "$p-fwd")" none
	wait_for grep -q "$p-fwd" "$svlog" || true
	expect_eq "$p: forwarded, delivered" "$(got "$svlog" "$p-fwd")" \
		"default $p-fwd from 10.6.0.1;"
	expect_eq "$p: TTL 1 through the VRF" \
		"$(np $PY -c '
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.SOL_IP, socket.IP_TTL, 1)
u.setsockopt(socket.SOL_IP, 11, 1)  # IP_RECVERR
u.connect(("10.8.0.1", 5000)); u.send(b"ttl")
u.settimeout(3)
try:
    u.recv(100); print("no error")
except OSError as e:
    print(e.strerror)
')" "No route to host"
	# 6. Sent by a socket bound to the VRF: out of vd.
	nd $PY -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"red")
s.sendto(b"'"$p"'-out", ("10.6.0.1", 6000))'
	wait_for grep -q "$p-out" "$peerlog" || true
	expect_eq "$p: sent from the VRF" "$(got "$peerlog" "$p-out")" \
		"peer $p-out from 10.6.0.2;"
}

run_cases stock
# The VRF device itself takes no rx_handler (IFF_NO_RX_HANDLER).
mark="ipv4alt-vrf-$$"
echo "$mark" >/dev/kmsg
sysctl_refused "$dut" net.ipv4alt.conf.red.enabled 1 "Invalid argument"
expect_eq "kernel log lines for red" "$(dmesg | sed -n "/$mark/,\$p" |
	grep -c "red: ipv4alt: cannot select a VRF device: it receives nothing itself; select its slaves")" 1
expect_eq "red selected" "$(nd sysctl -n net.ipv4alt.conf.red.enabled)" 0
nd sysctl -qw net.ipv4.ip_forward=0
nd sysctl -qw net.ipv4alt.conf.vd.enabled=1 net.ipv4alt.conf.wd.enabled=1
snap "$dut"
run_cases ipv4alt
# One datagram reassembled; two echo requests answered; one datagram
# forwarded, one not for TTL (11/0) and two not for the VRF's
# unreachable route (3/1). The TCP exchange makes the other counters vary
# with timing.
# shellcheck disable=SC2016 # an awk program
pretty "dut" "ipv4alt counters: $(nd awk '$2 != 0 { printf "%s=%s ", $1, $2 }' /proc/net/ipv4alt/snmp)"
expect_eq "ReasmOKs" "$(delta "$dut" ReasmOKs)" 1
expect_eq "InEchos" "$(delta "$dut" InEchos)" 2
expect_eq "OutEchoReps" "$(delta "$dut" OutEchoReps)" 2
expect_eq "ForwDatagrams" "$(delta "$dut" ForwDatagrams)" 1
expect_eq "ForwExhaustedTTL" "$(delta "$dut" ForwExhaustedTTL)" 1
expect_eq "OutTimeExcds" "$(delta "$dut" OutTimeExcds)" 1
expect_eq "OutDestUnreachs" "$(delta "$dut" OutDestUnreachs)" 2
rm -f "$dutlog" "$svlog" "$peerlog"
