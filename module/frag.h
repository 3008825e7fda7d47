/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the fragmenter (frag.c).
 */
#ifndef _IPV4ALT_FRAG_H
#define _IPV4ALT_FRAG_H

#include "ipv4alt.h"

int ipv4alt_fragment(struct ipv4alt_net *pn, struct net *net, struct sock *sk,
		     struct sk_buff *skb, unsigned int mtu,
		     int (*output)(struct net *, struct sock *,
				   struct sk_buff *));

#endif /* _IPV4ALT_FRAG_H */
