package io.videor1.train.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints under one directory of any Hadoop FileSystem, each whole or absent.
 *
 * <pre>
 * ROOT/step-00000010/   a finished checkpoint (its contents end with the _COMPLETE marker)
 * ROOT/_tmp-step-.../   one being written (ignored; removed by the next save)
 * </pre>
 *
 * <p>A checkpoint is written under a temporary name, marked complete, then renamed: a kill at any point leaves the
 * previous checkpoint as the newest whole one, which is what {@link #latest()} returns for {@code --resume}.
 */
public final class CheckpointStore {
  static final String COMPLETE = "_COMPLETE";
  private static final String PREFIX = "step-";

  /** Writes a checkpoint's files into the directory it is given. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(FileSystem fs, Path dir) throws IOException;
  }

  /** A whole checkpoint. */
  public record Checkpoint(int step, Path dir) {}

  private final FileSystem fs;
  private final Path root;

  public CheckpointStore(String root, Configuration conf) throws IOException {
    this.root = new Path(root);
    this.fs = this.root.getFileSystem(conf);
  }

  /** Writes the checkpoint of {@code step} atomically and keeps the newest {@code keep} (0 keeps all). */
  public Checkpoint save(int step, Contents contents, int keep) throws IOException {
    fs.mkdirs(root);
    for (FileStatus st : fs.listStatus(root, p -> p.getName().startsWith("_tmp-"))) {
      fs.delete(st.getPath(), true); // a save that died half-way
    }
    Path tmp = new Path(root, "_tmp-" + name(step) + "-" + UUID.randomUUID().toString().substring(0, 8));
    fs.mkdirs(tmp);
    contents.writeTo(fs, tmp);
    try (OutputStream o = fs.create(new Path(tmp, COMPLETE), true)) {
      o.write(("step " + step + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Path dst = new Path(root, name(step));
    if (fs.exists(dst)) {
      fs.delete(dst, true); // an earlier, abandoned run reached this step; the new one replaces it
    }
    if (!fs.rename(tmp, dst)) {
      throw new IOException("cannot rename " + tmp + " to " + dst);
    }
    if (keep > 0) {
      List<Checkpoint> all = list();
      for (int i = 0; i < all.size() - keep; i++) {
        fs.delete(all.get(i).dir(), true);
      }
    }
    return new Checkpoint(step, dst);
  }

  /** The newest whole checkpoint, if any. */
  public Optional<Checkpoint> latest() throws IOException {
    List<Checkpoint> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Every whole checkpoint, oldest first. */
  public List<Checkpoint> list() throws IOException {
    List<Checkpoint> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(root, p -> p.getName().startsWith(PREFIX))) {
      if (st.isDirectory() && fs.exists(new Path(st.getPath(), COMPLETE))) {
        out.add(new Checkpoint(Integer.parseInt(st.getPath().getName().substring(PREFIX.length())), st.getPath()));
      }
    }
    out.sort((a, b) -> Integer.compare(a.step(), b.step()));
    return out;
  }

  private static String name(int step) {
    return String.format("%s%08d", PREFIX, step);
  }
}
