/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: IP options (options.c).
 */
#ifndef _IPV4ALT_OPTIONS_H
#define _IPV4ALT_OPTIONS_H

#include "ipv4alt.h"

struct ip_options;

unsigned int ipv4alt_opts_echo_skb(struct sk_buff *skb, __be32 saddr);
int ipv4alt_opts_rcv(struct ipv4alt_net *pn, struct sk_buff *skb,
		     const struct net_device *dev);
bool ipv4alt_opts_recheck(struct sk_buff *skb);
bool ipv4alt_opts_forward(u8 *opts, unsigned int len, __be32 addr,
			  __be32 now);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
int ipv4alt_opts_parse(const u8 *opts, unsigned int len,
		       struct ip_options *opt, u8 *pointer);
unsigned int ipv4alt_opts_echo(const u8 *in, unsigned int len, u8 *out,
			       __be32 addr, __be32 now);
#endif

#endif /* _IPV4ALT_OPTIONS_H */
