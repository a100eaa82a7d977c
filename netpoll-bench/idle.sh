#!/usr/bin/env bash
# Idle connections side by side: netpoll4j (epoll, nio), the JDK's virtual-thread sockets and Go,
# each holding N connections parked in read (io.netpoll.bench.IdleMain; its comment says what is
# measured). Usage: netpoll-bench/idle.sh [--conns N] [IdleMain options...]
# Needs netpoll-bench/target/benchmarks.jar (./mvnw -B package -pl netpoll-bench -am -DskipTests),
# and go; more than the hard RLIMIT_NOFILE allows takes the right to raise it (CAP_SYS_RESOURCE).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
[ -f "$jar" ] || { echo "idle.sh: $jar is missing: ./mvnw -B package -pl netpoll-bench -am -DskipTests" >&2; exit 2; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
go build -o "$here/target/idle-echo-go" "$here/src/main/go/idle_echo.go"
# Client and server each hold N descriptors, plus a margin. The JVM and Go raise their soft limit to
# the hard one by themselves; a hard limit too low is raised with prlimit, which takes CAP_SYS_RESOURCE,
# and never above the kernel's fs.nr_open.
conns=5000
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  [ "${args[i]}" = --conns ] && conns=${args[i+1]//[,_]/}
done
nofile=$((conns + 1000))
run=("$java" -cp "$jar" io.netpoll.bench.IdleMain --go "$here/target/idle-echo-go" "$@")
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$nofile" -le "$hard" ]; then
  exec "${run[@]}"
fi
nr_open=$(cat /proc/sys/fs/nr_open)
[ "$nofile" -le "$nr_open" ] || { echo "idle.sh: $conns connections need $nofile descriptors, fs.nr_open is $nr_open" >&2; exit 2; }
prlimit --nofile="$nofile:$nofile" true 2>/dev/null || {
  echo "idle.sh: $conns connections need $nofile descriptors a process; the hard limit is $hard and this user may not raise it (CAP_SYS_RESOURCE)" >&2
  exit 2
}
exec prlimit --nofile="$nofile:$nofile" "${run[@]}"
