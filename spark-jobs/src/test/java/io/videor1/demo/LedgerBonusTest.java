package io.videor1.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videor1.rl.BonusEffect;
import io.videor1.rl.RlOptions;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger readers behind bench demo's columns, on small ledgers written as the trainer's are (Parquet, step=N). */
class LedgerBonusTest {
  private static final StructType SCHEMA = new StructType()
      .add("group_id", DataTypes.StringType).add("shuffled", DataTypes.BooleanType)
      .add("sample_index", DataTypes.IntegerType).add("completion", DataTypes.StringType)
      .add("total_reward", DataTypes.DoubleType).add("temporal_bonus", DataTypes.DoubleType)
      .add("failure", DataTypes.StringType);

  /** Two steps of one 4-completion group; {@code changeStep2} changes one ordered completion of step 2. */
  private static void ledger(Path run, boolean bonus, boolean changeStep2, boolean changeShuffled) {
    SparkSession spark = SparkTestSession.get();
    for (int step = 1; step <= 2; step++) {
      List<Row> rows = new ArrayList<>();
      double b = bonus ? 0.3 : 0;
      rows.add(RowFactory.create(step + "-0", false, 0, step == 2 && changeStep2 ? "other" : "a", 2 + b, b, null));
      rows.add(RowFactory.create(step + "-0", false, 1, "b", 1.0, 0.0, null));
      rows.add(RowFactory.create(step + "-0", false, 2, "c", 2 + b, b, null));
      rows.add(RowFactory.create(step + "-0", false, 3, "d", 1.0, 0.0, null));
      rows.add(RowFactory.create(step + "-0", true, 0, changeShuffled ? "z" : "y", 1.0, 0.0, null));
      spark.createDataFrame(rows, SCHEMA).write().parquet(run.resolve("ledger").resolve("step=" + step).toString());
    }
  }

  @Test
  void theFirstDifferentStepIgnoresShuffledCompletions(@TempDir Path dir) {
    ledger(dir.resolve("a"), true, false, false);
    ledger(dir.resolve("b"), false, false, true);
    ledger(dir.resolve("c"), false, true, false);
    SparkSession spark = SparkTestSession.get();
    assertEquals(0, LedgerBonus.firstDivergence(spark, dir.resolve("a").toString(), dir.resolve("b").toString()));
    assertEquals(2, LedgerBonus.firstDivergence(spark, dir.resolve("a").toString(), dir.resolve("c").toString()));
  }

  @Test
  void aConstantFormatBonusMovesNothingUnderStdScaling(@TempDir Path dir) {
    ledger(dir.resolve("a"), true, false, false);
    SparkSession spark = SparkTestSession.get();
    BonusEffect std = LedgerBonus.of(spark, dir.resolve("a").toString(), RlOptions.defaults());
    assertEquals(2, std.groups());
    assertEquals(2, std.bonusGroups());
    assertEquals(0, std.movedGroups());
    BonusEffect dr = LedgerBonus.of(spark, dir.resolve("a").toString(),
        RlOptions.builder().optScaleAdvantageByStd(false).build());
    assertEquals(2, dr.movedGroups());
    assertEquals(0.5 * 1.3 - 0.5, dr.meanAbsShift(), 1e-12); // |A| = 0.65 with the bonus, 0.5 without
  }
}
