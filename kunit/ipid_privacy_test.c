// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what an off-path observer learns from shared IP ID buckets.
 *
 * The core of the bucket-collision inference (Knockel and Crandall; Klein
 * and Pinkas, USENIX Security 2019): the observer controls flow A (it sees
 * the IDs of the datagrams this host sends it), picks A so that it lands
 * in the bucket of a victim flow B, and reads B's traffic off the jumps of
 * A's IDs: probe A, let B send or not, probe A again.
 *
 * Each case runs PRIV_TRIALS trials; in odd trials B sends one datagram
 * halfway between the probes, so a blind guess is right exactly half the
 * time. Trial inputs come from a seeded PRNG and a fake clock; only the
 * random step of ipv4alt_ipid_advance() uses the kernel's RNG.
 *
 * Margins. Where the kernel's RNG is involved, the number of right guesses
 * is a sum of PRIV_TRIALS independent 0/1 outcomes, so by Hoeffding it is
 * further than 256 from its mean with probability at most
 * 2 * exp(-2 * 256^2 / 4096) = 2 * e^-32 < 3e-14: never, in practice.
 * Every other case is deterministic and checked exactly.
 */

#include <kunit/test.h>
#include <linux/jhash.h>
#include <linux/prandom.h>

#include "ipid.h"
#include "ipv4alt_kunit.h"

#define PRIV_TRIALS	4096
#define PRIV_HALF	(PRIV_TRIALS / 2)
#define PRIV_MARGIN	256
#define PRIV_BUCKETS	IPV4ALT_IPID_MIN_BUCKETS
#define PRIV_MASK	(PRIV_BUCKETS - 1)
/* The observer's addresses, 100.64.0.0/16: 32 per bucket on average. */
#define PRIV_CANDIDATES	BIT(16)

#define PRIV_HOST	A4(192, 0, 2, 1)

/* The netns key the host uses, and the observer's guess at it. */
static const siphash_key_t priv_key = {
	{ 0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL }
};

static const siphash_key_t priv_guess = {
	{ 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL }
};

enum priv_design {
	/* ipv4alt: keyed SipHash bucket, counter plus a random step. */
	PRIV_IPV4ALT,
	/* Unkeyed jhash bucket whose counter moves by exactly 1. */
	PRIV_PLUS_ONE,
};

/**
 * struct priv_case - one observer against one design
 * @name: what the case shows
 * @design: the generator under test
 * @knows_key: the observer picks A with the host's key (the worst case: A
 *	always shares B's bucket); else with its guess. Unused for
 *	PRIV_PLUS_ONE, whose hash has no key.
 * @gap: jiffies between the two probes; B sends at @gap / 2
 * @band: the observer says "B sent" when A's jump, less its own probe,
 *	lies in [@gap / 4, 3 * @gap / 4) (the best rule against the random
 *	step, see below); else when the jump is not exactly 1
 * @lo: fewest right guesses out of PRIV_TRIALS
 * @hi: most right guesses
 */
struct priv_case {
	const char *name;
	enum priv_design design;
	bool knows_key;
	u32 gap;
	bool band;
	u32 lo;
	u32 hi;
};

static const struct priv_case priv_cases[] = {
	/* The leak the test must be able to see: exact, every time. */
	{ .name = "+1 unkeyed, same jiffy: probe always right",
	  .design = PRIV_PLUS_ONE, .knows_key = false, .gap = 0, .band = false,
	  .lo = PRIV_TRIALS, .hi = PRIV_TRIALS },
	{ .name = "+1 unkeyed, 1000 jiffies: probe always right",
	  .design = PRIV_PLUS_ONE, .knows_key = false, .gap = 1000,
	  .band = false, .lo = PRIV_TRIALS, .hi = PRIV_TRIALS },
	/*
	 * Without the key the observer's A shares B's bucket by chance, in
	 * about 1 of 2048 trials, so in about 1 of the 2048 where B sends
	 * (Poisson, mean 1): the exact rule gains at most 12 right guesses
	 * (P(X >= 13) < 1e-10). Deterministic: no clock tick, no random step.
	 */
	{ .name = "ipv4alt, key unknown, same jiffy: chance",
	  .design = PRIV_IPV4ALT, .knows_key = false, .gap = 0, .band = false,
	  .lo = PRIV_HALF, .hi = PRIV_HALF + 12 },
	/* Buckets apart, A's jump is 1 plus a step uniform in [0, 1000)
	 * whatever B does: any rule is right half the time.
	 */
	{ .name = "ipv4alt, key unknown, 1000 jiffies: chance",
	  .design = PRIV_IPV4ALT, .knows_key = false, .gap = 1000, .band = true,
	  .lo = PRIV_HALF - PRIV_MARGIN, .hi = PRIV_HALF + PRIV_MARGIN },
	/*
	 * Known limits, as in Linux's ip_idents_reserve(): if A does share
	 * B's bucket, a probe pair within one jiffy counts B's datagrams
	 * exactly; across jiffies the jump less 1 is uniform on [0, 1000)
	 * when B is silent, but 1 + U[0, 500) + U[0, 500) (triangular) when
	 * B sent, which lies in [250, 750) with probability 3/4 against 1/2:
	 * the band rule is right 5/8 of the time, 2560 of 4096.
	 */
	{ .name = "limit: ipv4alt, shared bucket, same jiffy: exact",
	  .design = PRIV_IPV4ALT, .knows_key = true, .gap = 0, .band = false,
	  .lo = PRIV_TRIALS, .hi = PRIV_TRIALS },
	{ .name = "limit: ipv4alt, shared bucket, 1000 jiffies: 5/8",
	  .design = PRIV_IPV4ALT, .knows_key = true, .gap = 1000, .band = true,
	  .lo = 2560 - PRIV_MARGIN, .hi = 2560 + PRIV_MARGIN },
};

