package io.videor1.inspect;

import com.sun.management.OperatingSystemMXBean;
import io.videor1.model.check.CheckpointSummary;
import io.videor1.model.check.CheckpointValidator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.apache.hadoop.conf.Configuration;

/**
 * Validates a checkpoint on any Hadoop path and decides whether it loads on this machine, without loading its
 * weights: what {@code videor1 inspect} prints and what {@code train}, {@code sft} and {@code eval} check on the
 * driver before Spark starts.
 */
public final class CheckpointInspector {
  private CheckpointInspector() {}

  /**
   * What inspection found.
   *
   * @param summary the validated checkpoint
   * @param float32Bytes its weights as float32, the CPU compute type (bf16 and f16 files are widened on load)
   * @param memoryBytes physical memory of this machine
   * @param loads whether the checkpoint loads here
   * @param reason why not, or why it does
   */
  public record Report(CheckpointSummary summary, long float32Bytes, long memoryBytes, boolean loads, String reason) {}

  /** Validates {@code dir}; a malformed checkpoint throws {@link io.videor1.model.io.InvalidCheckpointException}. */
  public static CheckpointSummary validate(String dir, Configuration conf) throws IOException {
    return CheckpointValidator.validate(HadoopCheckpointFiles.of(dir, conf));
  }

  /** Validates {@code dir} and weighs it against this machine's memory. */
  public static Report inspect(String dir, Configuration conf) throws IOException {
    CheckpointSummary s = validate(dir, conf);
    long need = s.float32Bytes();
    long have = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    boolean fits = need <= have;
    String reason = (fits ? "valid; " : "valid, but ") + "float32 weights need " + Units.bytes(need) + " of this"
        + " machine's " + Units.bytes(have) + " memory" + (fits ? "" : " (load as FLOAT16 on a GPU)");
    return new Report(s, need, have, fits, reason);
  }
}
