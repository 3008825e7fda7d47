# SPDX-License-Identifier: GPL-2.0
#
# Helpers for ipv4alt's netns scenarios, in the manner of WireGuard's
# tests/netns.sh. Source it from a scenario; scenarios run as root inside a
# test VM (scripts/vm), where $IPV4ALT_KO names the module to load.
#
# The usual topology:
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (stock IPv4)  │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         └─────────────────────────┘
# shellcheck shell=bash

peer=peer-$$
dut=dut-$$
PEER_IP=10.0.0.1
DUT_IP=10.0.0.2
SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # used by the scenarios
PY=/usr/bin/python3
# shellcheck source=../guest.sh
. "$SELFTESTS_DIR/../guest.sh"

pretty() { echo -e "[+] ${1:+$1: }${*:2}" >&2; }
pp() { pretty "" "$*"; "$@"; }
np() { ip netns exec "$peer" "$@"; }
nd() { ip netns exec "$dut" "$@"; }
pnp() { pretty "peer" "$*"; np "$@"; }
pnd() { pretty "dut" "$*"; nd "$@"; }

# Results, in KTAP (Documentation/dev-tools/ktap.rst): each check is one
# subtest line of the scenario, "  ok N what" or "  not ok N what # why",
# and a failed check does not stop the scenario, as log_test does in
# tools/testing/selftests/net/lib.sh; so one run shows every broken check.
# scripts/selftests/run prints the version line before and the scenario's
# own result after, and fails the scenario if any line here is "not ok".
# The lines also go to $IPV4ALT_KTAP, which numbers them even when a
# check runs in a subshell, and to fd $ktap_fd, even from inside a $(...):
# the fd scripts/selftests/run passes in $IPV4ALT_KTAP_FD, or else the
# stdout the scenario started with.
IPV4ALT_KTAP=${IPV4ALT_KTAP:-$(mktemp /tmp/ktap.XXXXXX)}
# scripts/selftests/run turns the scenario's stdout into KTAP diagnostic
# lines, so it passes another fd for results.
if [ -n "${IPV4ALT_KTAP_FD:-}" ]; then
	ktap_fd=$IPV4ALT_KTAP_FD
else
	exec {ktap_fd}>&1
fi