KUNIT_ARRAY_PARAM_DESC(priv, priv_cases, name);

/* A test-local bucket table, so that the test owns the clock. */
struct priv_table {
	atomic_t id[PRIV_BUCKETS];
	u32 stamp[PRIV_BUCKETS];
};

static u32 priv_bucket(const struct priv_case *c, const siphash_key_t *key,
		       __be32 daddr, u8 proto)
{
	if (c->design == PRIV_PLUS_ONE)
		return jhash_3words((__force u32)PRIV_HOST, (__force u32)daddr,
				    proto, 0) & PRIV_MASK;
	return ipv4alt_ipid_hash(key, PRIV_HOST, daddr, proto) & PRIV_MASK;
}

static u16 priv_take(const struct priv_case *c, struct priv_table *t,
		     u32 bucket, u32 now)
{
	if (c->design == PRIV_PLUS_ONE)
		return atomic_inc_return(&t->id[bucket]) - 1;
	return ipv4alt_ipid_advance(&t->id[bucket], &t->stamp[bucket], now, 1);
}

static __be32 priv_candidate(u32 i)
{
	return A4(100, 64, i >> 8, i & 0xff);
}

static void priv_probe_test(struct kunit *test)
{
	const struct priv_case *c = test->param_value;
	const siphash_key_t *seen = c->knows_key ? &priv_key : &priv_guess;
	u32 i, bucket, now = 1000, right = 0, shared = 0;
	struct rnd_state rnd;
	struct priv_table *t;
	u32 *pick;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	pick = kunit_kcalloc(test, PRIV_BUCKETS, sizeof(*pick), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, pick);

	/* The observer's A for each bucket, as far as it can tell. */
	memset(pick, 0xff, PRIV_BUCKETS * sizeof(*pick));
	for (i = 0; i < PRIV_CANDIDATES; i++) {
		bucket = priv_bucket(c, seen, priv_candidate(i), IPPROTO_ICMP);
		if (pick[bucket] == U32_MAX)
			pick[bucket] = i;
	}
	for (i = 0; i < PRIV_BUCKETS; i++)
		KUNIT_ASSERT_NE(test, pick[i], U32_MAX);

	prandom_seed_state(&rnd, 0x1d5eed);
	for (i = 0; i < PRIV_TRIALS; i++, now += c->gap + 7) {
		/* A new victim flow to 10.0.0.0/8 every trial. */
		__be32 victim = cpu_to_be32(10U << 24 |
					    (prandom_u32_state(&rnd) >> 8));
		u32 bb = priv_bucket(c, &priv_key, victim, IPPROTO_UDP);
		__be32 a = priv_candidate(pick[priv_bucket(c, seen, victim,
							   IPPROTO_UDP)]);
		u32 ba = priv_bucket(c, &priv_key, a, IPPROTO_ICMP);
		bool sent = i & 1, guess;
		u16 x1, x2, jump, more;

		shared += ba == bb;
		x1 = priv_take(c, t, ba, now);
		if (sent)
			priv_take(c, t, bb, now + c->gap / 2);
		x2 = priv_take(c, t, ba, now + c->gap);
		jump = x2 - x1;
		/* Beyond the ID the observer's own second probe took. */
		more = jump - 1;
		if (c->band)
			guess = more >= c->gap / 4 && more < 3 * c->gap / 4;
		else
			guess = jump != 1;
		right += guess == sent;
	}
	kunit_info(test, "%u of %u right, A shared B's bucket in %u",
		   right, PRIV_TRIALS, shared);
	KUNIT_EXPECT_GE(test, right, c->lo);
	KUNIT_EXPECT_LE(test, right, c->hi);
	/* The +1 design and a key-holding observer always find B's bucket. */
	if (c->design == PRIV_PLUS_ONE || c->knows_key)
		KUNIT_EXPECT_EQ(test, shared, PRIV_TRIALS);
}

static struct kunit_case ipv4alt_ipid_privacy_cases[] = {
	KUNIT_CASE_PARAM(priv_probe_test, priv_gen_params),
	{}
};

static struct kunit_suite ipv4alt_ipid_privacy_suite = {
	.name = "ipv4alt_ipid_privacy",
	.test_cases = ipv4alt_ipid_privacy_cases,
};

kunit_test_suite(ipv4alt_ipid_privacy_suite);
