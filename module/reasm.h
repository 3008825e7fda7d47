/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the reassembler (reasm.c).
 */
#ifndef _IPV4ALT_REASM_H
#define _IPV4ALT_REASM_H

#include "ipv4alt.h"

/* Initial values of the net.ipv4alt.ipfrag_* sysctls of a netns. */
#define IPV4ALT_IPFRAG_TIME		30
#define IPV4ALT_IPFRAG_HIGH_THRESH	(4 * 1024 * 1024)
#define IPV4ALT_IPFRAG_LOW_THRESH	(3 * 1024 * 1024)
/* Documentation/ipv4alt.rst explains the choice. */
#define IPV4ALT_IPFRAG_MAX_FRAGS	2048
/* 65536 / 8: no datagram can have more fragments than this. */
#define IPV4ALT_IPFRAG_MAX_FRAGS_LIMIT	8192

/**
 * enum ipv4alt_reasm_verdict - what became of a fragment
 * @IPV4ALT_REASM_QUEUED: held until the datagram is whole
 * @IPV4ALT_REASM_COMPLETE: it completed the datagram
 * @IPV4ALT_REASM_DUPLICATE: inside data already held; only it is dropped
 *	(ReasmDuplicates)
 * @IPV4ALT_REASM_MALFORMED: no payload, or none left once a non-final
 *	fragment is cut to a multiple of 8 bytes; the datagram is dropped
 *	(ReasmFails)
 * @IPV4ALT_REASM_OVERLAP: overlaps data held; the datagram is dropped
 *	(ReasmOverlaps, ReasmFails)
 * @IPV4ALT_REASM_CONFLICT: a final fragment disagrees with an earlier one,
 *	or data lies past the final end; the datagram is dropped (ReasmFails)
 * @IPV4ALT_REASM_TOO_BIG: the datagram would exceed 65535 bytes; dropped
 *	(ReasmFails)
 * @IPV4ALT_REASM_TOO_MANY: more than ipfrag_max_frags fragments; the
 *	datagram is dropped (ReasmFails)
 * @IPV4ALT_REASM_ECN: Not-ECT mixed with ECT or CE (RFC 3168 5.3); the
 *	datagram is dropped (ReasmFails)
 * @IPV4ALT_REASM_NOMEM: no memory; dropped (ReasmFails)
 */
enum ipv4alt_reasm_verdict {
	IPV4ALT_REASM_QUEUED,
	IPV4ALT_REASM_COMPLETE,
	IPV4ALT_REASM_DUPLICATE,
	IPV4ALT_REASM_MALFORMED,
	IPV4ALT_REASM_OVERLAP,
	IPV4ALT_REASM_CONFLICT,
	IPV4ALT_REASM_TOO_BIG,
	IPV4ALT_REASM_TOO_MANY,
	IPV4ALT_REASM_ECN,
	IPV4ALT_REASM_NOMEM,
};

int ipv4alt_reasm_net_init(struct ipv4alt_net *pn);
void ipv4alt_reasm_net_exit(struct ipv4alt_net *pn);
struct sk_buff *ipv4alt_reasm(struct ipv4alt_net *pn, struct sk_buff *skb);
unsigned long ipv4alt_reasm_mem(struct ipv4alt_net *pn);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
enum ipv4alt_reasm_verdict ipv4alt_reasm_add(struct ipv4alt_net *pn,
					     struct sk_buff *skb,
					     unsigned long now,
					     struct sk_buff **whole);
unsigned int ipv4alt_reasm_expire(struct ipv4alt_net *pn, unsigned long now,
				  struct sk_buff_head *icmp);
#endif

#endif /* _IPV4ALT_REASM_H */
