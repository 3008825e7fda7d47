// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netns state: knobs, counters and the list of devices.
 */

#include <linux/capability.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/user_namespace.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "icmp.h"
#include "ipid.h"
#include "ipv4alt.h"
#include "main.h"
#include "netns.h"
#include "output.h"
#include "reasm.h"
#include "stats.h"
#include "sysctl.h"

unsigned int ipv4alt_net_id __read_mostly;

/* Set once every netns that existed at module load has its state. */
static bool ipv4alt_net_ready;

/**
 * ipv4alt_log() - a rate-limited kernel log line about a netns or a device
 * @level: KERN_ERR, KERN_WARNING or KERN_INFO
 * @net: the netns the line is about
 * @dev: the device it is about, or NULL
 * @fmt: the message, without "ipv4alt: " and without a newline
 *
 * Writing a sysctl or creating a device makes a line, and root of any user
 * namespace can do both in a loop. Lines are limited to 10 every 5 s in two
 * buckets, one for init_net and one shared by every other netns, so that
 * no other netns can crowd out init_net's lines. A line about another
 * netns ends in "in netns <inode>", the number lsns and
 * /proc/<pid>/ns/net show.
 */
void ipv4alt_log(const char *level, const struct net *net,
		 const struct net_device *dev, const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(init_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	static DEFINE_RATELIMIT_STATE(other_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	bool init = net_eq(net, &init_net);
	char where[sizeof(" in netns 4294967295")] = "";
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(init ? &init_rs : &other_rs))
		return;
	if (!init)
		snprintf(where, sizeof(where), " in netns %u", net->ns.inum);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (dev)
		netdev_printk(level, dev, "ipv4alt: %pV%s\n", &vaf, where);
	else if (printk_get_level(level) == KERN_ERR[1])
		pr_err("ipv4alt: %pV%s\n", &vaf, where);
	else if (printk_get_level(level) == KERN_WARNING[1])
		pr_warn("ipv4alt: %pV%s\n", &vaf, where);
	else
		pr_info("ipv4alt: %pV%s\n", &vaf, where);
	va_end(args);
}

/**
 * ipv4alt_may_select() - may the current task select devices in @net?
 * @net: the netns of the device, or of conf.default
 * @dev: the device for conf.<dev>.enabled, NULL for conf.default.enabled
 *
 * Selecting puts ipv4alt's parser and reassembler in front of whoever
 * sends to the device. By default only CAP_NET_ADMIN in the initial user
 * namespace may; with the module parameter userns=1, CAP_NET_ADMIN over
 * @net (root of the user namespace that owns it) is enough. A refusal is
 * logged.
 *
 * Return: true if it may.
 */
bool ipv4alt_may_select(const struct net *net, const struct net_device *dev)
{
	bool userns = ipv4alt_userns_allowed();

	if (userns ? ns_capable(net->user_ns, CAP_NET_ADMIN) :
		     capable(CAP_NET_ADMIN))
		return true;
	ipv4alt_log(KERN_WARNING, net, dev,
		    "conf.%s.enabled=1 refused: selecting needs CAP_NET_ADMIN %s",
		    dev ? dev->name : "default",
		    userns ? "over the netns" :
			     "in the initial user namespace (module parameter userns=0)");
	return false;
}

/*
 * net.core.devconf_inherit_init_net, as devinet_init_net() applies it to
 * net.ipv4.conf.{all,default}: 0 and 1 copy init_net's values, 3 those of
 * the netns that creates @net, 2 keeps the defaults. It covers the knobs
 * that play the part of conf.all and conf.default: forwarding and
 * conf.default.*. Returns the netns to copy from, or NULL.
 */
static struct ipv4alt_net *ipv4alt_net_inherit_from(struct net *net)
{
	struct net *from;

	/* At module load every netns starts from the defaults: the one to
	 * copy from may not have ipv4alt's state yet.
	 */
	if (net_eq(net, &init_net) || !READ_ONCE(ipv4alt_net_ready))
		return NULL;
	switch (net_inherit_devconf()) {
	case 0:
	case 1:
		from = &init_net;
		break;
	case 3:
		from = current->nsproxy->net_ns;
		break;
	default:
		return NULL;
	}
	return ipv4alt_pernet(from);
}

static int __net_init ipv4alt_net_init(struct net *net)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(net);
	struct ipv4alt_net *src = ipv4alt_net_inherit_from(net);
	int err;

	pn->default_ttl = IPDEFTTL;
	pn->forwarding = src ? READ_ONCE(src->forwarding) : 0;
	pn->default_enabled = src ? READ_ONCE(src->default_enabled) : 0;
	/* No selection by inheritance where root of a user namespace rules,
	 * unless userns=1 allows it (see ipv4alt_may_select()).
	 */
	if (pn->default_enabled && net->user_ns != &init_user_ns &&
	    !ipv4alt_userns_allowed()) {
		pn->default_enabled = 0;
		ipv4alt_log(KERN_INFO, net, NULL,
			    "conf.default.enabled=1 not inherited: the netns belongs to a user namespace (module parameter userns=0)");
	}
	pn->default_forwarding = src ? READ_ONCE(src->default_forwarding) : 1;
	pn->net = net;
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
	int err = register_pernet_subsys(&ipv4alt_net_ops);

	if (!err)
		WRITE_ONCE(ipv4alt_net_ready, true);
	return err;
}

/**
 * ipv4alt_netns_exit() - tear down ipv4alt's state in every netns
 */
void ipv4alt_netns_exit(void)
{
	WRITE_ONCE(ipv4alt_net_ready, false);
	unregister_pernet_subsys(&ipv4alt_net_ops);
}
