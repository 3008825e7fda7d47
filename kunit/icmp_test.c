// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: turning an echo request into a reply in place, with the checksum
 * updated incrementally (RFC 1624) rather than recomputed; which datagrams
 * may draw an ICMP error at all; and the ICMP error rate limits, on a fake
 * clock.
 */

#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/jiffies.h>
#include <net/checksum.h>

#include "icmp.h"
#include "ipv4alt.h"
#include "ipv4alt_kunit.h"

#define ECHO_MAX 128

/**
 * struct echo_case - one echo request
 * @name: what the case shows
 * @id: echo identifier, host order
 * @seq: echo sequence number, host order
 * @len: payload bytes
 * @fill: payload byte value; 0 means the iputils pattern 0x10, 0x11, ...
 */
struct echo_case {
	const char *name;
	u16 id;
	u16 seq;
	unsigned int len;
	u8 fill;
};

static const struct echo_case echo_cases[] = {
	{ .name = "no payload", .id = 0x1234, .seq = 1, .len = 0, .fill = 0 },
	{ .name = "ping -s 56 pattern", .id = 0x4d2, .seq = 7, .len = 56,
	  .fill = 0 },
	{ .name = "odd payload length", .id = 0x0001, .seq = 0x0002, .len = 57,
	  .fill = 0 },
	{ .name = "one byte payload", .id = 0xbeef, .seq = 0xffff, .len = 1,
	  .fill = 0xff },
	/* id + seq sum to 0xffff: the reply checksums to 0x0000, the case
	 * RFC 1624 section 3 fixes in RFC 1141's update.
	 */
	{ .name = "reply checksum 0x0000", .id = 0xffff, .seq = 0x0000,
	  .len = 0, .fill = 0 },
	{ .name = "reply checksum 0x0000, split", .id = 0xf000, .seq = 0x0fff,
	  .len = 0, .fill = 0 },
	{ .name = "request checksum 0x0000", .id = 0xf7ff, .seq = 0x0000,
	  .len = 0, .fill = 0 },
	{ .name = "all-ones payload", .id = 0xffff, .seq = 0xffff, .len = 100,
	  .fill = 0xff },
	{ .name = "all-zero header fields", .id = 0, .seq = 0, .len = 64,
	  .fill = 0 },
};

KUNIT_ARRAY_PARAM_DESC(echo, echo_cases, name);

static unsigned int build_echo(const struct echo_case *c, u8 *buf, u8 type)
{
	struct icmphdr *icmph = (struct icmphdr *)buf;
	unsigned int i, len = sizeof(*icmph) + c->len;

	memset(buf, 0, ECHO_MAX);
	icmph->type = type;
	icmph->un.echo.id = htons(c->id);
	icmph->un.echo.sequence = htons(c->seq);
	for (i = 0; i < c->len; i++)
		buf[sizeof(*icmph) + i] = c->fill ? c->fill : 0x10 + i;
	icmph->checksum = ip_compute_csum(buf, len);
	return len;
}

