#!/usr/bin/env bash
# Keeps users' containers away from what Docker alone does not: the host's own
# addresses (spawner's port, Traefik, a Docker API on TCP, databases, sshd),
# the link-local range (cloud metadata at 169.254.169.254) and containers on
# spawner's other networks. Replies to connections opened towards a container
# (spawner's, Traefik's) still pass, and so does the internet for templates
# with `network: internet`.
#
#   deploy/firewall.sh apply     add the rules (again: it replaces its own)
#   deploy/firewall.sh remove    delete exactly what apply added
#   deploy/firewall.sh check     exit 0 when every rule is in place, 1 otherwise
#
# Run as root, after the Docker engine started (it creates the DOCKER-USER
# chain), and again after each boot (deploy/spawner-firewall.service does).
# The rules live in two chains of their own, entered only for packets from
# spawner's bridges (interfaces named spawner*, set by spawner when it creates
# its networks), so nothing else on the machine is affected:
#   INPUT       -i spawner+ -> SPAWNER-HOST       (IPv4 and IPv6)
#   DOCKER-USER -i spawner+ -> SPAWNER-ISOLATION  (IPv4; spawner's networks have no IPv6)
# Details: docs/security.md, "Container hardening and network rules".
#
# Environment:
#   SPAWNER_FIREWALL_ALLOW_DNS   IPv4 addresses of link-local DNS resolvers the
#                                containers may query on port 53 (e.g. on
#                                Google Cloud: 169.254.169.254), comma-separated
set -euo pipefail

BRIDGES='spawner+'
# The bridges of internal networks (templates with `network: none`): nothing
# leaves them but replies. Docker drops the rest silently; rejected, it fails at once.
INTERNAL_BRIDGES='spawner-int+'
HOST_CHAIN='SPAWNER-HOST'
FORWARD_CHAIN='SPAWNER-ISOLATION'

die() {
  printf 'firewall: %s\n' "$*" >&2
  exit 2
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
}

[ $# -eq 1 ] || usage
action=$1
case $action in apply | remove | check) ;; *) usage ;; esac

command -v iptables >/dev/null 2>&1 ||
  die "iptables is missing: apt-get install iptables (Docker's engine package depends on it)"
[ "$(id -u)" -eq 0 ] || die "run as root: the rules are the kernel's"

dns_servers=()
IFS=', ' read -r -a dns_servers <<<"${SPAWNER_FIREWALL_ALLOW_DNS:-}"
for dns in "${dns_servers[@]}"; do
  [[ $dns =~ ^169\.254\.[0-9]{1,3}\.[0-9]{1,3}$ ]] ||
    die "SPAWNER_FIREWALL_ALLOW_DNS: $dns is not a link-local IPv4 address (only those are blocked)"
done

has_ip6tables() { command -v ip6tables >/dev/null 2>&1 && ip6tables -w -S INPUT >/dev/null 2>&1; }

# Each rule, one per line: "<iptables|ip6tables> <chain> <rule...>", in order.
# The jumps come last: a chain is complete before anything enters it.
rules() {
  local dns proto
  echo "iptables $HOST_CHAIN -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
  echo "iptables $HOST_CHAIN -j REJECT --reject-with icmp-admin-prohibited"
  echo "iptables $FORWARD_CHAIN -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
  echo "iptables $FORWARD_CHAIN -i $INTERNAL_BRIDGES -j REJECT --reject-with icmp-admin-prohibited"
  for dns in "${dns_servers[@]}"; do
    for proto in udp tcp; do
      echo "iptables $FORWARD_CHAIN -d $dns/32 -p $proto -m $proto --dport 53 -j RETURN"
    done
  done
  # Cloud metadata and anything else link-local, routed through the host.
  echo "iptables $FORWARD_CHAIN -d 169.254.0.0/16 -j REJECT --reject-with icmp-admin-prohibited"
  # Another container on one of spawner's networks (the same one or another).
  echo "iptables $FORWARD_CHAIN -o $BRIDGES -j REJECT --reject-with icmp-admin-prohibited"
  # A port published on the host (by any container): the engine's DNAT sent it on.
  echo "iptables $FORWARD_CHAIN -m conntrack --ctstate DNAT -j REJECT --reject-with icmp-admin-prohibited"
  echo "iptables INPUT -i $BRIDGES -j $HOST_CHAIN"
  echo "iptables DOCKER-USER -i $BRIDGES -j $FORWARD_CHAIN"
  if has_ip6tables; then
    echo "ip6tables $HOST_CHAIN -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
    echo "ip6tables $HOST_CHAIN -j REJECT --reject-with icmp6-adm-prohibited"
    echo "ip6tables INPUT -i $BRIDGES -j $HOST_CHAIN"
  fi
}

