#!/usr/bin/env bash
# Module-edge checks on the built jars, run by `mvn -B verify` after every published module is
# built (failover-build-checks), or by hand: check-modules.sh PROJECT_ROOT CLASSPATH_FILE
#
#  1. No published jar uses a package of another module that the other module does not export
#     (jdeps lists every package each jar uses; the named modules' descriptors say what they
#     export, to everyone or to a named module). A jar without a descriptor (an automatic module:
#     the testkit, the SSH transport, the ISC and Windows backends, the migration and the tool:
#     Apache SSHD puts the same packages in sshd-core and sshd-common, so no named module can read
#     it) is held to the same rule.
#  2. On the module path, the named modules resolve (Micrometer core, which the metrics module
#     requires, as the automatic module micrometer.core), and the API's ServiceLoader call finds
#     the Kea backend through its descriptor's "provides" (META-INF/services is not read for
#     named modules).
set -euo pipefail

root=$(cd "${1:?usage: check-modules.sh PROJECT_ROOT CLASSPATH_FILE}" && pwd)
classpath=$(cat "${2:?usage: check-modules.sh PROJECT_ROOT CLASSPATH_FILE}")
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
named=(failover-api failover-kea failover-micrometer)
others=(failover-testkit failover-ssh failover-isc failover-windows failover-migration failover-cli)
work=$(mktemp -d "${TMPDIR:-/tmp}/failover-modules-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "modules check: FAILED: $*" >&2; exit 1; }

jar_of() { local j="$root/$1/target/$1-$version.jar"; [ -f "$j" ] || fail "$j is not built"; echo "$j"; }

# package -> module, and what each named module exports (pkg, or pkg:to1,to2 when qualified)
: > "$work/owners"; : > "$work/exports"
for m in "${named[@]}"; do
  j=$(jar_of "$m")
  desc=$(jar --describe-module --file "$j")
  name=$(echo "$desc" | head -n 1 | sed 's/@.*//; s/ .*//')
  [ -n "$name" ] && echo "$desc" | grep -q '^requires' || fail "$j has no module descriptor"
  echo "$desc" | awk -v n="$name" '$1 == "contains" || $1 == "exports" {print $2, n} $1 == "qualified" {print $3, n}' >> "$work/owners"
  # "exports P" to everyone; "qualified exports P to A B" to the modules named
  echo "$desc" | awk -v n="$name" '$1 == "exports" {print n, $2, "*"}
    $1 == "qualified" {to = $5; for (i = 6; i <= NF; i++) to = to "," $i; print n, $3, to}' >> "$work/exports"
  echo "$j $name" >> "$work/jars"
done
for m in "${others[@]}"; do
  j=$(jar_of "$m")
  name=$(unzip -p "$j" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')
  echo "$j ${name:-$m}" >> "$work/jars"
done
sort -u -o "$work/owners" "$work/owners"

# the named modules and what they require on the module path (jdeps resolves them as modules;
# Micrometer's jars are automatic modules, HdrHistogram and LatencyUtils what micrometer-core loads);
# everything else on the class path
mp=$(jar_of failover-api):$(jar_of failover-kea):$(jar_of failover-micrometer)
for dep in $(echo "$classpath" | tr ':' '\n' | grep -E '/(jackson-(core|databind|annotations|datatype-jdk8|datatype-jsr310)|slf4j-api|micrometer-(core|commons|observation)|HdrHistogram|LatencyUtils)-[^/]*\.jar$'); do
  mp="$mp:$dep"
done
cp="$classpath"
for m in "${others[@]}"; do cp="$cp:$(jar_of "$m")"; done

problems=0; edges=0
while read -r j from; do
  # package lines are indented: "   dev.failover.kea   -> dev.failover.spi   dev.failover.api"
  jdeps --multi-release 17 -verbose:package --module-path "$mp" -cp "$cp" "$j" \
    | awk '/^ / && $2 == "->" {print $1, $3}' | sort -u > "$work/uses"
  [ -s "$work/uses" ] || fail "jdeps found no package used by $j"
  while read -r src dst; do
    owner=$(awk -v p="$dst" '$1 == p {print $2}' "$work/owners")
    [ -n "$owner" ] && [ "$owner" != "$from" ] || continue
    edges=$((edges + 1))
    allowed=$(awk -v m="$owner" -v p="$dst" -v f="$from" '$1 == m && $2 == p && ($3 == "*" || index("," $3 ",", "," f ",")) {print "yes"}' "$work/exports")
    if [ -z "$allowed" ]; then
      echo "modules check: $from ($src) uses $dst, which $owner does not export to it" >&2
      problems=$((problems + 1))
    fi
  done < "$work/uses"
  echo "modules check: $from: $(awk '{print $2}' "$work/uses" | while read -r p; do awk -v p="$p" '$1 == p {print $2}' "$work/owners"; done | sort | uniq -c | awk -v f="$from" '$2 != f {printf "%s%s (%d package edges)", sep, $2, $1; sep=", "}') "
done < "$work/jars"
[ "$problems" -eq 0 ] || fail "$problems uses of packages their modules do not export"
echo "modules check: $edges package edges between the SDK's modules, every one to an exported package"

# 2. ServiceLoader on the module path: only the named modules and what they require (the launch
#    fails when a named module's "requires" does not resolve, e.g. micrometer.core missing)
echo "$classpath" | tr ':' '\n' | grep -q '/micrometer-core-[^/]*\.jar$' \
  || fail "micrometer-core is not on the published modules' class path"
java --module-path "$mp" --add-modules dev.failover.kea,dev.failover.micrometer \
  "$root/failover-build-checks/modules/ServiceCheck.java" KEA=dev.failover.kea 2>&1 \
  | grep -v '^SLF4J' || fail "the backends are not found through their module descriptors"
echo "modules check: passed"
