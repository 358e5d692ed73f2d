#!/usr/bin/env bash
# sockwatch overhead benchmarks: agent vs no agent, alternating, on JDK 17 and JDK 25.
#
#   bench/run.sh [quick|full|churn] [--update-doc] [--only startup,churn,keepalive,latency,heap,scan,attach,hiccup,scale] [--pin <cpu>|none]
#                [--jdk 17|25] [--rounds <churn rounds>] [--loop socket|channel]
#
# quick takes about 25 minutes on 2 cores, full roughly 50 (estimate); churn runs the churn pairs alone in 25 rounds, so
# that the 95 % interval of the median ratio can resolve the 5 % limit (a ratio 2 % from it needs more: `--rounds 100`,
# about 47 minutes for one JDK with `--jdk 17`; `--loop channel` measures that loop alone, in about half the time).
# Prints progress on stderr and the markdown tables for docs/benchmarks.md on stdout; the same tables are saved under
# bench/results/. --update-doc also replaces the results block of docs/benchmarks.md (between its "bench:results"
# markers) with them.
#
# Environment:
#   JDK17_HOME, JDK25_HOME   the two JDKs (defaults: the Debian JDK 17 / `java` on PATH, Temurin 25)
#   SOCKWATCH_AGENT_JAR      benchmark this agent jar (default: agent/target/sockwatch-agent.jar, built
#                            when missing)
#   SOCKWATCH_REBUILD=1      rebuild agent/target/sockwatch-agent.jar first (mvn -pl agent package)
#   SOCKWATCH_BASELINE_JAR   a previous agent jar: start-up runs it too, in the same rounds, and prints its figures
#                            beside the new ones
#   FILE_LEAK_DETECTOR_JAR   file-leak-detector's agent jar (bench/file-leak-detector.sh builds one): start-up runs
#                            it too, in the same rounds, and prints its figures beside sockwatch's
set -euo pipefail

USAGE="usage: bench/run.sh [quick|full|churn] [--update-doc] [--only startup,churn,keepalive,latency,heap,scan,attach,hiccup,scale] [--pin <cpu>|none] [--jdk 17|25] [--rounds <churn rounds, 3-1000>] [--loop socket|channel]"
MODE=quick
PASS=()
case "${1:-}" in
  quick|full) MODE=$1; shift ;;
  churn) MODE=churn; PASS+=(--only churn); shift ;;
  -h|--help|help) echo "$USAGE"; exit 0 ;;
esac
UPDATE_DOC=0
ONLY_JDK=
while [ $# -gt 0 ]; do
  case "$1" in
    --update-doc) UPDATE_DOC=1 ;;
    --only|--pin) [ $# -ge 2 ] || { echo "$USAGE" >&2; exit 2; }; PASS+=("$1" "$2"); shift ;;
    --jdk) case "${2:-}" in 17|25) ONLY_JDK=$2 ;; *) echo "$USAGE" >&2; exit 2 ;; esac; shift ;;
    --rounds)
      [[ "${2:-}" =~ ^[0-9]+$ ]] && [ "$2" -ge 3 ] && [ "$2" -le 1000 ] || { echo "$USAGE" >&2; exit 2; }
      PASS+=(--churn-rounds "$2"); shift ;;
    --loop) case "${2:-}" in socket|channel) PASS+=(--churn-loop "$2") ;; *) echo "$USAGE" >&2; exit 2 ;; esac; shift ;;
    *) echo "$USAGE" >&2; exit 2 ;;
  esac
  shift
done

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
say() { echo "[run.sh] $*" >&2; }

