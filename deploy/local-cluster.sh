#!/usr/bin/env bash
# A Spark standalone cluster on this machine's loopback interface, built from the jars Maven resolved (no Spark
# download): one master and N workers on 127.0.0.1, for tests and for trying cluster mode on a laptop.
#   deploy/local-cluster.sh start [--workers N] [--cores C] [--memory 2g] [--port 7077] [--dir DIR] [--gpus G]
#   deploy/local-cluster.sh stop [--dir DIR]
# `start` prints the master URL (spark://127.0.0.1:PORT) on its last line; submit with
#   deploy/spark-submit.sh --master spark://127.0.0.1:PORT -- curate ...
# --gpus G gives each worker G GPUs found by deploy/gpu-discovery.sh; on a machine without GPUs it advertises the
# addresses 0..G-1 (CUDA_VISIBLE_DEVICES), so GPU scheduling and resource profiles can be exercised on a laptop.
# State (pids, logs, the worker's SPARK_HOME of symlinks) lives in DIR (default target/local-cluster).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMD="${1:-}"; shift || true
WORKERS=2; CORES=1; MEMORY=2g; PORT=7077; DIR="$ROOT/target/local-cluster"; GPUS=0
while (($#)); do
  case "$1" in
    --workers) WORKERS="$2"; shift 2 ;;
    --cores) CORES="$2"; shift 2 ;;
    --memory) MEMORY="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --gpus) GPUS="$2"; shift 2 ;;
    *) echo "local-cluster: unknown option $1" >&2; exit 2 ;;
  esac
done

stop_all() {
  if [[ -d "$DIR/pids" ]]; then
    for f in "$DIR"/pids/*.pid; do
      [[ -f "$f" ]] || continue
      pid="$(cat "$f")"
      # Workers started executors as their children: stop the whole process group.
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      rm -f "$f"
    done
  fi
}

case "$CMD" in
  stop) stop_all; echo "local-cluster: stopped" ;;
  start)
    CP_FILE="$ROOT/spark-jobs/target/spark-classpath.txt"
    if [[ ! -f "$CP_FILE" ]]; then
      (cd "$ROOT" && mvn -B -q -DskipTests -pl spark-jobs -am install) >&2
    fi
    stop_all
    mkdir -p "$DIR/pids" "$DIR/logs" "$DIR/work"
    # A worker launches executors through Spark's launcher, which wants SPARK_HOME/jars and the Scala version.
    SH="$DIR/spark-home"; rm -rf "$SH"; mkdir -p "$SH/jars" "$SH/conf"
    tr ':' '\n' < "$CP_FILE" | while read -r j; do [[ -n "$j" ]] && ln -sf "$j" "$SH/jars/"; done
    CP="$(cat "$CP_FILE")"
    # Spark's default logging (INFO) for the daemons: their "elected leader" / "registered" lines mark readiness.
    JAVA=(java "@$ROOT/conf/spark-jvm-opts.txt" -Xmx512m)
    export SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME="$SH" SPARK_SCALA_VERSION=2.13
    setsid "${JAVA[@]}" -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" \
      --webui-port 0 > "$DIR/logs/master.log" 2>&1 &
    echo $! > "$DIR/pids/master.pid"
    for _ in $(seq 1 300); do
      grep -q "I have been elected leader" "$DIR/logs/master.log" 2>/dev/null && break; sleep 0.1
    done
    grep -q "I have been elected leader" "$DIR/logs/master.log" || { echo "local-cluster: master did not start" >&2; tail -20 "$DIR/logs/master.log" >&2; stop_all; exit 1; }
    WORKER_OPTS=()
    if ((GPUS > 0)); then
      WORKER_OPTS=("-Dspark.worker.resource.gpu.amount=$GPUS"
        "-Dspark.worker.resource.gpu.discoveryScript=$ROOT/deploy/gpu-discovery.sh")
      if [[ -z "${CUDA_VISIBLE_DEVICES:-}" ]] && ! command -v nvidia-smi >/dev/null 2>&1; then
        export CUDA_VISIBLE_DEVICES="$(seq -s, 0 $((GPUS - 1)))"
      fi
    fi
    for i in $(seq 1 "$WORKERS"); do
      setsid "${JAVA[@]}" "${WORKER_OPTS[@]}" -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$CORES" \
        --memory "$MEMORY" --webui-port 0 --work-dir "$DIR/work/worker-$i" "spark://127.0.0.1:$PORT" \
        > "$DIR/logs/worker-$i.log" 2>&1 &
      echo $! > "$DIR/pids/worker-$i.pid"
    done
    for _ in $(seq 1 300); do
      n=$( (grep -l "Successfully registered with master" "$DIR"/logs/worker-*.log 2>/dev/null || true) | wc -l)
      [[ "$n" -ge "$WORKERS" ]] && break; sleep 0.1
    done
    if [[ "$( (grep -l "Successfully registered with master" "$DIR"/logs/worker-*.log 2>/dev/null || true) | wc -l)" -lt "$WORKERS" ]]; then
      echo "local-cluster: workers did not register" >&2; tail -20 "$DIR"/logs/worker-*.log >&2; stop_all; exit 1
    fi
    echo "spark://127.0.0.1:$PORT"
    ;;
  *) echo "usage: deploy/local-cluster.sh start|stop [options]" >&2; exit 2 ;;
esac