# ktap_result ok|"not ok" WHAT [WHY]: record one check. A scenario that
# runs the same checks more than once (rounds, cases of a table) sets
# ktap_case to tell them apart: "$ktap_case: " then starts each WHAT.
ktap_case=
ktap_result() {
	local n line what=${ktap_case:+$ktap_case: }${2//$'\n'/ } why=${3:-}
	what=${what//#/}
	why=${why//$'\n'/ }
	n=$(($(wc -l <"$IPV4ALT_KTAP") + 1))
	line="$1 $n $what${why:+ # $why}"
	echo "$line" >>"$IPV4ALT_KTAP"
	echo "  $line" >&"$ktap_fd"
}

# check WHAT CMD...: run CMD; record whether it succeeded, and go on.
# Always returns 0, so that it is safe under set -e.
check() {
	local what=$1
	shift
	if "$@"; then
		ktap_result ok "$what"
	else
		ktap_result "not ok" "$what" "exit $?"
	fi
	return 0
}

# sendrecv ARGS...: sendrecv.py from the peer (vp) to the dut, after
# dut_up; sendrecv_rt ARGS...: from the client (c0) to the router, after
# rt_up. ARGS as sendrecv.py takes them (--icmp T C, --silence, IP_EXPR).
sendrecv() {
	np "$PY" "$SELFTESTS_DIR/sendrecv.py" vp "$dut_mac" "$@"
}
sendrecv_rt() {
	ncl "$PY" "$SELFTESTS_DIR/sendrecv.py" c0 "$rt_mac_addr" "$@"
}

# check_out WHAT CMD...: as check, with CMD's output as the reason when it
# fails (sendrecv.py prints what came back instead of what it wanted). The
# output stays in $res for the checks that look into it.
check_out() {
	local what=$1 rc=0
	shift
	res=$("$@") || rc=$?
	if [ $rc = 0 ]; then
		ktap_result ok "$what"
	else
		ktap_result "not ok" "$what" "${res:-exit $rc}"
	fi
	return 0
}

# expect_match WHAT PATTERN TEXT: TEXT has a line matching PATTERN (grep's
# basic regular expression); TEXT is the reason when it does not.
expect_match() {
	if grep -q -- "$2" <<<"$3"; then
		ktap_result ok "$1"
	else
		check_fail "$1" "$3"
	fi
}

# require WHAT CMD...: as check, but a failure ends the scenario: for a
# step that later checks cannot do without.
require() {
	local what=$1
	shift
	if "$@"; then
		ktap_result ok "$what"
	else
		fail "$what"
	fi
}

# ktap_verdict: fail if any check so far failed; for a script that has
# no scripts/selftests/run around it to judge its checks (dkms-test).
ktap_verdict() {
	local bad
	bad=$(grep -c '^not ok' "$IPV4ALT_KTAP") || true
	[ "$bad" -eq 0 ] || fail "$bad checks failed"
}

# check_fail WHAT WHY: record a failed check, and go on.
check_fail() { ktap_result "not ok" "$1" "$2"; }

# fail WHY: record a failed check and end the scenario, for a step that
# later checks cannot do without (a topology, a module load). Inside a
# $(...) it ends only that subshell, but the failure is recorded all the
# same, so scripts/selftests/run fails the scenario.
fail() {
	echo "FAIL: $*" >&2
	ktap_result "not ok" "$*"
	exit 1
}

# expect_eq WHAT ACTUAL EXPECTED [EXPECTED_NAME]: the check is named
# "WHAT = EXPECTED", or "WHAT = EXPECTED_NAME" when EXPECTED is computed
# from the run, so that a check keeps its name from one run to the next.
expect_eq() {
	local what="$1 = ${4:-$3}" why="got '$2'"
	[ -z "${4:-}" ] || why+=", expected '$3'"
	if [ "$2" != "$3" ]; then
		check_fail "$what" "$why"
	else
		ktap_result ok "$what"
	fi
}

ipv4alt_loaded() { grep -q '^ipv4alt ' /proc/modules; }

# load_ipv4alt: insmod $IPV4ALT_KO without parameters;
# load_ipv4alt_with PARAM...: with module parameters. Two names, so that
# a call without arguments is one that wants none (shellcheck checks each
# scenario alone and would otherwise flag every such call, SC2119).
load_ipv4alt() {
	[ -f "$IPV4ALT_KO" ] || fail "no module at IPV4ALT_KO='$IPV4ALT_KO'"
	pp insmod "$IPV4ALT_KO"
}
load_ipv4alt_with() {
	[ -f "$IPV4ALT_KO" ] || fail "no module at IPV4ALT_KO='$IPV4ALT_KO'"
	pp insmod "$IPV4ALT_KO" "$@"
}

unload_ipv4alt() {
	if ipv4alt_loaded; then
		pp rmmod ipv4alt
	fi
}

# group_start CMD...: run CMD in the background, output discarded, in a
# process group of its own (setsid), so that group_stop ends it with all
# it forked: timeout(1) forks its command, and a kill that reaches timeout
# between its fork and its bookkeeping leaves the command running.
bg_groups=()
group_start() {
	setsid "$@" >/dev/null 2>&1 &
	bg_groups+=($!)
}

# groups_running: every group group_start made still has a process (a
# kill -0 of several PIDs succeeds when any one of them is there).
groups_running() {
	local g
	for g in "${bg_groups[@]}"; do
		kill -0 -- "-$g" 2>/dev/null || return
	done
}

# group_gone PGID: no process of the group is left (any left gets TERM).
group_gone() { ! pkill -TERM -g "$1"; }

# group_stop: end every group group_start made, and wait until no process
# of them is left: a sender that outlived its step would send into the
# next one.
group_stop() {
	local g groups=("${bg_groups[@]}")
	bg_groups=()
	for g in "${groups[@]}"; do
		# Before setsid has run, the group does not exist yet, and
		# nothing has been forked: the leader alone is enough.
		kill -TERM -- "-$g" 2>/dev/null || kill -TERM "$g" 2>/dev/null ||
			true # gone already
	done
	for g in "${groups[@]}"; do
		# Reap the leader first: pkill would still find its zombie.
		wait "$g" 2>/dev/null || true
		wait_for group_gone "$g" || fail "process group $g outlived its stop"
	done
}

cleanup() {
	set +e
	exec 2>/dev/null
	# In a subshell: a fail there must not cut the rest of the cleanup.
	[ ${#bg_groups[@]} -eq 0 ] || (group_stop)
	local p
	for p in $(jobs -p); do
		kill "$p"
	done
	wait
	ip netns del "$peer"
	ip netns del "$dut"
	ip netns del "$cl"
	ip netns del "$rt"
	ip netns del "$sv"
	unload_ipv4alt
}

# ns_up NS...: new namespaces with lo up and IPv6 off, so that only the
# scenario's own IPv4 traffic crosses their links.
ns_up() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	done
}

# topo_up: two namespaces joined by a veth pair.
topo_up() {
	ns_up "$peer" "$dut"
	ip link add vp netns "$peer" type veth peer name vd netns "$dut"
	ip -n "$peer" addr add "$PEER_IP/24" broadcast + dev vp
	ip -n "$dut" addr add "$DUT_IP/24" broadcast + dev vd
	ip -n "$peer" link set vp up
	ip -n "$dut" link set vd up
}

# The router topology (forward*.sh): ipv4alt forwards in $rt.
#
#   ┌──────────────┐      ┌─────────────────────────────┐      ┌──────────────┐
#   │ $cl (stock)  │ veth │ $rt (ipv4alt on r0 and r1)  │ veth │ $sv (stock)  │
#   │ c0 10.1.0.1  ├──────┤ r0 10.1.0.2    r1 10.2.0.1  ├──────┤ s0 10.2.0.2  │
#   └──────────────┘      └─────────────────────────────┘ 1280 └──────────────┘
#
# The r1-s0 link has MTU 1280. Only ipv4alt's forwarding knobs are on in
# $rt; the stock net.ipv4.ip_forward stays 0.
cl=cl-$$
rt=rt-$$
sv=sv-$$
CL_IP=10.1.0.1
RT_CL_IP=10.1.0.2
RT_SV_IP=10.2.0.1
SV_IP=10.2.0.2
ncl() { ip netns exec "$cl" "$@"; }
nrt() { ip netns exec "$rt" "$@"; }
nsv() { ip netns exec "$sv" "$@"; }

router_up() {
	ns_up "$cl" "$rt" "$sv"
	ip link add c0 netns "$cl" type veth peer name r0 netns "$rt"
	ip link add r1 netns "$rt" mtu 1280 type veth peer name s0 netns "$sv" mtu 1280
	ip -n "$cl" addr add "$CL_IP/24" broadcast + dev c0
	ip -n "$rt" addr add "$RT_CL_IP/24" broadcast + dev r0
	ip -n "$rt" addr add "$RT_SV_IP/24" broadcast + dev r1
	ip -n "$sv" addr add "$SV_IP/24" broadcast + dev s0
	ip -n "$cl" link set c0 up
	ip -n "$rt" link set r0 up
	ip -n "$rt" link set r1 up
	ip -n "$sv" link set s0 up
	ip -n "$cl" route add default via "$RT_CL_IP"
	ip -n "$sv" route add default via "$RT_SV_IP"
	nrt sysctl -qw net.ipv4alt.conf.r0.enabled=1 net.ipv4alt.conf.r1.enabled=1
	nrt sysctl -qw net.ipv4alt.forwarding=1 net.ipv4.ip_forward=0
	# Resolve every neighbour, so that counted frames are the scenario's.
	ncl ping -n -c 1 -W 2 "$SV_IP" >/dev/null || fail "no path $cl -> $sv"
}

# rt_mac: the link address of r0, where $cl sends crafted frames.
rt_mac() { nrt cat /sys/class/net/r0/address; }

# link_addr NS DEV: the link address of DEV in NS.
link_addr() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }

# neigh_permanent NS DEV IP OTHER_NS OTHER_DEV: a permanent neighbour
# entry in NS for IP on DEV, at OTHER_DEV's link address, so that no ARP
# exchange crosses the link while the scenario counts.
neigh_permanent() {
	ip -n "$1" neigh replace "$3" dev "$2" nud permanent \
		lladdr "$(link_addr "$4" "$5")" || fail "no neighbour $3 in $1"
}

# dut_up: how most scenarios on the two-namespace topology start:
# ipv4alt loaded, the veth pair up, vd selected, the dut resolved from the
# peer (so that every frame counted later is the scenario's), and
# dut_mac set to vd's link address, where the peer sends crafted frames.
dut_up() {
	load_ipv4alt
	topo_up
	select_dut 1
	np ping -n -c 1 -W 2 "$DUT_IP" >/dev/null || fail "no path $peer -> $dut"
	# shellcheck disable=SC2034 # for the scenario
	dut_mac=$(link_addr "$dut" vd)
}

# rt_up: the same for the router topology; sets rt_mac_addr to r0's link
# address.
rt_up() {
	load_ipv4alt
	router_up
	# shellcheck disable=SC2034 # for the scenario
	rt_mac_addr=$(rt_mac)
}

# select_dut 0|1: set conf.vd.enabled in $dut.
select_dut() {
	pnd sysctl -qw net.ipv4alt.conf.vd.enabled="$1"
}

# snap NS: remember every ipv4alt counter of NS, and the stock "Ip:"
# ones; delta NS NAME reads the change of an ipv4alt counter since then.
declare -A SNAP STOCK_SNAP
snap() {
	local name val
	while read -r name val; do
		SNAP[$1.$name]=$val
	done < <(ip netns exec "$1" cat /proc/net/ipv4alt/snmp)
	while read -r name val; do
		STOCK_SNAP[$1.$name]=$val
	done < <(stock_mib_all "$1" Ip)
}
delta() {
	echo $(($(snmp "$1" "$2") - ${SNAP[$1.$2]}))
}

# expect_deltas NS NAME=N ...: exact changes since snap; every ipv4alt
# counter not named must not have moved. N may be @VAR or -@VAR, the value
# of the shell variable VAR (negated): for a change that depends on the
# run, so that the check's name does not.
expect_deltas() {
	# Locals start with _, so that @VAR finds the caller's VAR.
	local _ns=$1 _kv _name _want _got _ref _bad=""
	shift
	declare -A _want_of=()
	for _kv in "$@"; do
		_want=${_kv#*=}
		case $_want in
		@*) _ref=${_want#@}; _want=${!_ref} ;;
		-@*) _ref=${_want#-@}; _want=$((-${!_ref})) ;;
		esac
		_want_of[${_kv%%=*}]=$_want
	done
	while read -r _name _got; do
		_want=${_want_of[$_name]:-0}
		unset "_want_of[$_name]"
		_got=$((_got - ${SNAP[$_ns.$_name]}))
		[ "$_got" = "$_want" ] ||
			_bad+=" $_name moved by $_got (expected $_want);"
	done < <(ip netns exec "$_ns" cat /proc/net/ipv4alt/snmp)
	[ ${#_want_of[@]} -eq 0 ] || _bad+=" unknown counters: ${!_want_of[*]}"
	local _what="${_ns%%-*} counters moved by exactly: ${*:-nothing}"
	if [ -n "$_bad" ]; then
		check_fail "$_what" "$_bad"
	else
		ktap_result ok "$_what"
	fi
}

# stock_delta NS: frames the stock "Ip: InReceives" of NS counted since
# snap, ipv4alt's included (it counts its own there too).
stock_delta() {
	echo $(($(stock_ip "$1" InReceives) - ${STOCK_SNAP[$1.InReceives]}))
}

# expect_stock_mirrored NS NAME...: since snap, each stock "Ip:" counter
# moved exactly as ipv4alt's counter of the same name. ipv4alt counts its
# work in the stock MIB too (design.rst, "The stock MIB"); a stock
# ip_rcv(), ip_forward() or ip_defrag() that also ran for the same
# datagrams would count them twice.
expect_stock_mirrored() {
	local ns=$1 name s a bad=""
	shift
	for name in "$@"; do
		[ -n "${STOCK_SNAP[$ns.$name]:-}" ] ||
			fail "no counter $name in the Ip: lines of $ns"
		s=$(($(stock_ip "$ns" "$name") - ${STOCK_SNAP[$ns.$name]}))
		a=$(delta "$ns" "$name")
		[ "$s" = "$a" ] ||
			bad+=" stock Ip $name moved by $s, ipv4alt's by $a;"
	done
	local what="${ns%%-*} stock Ip counters moved as ipv4alt's: $*"
	if [ -n "$bad" ]; then
		check_fail "$what" "$bad"
	else
		ktap_result ok "$what"
	fi
}

# sysctl_refused NS KEY VALUE ERROR: writing VALUE to the sysctl KEY in
# NS fails with ERROR (an errno's text: "Invalid argument") and KEY keeps
# the value it had.
sysctl_refused() {
	local f=/proc/sys/${2//.//} old err
	old=$(ip netns exec "$1" cat "$f")
	# shellcheck disable=SC2016 # a script for bash -c
	if err=$(ip netns exec "$1" bash -c 'echo "$1" >"$2"' _ "$3" "$f" 2>&1); then
		check_fail "$2=$3 refused with '$4'" "accepted"
	elif ! grep -q "$4" <<<"$err"; then
		check_fail "$2=$3 refused with '$4'" "got '$err'"
	else
		ktap_result ok "$2=$3 refused with '$4'"
	fi
	expect_eq "$2 after refused '$3'" "$(ip netns exec "$1" cat "$f")" "$old"
}

# ping_ok NS DST COUNT [PING_ARG...]: COUNT echo exchanges, all answered;
# PING_ARG... go to ping (-s 3000 for fragmented echos).
ping_ok() {
	local out what="${1%%-*}: ping -c $3${4:+ ${*:4}} $2, $3 answered"
	if out=$(ip netns exec "$1" ping -n -q -c "$3" -i 0.2 -W 2 "${@:4}" "$2") &&
		grep -q " $3 received" <<<"$out"; then
		ktap_result ok "$what"
	else
		check_fail "$what" "$(grep -E 'received|error' <<<"$out")"
	fi
}
