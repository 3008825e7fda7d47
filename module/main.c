// SPDX-License-Identifier: GPL-2.0
/*
 * ipv4alt: an alternative IPv4 layer for selected network devices.
 *
 * Init ladder and module parameters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
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

static int __init ipv4alt_init(void)
{
	int err;

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
