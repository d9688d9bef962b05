#!/usr/bin/env bash
# Installs the real DHCP servers that the integration tests run against (ISC dhcpd 4.4 and
# Kea 2.2 from Debian's archive, with iproute2 and socat for the namespaces the dhcpd pair runs in,
# and OpenSSH's server that the dhcpd-over-SSH tests run in those namespaces),
# when they are missing. Called by the build before the
# integration tests of failover-isc and failover-kea; safe to run again; needs root to install.
# Services that the packages would start on install are kept from starting: the tests start
# their own servers, on loopback or in network namespaces they create.
set -euo pipefail

need=()
[ -x /usr/sbin/dhcpd ] || need+=(isc-dhcp-server)
[ -x /usr/sbin/kea-dhcp4 ] || need+=(kea-dhcp4-server)
[ -x /usr/sbin/kea-ctrl-agent ] || need+=(kea-ctrl-agent)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# the dhcpd pair tests reach OMAPI inside a network namespace through socat (RealDhcpdPair)
command -v socat >/dev/null 2>&1 || need+=(socat)
# the dhcpd-over-SSH tests run OpenSSH's server in each namespace (failover-isc RealSshDhcpdPair)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)

if [ ${#need[@]} -eq 0 ]; then
  echo "ensure-dhcp-servers: dhcpd, kea-dhcp4, kea-ctrl-agent, ip, socat and sshd are present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-dhcp-servers: missing ${need[*]}; run as root (or install them) so the integration tests can run" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

echo "ensure-dhcp-servers: installing ${need[*]}"
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}"
