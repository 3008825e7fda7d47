#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Classification of received datagrams: source checks (own address, 127/8
# and route_localnet, DHCP's 0.0.0.0), broadcast and multicast delivery,
# unknown protocols (ICMP 3/2 unless a raw socket wants them), and ICMP
# errors reaching sockets through the stock icmp_rcv().
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (scapy)       │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

dut_up
send() { pretty peer "sendrecv.py $*"; sendrecv "$@"; }
UDP9="UDP(sport=4000, dport=9)/Raw(b'x' * 16)"

# A socket in dut that reports what it receives; listen PORT [GROUP].
rx_out=$(mktemp)
listen() {
	# Not through nd(): $! must be the listener itself, to kill it.
	ip netns exec "$dut" $PY -c '
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
if len(sys.argv) > 2:
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 socket.inet_aton(sys.argv[2]) + socket.inet_aton("10.0.0.2"))
# stop_listen ends it; the timeout only bounds a forgotten listener, so
# it must outlast the slowest gap between two probes on a loaded host.
s.settimeout(120)
print("ready", flush=True)
while True:
    d, a = s.recvfrom(2048)
    print("from %s: %s" % (a[0], d.decode()), flush=True)
 ' "$@" >"$rx_out" &
	listen_pid=$!
	wait_for grep -q ready "$rx_out" || fail "listener did not start"
}
stop_listen() {
	kill "$listen_pid" 2>/dev/null || true
	wait "$listen_pid" 2>/dev/null || true
}

# 1. Our own address as source, from outside: a martian.
snap "$dut"
check_out "own address as source: no answer" \
	send --silence "IP(src='10.0.0.2', dst='10.0.0.2')/$UDP9"
expect_deltas "$dut" InReceives=1 InAddrErrors=1

# 2. 127/8 on a non-loopback device: refused, unless route_localnet.
snap "$dut"
check_out "127.0.0.1 as source: no answer" \
	send --silence "IP(src='127.0.0.1', dst='10.0.0.2')/$UDP9"
check_out "127.0.0.1 as destination: no answer" \
	send --silence "IP(src='10.0.0.1', dst='127.0.0.1')/$UDP9"
expect_deltas "$dut" InReceives=2 InAddrErrors=2
pnd sysctl -qw net.ipv4.conf.vd.route_localnet=1
listen 9
snap "$dut"
check_out "route_localnet: no answer" \
	send --silence "IP(src='10.0.0.1', dst='127.0.0.1')/UDP(sport=4000, dport=9)/Raw(b'to-localnet')"
stop_listen
ktap_case=route_localnet expect_deltas "$dut" InReceives=1 InDelivers=1
check "127.0.0.1 datagram delivered with route_localnet" \
	grep -q "from 10.0.0.1: to-localnet" "$rx_out"
pnd sysctl -qw net.ipv4.conf.vd.route_localnet=0

# 3. Broadcasts reach UDP sockets: limited, subnet, and DHCP-style 0.0.0.0.
listen 67
snap "$dut"
check_out "broadcast 'limited': no answer" \
	send --bcast --silence "IP(src='10.0.0.1', dst='255.255.255.255')/UDP(sport=68, dport=67)/Raw(b'limited')"
check_out "broadcast 'subnet': no answer" \
	send --bcast --silence "IP(src='10.0.0.1', dst='10.0.0.255')/UDP(sport=68, dport=67)/Raw(b'subnet')"
check_out "broadcast 'dhcp': no answer" \
	send --bcast --silence "IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/Raw(b'dhcp')"
check_out "broadcast 'bad': no answer" \
	send --bcast --silence "IP(src='0.0.0.1', dst='255.255.255.255')/UDP(sport=68, dport=67)/Raw(b'bad')"
stop_listen
expect_deltas "$dut" InReceives=4 InDelivers=3 InAddrErrors=1
for m in "10.0.0.1: limited" "10.0.0.1: subnet" "0.0.0.0: dhcp"; do
	check "broadcast '$m' delivered" grep -q "from $m" "$rx_out"
done
if grep -q "bad" "$rx_out"; then
	check_fail "0.0.0.1 source not delivered" "$(grep bad "$rx_out")"
else
	ktap_result ok "0.0.0.1 source not delivered"
fi

# 4. Multicast: a joined group is delivered, another is counted and dropped.
listen 5353 239.1.1.1
sleep 1
snap "$dut"
check_out "multicast to 239.1.1.1: no answer" \
	send --silence "IP(src='10.0.0.1', dst='239.1.1.1', ttl=1)/UDP(sport=5353, dport=5353)/Raw(b'joined')"
