# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Read through BASH_ENV before a test of linux-source-6.12 that calls
# check_err and require_command without defining them. 6.12's net/lib.sh
# lacks both (forwarding/lib.sh has them; later kernels moved them to
# net/lib.sh), so in traceroute.sh a failed check is "command not found"
# and its log_test always says OK. They use lib.sh's ret_set_ksft_status
# and ksft_* values, which exist by the time a test calls them.

# check_err ERR MSG: a nonzero ERR fails the current test, saying MSG.
check_err() {
	(($1)) || return 0
	# shellcheck disable=SC2154 # from net/lib.sh
	ret_set_ksft_status "$ksft_fail" "$2"
}

# require_command CMD: skip the whole test when CMD is not installed.
require_command() {
	command -v "$1" >/dev/null && return 0
	echo "SKIP: $1 not installed"
	# shellcheck disable=SC2154 # from net/lib.sh
	exit "$ksft_skip"
}
