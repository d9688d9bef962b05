#!/usr/bin/env bash
# Release checks, run by `mvn -B verify` after every published module is built (failover-build-checks).
#
#  1. The release profile, on a fresh copy of the sources: `mvn -Prelease deploy`, signed with a
#     throwaway GnuPG key made here, staged in a local directory. Every published module must be
#     there with its pom, jar, sources and javadoc, each with a signature that verifies; no module
#     that is not published may be there, nor any test-jar.
#  2. A second build of the same sources in another fresh copy, OFFLINE (everything it needs was
#     fetched by the first): it must succeed, and every jar of the published modules must be
#     byte-identical to the first build's.
#
# Both builds neither compile nor run the tests (the outer build does; the test harnesses are
# never published, so a nested build must not look for them) and install nothing into the local
# repository. Everything is made under one temporary directory, removed at the end.
set -euo pipefail

root=$(cd "${1:?usage: check-release.sh PROJECT_ROOT}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/failover-release-check.XXXXXX")
trap 'gpgconf --homedir "$work/gnupg" --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Published modules and how they are packaged. The parent and the BOM are poms; the rest jars.
pom_modules=(failover-parent failover-bom)
jar_modules=(failover-api failover-testkit failover-ssh failover-isc failover-kea failover-windows failover-micrometer failover-migration failover-cli)
unpublished=(failover-examples failover-benchmarks failover-cli-it failover-build-checks)
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
# the modules the nested builds leave out: not published, and this one would recurse
skip_modules='!failover-build-checks,!failover-cli-it,!failover-benchmarks,!failover-examples'

fail() { echo "release check: FAILED: $*" >&2; exit 1; }

copy_sources() {
  mkdir -p "$1"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$1"
}

echo "release check: copies of the sources in $work"
copy_sources "$work/a"
copy_sources "$work/b"

# A throwaway signing key, without passphrase, in a home of its own.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'failover release check <release-check@invalid>' ed25519 sign never 2>/dev/null
key=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr:/ {print $10; exit}')
[ -n "$key" ] || fail "could not make a throwaway GnuPG key"

staging="$work/staging"
echo "release check: build 1 of 2: -Prelease deploy, signed with a throwaway key, staged in $staging"
(cd "$work/a" && mvn -B -q -Prelease deploy -DskipTests -Dmaven.test.skip=true -Dmaven.install.skip=true \
    -Dfailover.staging.directory="$staging" -Dgpg.keyname="$key" -Dgpg.homedir="$GNUPGHOME" \
    -pl "$skip_modules") > "$work/build-1.log" 2>&1 || { tail -n 60 "$work/build-1.log" >&2; fail "the release build failed"; }

echo "release check: build 2 of 2: offline package of another copy"
(cd "$work/b" && mvn -B -q -o package -DskipTests -Dmaven.test.skip=true -pl "$skip_modules") > "$work/build-2.log" 2>&1 \
  || { tail -n 60 "$work/build-2.log" >&2; fail "the offline build failed after an online one"; }

# ---- 1. the staged release is complete and signed --------------------------------------------
problems=()
group_dir="$staging/dev/failover"
[ -d "$group_dir" ] || fail "nothing was staged under $group_dir"
newest() { ls -1 "$group_dir/$1/$version"/$2 2>/dev/null | sort | tail -n 1; }
expect() { # module, file pattern (relative to the version directory), what it is
  local f
  f=$(newest "$1" "$2")
  if [ -z "$f" ]; then problems+=("$1: no $3 ($2)"); return; fi
  if [ ! -f "$f.asc" ]; then problems+=("$1: $3 $(basename "$f") is not signed"); return; fi
  gpg --batch --quiet --verify "$f.asc" "$f" 2>/dev/null || problems+=("$1: the signature of $(basename "$f") does not verify")
}
for m in "${pom_modules[@]}" "${jar_modules[@]}"; do
  expect "$m" "$m-*.pom" "pom"
done
for m in "${jar_modules[@]}"; do
  expect "$m" "$m-*[0-9].jar" "jar"
  expect "$m" "$m-*-sources.jar" "sources jar"
  expect "$m" "$m-*-javadoc.jar" "javadoc jar"
done
for m in "${unpublished[@]}"; do
  [ ! -e "$group_dir/$m" ] || problems+=("$m is not to be published but was staged")
done
# the test harnesses are built for this build's own ITs only, never published
for t in $(find "$group_dir" -name '*-tests.jar' 2>/dev/null); do
  problems+=("$(basename "$t") is a test harness and must not be staged")
done
for m in "${pom_modules[@]}" "${jar_modules[@]}"; do
  p=$(newest "$m" "$m-*.pom")
  [ -z "$p" ] && continue
  for tag in '<licenses>' '<developers>' '<scm>' '<url>' '<description>'; do
    # the parent's metadata is inherited by the modules; the parent and the BOM must carry it themselves
    case "$m" in failover-parent|failover-bom) grep -q "$tag" "$p" || problems+=("$m: the pom has no $tag") ;; esac
  done
done

# ---- 2. the two builds' jars are byte-identical ------------------------------------------------
compared=0
for m in "${jar_modules[@]}"; do
  for a in "$work/a/$m/target"/*.jar; do
    [ -e "$a" ] || { problems+=("$m: build 1 made no jar"); continue; }
    b="$work/b/$m/target/$(basename "$a")"
    if [ ! -f "$b" ]; then problems+=("$m: $(basename "$a") is missing from build 2"); continue; fi
    cmp -s "$a" "$b" || problems+=("$m: $(basename "$a") differs between two builds of the same sources")
    compared=$((compared + 1))
  done
done

if [ ${#problems[@]} -gt 0 ]; then
  printf 'release check: %s\n' "${problems[@]}" >&2
  fail "${#problems[@]} problem(s)"
fi
staged=$(find "$group_dir" -type f \( -name '*.jar' -o -name '*.pom' \) | wc -l)
echo "release check: passed: $staged artifacts staged and signed for ${#pom_modules[@]} pom and ${#jar_modules[@]} jar modules; $compared jars byte-identical across two builds; the second build ran offline"
