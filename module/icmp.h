/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: echo replies, ICMP errors and their rate limit (icmp.c).
 */
#ifndef _IPV4ALT_ICMP_H
#define _IPV4ALT_ICMP_H

#include <linux/icmp.h>
#include "ipv4alt.h"

bool ipv4alt_icmp_is_echo(const struct sk_buff *skb);
int ipv4alt_icmp_echo(struct ipv4alt_net *pn, struct sk_buff *skb);
void ipv4alt_icmp_send(struct ipv4alt_net *pn, struct sk_buff *skb, u8 type,
		       u8 code, u32 info);
void ipv4alt_icmp_bucket_init(struct ipv4alt_icmp_bucket *b,
			      unsigned long now, u32 burst);
bool ipv4alt_icmp_error_allowed(const struct sk_buff *skb);
bool ipv4alt_icmp_route_allow(struct ipv4alt_net *pn, __be32 saddr);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
void ipv4alt_icmp_echo_to_reply(struct icmphdr *icmph);
bool ipv4alt_icmp_bucket_allow(struct ipv4alt_icmp_bucket *b,
			       unsigned long now, u32 rate, u32 burst);
bool ipv4alt_icmp_peer_allow(struct ipv4alt_icmp_peer *p, __be32 daddr,
			     unsigned long now, u32 cost, unsigned int burst);
#endif

#endif /* _IPV4ALT_ICMP_H */
