package io.videor1.train.run;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;

/**
 * The stage-level resource profile of the model tasks (rollouts and gradients): they ask for GPUs while everything
 * else in the application (loading prompts, writing the ledger, curation) keeps the default profile.
 *
 * <p>Without dynamic allocation Spark supports task-only profiles: the model tasks go to executors of the default
 * profile that own enough GPUs (spark.executor.resource.gpu.amount), one task per GPU share. With dynamic allocation the
 * profile also asks for its own executors with ceil(task_gpus) GPUs, so CPU executors and GPU executors live side by
 * side in one application. Local mode has no resource scheduling, so there the profile is left off.
 */
final class ModelTaskProfile {
  private final ResourceProfile profile;

  private ModelTaskProfile(ResourceProfile profile) {
    this.profile = profile;
  }

  /** The profile for {@code run}'s task_gpus/task_cpus, or none (task_gpus 0, or local mode). */
  static ModelTaskProfile of(JavaSparkContext jsc, RunOptions run, PrintStream log) {
    if (run.taskGpus() <= 0) {
      return new ModelTaskProfile(null);
    }
    if (jsc.sc().isLocal()) {
      log.println("resources: task_gpus=" + run.taskGpus() + " ignored in local mode (no resource scheduling)");
      return new ModelTaskProfile(null);
    }
    SparkConf conf = jsc.getConf();
    TaskResourceRequests task = new TaskResourceRequests().cpus(run.taskCpus()).resource("gpu", run.taskGpus());
    ResourceProfileBuilder b = new ResourceProfileBuilder().require(task);
    boolean dynamic = conf.getBoolean("spark.dynamicAllocation.enabled", false);
    if (dynamic) {
      ExecutorResourceRequests exec = new ExecutorResourceRequests()
          .resource("gpu", (long) Math.ceil(run.taskGpus()),
              conf.get("spark.executor.resource.gpu.discoveryScript", ""), "")
          .cores(Math.max(run.taskCpus(), conf.getInt("spark.executor.cores", run.taskCpus())));
      b.require(exec);
    }
    ResourceProfile p = b.build();
    log.printf(Locale.ROOT, "resources: model tasks need %s GPU and %d CPU each (profile %d, %s)%n",
        run.taskGpus(), run.taskCpus(), p.id(), dynamic ? "own GPU executors" : "on executors that have GPUs");
    return new ModelTaskProfile(p);
  }

  /** {@code rdd} with the profile attached (its stage's tasks then require the GPUs), or unchanged. */
  <T> JavaRDD<T> apply(JavaRDD<T> rdd) {
    return profile == null ? rdd : rdd.withResources(profile);
  }

  /** The profile's id, or -1 when there is none. */
  int id() {
    return profile == null ? -1 : profile.id();
  }
}
