#!/usr/bin/env bash
# Submits a videor1 job with spark-submit, as a cluster user would:
#   deploy/spark-submit.sh [spark-submit options, e.g. --master spark://host:7077 --executor-memory 8g] -- <command> [args]
#   deploy/spark-submit.sh --master yarn --deploy-mode cluster -- curate --manifest hdfs:///d/train.json ...
# Uses $SPARK_HOME/bin/spark-submit (or spark-submit on PATH). Without a Spark installation it runs Spark's own
# SparkSubmit class from the jars Maven resolved, which is the same program. The application jar is the shaded
# spark-jobs/target/spark-jobs-*-app.jar (built on first use); job defaults travel inside it (conf/*.conf).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$ROOT"/spark-jobs/target/spark-jobs-*-app.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -pl spark-jobs -am install) >&2
  JAR="$(ls "$ROOT"/spark-jobs/target/spark-jobs-*-app.jar | head -n 1)"
fi

SUBMIT_ARGS=()
while (($#)) && [[ "$1" != "--" ]]; do SUBMIT_ARGS+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
if (($# == 0)); then
  echo "usage: deploy/spark-submit.sh [spark-submit options] -- <videor1 command> [args]" >&2
  exit 2
fi

# Native libraries unpack into a per-user cache on every node; DJL never downloads (offline). The Vector API module
# lets rollouts on executors sample in vector lanes (without it they take the same tokens, slower).
JVM_FLAGS="--add-modules=jdk.incubator.vector -Dai.djl.offline=true -Dorg.bytedeco.javacpp.cachedir=/tmp/videor1-javacpp -DDJL_CACHE_DIR=/tmp/videor1-djl"
CONFS=(--conf "spark.driver.extraJavaOptions=$JVM_FLAGS" --conf "spark.executor.extraJavaOptions=$JVM_FLAGS")

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  SUBMIT=("$SPARK_HOME/bin/spark-submit")
elif command -v spark-submit >/dev/null 2>&1; then
  SUBMIT=(spark-submit)
else
  CP_FILE="$ROOT/spark-jobs/target/spark-classpath.txt"
  SUBMIT=(java "@$ROOT/conf/spark-jvm-opts.txt" $JVM_FLAGS -cp "$(cat "$CP_FILE")" org.apache.spark.deploy.SparkSubmit)
fi
exec "${SUBMIT[@]}" "${SUBMIT_ARGS[@]}" "${CONFS[@]}" --class io.videor1.app.VideoR1 "$JAR" "$@"
