// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the ID-bucket generator. The counter core runs with the test's
 * own clock, so the random step is known to be 0 (a still or one-jiffy
 * clock) or bounded; the hash runs with fixed keys against values computed
 * independently (SipHash-2-4 in Python, checked against the reference
 * vectors of the SipHash paper); RFC 6864 selection runs on real skbs.
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "ipv4alt.h"
#include "ipv4alt_kunit.h"

#define MIB(x)		((unsigned long)(x) << (20 - PAGE_SHIFT))
#define SMALL_MASK	(IPV4ALT_IPID_MIN_BUCKETS - 1)

/**
 * struct nbuckets_case - bucket count for a parameter and a RAM size
 * @name: what the case shows
 * @param: ipid_buckets=
 * @ram_pages: totalram_pages()
 * @want: expected count, 0 when @param is refused
 */
struct nbuckets_case {
	const char *name;
	unsigned int param;
	unsigned long ram_pages;
	u32 want;
};

static const struct nbuckets_case nbuckets_cases[] = {
	{ "auto, 64 MiB: the 2048 floor", 0, MIB(64), 2048 },
	{ "auto, 128 MiB: one per 64 KiB", 0, MIB(128), 2048 },
	{ "auto, 129 MiB: next power of two", 0, MIB(129), 4096 },
	{ "auto, 1 GiB", 0, MIB(1024), 16384 },
	{ "auto, 1 GiB + 1 page: rounds up", 0, MIB(1024) + 1, 32768 },
	{ "auto, 16 GiB", 0, MIB(16 * 1024), 262144 },
	{ "auto, 1 TiB: the 262144 cap", 0, MIB(1024 * 1024), 262144 },
	{ "2048, smallest allowed", 2048, MIB(64), 2048 },
	{ "65536 on 64 MiB", 65536, MIB(64), 65536 },
	{ "4194304, largest allowed", 4194304, MIB(1024), 4194304 },
	{ "1000 refused: not a power of two", 1000, MIB(1024), 0 },
	{ "3000 refused: not a power of two", 3000, MIB(1024), 0 },
	{ "1024 refused: below 2048", 1024, MIB(1024), 0 },
	{ "1 refused", 1, MIB(1024), 0 },
	{ "8388608 refused: above 4194304", 8388608, MIB(1024), 0 },
	{ "4294967295 refused", 4294967295U, MIB(1024), 0 },
};

KUNIT_ARRAY_PARAM_DESC(nbuckets, nbuckets_cases, name);

static void nbuckets_test(struct kunit *test)
{
	const struct nbuckets_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ipv4alt_ipid_nbuckets(c->param, c->ram_pages),
			c->want);
}

/* The key bytes 00..0f of the SipHash paper's test vectors, and another. */
static const siphash_key_t key_a = {
	{ 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL }
};

static const siphash_key_t key_b = {
	{ 0x0123456789abcdefULL, 0xfedcba9876543210ULL }
};

#define A4(a, b, c, d)	cpu_to_be32((a) << 24 | (b) << 16 | (c) << 8 | (d))

/**
 * struct flow_case - one flow and its hashes under @key_a and @key_b
 * @name: the flow
 * @saddr: source
 * @daddr: destination
 * @proto: protocol
 * @one_field: differs from the first row in exactly one field
 * @hash_a: ipv4alt_ipid_hash() under @key_a
 * @hash_b: ipv4alt_ipid_hash() under @key_b
 *
 * The hashes are SipHash-2-4 of the 12 bytes saddr, daddr (network order)
 * and proto as a little-endian u32 (UML on x86 is little-endian).
 */
struct flow_case {
	const char *name;
	__be32 saddr;
	__be32 daddr;
	u8 proto;
	bool one_field;
	u32 hash_a;
	u32 hash_b;
};

