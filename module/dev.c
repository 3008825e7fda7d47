// SPDX-License-Identifier: GPL-2.0
/*
 * Selecting devices: the netdevice notifier, and attaching to and detaching
 * from a device's receive path.
 *
 * ipv4alt takes a device over through its rx_handler, the hook bridge,
 * macvlan and ipvlan use. A packet_type handler for ETH_P_IP would only run
 * beside ip_rcv(), never instead of it. A device has one rx_handler, so a
 * bridge port or bond slave cannot be selected.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv4alt.h"

/**
 * ipv4alt_dev_set_enabled() - select or release a device
 * @idev: the device
 * @enable: select it if true, release it if false
 *
 * Called under RTNL.
 *
 * Return: 0, -EBUSY if the device already has another rx_handler, or
 * -EINVAL if it takes none (a VRF device).
 */
int ipv4alt_dev_set_enabled(struct ipv4alt_dev *idev, bool enable)
{
	struct net_device *dev = idev->dev;
	int err;

	ASSERT_RTNL();
	if (enable == !!idev->enabled)
		return 0;

	if (!enable) {
		/* Waits for readers in ipv4alt_handle_frame(). */
		netdev_rx_handler_unregister(dev);
		WRITE_ONCE(idev->enabled, 0);
		netdev_info(dev, "ipv4alt: released\n");
		return 0;
	}

	err = netdev_rx_handler_register(dev, ipv4alt_handle_frame, idev);
	if (err == -EINVAL && netif_is_l3_master(dev)) {
		/* IFF_NO_RX_HANDLER: l3mdev_ip_rcv() hands it the slaves'. */
		netdev_err(dev,
			   "ipv4alt: cannot select a VRF device: it receives nothing itself; select its slaves\n");
		return err;
	}
	if (err) {
		netdev_err(dev,
			   "ipv4alt: cannot select: the device already has an rx_handler (bridge port, bond slave, macvlan lower or similar) (%d)\n",
			   err);
		return err;
	}
	WRITE_ONCE(idev->enabled, 1);
	netdev_info(dev, "ipv4alt: selected\n");
	return 0;
}

static struct ipv4alt_dev *ipv4alt_dev_find(struct ipv4alt_net *pn,
					    const struct net_device *dev)
{
	struct ipv4alt_dev *idev;

	list_for_each_entry(idev, &pn->devs, list)
		if (idev->dev == dev)
			return idev;
	return NULL;
}

/* Should this device be selected as it appears under its current name? */
static bool ipv4alt_dev_wanted(struct ipv4alt_net *pn,
			       const struct net_device *dev)
{
	if (READ_ONCE(pn->default_enabled))
		return true;
	return net_eq(pn->net, &init_net) && ipv4alt_param_selects(dev->name);
}

static int ipv4alt_dev_register(struct net_device *dev)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(dev_net(dev));
	struct ipv4alt_dev *idev;

	if (dev->flags & IFF_LOOPBACK)
		return 0;

	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	idev->dev = dev;
	idev->pn = pn;
	idev->forwarding = READ_ONCE(pn->default_forwarding);
	/* A name that cannot be a sysctl directory (say "default") only
	 * loses its conf.<dev> table; the device itself works as before.
	 */
	if (ipv4alt_sysctl_dev_register(idev))
		netdev_warn(dev, "ipv4alt: no conf.%s sysctl directory\n",
			    dev->name);
	list_add(&idev->list, &pn->devs);

	if (ipv4alt_dev_wanted(pn, dev))
		ipv4alt_dev_set_enabled(idev, true);
	return 0;
}

static void ipv4alt_dev_unregister(struct net_device *dev)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(dev_net(dev));
	struct ipv4alt_dev *idev = ipv4alt_dev_find(pn, dev);

	if (!idev)
		return;
	ipv4alt_dev_set_enabled(idev, false);
	ipv4alt_sysctl_dev_unregister(idev);
	list_del(&idev->list);
	kfree(idev);
}

static void ipv4alt_dev_rename(struct net_device *dev)
{
	struct ipv4alt_net *pn = ipv4alt_pernet(dev_net(dev));
	struct ipv4alt_dev *idev = ipv4alt_dev_find(pn, dev);

	if (!idev)
		return;
	ipv4alt_sysctl_dev_unregister(idev);
	if (ipv4alt_sysctl_dev_register(idev))
		netdev_warn(dev, "ipv4alt: no conf.%s sysctl directory\n",
			    dev->name);
	/* devices= names are taken whenever a device comes to bear one. */
	if (net_eq(pn->net, &init_net) && ipv4alt_param_selects(dev->name))
		ipv4alt_dev_set_enabled(idev, true);
}

static int ipv4alt_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_REGISTER:
		return notifier_from_errno(ipv4alt_dev_register(dev));
	case NETDEV_CHANGENAME:
		ipv4alt_dev_rename(dev);
		break;
	case NETDEV_UNREGISTER:
		ipv4alt_dev_unregister(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block ipv4alt_netdev_notifier = {
	.notifier_call = ipv4alt_netdev_event,
};

/**
 * ipv4alt_dev_init() - start tracking devices in every netns
 *
 * Registering the notifier replays NETDEV_REGISTER for existing devices,
 * which selects those that devices= names.
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_dev_init(void)
{
	return register_netdevice_notifier(&ipv4alt_netdev_notifier);
}

/**
 * ipv4alt_dev_exit() - release every device
 *
 * Unregistering the notifier replays NETDEV_UNREGISTER for every device,
 * which detaches ipv4alt and frees its state.
 */
void ipv4alt_dev_exit(void)
{
	unregister_netdevice_notifier(&ipv4alt_netdev_notifier);
}
