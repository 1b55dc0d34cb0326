package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.nn.Attention;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache of one prompt's group of samples while they decode: the prompt's prefill keys and values, shared by every
 * row with batch 1, and the rows' generated keys and values in buffers [rows, KvH, capacity, D] per layer, written in
 * place one position per step.
 *
 * <p>A buffer starts at {@value #INITIAL_CAPACITY} positions and doubles when full, up to the token budget, so a group
 * that stops early never holds its whole budget. When a sample finishes its buffer row stays where it is (its query
 * becomes a row of zeros whose output is dropped) until at most half the buffer's rows are still decoding; the live
 * rows are then gathered into a smaller buffer. Before issue #29 the cache concatenated every step's keys onto a new
 * array (the whole cache copied each token) and gathered the rows at every retirement.
 *
 * <p>Each row attends to the same three segments as before (the prompt, its earlier tokens, its new token) through the
 * same matmuls, so a row's attention has the same bits as with a compacted cache: the engine computes every matrix of
 * a batched matmul alone, whatever the batch count or the buffer's strides (checked token for token against the
 * concatenating cache in {@code UnchangedTokensTest}, against recomputation in {@code GroupCacheTest}). The
 * exception is a batch of one row against the shared prompt (the engine takes another kernel there); a buffer never
 * holds one live row among others, as one of two or more is at most half, and it is compacted.
 */
public final class GroupCache {
  /** Positions of a new buffer; it doubles when full, up to the budget. */
  static final int INITIAL_CAPACITY = 16;

  private final NDManager manager;
  private final List<List<Attention.Kv>> prompt = new ArrayList<>();
  private final int budget;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;
  private int bufferRows;
  private long[] slots;
  private NDArray slotIndex;

  /**
   * The cache of {@code rows} samples of the prompt {@code prefill} holds.
   *
   * @param manager owns the buffers; close it (or {@link #close}) when the group is done
   * @param budget the most generated positions a row will store
   */
  public GroupCache(NDManager manager, KvCache prefill, int layers, int rows, int budget) {
    this.manager = manager;
    this.budget = Math.max(1, budget);
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    for (int i = 0; i < layers; i++) {
      prompt.add(prefill.visible(i));
    }
    this.bufferRows = rows;
    this.slots = identity(rows);
  }

  /** Rows still decoding. */
  public int rows() {
    return slots.length;
  }

  /** Buffer rows held, finished ones not yet compacted away included (0 before the first store). */
  public int bufferRows() {
    return keys[0] == null ? 0 : bufferRows;
  }

  /** Positions each buffer row can hold before it grows (0 before the first store). */
  public int capacity() {
    return keys[0] == null ? 0 : (int) keys[0].getShape().get(2);
  }

