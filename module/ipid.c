// SPDX-License-Identifier: GPL-2.0
/*
 * The ID-bucket generator: IP IDs of the datagrams ipv4alt sends.
 *
 * A flow (source, destination, protocol) hashes with a per-netns SipHash
 * key into one of a global array of buckets. Each bucket holds a counter
 * and the time it was last used. A datagram takes the next IDs of its
 * bucket and, when the bucket has been idle, skips a random number of IDs
 * that grows with the idle time. An off-path observer can then neither
 * count another host's datagrams by probing a shared bucket nor predict
 * the IDs of a flow it cannot see (Knockel and Crandall; Klein and Pinkas,
 * USENIX Security 2019): the counter moves by an unknown amount between
 * its probes.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "ipid.h"
#include "ipv4alt.h"

/**
 * struct ipid_bucket - one counter of the generator
 * @id: the next ID, in its low 16 bits
 * @stamp: jiffies (low 32 bits) when a datagram last took an ID here
 *
 * Both live in one struct so that one cache line serves a datagram.
 */
struct ipid_bucket {
	atomic_t id;
	u32 stamp;
};

static struct ipid_bucket *ipid_buckets __read_mostly;
static u32 ipid_mask __read_mostly;

/*
 * The generator's steps, always inlined: ID selection runs for every
 * datagram sent, and on the packet path a call per step costs more than
 * the step (make bench, ipid rows). The ipv4alt_ipid_*() wrappers below
 * expose them to KUnit.
 */
static __always_inline u32 ipid_hash(const siphash_key_t *key, __be32 saddr,
				     __be32 daddr, u8 proto)
{
	return siphash_3u32((__force u32)saddr, (__force u32)daddr, proto, key);
}

static __always_inline u32 ipid_advance(atomic_t *ctr, u32 *stamp, u32 now,
					u32 segs)
{
	u32 old = READ_ONCE(*stamp);
	u32 step = 0;

	if (old != now && cmpxchg(stamp, old, now) == old)
		step = get_random_u32_below(now - old);
	/* Wraps modulo 2^32 by design; the kernel builds with
	 * -fno-strict-overflow.
	 */
	return atomic_add_return(segs + step, ctr) - segs;
}

/* @segs is at least 1. */
static __always_inline u16 ipid_reserve(const struct ipv4alt_net *pn,
					__be32 saddr, __be32 daddr, u8 proto,
					u32 segs)
{
	u32 hash = ipid_hash(&pn->ipid_key, saddr, daddr, proto);
	struct ipid_bucket *b = &ipid_buckets[hash & ipid_mask];

	return ipid_advance(&b->id, &b->stamp, (u32)jiffies, segs);
}

/**
 * ipv4alt_ipid_nbuckets() - how many buckets to allocate
 * @param: the ipid_buckets= module parameter; 0 asks for the automatic size
 * @ram_pages: pages of RAM, totalram_pages() at load
 *
 * The automatic size follows Linux's ip_idents table: one bucket per 64 KiB
 * of RAM (rounded up to a whole MiB), rounded up to a power of two, and
 * clamped to IPV4ALT_IPID_MIN_BUCKETS..IPV4ALT_IPID_AUTO_MAX_BUCKETS.
 *
 * Return: the bucket count, or 0 if @param is not 0 and not a power of two
 * in IPV4ALT_IPID_MIN_BUCKETS..IPV4ALT_IPID_MAX_BUCKETS.
 */
VISIBLE_IF_KUNIT
u32 ipv4alt_ipid_nbuckets(unsigned int param, unsigned long ram_pages)
{
	unsigned long n;

	if (param)
		return is_power_of_2(param) &&
		       param >= IPV4ALT_IPID_MIN_BUCKETS &&
		       param <= IPV4ALT_IPID_MAX_BUCKETS ? param : 0;

	n = round_up(ram_pages, SZ_1M >> PAGE_SHIFT);
	n >>= 16 - PAGE_SHIFT;
	n = clamp_t(unsigned long, n, IPV4ALT_IPID_MIN_BUCKETS,
		    IPV4ALT_IPID_AUTO_MAX_BUCKETS);
	return roundup_pow_of_two(n);
}

/**
 * ipv4alt_ipid_init() - allocate the buckets, shared by every netns
 * @param: the ipid_buckets= module parameter (see ipv4alt_ipid_nbuckets())
 *
 * Return: 0, -EINVAL if @param is refused, or -ENOMEM.
 */
int ipv4alt_ipid_init(unsigned int param)
{
	u32 n = ipv4alt_ipid_nbuckets(param, totalram_pages());

	if (!n) {
		pr_err("ipid_buckets=%u refused: use 0 (automatic) or a power of two from %u to %u\n",
		       param, IPV4ALT_IPID_MIN_BUCKETS,
		       IPV4ALT_IPID_MAX_BUCKETS);
		return -EINVAL;
	}
	ipid_buckets = kvmalloc_array(n, sizeof(*ipid_buckets), GFP_KERNEL);
	if (!ipid_buckets)
		return -ENOMEM;
	/*
	 * Random counters: the first ID of a flow says nothing about how
	 * many datagrams went before. Random stamps only make the first
	 * step of each bucket random too.
	 */
	get_random_bytes(ipid_buckets, array_size(n, sizeof(*ipid_buckets)));
	ipid_mask = n - 1;
	pr_debug("%u IP ID buckets\n", n);
	return 0;
}

