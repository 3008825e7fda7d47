/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the IP ID generator (ipid.c).
 */
#ifndef _IPV4ALT_IPID_H
#define _IPV4ALT_IPID_H

#include "ipv4alt.h"

#define IPV4ALT_IPID_MIN_BUCKETS	2048
/* Linux's ip_idents cap, for the automatic size. */
#define IPV4ALT_IPID_AUTO_MAX_BUCKETS	(256 * 1024)
/* 32 MiB of buckets: the most ipid_buckets= may ask for. */
#define IPV4ALT_IPID_MAX_BUCKETS	(4 * 1024 * 1024)

int ipv4alt_ipid_init(unsigned int param);
void ipv4alt_ipid_exit(void);
void ipv4alt_ipid_net_init(struct ipv4alt_net *pn);
void ipv4alt_ipid_select(const struct ipv4alt_net *pn, struct sk_buff *skb,
			 u32 segs);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
u32 ipv4alt_ipid_nbuckets(unsigned int param, unsigned long ram_pages);
u32 ipv4alt_ipid_hash(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		      u8 proto);
u32 ipv4alt_ipid_advance(atomic_t *ctr, u32 *stamp, u32 now, u32 segs);
u16 ipv4alt_ipid_reserve(const struct ipv4alt_net *pn, __be32 saddr,
			 __be32 daddr, u8 proto, u32 segs);
#endif

/**
 * ipv4alt_ipid_segs() - how many IDs a datagram needs
 * @skb: an outgoing datagram
 *
 * Return: its GSO segment count if it is a GSO skb, else 1.
 */
static inline u32 ipv4alt_ipid_segs(const struct sk_buff *skb)
{
	return skb_is_gso(skb) ? max_t(u32, skb_shinfo(skb)->gso_segs, 1) : 1;
}

#endif /* _IPV4ALT_IPID_H */
