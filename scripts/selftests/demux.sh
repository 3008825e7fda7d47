#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Early demux on a selected device: datagrams for a connected UDP socket
# and segments of an established TCP connection take the socket's cached
# route, so ipv4alt calls ip_route_input_noref() only for the first ones.
# A kprobe with a filter on the destination counts the calls; the
# net.ipv4 *_early_demux sysctls turn it off; a cached route that an
# address change made stale is never used.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap 'probe_off; cleanup' EXIT

tracing=/sys/kernel/tracing
probe=ipv4alt_demux_$$

probe_off() {
	[ -w "$tracing/kprobe_events" ] || return 0
	echo 0 >"$tracing/events/kprobes/$probe/enable" 2>/dev/null
	echo "-:kprobes/$probe" >>"$tracing/kprobe_events" 2>/dev/null
	return 0
}

# route_calls: ip_route_input_noref() calls for the dut's address since
# the probe went on (the peer's stock path makes its own calls for what it
# receives; a filter on the destination leaves them out).
route_calls() {
	grep -ac "$probe:" "$tracing/trace" || true
}

# The destination argument as the probe reads it: a __be32 in a register
# of this little-endian guest.
IFS=. read -r a b c d <<<"$DUT_IP"
dut_be32=$(printf '0x%x' $(((d << 24) | (c << 16) | (b << 8) | a)))

mountpoint -q "$tracing" || mount -t tracefs nodev "$tracing" ||
	fail "cannot mount tracefs: this check needs CONFIG_KPROBE_EVENTS"
echo "p:kprobes/$probe ip_route_input_noref daddr=\$arg2:x32" \
	>>"$tracing/kprobe_events" ||
	fail "cannot place a kprobe on ip_route_input_noref"
echo "daddr == $dut_be32" >"$tracing/events/kprobes/$probe/filter"
echo >"$tracing/trace"
echo 1 >"$tracing/tracing_on"
echo 1 >"$tracing/events/kprobes/$probe/enable"

load_ipv4alt
topo_up
select_dut 1
# Permanent neighbours: arp_process() routes the target of an ARP request
# (a probe of a stale entry) through ip_route_input_noref() too.
neigh_permanent "$peer" vp "$DUT_IP" "$dut" vd
neigh_permanent "$dut" vd "$PEER_IP" "$peer" vp
np ping -c 1 -W 2 "$DUT_IP" >/dev/null

# udp_round N: N datagrams from peer:6001 to a socket in dut connected to
# it; prints the datagrams received and ip_route_input_noref() calls.
udp_round() {
	local out c0
	out=$(mktemp)
	nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-count 6000 \
		"$PEER_IP" 6001 3 >"$out" &
	wait_for grep -q ready "$out" || fail "UDP receiver did not start"
	c0=$(route_calls)
	np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-send "$DUT_IP" 6000 \
		6001 "$1"
	wait
	echo "$(tail -n 1 "$out") $(($(route_calls) - c0))"
	rm -f "$out"
}

# 1. Connected UDP socket: the first datagram is routed, and the socket
# keeps that route for the other 199.
snap "$dut"
read -r got calls < <(udp_round 200)
expect_eq "UDP datagrams received" "$got" 200
ktap_case="early demux" expect_deltas "$dut" InReceives=200 InDelivers=200
if [ "$calls" -ge 1 ]; then
	ktap_result ok "UDP with early demux: at least 1 route lookup"
else
	check_fail "UDP with early demux: at least 1 route lookup" "$calls lookups"
fi
if [ "$calls" -le 2 ]; then
	ktap_result ok "UDP with early demux: at most 2 route lookups for 200 datagrams"
else
	check_fail "UDP with early demux: at most 2 route lookups for 200 datagrams" \
		"$calls lookups"
fi

# 2. udp_early_demux=0: every datagram is routed, as on the stock path.
pnd sysctl -qw net.ipv4.udp_early_demux=0
snap "$dut"
read -r got calls < <(udp_round 200)
expect_eq "UDP datagrams received, udp_early_demux=0" "$got" 200
ktap_case=udp_early_demux=0 expect_deltas "$dut" InReceives=200 InDelivers=200
expect_eq "UDP route lookups, udp_early_demux=0" "$calls" 200
pnd sysctl -qw net.ipv4.udp_early_demux=1

