package io.videor1.curate;

import java.io.Serializable;

/**
 * One record of a manifest as it stood in the file, before any validation.
 *
 * @param line 1-based line in the file where the record starts
 * @param raw the record's JSON text (compacted for JSON arrays, verbatim for JSONL)
 * @param readError why the manifest could not be read from here on, or null
 */
public record ManifestLine(long line, String raw, String readError) implements Serializable {}
