/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: per-netns setup and logging (netns.c).
 */
#ifndef _IPV4ALT_NETNS_H
#define _IPV4ALT_NETNS_H

#include "ipv4alt.h"

__printf(4, 5)
void ipv4alt_log(const char *level, const struct net *net,
		 const struct net_device *dev, const char *fmt, ...);
bool ipv4alt_may_select(const struct net *net, const struct net_device *dev);

int ipv4alt_netns_init(void);
void ipv4alt_netns_exit(void);

#endif /* _IPV4ALT_NETNS_H */