static void echo_reply_test(struct kunit *test)
{
	const struct echo_case *c = test->param_value;
	u8 msg[ECHO_MAX], want[ECHO_MAX];
	unsigned int len;

	KUNIT_ASSERT_LE(test, sizeof(struct icmphdr) + c->len, ECHO_MAX);
	len = build_echo(c, msg, ICMP_ECHO);
	build_echo(c, want, ICMP_ECHOREPLY);
	/* The request is valid to begin with. */
	KUNIT_ASSERT_EQ(test, ip_compute_csum(msg, len), 0);

	ipv4alt_icmp_echo_to_reply((struct icmphdr *)msg);

	KUNIT_EXPECT_EQ(test, ip_compute_csum(msg, len), 0);
	/* Byte for byte the reply a full recomputation gives. */
	KUNIT_EXPECT_EQ(test, memcmp(msg, want, len), 0);
	KUNIT_EXPECT_EQ(test, msg[0], ICMP_ECHOREPLY);
	KUNIT_EXPECT_EQ(test, msg[1], 0);
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
	{ .name = "starts full", .init_burst = 50, .n = 1,
	  .steps = {
		{ .at_ms = 0, .rate = 1000, .burst = 50, .tries = 60,
		  .allowed = 50 },
	  } },
	{ .name = "rate 0 never refills", .init_burst = 10, .n = 2,
	  .steps = {
		{ .at_ms = 0, .rate = 0, .burst = 10, .tries = 20,
		  .allowed = 10 },
		{ .at_ms = 5000, .rate = 0, .burst = 10, .tries = 5,
		  .allowed = 0 },
	  } },
	{ .name = "100/s refills 10 in 100 ms", .init_burst = 5, .n = 2,
	  .steps = {
		{ .at_ms = 0, .rate = 100, .burst = 5, .tries = 5,
		  .allowed = 5 },
		{ .at_ms = 100, .rate = 100, .burst = 20, .tries = 20,
		  .allowed = 10 },
	  } },
	{ .name = "idleness counts for one second at most", .init_burst = 100,
	  .n = 2,
	  .steps = {
		{ .at_ms = 0, .rate = 10, .burst = 100, .tries = 100,
		  .allowed = 100 },
		{ .at_ms = 10000, .rate = 10, .burst = 100, .tries = 100,
		  .allowed = 10 },
	  } },
	{ .name = "a lowered burst applies at once", .init_burst = 50, .n = 1,
	  .steps = {
		{ .at_ms = 0, .rate = 0, .burst = 5, .tries = 10,
		  .allowed = 5 },
	  } },
	{ .name = "refill stops at the burst", .init_burst = 4, .n = 2,
	  .steps = {
		{ .at_ms = 0, .rate = 1000, .burst = 4, .tries = 4,
		  .allowed = 4 },
		{ .at_ms = 1000, .rate = 1000, .burst = 4, .tries = 10,
		  .allowed = 4 },
	  } },
	/* The stamp stays put while less than a token has accrued. */
	{ .name = "1/s accrues over two half seconds", .init_burst = 1,
	  .n = 3,
	  .steps = {
		{ .at_ms = 0, .rate = 1, .burst = 1, .tries = 1, .allowed = 1 },
		{ .at_ms = 500, .rate = 1, .burst = 1, .tries = 1,
		  .allowed = 0 },
		{ .at_ms = 1000, .rate = 1, .burst = 1, .tries = 1,
		  .allowed = 1 },
	  } },
	{ .name = "burst 0 sends nothing", .init_burst = 0, .n = 2,
	  .steps = {
		{ .at_ms = 0, .rate = 1000, .burst = 0, .tries = 5,
		  .allowed = 0 },
		{ .at_ms = 1000, .rate = 1000, .burst = 0, .tries = 5,
		  .allowed = 0 },
	  } },
	{ .name = "huge rate and burst", .init_burst = 5, .n = 2,
	  .steps = {
		{ .at_ms = 0, .rate = INT_MAX, .burst = INT_MAX, .tries = 10,
		  .allowed = 5 },
		{ .at_ms = 1000, .rate = INT_MAX, .burst = INT_MAX, .tries = 10,
		  .allowed = 10 },
	  } },
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
 * @route: "no route" errors: ip_error()'s limit first, then icmp_ratelimit
 * @tries: errors asked for
 * @allowed: how many may go
 */
struct peer_step {
	unsigned int at_ms;
	__be32 daddr;
	unsigned int timeout_ms;
	bool route;
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
	{ .name = "six in a burst, then one per second", .n = 4,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 10, .allowed = 6 },
		{ .at_ms = 1000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 3, .allowed = 1 },
		{ .at_ms = 1500, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 3, .allowed = 0 },
		{ .at_ms = 2000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 3, .allowed = 1 },
	  } },
	{ .name = "icmp_ratelimit 0 lets everything through", .n = 2,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 0,
		  .tries = 100, .allowed = 100 },
		{ .at_ms = 10, .daddr = A4(10, 1, 0, 1), .timeout_ms = 0,
		  .tries = 100, .allowed = 100 },
	  } },
	{ .name = "saved time is capped at six errors", .n = 2,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 100,
		  .tries = 6, .allowed = 6 },
		{ .at_ms = 60000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 100,
		  .tries = 10, .allowed = 6 },
	  } },
	{ .name = "a newcomer takes the slot with a full budget", .n = 3,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 10, .allowed = 6 },
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 2), .timeout_ms = 1000,
		  .tries = 10, .allowed = 6 },
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 10, .allowed = 6 },
	  } },
	/* ip_error(): a second per error, five saved up; icmp_ratelimit 0
	 * then empties the shared budget after each error it lets out.
	 */
	{ .name = "route errors with icmp_ratelimit 0: one a second", .n = 4,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 0,
		  .route = true, .tries = 10, .allowed = 1 },
		{ .at_ms = 500, .daddr = A4(10, 1, 0, 1), .timeout_ms = 0,
		  .route = true, .tries = 3, .allowed = 0 },
		{ .at_ms = 2000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 0,
		  .route = true, .tries = 3, .allowed = 1 },
		{ .at_ms = 2000, .daddr = A4(10, 1, 0, 2), .timeout_ms = 0,
		  .route = true, .tries = 3, .allowed = 1 },
	  } },
	/* Both limits take a second per error from five saved up: two go,
	 * the third passes ip_error() and is refused by icmp_ratelimit.
	 */
	{ .name = "route errors with icmp_ratelimit 1000: two in a burst", .n = 4,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 10, .allowed = 2 },
		{ .at_ms = 1000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 3, .allowed = 0 },
		{ .at_ms = 3000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 3, .allowed = 1 },
		{ .at_ms = 3000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .tries = 3, .allowed = 0 },
	  } },
	/* Once a second or more often, each error takes ip_error()'s
	 * second and icmp_ratelimit never saves one up: none after the burst.
	 */
	{ .name = "route errors each second with icmp_ratelimit 1000: none", .n = 4,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 10, .allowed = 2 },
		{ .at_ms = 1000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 1, .allowed = 0 },
		{ .at_ms = 2000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 1, .allowed = 0 },
		{ .at_ms = 3000, .daddr = A4(10, 1, 0, 1), .timeout_ms = 1000,
		  .route = true, .tries = 1, .allowed = 0 },
	  } },
	{ .name = "a raised limit costs more per error", .n = 2,
	  .steps = {
		{ .at_ms = 0, .daddr = A4(10, 1, 0, 1), .timeout_ms = 250,
		  .tries = 6, .allowed = 6 },
		{ .at_ms = 500, .daddr = A4(10, 1, 0, 1), .timeout_ms = 500,
		  .tries = 3, .allowed = 1 },
	  } },
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

		for (got = 0, j = 0; j < s->tries; j++) {
			if (s->route &&
			    !ipv4alt_icmp_peer_allow(&p, s->daddr, now, HZ,
						     IPV4ALT_ICMP_ROUTE_BURST))
				continue;
			got += ipv4alt_icmp_peer_allow(&p, s->daddr, now,
						       msecs_to_jiffies(s->timeout_ms),
						       IPV4ALT_ICMP_PEER_BURST);
		}
		KUNIT_EXPECT_EQ_MSG(test, got, s->allowed, "step %u", i);
	}
}

