package io.videor1.inspect;

import io.videor1.model.io.CheckpointFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A checkpoint folder on any Hadoop FileSystem (HDFS, S3A, GCS, local), read by byte ranges: validation reads the
 * JSON files and the safetensors headers only, never a copy of the weights.
 */
public final class HadoopCheckpointFiles implements CheckpointFiles {
  private final FileSystem fs;
  private final Path dir;

  private HadoopCheckpointFiles(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** The folder {@code dir} under {@code conf}. */
  public static HadoopCheckpointFiles of(String dir, Configuration conf) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    return new HadoopCheckpointFiles(fs, fs.makeQualified(p));
  }

  private Path resolve(String name) throws IOException {
    return new Path(dir, CheckpointFiles.plainName(name, dir.toString()));
  }

  private FileStatus status(String name) throws IOException {
    try {
      return fs.getFileStatus(resolve(name));
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public String location() {
    return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem ? dir.toUri().getPath() : dir.toString();
  }

  @Override
  public boolean isFile(String name) throws IOException {
    FileStatus s = status(name);
    return s != null && s.isFile();
  }

  @Override
  public long size(String name) throws IOException {
    FileStatus s = status(name);
    if (s == null) {
      throw new FileNotFoundException(path(name));
    }
    return s.getLen();
  }

  @Override
  public byte[] read(String name, long offset, int length) throws IOException {
    int n = (int) Math.max(0, Math.min(length, size(name) - offset));
    byte[] out = new byte[n];
    try (FSDataInputStream in = fs.open(resolve(name))) {
      in.readFully(offset, out, 0, n);
    }
    return out;
  }

  @Override
  public java.nio.file.Path localPath(String name) throws IOException {
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      return java.nio.file.Path.of(resolve(name).toUri());
    }
    return null;
  }

  @Override
  public CheckpointFiles folder(String name) {
    return new HadoopCheckpointFiles(fs, new Path(dir, name));
  }
}
