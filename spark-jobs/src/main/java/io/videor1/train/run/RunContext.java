package io.videor1.train.run;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.conf.ConfigError;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.HadoopConf;
import io.videor1.model.io.SafeDType;
import io.videor1.optim.LossScaler;
import io.videor1.optim.OptimThreads;
import io.videor1.text.Utf8;
import io.videor1.train.step.GradientAggregator;
import io.videor1.train.step.GradientHandoff;
import io.videor1.train.step.StepKey;
import io.videor1.train.step.TaskPayload;
import io.videor1.train.step.WeightBroadcaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * What the SFT and T-GRPO driver loops share: the run directory, the driver's policy and trainable state, resuming
 * from the newest whole checkpoint, the weight broadcaster, metrics.jsonl, checkpoints and the final model export.
 */
public final class RunContext implements AutoCloseable {
  final SparkSession spark;
  final JavaSparkContext jsc;
  final Configuration conf;
  /** The driver's Hadoop configuration as every task of the run gets it. */
  final HadoopConf hadoop;
  final RunOptions run;
  final ModelSpec spec;
  final String runKey = UUID.randomUUID().toString();
  /** The driver's policy: the whole model with full weights, nothing of the base under LoRA. */
  final DriverPolicy policy;
  final CheckpointStore store;
  final WeightBroadcaster broadcaster;
  /** Local mode with local_handoff: weights and gradients cross between driver and tasks by reference. */
  private final boolean byReference;
  final ObjectNode manifest;
  /** Attached to the model tasks' RDDs (GPUs on a cluster that has them). */
  ModelTaskProfile modelTasks;
  TrainableState state;
  /** The update's settings, and the driver threads its loops run on ({@code optim.threads}). */
  private final OptimConfig optim;
  private final OptimThreads optimThreads;
  MetricsLog metrics;
  int startStep = 1;

  private RunContext(SparkSession spark, RunOptions run, ModelSpec spec, OptimConfig optim, ObjectNode manifest)
      throws IOException {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.conf = spark.sparkContext().hadoopConfiguration();
    this.run = run;
    this.spec = spec;
    this.manifest = manifest;
    this.optim = optim;
    this.optimThreads = optim.newThreads();
    this.store = new CheckpointStore(new org.apache.hadoop.fs.Path(run.out(), "checkpoints").toString(), conf);
    this.byReference = run.localHandoff() && spark.sparkContext().isLocal();
    this.broadcaster = new WeightBroadcaster(jsc, 1L << 30, byReference);
    this.hadoop = new HadoopConf(conf);
    EngineThreads.pin(run.threadSetting()); // the driver's own tensor work (LoRA merges at export) counts too
    this.policy = DriverPolicy.open(spec, run.seed(), conf);
    this.state = TrainableState.of(policy.initialWeights(), policy.shapes()).withScaler(
        spec.computeDtype() == DataType.FLOAT16 ? LossScaler.start(optim.lossScaling()) : null);
  }

