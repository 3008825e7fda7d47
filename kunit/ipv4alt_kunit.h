/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the ipv4alt KUnit suites.
 */
#ifndef _IPV4ALT_KUNIT_H
#define _IPV4ALT_KUNIT_H

#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/string.h>

/* The address a.b.c.d, network order, for the suites' tables. */
#define A4(a, b, c, d)	cpu_to_be32((a) << 24 | (b) << 16 | (c) << 8 | (d))

/**
 * struct ipv4alt_kunit_dgram - an IPv4 datagram for ipv4alt_kunit_skb()
 * @headroom: bytes reserved before the header
 * @tos: TOS byte
 * @tot_len: total length field, host order; 0 means header plus @len
 * @id: IP ID, host order
 * @frag_off: flags and offset / 8, host order (IP_DF | IP_MF | offset)
 * @protocol: the upper-layer protocol
 * @saddr: source
 * @daddr: destination
 * @opts: option bytes, or NULL
 * @optlen: bytes of @opts, a multiple of 4
 * @len: payload bytes, put zeroed in the linear area after the header
 *
 * The TTL is 64.
 */
struct ipv4alt_kunit_dgram {
	unsigned int headroom;
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;
	u8 protocol;
	__be32 saddr;
	__be32 daddr;
	const u8 *opts;
	unsigned int optlen;
	unsigned int len;
};

struct sk_buff *ipv4alt_kunit_skb(struct kunit *test,
				  const struct ipv4alt_kunit_dgram *d);

#ifndef KUNIT_ARRAY_PARAM_DESC
/**
 * KUNIT_ARRAY_PARAM_DESC() - Define a parameter generator from an array.
 * @name: prefix of the generator, name##_gen_params.
 * @array: array of test parameters.
 * @desc_member: member of an element that holds its description.
 *
 * Compat definition for kernels before 6.6, whose KUnit lacks it. As
 * upstream's, it copies @desc_member of each element into the KUnit
 * description buffer with strscpy().
 */
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)			\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		typeof(array[0]) *const __first = (array);			\
		typeof(__first) __next = prev ? (typeof(__first))prev + 1 :	\
						__first;			\
									\
		if (__next - __first < sizeof(array) / sizeof(__first[0])) {	\
			strscpy(desc, (*__next).desc_member,			\
				KUNIT_PARAM_DESC_SIZE);				\
			return __next;						\
		}								\
		return NULL;							\
	}
#endif

#endif /* _IPV4ALT_KUNIT_H */