static const struct flow_case flow_cases[] = {
	{ "udp 10.0.0.1 > 10.0.0.2", A4(10, 0, 0, 1), A4(10, 0, 0, 2),
	  IPPROTO_UDP, false, 0x56fd6aae, 0xed3724ae },
	{ "tcp 10.0.0.1 > 10.0.0.2", A4(10, 0, 0, 1), A4(10, 0, 0, 2),
	  IPPROTO_TCP, true, 0x12732647, 0x0a3c049c },
	{ "icmp 10.0.0.1 > 10.0.0.2", A4(10, 0, 0, 1), A4(10, 0, 0, 2),
	  IPPROTO_ICMP, true, 0x55a4cf2c, 0x68efd033 },
	{ "udp 10.0.0.1 > 10.0.0.3", A4(10, 0, 0, 1), A4(10, 0, 0, 3),
	  IPPROTO_UDP, true, 0x8823aa9f, 0x69c42eac },
	{ "udp 10.0.0.3 > 10.0.0.2", A4(10, 0, 0, 3), A4(10, 0, 0, 2),
	  IPPROTO_UDP, true, 0xd0365333, 0xda989b57 },
	{ "udp 10.0.0.2 > 10.0.0.1 (reverse)", A4(10, 0, 0, 2),
	  A4(10, 0, 0, 1), IPPROTO_UDP, false, 0x891424d1, 0xd3797905 },
	{ "udp 192.168.1.1 > 8.8.8.8", A4(192, 168, 1, 1), A4(8, 8, 8, 8),
	  IPPROTO_UDP, false, 0x2a76b365, 0x9a7f58ff },
	{ "gre 198.51.100.7 > 203.0.113.9", A4(198, 51, 100, 7),
	  A4(203, 0, 113, 9), IPPROTO_GRE, false, 0x0c2f930a, 0xbaf6969a },
	{ "udp 0.0.0.0 > 255.255.255.255", A4(0, 0, 0, 0),
	  A4(255, 255, 255, 255), IPPROTO_UDP, false, 0x11ebb9fc, 0x347411ee },
	{ "raw 172.16.0.1 > 172.16.0.2", A4(172, 16, 0, 1), A4(172, 16, 0, 2),
	  IPPROTO_RAW, false, 0xe33f00c6, 0xbeeffa0a },
};

KUNIT_ARRAY_PARAM_DESC(flow, flow_cases, name);

static void flow_hash_test(struct kunit *test)
{
	const struct flow_case *c = test->param_value;
	const struct flow_case *base = &flow_cases[0];
	u32 a = ipv4alt_ipid_hash(&key_a, c->saddr, c->daddr, c->proto);
	u32 b = ipv4alt_ipid_hash(&key_b, c->saddr, c->daddr, c->proto);

	KUNIT_EXPECT_EQ(test, a, c->hash_a);
	KUNIT_EXPECT_EQ(test, b, c->hash_b);
	/* Another key, another bucket, even with the fewest buckets. */
	KUNIT_EXPECT_NE(test, a & SMALL_MASK, b & SMALL_MASK);
	/* Changing one field of a flow moves it to another bucket. */
	if (c->one_field)
		KUNIT_EXPECT_NE(test, a & SMALL_MASK,
				base->hash_a & SMALL_MASK);
}

