"""Nightly videor1 curation as an Airflow task.

SparkSubmitOperator runs `videor1 curate` in client mode, so the task's result is the command's exit code:
0 done, 2 configuration error, 3 another run holds the output's lease, 4 quarantine alarm. Every non-zero code fails
the task; for exit 4 (everything was committed, but the day's media is bad) the failure callback attaches the run's
_summary.json (counts, quarantine rate, top reasons) to the alert, so the operator sees why without opening logs.
"""

import json
import re
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

OUT = "hdfs://namenode:8020/videor1/curated"
EXIT_LOCKED = 3
EXIT_ALARM = 4


def read_summary(out):
    """The last run's _summary.json, read with the Hadoop CLI of the worker (any Hadoop FileSystem path)."""
    text = subprocess.run(["hdfs", "dfs", "-cat", out + "/_summary.json"], check=True, capture_output=True,
                          text=True).stdout
    return json.loads(text)


def exit_code(error, hook):
    """spark-submit's exit code: SparkSubmitHook puts it in its message ("... Error code is: 4.")."""
    m = re.search(r"Error code is: (-?\d+)", str(error))
    if m:
        return int(m.group(1))
    return getattr(hook, "_spark_exit_code", None)


class CurateOperator(SparkSubmitOperator):
    """SparkSubmitOperator that says which videor1 exit code failed the task, and attaches the summary on exit 4."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            code = exit_code(e, self._hook)
            if code == EXIT_ALARM:
                summary = read_summary(OUT)
                context["ti"].xcom_push(key="curate_summary", value=summary)
                raise AirflowException("videor1 curate: %s\n%s" % (summary.get("alarm"),
                                                                   json.dumps(summary, indent=2))) from e
            if code == EXIT_LOCKED:
                raise AirflowException("videor1 curate: the output is locked by another run (exit 3)") from e
            raise


def on_failure(context):
    summary = context["ti"].xcom_pull(task_ids="curate", key="curate_summary")
    if summary is not None:
        context["ti"].log.error("quarantine alarm, summary attached: %s", json.dumps(summary))


with DAG(
    dag_id="videor1_curate",
    start_date=datetime(2025, 1, 1),
    schedule="15 2 * * *",
    catchup=False,
    max_active_runs=1,  # Airflow's own guard; the output's lease also covers runs started outside this DAG
    default_args={"retries": 0, "on_failure_callback": on_failure},
    dagrun_timeout=timedelta(hours=6),
) as dag:
    curate = CurateOperator(
        task_id="curate",
        conn_id="spark_default",
        application="/opt/videor1/videor1-app.jar",
        java_class="io.videor1.app.VideoR1",
        deploy_mode="client",
        conf={
            "spark.driver.extraJavaOptions": "-Dai.djl.offline=true -Dorg.bytedeco.javacpp.cachedir=/tmp/videor1-javacpp",
            "spark.executor.extraJavaOptions": "-Dai.djl.offline=true -Dorg.bytedeco.javacpp.cachedir=/tmp/videor1-javacpp",
        },
        application_args=[
            "curate",
            "--manifest", "hdfs://namenode:8020/videor1/incoming/",
            "--media-root", "hdfs://namenode:8020/videor1/media",
            "--out", OUT,
            "--set", "curate.lock_wait_s=1800",
            "--set", "curate.max_quarantine_rate=0.05",
        ],
    )
