package io.videor1.curate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The driver's half of a curation run: every manifest line either becomes part of a media group for the executors,
 * or a quarantine entry (it cannot be parsed, or names no usable path), or is skipped as quarantined before.
 *
 * @param groups records grouped by media file and data type, in manifest order
 * @param quarantine records refused on the driver
 * @param skippedQuarantined records refused before with the same key, or repeated in this run
 */
record CurationPlan(List<MediaGroup> groups, List<QuarantineEntry> quarantine, long skippedQuarantined) {

  static CurationPlan of(List<ManifestLine> lines, Set<String> existing, String paramsHash) {
    List<QuarantineEntry> quarantine = new ArrayList<>();
    long skipped = 0;
    Map<String, MediaGroup> groups = new LinkedHashMap<>();
    Set<String> refused = new HashSet<>();
    for (ManifestLine line : lines) {
      ManifestRecord r;
      try {
        r = ManifestRecord.parse(line);
      } catch (IllegalArgumentException e) {
        String key = CurateTask.rowKey(paramsHash, line.raw(), "no-media");
        if (existing.contains(CurateOutput.QUARANTINED_PREFIX + key) || !refused.add(key)) {
          skipped++;
        } else {
          String stage = e.getMessage().contains("media path") ? "resolve" : "manifest";
          quarantine.add(new QuarantineEntry(key, line.line(), line.raw(), null, stage, e.getMessage()));
        }
        continue;
      }
      groups
          .computeIfAbsent(
              r.dataType() + "\u0000" + r.mediaPath(), k -> new MediaGroup(r.mediaPath(), r.dataType(), new ArrayList<>()))
          .records()
          .add(r);
    }
    return new CurationPlan(new ArrayList<>(groups.values()), quarantine, skipped);
  }
}
