#!/bin/bash
# A Debian trixie root file system for the box's architecture, the closest thing to pi-gen's Raspberry Pi OS
# Lite this machine can build (the Raspberry Pi OS archive is out of reach): minbase + systemd + the stage's own
# 00-packages, plus a kernel and an initramfs when it is to be booted under qemu. Prints the path of a tarball.
#   rootfs.sh arm64|amd64 [--bootable]
# Building arm64 runs every package's install scripts under qemu-user (about 17 minutes on 2 cores), so the
# tarball is cached under a key of everything that goes into it, and so are the downloaded .debs.
#   COPI_IMAGE_CACHE  cache folder (default ~/.cache/copi-image)
set -euo pipefail

arch=${1:?usage: rootfs.sh arm64|amd64 [--bootable]}
bootable=${2:-}
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
cache=${COPI_IMAGE_CACHE:-${HOME}/.cache/copi-image}
stage_packages="${here}/../pi-gen-config/stage-copi/00-copi/00-packages"
release=trixie

case "${arch}" in
	arm64 | amd64) ;;
	*) echo "rootfs.sh: architecture '${arch}' is neither arm64 nor amd64" >&2; exit 2 ;;
esac

# What pi-gen's stages 0-2 give that the stage relies on, then the stage's packages, read from its own file.
packages="systemd systemd-sysv udev iproute2 ca-certificates $(grep -v '^\s*#' "${stage_packages}" | tr '\n' ' ')"
if [ "${bootable}" = --bootable ]; then
	packages="${packages} linux-image-${arch} initramfs-tools zstd"
fi
include=$(echo "${packages}" | xargs -n1 | sort -u | paste -sd, -)

key=$(printf '%s\n' "${arch}" "${release}" "${include}" "$(cat "${BASH_SOURCE[0]}")" | sha256sum | cut -c1-16)
flavour="${release}-${arch}${bootable:+-bootable}"
tarball="${cache}/rootfs-${flavour}-${key}.tar"
if [ -f "${tarball}" ]; then
	echo "${tarball}"
	exit 0
fi

debs="${cache}/debs-${arch}"
mkdir -p "${debs}"
partial="${tarball}.partial"
rm -f "${partial}"
# Logs go to stderr; stdout carries only the tarball's path. The hooks' "$1" is the root, set by mmdebstrap.
# shellcheck disable=SC2016
mmdebstrap --arch="${arch}" --variant=minbase --mode=root --include="${include}" \
	--skip=download/empty --skip=essential/unlink \
	--setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
	--setup-hook="sync-in '${debs}' /var/cache/apt/archives/" \
	--customize-hook="sync-out /var/cache/apt/archives '${debs}'" \
	--format=tar "${release}" "${partial}" >&2
mv "${partial}" "${tarball}"
# Older tarballs of this flavour were made from other inputs: only the newest is kept.
find "${cache}" -maxdepth 1 -regex ".*/rootfs-${flavour}-[0-9a-f]+\.tar" ! -name "$(basename "${tarball}")" -delete
echo "${tarball}"