static void key_per_netns_test(struct kunit *test)
{
	static const siphash_key_t zero;
	const struct flow_case *f = &flow_cases[0];
	struct ipv4alt_net *pn1, *pn2;

	pn1 = kunit_kzalloc(test, sizeof(*pn1), GFP_KERNEL);
	pn2 = kunit_kzalloc(test, sizeof(*pn2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pn1);
	KUNIT_ASSERT_NOT_NULL(test, pn2);

	ipv4alt_ipid_net_init(pn1);
	ipv4alt_ipid_net_init(pn2);

	KUNIT_EXPECT_NE(test, memcmp(&pn1->ipid_key, &zero, sizeof(zero)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&pn2->ipid_key, &zero, sizeof(zero)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&pn1->ipid_key, &pn2->ipid_key,
				     sizeof(zero)), 0);
	/* Equal with probability 2^-32. */
	KUNIT_EXPECT_NE(test,
			ipv4alt_ipid_hash(&pn1->ipid_key, f->saddr, f->daddr,
					  f->proto),
			ipv4alt_ipid_hash(&pn2->ipid_key, f->saddr, f->daddr,
					  f->proto));
}

/**
 * struct advance_case - one call of ipv4alt_ipid_advance()
 * @name: what the case shows
 * @ctr: counter before
 * @stamp: last use before
 * @now: the clock
 * @segs: IDs taken
 *
 * The random step lies in [0, @now - @stamp), so it is exactly 0 when the
 * bucket was used in this jiffy or the one before.
 */
struct advance_case {
	const char *name;
	u32 ctr;
	u32 stamp;
	u32 now;
	u32 segs;
};

static const struct advance_case advance_cases[] = {
	{ "same jiffy: no step", 100, 5000, 5000, 1 },
	{ "one jiffy later: no step", 100, 5000, 5001, 1 },
	{ "two jiffies later: step 0 or 1", 100, 5000, 5002, 1 },
	{ "1000 jiffies later", 100, 5000, 6000, 1 },
	{ "65536 jiffies later", 100, 5000, 5000 + 65536, 1 },
	{ "2^31 jiffies later", 100, 0, 0x80000000, 1 },
	{ "clock wrapped: 32 jiffies", 7, 0xfffffff0, 0x10, 1 },
	{ "counter wraps 2^32", 0xffffffff, 9, 9, 2 },
	{ "counter wraps 2^16", 0xfffe, 9, 9, 3 },
	{ "GSO 44 segments, same jiffy", 0x1000, 9, 9, 44 },
	{ "GSO 64 segments, later", 0x1000, 9, 300, 64 },
	{ "65535 segments", 0x1000, 9, 9, 65535 },
};

KUNIT_ARRAY_PARAM_DESC(advance, advance_cases, name);

static void advance_test(struct kunit *test)
{
	const struct advance_case *c = test->param_value;
	u32 elapsed = c->now - c->stamp;
	u32 stamp = c->stamp;
	atomic_t ctr;
	u32 first;

	atomic_set(&ctr, c->ctr);
	first = ipv4alt_ipid_advance(&ctr, &stamp, c->now, c->segs);

	/* The run handed out ends where the counter now stands. */
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&ctr), first + c->segs);
	KUNIT_EXPECT_EQ(test, stamp, c->now);
	if (elapsed <= 1)
		KUNIT_EXPECT_EQ(test, first, c->ctr);
	else
		KUNIT_EXPECT_LT(test, first - c->ctr, elapsed);
}

/*
 * The step grows with the idle time: over 64 draws from [0, 2^20) at
 * least one is 2^16 or more (each is below with probability 1/16), and
 * from [0, 2) both values turn up (all alike with probability 2^-63).
 */
static void step_spread_test(struct kunit *test)
{
	u32 i, step, max_step = 0, ones = 0;
	u32 stamp;
	atomic_t ctr;

	for (i = 0; i < 64; i++) {
		atomic_set(&ctr, 0);
		stamp = 0;
		step = ipv4alt_ipid_advance(&ctr, &stamp, 1U << 20, 1);
		KUNIT_EXPECT_LT(test, step, 1U << 20);
		max_step = max(max_step, step);
	}
	KUNIT_EXPECT_GE(test, max_step, 1U << 16);

	for (i = 0; i < 64; i++) {
		atomic_set(&ctr, 0);
		stamp = 0;
		step = ipv4alt_ipid_advance(&ctr, &stamp, 2, 1);
		KUNIT_EXPECT_LE(test, step, 1);
		ones += step;
	}
	KUNIT_EXPECT_GT(test, ones, 0);
	KUNIT_EXPECT_LT(test, ones, 64);
}

/**
 * struct norepeat_case - a flow sends 2^15 datagrams back to back
 * @name: what the case shows
 * @ctr: the bucket's counter before
 * @t0: the clock at the first datagram, also the bucket's last use
 * @tick: jiffies between datagrams: 0 and 1 give steps of exactly 1 ID,
 *	2 gives steps of 1 or 2, at most 2^16 - 2 IDs for the whole run
 */
struct norepeat_case {
	const char *name;
	u32 ctr;
	u32 t0;
	u32 tick;
};

static const struct norepeat_case norepeat_cases[] = {
	{ "still clock", 0, 1000, 0 },
	{ "still clock, ID wraps", 0xfff0, 1000, 0 },
	{ "still clock, counter wraps 2^32", 0xffffff00, 1000, 0 },
	{ "clock ticks 1 per datagram", 0x1234, 1000, 1 },
	{ "clock ticks 1, clock wraps", 0x1234, 0xffffc000, 1 },
	{ "clock ticks 2 per datagram", 0x8000, 1000, 2 },
	{ "clock ticks 2, clock wraps", 0xfffffff0, 0xffffc000, 2 },
};

KUNIT_ARRAY_PARAM_DESC(norepeat, norepeat_cases, name);

#define NOREPEAT_RUN	BIT(15)

