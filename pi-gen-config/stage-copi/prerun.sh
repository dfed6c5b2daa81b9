#!/bin/bash -e
# pi-gen: this stage starts from stage2's root file system (Raspberry Pi OS Lite) unless it was already copied.
if [ ! -d "${ROOTFS_DIR}" ]; then
	copy_previous
fi
