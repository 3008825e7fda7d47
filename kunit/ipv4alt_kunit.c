// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the ipv4alt KUnit suites.
 */

#include <linux/ip.h>
#include <net/ip.h>

#include "ipv4alt_kunit.h"

/**
 * ipv4alt_kunit_skb() - a linear skb holding one IPv4 datagram
 * @test: the test; the skb is not freed with it
 * @d: the datagram
 *
 * The skb holds @d->headroom bytes of headroom, then the header with its
 * options and a valid checksum, then @d->len zero bytes of payload for
 * the caller to fill (from skb->data + the header length). The network
 * header is set and skb->protocol is ETH_P_IP. Fails the test when the
 * skb cannot be allocated.
 *
 * Return: the skb.
 */
struct sk_buff *ipv4alt_kunit_skb(struct kunit *test,
				  const struct ipv4alt_kunit_dgram *d)
{
	unsigned int hlen = sizeof(struct iphdr) + d->optlen;
	struct sk_buff *skb;
	struct iphdr *iph;

	KUNIT_ASSERT_EQ(test, d->optlen % 4, 0);
	KUNIT_ASSERT_LE(test, d->optlen, MAX_IPOPTLEN);
	skb = alloc_skb(d->headroom + hlen + d->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, d->headroom);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, hlen + d->len);
	iph->version = 4;
	iph->ihl = hlen / 4;
	iph->tos = d->tos;
	iph->tot_len = htons(d->tot_len ?: hlen + d->len);
	iph->id = htons(d->id);
	iph->frag_off = htons(d->frag_off);
	iph->ttl = 64;
	iph->protocol = d->protocol;
	iph->saddr = d->saddr;
	iph->daddr = d->daddr;
	if (d->optlen)
		memcpy(iph + 1, d->opts, d->optlen);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}
