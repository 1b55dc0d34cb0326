package io.videor1.app;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Starts the Spark session of a command: master and resources from spark-submit or -Dspark.*, else local mode. */
final class SparkSessions {
  private SparkSessions() {}

  static SparkSession start(String appName) {
    SparkConf conf = new SparkConf(); // reads spark.* system properties (the launcher passes --master this way)
    SparkSession.Builder b = SparkSession.builder().appName(appName).config(conf);
    if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    if (!conf.contains("spark.ui.showConsoleProgress")) {
      b.config("spark.ui.showConsoleProgress", "false"); // the job prints its own progress line
    }
    if (!conf.contains("spark.broadcast.compress")) {
      // The one large broadcast is the step's weights: float32 values that LZ4 cannot shrink, only slow down.
      b.config("spark.broadcast.compress", "false");
    }
    return b.getOrCreate();
  }

  /**
   * The Hadoop configuration the driver's Spark session will have, for checks that run before Spark starts:
   * core-site.xml plus every {@code spark.hadoop.*} setting ({@code --conf} of spark-submit, or a system property),
   * as Spark copies them, so a FileSystem scheme or credentials set only there reach the check too.
   */
  static org.apache.hadoop.conf.Configuration driverHadoopConf() {
    org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), System.getProperty(k));
      }
    }
    return c;
  }
}
