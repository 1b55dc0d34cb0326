package io.videor1.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the curation job did. {@code rowsIn = rowsOut + rowsQuarantined + rowsSkipped} always holds, over
 * all the manifest files the run read.
 *
 * @param alarm the quarantine alarm's line when this run's quarantine rate was above the limit (exit code 4), or null
 */
public record CurateSummary(
    long rowsIn,
    long rowsOut,
    long rowsQuarantined,
    long rowsSkipped,
    long skippedAlreadyCurated,
    long skippedAlreadyQuarantined,
    long mediaFiles,
    Map<String, Long> quarantinedByStage,
    String paramsHash,
    String batchId,
    String framesPath,
    String quarantinePath,
    double seconds,
    Map<String, Object> parameters,
    Map<String, Object> inputs,
    List<String> manifestFiles,
    Map<String, Long> topQuarantineReasons,
    String alarm) {

  public boolean balanced() {
    return rowsIn == rowsOut + rowsQuarantined + rowsSkipped;
  }

  /** The {@code _summary.json} document. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows_in", rowsIn);
    m.put("rows_out", rowsOut);
    m.put("rows_quarantined", rowsQuarantined);
    m.put("rows_skipped", rowsSkipped);
    m.put("skipped_already_curated", skippedAlreadyCurated);
    m.put("skipped_already_quarantined", skippedAlreadyQuarantined);
    m.put("media_files", mediaFiles);
    m.put("quarantined_by_stage", quarantinedByStage);
    m.put("quarantine_rate", Math.round(QuarantineAlarm.rate(rowsOut, rowsQuarantined) * 10000) / 10000.0);
    m.put("top_quarantine_reasons", topQuarantineReasons);
    m.put("alarm", alarm);
    m.put("manifest_files_read", manifestFiles.size());
    m.put("manifest_files", manifestFiles);
    m.put("params_hash", paramsHash);
    m.put("batch_id", batchId);
    m.put("frames_path", framesPath);
    m.put("quarantine_path", quarantinePath);
    m.put("seconds", Math.round(seconds * 1000) / 1000.0);
    m.put("parameters", parameters);
    m.put("inputs", inputs);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The closing line printed by the command. */
  public String balanceLine() {
    return String.format(
        "rows_in=%d = rows_out=%d + rows_quarantined=%d + rows_skipped=%d (%s)",
        rowsIn, rowsOut, rowsQuarantined, rowsSkipped, balanced() ? "balanced" : "UNBALANCED");
  }
}
