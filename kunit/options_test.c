// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: IP options. ipv4alt_opts_parse() against every option case of the
 * reference's TestIPv4Sanity and TestForwarding tables (gVisor
 * pkg/tcpip/network/ipv4/ipv4_test.go), with the ICMP pointer they expect,
 * plus the options the reference does not cover; ipv4alt_opts_echo()
 * against the reply options those tables expect; and the in-place reply
 * rewrite of ipv4alt_opts_echo_skb().
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/inet_sock.h>
#include <net/ip.h>

#include "options.h"
#include "ipv4alt_kunit.h"

/* The reference's replying address (192.168.1.58) and fake clock. */
#define ME_ADDR		htonl(0xc0a8013a)
#define NOW		htonl(0x00ad1c40)

/**
 * struct parse_case - one option area and what the parser must make of it
 * @name: the case; "ref:" marks a row taken from the reference's tables
 * @opts: option bytes
 * @len: how many of @opts are used
 * @err: expect -EINVAL
 * @pointer: with @err, the ICMP pointer, counted from the IP header
 * @rr: expected ip_options.rr (offset from the IP header, 0 if none)
 * @ts: expected ip_options.ts
 * @srr: expected ip_options.srr
 * @ra: expected ip_options.router_alert
 * @flags: expected bits: %F_RR_NEEDADDR, %F_TS_NEEDADDR, %F_TS_NEEDTIME,
 *	%F_STRICT
 */
struct parse_case {
	const char *name;
	u8 opts[MAX_IPOPTLEN];
	u8 len;
	bool err;
	u8 pointer;
	u8 rr, ts, srr, ra;
	u8 flags;
};

#define F_RR_NEEDADDR	BIT(0)
#define F_TS_NEEDADDR	BIT(1)
#define F_TS_NEEDTIME	BIT(2)
#define F_STRICT	BIT(3)