chain_exists() { "$1" -w -S "$2" >/dev/null 2>&1; }

remove_rules() {
  local tool
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null 2>&1 || continue
    # Every copy of the jumps, in case apply ran twice without remove.
    while "$tool" -w -D INPUT -i "$BRIDGES" -j "$HOST_CHAIN" 2>/dev/null; do :; done
    while "$tool" -w -D DOCKER-USER -i "$BRIDGES" -j "$FORWARD_CHAIN" 2>/dev/null; do :; done
    for chain in "$HOST_CHAIN" "$FORWARD_CHAIN"; do
      if chain_exists "$tool" "$chain"; then
        "$tool" -w -F "$chain"
        "$tool" -w -X "$chain"
      fi
    done
  done
}

apply_rules() {
  chain_exists iptables DOCKER-USER ||
    die "the DOCKER-USER chain is missing: start the Docker engine first (with its iptables rules on, the default)"
  remove_rules
  iptables -w -N "$HOST_CHAIN"
  iptables -w -N "$FORWARD_CHAIN"
  if has_ip6tables; then ip6tables -w -N "$HOST_CHAIN"; fi
  local tool chain rule
  while read -r tool chain rule; do
    case $chain in
      # Jumps go first in the built-in chains, before anything that accepts.
      INPUT | DOCKER-USER) read -r -a args <<<"$rule" && "$tool" -w -I "$chain" 1 "${args[@]}" ;;
      *) read -r -a args <<<"$rule" && "$tool" -w -A "$chain" "${args[@]}" ;;
    esac
  done < <(rules)
  echo "firewall: applied ($(rules | wc -l) rules)"
}

# Bridges of spawner's networks whose interface name the rules do not match:
# networks created before spawner named its bridges. Only when an engine answers.
unnamed_bridges() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || return 0
  local id name bridge
  for id in $(docker network ls -q --filter label=spawner.managed=true); do
    name=$(docker network inspect -f '{{.Name}}' "$id")
    bridge=$(docker network inspect -f '{{index .Options "com.docker.network.bridge.name"}}' "$id")
    [[ $bridge == spawner* ]] || echo "$name"
  done
}

check_rules() {
  local tool chain rule missing=0 expected found
  while read -r tool chain rule; do
    read -r -a args <<<"$rule"
    if ! "$tool" -w -C "$chain" "${args[@]}" 2>/dev/null; then
      echo "firewall: missing: $tool -A $chain $rule"
      missing=1
    fi
  done < <(rules)
  for tool in iptables ip6tables; do
    [ "$tool" = iptables ] || has_ip6tables || continue
    for chain in "$HOST_CHAIN" "$FORWARD_CHAIN"; do
      [ "$tool" = ip6tables ] && [ "$chain" = "$FORWARD_CHAIN" ] && continue
      expected=$(rules | awk -v t="$tool" -v c="$chain" '$1 == t && $2 == c' | wc -l)
      found=$("$tool" -w -S "$chain" 2>/dev/null | grep -c '^-A ' || true)
      if [ "$found" != "$expected" ]; then
        echo "firewall: $tool chain $chain has $found rules, expected $expected (run apply)"
        missing=1
      fi
    done
  done
  if ! iptables -w -C FORWARD -j DOCKER-USER 2>/dev/null; then
    echo "firewall: FORWARD does not enter DOCKER-USER: is the Docker engine running with its iptables rules?"
    missing=1
  fi
  local network
  for network in $(unnamed_bridges); do
    echo "firewall: network $network has no spawner* bridge name, so these rules miss it;" \
      "remove its containers (their data volumes stay) and the network, and spawner makes it again"
    missing=1
  done
  if [ "$missing" -eq 0 ]; then
    echo "firewall: in place"
  else
    echo "firewall: NOT in place"
    exit 1
  fi
}

case $action in
  apply) apply_rules ;;
  remove)
    remove_rules
    echo "firewall: removed"
    ;;
  check) check_rules ;;
esac