check_out "multicast to 239.2.2.2: no answer" \
	send --silence "IP(src='10.0.0.1', dst='239.2.2.2', ttl=1)/UDP(sport=5353, dport=5353)/Raw(b'other')"
stop_listen
expect_deltas "$dut" InReceives=2 InDelivers=1 InMcastNotJoined=1
check "joined group delivered" grep -q "from 10.0.0.1: joined" "$rx_out"

# 5. Echo to 224.0.0.1: ignored by default (icmp_echo_ignore_broadcasts),
#    answered from our address when that is 0.
snap "$dut"
check_out "echo to 224.0.0.1 ignored" \
	send --silence "IP(src='10.0.0.1', dst='224.0.0.1')/ICMP(id=5, seq=1)/Raw(b'all-hosts')"
expect_deltas "$dut" InReceives=1 InDelivers=1 InEchos=1
pnd sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
snap "$dut"
out=$(sendrecv "IP(src='10.0.0.1', dst='224.0.0.1')/ICMP(id=5, seq=2)/Raw(b'all-hosts')")
expect_match "echo to 224.0.0.1 answered from 10.0.0.2" \
	"got: IP / ICMP 10.0.0.2 > 10.0.0.1 echo-reply 0 / Raw" "$out"
expect_deltas "$dut" InReceives=1 InDelivers=1 InEchos=1 OutEchoReps=1 \
	OutRequests=1
pnd sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=1

# 6. An unknown protocol gets ICMP 3/2 quoting it, from ipv4alt.
snap "$dut"
check_out "protocol 253: 3/2 back" \
	send --icmp 3 2 "IP(src='10.0.0.1', dst='10.0.0.2', proto=253)/Raw(b'p' * 40)"
expect_deltas "$dut" InReceives=1 InUnknownProtos=1 OutDestUnreachs=1 \
	OutRequests=1
#    ...unless a raw socket wants it.
nd $PY -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 253)
s.settimeout(120)
print("ready", flush=True)
d = s.recv(2048)
print("raw got %d bytes" % len(d), flush=True)
' >"$rx_out" &
wait_for grep -q ready "$rx_out" || fail "raw socket did not start"
snap "$dut"
check_out "protocol 253 with a raw socket: no 3/2" \
	send --silence "IP(src='10.0.0.1', dst='10.0.0.2', proto=253)/Raw(b'p' * 40)"
wait
ktap_case="raw socket" expect_deltas "$dut" InReceives=1 InDelivers=1
if grep -q "raw got 60 bytes" "$rx_out"; then
	ktap_result ok "raw socket got the 60-byte datagram"
else
	check_fail "raw socket got the 60-byte datagram" "$(cat "$rx_out")"
fi

# 7. ICMP errors reach sockets: a connected UDP socket sees ECONNREFUSED
#    from the peer's port unreachable.
snap "$dut"
res=$(nd $PY -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("10.0.0.1", 9999))
s.send(b"anyone?")
s.settimeout(5)
try:
    s.recv(100)
    print("no error")
except ConnectionRefusedError:
    print("ECONNREFUSED")
')
expect_eq "connected UDP socket after port unreachable" "$res" ECONNREFUSED
expect_deltas "$dut" InReceives=1 InDelivers=1 OutRequests=1
# 8. ...and TCP lowers its path MTU on 3/4 (fragmentation needed).
np $PY "$SELFTESTS_DIR/pmtu.py" vp "$dut_mac" 7000 1200 >"$rx_out" &
pmtu_pid=$!
wait_for grep -q ready "$rx_out" || fail "pmtu helper did not start"
# The connection stays open until the helper has sent its 3/4 (polled,
# at most 60 s), so that the quoted sequence number is still in window.
nd $PY -c '
import socket, sys, time
c = socket.create_connection(("10.0.0.1", 7000), timeout=10)
c.send(b"y" * 100)
end = time.monotonic() + 60
while time.monotonic() < end:
    with open(sys.argv[1]) as f:
        if "sent ICMP" in f.read():
            break
    time.sleep(0.1)
time.sleep(1)
' "$rx_out"
if wait "$pmtu_pid"; then
	ktap_result ok "pmtu helper saw a data segment and sent 3/4"
else
	check_fail "pmtu helper saw a data segment and sent 3/4" "$(cat "$rx_out")"
fi
route=$(nd ip route get "$PEER_IP")
expect_match "PMTU exception mtu 1200 after ICMP 3/4" "mtu 1200" "$route"
rm -f "$rx_out"
