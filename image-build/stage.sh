#!/bin/bash
# Runs the CoPi pi-gen stage against a root file system the way pi-gen does: the host-side 00-run.sh with
# ROOTFS_DIR, then 00-run-chroot.sh fed to bash inside the root (in-root.sh, pi-gen's on_chroot). The same
# files pi-gen runs, so what image-build/ tests is what the image gets.
#   stage.sh ROOTFS_DIR BUNDLE_TARBALL
# Needs root; for a foreign architecture, binfmt with qemu-user (image-build/README.md).
set -euo pipefail

root=${1:?usage: stage.sh ROOTFS_DIR BUNDLE_TARBALL}
bundle=${2:?usage: stage.sh ROOTFS_DIR BUNDLE_TARBALL}
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
stage="${here}/../pi-gen-config/stage-copi/00-copi"

ROOTFS_DIR="${root}" COPI_BUNDLE="${bundle}" "${stage}/00-run.sh"
"${here}/in-root.sh" "${root}" /bin/bash -e < "${stage}/00-run-chroot.sh"
