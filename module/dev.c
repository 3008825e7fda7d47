// SPDX-License-Identifier: GPL-2.0
/*
 * Selecting devices: the netdevice notifier, and attaching to and detaching
 * from a device's receive path.
 *
 * ipv4alt takes a device over through its rx_handler, the hook bridge,
 * macvlan and ipvlan use. A packet_type handler for ETH_P_IP would only run
 * beside ip_rcv(), never instead of it. A device has one rx_handler, so a
 * bridge port or bond slave cannot be selected, and a selected device
 * cannot become one.
 */

#include <linux/err.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dev.h"
#include "input.h"
#include "ipv4alt.h"
#include "main.h"
#include "netns.h"
#include "sysctl.h"

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
		ipv4alt_log(KERN_INFO, dev_net(dev), dev, "released");
		return 0;
	}

	err = netdev_rx_handler_register(dev, ipv4alt_handle_frame, idev);
	if (err == -EINVAL && netif_is_l3_master(dev)) {
		/* IFF_NO_RX_HANDLER: l3mdev_ip_rcv() hands it the slaves'. */
		ipv4alt_log(KERN_ERR, dev_net(dev), dev,
			    "cannot select a VRF device: it receives nothing itself; select its slaves");
		return err;
	}
	if (err) {
		ipv4alt_log(KERN_ERR, dev_net(dev), dev,
			    "cannot select: the device already has an rx_handler (bridge port, bond slave, macvlan lower or similar) (%pe)",
			    ERR_PTR(err));
		return err;
	}
	WRITE_ONCE(idev->enabled, 1);
	ipv4alt_log(KERN_INFO, dev_net(dev), dev, "selected");
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

/* Does devices= name this device? */
static bool ipv4alt_dev_listed(struct ipv4alt_net *pn,
			       const struct net_device *dev)
{
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
		ipv4alt_log(KERN_WARNING, dev_net(dev), dev,
			    "no conf.%s sysctl directory", dev->name);
	list_add(&idev->list, &pn->devs);

	if (ipv4alt_dev_listed(pn, dev)) {
		ipv4alt_dev_set_enabled(idev, true);
	} else if (READ_ONCE(pn->default_enabled)) {
		ipv4alt_dev_set_enabled(idev, true);
		idev->by_default = true;
	}
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
		ipv4alt_log(KERN_WARNING, dev_net(dev), dev,
			    "no conf.%s sysctl directory", dev->name);
	/* devices= names are taken whenever a device comes to bear one. */
	if (ipv4alt_dev_listed(pn, dev) &&
	    !ipv4alt_dev_set_enabled(idev, true))
		idev->by_default = false;
}

/*
 * Uppers that take their lower device's rx_handler, which a selected
 * device has given to ipv4alt: bridge, bond, team, Open vSwitch, failover,
 * macvlan, macsec, ipvlan and hsr. Other uppers need no rx_handler and
 * stay allowed: VLAN, VRF (l3mdev_ip_rcv() takes the slaves' datagrams),
 * DSA, batman-adv.
 */
static bool ipv4alt_upper_takes_rx_handler(const struct net_device *upper)
{
	static const char * const kinds[] = { "hsr", "ipvlan", "ipvtap" };
	const struct rtnl_link_ops *ops = upper->rtnl_link_ops;
	unsigned int i;

	if (netif_is_bridge_master(upper) || netif_is_bond_master(upper) ||
	    netif_is_team_master(upper) || netif_is_ovs_master(upper) ||
	    netif_is_failover(upper) || netif_is_macvlan(upper) ||
	    netif_is_macsec(upper))
		return true;
	for (i = 0; ops && i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(ops->kind, kinds[i]))
			return true;
	return false;
}

/*
 * NETDEV_PRECHANGEUPPER: refuse an upper that needs the rx_handler of a
 * selected device, with a reason. Only uppers that link before they
 * register their rx_handler get here (hsr, Open vSwitch); the others fail
 * in netdev_rx_handler_register() first, with a bare EBUSY.
 */
static int ipv4alt_dev_prechangeupper(struct net_device *dev,
				      struct netdev_notifier_changeupper_info *info)
{
	struct netlink_ext_ack *extack;
	struct ipv4alt_dev *idev;

	if (!info->linking || !ipv4alt_upper_takes_rx_handler(info->upper_dev))
		return 0;
	idev = ipv4alt_dev_find(ipv4alt_pernet(dev_net(dev)), dev);
	if (!idev || !idev->enabled)
		return 0;
	extack = netdev_notifier_info_to_extack(&info->info);
	if (extack) {
#ifdef NL_SET_ERR_MSG_FMT
		NL_SET_ERR_MSG_FMT(extack,
				   "selected by ipv4alt; release it with net.ipv4alt.conf.%s.enabled=0",
				   dev->name);
#else
		NL_SET_ERR_MSG(extack,
			       "selected by ipv4alt; release it with net.ipv4alt.conf.<dev>.enabled=0");
#endif
	} else {
		ipv4alt_log(KERN_ERR, dev_net(dev), dev,
			    "cannot be linked to %s: selected by ipv4alt; release it with net.ipv4alt.conf.%s.enabled=0",
			    info->upper_dev->name, dev->name);
	}
	return -EBUSY;
}

/*
 * NETDEV_JOIN: a bridge is taking @dev. It registers its rx_handler right
 * after, which fails with a bare EBUSY on a selected device, and passes
 * no extack. A device that conf.default.enabled selected is released
 * instead: a bridge port has no IPv4 layer of its own, the bridge device
 * has (and is selected in turn). One selected on purpose stays, and the
 * log says why the bridge fails. (A bond sends it too, but checks the
 * rx_handler first and answers "Device is in use and cannot be
 * enslaved".)
 */
static void ipv4alt_dev_join(struct net_device *dev)
{
	struct ipv4alt_dev *idev;

	idev = ipv4alt_dev_find(ipv4alt_pernet(dev_net(dev)), dev);
	if (!idev || !idev->enabled)
		return;
	if (idev->by_default) {
		ipv4alt_log(KERN_INFO, dev_net(dev), dev,
			    "becomes a bridge port: released, as only conf.default.enabled selected it");
		ipv4alt_dev_set_enabled(idev, false);
		return;
	}
	ipv4alt_log(KERN_ERR, dev_net(dev), dev,
		    "cannot be a bridge port or bond slave: selected by ipv4alt; release it with net.ipv4alt.conf.%s.enabled=0",
		    dev->name);
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
	case NETDEV_PRECHANGEUPPER:
		return notifier_from_errno(ipv4alt_dev_prechangeupper(dev, ptr));
	case NETDEV_JOIN:
		ipv4alt_dev_join(dev);
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
