#!/usr/bin/env bash
# Builds file-leak-detector's agent jar from a checkout of its sources, for the start-up comparison:
#
#   git clone https://github.com/jenkinsci/lib-file-leak-detector /tmp/fld
#   FILE_LEAK_DETECTOR_JAR=$(bench/file-leak-detector.sh /tmp/fld) bench/run.sh full --only startup
#
# Maven Central serves only its version 1.13, which stops a JDK 13+ JVM at start-up (its premain reads
# SocketImpl.socket, a field those JDKs do not have); later versions are published to the Jenkins repository alone,
# and the project's parent POM too. The build drops that parent, uses an ASM from Maven Central, and compiles for
# Java 11. Prints the jar's path on stdout.
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1/pom.xml" ] || { echo "usage: bench/file-leak-detector.sh <lib-file-leak-detector checkout>" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$1"/. "$WORK"
# the parent POM only sets plugin versions and release settings
perl -0pi -e 's{<parent>.*?</parent>}{}s; s{<asm.version>[^<]*</asm.version>}{<asm.version>9.9.1</asm.version>}' "$WORK/pom.xml"
(cd "$WORK" && mvn -B -q -Dstyle.color=never package -DskipTests -Dmaven.compiler.source=11 -Dmaven.compiler.target=11) >&2
OUT=$(cd "$(dirname "$0")" && pwd)/target
mkdir -p "$OUT"
cp "$WORK"/target/file-leak-detector-*-jar-with-dependencies.jar "$OUT/file-leak-detector-built.jar"
echo "$OUT/file-leak-detector-built.jar"
