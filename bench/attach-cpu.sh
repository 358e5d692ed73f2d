#!/usr/bin/env bash
# The CPU an attach takes from an idle JVM: sockwatch's own start (loading, hooks, first report) and the JIT work
# it causes, without the noise of a busy application. The target (the bench's `hold` workload, one connection,
# idle) is pinned to one CPU; `attach <pid> --json` of each jar in turn, alternating, `rounds` times; per jar the
# median over the rounds of the CPU all its threads took from the attach to 0.3 s after the CLI's exit (each
# thread's schedstat), and of the attach listener's and the JIT compilers' shares.
#
#   bench/attach-cpu.sh [--jdk 17|25] <rounds> <agent jar> [<agent jar> ...]
#
# Compare a previous jar with the current one: bench/attach-cpu.sh 6 /tmp/previous.jar agent/target/sockwatch-agent.jar
set -euo pipefail
USAGE="usage: bench/attach-cpu.sh [--jdk 17|25] <rounds, 1-100> <agent jar> [<agent jar> ...]"
BENCH=$(cd "$(dirname "$0")" && pwd)
JDK17_HOME=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK=$JDK17_HOME
if [ "${1:-}" = --jdk ]; then
  case "${2:-}" in 17) JDK=$JDK17_HOME ;; 25) JDK=$JDK25_HOME ;; *) echo "$USAGE" >&2; exit 2 ;; esac
  shift 2
fi
[[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 100 ] && [ $# -ge 2 ] || { echo "$USAGE" >&2; exit 2; }
ROUNDS=$1; shift
for jar in "$@"; do [ -f "$jar" ] || { echo "attach-cpu.sh: no agent jar $jar; $USAGE" >&2; exit 2; }; done
[ -x "$JDK/bin/java" ] || { echo "attach-cpu.sh: no JDK at $JDK" >&2; exit 1; }
(cd "$BENCH" && JAVA_HOME=$JDK17_HOME mvn -B -q -Dstyle.color=never package) >&2
RUNNER=$BENCH/target/sockwatch-bench.jar
WORK=$(mktemp -d /tmp/sockwatch-bench-attach-cpu.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# "<tid> <ns on CPU> <name>" per thread of pid $1
threads() { for t in /proc/"$1"/task/*; do echo "${t##*/} $(cut -d' ' -f1 "$t"/schedstat) $(tr ' ' _ < "$t"/comm)"; done; }

for round in $(seq "$ROUNDS"); do
  n=0
  for jar in "$@"; do
    n=$((n + 1))
    mkfifo "$WORK/stdin"
    taskset -c 1 "$JDK/bin/java" -Xms512m -Xmx512m -XX:+UseG1GC -XX:+EnableDynamicAgentLoading -cp "$RUNNER" \
      io.sockwatch.bench.Workloads hold pairs=1 < "$WORK/stdin" > "$WORK/out" 2>&1 &
    pid=$!
    exec {hold}> "$WORK/stdin"
    until grep -q READY "$WORK/out"; do kill -0 "$pid" || { cat "$WORK/out" >&2; exit 1; }; sleep 0.05; done
    sleep 1
    threads "$pid" | sort > "$WORK/before"
    "$JDK17_HOME/bin/java" -jar "$jar" attach "$pid" interval=5s,threshold=30s,report=off --json > /dev/null
    sleep 0.3
    threads "$pid" | sort > "$WORK/after"
    join -a 2 "$WORK/before" "$WORK/after" | awk '{ d = NF == 5 ? $4 - $2 : $2; all += d
        if ($NF ~ /^Attach/) l += d; else if ($NF ~ /^C[12]_Compiler/) j += d }
        END { printf "%.0f %.0f %.0f\n", all / 1e6, l / 1e6, j / 1e6 }' >> "$WORK/cpu-$n"
    exec {hold}>&-
    wait "$pid" || true
    rm -f "$WORK/stdin"
  done
  echo "[attach-cpu.sh] round $round of $ROUNDS done" >&2
done

echo "| agent jar | CPU taken from the idle target, median of $ROUNDS (attach listener / JIT) | all rounds, sorted |"
echo "|---|---|---|"
n=0
for jar in "$@"; do
  n=$((n + 1))
  sort -n "$WORK/cpu-$n" | awk -v jar="$jar" '{ r[NR] = $0; all = all (NR > 1 ? ", " : "") $1 }
      END { split(r[int((NR + 1) / 2)], m, " "); printf "| `%s` | %s ms (%s / %s) | %s |\n", jar, m[1], m[2], m[3], all }'
done
