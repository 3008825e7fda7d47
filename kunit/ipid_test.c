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

#include "ipid.h"
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
	{ .name = "auto, 64 MiB: the 2048 floor", .param = 0,
	  .ram_pages = MIB(64), .want = 2048 },
	{ .name = "auto, 128 MiB: one per 64 KiB", .param = 0,
	  .ram_pages = MIB(128), .want = 2048 },
	{ .name = "auto, 129 MiB: next power of two", .param = 0,
	  .ram_pages = MIB(129), .want = 4096 },
	{ .name = "auto, 1 GiB", .param = 0, .ram_pages = MIB(1024),
	  .want = 16384 },
	{ .name = "auto, 1 GiB + 1 page: rounds up", .param = 0,
	  .ram_pages = MIB(1024) + 1, .want = 32768 },
	{ .name = "auto, 16 GiB", .param = 0, .ram_pages = MIB(16 * 1024),
	  .want = 262144 },
	{ .name = "auto, 1 TiB: the 262144 cap", .param = 0,
	  .ram_pages = MIB(1024 * 1024), .want = 262144 },
	{ .name = "2048, smallest allowed", .param = 2048, .ram_pages = MIB(64),
	  .want = 2048 },
	{ .name = "65536 on 64 MiB", .param = 65536, .ram_pages = MIB(64),
	  .want = 65536 },
	{ .name = "4194304, largest allowed", .param = 4194304,
	  .ram_pages = MIB(1024), .want = 4194304 },
	{ .name = "1000 refused: not a power of two", .param = 1000,
	  .ram_pages = MIB(1024), .want = 0 },
	{ .name = "3000 refused: not a power of two", .param = 3000,
	  .ram_pages = MIB(1024), .want = 0 },
	{ .name = "1024 refused: below 2048", .param = 1024,
	  .ram_pages = MIB(1024), .want = 0 },
	{ .name = "1 refused", .param = 1, .ram_pages = MIB(1024), .want = 0 },
	{ .name = "8388608 refused: above 4194304", .param = 8388608,
	  .ram_pages = MIB(1024), .want = 0 },
	{ .name = "4294967295 refused", .param = 4294967295U,
	  .ram_pages = MIB(1024), .want = 0 },
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
	{ .name = "udp 10.0.0.1 > 10.0.0.2", .saddr = A4(10, 0, 0, 1),
	  .daddr = A4(10, 0, 0, 2), .proto = IPPROTO_UDP, .hash_a = 0x56fd6aae,
	  .hash_b = 0xed3724ae },
	{ .name = "tcp 10.0.0.1 > 10.0.0.2", .saddr = A4(10, 0, 0, 1),
	  .daddr = A4(10, 0, 0, 2), .proto = IPPROTO_TCP, .one_field = true,
	  .hash_a = 0x12732647, .hash_b = 0x0a3c049c },
	{ .name = "icmp 10.0.0.1 > 10.0.0.2", .saddr = A4(10, 0, 0, 1),
	  .daddr = A4(10, 0, 0, 2), .proto = IPPROTO_ICMP, .one_field = true,
	  .hash_a = 0x55a4cf2c, .hash_b = 0x68efd033 },
	{ .name = "udp 10.0.0.1 > 10.0.0.3", .saddr = A4(10, 0, 0, 1),
	  .daddr = A4(10, 0, 0, 3), .proto = IPPROTO_UDP, .one_field = true,
	  .hash_a = 0x8823aa9f, .hash_b = 0x69c42eac },
	{ .name = "udp 10.0.0.3 > 10.0.0.2", .saddr = A4(10, 0, 0, 3),
	  .daddr = A4(10, 0, 0, 2), .proto = IPPROTO_UDP, .one_field = true,
	  .hash_a = 0xd0365333, .hash_b = 0xda989b57 },
	{ .name = "udp 10.0.0.2 > 10.0.0.1 (reverse)", .saddr = A4(10, 0, 0, 2),
	  .daddr = A4(10, 0, 0, 1), .proto = IPPROTO_UDP, .hash_a = 0x891424d1,
	  .hash_b = 0xd3797905 },
	{ .name = "udp 192.168.1.1 > 8.8.8.8", .saddr = A4(192, 168, 1, 1),
	  .daddr = A4(8, 8, 8, 8), .proto = IPPROTO_UDP, .hash_a = 0x2a76b365,
	  .hash_b = 0x9a7f58ff },
	{ .name = "gre 198.51.100.7 > 203.0.113.9",
	  .saddr = A4(198, 51, 100, 7), .daddr = A4(203, 0, 113, 9),
	  .proto = IPPROTO_GRE, .hash_a = 0x0c2f930a, .hash_b = 0xbaf6969a },
	{ .name = "udp 0.0.0.0 > 255.255.255.255", .saddr = A4(0, 0, 0, 0),
	  .daddr = A4(255, 255, 255, 255), .proto = IPPROTO_UDP,
	  .hash_a = 0x11ebb9fc, .hash_b = 0x347411ee },
	{ .name = "raw 172.16.0.1 > 172.16.0.2", .saddr = A4(172, 16, 0, 1),
	  .daddr = A4(172, 16, 0, 2), .proto = IPPROTO_RAW,
	  .hash_a = 0xe33f00c6, .hash_b = 0xbeeffa0a },
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
	{ .name = "same jiffy: no step", .ctr = 100, .stamp = 5000, .now = 5000,
	  .segs = 1 },
	{ .name = "one jiffy later: no step", .ctr = 100, .stamp = 5000,
	  .now = 5001, .segs = 1 },
	{ .name = "two jiffies later: step 0 or 1", .ctr = 100, .stamp = 5000,
	  .now = 5002, .segs = 1 },
	{ .name = "1000 jiffies later", .ctr = 100, .stamp = 5000, .now = 6000,
	  .segs = 1 },
	{ .name = "65536 jiffies later", .ctr = 100, .stamp = 5000,
	  .now = 5000 + 65536, .segs = 1 },
	{ .name = "2^31 jiffies later", .ctr = 100, .stamp = 0,
	  .now = 0x80000000, .segs = 1 },
	{ .name = "clock wrapped: 32 jiffies", .ctr = 7, .stamp = 0xfffffff0,
	  .now = 0x10, .segs = 1 },
	{ .name = "counter wraps 2^32", .ctr = 0xffffffff, .stamp = 9, .now = 9,
	  .segs = 2 },
	{ .name = "counter wraps 2^16", .ctr = 0xfffe, .stamp = 9, .now = 9,
	  .segs = 3 },
	{ .name = "GSO 44 segments, same jiffy", .ctr = 0x1000, .stamp = 9,
	  .now = 9, .segs = 44 },
	{ .name = "GSO 64 segments, later", .ctr = 0x1000, .stamp = 9,
	  .now = 300, .segs = 64 },
	{ .name = "65535 segments", .ctr = 0x1000, .stamp = 9, .now = 9,
	  .segs = 65535 },
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
	{ .name = "still clock", .ctr = 0, .t0 = 1000, .tick = 0 },
	{ .name = "still clock, ID wraps", .ctr = 0xfff0, .t0 = 1000,
	  .tick = 0 },
	{ .name = "still clock, counter wraps 2^32", .ctr = 0xffffff00,
	  .t0 = 1000, .tick = 0 },
	{ .name = "clock ticks 1 per datagram", .ctr = 0x1234, .t0 = 1000,
	  .tick = 1 },
	{ .name = "clock ticks 1, clock wraps", .ctr = 0x1234, .t0 = 0xffffc000,
	  .tick = 1 },
	{ .name = "clock ticks 2 per datagram", .ctr = 0x8000, .t0 = 1000,
	  .tick = 2 },
	{ .name = "clock ticks 2, clock wraps", .ctr = 0xfffffff0,
	  .t0 = 0xffffc000, .tick = 2 },
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
	{ .name = "one datagram", .segs = 1, .advance = 1 },
	{ .name = "0 counts as 1", .segs = 0, .advance = 1 },
	{ .name = "GSO 2 segments", .segs = 2, .advance = 2 },
	{ .name = "GSO 44 segments", .segs = 44, .advance = 44 },
	{ .name = "GSO 64 segments", .segs = 64, .advance = 64 },
	{ .name = "GSO 1000 segments", .segs = 1000, .advance = 1000 },
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
	{ .name = "DF, not a fragment: keeps ID", .frag_off = IP_DF,
	  .id = 0x1234, .keep = true },
	{ .name = "DF, ID 0: keeps 0", .frag_off = IP_DF, .id = 0,
	  .keep = true },
	{ .name = "DF, GSO 44 segments: keeps ID", .frag_off = IP_DF,
	  .id = 0x1234, .gso_segs = 44, .keep = true },
	{ .name = "DF clear: generator", .frag_off = 0, .id = 0x1234,
	  .keep = false },
	{ .name = "DF clear, ID 0: generator", .frag_off = 0, .id = 0,
	  .keep = false },
	{ .name = "MF: generator", .frag_off = IP_MF, .id = 0x1234,
	  .keep = false },
	{ .name = "offset 1480: generator", .frag_off = 185, .id = 0x1234,
	  .keep = false },
	{ .name = "MF + offset: generator", .frag_off = IP_MF | 185,
	  .id = 0x1234, .keep = false },
	{ .name = "DF + MF: generator", .frag_off = IP_DF | IP_MF, .id = 0x1234,
	  .keep = false },
	{ .name = "DF + offset: generator", .frag_off = IP_DF | 185,
	  .id = 0x1234, .keep = false },
	{ .name = "DF + ignore_df: generator", .frag_off = IP_DF, .id = 0x1234,
	  .ignore_df = true, .keep = false },
	{ .name = "DF clear, GSO 5 segments: 5 IDs", .frag_off = 0,
	  .id = 0x1234, .gso_segs = 5, .keep = false },
	{ .name = "DF clear, GSO 64 segments: 64 IDs", .frag_off = 0,
	  .id = 0xffff, .gso_segs = 64, .keep = false },
};

KUNIT_ARRAY_PARAM_DESC(select, select_cases, name);

static struct sk_buff *build_dgram(struct kunit *test,
				   const struct select_case *c)
{
	const struct flow_case *f = &flow_cases[0];
	const struct ipv4alt_kunit_dgram d = {
		.headroom = 32,
		.id = c->id,
		.frag_off = c->frag_off,
		.protocol = f->proto,
		.saddr = f->saddr,
		.daddr = f->daddr,
		.len = 8,
	};
	struct sk_buff *skb = ipv4alt_kunit_skb(test, &d);

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
