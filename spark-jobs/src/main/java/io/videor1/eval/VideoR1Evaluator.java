package io.videor1.eval;

import io.videor1.reward.RewardOptions;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An MLlib {@link Evaluator} with Video-R1's evaluation metrics over a DataFrame of answers (one row per question:
 * the model's output, the record's {@code solution}, {@code problem_type} and {@code options}).
 *
 * <p>Metrics: {@code accuracy} (mean score of non-regression items), {@code mra} (mean relative accuracy of regression
 * items), {@code benchmark_score} (accuracy; for VSI-Bench the mean of accuracy and MRA, #121), and the same three
 * prefixed {@code robust_} with the robust multiple-choice extractor. Saved and loaded with MLlib's default writers.
 */
public final class VideoR1Evaluator extends Evaluator implements DefaultParamsWritable {
  private static final List<String> METRICS =
      List.of("accuracy", "mra", "benchmark_score", "robust_accuracy", "robust_mra", "robust_benchmark_score");

  private final String uid;
  private final Param<String> metricName;
  private final Param<String> outputCol;
  private final Param<String> solutionCol;
  private final Param<String> problemTypeCol;
  private final Param<String> optionsCol;
  private final BooleanParam vsiBench;

  public VideoR1Evaluator() {
    this(Identifiable$.MODULE$.randomUID("videor1Eval"));
  }

  public VideoR1Evaluator(String uid) {
    this.uid = uid;
    metricName = new Param<>(this, "metricName", "metric: one of " + METRICS);
    outputCol = new Param<>(this, "outputCol", "column of the model's raw outputs");
    solutionCol = new Param<>(this, "solutionCol", "column of the records' solutions (<answer>X</answer>)");
    problemTypeCol = new Param<>(this, "problemTypeCol", "column of the records' problem types");
    optionsCol = new Param<>(this, "optionsCol", "column of the records' options (array<string>), may be absent");
    vsiBench = new BooleanParam(this, "vsiBench", "whether benchmark_score uses VSI-Bench's (acc + mra) / 2");
    setDefault(metricName, "benchmark_score");
    setDefault(outputCol, "output");
    setDefault(solutionCol, "solution");
    setDefault(problemTypeCol, "problem_type");
    setDefault(optionsCol, "options");
    setDefault(vsiBench, false);
  }

  public Param<String> metricName() {
    return metricName;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> solutionCol() {
    return solutionCol;
  }

  public Param<String> problemTypeCol() {
    return problemTypeCol;
  }

  public Param<String> optionsCol() {
    return optionsCol;
  }

  public BooleanParam vsiBench() {
    return vsiBench;
  }

  public VideoR1Evaluator setMetricName(String v) {
    if (!METRICS.contains(v)) {
      throw new IllegalArgumentException("metricName must be one of " + METRICS + ", got '" + v + "'");
    }
    set(metricName, v);
    return this;
  }

  public VideoR1Evaluator setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public VideoR1Evaluator setVsiBench(boolean v) {
    set(vsiBench, v);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    String metric = $(metricName);
    boolean robust = metric.startsWith("robust_");
    boolean hasOptions = List.of(dataset.columns()).contains($(optionsCol));
    Dataset<Row> cols =
        hasOptions
            ? dataset.selectExpr($(problemTypeCol), $(solutionCol), $(outputCol), $(optionsCol))
            : dataset.selectExpr($(problemTypeCol), $(solutionCol), $(outputCol));
    RewardOptions opts = RewardOptions.defaults();
    // [sum of non-regression scores, their count, sum of regression scores, their count]
    double[] sums =
        cols.javaRDD()
            .map(r -> {
              List<String> options = hasOptions && !r.isNullAt(3) ? r.getList(3) : List.of();
              ScoredAnswer a = AnswerScorer.score("", 0, r.getString(0), r.getString(1), options, r.getString(2), "", opts);
              double s = robust ? a.robustScore() : a.score();
              boolean regression = r.getString(0).equals("regression");
              return regression ? new double[] {0, 0, s, 1} : new double[] {s, 1, 0, 0};
            })
            .fold(new double[4], (x, y) -> new double[] {x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] + y[3]});
    OptionalDouble acc = sums[1] > 0 ? OptionalDouble.of(sums[0] / sums[1]) : OptionalDouble.empty();
    OptionalDouble mra = sums[3] > 0 ? OptionalDouble.of(sums[2] / sums[3]) : OptionalDouble.empty();
    return switch (metric.replace("robust_", "")) {
      case "accuracy" -> acc.orElse(0);
      case "mra" -> mra.orElse(0);
      default -> io.videor1.reward.EvalScorer.benchmarkScore(acc, mra, (Boolean) $(vsiBench)).orElse(0);
    };
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  @Override
  public Evaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<VideoR1Evaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static VideoR1Evaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "VideoR1Evaluator(" + uid + ", metric=" + $(metricName).toLowerCase(Locale.ROOT) + ")";
  }
}
