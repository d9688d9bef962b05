#!/usr/bin/env bash
# Issue 16 item 4: the API's exceptions, and the violations a ValidationException carries, move
# from the facade's package dev.failover to their own package beside it, dev.failover.errors;
# every reference in the repository follows. Idempotent: run it again after merging a branch
# that still uses the old package (from the repository's root, or anywhere inside it), then
# build. What it does:
#   1. git mv each type (if still in dev.failover) and set its package line;
#   2. rewrite every full name (imports, static imports, javadoc links, READMEs) in every tracked
#      or new text file;
#   3. add imports where a simple name was enough before: files of package dev.failover (main and
#      test, any module) using a moved type, moved types using a type left in dev.failover, and
#      files importing dev.failover.* ;
#   4. export the package from failover-api's module-info and open it to Jackson.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
pkg=dev.failover.errors
names=(AccessDeniedException BackendException ConflictException FailoverException IncompleteApplyException
  MissingValuesException NotFoundException ValidationException Violations Violation)
src=failover-api/src/main/java/dev/failover
dst=$src/errors
self=scripts/dev/move-exceptions.sh

# 1. move
mkdir -p "$dst"
for n in "${names[@]}"; do
  if [ -f "$src/$n.java" ]; then
    git mv "$src/$n.java" "$dst/$n.java"
  fi
  if [ -f "$dst/$n.java" ]; then
    sed -i 's/^package dev\.failover;$/package dev.failover.errors;/' "$dst/$n.java"
  fi
done

# 2. full names
alt=$(IFS='|'; echo "${names[*]}")
git ls-files -z --cached --others --exclude-standard -- '*.java' '*.md' '*.sh' '*.xml' '*.txt' '*.properties' \
  '*.json' '*.kt' '*.groovy' '*.html' \
  | grep -zv -e "^$self\$" -e '/target/' \
  | xargs -0 -r perl -pi -e "s/\\bdev\\.failover\\.($alt)\\b/$pkg.\$1/g"

# adds "import X;" to file $1 for each X after it that is not imported yet, as one sorted block:
# before its first import, else after its package line
add_imports() {
  local f=$1; shift
  local want=() imp
  for imp in "$@"; do
    grep -qxF "import $imp;" "$f" || want+=("import $imp;")
  done
  [ ${#want[@]} -gt 0 ] || return 0
  local block
  block=$(printf '%s\n' "${want[@]}" | sort -u)
  if grep -q '^import ' "$f"; then
    BLOCK="$block" perl -0pi -e 's/^import /$ENV{BLOCK}\nimport /m' "$f"
  else
    BLOCK="$block" perl -0pi -e 's/^(package [^;]+;\n)/$1\n$ENV{BLOCK}\n/m' "$f"
  fi
}

# 3. simple names
left=()
for f in "$src"/*.java; do
  b=$(basename "$f" .java)
  [ "$b" = package-info ] || left+=("$b")
done
while IFS= read -r -d '' f; do
  need=()
  if grep -q '^package dev\.failover;$' "$f"; then
    for n in "${names[@]}"; do
      if grep -qw "$n" "$f"; then need+=("$pkg.$n"); fi
    done
  elif grep -q "^package ${pkg//./\\.};\$" "$f"; then
    for n in "${left[@]}"; do
      if grep -qw "$n" "$f"; then need+=("dev.failover.$n"); fi
    done
  fi
  if grep -q '^import dev\.failover\.\*;$' "$f"; then need+=("$pkg.*"); fi
  if [ ${#need[@]} -gt 0 ]; then add_imports "$f" "${need[@]}"; fi
done < <(git ls-files -z --cached --others --exclude-standard -- '*.java' | grep -zv '/target/')

# 4. module descriptor
mi=failover-api/src/main/java/module-info.java
grep -q "^  exports $pkg;" "$mi" || sed -i "s/^  exports dev\.failover;\$/&\n  exports $pkg;/" "$mi"
grep -q "^  opens $pkg " "$mi" \
  || sed -i "s/^  opens dev\.failover to com\.fasterxml\.jackson\.databind;\$/&\n  opens $pkg to com.fasterxml.jackson.databind;/" "$mi"
echo "moved ${#names[@]} types to $pkg; now build (mvn -B -o -DskipTests verify) to see every reference compile"
