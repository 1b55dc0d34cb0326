package io.videor1.curate;

import io.videor1.media.FrameFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Reads curated frames straight from the Parquet files of a frames table, without a Spark job.
 *
 * <p>This is how an executor that already holds a partition of prompts fetches their pixels. It works on the column
 * level: only the key, size, format and frame columns are read, row group by row group, and each stored frame is copied
 * once out of its page into the array handed back (no record assembly, which costs more than the pixels do).
 */
public final class FramesReader implements AutoCloseable {
  /**
   * One record's frames as RGB, each a {@code [h, w, 3]} buffer. Raw frames are read-only views of the page the reader
   * loaded (no copy); they stay valid after {@link #next()} moves on.
   */
  public record Frames(String rowKey, int height, int width, List<ByteBuffer> rgb) {
    /** The frames copied into arrays ({@link #rgb} are read-only views of the page). */
    public byte[][] rgbArrays() {
      byte[][] out = new byte[rgb.size()][];
      for (int i = 0; i < out.length; i++) {
        ByteBuffer b = rgb.get(i).duplicate();
        out[i] = new byte[b.remaining()];
        b.get(out[i]);
      }
      return out;
    }
  }

  private final ParquetFileReader file;
  private final MessageType projection;
  private final ColumnDescriptor key;
  private final ColumnDescriptor height;
  private final ColumnDescriptor width;
  private final ColumnDescriptor format;
  private final ColumnDescriptor frames;
  private final String createdBy;
  private ColumnReader keyR;
  private ColumnReader heightR;
  private ColumnReader widthR;
  private ColumnReader formatR;
  private ColumnReader framesR;
  private long rowsLeft;
  private long framesLeft;

  private FramesReader(ParquetFileReader file) {
    this.file = file;
    MessageType schema = file.getFooter().getFileMetaData().getSchema();
    this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
    this.key = schema.getColumnDescription(new String[] {"row_key"});
    this.height = schema.getColumnDescription(new String[] {"resized_height"});
    this.width = schema.getColumnDescription(new String[] {"resized_width"});
    this.format = schema.getColumnDescription(new String[] {"frame_format"});
    this.frames = schema.getColumnDescription(new String[] {"frames", "list", "element"});
    this.projection =
        new MessageType(
            "frames_projection",
            schema.getType("row_key"),
            schema.getType("resized_height"),
            schema.getType("resized_width"),
            schema.getType("frame_format"),
            schema.getType("frames"));
    file.setRequestedSchema(projection);
  }

  /** Opens one Parquet file of a frames table. */
  public static FramesReader open(Path path, Configuration conf) throws IOException {
    String scheme = path.toUri().getScheme();
    // Local files skip Hadoop's FileSystem layer (and its .crc side files): Parquet checks its own pages, and opening
    // through the checksumming stream costs more than reading a file of frames.
    InputFile in =
        scheme == null || scheme.equals("file")
            ? new LocalInputFile(java.nio.file.Paths.get(path.toUri().getPath()))
            : HadoopInputFile.fromPath(path, conf);
    return new FramesReader(ParquetFileReader.open(in));
  }

  /**
   * The Parquet files under a frames table or version directory (hidden and staging files excluded): for each
   * {@code params=} version, those of the batches its newest generation lists ({@link TableGenerations}), so a listing
   * taken while compaction runs holds the old files or the new ones.
   */
  public static List<Path> files(Path table, Configuration conf) throws IOException {
    FileSystem fs = table.getFileSystem(conf);
    List<Path> out = new ArrayList<>();
    collect(fs, table, out);
    return out;
  }

  private static void collect(FileSystem fs, Path dir, List<Path> out) throws IOException {
    if (dir.getName().startsWith("params=")) {
      // A version directory: only the batches of its newest generation, never a replaced or unpublished one.
      for (Path batch : TableGenerations.liveBatches(fs, dir)) {
        collect(fs, batch, out);
      }
      return;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (st.isDirectory()) {
        collect(fs, st.getPath(), out);
      } else if (name.endsWith(".parquet")) {
        out.add(st.getPath());
      }
    }
  }

  /** The next record, or null at the end of the file. */
  public Frames next() throws IOException {
    while (rowsLeft == 0) {
      PageReadStore rowGroup = file.readNextRowGroup();
      if (rowGroup == null) {
        return null;
      }
      ColumnReadStoreImpl store =
          new ColumnReadStoreImpl(rowGroup, new DummyRecordConverter(projection).getRootConverter(), projection, createdBy);
      keyR = store.getColumnReader(key);
      heightR = store.getColumnReader(height);
      widthR = store.getColumnReader(width);
      formatR = store.getColumnReader(format);
      framesR = store.getColumnReader(frames);
      rowsLeft = rowGroup.getRowCount();
      framesLeft = framesR.getTotalValueCount();
    }
    rowsLeft--;
    String rowKey = keyR.getBinary().toStringUsingUTF8();
    keyR.consume();
    int h = heightR.getInteger();
    heightR.consume();
    int w = widthR.getInteger();
    widthR.consume();
    FrameFormat f = FrameFormat.parse(formatR.getBinary().toStringUsingUTF8());
    formatR.consume();
    List<ByteBuffer> rgb = new ArrayList<>(16);
    // Repetition level 0 opens the row's list and 1 continues it; definition level below max is an empty list.
    do {
      if (framesR.getCurrentDefinitionLevel() == frames.getMaxDefinitionLevel()) {
        Binary b = framesR.getBinary();
        if (f == FrameFormat.RAW) {
          if (b.length() != h * w * 3) {
            throw new IOException("raw frame of " + rowKey + " has " + b.length() + " bytes, expected " + h * w * 3);
          }
          rgb.add(b.toByteBuffer());
        } else {
          rgb.add(ByteBuffer.wrap(f.decode(b.getBytesUnsafe(), h, w)).asReadOnlyBuffer());
        }
      }
      framesR.consume();
      framesLeft--;
    } while (framesLeft > 0 && framesR.getCurrentRepetitionLevel() > 0);
    return new Frames(rowKey, h, w, rgb);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
