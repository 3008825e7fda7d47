// SPDX-License-Identifier: GPL-2.0
/*
 * net.ipv4alt.* sysctls: global knobs and conf.<dev> / conf.default.
 *
 * Every knob is range-checked by proc_dointvec_minmax(), which refuses an
 * out-of-range write with EINVAL and leaves the old value in place, and
 * holds exactly one number (ipv4alt_parse_one()).
 */

#include <linux/mutex.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "dev.h"
#include "ipv4alt.h"
#include "netns.h"
#include "reasm.h"
#include "sysctl.h"

static int ipv4alt_ttl_max = 255;
/* ipfrag_time is kept in seconds and used as seconds * HZ. */
static int ipv4alt_ipfrag_time_max = INT_MAX / HZ;
static int ipv4alt_ipfrag_max_frags_max = IPV4ALT_IPFRAG_MAX_FRAGS_LIMIT;

/*
 * proc_dointvec_minmax() stores the first number of "5 6" and leaves the
 * rest unread. Parse into @val instead and refuse anything after the
 * number with EINVAL, so that a knob changes only for a whole valid input.
 */
static int ipv4alt_parse_one(ipv4alt_ctl_table *table, int write,
			     void *buffer, size_t *lenp, loff_t *ppos,
			     int *val)
{
	struct ctl_table tmp = *table;
	size_t len = *lenp;
	int ret;

	/* The parser reads one page at most, and would miss what follows. */
	if (write && len >= PAGE_SIZE)
		return -EINVAL;
	*val = READ_ONCE(*(int *)table->data);
	tmp.data = val;
	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (write && !ret && *lenp != len)
		ret = -EINVAL;
	return ret;
}

static int ipv4alt_proc_int(ipv4alt_ctl_table *table, int write,
			    void *buffer, size_t *lenp, loff_t *ppos)
{
	int val, ret;

	ret = ipv4alt_parse_one(table, write, buffer, lenp, ppos, &val);
	if (write && !ret)
		/* Read locklessly on the packet path. */
		WRITE_ONCE(*(int *)table->data, val);
	return ret;
}

/* Serialises writers of the two thresholds, so that each checks the other. */
static DEFINE_MUTEX(ipv4alt_thresh_mutex);

/*
 * ipfrag_high_thresh and ipfrag_low_thresh: eviction runs from above high
 * down to low, so a high below low is refused with EINVAL, as is a value
 * <= 0, and the old value stays.
 */
static int ipv4alt_thresh_write(ipv4alt_ctl_table *table, int write,
				void *buffer, size_t *lenp, loff_t *ppos,
				struct ipv4alt_net *pn, bool high)
{
	int *knob = table->data;
	int val, ret;

	ret = ipv4alt_parse_one(table, write, buffer, lenp, ppos, &val);
	if (!write || ret)
		return ret;

	mutex_lock(&ipv4alt_thresh_mutex);
	if (high ? val < READ_ONCE(pn->ipfrag_low_thresh) :
		   val > READ_ONCE(pn->ipfrag_high_thresh))
		ret = -EINVAL;
	else
		/* Read locklessly by reasm.c's eviction. */
		WRITE_ONCE(*knob, val);
	mutex_unlock(&ipv4alt_thresh_mutex);
	return ret;
}

static int ipv4alt_high_thresh_handler(ipv4alt_ctl_table *table, int write,
				       void *buffer, size_t *lenp,
				       loff_t *ppos)
{
	struct ipv4alt_net *pn = container_of(table->data, struct ipv4alt_net,
					      ipfrag_high_thresh);

	return ipv4alt_thresh_write(table, write, buffer, lenp, ppos, pn, true);
}

static int ipv4alt_low_thresh_handler(ipv4alt_ctl_table *table, int write,
				      void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ipv4alt_net *pn = container_of(table->data, struct ipv4alt_net,
					      ipfrag_low_thresh);

	return ipv4alt_thresh_write(table, write, buffer, lenp, ppos, pn,
				    false);
}

static struct ctl_table ipv4alt_net_table[] = {
	{
		.procname	= "default_ttl",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_proc_int,
		.extra1		= SYSCTL_ONE,
		.extra2		= &ipv4alt_ttl_max,
	},
	{
		.procname	= "forwarding",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_proc_int,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "ipfrag_time",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_proc_int,
		.extra1		= SYSCTL_ONE,
		.extra2		= &ipv4alt_ipfrag_time_max,
	},
	{
		.procname	= "ipfrag_high_thresh",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_high_thresh_handler,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "ipfrag_low_thresh",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_low_thresh_handler,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "ipfrag_max_frags",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_proc_int,
		.extra1		= SYSCTL_ONE,
		.extra2		= &ipv4alt_ipfrag_max_frags_max,
	},
	{ }
};

/*
 * conf.default.enabled=1 selects every device that appears later, so it
 * needs what selecting one does (ipv4alt_may_select()).
 */
static int ipv4alt_default_enabled_handler(ipv4alt_ctl_table *table,
					   int write, void *buffer,
					   size_t *lenp, loff_t *ppos)
{
	struct ipv4alt_net *pn = container_of(table->data, struct ipv4alt_net,
					      default_enabled);
	int val, ret;

	ret = ipv4alt_parse_one(table, write, buffer, lenp, ppos, &val);
	if (!write || ret)
		return ret;
	if (val && !ipv4alt_may_select(pn->net, NULL))
		return -EPERM;
	/* Read by ipv4alt_dev_register() and by new netns. */
	WRITE_ONCE(pn->default_enabled, val);
	return 0;
}

