#!/bin/bash -e
# CoPi stage, inside the image (pi-gen feeds this file to bash in the chroot; image-build/ does the same): the copi
# user and the units enabled for the next boot. Starts no daemon. Idempotent.
set -eu

# The copi system user from /usr/lib/sysusers.d/copi.conf (systemd also runs this at every boot).
systemd-sysusers

# Debian masks hostapd until it has a config; the access point's config is now there.
systemctl unmask hostapd.service
systemctl enable hostapd.service dnsmasq.service nftables.service systemd-networkd.service
# The access point starts whenever wlan0 appears (copi-wlan0.conf binds hostapd to it). By hand: offline,
# `systemctl add-wants` refuses a device unit that does not exist yet.
mkdir -p /etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants
ln -sfn /usr/lib/systemd/system/hostapd.service /etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants/hostapd.service
# fake-hwclock 0.13 (trixie) splits its unit: restore at boot, save hourly and at shutdown.
systemctl enable fake-hwclock-load.service fake-hwclock-save.timer systemd-timesyncd.service
systemctl enable copi.service copi-privileged.socket
