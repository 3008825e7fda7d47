// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cpu SNMP-style counters and /proc/net/ipv4alt/snmp.
 */

#include <kunit/visibility.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ip.h>
#include <net/snmp.h>

#include "ipv4alt.h"
#include "reasm.h"
#include "stats.h"

static const struct snmp_mib ipv4alt_snmp_list[] = {
	SNMP_MIB_ITEM("InReceives", IPV4ALT_MIB_IN_RECEIVES),
	SNMP_MIB_ITEM("InHdrErrors", IPV4ALT_MIB_IN_HDR_ERRORS),
	SNMP_MIB_ITEM("InCsumErrors", IPV4ALT_MIB_IN_CSUM_ERRORS),
	SNMP_MIB_ITEM("InTruncatedPkts", IPV4ALT_MIB_IN_TRUNCATED_PKTS),
	SNMP_MIB_ITEM("InAddrErrors", IPV4ALT_MIB_IN_ADDR_ERRORS),
	SNMP_MIB_ITEM("InUnknownProtos", IPV4ALT_MIB_IN_UNKNOWN_PROTOS),
	SNMP_MIB_ITEM("InDiscards", IPV4ALT_MIB_IN_DISCARDS),
	SNMP_MIB_ITEM("InSrcRouteDiscards", IPV4ALT_MIB_IN_SRC_ROUTE_DISCARDS),
	SNMP_MIB_ITEM("InNotLocal", IPV4ALT_MIB_IN_NOT_LOCAL),
	SNMP_MIB_ITEM("InMcastNotJoined", IPV4ALT_MIB_IN_MCAST_NOT_JOINED),
	SNMP_MIB_ITEM("InDelivers", IPV4ALT_MIB_IN_DELIVERS),
	SNMP_MIB_ITEM("ForwDatagrams", IPV4ALT_MIB_FORW_DATAGRAMS),
	SNMP_MIB_ITEM("ForwExhaustedTTL", IPV4ALT_MIB_FORW_EXHAUSTED_TTL),
	SNMP_MIB_ITEM("ForwLinkLocalSource", IPV4ALT_MIB_FORW_LINK_LOCAL_SOURCE),
	SNMP_MIB_ITEM("ForwLinkLocalDestination",
		      IPV4ALT_MIB_FORW_LINK_LOCAL_DESTINATION),
	SNMP_MIB_ITEM("ForwBcastMcast", IPV4ALT_MIB_FORW_BCAST_MCAST),
	SNMP_MIB_ITEM("OutRequests", IPV4ALT_MIB_OUT_REQUESTS),
	SNMP_MIB_ITEM("OutDiscards", IPV4ALT_MIB_OUT_DISCARDS),
	SNMP_MIB_ITEM("OutNoRoutes", IPV4ALT_MIB_OUT_NO_ROUTES),
	SNMP_MIB_ITEM("ReasmReqds", IPV4ALT_MIB_REASM_REQDS),
	SNMP_MIB_ITEM("ReasmOKs", IPV4ALT_MIB_REASM_OKS),
	SNMP_MIB_ITEM("ReasmFails", IPV4ALT_MIB_REASM_FAILS),
	SNMP_MIB_ITEM("ReasmTimeout", IPV4ALT_MIB_REASM_TIMEOUT),
	SNMP_MIB_ITEM("ReasmOverlaps", IPV4ALT_MIB_REASM_OVERLAPS),
	SNMP_MIB_ITEM("ReasmDuplicates", IPV4ALT_MIB_REASM_DUPLICATES),
	SNMP_MIB_ITEM("FragOKs", IPV4ALT_MIB_FRAG_OKS),
	SNMP_MIB_ITEM("FragFails", IPV4ALT_MIB_FRAG_FAILS),
	SNMP_MIB_ITEM("FragCreates", IPV4ALT_MIB_FRAG_CREATES),
	SNMP_MIB_ITEM("IcmpInErrors", IPV4ALT_MIB_ICMP_IN_ERRORS),
	SNMP_MIB_ITEM("IcmpInCsumErrors", IPV4ALT_MIB_ICMP_IN_CSUM_ERRORS),
	SNMP_MIB_ITEM("InEchos", IPV4ALT_MIB_IN_ECHOS),
	SNMP_MIB_ITEM("OutEchoReps", IPV4ALT_MIB_OUT_ECHO_REPS),
	SNMP_MIB_ITEM("OutTimeExcds", IPV4ALT_MIB_OUT_TIME_EXCDS),
	SNMP_MIB_ITEM("OutDestUnreachs", IPV4ALT_MIB_OUT_DEST_UNREACHS),
	SNMP_MIB_ITEM("OutParmProbs", IPV4ALT_MIB_OUT_PARM_PROBS),
	SNMP_MIB_ITEM("OutRateLimited", IPV4ALT_MIB_OUT_RATE_LIMITED),
};

/**
 * ipv4alt_stats_read() - sum one counter over all cpus
 * @pn: netns state
 * @field: the counter
 *
 * Return: the counter's value.
 */
VISIBLE_IF_KUNIT
unsigned long ipv4alt_stats_read(struct ipv4alt_net *pn,
				 enum ipv4alt_mib_field field)
{
	return snmp_fold_field(pn->mib, field);
}

/* Same layout as /proc/net/snmp6: one "Name value" pair per line. */
static int ipv4alt_snmp_show(struct seq_file *seq, void *v)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(seq_file_single_net(seq));
	int i;

	BUILD_BUG_ON(ARRAY_SIZE(ipv4alt_snmp_list) != IPV4ALT_MIB_MAX);
	for (i = 0; i < ARRAY_SIZE(ipv4alt_snmp_list); i++)
		seq_printf(seq, "%-32s\t%lu\n", ipv4alt_snmp_list[i].name,
			   ipv4alt_stats_read(pn, ipv4alt_snmp_list[i].entry));
	/* A gauge, not a counter: bytes the reassembler holds now. */
	seq_printf(seq, "%-32s\t%lu\n", "ReasmMemory", ipv4alt_reasm_mem(pn));
	return 0;
}

/**
 * ipv4alt_stats_net_init() - allocate the counters of a netns and show them
 * @pn: netns state
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_stats_net_init(struct ipv4alt_net *pn)
{
	struct proc_dir_entry *dir;

	pn->mib = alloc_percpu(struct ipv4alt_mib);
	if (!pn->mib)
		return -ENOMEM;

	dir = proc_net_mkdir(pn->net, "ipv4alt", pn->net->proc_net);
	if (!dir)
		goto err;
	if (!proc_create_net_single("snmp", 0444, dir, ipv4alt_snmp_show,
				    NULL))
		goto err;
	return 0;

err:
	remove_proc_subtree("ipv4alt", pn->net->proc_net);
	free_percpu(pn->mib);
	return -ENOMEM;
}

/**
 * ipv4alt_stats_net_exit() - remove and free the counters of a netns
 * @pn: netns state
 */
void ipv4alt_stats_net_exit(struct ipv4alt_net *pn)
{
	remove_proc_subtree("ipv4alt", pn->net->proc_net);
	free_percpu(pn->mib);
}
