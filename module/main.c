// SPDX-License-Identifier: GPL-2.0
/*
 * ipv4alt: an alternative IPv4 layer for selected network devices.
 *
 * Init ladder and module parameters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/string.h>

#include "ipv4alt.h"

/* module/Kbuild passes the version from git or the VERSION file. */
#ifndef IPV4ALT_VERSION
#define IPV4ALT_VERSION "unknown"
#endif

static unsigned int ipid_buckets;
module_param(ipid_buckets, uint, 0444);
MODULE_PARM_DESC(ipid_buckets,
		 "IP ID buckets, shared by all netns: 0 (default) sizes by RAM like Linux (one per 64 KiB, 2048 to 262144); otherwise a power of two from 2048 to 4194304, anything else refuses to load");

static char *devices;
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices,
		 "Comma-separated names of devices in the initial netns to select, now or when they appear");

/**
 * ipv4alt_param_selects() - is @name listed in the devices= parameter?
 * @name: a device name
 *
 * Return: true if @name is one of the comma-separated entries.
 */
bool ipv4alt_param_selects(const char *name)
{
	size_t len = strlen(name);
	const char *p = devices;

	while (p && *p) {
		const char *end = strchrnul(p, ',');

		if (end - p == len && !strncmp(p, name, len))
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/*
 * Says which elements of devices= can never name a device. They select
 * nothing (ipv4alt_param_selects() compares whole names), so the load goes
 * on and the valid names are taken.
 */
static void __init ipv4alt_check_devices(void)
{
	const char *p = devices;
	unsigned int n = 0;

	if (!p || !*p)
		return;
	/* Every element counts, including an empty last one ("vd,"). */
	while (p) {
		const char *end = strchrnul(p, ',');
		size_t len = end - p;
		char name[IFNAMSIZ] = "";
		const char *why = NULL;
		const char *q;

		n++;
		if (len < IFNAMSIZ)
			memcpy(name, p, len);
		if (!len)
			why = "empty";
		else if (len >= IFNAMSIZ)
			why = "too long: a device name has at most 15 bytes";
		else if (!dev_valid_name(name))
			why = "not a valid device name";
		for (q = devices; !why && q < p; q = strchrnul(q, ',') + 1)
			if (strchrnul(q, ',') - q == len && !strncmp(q, p, len))
				why = "listed twice";
		/* Escaped and cut short: the parameter is user input. */
		if (why)
			pr_warn("devices=: element %u \"%*pE%s\" ignored: %s\n",
				n, (int)min_t(size_t, len, 2 * IFNAMSIZ), p,
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
