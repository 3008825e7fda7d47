// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netns state: knobs, counters and the list of devices.
 */

#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "ipv4alt.h"

unsigned int ipv4alt_net_id __read_mostly;

static int __net_init ipv4alt_net_init(struct net *net)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(net);
	int err;

	pn->net = net;
	pn->default_ttl = IPDEFTTL;
	pn->forwarding = 0;
	pn->default_enabled = 0;
	pn->default_forwarding = 1;
	spin_lock_init(&pn->icmp_bucket.lock);
	ipv4alt_icmp_bucket_init(&pn->icmp_bucket, jiffies,
				 READ_ONCE(net->ipv4.sysctl_icmp_msgs_burst));
	INIT_LIST_HEAD(&pn->devs);
	ipv4alt_ipid_net_init(pn);

	err = ipv4alt_stats_net_init(pn);
	if (err)
		goto err_stats;
	err = ipv4alt_reasm_net_init(pn);
	if (err)
		goto err_reasm;
	err = ipv4alt_sysctl_net_init(pn);
	if (err)
		goto err_sysctl;
	err = ipv4alt_output_net_init(net);
	if (err)
		goto err_output;
	return 0;

err_output:
	ipv4alt_sysctl_net_exit(pn);
err_sysctl:
	ipv4alt_reasm_net_exit(pn);
err_reasm:
	ipv4alt_stats_net_exit(pn);
err_stats:
	return err;
}

/*
 * Device pernet operations exit before subsystem ones, so every device of
 * @net has been unregistered, and its &struct ipv4alt_dev freed, by now.
 */
static void __net_exit ipv4alt_net_exit(struct net *net)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(net);

	ipv4alt_output_net_exit(net);
	ipv4alt_sysctl_net_exit(pn);
	ipv4alt_reasm_net_exit(pn);
	ipv4alt_stats_net_exit(pn);
}

static struct pernet_operations ipv4alt_net_ops = {
	.init = ipv4alt_net_init,
	.exit = ipv4alt_net_exit,
	.id = &ipv4alt_net_id,
	.size = sizeof(struct ipv4alt_net),
};

/**
 * ipv4alt_netns_init() - set up ipv4alt's state in every netns
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_netns_init(void)
{
	return register_pernet_subsys(&ipv4alt_net_ops);
}

/**
 * ipv4alt_netns_exit() - tear down ipv4alt's state in every netns
 */
void ipv4alt_netns_exit(void)
{
	unregister_pernet_subsys(&ipv4alt_net_ops);
}