static const struct parse_case parse_cases[] = {
	/* TestIPv4Sanity */
	{ .name = "ref: End options", .opts = { 0, 0, 0, 0 }, .len = 4 },
	{ .name = "ref: NOP options", .opts = { 1, 1, 1, 1 }, .len = 4 },
	{ .name = "ref: NOP and End options", .opts = { 1, 1, 0, 0 }, .len = 4 },
	{ .name = "ref: timestamp option overflow",
	  .opts = { 68, 12, 13, 0x11, 192, 168, 1, 12, 1, 2, 3, 4 }, .len = 12,
	  .ts = 20 },
	{ .name = "ref: timestamp option overflow full",
	  .opts = { 68, 12, 13, 0xf1, 192, 168, 1, 12, 1, 2, 3, 4 }, .len = 12,
	  .err = true, .pointer = 23 },
	{ .name = "ref: unknown option", .opts = { 10, 4, 9, 0 }, .len = 4 },
	{ .name = "ref: bad option - no length", .opts = { 1, 1, 1, 68 },
	  .len = 4, .err = true, .pointer = 23 },
	{ .name = "ref: bad option - length 0",
	  .opts = { 68, 0, 9, 0, 1, 2, 3, 4 }, .len = 8,
	  .err = true, .pointer = 20 },
	{ .name = "ref: bad option - length 1",
	  .opts = { 68, 1, 9, 0, 1, 2, 3, 4 }, .len = 8,
	  .err = true, .pointer = 20 },
	{ .name = "ref: bad option - length big",
	  .opts = { 68, 9, 9, 0, 1, 2, 3, 4 }, .len = 8,
	  .err = true, .pointer = 20 },
	{ .name = "ref: bad option - length bad",
	  .opts = { 68, 7, 5, 0, 1, 2, 3, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "ref: multiple type 0 with room",
	  .opts = { 68, 24, 21, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		    13, 14, 15, 16, 0, 0, 0, 0 }, .len = 24,
	  .ts = 20, .flags = F_TS_NEEDTIME },
	{ .name = "ref: multiple type 1 timestamps",
	  .opts = { 68, 20, 21, 0x11, 192, 168, 1, 12, 1, 2, 3, 4,
		    192, 168, 1, 13, 5, 6, 7, 8 }, .len = 20,
	  .ts = 20 },
	{ .name = "ref: multiple type 1 timestamps with room",
	  .opts = { 68, 28, 21, 0x01, 192, 168, 1, 12, 1, 2, 3, 4,
		    192, 168, 1, 13, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0 },
	  .len = 28, .ts = 20, .flags = F_TS_NEEDADDR | F_TS_NEEDTIME },
	{ .name = "ref: timestamp pointer invalid",
	  .opts = { 68, 8, 0, 0x00, 0, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "ref: timestamp pointer too small by 1",
	  .opts = { 68, 8, 4, 0x00, 0, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "ref: valid timestamp pointer",
	  .opts = { 68, 8, 5, 0x00, 0, 0, 0, 0 }, .len = 8,
	  .ts = 20, .flags = F_TS_NEEDTIME },
	{ .name = "ref: bad timer element alignment",
	  .opts = { 68, 20, 17, 0x01, 192, 168, 1, 12, 1, 2, 3, 4,
		    0, 0, 0, 0, 0, 0, 0, 0 }, .len = 20,
	  .err = true, .pointer = 22 },
	{ .name = "ref: end of options list",
	  .opts = { 68, 12, 13, 0x11, 192, 168, 1, 12, 1, 2, 3, 4,
		    0, 10, 3, 99 }, .len = 16,
	  .ts = 20 },
	{ .name = "ref: timestamp truncated", .opts = { 68, 1, 0, 0 },
	  .len = 4, .err = true, .pointer = 20 },
	{ .name = "ref: single record route with room",
	  .opts = { 7, 7, 4, 0, 0, 0, 0, 0 }, .len = 8,
	  .rr = 20, .flags = F_RR_NEEDADDR },
	{ .name = "ref: multiple record route with room",
	  .opts = { 7, 23, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		    13, 14, 15, 16, 0, 0, 0, 0, 0 }, .len = 24,
	  .rr = 20, .flags = F_RR_NEEDADDR },
	{ .name = "ref: single record route with no room",
	  .opts = { 7, 7, 8, 1, 2, 3, 4, 0 }, .len = 8, .rr = 20 },
	{ .name = "ref: multiple record route with no room",
	  .opts = { 7, 23, 24, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		    13, 14, 15, 16, 17, 18, 19, 20, 0 }, .len = 24, .rr = 20 },
	{ .name = "ref: record route pointer zero",
	  .opts = { 7, 8, 0, 0, 0, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "ref: record route pointer too small by 1",
	  .opts = { 7, 8, 3, 0, 0, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "ref: valid record route pointer",
	  .opts = { 7, 7, 4, 0, 0, 0, 0, 0 }, .len = 8,
	  .rr = 20, .flags = F_RR_NEEDADDR },
	{ .name = "ref: multiple record route with not enough room",
	  .opts = { 7, 8, 8, 1, 2, 3, 4, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "ref: duplicate record route",
	  .opts = { 7, 7, 8, 1, 2, 3, 4, 7, 7, 8, 1, 2, 3, 4, 0, 0 },
	  .len = 16, .err = true, .pointer = 27 },
	/* TestForwarding */
	{ .name = "ref: four EOL options", .opts = { 0, 0, 0, 0 }, .len = 4 },
	{ .name = "ref: TS type 1 full",
	  .opts = { 68, 12, 13, 0xf1, 192, 168, 1, 12, 1, 2, 3, 4 }, .len = 12,
	  .err = true, .pointer = 23 },
	{ .name = "ref: forwarded end of options list",
	  .opts = { 68, 12, 13, 0x11, 192, 168, 1, 12, 1, 2, 3, 4,
		    0, 10, 3, 99, 1, 2, 3, 4 }, .len = 20, .ts = 20 },
	/* Beyond the reference. */
	{ .name = "no options", .len = 0 },
	{ .name = "40 NOPs",
	  .opts = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
	  .len = 40 },
	{ .name = "length past the header after NOPs",
	  .opts = { 1, 1, 7, 7, 4, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
	{ .name = "junk after EOL is not parsed",
	  .opts = { 0, 68, 0, 0 }, .len = 4 },
	{ .name = "RR and TS together",
	  .opts = { 7, 7, 4, 0, 0, 0, 0, 68, 8, 5, 0, 0, 0, 0, 0, 0 },
	  .len = 16, .rr = 20, .ts = 27,
	  .flags = F_RR_NEEDADDR | F_TS_NEEDTIME },
	{ .name = "RR shorter than one address",
	  .opts = { 7, 3, 4, 0 }, .len = 4, .err = true, .pointer = 21 },
	{ .name = "RR length 2", .opts = { 7, 2, 1, 0 }, .len = 4,
	  .err = true, .pointer = 21 },
	{ .name = "TS length 3", .opts = { 68, 3, 5, 0 }, .len = 4,
	  .err = true, .pointer = 21 },
	{ .name = "TS flag 2 is undefined",
	  .opts = { 68, 8, 5, 2, 0, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 23 },
	{ .name = "TS flag 3 with room",
	  .opts = { 68, 12, 5, 3, 192, 168, 1, 58, 0, 0, 0, 0 }, .len = 12,
	  .ts = 20, .flags = F_TS_NEEDTIME },
	{ .name = "TS flag 3 full, overflow 15 is no error",
	  .opts = { 68, 12, 13, 0xf3, 192, 168, 1, 58, 0, 0, 0, 0 }, .len = 12,
	  .ts = 20 },
	{ .name = "TS flag 1 full, overflow 14",
	  .opts = { 68, 12, 13, 0xe1, 192, 168, 1, 58, 0, 0, 0, 0 }, .len = 12,
	  .ts = 20 },
	{ .name = "duplicate timestamp",
	  .opts = { 68, 8, 5, 0, 0, 0, 0, 0, 68, 8, 5, 0, 0, 0, 0, 0 },
	  .len = 16, .err = true, .pointer = 28 },
	{ .name = "router alert", .opts = { 148, 4, 0, 0 }, .len = 4,
	  .ra = 20 },
	{ .name = "router alert after NOP",
	  .opts = { 1, 148, 4, 0, 0, 0, 0, 0 }, .len = 8, .ra = 21 },
	{ .name = "router alert length 5",
	  .opts = { 148, 5, 0, 0, 0, 0, 0, 0 }, .len = 8,
	  .err = true, .pointer = 21 },
	{ .name = "router alert value 1", .opts = { 148, 4, 0, 1 }, .len = 4,
	  .err = true, .pointer = 22 },
	{ .name = "LSRR used up", .opts = { 131, 7, 8, 1, 2, 3, 4, 0 },
	  .len = 8, .srr = 20 },
	{ .name = "SSRR with a hop left", .opts = { 137, 7, 4, 1, 2, 3, 4, 0 },
	  .len = 8, .srr = 20, .flags = F_STRICT },
	{ .name = "LSRR pointer 3", .opts = { 131, 7, 3, 1, 2, 3, 4, 0 },
	  .len = 8, .err = true, .pointer = 22 },
	{ .name = "LSRR then SSRR",
	  .opts = { 131, 7, 8, 1, 2, 3, 4, 137, 7, 8, 1, 2, 3, 4, 0, 0 },
	  .len = 16, .err = true, .pointer = 27 },
	{ .name = "unknown option repeated",
	  .opts = { 10, 4, 9, 0, 10, 4, 9, 0 }, .len = 8,
	  .err = true, .pointer = 24 },
	{ .name = "unknown option after RR",
	  .opts = { 7, 7, 4, 0, 0, 0, 0, 130, 5, 1, 2, 3 }, .len = 12,
	  .rr = 20, .flags = F_RR_NEEDADDR },
	/* CIPSO: refused as for a DOI the kernel does not know. */
	{ .name = "CIPSO length 6", .opts = { 134, 6, 0, 0, 0, 1, 0, 0 },
	  .len = 8, .err = true, .pointer = 21 },
	{ .name = "CIPSO DOI 1, tag 1",
	  .opts = { 134, 10, 0, 0, 0, 1, 1, 4, 0, 0, 0, 0 }, .len = 12,
	  .err = true, .pointer = 22 },
	{ .name = "CIPSO length 7 after NOP",
	  .opts = { 1, 134, 7, 0, 0, 0, 1, 0 }, .len = 8,
	  .err = true, .pointer = 22 },
};

KUNIT_ARRAY_PARAM_DESC(parse, parse_cases, name);

static void parse_test(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	struct ip_options *opt;
	u8 copy[MAX_IPOPTLEN];
	u8 pointer = 0xaa;
	int err;

	opt = kunit_kzalloc(test, sizeof(*opt) + MAX_IPOPTLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, opt);
	memcpy(copy, c->opts, sizeof(copy));

	err = ipv4alt_opts_parse(copy, c->len, opt, &pointer);

	/* The bytes are never changed. */
	KUNIT_EXPECT_EQ(test, memcmp(copy, c->opts, sizeof(copy)), 0);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, err, -EINVAL);
		KUNIT_EXPECT_EQ(test, pointer, c->pointer);
		return;
	}
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, pointer, 0xaa);
	KUNIT_EXPECT_EQ(test, opt->optlen, c->len);
	KUNIT_EXPECT_EQ(test, opt->rr, c->rr);
	KUNIT_EXPECT_EQ(test, opt->ts, c->ts);
	KUNIT_EXPECT_EQ(test, opt->srr, c->srr);
	KUNIT_EXPECT_EQ(test, opt->router_alert, c->ra);
	KUNIT_EXPECT_EQ(test, opt->cipso, 0);
	KUNIT_EXPECT_EQ(test, (int)opt->rr_needaddr, !!(c->flags & F_RR_NEEDADDR));
	KUNIT_EXPECT_EQ(test, (int)opt->ts_needaddr, !!(c->flags & F_TS_NEEDADDR));
	KUNIT_EXPECT_EQ(test, (int)opt->ts_needtime, !!(c->flags & F_TS_NEEDTIME));
	KUNIT_EXPECT_EQ(test, (int)opt->is_strictroute, !!(c->flags & F_STRICT));
	KUNIT_EXPECT_EQ(test, (int)opt->is_changed, 0);
}

/**
 * struct echo_opts_case - request options and the reply's options
 * @name: the case; "ref:" marks a row from the reference's tables
 * @in: the request's options, valid for ipv4alt_opts_parse()
 * @len: how many of @in are used
 * @out: the reply's options, with ME_ADDR replying at time NOW
 * @out_len: their length
 */
struct echo_opts_case {
	const char *name;
	u8 in[MAX_IPOPTLEN];
	u8 len;
	u8 out[MAX_IPOPTLEN];
	u8 out_len;
};

static const struct echo_opts_case echo_opts_cases[] = {
	{ "ref: End options", { 0, 0, 0, 0 }, 4, { 0, 0, 0, 0 }, 4 },
	{ "ref: NOP options", { 1, 1, 1, 1 }, 4, { 1, 1, 1, 1 }, 4 },
	{ "ref: NOP and End options", { 1, 1, 0, 0 }, 4, { 1, 1, 0, 0 }, 4 },
	{ "ref: timestamp option overflow",
	  { 68, 12, 13, 0x11, 192, 168, 1, 12, 1, 2, 3, 4 }, 12,
	  { 68, 12, 13, 0x21, 192, 168, 1, 12, 1, 2, 3, 4 }, 12 },
	{ "ref: unknown option", { 10, 4, 9, 0 }, 4, { }, 0 },
	{ "ref: multiple type 0 with room",
	  { 68, 24, 21, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 16, 0, 0, 0, 0 }, 24,
	  { 68, 24, 25, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 16, 0x00, 0xad, 0x1c, 0x40 }, 24 },
	{ "ref: multiple type 1 timestamps",
	  { 68, 20, 21, 0x11, 192, 168, 1, 12, 1, 2, 3, 4,
	    192, 168, 1, 13, 5, 6, 7, 8 }, 20,
	  { 68, 20, 21, 0x21, 192, 168, 1, 12, 1, 2, 3, 4,
	    192, 168, 1, 13, 5, 6, 7, 8 }, 20 },
	{ "ref: multiple type 1 timestamps with room",
	  { 68, 28, 21, 0x01, 192, 168, 1, 12, 1, 2, 3, 4,
	    192, 168, 1, 13, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0 }, 28,
	  { 68, 28, 29, 0x01, 192, 168, 1, 12, 1, 2, 3, 4,
	    192, 168, 1, 13, 5, 6, 7, 8, 192, 168, 1, 58,
	    0x00, 0xad, 0x1c, 0x40 }, 28 },
	{ "ref: valid timestamp pointer",
	  { 68, 8, 5, 0x00, 0, 0, 0, 0 }, 8,
	  { 68, 8, 9, 0x00, 0x00, 0xad, 0x1c, 0x40 }, 8 },
	{ "ref: end of options list",
	  { 68, 12, 13, 0x11, 192, 168, 1, 12, 1, 2, 3, 4, 0, 10, 3, 99 }, 16,
	  { 68, 12, 13, 0x21, 192, 168, 1, 12, 1, 2, 3, 4, 0, 0, 0, 0 }, 16 },
	{ "ref: single record route with room",
	  { 7, 7, 4, 0, 0, 0, 0, 0 }, 8, { 7, 7, 8, 192, 168, 1, 58, 0 }, 8 },
	{ "ref: multiple record route with room",
	  { 7, 23, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 16, 0, 0, 0, 0, 0 }, 24,
	  { 7, 23, 24, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 16, 192, 168, 1, 58, 0 }, 24 },
	{ "ref: single record route with no room",
	  { 7, 7, 8, 1, 2, 3, 4, 0 }, 8, { 7, 7, 8, 1, 2, 3, 4, 0 }, 8 },
	{ "ref: multiple record route with no room",
	  { 7, 23, 24, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 16, 17, 18, 19, 20, 0 }, 24,
	  { 7, 23, 24, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 16, 17, 18, 19, 20, 0 }, 24 },
	{ "ref: valid record route pointer",
	  { 7, 7, 4, 0, 0, 0, 0, 0 }, 8, { 7, 7, 8, 192, 168, 1, 58, 0 }, 8 },
	/* Beyond the reference. */
	{ "no options", { }, 0, { }, 0 },
	{ "forwarded end of options list shrinks",
	  { 68, 12, 13, 0x11, 192, 168, 1, 12, 1, 2, 3, 4,
	    0, 10, 3, 99, 1, 2, 3, 4 }, 20,
	  { 68, 12, 13, 0x21, 192, 168, 1, 12, 1, 2, 3, 4, 0, 0, 0, 0 }, 16 },
	{ "TS flag 1 with room",
	  { 68, 12, 5, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 }, 12,
	  { 68, 12, 13, 0x01, 192, 168, 1, 58, 0x00, 0xad, 0x1c, 0x40 }, 12 },
	{ "TS flag 3, our address next",
	  { 68, 12, 5, 0x03, 192, 168, 1, 58, 0, 0, 0, 0 }, 12,
	  { 68, 12, 13, 0x03, 192, 168, 1, 58, 0x00, 0xad, 0x1c, 0x40 }, 12 },
	{ "TS flag 3, another address next",
	  { 68, 12, 5, 0x03, 10, 9, 9, 9, 0, 0, 0, 0 }, 12,
	  { 68, 12, 5, 0x03, 10, 9, 9, 9, 0, 0, 0, 0 }, 12 },
	{ "TS flag 3 full: no overflow count",
	  { 68, 12, 13, 0x03, 192, 168, 1, 58, 1, 2, 3, 4 }, 12,
	  { 68, 12, 13, 0x03, 192, 168, 1, 58, 1, 2, 3, 4 }, 12 },
	{ "TS flag 0 full, overflow 14 to 15",
	  { 68, 8, 9, 0xe0, 1, 2, 3, 4 }, 8,
	  { 68, 8, 9, 0xf0, 1, 2, 3, 4 }, 8 },
	{ "router alert kept", { 148, 4, 0, 0 }, 4, { 148, 4, 0, 0 }, 4 },
	{ "LSRR left out, RR kept",
	  { 131, 7, 8, 1, 2, 3, 4, 7, 7, 4, 0, 0, 0, 0, 0, 0 }, 16,
	  { 7, 7, 8, 192, 168, 1, 58, 0 }, 8 },
	{ "NOP, unknown, RR",
	  { 1, 10, 3, 0, 7, 7, 4, 0, 0, 0, 0, 0 }, 12,
	  { 1, 7, 7, 8, 192, 168, 1, 58, 0, 0, 0, 0 }, 12 },
	{ "NOP, unknown, RR, NOP",
	  { 1, 10, 3, 0, 7, 7, 4, 0, 0, 0, 0, 1 }, 12,
	  { 1, 7, 7, 8, 192, 168, 1, 58, 1, 0, 0, 0 }, 12 },
	{ "unknown option between NOPs",
	  { 1, 10, 6, 0, 0, 0, 0, 1 }, 8, { 1, 1, 0, 0 }, 4 },
	{ "bytes after EOL zeroed", { 1, 0, 5, 5 }, 4, { 1, 0, 0, 0 }, 4 },
	{ "RR, TS and unknown in 40 bytes",
	  { 7, 11, 8, 10, 0, 0, 1, 0, 0, 0, 0, 68, 12, 5, 0x01, 0, 0, 0, 0,
	    0, 0, 0, 0, 130, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1 },
	  40,
	  { 7, 11, 12, 10, 0, 0, 1, 192, 168, 1, 58,
	    68, 12, 13, 0x01, 192, 168, 1, 58, 0x00, 0xad, 0x1c, 0x40,
	    1, 1, 1, 1, 1, 1 }, 32 },
};

KUNIT_ARRAY_PARAM_DESC(echo_opts, echo_opts_cases, name);

static void echo_opts_test(struct kunit *test)
{
	const struct echo_opts_case *c = test->param_value;
	struct ip_options *opt;
	u8 out[MAX_IPOPTLEN];
	unsigned int n;
	u8 pointer;

	/* Rows must be valid requests. */
	opt = kunit_kzalloc(test, sizeof(*opt) + MAX_IPOPTLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, opt);
	KUNIT_ASSERT_EQ(test, c->len % 4, 0);
	KUNIT_ASSERT_EQ(test, ipv4alt_opts_parse(c->in, c->len, opt, &pointer),
			0);

	memset(out, 0xee, sizeof(out));
	n = ipv4alt_opts_echo(c->in, c->len, out, ME_ADDR, NOW);

	KUNIT_EXPECT_EQ(test, n, c->out_len);
	KUNIT_EXPECT_EQ(test, memcmp(out, c->out, c->out_len), 0);
	/* Only @len bytes of @out are written. */
	KUNIT_EXPECT_EQ(test, out[c->len < MAX_IPOPTLEN ? c->len : 0],
			c->len < MAX_IPOPTLEN ? 0xee : c->out[0]);
}

/**
 * struct echo_skb_case - an echo request's options and its in-place reply
 * @name: the case
 * @in: the request's options (no TS: the time is real here)
 * @len: how many of @in are used
 * @out: the reply's options, replying from ME_ADDR
 * @out_len: their length
 */
struct echo_skb_case {
	const char *name;
	u8 in[MAX_IPOPTLEN];
	u8 len;
	u8 out[MAX_IPOPTLEN];
	u8 out_len;
};

static const struct echo_skb_case echo_skb_cases[] = {
	{ .name = "NOPs keep their place",
	  .in = { 1, 1, 1, 1 }, .len = 4,
	  .out = { 1, 1, 1, 1 }, .out_len = 4 },
	{ .name = "RR filled in place",
	  .in = { 7, 7, 4, 0, 0, 0, 0, 0 }, .len = 8,
	  .out = { 7, 7, 8, 192, 168, 1, 58, 0 }, .out_len = 8 },
	{ .name = "unknown option removed: header shrinks to 20",
	  .in = { 10, 4, 9, 0 }, .len = 4 },
	{ .name = "RR kept, unknown removed: header shrinks by 4",
	  .in = { 7, 7, 4, 0, 0, 0, 0, 130, 4, 0, 0, 0 }, .len = 12,
	  .out = { 7, 7, 8, 192, 168, 1, 58, 0 }, .out_len = 8 },
	{ .name = "40 bytes of unknown options removed",
	  .in = { 130, 40 }, .len = 40 },
};

KUNIT_ARRAY_PARAM_DESC(echo_skb, echo_skb_cases, name);

#define ECHO_PAYLOAD 24

static void echo_skb_test(struct kunit *test)
{
	const struct echo_skb_case *c = test->param_value;
	const struct ipv4alt_kunit_dgram d = {
		.headroom = 64, .protocol = IPPROTO_ICMP,
		.saddr = htonl(0x0a000001), .daddr = ME_ADDR,
		.opts = c->in, .optlen = c->len, .len = ECHO_PAYLOAD,
	};
	unsigned int i, got;
	u8 payload[ECHO_PAYLOAD];
	struct iphdr *iph;
	struct sk_buff *skb;

	for (i = 0; i < ECHO_PAYLOAD; i++)
		payload[i] = 0x40 + i;
	skb = ipv4alt_kunit_skb(test, &d);
	memcpy(skb->data + sizeof(struct iphdr) + c->len, payload,
	       ECHO_PAYLOAD);
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));

	got = ipv4alt_opts_echo_skb(skb, ME_ADDR);

	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, got, sizeof(struct iphdr) + c->out_len);
	KUNIT_EXPECT_PTR_EQ(test, (void *)skb->data, (void *)iph);
	KUNIT_EXPECT_EQ(test, iph->ihl * 4, got);
	KUNIT_EXPECT_EQ(test, skb_transport_offset(skb), (int)got);
	KUNIT_EXPECT_EQ(test, skb->len, got + ECHO_PAYLOAD);
	KUNIT_EXPECT_EQ(test, IPCB(skb)->opt.optlen, c->out_len);
	/* The fixed header moved whole, the ICMP message did not move. */
	KUNIT_EXPECT_EQ(test, (int)iph->version, 4);
	KUNIT_EXPECT_EQ(test, iph->ttl, 64);
	KUNIT_EXPECT_EQ(test, iph->protocol, IPPROTO_ICMP);
	KUNIT_EXPECT_EQ(test, ntohl(iph->saddr), 0x0a000001);
	KUNIT_EXPECT_EQ(test, iph->daddr, ME_ADDR);
	KUNIT_EXPECT_EQ(test, memcmp(iph + 1, c->out, c->out_len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(skb->data + got, payload, ECHO_PAYLOAD),
			0);
	kfree_skb(skb);
}

/**
 * struct fwd_opts_case - a forwarded datagram's options, before and after
 * @name: the case
 * @in: the options as they arrive (valid)
 * @len: how many of @in are used
 * @out: the same bytes after this router recorded itself as ME_ADDR at NOW
 * @changed: the return value: must the header checksum be redone?
 */
struct fwd_opts_case {
	const char *name;
	u8 in[MAX_IPOPTLEN];
	u8 len;
	u8 out[MAX_IPOPTLEN];
	bool changed;
};

static const struct fwd_opts_case fwd_opts_cases[] = {
	{ "RR: next slot", { 7, 11, 8, 10, 0, 0, 1, 0, 0, 0, 0, 0 }, 12,
	  { 7, 11, 12, 10, 0, 0, 1, 192, 168, 1, 58, 0 }, true },
	{ "RR full: left as it is, still a rewrite",
	  { 7, 7, 8, 10, 0, 0, 1, 0 }, 8, { 7, 7, 8, 10, 0, 0, 1, 0 }, true },
	{ "TS only", { 68, 8, 5, 0x00, 0, 0, 0, 0 }, 8,
	  { 68, 8, 9, 0x00, 0x00, 0xad, 0x1c, 0x40 }, true },
	{ "TS with addresses",
	  { 68, 12, 5, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 }, 12,
	  { 68, 12, 13, 0x01, 192, 168, 1, 58, 0x00, 0xad, 0x1c, 0x40 }, true },
	{ "TS prespecified, ours",
	  { 68, 12, 5, 0x03, 192, 168, 1, 58, 0, 0, 0, 0 }, 12,
	  { 68, 12, 13, 0x03, 192, 168, 1, 58, 0x00, 0xad, 0x1c, 0x40 }, true },
	{ "TS prespecified, another's",
	  { 68, 12, 5, 0x03, 10, 0, 0, 9, 0, 0, 0, 0 }, 12,
	  { 68, 12, 5, 0x03, 10, 0, 0, 9, 0, 0, 0, 0 }, true },
	{ "TS full: overflow counted",
	  { 68, 8, 9, 0x20, 1, 2, 3, 4 }, 8,
	  { 68, 8, 9, 0x30, 1, 2, 3, 4 }, true },
	{ "NOPs, unknown and router alert untouched",
	  { 1, 1, 148, 4, 0, 0, 10, 4, 9, 9, 0, 0 }, 12,
	  { 1, 1, 148, 4, 0, 0, 10, 4, 9, 9, 0, 0 }, false },
	{ "nothing after EOL", { 0, 7, 7, 4, 0, 0, 0, 0 }, 8,
	  { 0, 7, 7, 4, 0, 0, 0, 0 }, false },
	{ "NOP then RR", { 1, 7, 7, 4, 0, 0, 0, 0 }, 8,
	  { 1, 7, 7, 8, 192, 168, 1, 58 }, true },
};

KUNIT_ARRAY_PARAM_DESC(fwd_opts, fwd_opts_cases, name);

static void fwd_opts_test(struct kunit *test)
{
	const struct fwd_opts_case *c = test->param_value;
	u8 buf[MAX_IPOPTLEN];
	struct ip_options *opt;
	u8 pointer;

	opt = kunit_kzalloc(test, sizeof(*opt) + MAX_IPOPTLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, opt);
	KUNIT_ASSERT_EQ(test, ipv4alt_opts_parse(c->in, c->len, opt, &pointer),
			0);

	memcpy(buf, c->in, sizeof(buf));
	KUNIT_EXPECT_EQ(test, ipv4alt_opts_forward(buf, c->len, ME_ADDR, NOW),
			c->changed);
	KUNIT_EXPECT_EQ(test, memcmp(buf, c->out, c->len), 0);
	/* Nothing past @len is touched. */
	KUNIT_EXPECT_EQ(test, memcmp(buf + c->len, c->in + c->len,
				     sizeof(buf) - c->len), 0);
}

static struct kunit_case ipv4alt_options_cases[] = {
	KUNIT_CASE_PARAM(parse_test, parse_gen_params),
	KUNIT_CASE_PARAM(echo_opts_test, echo_opts_gen_params),
	KUNIT_CASE_PARAM(echo_skb_test, echo_skb_gen_params),
	KUNIT_CASE_PARAM(fwd_opts_test, fwd_opts_gen_params),
	{}
};

static struct kunit_suite ipv4alt_options_suite = {
	.name = "ipv4alt_options",
	.test_cases = ipv4alt_options_cases,
};

kunit_test_suite(ipv4alt_options_suite);