  /**
   * Keeps the decoding rows at {@code positions} (ascending) of the current row list, the others having finished.
   * The buffers are compacted when at most half their rows are left.
   */
  public void keep(int[] positions) {
    long[] next = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      next[i] = slots[positions[i]];
    }
    slots = next;
    if (slotIndex != null) {
      slotIndex.close();
      slotIndex = null;
    }
    if (slots.length == 0) {
      close();
    } else if (keys[0] == null) {
      bufferRows = slots.length;
      slots = identity(bufferRows);
    } else if (2 * slots.length <= bufferRows) {
      compact();
    }
  }

  /**
   * Attends the decoding rows' queries to the prompt, to their earlier tokens and to their new token, then stores the
   * new keys at the next position.
   *
   * @param q [A, H, 1, D], one row per decoding row in order
   * @param own the new keys/values [A, KvH, 1, D]
   * @return [A, 1, H·D]
   */
  NDArray attend(int layer, NDArray q, Attention.Kv own, float scale, boolean store) {
    if (q.getShape().get(2) != 1 || q.getShape().get(0) != slots.length) {
      throw new IllegalArgumentException("a group decodes one token for each of its " + slots.length + " rows, got q "
          + q.getShape());
    }
    List<Attention.Kv> visible = new ArrayList<>(prompt.get(layer));
    NDArray out;
    if (keys[layer] == null || length == 0) {
      out = Attention.causal(q, visible, own, scale); // [A, 1, H·D]
    } else {
      // views of the buffers, freed with the step's arrays: a view left in the cache's manager would keep a buffer
      // that grows or is compacted away alive until the group ends
      NDIndex past = new NDIndex(":, :, 0:{}, :", length);
      NDArray k = keys[layer].get(past); // [R, KvH, len, D]
      NDArray v = values[layer].get(past);
      k.attach(q.getManager());
      v.attach(q.getManager());
      visible.add(new Attention.Kv(k, v));
      if (slots.length == bufferRows) {
        out = Attention.causal(q, visible, own, scale); // [A, 1, H·D]
      } else {
        Attention.Kv spread = new Attention.Kv(spread(own.k()), spread(own.v())); // [R, KvH, 1, D]
        out = Attention.causal(spread(q), visible, spread, scale).get(index()); // [A, 1, H·D]
      }
    }
    if (store) {
      write(layer, own);
    }
    return out;
  }

  /** Records that every layer stored the step's position. */
  void advance() {
    length++;
  }

  /** Frees the buffers now (they belong to the manager given at construction otherwise). */
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        keys[i].close();
        values[i].close();
        keys[i] = null;
        values[i] = null;
      }
    }
  }

  /** Writes the new keys/values [A, KvH, 1, D] at position {@code length} of the decoding rows. */
  private void write(int layer, Attention.Kv own) {
    if (keys[layer] == null) {
      if (length != 0) {
        throw new IllegalStateException("the first store of a group comes at its first decoded position");
      }
      Shape s = own.k().getShape(); // [A, KvH, 1, D]
      Shape buffer = new Shape(bufferRows, s.get(1), Math.min(INITIAL_CAPACITY, budget), s.get(3));
      keys[layer] = allocate(buffer, own.k());
      values[layer] = allocate(buffer, own.v());
    } else if (length >= keys[layer].getShape().get(2)) {
      int cap = (int) keys[layer].getShape().get(2);
      cap = Math.max(length + 1, Math.min(2 * cap, budget));
      keys[layer] = copy(keys[layer], null, bufferRows, cap);
      values[layer] = copy(values[layer], null, bufferRows, cap);
    }
    NDIndex at = slots.length == bufferRows ? new NDIndex(":, :, {}:{}, :", length, length + 1)
        : new NDIndex("{}, :, {}:{}, :", index(), length, length + 1);
    keys[layer].set(at, own.k());
    values[layer].set(at, own.v());
  }

  private NDArray allocate(Shape shape, NDArray like) {
    NDArray a = manager.zeros(shape, like.getDataType(), like.getDevice());
    a.attach(manager);
    return a;
  }

  /** Gathers the decoding rows of every buffer into buffers of as many rows, the same capacity. */
  private void compact() {
    NDArray rowsIndex = manager.create(slots);
    int cap = capacity();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = copy(keys[i], rowsIndex, slots.length, cap);
      values[i] = copy(values[i], rowsIndex, slots.length, cap);
    }
    rowsIndex.close();
    bufferRows = slots.length;
    slots = identity(bufferRows);
  }

  /** A buffer of {@code rows} rows (those of {@code rowsIndex}, or all) and {@code cap} positions; frees the old one. */
  private NDArray copy(NDArray old, NDArray rowsIndex, int rows, int cap) {
    Shape s = old.getShape(); // [R, KvH, capacity, D]
    NDArray fresh = allocate(new Shape(rows, s.get(1), cap, s.get(3)), old);
    NDIndex filled = new NDIndex(":, :, 0:{}, :", length);
    try (NDArray picked = rowsIndex == null ? null : old.get(rowsIndex)) {
      NDArray from = picked == null ? old : picked;
      try (NDArray kept = from.get(filled)) {
        fresh.set(filled, kept);
      }
    }
    old.close();
    return fresh;
  }

  /** The decoding rows' values [A, ...] placed at their buffer rows of a zero array [R, ...]. */
  private NDArray spread(NDArray x) {
    Shape s = x.getShape();
    NDArray full = x.getManager().zeros(new Shape(bufferRows).addAll(s.slice(1)), x.getDataType(), x.getDevice());
    full.set(new NDIndex("{}", index()), x);
    return full;
  }

  private NDArray index() {
    if (slotIndex == null) {
      slotIndex = manager.create(slots);
    }
    return slotIndex;
  }

  private static long[] identity(int n) {
    long[] a = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
