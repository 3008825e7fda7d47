/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: counters and /proc/net/ipv4alt/snmp (stats.c).
 */
#ifndef _IPV4ALT_STATS_H
#define _IPV4ALT_STATS_H

#include "ipv4alt.h"

int ipv4alt_stats_net_init(struct ipv4alt_net *pn);
void ipv4alt_stats_net_exit(struct ipv4alt_net *pn);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
unsigned long ipv4alt_stats_read(struct ipv4alt_net *pn,
				 enum ipv4alt_mib_field field);
#endif

#endif /* _IPV4ALT_STATS_H */