/**
 * ipv4alt_ipid_exit() - free the buckets
 *
 * Called after everything that could send has stopped.
 */
void ipv4alt_ipid_exit(void)
{
	kvfree(ipid_buckets);
	ipid_buckets = NULL;
}

/**
 * ipv4alt_ipid_net_init() - draw a netns's bucket key
 * @pn: the netns state
 *
 * The key keeps netns apart: two netns map the same flow to unrelated
 * buckets, so one cannot observe the other's counters.
 */
void ipv4alt_ipid_net_init(struct ipv4alt_net *pn)
{
	get_random_bytes(&pn->ipid_key, sizeof(pn->ipid_key));
}

#if IS_ENABLED(CONFIG_KUNIT)
/* Seams into the inline helpers, built for the KUnit suites only. */

/**
 * ipv4alt_ipid_hash() - hash a flow for bucket selection
 * @key: the netns's key
 * @saddr: source address
 * @daddr: destination address
 * @proto: IP protocol
 *
 * Return: the low 32 bits of SipHash-2-4 over (@saddr, @daddr, @proto);
 * the bucket is this masked by the bucket count.
 */
u32 ipv4alt_ipid_hash(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		      u8 proto)
{
	return ipid_hash(key, saddr, daddr, proto);
}

/**
 * ipv4alt_ipid_advance() - take @segs IDs from one bucket
 * @ctr: the bucket's counter
 * @stamp: when the bucket was last used (jiffies, low 32 bits)
 * @now: the time now, in the same unit
 * @segs: how many consecutive IDs to take, at least 1
 *
 * The counter moves by @segs plus a random step drawn uniformly from
 * [0, @now - @stamp): nothing when the bucket is busy (used within the
 * last jiffy), up to the whole ID space after 2^16 jiffies of quiet. Of
 * concurrent callers in a new jiffy only the one that moves @stamp takes
 * the random step. Lock-free.
 *
 * Return: the first ID taken, in the low 16 bits.
 */
u32 ipv4alt_ipid_advance(atomic_t *ctr, u32 *stamp, u32 now, u32 segs)
{
	return ipid_advance(ctr, stamp, now, segs);
}

/**
 * ipv4alt_ipid_reserve() - reserve IDs for datagrams of one flow
 * @pn: the netns state (its key picks the bucket)
 * @saddr: source address
 * @daddr: destination address
 * @proto: IP protocol
 * @segs: how many consecutive IDs; a GSO datagram needs one per segment.
 *	0 counts as 1.
 *
 * Return: the first of @segs consecutive IDs (host order); the following
 * ones are its successors modulo 2^16.
 */
u16 ipv4alt_ipid_reserve(const struct ipv4alt_net *pn, __be32 saddr,
			 __be32 daddr, u8 proto, u32 segs)
{
	return ipid_reserve(pn, saddr, daddr, proto, max(segs, 1U));
}
#endif

/**
 * ipv4alt_ipid_select() - give an outgoing datagram its ID (RFC 6864)
 * @pn: the netns state
 * @skb: a datagram whose IP header, at ip_hdr(), is linear and writable
 *	and has a valid header checksum
 * @segs: datagrams @skb becomes on the wire: ipv4alt_ipid_segs(@skb)
 *
 * RFC 6864 section 4.1: an atomic datagram (DF set, MF clear, offset 0)
 * cannot be fragmented, so its ID means nothing; it keeps the one its
 * transport chose, which lets GRO coalesce it. Every other datagram gets
 * @segs IDs from the generator. A DF datagram with skb->ignore_df may
 * still be fragmented, so it is not atomic here (as in Linux's
 * ip_select_ident_segs()). The header checksum is updated incrementally
 * and stays valid.
 *
 * Callers must not pass datagrams from IP_HDRINCL raw sockets (their
 * sender chose the ID) nor forwarded datagrams (the ID belongs to the
 * source).
 */
void ipv4alt_ipid_select(const struct ipv4alt_net *pn, struct sk_buff *skb,
			 u32 segs)
{
	struct iphdr *iph = ip_hdr(skb);
	__be16 id;

	if ((iph->frag_off & htons(IP_DF | IP_MF | IP_OFFSET)) == htons(IP_DF) &&
	    !skb->ignore_df)
		return;
	id = htons(ipid_reserve(pn, iph->saddr, iph->daddr, iph->protocol,
				max(segs, 1U)));
	csum_replace2(&iph->check, iph->id, id);
	iph->id = id;
}