# 3. ip_early_demux=0 turns off both.
pnd sysctl -qw net.ipv4.ip_early_demux=0
snap "$dut"
read -r got calls < <(udp_round 50)
expect_eq "UDP datagrams received, ip_early_demux=0" "$got" 50
expect_eq "UDP route lookups, ip_early_demux=0" "$calls" 50
pnd sysctl -qw net.ipv4.ip_early_demux=1

# 4. TCP, 1 MiB to dut (segments are GSO skbs on veth): only those before
# the connection is established and has cached its route are routed.
tcp_round() {
	local out c0
	out=$(mktemp)
	nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-sink 6002 >"$out" &
	wait_for grep -q ready "$out" || fail "TCP sink did not start"
	c0=$(route_calls)
	np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" tcp-send "$DUT_IP" 6002 \
		1048576 >/dev/null
	wait
	echo "$(($(route_calls) - c0))"
	rm -f "$out"
}
snap "$dut"
calls=$(tcp_round)
rx=$(delta "$dut" InReceives)
if [ "$rx" -ge 10 ]; then
	ktap_result ok "TCP: at least 10 segments through ipv4alt"
else
	check_fail "TCP: at least 10 segments through ipv4alt" "$rx segments"
fi
# The SYN and the handshake's last ACK (a request socket) are routed.
if [ "$calls" -le 2 ]; then
	ktap_result ok "TCP with early demux: at most 2 route lookups"
else
	check_fail "TCP with early demux: at most 2 route lookups" \
		"$calls lookups for $rx segments"
fi

pnd sysctl -qw net.ipv4.tcp_early_demux=0
snap "$dut"
calls=$(tcp_round)
rx=$(delta "$dut" InReceives)
if [ "$calls" = "$rx" ]; then
	ktap_result ok "TCP with tcp_early_demux=0: a route lookup per segment"
else
	check_fail "TCP with tcp_early_demux=0: a route lookup per segment" \
		"$calls lookups for $rx segments"
fi
pnd sysctl -qw net.ipv4.tcp_early_demux=1

# 5. A stale cached route is not used: with the socket connected and its
# route cached, dut loses 10.0.0.2; datagrams to it must not reach the
# socket (the address change invalidates every cached route). The
# receiver has no idle limit to speak of: it must still be listening when
# the second batch comes, however slow the guest, so it is stopped by
# SIGTERM after that batch.
out=$(mktemp)
nd /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-count 6000 "$PEER_IP" 6001 \
	600 >"$out" &
wait_for grep -q ready "$out" || fail "UDP receiver did not start"
rcv=$(awk '$1 == "ready" { print $2 }' "$out")
[ -n "$rcv" ] || fail "UDP receiver printed no PID"
snap "$dut"
np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-send "$DUT_IP" 6000 6001 5
wait_for counter_above "$dut" InDelivers $((${SNAP[$dut.InDelivers]} + 4)) ||
	fail "the first 5 datagrams were not delivered"
pnd ip addr add 10.0.0.3/24 dev vd
pnd ip addr del "$DUT_IP/24" dev vd
# The peer still has dut's MAC for 10.0.0.2.
snap "$dut"
np /usr/bin/python3 "$SELFTESTS_DIR/xfer.py" udp-send "$DUT_IP" 6000 6001 5
kill -TERM "$rcv" 2>/dev/null || true
wait
# It stopped for the signal, not on its own, and counted what was queued.
expect_eq "UDP receiver still listening after the second batch" \
	"$(grep "^stopped by" "$out")" "stopped by SIGTERM"
expect_eq "datagrams the socket got (5 before the address went)" \
	"$(tail -n 1 "$out")" 5
# Not local any more, and net.ipv4alt.forwarding is 0.
expect_deltas "$dut" InReceives=5 InNotLocal=5
rm -f "$out"
