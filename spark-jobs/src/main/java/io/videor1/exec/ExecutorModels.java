package io.videor1.exec;

import io.videor1.model.VisionLanguageModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Models loaded once per executor JVM and shared by its task threads.
 *
 * <p>A slot ("policy", "reference", "eval") holds one model at one version. Asking for a new version closes the old one
 * and loads the new: a training step's tasks all use the same version, and the driver starts the next step only after
 * they finish, so no task still holds the closed model. Inference on a shared model from several threads is safe (each
 * call works in its own NDManager); autograd is not, see {@link #GRADIENTS}.
 */
public final class ExecutorModels {
  /** Held around every forward-and-backward: DJL's PyTorch GradientCollector allows one collector per JVM. */
  public static final ReentrantLock GRADIENTS = new ReentrantLock();

  /** Loads a slot's model when it is missing or at another version. */
  @FunctionalInterface
  public interface Loader {
    VisionLanguageModel load() throws Exception;
  }

  private record Entry(String version, VisionLanguageModel model) {}

  private static final Map<String, Entry> SLOTS = new HashMap<>();

  private ExecutorModels() {}

  /** The model of {@code slot} at {@code version}. */
  public static synchronized VisionLanguageModel get(String slot, String version, Loader loader) throws Exception {
    Entry e = SLOTS.get(slot);
    if (e != null && e.version().equals(version)) {
      return e.model();
    }
    if (e != null) {
      SLOTS.remove(slot);
      e.model().close();
    }
    VisionLanguageModel m = loader.load();
    SLOTS.put(slot, new Entry(version, m));
    return m;
  }

  /** Closes every loaded model (tests, and executors that are shutting down). */
  public static synchronized void clear() {
    SLOTS.values().forEach(e -> e.model().close());
    SLOTS.clear();
  }

  /**
   * A checkpoint directory of any Hadoop FileSystem as a local directory FFmpeg and DJL can open: local paths are used
   * in place, remote ones are copied once per JVM into {@code java.io.tmpdir/videor1-models/<hash of path>}.
   */
  public static synchronized Path localDir(String dir, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      return Path.of(fs.makeQualified(p).toUri());
    }
    Path local = Path.of(System.getProperty("java.io.tmpdir"), "videor1-models", sha1(fs.makeQualified(p).toString()));
    Path done = local.resolve(".complete");
    if (!Files.exists(done)) {
      Files.createDirectories(local);
      for (FileStatus st : fs.listStatus(p)) {
        if (st.isFile()) {
          fs.copyToLocalFile(false, st.getPath(), new org.apache.hadoop.fs.Path(local.resolve(st.getPath().getName()).toUri()), true);
        }
      }
      Files.writeString(done, dir);
    }
    return local;
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
