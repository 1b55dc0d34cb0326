package io.videor1.curate;

import io.videor1.conf.ConfigError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What {@code --manifest} names, as a list of files: one file, a directory (every {@code *.json} and {@code *.jsonl}
 * directly in it) or a glob ({@code hdfs:///in/day-*.jsonl}), on any Hadoop FileSystem.
 *
 * <p>A scheduled run points at a folder that grows by one file a day; files are read in name order (dated names sort
 * by date), so a record's position in the run is stable. Anything that names no manifest is a configuration error that
 * says which path and why, rather than a stack trace from opening a directory as a file.
 */
public final class ManifestFiles {
  private ManifestFiles() {}

  /** The manifest files {@code spec} names, in name order; a ConfigError (exit 2) when it names none. */
  public static List<Path> resolve(String spec, Configuration hadoop) throws IOException {
    Path path = new Path(spec);
    FileSystem fs = path.getFileSystem(hadoop);
    FileStatus st = fs.exists(path) ? fs.getFileStatus(path) : null;
    if (st != null && st.isFile()) {
      return List.of(st.getPath());
    }
    List<FileStatus> found = new ArrayList<>();
    if (st != null) {
      for (FileStatus f : fs.listStatus(path)) {
        if (f.isFile() && isManifestName(f.getPath().getName())) {
          found.add(f);
        }
      }
      if (found.isEmpty()) {
        throw new ConfigError("manifest directory " + spec + " holds no *.json or *.jsonl file");
      }
    } else {
      FileStatus[] matched = isGlob(spec) ? fs.globStatus(path) : null;
      if (matched == null || matched.length == 0) {
        throw new ConfigError(
            isGlob(spec) ? "manifest glob " + spec + " matches no file" : "manifest not found: " + spec);
      }
      for (FileStatus f : matched) {
        if (f.isFile() && !hidden(f.getPath().getName())) {
          found.add(f);
        }
      }
      if (found.isEmpty()) {
        throw new ConfigError("manifest glob " + spec + " matches only directories");
      }
    }
    // Name order within a directory; full-path order across the directories a glob may span.
    found.sort(Comparator.comparing((FileStatus f) -> f.getPath().toString()));
    List<Path> out = new ArrayList<>(found.size());
    for (FileStatus f : found) {
      out.add(f.getPath());
    }
    return out;
  }

  /** Every record of every file, file after file; line numbers stay those of each file. */
  public static List<ManifestLine> readAll(List<Path> files, Configuration hadoop) throws IOException {
    List<ManifestLine> all = new ArrayList<>();
    for (Path f : files) {
      all.addAll(ManifestReader.read(f.toString(), hadoop));
    }
    return all;
  }

  private static boolean isManifestName(String name) {
    return !hidden(name) && (name.endsWith(".json") || name.endsWith(".jsonl"));
  }

  /** Hidden and in-progress files (an uploader's {@code .part}, {@code _tmp}) are never manifests. */
  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static boolean isGlob(String spec) {
    return spec.indexOf('*') >= 0 || spec.indexOf('?') >= 0 || spec.indexOf('[') >= 0 || spec.indexOf('{') >= 0;
  }
}
