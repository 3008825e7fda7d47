# SPDX-License-Identifier: GPL-2.0
#
# Helpers for what runs inside a test VM, both the scenarios
# (scripts/selftests/lib.sh sources this) and the benchmark guest
# (scripts/bench/guest): counter readers, wait_for, hostile_bin. Source
# it; the sourcing script defines fail WHY, which these call when they
# cannot go on.
# shellcheck shell=bash

guest_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# snmp NS NAME: one counter of /proc/net/ipv4alt/snmp in NS.
snmp() {
	# shellcheck disable=SC2016 # an awk program
	ip netns exec "$1" awk -v n="$2" '$1 == n { print $2; f = 1 }
		END { if (!f) exit 1 }' /proc/net/ipv4alt/snmp ||
		fail "no counter $2 in $1"
}

# stock_mib_all NS LINE: the counters of the stock MIB's "LINE:" lines in
# NS, one "Name value" pair per line. LINE is Ip, Icmp, IcmpMsg, Tcp, Udp
# or UdpLite (/proc/net/snmp), or IpExt or TcpExt (/proc/net/netstat);
# IcmpMsg shows only the types counted so far.
stock_mib_all() {
	local file
	case $2 in
	Ip | Icmp | IcmpMsg | Tcp | Udp | UdpLite) file=/proc/net/snmp ;;
	IpExt | TcpExt) file=/proc/net/netstat ;;
	*) fail "no stock MIB line $2" ;;
	esac
	# A line of names, then one of values; IcmpMsg may have several pairs.
	# shellcheck disable=SC2016 # an awk program
	ip netns exec "$1" awk -v l="$2:" '
		$1 != l { next }
		!h { for (i = 2; i <= NF; i++) n[i] = $i; h = 1; next }
		{ for (i = 2; i <= NF; i++) print n[i], $i; h = 0 }
	' "$file"
}

# stock_mib NS LINE FIELD: one counter of stock_mib_all, or fail;
# stock_ip NS FIELD: one of the "Ip:" line.
stock_mib() {
	local v
	v=$(stock_mib_all "$1" "$2" |
		awk -v f="$3" '$1 == f { print $2; ok = 1 } END { exit !ok }') ||
		fail "no stock counter $2 $3 in $1"
	echo "$v"
}
stock_ip() { stock_mib "$1" Ip "$2"; }

# rt_cache_stat FIELD: /proc/net/stat/rt_cache's FIELD (in_no_route,
# in_slow_tot, ...) summed over the CPUs, or fail if there is no such
# field. The kernel keeps one table for all namespaces.
rt_cache_stat() {
	local -a names vals
	local i col='' n=0
	{
		read -r -a names
		for i in "${!names[@]}"; do
			[ "${names[i]}" = "$1" ] && col=$i
		done
		[ -n "$col" ] || fail "no field $1 in /proc/net/stat/rt_cache"
		while read -r -a vals; do
			n=$((n + 0x${vals[col]}))
		done
	} </proc/net/stat/rt_cache
	echo "$n"
}

# counter_above NS NAME N: is ipv4alt's counter NAME in NS above N? For
# wait_for: a flood's senders start slowly on a debug kernel.
counter_above() {
	[ "$(snmp "$1" "$2")" -gt "$3" ]
}

# wait_for CMD...: retry CMD for up to 30 s (a scapy start on a loaded
# TCG guest can take several seconds); WAIT_TRIES=N: N tries, 0.1 s apart.
wait_for() {
	for _ in $(seq "${WAIT_TRIES:-300}"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# hostile_bin: the path of hostile.c's binary. scripts/build-all builds it
# on the host next to the modules (gcc in a TCG guest takes half a
# minute); a missing or stale copy is rebuilt here, in /tmp.
hostile_bin() {
	local bin=${IPV4ALT_KO%/*/module/ipv4alt.ko}/selftests/hostile
	if [ ! -x "$bin" ] || [ "$guest_dir/selftests/hostile.c" -nt "$bin" ]; then
		bin=/tmp/hostile
		[ -x "$bin" ] ||
			gcc -O2 -Wall -o "$bin" "$guest_dir/selftests/hostile.c" >&2 ||
			fail "cannot build hostile.c"
	fi
	echo "$bin"
}
