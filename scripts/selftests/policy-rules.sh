#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Policy rules (ip rule selectors and actions) over real traffic, the stock
# path against ipv4alt in the same run. $rt forwards to the service
# 10.9.0.0/24 through $sa (main table, table 100) or $sb (table 200);
# each case installs rules, sends probes and asserts which server saw
# each one, or the ICMP error $cl got, or silence. The same matrix runs
# three times on $rt: stock (nothing selected, net.ipv4.ip_forward=1),
# ipv4alt with ip_forward=1 (it takes the kernel's input route) and ipv4alt
# with ip_forward=0 (it makes the lookups itself); every outcome must be
# the expected one and the same in all three. It also routes $rt's own
# echo replies by rules (ipproto, uidrange, fwmark with fwmark_reflect,
# tos), and checks which link of $cl the reply came back on.
#
#   ┌──────────────┐      ┌──────────────────────────┐      ┌──────────────┐
#   │ $cl (stock)  │ veth │ $rt                      │ veth │ $sa (stock)  │
#   │ c0 10.1.0.1  ├──────┤ r0 10.1.0.2  r1 10.2.0.1 ├──────┤ a0 10.2.0.2  │
#   │              │      │                          │      └──────────────┘
#   │              │ veth │                          │ veth ┌──────────────┐
#   │ c1 10.5.0.1  ├──────┤ r3 10.5.0.2  r2 10.3.0.1 ├──────┤ $sb b0 10.3.0.2│
#   └──────────────┘      └──────────────────────────┘      └──────────────┘
#
# The probes of one rule set go out as one batch (rules-probe.py): packet
# sockets on a0, b0, r0 and r3 see which server each reached, or that it
# reached $rt; $cl's raw ICMP socket sees the errors and on which link each
# echo reply came in. The servers drop the probes (UDP or TCP to ports
# 7000-7999) at PRE_ROUTING, so nothing comes back. Neighbours are static
# and IPv6 is off: every frame is the scenario's.
set -e
. "$(dirname "$0")/lib.sh"
sa=sa-$$
sb=sb-$$
nsa() { ip netns exec "$sa" "$@"; }
nsb() { ip netns exec "$sb" "$@"; }
cleanup_rules() {
	ip netns del "$sa" 2>/dev/null
	ip netns del "$sb" 2>/dev/null
	cleanup
}
trap cleanup_rules EXIT

PROBE=$SELFTESTS_DIR/rules-probe.py
load_ipv4alt

ns_up "$cl" "$rt" "$sa" "$sb"
ip link add c0 netns "$cl" type veth peer name r0 netns "$rt"
ip link add c1 netns "$cl" type veth peer name r3 netns "$rt"
ip link add r1 netns "$rt" type veth peer name a0 netns "$sa"
ip link add r2 netns "$rt" type veth peer name b0 netns "$sb"
# link NS DEV ADDR PEER_NS PEER_DEV PEER_ADDR: addresses, up, static
# neighbours both ways.
link() {
	ip -n "$1" addr add "$3/24" dev "$2"
	ip -n "$4" addr add "$6/24" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
	neigh_permanent "$1" "$2" "$6" "$4" "$5"
	neigh_permanent "$4" "$5" "$3" "$1" "$2"
}
link "$cl" c0 "$CL_IP" "$rt" r0 "$RT_CL_IP"
# Each probe that draws an ICMP error has a source of its own: ip_error()
# allows one error a second per source (see "ip_error's limit").
for h in 11 12 13 14 15 16; do
	ncl ip addr add "10.1.0.$h/24" dev c0
	neigh_permanent "$rt" r0 "10.1.0.$h" "$cl" c0
done
link "$cl" c1 10.5.0.1 "$rt" r3 10.5.0.2
link "$rt" r1 10.2.0.1 "$sa" a0 10.2.0.2
link "$rt" r2 10.3.0.1 "$sb" b0 10.3.0.2
ncl ip route add default via "$RT_CL_IP" dev c0
ncl ip route add default via 10.5.0.2 dev c1 metric 100
# $rt's echo replies may come back on either link.
ncl sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.c0.rp_filter=0 \
	net.ipv4.conf.c1.rp_filter=0
nrt sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
for d in r0 r1 r2 r3; do
	nrt sysctl -qw "net.ipv4.conf.$d.rp_filter=0"
done
nrt sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4alt.forwarding=1

