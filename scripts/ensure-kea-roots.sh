#!/usr/bin/env bash
# Makes the minimal Debian roots that hold the newer real Kea servers the integration tests run
# against, when they are missing, and reuses them when present:
#   trixie -> Kea 2.6.x (kea-dhcp4 behind kea-ctrl-agent, as with 2.2)
#   sid    -> Kea 3.0.x (kea-dhcp4 answers on its own HTTP control socket; no agent needed)
# The servers are run with `chroot ROOT kea-dhcp4 …` on loopback (chroot execs, so the PID is the
# server's). Recipe and caveats: shared/reference/real-servers.md, "Newer Kea".
# Needs root (debootstrap, chroot). Prints "ROOT_DIR VERSION" per root on success.
set -euo pipefail

base=${FAILOVER_KEA_ROOTS:-/var/cache/failover-kea-roots}
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(trixie sid)

if [ "$(id -u)" != 0 ]; then
  echo "ensure-kea-roots: needs root to make the Debian roots under $base" >&2
  exit 1
fi
# the archive this machine's apt uses (the only one reachable here)
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '/^deb / && $2 ~ /debian$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || { echo "ensure-kea-roots: no Debian archive found in apt's sources" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null 2>&1; then
  { apt-get -o DPkg::Lock::Timeout=600 update -q &&
    apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends debootstrap; } > "${TMPDIR:-/tmp}/ensure-kea-roots.apt.log" 2>&1 \
    || { tail -n 30 "${TMPDIR:-/tmp}/ensure-kea-roots.apt.log" >&2; exit 1; }
fi

unmount_inside() { # every mount below a root, deepest first
  { findmnt -rn -o TARGET || true; } | { grep -E "^$1/" || true; } | sort -r | xargs -r -n 1 umount -l
}

mkdir -p "$base"
exec 9>"$base/.lock"
flock -w 1800 9   # two builds on one machine make a root once

for suite in "${suites[@]}"; do
  root="$base/$suite"
  if [ ! -x "$root/usr/sbin/kea-dhcp4" ] || [ ! -f "$root/.failover-ready" ]; then
    echo "ensure-kea-roots: making $root ($suite) from $mirror"
    # a run that died half-way may have left /proc or /sys mounted inside: never delete through them
    unmount_inside "$root"
    rm -rf --one-file-system "$root"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$base/$suite.debootstrap.log" 2>&1 \
      || { tail -n 30 "$base/$suite.debootstrap.log" >&2; exit 1; }
    # services in the root must not start on install; the tests start their own servers
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    # the packages' maintainer scripts (systemd-tmpfiles in kea-common) need /proc
    mount -t proc proc "$root/proc"
    trap 'unmount_inside "$root"' EXIT
    chroot "$root" bash -c 'apt-get -q -o Acquire::Check-Valid-Until=false update &&
      DEBIAN_FRONTEND=noninteractive apt-get -q -o Acquire::Check-Valid-Until=false install -y --no-install-recommends kea-dhcp4-server kea-ctrl-agent' \
      > "$base/$suite.apt.log" 2>&1 || { tail -n 30 "$base/$suite.apt.log" >&2; exit 1; }
    unmount_inside "$root"
    trap - EXIT
    touch "$root/.failover-ready"
  fi
  # Debian's 2.6.3 and 3.0.x accept sockets only in /run/kea, leases only in /var/lib/kea and
  # log files only in /var/log/kea, each a directory with mode 750 (refused at start otherwise)
  mkdir -p "$root/run/kea" "$root/var/lib/kea" "$root/var/log/kea"
  chmod 750 "$root/run/kea" "$root/var/lib/kea" "$root/var/log/kea"
  echo "$root $(chroot "$root" kea-dhcp4 -v)"
done
