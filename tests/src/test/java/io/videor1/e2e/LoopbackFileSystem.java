package io.videor1.e2e;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under a scheme of its own, {@value #SCHEME}{@code :///abs/path}, that Hadoop knows only through
 * {@code spark.hadoop.fs.vrloop.impl} (no service-loader entry, so a {@code new Configuration()} fails with "No
 * FileSystem for scheme"), like an object store whose connector is configured per application. It is not a
 * LocalFileSystem, so the jobs treat it as remote (copying models, streaming media). Every open is appended to the
 * file named by {@code vrloop.open.log} as "pid TAB path", so a test can see which JVM read what.
 */
public class LoopbackFileSystem extends FileSystem {
  public static final String SCHEME = "vrloop";
  private static final URI ROOT = URI.create(SCHEME + ":///");
  private final RawLocalFileSystem local = new RawLocalFileSystem();
  private Path workingDir;
  private String openLog;

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    local.initialize(URI.create("file:///"), conf);
    openLog = conf.get("vrloop.open.log");
    workingDir = new Path(SCHEME, null, System.getProperty("user.dir"));
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return ROOT;
  }

  private Path toLocal(Path p) {
    Path abs = p.isAbsolute() ? p : new Path(workingDir, p);
    return new Path("file", null, abs.toUri().getPath());
  }

  private Path toLoop(Path p) {
    return new Path(SCHEME, null, p.toUri().getPath());
  }

  private FileStatus loop(FileStatus s) {
    s.setPath(toLoop(s.getPath()));
    return s;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (openLog != null) {
      String line = ProcessHandle.current().pid() + "\t" + toLocal(f).toUri().getPath() + "\n";
      synchronized (LoopbackFileSystem.class) {
        Files.writeString(java.nio.file.Path.of(openLog), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    }
    return local.open(toLocal(f), bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return local.create(toLocal(f), permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    return local.append(toLocal(f), bufferSize, progress);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    return local.rename(toLocal(src), toLocal(dst));
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    return local.delete(toLocal(f), recursive);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws FileNotFoundException, IOException {
    FileStatus[] all = local.listStatus(toLocal(f));
    for (FileStatus s : all) {
      loop(s);
    }
    return all;
  }

  @Override
  public void setWorkingDirectory(Path dir) {
    workingDir = dir.isAbsolute() ? toLoop(dir) : new Path(workingDir, dir);
  }

  @Override
  public Path getWorkingDirectory() {
    return workingDir;
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    return local.mkdirs(toLocal(f), permission);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return loop(local.getFileStatus(toLocal(f)));
  }
}