static struct ctl_table ipv4alt_default_table[] = {
	{
		.procname	= "enabled",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_default_enabled_handler,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "forwarding",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_proc_int,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{ }
};

/*
 * conf.<dev>.enabled: attaching to a device needs RTNL. Take it with a
 * trylock, as devinet_sysctl_forward() does: unregistering this table under
 * RTNL waits for running handlers, so blocking here could deadlock.
 */
static int ipv4alt_enabled_handler(ipv4alt_ctl_table *table, int write,
				   void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ipv4alt_dev *idev = container_of(table->data, struct ipv4alt_dev,
						enabled);
	size_t len = *lenp;
	loff_t pos = *ppos;
	int val, ret;

	ret = ipv4alt_parse_one(table, write, buffer, lenp, ppos, &val);
	if (!write || ret)
		return ret;
	if (val && !ipv4alt_may_select(dev_net(idev->dev), idev->dev))
		return -EPERM;

	if (!rtnl_trylock()) {
		*lenp = len;
		*ppos = pos;
		return restart_syscall();
	}
	ret = ipv4alt_dev_set_enabled(idev, val);
	/* Chosen now, so kept when a bridge takes it (NETDEV_JOIN). */
	if (!ret)
		idev->by_default = false;
	rtnl_unlock();
	return ret;
}

static const struct ctl_table ipv4alt_dev_template[] = {
	{
		.procname	= "enabled",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_enabled_handler,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		/* Read per packet: a write applies to the next one. */
		.procname	= "forwarding",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ipv4alt_proc_int,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
};

/**
 * ipv4alt_sysctl_dev_register() - add net.ipv4alt.conf.<dev>
 * @idev: the device; its current name names the directory
 *
 * Called under RTNL, at registration and after a rename.
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_sysctl_dev_register(struct ipv4alt_dev *idev)
{
	char path[sizeof("net/ipv4alt/conf/") + IFNAMSIZ];

	BUILD_BUG_ON(ARRAY_SIZE(idev->table) !=
		     ARRAY_SIZE(ipv4alt_dev_template) + 1);
	memset(idev->table, 0, sizeof(idev->table));
	memcpy(idev->table, ipv4alt_dev_template,
	       sizeof(ipv4alt_dev_template));
	idev->table[0].data = &idev->enabled;
	idev->table[1].data = &idev->forwarding;

	snprintf(path, sizeof(path), "net/ipv4alt/conf/%s", idev->dev->name);
	idev->sysctl_hdr = ipv4alt_register_net_sysctl(dev_net(idev->dev), path,
						       idev->table,
						       ARRAY_SIZE(ipv4alt_dev_template));
	return idev->sysctl_hdr ? 0 : -ENOMEM;
}

/**
 * ipv4alt_sysctl_dev_unregister() - remove net.ipv4alt.conf.<dev>
 * @idev: the device
 *
 * Waits for handlers still running on the table.
 */
void ipv4alt_sysctl_dev_unregister(struct ipv4alt_dev *idev)
{
	if (idev->sysctl_hdr)
		unregister_net_sysctl_table(idev->sysctl_hdr);
	idev->sysctl_hdr = NULL;
}

/**
 * ipv4alt_sysctl_net_init() - register the global and conf.default tables
 * @pn: netns state
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_sysctl_net_init(struct ipv4alt_net *pn)
{
	struct ctl_table *tbl, *dflt;

	tbl = kmemdup(ipv4alt_net_table, sizeof(ipv4alt_net_table), GFP_KERNEL);
	if (!tbl)
		goto err_tbl;
	tbl[0].data = &pn->default_ttl;
	tbl[1].data = &pn->forwarding;
	tbl[2].data = &pn->ipfrag_time;
	tbl[3].data = &pn->ipfrag_high_thresh;
	tbl[4].data = &pn->ipfrag_low_thresh;
	tbl[5].data = &pn->ipfrag_max_frags;

	dflt = kmemdup(ipv4alt_default_table, sizeof(ipv4alt_default_table),
		       GFP_KERNEL);
	if (!dflt)
		goto err_dflt;
	dflt[0].data = &pn->default_enabled;
	dflt[1].data = &pn->default_forwarding;

	pn->sysctl_hdr = ipv4alt_register_net_sysctl(pn->net, "net/ipv4alt", tbl,
						     ARRAY_SIZE(ipv4alt_net_table) - 1);
	if (!pn->sysctl_hdr)
		goto err_reg;
	pn->default_hdr = ipv4alt_register_net_sysctl(pn->net,
						      "net/ipv4alt/conf/default",
						      dflt,
						      ARRAY_SIZE(ipv4alt_default_table) - 1);
	if (!pn->default_hdr)
		goto err_reg_dflt;
	return 0;

err_reg_dflt:
	unregister_net_sysctl_table(pn->sysctl_hdr);
err_reg:
	kfree(dflt);
err_dflt:
	kfree(tbl);
err_tbl:
	return -ENOMEM;
}

/**
 * ipv4alt_sysctl_net_exit() - unregister and free the tables of a netns
 * @pn: netns state
 */
void ipv4alt_sysctl_net_exit(struct ipv4alt_net *pn)
{
	const struct ctl_table *tbl = pn->sysctl_hdr->ctl_table_arg;
	const struct ctl_table *dflt = pn->default_hdr->ctl_table_arg;

	unregister_net_sysctl_table(pn->default_hdr);
	unregister_net_sysctl_table(pn->sysctl_hdr);
	kfree(dflt);
	kfree(tbl);
}
