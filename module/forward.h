/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: forwarding (forward.c).
 */
#ifndef _IPV4ALT_FORWARD_H
#define _IPV4ALT_FORWARD_H

#include "ipv4alt.h"

/**
 * enum ipv4alt_fwd_verdict - may a datagram for another host be forwarded?
 * @IPV4ALT_FWD_OK: yes
 * @IPV4ALT_FWD_DISABLED: forwarding is off, globally or on the input
 *	device (InNotLocal)
 * @IPV4ALT_FWD_INIT_SOURCE: source in 0/8, dropped silently (InAddrErrors)
 * @IPV4ALT_FWD_BCAST_MCAST: broadcast or multicast, at link or IP level
 *	(ForwBcastMcast)
 * @IPV4ALT_FWD_LINK_LOCAL_SOURCE: source in 169.254/16
 *	(ForwLinkLocalSource)
 * @IPV4ALT_FWD_LINK_LOCAL_DESTINATION: destination in 169.254/16
 *	(ForwLinkLocalDestination)
 * @IPV4ALT_FWD_TTL_EXCEEDED: TTL 0 or 1: ICMP 11/0 (ForwExhaustedTTL)
 */
enum ipv4alt_fwd_verdict {
	IPV4ALT_FWD_OK,
	IPV4ALT_FWD_DISABLED,
	IPV4ALT_FWD_INIT_SOURCE,
	IPV4ALT_FWD_BCAST_MCAST,
	IPV4ALT_FWD_LINK_LOCAL_SOURCE,
	IPV4ALT_FWD_LINK_LOCAL_DESTINATION,
	IPV4ALT_FWD_TTL_EXCEEDED,
};

struct fib_result;

bool ipv4alt_fwd_early_route(struct ipv4alt_net *pn, struct sk_buff *skb,
			     struct net_device *dev, struct fib_result *res);
int ipv4alt_forward(struct ipv4alt_net *pn, struct sk_buff *skb,
		    struct net_device *dev, __be64 tun_id,
		    const struct fib_result *early);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
enum ipv4alt_fwd_verdict ipv4alt_fwd_decide(int forwarding, int dev_forwarding,
					    __be32 saddr, __be32 daddr,
					    bool l2_unicast, u8 ttl);
void ipv4alt_fwd_dec_ttl(struct iphdr *iph);
bool ipv4alt_fwd_addr_special(__be32 addr);
#endif

#endif /* _IPV4ALT_FORWARD_H */
