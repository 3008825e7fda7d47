// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the forwarding decision, the TTL decrement with its incremental
 * checksum update, and the ICMP error rate limits, on a fake clock.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/prandom.h>
#include <net/ip.h>

#include "ipv4alt.h"
#include "ipv4alt_kunit.h"

#define A(a, b, c, d)	htonl((a) << 24 | (b) << 16 | (c) << 8 | (d))

/**
 * struct fwd_case - one datagram for another host
 * @name: what the case shows
 * @fwd: net.ipv4alt.forwarding
 * @dev_fwd: conf.<dev>.forwarding
 * @saddr: source
 * @daddr: destination
 * @l2_unicast: the frame was addressed to our link address
 * @ttl: TTL on arrival
 * @want: the verdict
 */
struct fwd_case {
	const char *name;
	int fwd;
	int dev_fwd;
	__be32 saddr;
	__be32 daddr;
	bool l2_unicast;
	u8 ttl;
	enum ipv4alt_fwd_verdict want;
};

static const struct fwd_case fwd_cases[] = {
	{ "both knobs on", 1, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_OK },
	{ "global knob off", 0, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_DISABLED },
	{ "device knob off", 1, 0, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_DISABLED },
	{ "both off", 0, 0, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_DISABLED },
	/* Off wins over every other reason: no ICMP when off. */
	{ "off, TTL 1", 0, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 1,
	  IPV4ALT_FWD_DISABLED },
	{ "off, link-local source", 1, 0, A(169, 254, 1, 1), A(10, 2, 0, 2),
	  true, 64, IPV4ALT_FWD_DISABLED },
	{ "source 0.0.0.0", 1, 1, 0, A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_INIT_SOURCE },
	{ "source 0.1.2.3", 1, 1, A(0, 1, 2, 3), A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_INIT_SOURCE },
	{ "source 0/8, TTL 1", 1, 1, A(0, 1, 2, 3), A(10, 2, 0, 2), true, 1,
	  IPV4ALT_FWD_INIT_SOURCE },
	{ "source 1.0.0.0", 1, 1, A(1, 0, 0, 0), A(10, 2, 0, 2), true, 64,
	  IPV4ALT_FWD_OK },
	{ "link-level broadcast", 1, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), false,
	  64, IPV4ALT_FWD_BCAST_MCAST },
	{ "limited broadcast", 1, 1, A(10, 1, 0, 1), A(255, 255, 255, 255),
	  true, 64, IPV4ALT_FWD_BCAST_MCAST },
	{ "multicast 224.0.0.1", 1, 1, A(10, 1, 0, 1), A(224, 0, 0, 1), true,
	  64, IPV4ALT_FWD_BCAST_MCAST },
	{ "multicast 239.255.255.255", 1, 1, A(10, 1, 0, 1),
	  A(239, 255, 255, 255), true, 64, IPV4ALT_FWD_BCAST_MCAST },
	{ "link-local source", 1, 1, A(169, 254, 1, 1), A(10, 2, 0, 2), true,
	  64, IPV4ALT_FWD_LINK_LOCAL_SOURCE },
	{ "link-local destination", 1, 1, A(10, 1, 0, 1),
	  A(169, 254, 255, 255), true, 64,
	  IPV4ALT_FWD_LINK_LOCAL_DESTINATION },
	{ "link-local both", 1, 1, A(169, 254, 0, 1), A(169, 254, 0, 2), true,
	  64, IPV4ALT_FWD_LINK_LOCAL_SOURCE },
	{ "169.253/16 is not link-local", 1, 1, A(169, 253, 0, 1),
	  A(169, 255, 0, 1), true, 64, IPV4ALT_FWD_OK },
	{ "TTL 0", 1, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 0,
	  IPV4ALT_FWD_TTL_EXCEEDED },
	{ "TTL 1", 1, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 1,
	  IPV4ALT_FWD_TTL_EXCEEDED },
	{ "TTL 2", 1, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 2,
	  IPV4ALT_FWD_OK },
	{ "TTL 255", 1, 1, A(10, 1, 0, 1), A(10, 2, 0, 2), true, 255,
	  IPV4ALT_FWD_OK },
	{ "TTL 1 to link-local", 1, 1, A(10, 1, 0, 1), A(169, 254, 0, 2),
	  true, 1, IPV4ALT_FWD_LINK_LOCAL_DESTINATION },
	{ "TTL 1 to multicast", 1, 1, A(10, 1, 0, 1), A(224, 0, 0, 5), true,
	  1, IPV4ALT_FWD_BCAST_MCAST },
};

KUNIT_ARRAY_PARAM_DESC(fwd, fwd_cases, name);

static void fwd_decide_test(struct kunit *test)
{
	const struct fwd_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ipv4alt_fwd_decide(c->fwd, c->dev_fwd, c->saddr,
						 c->daddr, c->l2_unicast,
						 c->ttl),
			c->want);
}

