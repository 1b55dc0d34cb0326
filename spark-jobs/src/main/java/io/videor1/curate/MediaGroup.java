package io.videor1.curate;

import java.io.Serializable;
import java.util.List;

/**
 * The records that name one media file as the same data type: the file is hashed and decoded once for all of them
 * (Video-R1 asks several questions about one video).
 */
public record MediaGroup(String mediaPath, String dataType, List<ManifestRecord> records) implements Serializable {}