nrt ip route add 10.9.0.0/24 via 10.2.0.2
nrt ip route add 10.9.0.0/24 via 10.2.0.2 table 100
nrt ip route add 10.9.0.0/24 via 10.3.0.2 table 200
nrt ip route add unreachable 10.9.0.0/24 table 201
# Table 300 sends $rt's traffic for $cl's c0 address through c1.
nrt ip route add 10.1.0.0/24 via 10.5.0.1 dev r3 table 300

# The servers drop the probes, so that nothing comes back.
for ns in "$sa" "$sb"; do
	ip netns exec "$ns" nft -f - <<'EOF'
table ip probe {
	chain pre {
		type filter hook prerouting priority 0;
		meta l4proto { tcp, udp } th dport 7000-7999 drop
	}
}
EOF
done
# $rt marks some probes, and every echo request, at PRE_ROUTING.
nrt nft -f - <<'EOF'
table ip rtmark {
	chain pre {
		type filter hook prerouting priority -150;
		udp dport 7400 meta mark set 0x5
		udp dport 7402 meta mark set 0x105
		icmp type echo-request meta mark set 0x7
	}
}
EOF

# rules RULE...: install the rules (each an "ip rule add" argument list
# with its pref); unrules removes them again. Both first send the probes
# queued under the rules before.
prefs=()
rules() {
	local r
	flush
	for r in "$@"; do
		# shellcheck disable=SC2086 # one rule, split into its arguments
		nrt ip rule add $r
		prefs+=("${r#pref }")
	done
}
unrules() {
	local p
	flush
	for p in "${prefs[@]}"; do
		nrt ip rule del pref "${p%% *}"
	done
	prefs=()
}

declare -A OUTCOME
id=1 n_fwd=0 n_err=0 n_quiet=0 n_echo=0 n_limited=0
cases=() wants=() specs=()
# queue CASE EXPECT SPEC: a probe for the next flush (see rules-probe.py
# for SPEC).
queue() {
	cases+=("$1")
	wants+=("$2")
	specs+=("$3")
}
# flush: send the queued probes as one batch and check each outcome: the
# expected one, and the one of the earlier passes. An ICMP error must come
# from $rt's address on the probe's link.
flush() {
	local i c want got from w=0 out got_all
	[ ${#specs[@]} -gt 0 ] || return 0
	for want in "${wants[@]}"; do
		case $want in
		silence | limited) w=2 ;;
		esac
	done
	out=$(ncl $PY "$PROBE" "$rt" "$sa" "$sb" "$id" $w "${specs[@]}") ||
		fail "$pass: probe batch failed"
	mapfile -t got_all <<<"$out"
	for i in "${!cases[@]}"; do
		c=${cases[i]} want=${wants[i]} got=${got_all[i]}
		from=$RT_CL_IP
		[ "${specs[i]%%,*}" = c0 ] || from=10.5.0.2
		case $want in
		A | B) n_fwd=$((n_fwd + 1)) ;;
		icmp*)
			got=${got% from "$from"}
			n_err=$((n_err + 1))
			;;
		silence) n_quiet=$((n_quiet + 1)) ;;
		limited)
			want=silence
			n_limited=$((n_limited + 1))
			;;
		*) n_echo=$((n_echo + 1)) ;;
		esac
		expect_eq "$pass: $c" "$got" "$want"
		[ -z "${OUTCOME[$c]}" ] || expect_eq "$pass: $c as on the stock path" \
			"$got" "${OUTCOME[$c]}"
		OUTCOME[$c]=$got
	done
	id=$((id + ${#specs[@]}))
	cases=() wants=() specs=()
}
# fwd CASE EXPECT [DEV SRC DST PROTO SPORT DPORT TOS]: queue a datagram
# from $cl through DEV, with defaults c0, 10.1.0.1 -> 10.9.0.1, udp
# 40000 -> 7000, tos 0. EXPECT: A or B (the server that sees it), "icmp
# T/C" (and no server sees it), silence (it reaches $rt, and nothing
# comes back) or limited (silence, as the error is over a rate limit).
fwd() {
	local want=$2
	case $want in
	icmp*) want=icmp ;;
	limited) want=silence ;;
	esac
	queue "$1" "$2" "${3:-c0},${4:-$CL_IP},${5:-10.9.0.1},${6:-udp},${7:-40000},${8:-7000},${9:-0},$want"
}
# echo_via CASE LINK [TOS]: queue an echo request from $cl to $rt's c0
# address; the reply must come back on LINK (c0 or c1).
echo_via() {
	queue "$1" "$2" "c0,-,$RT_CL_IP,echo,-,-,${3:-0},$2"
}