# --- JDKs -------------------------------------------------------------------------------------------------
java_home_of() { dirname "$(dirname "$(readlink -f "$1")")"; }
if [ -z "${JDK17_HOME:-}" ]; then
  if [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then JDK17_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  else JDK17_HOME=$(java_home_of "$(command -v java)"); fi
fi
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
for home in "$JDK17_HOME" "$JDK25_HOME"; do
  [ -x "$home/bin/java" ] || { say "no JDK at $home (set JDK17_HOME / JDK25_HOME)"; exit 1; }
done
JDKS=()
[ "$ONLY_JDK" = 25 ] || JDKS+=(--jdk "JDK 17=$JDK17_HOME")
[ "$ONLY_JDK" = 17 ] || JDKS+=(--jdk "JDK 25=$JDK25_HOME")

# --- agent jar ----------------------------------------------------------------------------------------------
# Built only when missing (or with SOCKWATCH_REBUILD=1): others may be running mvn in agent/ at the same time.
if [ -n "${SOCKWATCH_AGENT_JAR:-}" ]; then
  AGENT_JAR=$SOCKWATCH_AGENT_JAR
else
  AGENT_JAR=$ROOT/agent/target/sockwatch-agent.jar
  if [ ! -f "$AGENT_JAR" ] || [ "${SOCKWATCH_REBUILD:-0}" = 1 ]; then
    for attempt in 1 2 3; do
      say "building the agent jar (attempt $attempt)"
      if (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl agent package -DskipTests) > "$BENCH/agent-build.log" 2>&1; then
        rm -f "$BENCH/agent-build.log"; break
      fi
      tail -30 "$BENCH/agent-build.log" >&2
      if [ "$attempt" = 3 ]; then
        if [ -f "$AGENT_JAR" ]; then say "agent build failed; benchmarking the last built jar"; break; fi
        say "agent build failed and there is no jar"; exit 1
      fi
      sleep 60
    done
  elif [ -n "$(find "$ROOT/agent/src/main" "$ROOT/agent/src/hook" -newer "$AGENT_JAR" -type f 2>/dev/null | head -1)" ]; then
    say "note: agent/src has changes newer than $AGENT_JAR; SOCKWATCH_REBUILD=1 rebuilds it first"
  fi
fi
[ -f "$AGENT_JAR" ] || { say "no agent jar at $AGENT_JAR"; exit 1; }
if [ -n "${SOCKWATCH_BASELINE_JAR:-}" ]; then
  [ -f "$SOCKWATCH_BASELINE_JAR" ] || { say "no baseline jar at $SOCKWATCH_BASELINE_JAR"; exit 1; }
  mkdir -p "$BENCH/target"
  cp -p "$SOCKWATCH_BASELINE_JAR" "$BENCH/target/sockwatch-agent-baseline.jar"
  PASS+=(--baseline "$BENCH/target/sockwatch-agent-baseline.jar")
fi
if [ -n "${FILE_LEAK_DETECTOR_JAR:-}" ]; then
  [ -f "$FILE_LEAK_DETECTOR_JAR" ] || { say "no file-leak-detector jar at $FILE_LEAK_DETECTOR_JAR"; exit 1; }
  mkdir -p "$BENCH/target"
  cp -p "$FILE_LEAK_DETECTOR_JAR" "$BENCH/target/file-leak-detector.jar"
  PASS+=(--file-leak-detector "$BENCH/target/file-leak-detector.jar")
fi
# Benchmark a snapshot: a concurrent `mvn package` must not swap the jar under a running child.
mkdir -p "$BENCH/target"
cp -p "$AGENT_JAR" "$BENCH/target/sockwatch-agent-under-test.jar"
say "agent under test: $AGENT_JAR ($(date -r "$AGENT_JAR" '+%F %T'))"
AGENT_JAR=$BENCH/target/sockwatch-agent-under-test.jar

# --- bench runner -----------------------------------------------------------------------------------------------
BENCH_JAR=$BENCH/target/sockwatch-bench.jar
MVN_LOG=$(mktemp)
if ! (cd "$BENCH" && JAVA_HOME=$JDK17_HOME mvn -B -q -Dstyle.color=never package) > "$MVN_LOG" 2>&1; then
  cat "$MVN_LOG" >&2
  say "mvn failed; compiling the runner with javac"
  rm -rf "$BENCH/target/classes" && mkdir -p "$BENCH/target/classes"
  "$JDK17_HOME/bin/javac" --release 11 -d "$BENCH/target/classes" $(find "$BENCH/src/main/java" -name '*.java')
  BENCH_JAR=$BENCH/target/classes
fi
rm -f "$MVN_LOG"

# --- limits: (c) and (d) hold up to ~20k sockets per process --------------------------------------------------
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
say "open files: soft $(ulimit -Sn), hard $(ulimit -Hn); ephemeral ports $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null | tr '\t' '-')"

# --- network namespace ----------------------------------------------------------------------------------------
# Every scan reads the namespace-wide /proc/net/tcp{,6}: other processes' sockets (another test suite's
# thousands of TIME_WAITs) would leak into the figures. When allowed (root, or unprivileged user namespaces),
# run in a private network namespace with only loopback up. SOCKWATCH_NETNS=0 runs in the current one.
NETNS=shared
if [ "${SOCKWATCH_NETNS:-1}" = 1 ] && command -v unshare >/dev/null && command -v ip >/dev/null \
   && unshare -n sh -c 'ip link set lo up' 2>/dev/null; then
  NETNS=private
fi
say "network namespace: $NETNS"

mkdir -p "$BENCH/results"
OUT=$BENCH/results/$MODE-$(date +%Y%m%d-%H%M%S).md
RUNNER=("$JDK17_HOME/bin/java" -cp "$BENCH_JAR" io.sockwatch.bench.Bench --mode "$MODE" --agent "$AGENT_JAR"
  --netns "$NETNS" "${JDKS[@]}" --out "$OUT" ${PASS[@]+"${PASS[@]}"})
if [ "$NETNS" = private ]; then
  unshare -n sh -c 'ip link set lo up && exec "$@"' sh "${RUNNER[@]}"
else
  "${RUNNER[@]}"
fi
cp "$OUT" "$BENCH/results/latest-$MODE.md"
say "tables saved to $OUT"

if [ "$UPDATE_DOC" = 1 ]; then
  DOC=$ROOT/docs/benchmarks.md
  if grep -q '<!-- bench:results:begin -->' "$DOC" && grep -q '<!-- bench:results:end -->' "$DOC"; then
    awk -v results="$OUT" '
      /<!-- bench:results:begin -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
      /<!-- bench:results:end -->/ { skip = 0 }
      !skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
    say "updated the results block of $DOC; review the notes below it against the new numbers"
  else
    say "no bench:results markers in $DOC; paste $OUT by hand"
  fi
fi
