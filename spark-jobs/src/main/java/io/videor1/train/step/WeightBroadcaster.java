package io.videor1.train.step;

import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsWriter;
import io.videor1.model.params.ParamCodec;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Publishes the trainable weights to executors as one versioned broadcast per step, destroying the previous one.
 *
 * <p>The payload is in-memory safetensors files (float32, so executors hold the driver's values bit for bit), split
 * into parts of at most {@code maxPartBytes}: a Java array cannot exceed 2 GiB, and a 7B model's weights are 33 GB
 * in fp32. A tensor larger than a part (7B's {@code lm_head}, 2.18 GB) travels as pieces of whole rows. Under LoRA
 * only the adapters travel (megabytes instead of gigabytes).
 *
 * <p>In local mode ({@code byReference}) the tasks are threads of the driver's JVM, and Spark hands them the
 * driver's copy of a broadcast value without deserializing it; yet it still serializes the value into pieces when the
 * broadcast is made, 240 MB per step at the mid preset. There the snapshot serializes as a reference to a slot of this
 * JVM ({@link Snapshot#writeReplace}), so the broadcast stays a versioned, destroyed-each-step Spark broadcast whose
 * pieces are a few bytes. Nor does it encode the parts: it is a view of the driver's float32 arrays
 * ({@link Snapshot#view}), read by the replicas as the parts would be, which spares a copy of every trained tensor
 * (7B's head alone: 2.18 GB of heap). The view is valid until the driver's next update begins ({@link #retire}); a
 * replica that reads it later fails instead of reading half-updated weights. On a cluster the parts travel.
 */
public final class WeightBroadcaster implements AutoCloseable {
  private static final Map<String, Snapshot> LOCAL = new ConcurrentHashMap<>();

  /**
   * The weights of one version as executors receive them: safetensors parts, or in local mode a view of the driver's
   * arrays.
   *
   * @param localSlot the slot of this JVM that holds it when published by reference (local mode), else null
   * @param view local mode's float32 tensors read from the driver's arrays without a copy; null when the weights are
   *     in {@code parts}
   */
  public record Snapshot(long version, List<byte[]> parts, String localSlot, View view) implements Serializable {
    public Snapshot(long version, List<byte[]> parts) {
      this(version, parts, null, null);
    }

    /** Bytes of the parts (for a view, of the parts it stands for: the figure does not depend on the mode). */
    public long bytes() {
      return view != null ? view.bytes : parts.stream().mapToLong(p -> p.length).sum();
    }

    /**
     * Copies these weights into {@code params} (converting to each array's dtype, in place, rows at a time).
     *
     * @throws IllegalStateException for a view read after the driver began its next update
     */
    public void copyInto(Map<String, ai.djl.nn.Parameter> params) {
      if (view == null) {
        parts.forEach(p -> ParamCodec.fromBytes(params, p));
      } else {
        ParamCodec.fromTensors(params, view.tensors(version));
      }
    }

    /** A snapshot published by reference serializes as its slot's name (its view never leaves this JVM). */
    Object writeReplace() {
      return localSlot == null ? this : new LocalRef(localSlot);
    }
  }

  /** The driver's float32 arrays as tensors, valid until {@link #retire}. */
  public static final class View {
    private final Map<String, SafeTensor> tensors;
    private final long bytes;
    private volatile boolean retired;

    View(Map<String, SafeTensor> tensors, long bytes) {
      this.tensors = tensors;
      this.bytes = bytes;
    }

    /**
     * The tensors of weight version {@code version}.
     *
     * @throws IllegalStateException once the driver has begun its next update
     */
    public Map<String, SafeTensor> tensors(long version) {
      if (retired) {
        throw new IllegalStateException("weights version " + version + " were read after the driver began the next "
            + "update (a task of that version ran late); they are no longer what the version holds");
      }
      return tensors;
    }
  }

  /** The serialized form of a snapshot published by reference; it resolves only in the JVM that published it. */
  private record LocalRef(String slot) implements Serializable {
    private Object readResolve() throws ObjectStreamException {
      Snapshot s = LOCAL.get(slot);
      if (s == null) {
        throw new InvalidObjectException("weights " + slot + " were published by reference in local mode and are "
            + "not in this JVM (already replaced, or read outside the driver's JVM)");
      }
      return s;
    }
  }

  private final JavaSparkContext jsc;
  private final long maxPartBytes;
  private final boolean byReference;
  private Broadcast<Snapshot> current;

  /**
   * @param byReference publish snapshots by reference: only where every task runs in this JVM (local mode)
   */
  public WeightBroadcaster(JavaSparkContext jsc, long maxPartBytes, boolean byReference) {
    this.jsc = jsc;
    this.maxPartBytes = maxPartBytes;
    this.byReference = byReference;
  }

  /** Broadcasts {@code weights} as {@code version} and destroys the previous broadcast. */
  public Broadcast<Snapshot> publish(long version, Map<String, float[]> weights, Map<String, long[]> shapes) {
    Snapshot s = byReference ? new Snapshot(version, List.of(), UUID.randomUUID().toString(), view(weights, shapes))
        : new Snapshot(version, encode(weights, shapes, maxPartBytes));
    if (s.localSlot() != null) {
      LOCAL.put(s.localSlot(), s);
    }
    Broadcast<Snapshot> b = jsc.broadcast(s);
    destroyCurrent();
    current = b;
    return b;
  }

  /**
   * Ends the current view of the driver's arrays (local mode): call before they change. Parts published on a
   * cluster are copies and stay valid.
   */
  public void retire() {
    if (current != null && current.value().view() != null) {
      current.value().view().retired = true;
    }
  }

  /** The weights as float32 tensors that read {@code weights} when copied (no copy is made here). */
  private View view(Map<String, float[]> weights, Map<String, long[]> shapes) {
    Map<String, SafeTensor> v = new LinkedHashMap<>();
    weights.forEach((n, a) -> v.put(n, SafeTensor.ofFloats(a, shapes.get(n), SafeDType.F32)));
    Parts sizes = new Parts(maxPartBytes, false);
    add(sizes, weights, shapes, maxPartBytes);
    sizes.finish();
    return new View(v, sizes.bytesOut);
  }

  /** Snapshots held by reference in this JVM (tests). */
  static int heldByReference() {
    return LOCAL.size();
  }

  /**
   * The weights as in-memory safetensors files ("parts") of at most {@code maxPartBytes} of tensor data each. A
   * tensor larger than a part is split into pieces of whole rows (of its first dimension), each a tensor of the same
   * name in its own part with {@link ParamCodec#ROW_OFFSET}{@code <name>} in the metadata, which {@link
   * ParamCodec#fromBytes} copies into those rows.
   */
  public static List<byte[]> encode(Map<String, float[]> weights, Map<String, long[]> shapes, long maxPartBytes) {
    Parts parts = new Parts(maxPartBytes, true);
    add(parts, weights, shapes, maxPartBytes);
    return parts.finish();
  }

  private static void add(Parts parts, Map<String, float[]> weights, Map<String, long[]> shapes, long maxPartBytes) {
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      float[] v = e.getValue();
      long[] shape = shapes.get(e.getKey());
      if (4L * v.length <= maxPartBytes || shape.length == 0) {
        parts.add(e.getKey(), SafeTensor.ofFloats(v, shape, SafeDType.F32), -1);
        continue;
      }
      long rows = shape[0];
      long rowElems = v.length / Math.max(1, rows);
      long perPiece = Math.max(1, maxPartBytes / Math.max(1, 4 * rowElems));
      for (long r0 = 0; r0 < rows; r0 += perPiece) {
        long[] piece = shape.clone();
        piece[0] = Math.min(rows, r0 + perPiece) - r0;
        parts.add(e.getKey(), SafeTensor.ofFloats(v, (int) (r0 * rowElems), piece, SafeDType.F32), r0);
      }
    }
  }

  /** Parts being filled in order; or only their sizes counted ({@code bytesOut}), when not {@code encoding}. */
  private static final class Parts {
    private final long maxPartBytes;
    private final boolean encoding;
    private final List<byte[]> done = new ArrayList<>();
    private long bytesOut;
    private Map<String, SafeTensor> tensors = new LinkedHashMap<>();
    private Map<String, String> metadata = newMetadata();
    private long bytes;

    Parts(long maxPartBytes, boolean encoding) {
      this.maxPartBytes = maxPartBytes;
      this.encoding = encoding;
    }

    private static Map<String, String> newMetadata() {
      Map<String, String> m = new LinkedHashMap<>(); // ordered: the parts' bytes are a function of the weights
      m.put("format", "pt");
      return m;
    }

    /** Adds a tensor, or a piece of one starting at row {@code row0} (-1: the whole tensor). */
    void add(String name, SafeTensor t, long row0) {
      if (!tensors.isEmpty() && (bytes + t.byteSize() > maxPartBytes || tensors.containsKey(name))) {
        flush();
      }
      tensors.put(name, t);
      if (row0 >= 0) {
        metadata.put(ParamCodec.ROW_OFFSET + name, Long.toString(row0));
      }
      bytes += t.byteSize();
    }

    private void flush() {
      if (encoding) {
        done.add(SafetensorsWriter.toBytes(tensors, metadata));
      }
      bytesOut += SafetensorsWriter.fileBytes(tensors, metadata);
      tensors = new LinkedHashMap<>();
      metadata = newMetadata();
      bytes = 0;
    }

    List<byte[]> finish() {
      if (!tensors.isEmpty()) {
        flush();
      }
      return done;
    }
  }

  private void destroyCurrent() {
    if (current != null) {
      String slot = current.value().localSlot();
      current.destroy();
      if (slot != null) {
        LOCAL.remove(slot);
      }
      current = null;
    }
  }

  @Override
  public void close() {
    destroyCurrent();
  }
}