  /**
   * Opens a run: loads the driver's policy, resumes from the newest whole checkpoint when asked (refusing one whose
   * configuration differs), truncates what an interrupted run wrote past it, and writes run.json.
   */
  public static RunContext open(SparkSession spark, RunOptions run, ModelSpec spec, OptimConfig optim,
      ObjectNode manifest, java.io.PrintStream log) throws IOException {
    RunContext c = new RunContext(spark, run, spec, optim, manifest);
    try {
      FileSystem fs = new org.apache.hadoop.fs.Path(run.out()).getFileSystem(c.conf);
      if (!run.resume() && c.store.latest().isPresent()) {
        throw new ConfigError("run directory " + run.out() + " already has checkpoints; pass --resume "
            + "to continue it or choose another --out");
      }
      if (run.resume()) {
        Optional<TrainCheckpoint.Resumed> r = TrainCheckpoint.latest(c.store, c.state, c.conf);
        if (r.isPresent()) {
          List<String> diff = RunManifest.differences(r.get().manifest(), manifest);
          if (!diff.isEmpty()) {
            throw new ConfigError("--resume with another configuration than the checkpoint's: "
                + String.join(", ", diff));
          }
          c.state = r.get().state();
          c.startStep = r.get().step() + 1;
          log.println("resume: from checkpoint step " + r.get().step() + " of " + run.out());
        } else {
          log.println("resume: no whole checkpoint under " + run.out() + "; starting at step 1");
        }
      }
      c.metrics = new MetricsLog(run.out(), c.conf, c.startStep - 1);
      c.modelTasks = ModelTaskProfile.of(c.jsc, run, log);
      fs.mkdirs(new org.apache.hadoop.fs.Path(run.out()));
      try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(run.out(), "run.json"), true)) {
        o.write(Utf8.bytes(RunManifest.toJson(manifest)));
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Writes the checkpoint of {@code step}, {@code model/} in {@code dtype} (null: the starting checkpoint's). */
  public void checkpoint(int step, int promptsPerStep, int prompts, SafeDType dtype) throws IOException {
    TrainCheckpoint.save(store, step, policy, state,
        TrainCheckpoint.trainerState(step, state, run.seed(), promptsPerStep, prompts), manifest, modelDtype(dtype),
        run.checkpointKeep());
  }

  /** {@code checkpoint_dtype}: a dtype, or null for auto, the starting checkpoint's own. */
  private SafeDType modelDtype(SafeDType setting) {
    return setting != null ? setting : policy.baseDtype();
  }

  /**
   * Writes the current weights to {@code OUT/model} (Hugging Face layout; LoRA merged, adapter beside it) in
   * {@code dtype} (null: the starting checkpoint's).
   */
  public String exportModel(SafeDType dtype) throws IOException {
    Path local = Files.createTempDirectory("videor1-export-");
    try {
      policy.writeModel(local, state.weights(), modelDtype(dtype));
      org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(run.out());
      FileSystem fs = dst.getFileSystem(conf);
      for (String sub : List.of("model", "adapter")) {
        Path src = local.resolve(sub);
        if (Files.exists(src)) {
          org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dst, sub);
          fs.delete(d, true);
          fs.mkdirs(d);
          TrainCheckpoint.upload(fs, src, d);
        }
      }
      return new org.apache.hadoop.fs.Path(dst, "model").toString();
    } finally {
      TrainCheckpoint.deleteTree(local);
    }
  }

  /**
   * One optimizer update of the trainable state with the run's optimizer settings, on the driver's update threads.
   *
   * @param gradSums gradients summed over {@code count} items (prompts or sequences)
   * @param lr this step's learning rate
   */
  public TrainableState.Update update(java.util.Map<String, float[]> gradSums, int count, double lr) {
    broadcaster.retire(); // local mode's replicas read these arrays; from here on they change
    return state.update(gradSums, count, lr, optim.maxGradNorm(), optim.adam(), optimThreads);
  }

  /** Whether step {@code step} ends with a checkpoint. */
  public boolean checkpointDue(int step) {
    return step % run.checkpointEvery() == 0 || step == run.lastStep();
  }

  /** The executor side of one step's Spark job: a partition of work items to its records. */
  public interface StepTask<T> extends Function2<Integer, Iterator<T>, Iterator<Tuple2<StepKey, TaskPayload>>> {}

  /**
   * Runs one step's Spark job, the launch SFT and T-GRPO share: {@code items} over the model tasks' partitions, each
   * task built by {@code taskFor} from the step's {@link GradientHandoff} job (local mode with {@code local_handoff};
   * null elsewhere, and gradients then travel as task results), and the output reduced in partition order.
   *
   * @param description the Spark UI's description of the job
   */
  public <T> GradientAggregator.Result stepJob(String description, List<T> items,
      Function<String, StepTask<T>> taskFor) {
    jsc.setJobDescription(description);
    String handoff = byReference ? GradientHandoff.newJob() : null;
    StepTask<T> task = taskFor.apply(handoff);
    int parts = partitions(items.size());
    JavaRDD<Tuple2<StepKey, TaskPayload>> out =
        modelTasks.apply(jsc.parallelize(items, parts).mapPartitionsWithIndex(task, false));
    try {
      return GradientAggregator.reduce(out, state.sizes(), run.gradientChunk(), parts, handoff);
    } finally {
      jsc.setJobDescription(null);
    }
  }

  /** Broadcasts the current weights as version {@code version} (the step they roll out or train). */
  public Broadcast<WeightBroadcaster.Snapshot> publish(long version) {
    return broadcaster.publish(version, state.weights(), state.shapes());
  }

  /** The driver's policy (what it holds of the model). */
  public DriverPolicy policy() {
    return policy;
  }

  /** Spark tasks for {@code items} work items. */
  public int partitions(int items) {
    int p = run.partitions() > 0 ? run.partitions() : jsc.defaultParallelism();
    return Math.max(1, Math.min(items, p));
  }

  /** A fresh id per run, naming the executors' replicas of this run's policy. */
  public String runKey() {
    return runKey;
  }

  /** The policy as the run trains it (its starting checkpoint resolved). */
  public ModelSpec spec() {
    return spec;
  }

  /** The driver's Hadoop configuration as every task of the run gets it. */
  public HadoopConf hadoop() {
    return hadoop;
  }

  public MetricsLog metrics() {
    return metrics;
  }

  public TrainableState state() {
    return state;
  }

  public int startStep() {
    return startStep;
  }

  @Override
  public void close() {
    optimThreads.close();
    broadcaster.close();
    policy.close();
    if (spark.sparkContext().isLocal()) {
      PolicyReplica.release();
    }
  }
}