static void norepeat_test(struct kunit *test)
{
	const struct norepeat_case *c = test->param_value;
	u32 i, id, prev = 0, stamp = c->t0, now = c->t0;
	unsigned int repeats = 0, bad_steps = 0;
	unsigned long *seen;
	atomic_t ctr;

	seen = kunit_kzalloc(test, BITS_TO_LONGS(1U << 16) * sizeof(long),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	atomic_set(&ctr, c->ctr);

	for (i = 0; i < NOREPEAT_RUN; i++, now += c->tick) {
		id = ipv4alt_ipid_advance(&ctr, &stamp, now, 1);
		if (__test_and_set_bit(id & 0xffff, seen))
			repeats++;
		/* Steps of exactly 1 with a still or one-jiffy clock, else
		 * of 1 to @tick.
		 */
		if (c->tick <= 1 ? id != c->ctr + i :
		    i && (id - prev < 1 || id - prev > c->tick))
			bad_steps++;
		prev = id;
	}
	KUNIT_EXPECT_EQ(test, repeats, 0);
	KUNIT_EXPECT_EQ(test, bad_steps, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, 1U << 16), NOREPEAT_RUN);
}

/* A bucket's counter as seen through reserve(): the flow's next ID. */
static u16 peek(const struct ipv4alt_net *pn, const struct iphdr *iph)
{
	return ipv4alt_ipid_reserve(pn, iph->saddr, iph->daddr, iph->protocol,
				    1);
}

static struct ipv4alt_net *test_pn(struct kunit *test)
{
	struct ipv4alt_net *pn = kunit_kzalloc(test, sizeof(*pn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pn);
	ipv4alt_ipid_net_init(pn);
	return pn;
}

/**
 * struct reserve_case - a run of IDs, then the flow's next datagram
 * @name: what the case shows
 * @segs: IDs reserved
 * @advance: IDs the run occupies (@segs, or 1 for 0)
 */
struct reserve_case {
	const char *name;
	u32 segs;
	u16 advance;
};

static const struct reserve_case reserve_cases[] = {
	{ "one datagram", 1, 1 },
	{ "0 counts as 1", 0, 1 },
	{ "GSO 2 segments", 2, 2 },
	{ "GSO 44 segments", 44, 44 },
	{ "GSO 64 segments", 64, 64 },
	{ "GSO 1000 segments", 1000, 1000 },
};

KUNIT_ARRAY_PARAM_DESC(reserve, reserve_cases, name);

static void reserve_test(struct kunit *test)
{
	const struct reserve_case *c = test->param_value;
	struct ipv4alt_net *pn = test_pn(test);
	const struct flow_case *f = &flow_cases[0];
	unsigned long j0, j1;
	u16 first, next;

	j0 = jiffies;
	first = ipv4alt_ipid_reserve(pn, f->saddr, f->daddr, f->proto,
				     c->segs);
	next = ipv4alt_ipid_reserve(pn, f->saddr, f->daddr, f->proto, 1);
	j1 = jiffies;

	/* Exactly @advance later unless the clock moved in between. */
	KUNIT_EXPECT_GE(test, (u16)(next - first), c->advance);
	KUNIT_EXPECT_LE(test, (u16)(next - first), c->advance + (j1 - j0));
}

/**
 * struct select_case - one datagram through ipv4alt_ipid_select()
 * @name: what the case shows
 * @frag_off: flags and offset, host order
 * @id: the ID the transport chose
 * @ignore_df: skb->ignore_df
 * @gso_segs: make a UDP GSO skb of this many segments; 0 for a plain one
 * @keep: RFC 6864 atomic: the ID must stay
 */
struct select_case {
	const char *name;
	u16 frag_off;
	u16 id;
	bool ignore_df;
	u16 gso_segs;
	bool keep;
};

static const struct select_case select_cases[] = {
	{ "DF, not a fragment: keeps ID", IP_DF, 0x1234, false, 0, true },
	{ "DF, ID 0: keeps 0", IP_DF, 0, false, 0, true },
	{ "DF, GSO 44 segments: keeps ID", IP_DF, 0x1234, false, 44, true },
	{ "DF clear: generator", 0, 0x1234, false, 0, false },
	{ "DF clear, ID 0: generator", 0, 0, false, 0, false },
	{ "MF: generator", IP_MF, 0x1234, false, 0, false },
	{ "offset 1480: generator", 185, 0x1234, false, 0, false },
	{ "MF + offset: generator", IP_MF | 185, 0x1234, false, 0, false },
	{ "DF + MF: generator", IP_DF | IP_MF, 0x1234, false, 0, false },
	{ "DF + offset: generator", IP_DF | 185, 0x1234, false, 0, false },
	{ "DF + ignore_df: generator", IP_DF, 0x1234, true, 0, false },
	{ "DF clear, GSO 5 segments: 5 IDs", 0, 0x1234, false, 5, false },
	{ "DF clear, GSO 64 segments: 64 IDs", 0, 0xffff, false, 64, false },
};

KUNIT_ARRAY_PARAM_DESC(select, select_cases, name);

static struct sk_buff *build_dgram(struct kunit *test,
				   const struct select_case *c)
{
	const struct flow_case *f = &flow_cases[0];
	struct sk_buff *skb;
	struct iphdr *iph;

	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph) + 8);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(skb->len);
	iph->id = htons(c->id);
	iph->frag_off = htons(c->frag_off);
	iph->ttl = 64;
	iph->protocol = f->proto;
	iph->saddr = f->saddr;
	iph->daddr = f->daddr;
	ip_send_check(iph);
	skb->ignore_df = c->ignore_df;
	if (c->gso_segs) {
		skb_shinfo(skb)->gso_size = 100;
		skb_shinfo(skb)->gso_segs = c->gso_segs;
		skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	}
	return skb;
}

