#!/usr/bin/env bash
# Measures the tool against a real Kea 2.2 HA pair on loopback: starts two kea-dhcp4 servers
# (hot-standby, no interface served) each behind its kea-ctrl-agent on a free 127.0.0.1 port,
# writes an inventory for them, waits (at most 60 s) until both are in hot-standby, then runs
# scripts/measure-cli-startup.sh on `failover -i INVENTORY status` (or the command given after
# --) and stops the four processes, whatever happens.
#
#   scripts/measure-cli-kea.sh [-n RUNS] [-- failover args...]
#
# FAILOVER_LAUNCHER names another launcher than failover-cli/bin/failover (to compare two builds).
# Needs kea-dhcp4 and kea-ctrl-agent (Debian: kea-dhcp4-server, kea-ctrl-agent) and a built jar.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=7
if [[ "${1:-}" == "-n" ]]; then
  runs="$2"
  shift 2
fi
[[ "${1:-}" == "--" ]] && shift
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(status)

hooks=$(dirname "$(find /usr/lib -name libdhcp_ha.so -path '*kea/hooks*' | head -n 1)")
if [[ -z "$hooks" || "$hooks" == . ]]; then
  echo "$0: Kea's HA hook (libdhcp_ha.so) is not installed" >&2
  exit 1
fi
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
ports=("" "$(free_port)" "$(free_port)")
export KEA_PIDFILE_DIR="$work" KEA_LOCKFILE_DIR="$work"
for n in 1 2; do
  cat >"$work/dhcp4-$n.json" <<EOF
{"Dhcp4": {
  "interfaces-config": {"interfaces": []},
  "control-socket": {"socket-type": "unix", "socket-name": "$work/kea$n.sock"},
  "lease-database": {"type": "memfile", "persist": true, "name": "$work/leases$n.csv", "lfc-interval": 0},
  "valid-lifetime": 7200,
  "hooks-libraries": [
    {"library": "$hooks/libdhcp_lease_cmds.so"},
    {"library": "$hooks/libdhcp_ha.so", "parameters": {"high-availability": [{
      "this-server-name": "server$n", "mode": "hot-standby",
      "heartbeat-delay": 1000, "max-response-delay": 2000, "max-ack-delay": 1000, "max-unacked-clients": 0,
      "peers": [
        {"name": "server1", "url": "http://127.0.0.1:${ports[1]}/", "role": "primary", "auto-failover": true},
        {"name": "server2", "url": "http://127.0.0.1:${ports[2]}/", "role": "standby", "auto-failover": true}]}]}}],
  "subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.100-192.0.2.200"}]}],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN", "output_options": [{"output": "$work/dhcp4-$n.log"}]}]
}}
EOF
  cat >"$work/agent-$n.json" <<EOF
{"Control-agent": {
  "http-host": "127.0.0.1", "http-port": ${ports[$n]},
  "control-sockets": {"dhcp4": {"socket-type": "unix", "socket-name": "$work/kea$n.sock"}},
  "loggers": [{"name": "kea-ctrl-agent", "severity": "WARN", "output_options": [{"output": "$work/agent-$n.log"}]}]
}}
EOF
  kea-dhcp4 -c "$work/dhcp4-$n.json" >"$work/dhcp4-$n.out" 2>&1 &
  pids+=($!)
  kea-ctrl-agent -c "$work/agent-$n.json" >"$work/agent-$n.out" 2>&1 &
  pids+=($!)
done
cat >"$work/inventory.yaml" <<EOF
servers:
  - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "http://127.0.0.1:${ports[1]}/"}
  - {id: kea-b, vendor: kea, address: 127.0.0.1, endpoint: "http://127.0.0.1:${ports[2]}/"}
principals:
  - {name: alice, roles: [dhcp-administrators]}
defaultPrincipal: alice
EOF
deadline=$(( $(date +%s) + 60 ))
for n in 1 2; do
  until curl -s -m 2 -X POST -H 'Content-Type: application/json' \
      -d '{"command": "ha-heartbeat", "service": ["dhcp4"]}' "http://127.0.0.1:${ports[$n]}/" \
      | grep -q '"hot-standby"'; do
    if (( $(date +%s) > deadline )); then
      echo "$0: server $n did not reach hot-standby within 60 s; logs in $work:" >&2
      cat "$work"/*.out >&2 || true
      exit 1
    fi
    sleep 0.5
  done
done
echo "real Kea pair: $(kea-dhcp4 -v) on 127.0.0.1:${ports[1]} and :${ports[2]}"
"$here/measure-cli-startup.sh" -n "$runs" -- "${FAILOVER_LAUNCHER:-$root/failover-cli/bin/failover}" -i "$work/inventory.yaml" "${args[@]}"
