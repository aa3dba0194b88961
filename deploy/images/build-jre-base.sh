#!/usr/bin/env bash
# Builds the JRE base image of the service images (jlink from this machine's JDK 17 + host libraries,
# user 65532, CA certificates) and pushes it with jib-core, reproducibly. Usage:
#   deploy/images/build-jre-base.sh 127.0.0.1:5000/tagline/jre-base:17 [--insecure] [--jdk DIR] [--modules a,b]
# Prints the digest on the last line. Then build the services FROM it:
#   ./mvnw -B -pl tag-listener,tag-planner,image-builder,registry-pruner -am package jib:build -DskipTests \
#     -Dtagline.image.registry=127.0.0.1:5000 -Dtagline.image.base=127.0.0.1:5000/tagline/jre-base:17 -Dtagline.image.insecure=true
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 REGISTRY/REPOSITORY:TAG [--insecure] [--jdk DIR] [--modules a,b]" >&2; exit 2; }
to="$1"; shift
jdk="${TAGLINE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || echo /usr/lib/jvm/java-17-openjdk-amd64/bin/javac)")")")}"
[ -x "$jdk/bin/jlink" ] || { echo "no jlink under $jdk: install a JDK 17 (apt-get install -y openjdk-17-jdk-headless) or set TAGLINE_JDK" >&2; exit 1; }
command -v ldd >/dev/null || { echo "ldd is missing (apt-get install -y libc-bin)" >&2; exit 1; }
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
"$root/mvnw" -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
"$jdk/bin/java" -cp "$(cat "$cp_file")" "$here/JreBaseImage.java" --to "$to" --jdk "$jdk" "$@"