matrix() {
	fwd "no rule" A

	rules "pref 100 from 10.1.0.128/25 lookup 200"
	fwd "from: other source" A
	fwd "from: matching source" B c0 10.1.0.200
	unrules

	rules "pref 100 to 10.9.0.128/25 lookup 200"
	fwd "to: other destination" A
	fwd "to: matching destination" B c0 "$CL_IP" 10.9.0.200
	unrules

	# tos selects on the TOS bits: the precedence bits and ECN of the
	# datagram are masked away first, on 6.1 and 6.12 alike.
	rules "pref 100 tos 0x18 lookup 200"
	fwd "tos: 0x10" A c0 "$CL_IP" 10.9.0.1 udp 40000 7000 0x10
	fwd "tos: 0x18" B c0 "$CL_IP" 10.9.0.1 udp 40000 7000 0x18
	fwd "tos: 0xb8 (precedence masked)" B c0 "$CL_IP" 10.9.0.1 udp 40000 7000 0xb8
	fwd "tos: 0x1a (ECN masked)" B c0 "$CL_IP" 10.9.0.1 udp 40000 7000 0x1a
	unrules

	# $rt's nft marks dport 7400 with 0x5 and 7402 with 0x105.
	rules "pref 100 fwmark 0x5/0xff lookup 200"
	fwd "fwmark: unmarked" A c0 "$CL_IP" 10.9.0.1 udp 40000 7401
	fwd "fwmark: 0x5" B c0 "$CL_IP" 10.9.0.1 udp 40000 7400
	fwd "fwmark: 0x105 under mask 0xff" B c0 "$CL_IP" 10.9.0.1 udp 40000 7402
	unrules

	rules "pref 100 iif r3 lookup 200"
	fwd "iif: r0" A
	fwd "iif: r3" B c1 10.5.0.1
	unrules

	rules "pref 100 ipproto udp dport 7100-7199 lookup 200" \
		"pref 101 ipproto tcp sport 5000-5999 lookup 200"
	fwd "udp dport in range" B c0 "$CL_IP" 10.9.0.1 udp 40000 7150
	fwd "udp dport past range" A c0 "$CL_IP" 10.9.0.1 udp 40000 7200
	fwd "tcp dport of the udp rule" A c0 "$CL_IP" 10.9.0.1 tcp 40000 7150
	fwd "tcp sport in range" B c0 "$CL_IP" 10.9.0.1 tcp 5500 7000
	fwd "udp sport of the tcp rule" A c0 "$CL_IP" 10.9.0.1 udp 5500 7000
	unrules

	rules "pref 100 not from 10.1.0.0/25 lookup 200"
	fwd "not from: excluded source" A
	fwd "not from: other source" B c0 10.1.0.200
	unrules

	# suppress_prefixlength N: a route of N bits or fewer found in the
	# rule's table is refused, and the next rule decides (table 200's
	# 10.9.0.0/24 is 24 bits).
	rules "pref 100 lookup 200 suppress_prefixlength 23"
	fwd "suppress_prefixlength 23: the /24 is taken" B
	unrules
	rules "pref 100 lookup 200 suppress_prefixlength 24"
	fwd "suppress_prefixlength 24: the /24 is refused" A
	unrules

	# oif: an input route lookup has no output device, so such a rule
	# never matches a forwarded datagram (fib_rule_match()).
	rules "pref 100 oif r1 lookup 200"
	fwd "oif: not for a forwarded datagram" A
	unrules

	# The lower pref decides first.
	rules "pref 90 from 10.1.0.200 lookup 100" \
		"pref 100 to 10.9.0.0/24 lookup 200"
	fwd "pref 90 before 100" A c0 10.1.0.200
	fwd "pref 100 alone" B
	unrules

	# goto jumps over the prohibit rule for dport 7300 only.
	rules "pref 100 ipproto udp dport 7300 goto 120" \
		"pref 110 ipproto udp prohibit" \
		"pref 120 ipproto udp dport 7300 lookup 200"
	fwd "goto over prohibit" B c0 "$CL_IP" 10.9.0.1 udp 40000 7300
	fwd "no goto: prohibit" "icmp 3/13" c0 10.1.0.11 10.9.0.1 udp 40000 7301
	unrules

	# Rule actions for forwarded datagrams: a rule's unreachable is
	# "network unreachable" (fib4_rule_action()); an unreachable route
	# in the table a rule selects is "host unreachable"; a table without
	# the route falls through to the next rule.
	rules "pref 100 ipproto udp dport 7500 unreachable" \
		"pref 101 ipproto udp dport 7501 prohibit" \
		"pref 102 ipproto udp dport 7502 blackhole" \
		"pref 103 ipproto udp dport 7503 lookup 201" \
		"pref 104 ipproto udp dport 7504 lookup 202"
	fwd "rule unreachable" "icmp 3/0" c0 10.1.0.12 10.9.0.1 udp 40000 7500
	fwd "rule prohibit" "icmp 3/13" c0 10.1.0.13 10.9.0.1 udp 40000 7501
	fwd "rule blackhole" silence c0 "$CL_IP" 10.9.0.1 udp 40000 7502
	fwd "unreachable route in the rule's table" "icmp 3/1" c0 10.1.0.14 10.9.0.1 udp 40000 7503
	fwd "empty table: falls through" A c0 "$CL_IP" 10.9.0.1 udp 40000 7504
	# ip_error()'s limit: one error a second per source, from five
	# saved up, on the budget that icmp_ratelimit 0 empties after each
	# error; so a second and third error within the second are not sent.
	fwd "ip_error's limit: first error" "icmp 3/0" c0 10.1.0.15 10.9.0.1 udp 40000 7500
	fwd "ip_error's limit: second error" limited c0 10.1.0.15 10.9.0.1 udp 40000 7501
	fwd "ip_error's limit: third error" limited c0 10.1.0.15 10.9.0.1 udp 40000 7503
	# With icmp_ratelimit 1000 ms both limits take a second per error
	# from one budget: two errors go, the third passes ip_error()'s
	# limit and not icmp_ratelimit, the fourth passes neither.
	flush
	nrt sysctl -qw net.ipv4.icmp_ratelimit=1000
	fwd "both limits: first error" "icmp 3/0" c0 10.1.0.16 10.9.0.1 udp 40000 7500
	fwd "both limits: second error" "icmp 3/0" c0 10.1.0.16 10.9.0.1 udp 40000 7500
	fwd "both limits: third error" limited c0 10.1.0.16 10.9.0.1 udp 40000 7500
	fwd "both limits: fourth error" limited c0 10.1.0.16 10.9.0.1 udp 40000 7500
	flush
	nrt sysctl -qw net.ipv4.icmp_ratelimit=0
	unrules

	# $rt's own echo replies, routed by rules: table 300 sends them
	# through c1. The echo request's own lookup finds the local table
	# first (pref 0).
	echo_via "echo reply: no rule" c0
	rules "pref 100 ipproto icmp lookup 300"
	echo_via "echo reply: ipproto icmp" c1
	unrules
	rules "pref 100 uidrange 0-0 lookup 300"
	echo_via "echo reply: uidrange 0-0" c1
	unrules
	rules "pref 100 uidrange 1-100 lookup 300"
	echo_via "echo reply: uidrange 1-100" c0
	unrules
	# The request is marked 0x7 on $rt; the reply carries it only with
	# fwmark_reflect.
	rules "pref 100 fwmark 0x7 lookup 300"
	echo_via "echo reply: fwmark, no reflect" c0
	flush
	nrt sysctl -qw net.ipv4.fwmark_reflect=1
	echo_via "echo reply: fwmark reflected" c1
	flush
	nrt sysctl -qw net.ipv4.fwmark_reflect=0
	unrules
	rules "pref 100 tos 0x10 lookup 300"
	echo_via "echo reply: tos 0x10" c1 0x10
	echo_via "echo reply: tos 0" c0
	unrules
}

