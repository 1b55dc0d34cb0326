package io.videor1.demo.probe;

import io.videor1.demo.HeldOutEval;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.FrameProbe;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.PromptStyle;
import io.videor1.train.data.TrainData;
import io.videor1.train.run.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/** Dev probe (not a test): greedy accuracy of one model on the first N curated test records, per family and probe. */
public final class HeldOutProbe {
  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("probe").getOrCreate();
    List<PromptMeta> test = TrainData.load(spark, a[0]);
    int n = Math.min(test.size(), Integer.parseInt(a[2]));
    test = test.subList(0, n);
    for (int k = 3; k < a.length; k++) {
      String model = a[k];
      ModelSpec style = new ModelSpec(model, null, List.of(), PromptStyle.parse("short", "x"), 2.0);
      List<HeldOutEval.Item> items = HeldOutEval.run(spark, test, model,
          new HeldOutEval.Settings(style, 128, 7, new EngineThreads.Setting(0), true), "probe");
      Map<String, double[]> by = new TreeMap<>();
      for (HeldOutEval.Item i : items) {
        double[] s = by.computeIfAbsent(i.dataSource(), x -> new double[4]);
        s[0] += i.ordered();
        s[1] += i.under(FrameProbe.SHUFFLED);
        s[2] += i.under(FrameProbe.BLANK);
        s[3] += 1;
      }
      System.out.println("== " + model);
      by.forEach((src, s) -> System.out.printf("%-20s n=%3d ordered %.3f shuffled %.3f blank %.3f%n", src, (int) s[3],
          s[0] / s[3], s[1] / s[3], s[2] / s[3]));
      System.out.println("sample output: " + items.get(0).output().get(FrameProbe.ORDERED));
    }
    spark.stop();
  }
}
