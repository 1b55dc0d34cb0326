package io.videor1.curate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The three atomic operations a lease needs on one file, on the output's own FileSystem: create only if absent, replace
 * whole, and move away.
 *
 * <p>HDFS gives all three ({@code create(overwrite=false)} is decided by the NameNode, renames are atomic). Hadoop's
 * local FileSystem does not: its {@code create(overwrite=false)} checks, then opens, so two processes can both
 * "create" the file. Local paths therefore use the operating system directly: the content is written to a private
 * file and hard-linked to the lease name ({@code link(2)} fails if the name exists, and the file is never seen
 * half-written), and replacement is a {@code rename(2)}.
 */
final class LeaseFile {
  private final FileSystem fs;
  private final Path path;
  private final java.nio.file.Path local; // null on a remote FileSystem

  LeaseFile(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    if (fs instanceof LocalFileSystem lfs) {
      this.local = lfs.pathToFile(path).toPath();
    } else if (fs instanceof RawLocalFileSystem raw) {
      this.local = raw.pathToFile(path).toPath();
    } else {
      this.local = null;
    }
  }

  Path path() {
    return path;
  }

  /** Creates the file with {@code text} if no file has that name; false if one has. */
  boolean createIfAbsent(String text, String tag) throws IOException {
    if (local == null) {
      try (OutputStream o = fs.create(path, false)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      } catch (IOException e) {
        if (fs.exists(path)) {
          return false; // some FileSystems report the clash as a plain IOException
        }
        throw e;
      }
    }
    Files.createDirectories(local.getParent());
    java.nio.file.Path tmp = local.resolveSibling("." + local.getFileName() + "." + tag + ".new");
    Files.writeString(tmp, text);
    try {
      Files.createLink(local, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Replaces the file's content in one step, so a reader sees the old lease or the new one. */
  void replace(String text, String tag) throws IOException {
    if (local == null) {
      Path tmp = new Path(path.getParent(), "." + path.getName() + "." + tag + ".new");
      try (OutputStream o = fs.create(tmp, true)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
      FileContext fc;
      try {
        fc = FileContext.getFileContext(fs.getUri(), fs.getConf());
      } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
        // A scheme bound only through fs.<scheme>.impl has no AbstractFileSystem, so no rename with OVERWRITE: delete
        // and rename. For that moment there is no lease file; a run that creates one then is caught by the owner's
        // re-check before every commit, so the table still never gets a record twice.
        fs.delete(path, false);
        if (!fs.rename(tmp, path)) {
          throw new IOException("could not replace the lease " + path + " with " + tmp);
        }
        return;
      }
      fc.rename(tmp, path, Options.Rename.OVERWRITE);
      return;
    }
    java.nio.file.Path tmp = local.resolveSibling("." + local.getFileName() + "." + tag + ".new");
    Files.writeString(tmp, text);
    try {
      Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The lease in the file, or null when there is no file. */
  LeaseInfo read() throws IOException {
    try {
      if (local != null) {
        return LeaseInfo.parse(Files.readString(local), Files.getLastModifiedTime(local).toInstant());
      }
      Instant mtime = Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
      try (InputStream in = fs.open(path)) {
        return LeaseInfo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), mtime);
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return null;
    }
  }

  /**
   * Moves the file to {@code to}; false if it was gone. Only one of several runs moving the same file succeeds, which
   * is what makes taking over a dead run's lease exclusive.
   */
  boolean moveTo(LeaseFile to) throws IOException {
    if (local == null) {
      return fs.rename(path, to.path);
    }
    try {
      Files.move(local, to.local, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  void delete() throws IOException {
    if (local != null) {
      Files.deleteIfExists(local);
    } else {
      fs.delete(path, false);
    }
  }
}