/**
 * struct allowed_case - may an ICMP error be sent about this datagram?
 * @name: what the case shows
 * @pkt_type: skb->pkt_type, as the link layer classified the frame
 * @saddr: source
 * @daddr: destination
 * @frag_off: flags and offset / 8, host order
 * @protocol: the upper-layer protocol
 * @icmp_type: for IPPROTO_ICMP, the type byte of the payload
 * @len: payload bytes
 * @allowed: the expected answer
 */
struct allowed_case {
	const char *name;
	u8 pkt_type;
	__be32 saddr;
	__be32 daddr;
	u16 frag_off;
	u8 protocol;
	u8 icmp_type;
	unsigned int len;
	bool allowed;
};

#define HOST_SRC	A4(10, 0, 0, 1)
#define HOST_DST	A4(10, 0, 0, 2)

static const struct allowed_case allowed_cases[] = {
	{ .name = "unicast UDP", .pkt_type = PACKET_HOST, .saddr = HOST_SRC,
	  .daddr = HOST_DST, .protocol = IPPROTO_UDP, .len = 8,
	  .allowed = true },
	{ .name = "a tap's copy (PACKET_OUTGOING)",
	  .pkt_type = PACKET_OUTGOING, .saddr = HOST_SRC, .daddr = HOST_DST,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	/* RFC 1122 3.2.2: not about a link-layer broadcast or multicast. */
	{ .name = "link-layer broadcast", .pkt_type = PACKET_BROADCAST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_UDP,
	  .len = 8, .allowed = false },
	{ .name = "link-layer multicast", .pkt_type = PACKET_MULTICAST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_UDP,
	  .len = 8, .allowed = false },
	{ .name = "another host's frame", .pkt_type = PACKET_OTHERHOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_UDP,
	  .len = 8, .allowed = false },
	{ .name = "to a multicast group", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = A4(224, 0, 0, 1),
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	{ .name = "to 255.255.255.255", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = A4(255, 255, 255, 255),
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	/* ... nor from a source that is not one host. */
	{ .name = "from 0.0.0.0", .pkt_type = PACKET_HOST,
	  .saddr = A4(0, 0, 0, 0), .daddr = HOST_DST,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	{ .name = "from 0.1.2.3 (this network)", .pkt_type = PACKET_HOST,
	  .saddr = A4(0, 1, 2, 3), .daddr = HOST_DST,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	{ .name = "from a multicast group", .pkt_type = PACKET_HOST,
	  .saddr = A4(239, 1, 1, 1), .daddr = HOST_DST,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	{ .name = "from 255.255.255.255", .pkt_type = PACKET_HOST,
	  .saddr = A4(255, 255, 255, 255), .daddr = HOST_DST,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	/* ... nor about a fragment other than the first. */
	{ .name = "first fragment", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .frag_off = IP_MF,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = true },
	{ .name = "middle fragment", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .frag_off = IP_MF | 1,
	  .protocol = IPPROTO_UDP, .len = 8, .allowed = false },
	{ .name = "last fragment", .pkt_type = PACKET_HOST, .saddr = HOST_SRC,
	  .daddr = HOST_DST, .frag_off = 1, .protocol = IPPROTO_UDP,
	  .len = 8, .allowed = false },
	/* ... nor about an ICMP error; queries may get one. */
	{ .name = "ICMP echo request", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = ICMP_ECHO, .len = 8, .allowed = true },
	{ .name = "ICMP timestamp request", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = ICMP_TIMESTAMP, .len = 20, .allowed = true },
	{ .name = "ICMP destination unreachable", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = ICMP_DEST_UNREACH, .len = 8, .allowed = false },
	{ .name = "ICMP redirect", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = ICMP_REDIRECT, .len = 8, .allowed = false },
	{ .name = "ICMP time exceeded", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = ICMP_TIME_EXCEEDED, .len = 8, .allowed = false },
	/* Unknown types count as errors, as in icmp_send(). */
	{ .name = "ICMP address mask reply, the last known type",
	  .pkt_type = PACKET_HOST, .saddr = HOST_SRC, .daddr = HOST_DST,
	  .protocol = IPPROTO_ICMP, .icmp_type = NR_ICMP_TYPES, .len = 8,
	  .allowed = true },
	{ .name = "ICMP type past the known ones", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = NR_ICMP_TYPES + 1, .len = 8, .allowed = false },
	/* Only the type byte is read, as in __icmp_send(). */
	{ .name = "ICMP echo, one byte", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .icmp_type = ICMP_ECHO, .len = 1, .allowed = true },
	{ .name = "ICMP without a type byte", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .protocol = IPPROTO_ICMP,
	  .len = 0, .allowed = false },
	{ .name = "ICMP non-first fragment", .pkt_type = PACKET_HOST,
	  .saddr = HOST_SRC, .daddr = HOST_DST, .frag_off = 2,
	  .protocol = IPPROTO_ICMP, .icmp_type = ICMP_ECHO, .len = 8,
	  .allowed = false },
};

KUNIT_ARRAY_PARAM_DESC(allowed, allowed_cases, name);

static void error_allowed_test(struct kunit *test)
{
	const struct allowed_case *c = test->param_value;
	const struct ipv4alt_kunit_dgram d = {
		.frag_off = c->frag_off,
		.protocol = c->protocol,
		.saddr = c->saddr,
		.daddr = c->daddr,
		.len = c->len,
	};
	struct sk_buff *skb = ipv4alt_kunit_skb(test, &d);

	skb->pkt_type = c->pkt_type;
	if (c->protocol == IPPROTO_ICMP && c->len)
		skb->data[sizeof(struct iphdr)] = c->icmp_type;
	KUNIT_EXPECT_EQ(test, ipv4alt_icmp_error_allowed(skb), c->allowed);
	kfree_skb(skb);
}

static struct kunit_case ipv4alt_icmp_cases[] = {
	KUNIT_CASE_PARAM(echo_reply_test, echo_gen_params),
	{}
};

static struct kunit_suite ipv4alt_icmp_suite = {
	.name = "ipv4alt_icmp_echo",
	.test_cases = ipv4alt_icmp_cases,
};

static struct kunit_case ipv4alt_icmp_error_cases[] = {
	KUNIT_CASE_PARAM(error_allowed_test, allowed_gen_params),
	{}
};

static struct kunit_suite ipv4alt_icmp_error_suite = {
	.name = "ipv4alt_icmp_error",
	.test_cases = ipv4alt_icmp_error_cases,
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

kunit_test_suites(&ipv4alt_icmp_suite, &ipv4alt_icmp_error_suite,
		  &ipv4alt_icmp_ratelimit_suite);
