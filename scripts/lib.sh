# SPDX-License-Identifier: GPL-2.0
# Shared helpers for ipv4alt's scripts. Source it, do not run it.
# shellcheck shell=bash

IPV4ALT_CACHE=${IPV4ALT_CACHE:-$HOME/.cache/ipv4alt}
# shellcheck disable=SC2034 # used by the scripts that source this file
IPV4ALT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# kver_of 6.1|6.12: the newest installed Debian kernel of that series.
kver_of() {
	local series=$1 k
	# shellcheck disable=SC2012 # kernel releases have no white space
	k=$(ls -d /lib/modules/"$series".[0-9]*/build 2>/dev/null |
		sed 's|/lib/modules/||; s|/build||' | sort -V | tail -n 1)
	[ -n "$k" ] || { echo "no Debian $series kernel headers installed" >&2; return 1; }
	echo "$k"
}

# The kernels every full run covers.
# shellcheck disable=SC2034 # used by the scripts that source this file
IPV4ALT_SERIES="6.1 6.12"

# Record one result line for the final tally.
result() {
	mkdir -p "$IPV4ALT_CACHE/results"
	echo "$1 $2" >> "$IPV4ALT_CACHE/results/current"
}
