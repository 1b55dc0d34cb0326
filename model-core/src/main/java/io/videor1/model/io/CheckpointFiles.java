package io.videor1.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The files of one checkpoint folder, addressed by plain names only, read by byte ranges: what validation needs to
 * check a checkpoint on the local disk or (through an implementation in spark-jobs) on any Hadoop FileSystem, without
 * copying or mapping its weights.
 */
public interface CheckpointFiles {
  /** Largest JSON file read whole (Qwen's tokenizer.json is 7 MB). */
  long MAX_JSON_BYTES = 64L << 20;

  /** The folder as the user named it (for messages). */
  String location();

  /** True when {@code name} is a regular file of the folder. */
  boolean isFile(String name) throws IOException;

  /** Size of {@code name} in bytes. */
  long size(String name) throws IOException;

  /** Up to {@code length} bytes of {@code name} from {@code offset} (fewer only at the end of the file). */
  byte[] read(String name, long offset, int length) throws IOException;

  /** The files of sub-folder {@code name}. */
  CheckpointFiles folder(String name);

  /** {@code name} as a local file, or null when the folder is not on the local file system. */
  default Path localPath(String name) throws IOException {
    return null;
  }

  /** The path of {@code name} for messages. */
  default String path(String name) {
    return location() + "/" + name;
  }

  /** A small file's text (UTF-8), refusing files over {@link #MAX_JSON_BYTES}. */
  default String readString(String name) throws IOException {
    long size = size(name);
    if (size > MAX_JSON_BYTES) {
      throw new InvalidCheckpointException(path(name), "file", size + " bytes is over the " + MAX_JSON_BYTES
          + "-byte limit for a JSON file");
    }
    return new String(read(name, 0, (int) size), StandardCharsets.UTF_8);
  }

  /** Refuses names that could leave the folder: separators, "." and "..", NUL, empty. */
  static String plainName(String name, String where) throws InvalidCheckpointException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0 || name.indexOf(':') >= 0) {
      throw new InvalidCheckpointException(where, name, "is not a plain file name inside the checkpoint folder");
    }
    return name;
  }

  /** A folder of the local file system. */
  static CheckpointFiles local(Path dir) {
    return new Local(dir);
  }

  /** {@link CheckpointFiles} of a local folder. */
  final class Local implements CheckpointFiles {
    private final Path dir;

    Local(Path dir) {
      this.dir = dir;
    }

    private Path resolve(String name) throws InvalidCheckpointException {
      return dir.resolve(plainName(name, dir.toString()));
    }

    @Override
    public String location() {
      return dir.toString();
    }

    @Override
    public boolean isFile(String name) throws IOException {
      return Files.isRegularFile(resolve(name));
    }

    @Override
    public long size(String name) throws IOException {
      return Files.size(resolve(name));
    }

    @Override
    public byte[] read(String name, long offset, int length) throws IOException {
      try (FileChannel ch = FileChannel.open(resolve(name), StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(length, ch.size() - offset)));
        while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
          // read until the buffer is full or the file ends
        }
        return Arrays.copyOf(b.array(), b.position());
      }
    }

    @Override
    public Path localPath(String name) throws IOException {
      return resolve(name);
    }

    @Override
    public CheckpointFiles folder(String name) {
      return new Local(dir.resolve(name));
    }
  }
}
