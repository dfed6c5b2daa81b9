#!/bin/bash -e
# CoPi stage, host side (pi-gen runs it from this folder with ROOTFS_DIR set; image-build/ runs the same script):
# the release bundle into /opt/copi-releases/<version> with /opt/copi a link to it (app/update/ switches that
# link to install an update, and back to roll one back), the update key, the box's systemd and appliance files onto the image's root, and this
# stage's own files/. Idempotent: a second run leaves the same tree. Nothing runs inside the image here.
#   COPI_BUNDLE  the linux-arm64 release tarball (default: dist/copi-<version>-linux-arm64.tar.gz of the repo)
#   COPI_REPO    the CoPi repository (default: three folders up from this script)
#   COPI_UPDATE_KEY  the public key (PEM) that signs updates (npm run update-bundle -- --new-key DIR); unset:
#                the image accepts no updates, and its admin page says so
set -eu

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=${COPI_REPO:-$(cd -- "${here}/../../.." && pwd)}
root=${ROOTFS_DIR:?ROOTFS_DIR must name the image root file system}
version=$(sed -n 's/^  "version": "\([^"]*\)",$/\1/p' "${repo}/package.json")
bundle=${COPI_BUNDLE:-${repo}/dist/copi-${version}-linux-arm64.tar.gz}
if [ ! -f "${bundle}" ]; then
	echo "No CoPi bundle at ${bundle}: run 'npm run bundle -- --arch arm64' or set COPI_BUNDLE" >&2
	exit 1
fi

# Copies the files under the given top folders (etc, usr) of a tree laid out as on the box onto the image root:
# executables 0755, the rest 0644. Always through usr/lib, never lib/: the image is merged-/usr and /lib is a
# symlink there (see systemd/README.md).
install_tree() {
	local tree=$1 file
	shift
	while IFS= read -r -d '' file; do
		if [ -x "${tree}/${file}" ]; then
			install -D -m 0755 "${tree}/${file}" "${root}/${file}"
		else
			install -D -m 0644 "${tree}/${file}" "${root}/${file}"
		fi
	done < <(cd -- "${tree}" && find "$@" -type f -print0 | sort -z)
}

# The bundle becomes the only release, /opt/copi-releases/<version> (no file of an older release stays behind,
# nor an older release), checked before the swap; /opt/copi is a relative link to it.
staging="${root}/opt/.copi-new"
rm -rf "${staging}"
mkdir -p "${staging}"
tar -xzf "${bundle}" -C "${staging}" --no-same-owner
if [ ! -x "${staging}/copi/bin/copi" ]; then
	echo "${bundle} has no copi/bin/copi: not a CoPi bundle" >&2
	rm -rf "${staging}"
	exit 1
fi
release=$(sed -n 's/^  "version": "\([^"/]*\)",$/\1/p' "${staging}/copi/package.json")
if [ -z "${release}" ]; then
	echo "${bundle} has no version in copi/package.json: not a CoPi bundle" >&2
	rm -rf "${staging}"
	exit 1
fi
rm -rf "${root}/opt/copi-releases"
mkdir -p "${root}/opt/copi-releases"
mv "${staging}/copi" "${root}/opt/copi-releases/${release}"
rmdir "${staging}"
# A folder from an image built before releases, or the link: replaced by the link to this release.
rm -rf "${root}/opt/copi"
ln -s "copi-releases/${release}" "${root}/opt/copi"

# The key updates are checked with, outside /opt so that no update can replace it.
keys="${root}/usr/lib/copi/update-keys"
rm -f "${keys}/release.pub"
if [ -n "${COPI_UPDATE_KEY:-}" ]; then
	if ! grep -q '^-----BEGIN PUBLIC KEY-----$' "${COPI_UPDATE_KEY}" 2>/dev/null; then
		echo "COPI_UPDATE_KEY=${COPI_UPDATE_KEY} is not a PEM public key (npm run update-bundle -- --new-key DIR makes one)" >&2
		exit 1
	fi
	install -D -m 0644 "${COPI_UPDATE_KEY}" "${keys}/release.pub"
fi

install_tree "${repo}/systemd" usr
install_tree "${repo}/appliance" etc usr
install_tree "${here}/files" usr

# The wizard's setup code on the console's login screen while it exists (appliance/README.md); root reads it.
mkdir -p "${root}/etc/issue.d"
ln -sfn /var/lib/copi/setup-code.txt "${root}/etc/issue.d/copi-setup.issue"

# Without WPA_COUNTRY pi-gen tells NetworkManager to keep Wi-Fi off, which keeps the radio blocked. wlan0 is not
# NetworkManager's (copi-unmanaged.conf): radio on only lets hostapd use it, with hostapd.conf's country.
mkdir -p "${root}/var/lib/NetworkManager"
printf '[main]\nWirelessEnabled=true\n' > "${root}/var/lib/NetworkManager/NetworkManager.state"