/* Decrement @iph's TTL both ways and compare the checksums exactly. */
static void check_dec_ttl(struct kunit *test, const struct iphdr *iph)
{
	struct iphdr inc = *iph, full = *iph;

	ipv4alt_fwd_dec_ttl(&inc);
	full.ttl--;
	ip_send_check(&full);
	KUNIT_ASSERT_EQ(test, inc.ttl, iph->ttl - 1);
	KUNIT_ASSERT_EQ_MSG(test, inc.check, full.check,
			    "ttl %u proto %u old check %04x",
			    iph->ttl, iph->protocol, ntohs(iph->check));
	KUNIT_ASSERT_EQ(test, ip_fast_csum(&inc, inc.ihl), 0);
}

/* 100000 random headers, seeded so that a failure can be replayed. */
static void fwd_dec_ttl_random_test(struct kunit *test)
{
	struct rnd_state rnd;
	struct iphdr iph;
	unsigned int i;

	prandom_seed_state(&rnd, 0x1a2b3c4d5e6f7788ULL);
	for (i = 0; i < 100000; i++) {
		prandom_bytes_state(&rnd, &iph, sizeof(iph));
		iph.version = 4;
		iph.ihl = 5;
		if (!iph.ttl)
			iph.ttl = 1;
		ip_send_check(&iph);
		check_dec_ttl(test, &iph);
	}
}

/*
 * Headers whose updated checksum lands on 0x0000 or 0xffff, the values an
 * RFC 1141 style update (check + 0x0100) gets wrong: a search over the
 * identification field finds one of each for every TTL.
 */
static void fwd_dec_ttl_edges_test(struct kunit *test)
{
	struct iphdr iph = {
		.version = 4, .ihl = 5, .tot_len = htons(84),
		.protocol = IPPROTO_UDP, .saddr = A(10, 1, 0, 1),
		.daddr = A(10, 2, 0, 2),
	};
	unsigned int ttl, id, hits = 0;
	struct iphdr next;

	for (ttl = 1; ttl <= 255; ttl += 127) {
		iph.ttl = ttl;
		for (id = 0; id <= 0xffff; id++) {
			iph.id = htons(id);
			ip_send_check(&iph);
			next = iph;
			next.ttl--;
			ip_send_check(&next);
			if (next.check != 0 && next.check != htons(0xffff) &&
			    iph.check != 0 && iph.check != htons(0xffff))
				continue;
			check_dec_ttl(test, &iph);
			hits++;
		}
	}
	KUNIT_EXPECT_GT(test, hits, 0U);
}

/**
 * struct bucket_step - attempts at one moment
 * @at_ms: time since the start
 * @rate: icmp_msgs_per_sec
 * @burst: icmp_msgs_burst
 * @tries: errors asked for
 * @allowed: how many may go
 */
struct bucket_step {
	unsigned int at_ms;
	u32 rate;
	u32 burst;
	unsigned int tries;
	unsigned int allowed;
};

/**
 * struct bucket_case - a history of the netns token bucket
 * @name: what the case shows
 * @init_burst: icmp_msgs_burst when the netns was made
 * @n: steps used
 * @steps: the steps, in time order
 */
struct bucket_case {
	const char *name;
	u32 init_burst;
	unsigned int n;
	struct bucket_step steps[4];
};

static const struct bucket_case bucket_cases[] = {
	{ "starts full", 50, 1, { { 0, 1000, 50, 60, 50 } } },
	{ "rate 0 never refills", 10, 2,
	  { { 0, 0, 10, 20, 10 }, { 5000, 0, 10, 5, 0 } } },
	{ "100/s refills 10 in 100 ms", 5, 2,
	  { { 0, 100, 5, 5, 5 }, { 100, 100, 20, 20, 10 } } },
	{ "idleness counts for one second at most", 100, 2,
	  { { 0, 10, 100, 100, 100 }, { 10000, 10, 100, 100, 10 } } },
	{ "a lowered burst applies at once", 50, 1,
	  { { 0, 0, 5, 10, 5 } } },
	{ "refill stops at the burst", 4, 2,
	  { { 0, 1000, 4, 4, 4 }, { 1000, 1000, 4, 10, 4 } } },
	/* The stamp stays put while less than a token has accrued. */
	{ "1/s accrues over two half seconds", 1, 3,
	  { { 0, 1, 1, 1, 1 }, { 500, 1, 1, 1, 0 }, { 1000, 1, 1, 1, 1 } } },
	{ "burst 0 sends nothing", 0, 2,
	  { { 0, 1000, 0, 5, 0 }, { 1000, 1000, 0, 5, 0 } } },
	{ "huge rate and burst", 5, 2,
	  { { 0, INT_MAX, INT_MAX, 10, 5 },
	    { 1000, INT_MAX, INT_MAX, 10, 10 } } },
};