# 1. The stock path: nothing selected, ipv4alt sees nothing.
pass=stock
nrt sysctl -qw net.ipv4.ip_forward=1
snap "$rt"
matrix
expect_deltas "$rt"

# 2. and 3. ipv4alt on every device of $rt, with the stock ip_forward on
# (ipv4alt uses the kernel's input route) and off (it looks up itself).
for d in r0 r1 r2 r3; do
	nrt sysctl -qw "net.ipv4alt.conf.$d.enabled=1"
done
for f in 1 0; do
	pass="ipv4alt, ip_forward=$f"
	nrt sysctl -qw net.ipv4.ip_forward=$f
	n_fwd=0 n_err=0 n_quiet=0 n_echo=0 n_limited=0
	snap "$rt"
	matrix
	ktap_case=$pass
	expect_deltas "$rt" \
		InReceives=$((n_fwd + n_err + n_quiet + n_limited + n_echo)) \
		ForwDatagrams=$n_fwd OutNoRoutes=$((n_err + n_quiet + n_limited)) \
		OutDestUnreachs=$n_err OutRateLimited=$n_limited \
		InEchos=$n_echo OutEchoReps=$n_echo \
		InDelivers=$n_echo OutRequests=$((n_err + n_echo))
	expect_stock_mirrored "$rt" InReceives InDelivers ForwDatagrams
	ktap_case=
done
