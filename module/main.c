// SPDX-License-Identifier: GPL-2.0
/*
 * ipv4alt: an alternative IPv4 layer for selected network devices.
 *
 * Init ladder and module parameters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "dev.h"
#include "ipid.h"
#include "main.h"
#include "netns.h"

/* module/Kbuild passes the version from git or the VERSION file. */
#ifndef IPV4ALT_VERSION
#define IPV4ALT_VERSION "unknown"
#endif

static unsigned int ipid_buckets;

/*
 * kstrtouint() says ERANGE for a number past 32 bits and EINVAL for the
 * rest; the value is invalid either way, and the documentation promises
 * EINVAL for every refused value.
 */
static int ipv4alt_param_set_ipid_buckets(const char *val,
					  const struct kernel_param *kp)
{
	return param_set_uint(val, kp) ? -EINVAL : 0;
}

static const struct kernel_param_ops ipv4alt_ipid_buckets_ops = {
	.set = ipv4alt_param_set_ipid_buckets,
	.get = param_get_uint,
};

module_param_cb(ipid_buckets, &ipv4alt_ipid_buckets_ops, &ipid_buckets, 0444);
/* modinfo shows the type, as module_param() would. */
__MODULE_PARM_TYPE(ipid_buckets, "uint");
MODULE_PARM_DESC(ipid_buckets,
		 "IP ID buckets, shared by all netns: 0 (default) sizes by RAM like Linux (one per 64 KiB, 2048 to 262144); otherwise a power of two from 2048 to 4194304, anything else refuses to load");

/* "" rather than NULL, so that sysfs shows an empty value, not "(null)". */
static char *devices = "";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices,
		 "Comma-separated names of devices in the initial netns to select, now or when they appear (white space around a name is ignored; at most 1024 bytes)");

static bool userns;
module_param(userns, bool, 0644);
MODULE_PARM_DESC(userns,
		 "Let root of a user namespace select devices (conf.*.enabled=1) in the netns it owns; default N: only CAP_NET_ADMIN in the initial user namespace selects");

/**
 * ipv4alt_userns_allowed() - may a user namespace's root select devices?
 *
 * Return: the userns= module parameter, which root may change at any time
 * through /sys/module/ipv4alt/parameters/userns.
 */
bool ipv4alt_userns_allowed(void)
{
	return READ_ONCE(userns);
}

/*
 * The element of devices= that starts at @p, without the white space
 * around it (a quoted "a, b" means a and b). Returns the ',' or NUL that
 * ends it.
 */
static const char *ipv4alt_param_elem(const char *p, const char **name,
				      size_t *len)
{
	const char *end = strchrnul(p, ',');
	const char *e = end;

	p = skip_spaces(p);
	while (e > p && isspace(e[-1]))
		e--;
	*name = p;
	*len = e - p;
	return end;
}

/**
 * ipv4alt_param_selects() - is @name listed in the devices= parameter?
 * @name: a device name
 *
 * Return: true if @name is one of the comma-separated entries, white
 * space around an entry aside.
 */
bool ipv4alt_param_selects(const char *name)
{
	size_t nlen = strlen(name);
	const char *p = devices;

	while (p && *p) {
		const char *elem, *end;
		size_t len;

		end = ipv4alt_param_elem(p, &elem, &len);
		if (len == nlen && !strncmp(elem, name, len))
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/* Was the element that ends before @p listed before, white space aside? */
static bool __init ipv4alt_param_listed_before(const char *p,
					       const char *name, size_t len)
{
	const char *q = devices;

	while (q < p) {
		const char *elem, *end;
		size_t elen;

		end = ipv4alt_param_elem(q, &elem, &elen);
		if (end >= p)
			break;
		if (elen == len && !strncmp(elem, name, len))
			return true;
		q = end + 1;
	}
	return false;
}

/*
 * Says which elements of devices= can never name a device, or name the
 * loopback device, which is never selected. They select nothing
 * (ipv4alt_param_selects() compares whole names, and loopback is never
 * tracked), so the load goes on and the valid names are taken.
 */
static void __init ipv4alt_check_devices(void)
{
	const char *p = devices;
	unsigned int n = 0;

	if (!p || !*p)
		return;
	/* Every element counts, including an empty last one ("vd,"). */
	while (p) {
		char name[IFNAMSIZ] = "";
		struct net_device *dev;
		const char *why = NULL;
		const char *elem, *end;
		size_t len;

		end = ipv4alt_param_elem(p, &elem, &len);
		n++;
		if (len < IFNAMSIZ)
			memcpy(name, elem, len);
		if (!len)
			why = "empty";
		else if (len >= IFNAMSIZ)
			why = "too long: a device name has at most 15 bytes";
		else if (!dev_valid_name(name))
			why = "not a valid device name";
		else if (ipv4alt_param_listed_before(p, elem, len))
			why = "listed twice";
		if (!why) {
			rcu_read_lock();
			dev = dev_get_by_name_rcu(&init_net, name);
			if (dev && (dev->flags & IFF_LOOPBACK))
				why = "the loopback device is never selected";
			rcu_read_unlock();
		}
		/* Escaped and cut short: the parameter is user input. */
		if (why)
			pr_warn("devices=: element %u \"%*pE%s\" ignored: %s\n",
				n, (int)min_t(size_t, len, 2 * IFNAMSIZ), elem,
				len > 2 * IFNAMSIZ ? "..." : "", why);
		p = *end ? end + 1 : NULL;
	}
}

static int __init ipv4alt_init(void)
{
	int err;

	ipv4alt_check_devices();
	err = ipv4alt_ipid_init(ipid_buckets);
	if (err)
		goto err_ipid;
	err = ipv4alt_netns_init();
	if (err)
		goto err_netns;
	err = ipv4alt_dev_init();
	if (err)
		goto err_dev;
	pr_info("alternative IPv4 layer " IPV4ALT_VERSION " loaded\n");
	return 0;

err_dev:
	ipv4alt_netns_exit();
err_netns:
	ipv4alt_ipid_exit();
err_ipid:
	return err;
}

static void __exit ipv4alt_exit(void)
{
	ipv4alt_dev_exit();
	ipv4alt_netns_exit();
	ipv4alt_ipid_exit();
	pr_info("unloaded\n");
}

module_init(ipv4alt_init);
module_exit(ipv4alt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Alternative IPv4 network layer for selected devices");
MODULE_AUTHOR("The ipv4alt developers");
MODULE_VERSION(IPV4ALT_VERSION);