KUNIT_ARRAY_PARAM_DESC(bucket, bucket_cases, name);

static void icmp_bucket_test(struct kunit *test)
{
	const struct bucket_case *c = test->param_value;
	/* Start near a wrap of jiffies. */
	unsigned long t0 = (unsigned long)-HZ;
	struct ipv4alt_icmp_bucket *b;
	unsigned int i, j, got;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	ipv4alt_icmp_bucket_init(b, t0, c->init_burst);
	for (i = 0; i < c->n; i++) {
		const struct bucket_step *s = &c->steps[i];
		unsigned long now = t0 + msecs_to_jiffies(s->at_ms);

		for (got = 0, j = 0; j < s->tries; j++)
			got += ipv4alt_icmp_bucket_allow(b, now, s->rate,
							 s->burst);
		KUNIT_EXPECT_EQ_MSG(test, got, s->allowed, "step %u", i);
	}
}

/**
 * struct peer_step - errors to one destination at one moment
 * @at_ms: time since the start
 * @daddr: the destination
 * @timeout_ms: icmp_ratelimit
 * @tries: errors asked for
 * @allowed: how many may go
 */
struct peer_step {
	unsigned int at_ms;
	__be32 daddr;
	unsigned int timeout_ms;
	unsigned int tries;
	unsigned int allowed;
};

/**
 * struct peer_case - a history of one per-destination slot
 * @name: what the case shows
 * @n: steps used
 * @steps: the steps, in time order
 */
struct peer_case {
	const char *name;
	unsigned int n;
	struct peer_step steps[5];
};

static const struct peer_case peer_cases[] = {
	{ "six in a burst, then one per second", 4,
	  { { 0, A(10, 1, 0, 1), 1000, 10, 6 },
	    { 1000, A(10, 1, 0, 1), 1000, 3, 1 },
	    { 1500, A(10, 1, 0, 1), 1000, 3, 0 },
	    { 2000, A(10, 1, 0, 1), 1000, 3, 1 } } },
	{ "icmp_ratelimit 0 lets everything through", 2,
	  { { 0, A(10, 1, 0, 1), 0, 100, 100 },
	    { 10, A(10, 1, 0, 1), 0, 100, 100 } } },
	{ "saved time is capped at six errors", 2,
	  { { 0, A(10, 1, 0, 1), 100, 6, 6 },
	    { 60000, A(10, 1, 0, 1), 100, 10, 6 } } },
	{ "a newcomer takes the slot with a full budget", 3,
	  { { 0, A(10, 1, 0, 1), 1000, 10, 6 },
	    { 0, A(10, 1, 0, 2), 1000, 10, 6 },
	    { 0, A(10, 1, 0, 1), 1000, 10, 6 } } },
	{ "a raised limit costs more per error", 2,
	  { { 0, A(10, 1, 0, 1), 250, 6, 6 },
	    { 500, A(10, 1, 0, 1), 500, 3, 1 } } },
};

KUNIT_ARRAY_PARAM_DESC(peer, peer_cases, name);

static void icmp_peer_test(struct kunit *test)
{
	const struct peer_case *c = test->param_value;
	unsigned long t0 = (unsigned long)-HZ;
	struct ipv4alt_icmp_peer p = {};
	unsigned int i, j, got;

	for (i = 0; i < c->n; i++) {
		const struct peer_step *s = &c->steps[i];
		unsigned long now = t0 + msecs_to_jiffies(s->at_ms);

		for (got = 0, j = 0; j < s->tries; j++)
			got += ipv4alt_icmp_peer_allow(&p, s->daddr, now,
						       msecs_to_jiffies(s->timeout_ms));
		KUNIT_EXPECT_EQ_MSG(test, got, s->allowed, "step %u", i);
	}
}

static struct kunit_case ipv4alt_forward_cases[] = {
	KUNIT_CASE_PARAM(fwd_decide_test, fwd_gen_params),
	KUNIT_CASE(fwd_dec_ttl_random_test),
	KUNIT_CASE(fwd_dec_ttl_edges_test),
	{}
};

static struct kunit_suite ipv4alt_forward_suite = {
	.name = "ipv4alt_forward",
	.test_cases = ipv4alt_forward_cases,
};

static struct kunit_case ipv4alt_icmp_ratelimit_cases[] = {
	KUNIT_CASE_PARAM(icmp_bucket_test, bucket_gen_params),
	KUNIT_CASE_PARAM(icmp_peer_test, peer_gen_params),
	{}
};

static struct kunit_suite ipv4alt_icmp_ratelimit_suite = {
	.name = "ipv4alt_icmp_ratelimit",
	.test_cases = ipv4alt_icmp_ratelimit_cases,
};

kunit_test_suites(&ipv4alt_forward_suite, &ipv4alt_icmp_ratelimit_suite);
