#!/usr/bin/env bash
# explain's cost: the target's pause, the dump's size, and the CLI's analysis time and peak memory, at a given
# live heap, on JDK 17 and 25. Prints one markdown table row per run.
#
#   bench/explain.sh [MB ...]        (default: 100 1000)
#
# Uses agent/target/sockwatch-agent.jar (build it first) and the bench runner jar (built here).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
JAR=$ROOT/agent/target/sockwatch-agent.jar
JDK17_HOME=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B -q package -DskipTests" >&2; exit 1; }
(cd "$BENCH" && JAVA_HOME=$JDK17_HOME mvn -B -q -Dstyle.color=never package) >&2
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000)

echo "| JDK | live heap | objects | dump | target pause (longest stall) | jcmd GC.heap_dump | analysis | CLI peak RSS |"
echo "|---|---|---|---|---|---|---|---|"
for mb in "${SIZES[@]}"; do
  for jdk in "17=$JDK17_HOME" "25=$JDK25_HOME"; do
    name=${jdk%%=*}; home=${jdk#*=}
    work=$(mktemp -d /tmp/sockwatch-bench-explain.XXXXXX)
    (cd "$work" && exec "$home/bin/java" -Xmx$((mb * 2 + 256))m -cp "$BENCH/target/sockwatch-bench.jar" \
        io.sockwatch.bench.ExplainTarget "$mb" > out.txt 2>&1) &
    pid=$!
    until grep -q ready "$work/out.txt" 2>/dev/null; do sleep 0.2; done
    sleep 1
    : > "$work/out.txt.mark"; before=$(grep -c stall "$work/out.txt" || true)
    # 512 MB of CLI heap: the goal for a 1 GB dump is 400 MB of RSS; larger dumps get what the CLI asks for
    cli_heap=$(( mb / 2 + 64 > 512 ? mb / 2 + 64 : 512 ))
    /usr/bin/time -f "%M" -o "$work/rss" "$JDK17_HOME/bin/java" -Xmx${cli_heap}m -jar "$JAR" explain "$pid" --yes --json \
        > "$work/explain.json" 2> "$work/explain.err"
    sleep 0.5
    stall=$(tail -n +$((before + 1)) "$work/out.txt" | awk '/^stall/ { if ($2 > m) m = $2 } END { print m + 0 }')
    read -r bytes objects dump analysis < <(python3 -c "
import json; d = json.load(open('$work/explain.json'))['dump']
print(d['bytes'], d['objects'], d['dumpMillis'], d['analysisMillis'])")
    held=$(grep -o '"verdict":"HELD"' "$work/explain.json" | wc -l)
    printf '| %s | %d MB | %.1fM | %d MB | %.2f s | %.2f s | %.2f s | %d MB |\n' "$name" "$mb" \
        "$(echo "$objects / 1000000" | bc -l)" $((bytes >> 20)) "$(echo "$stall / 1000" | bc -l)" \
        "$(echo "$dump / 1000" | bc -l)" "$(echo "$analysis / 1000" | bc -l)" $(( $(cat "$work/rss") / 1024 ))
    [ "$held" = 3 ] || echo "  (expected 3 held sockets, got $held: $work)" >&2
    touch "$work/stop"; wait "$pid" || true
    [ "$held" = 3 ] && rm -rf "$work"
  done
done
