#!/bin/bash
# Runs a command inside a root file system as pi-gen's on_chroot does: /proc, /sys, /dev and a fresh /run
# mounted for the command's lifetime, unmounted after, whatever the outcome. Stdin is the command's.
#   in-root.sh ROOTFS_DIR COMMAND [ARG...]
set -euo pipefail

root=$(cd -- "${1:?usage: in-root.sh ROOTFS_DIR COMMAND [ARG...]}" && pwd)
shift

mounted=()
# shellcheck disable=SC2317 # called by the EXIT trap
unmount_all() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" || true; done
}
trap unmount_all EXIT

mkdir -p "${root}/proc" "${root}/sys" "${root}/dev" "${root}/run"
mount -t proc proc "${root}/proc" && mounted+=("${root}/proc")
mount --rbind /sys "${root}/sys" && mounted+=("${root}/sys")
mount --make-rslave "${root}/sys"
mount --rbind /dev "${root}/dev" && mounted+=("${root}/dev")
mount --make-rslave "${root}/dev"
mount -t tmpfs tmpfs "${root}/run" && mounted+=("${root}/run")

status=0
chroot "${root}" "$@" || status=$?
exit "${status}"