static void select_test(struct kunit *test)
{
	const struct select_case *c = test->param_value;
	struct ipv4alt_net *pn = test_pn(test);
	struct sk_buff *skb = build_dgram(test, c);
	u32 segs = c->gso_segs ? c->gso_segs : 1;
	struct iphdr *iph = ip_hdr(skb);
	__sum16 check = iph->check;
	struct iphdr copy;
	unsigned long j0, j1;
	u16 before, id, next;

	KUNIT_EXPECT_EQ(test, ipv4alt_ipid_segs(skb), segs);

	j0 = jiffies;
	before = peek(pn, iph);
	ipv4alt_ipid_select(pn, skb, ipv4alt_ipid_segs(skb));
	next = peek(pn, iph);
	j1 = jiffies;
	id = ntohs(iph->id);

	/* The header checksum is valid, and what a recomputation gives. */
	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	copy = *iph;
	copy.check = 0;
	KUNIT_EXPECT_EQ(test, ip_fast_csum(&copy, copy.ihl), iph->check);
	KUNIT_EXPECT_EQ(test, ntohs(iph->frag_off), c->frag_off);

	if (c->keep) {
		KUNIT_EXPECT_EQ(test, id, c->id);
		KUNIT_EXPECT_EQ(test, iph->check, check);
		/* Nothing was reserved. */
		KUNIT_EXPECT_GE(test, (u16)(next - before), 1);
		KUNIT_EXPECT_LE(test, (u16)(next - before), 1 + (j1 - j0));
	} else {
		/* The generator's next ID for this flow... */
		KUNIT_EXPECT_GE(test, (u16)(id - before), 1);
		KUNIT_EXPECT_LE(test, (u16)(id - before), 1 + (j1 - j0));
		/* ...and a run of @segs of them. */
		KUNIT_EXPECT_GE(test, (u16)(next - id), segs);
		KUNIT_EXPECT_LE(test, (u16)(next - id), segs + (j1 - j0));
	}
	kfree_skb(skb);
}

static struct kunit_case ipv4alt_ipid_cases[] = {
	KUNIT_CASE_PARAM(nbuckets_test, nbuckets_gen_params),
	KUNIT_CASE_PARAM(flow_hash_test, flow_gen_params),
	KUNIT_CASE(key_per_netns_test),
	KUNIT_CASE_PARAM(advance_test, advance_gen_params),
	KUNIT_CASE(step_spread_test),
	KUNIT_CASE_PARAM(norepeat_test, norepeat_gen_params),
	KUNIT_CASE_PARAM(reserve_test, reserve_gen_params),
	KUNIT_CASE_PARAM(select_test, select_gen_params),
	{}
};

static struct kunit_suite ipv4alt_ipid_suite = {
	.name = "ipv4alt_ipid",
	.test_cases = ipv4alt_ipid_cases,
};

kunit_test_suite(ipv4alt_ipid_suite);
