package io.videor1.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded mutation fuzzer for the parsers users feed from outside. Each target starts from real seed inputs and runs
 * mutants of them (bit flips, dictionary tokens, cuts, splices, repeats up to 200,000 bytes, deep nesting, and the
 * malformed text of issue 19: lone-surrogate escapes, bytes that are not UTF-8, NUL) until its time is up. A target
 * passes an input when it returns; it signals a broken property by throwing AssertionError. Any throwable fails the
 * test with the input, which is also saved under {@code target/fuzz-failures/} to replay.
 *
 * <p>CI runs {@code videor1.fuzz.seconds} (default 2) per target with a fixed seed, so a run is reproducible; a long
 * run by hand: {@code mvn -pl model-core,spark-jobs test -Dtest='*FuzzTest' -Dvideor1.fuzz.seconds=600
 * -Dvideor1.fuzz.seed=$RANDOM}. Every run appends "target inputs seconds seed" to {@code target/fuzz-report.txt}.
 */
public final class Fuzzer {
  /** Seconds per target. */
  public static final double SECONDS = Double.parseDouble(System.getProperty("videor1.fuzz.seconds", "2"));
  /** The seed of every target's mutation stream. */
  public static final long SEED = Long.getLong("videor1.fuzz.seed", 19L);

  /** Mutants every run tries however slow the machine, so a loaded CI host still fuzzes each target. */
  public static final int MIN_MUTANTS = 50;

  private static final int MAX_LEN = 200_000;
  private static final int CORPUS = 512;
  private static final byte[][] MALFORMED = {
    ascii("\\ud800"), ascii("\\udfff"), ascii("\\ud83d"), ascii("\\u0000"), {0}, {(byte) 0xFF}, {(byte) 0x80},
    {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii("\r"),
  };
  private static final byte[] INTERESTING = {0, (byte) 0xFF, (byte) 0x80, (byte) 0xC0, '"', '\\', '[', ']', '{', '}',
      ',', ':', '\n', ' ', '0', '-', '.', 'e', '<', '>', '/'};

  /** One parser under test. */
  @FunctionalInterface
  public interface Target {
    void accept(byte[] input) throws Exception;
  }

  /** How one target ran. */
  public record Result(String name, long inputs, double seconds, long seed) {}

  private Fuzzer() {}

  /**
   * Runs {@code target} on every seed, then on mutants until {@link #SECONDS} have passed (at least
   * {@link #MIN_MUTANTS}).
   *
   * @param dictionary tokens of the input language (JSON keys, tags, numbers) inserted by the mutator
   */
  public static Result run(String name, List<byte[]> seeds, List<String> dictionary, Target target) {
    long seed = SEED ^ name.hashCode();
    Random rnd = new Random(seed);
    List<byte[]> corpus = new ArrayList<>(seeds.isEmpty() ? List.of(new byte[0]) : seeds);
    byte[][] dict = dictionary.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    long end = System.nanoTime() + (long) (SECONDS * 1e9);
    long t0 = System.nanoTime();
    long n = 0;
    for (byte[] s : corpus) {
      check(name, target, s, seed, n++);
    }
    for (long mutants = 0; System.nanoTime() < end || mutants < MIN_MUTANTS; mutants++) {
      byte[] child = corpus.get(rnd.nextInt(corpus.size()));
      for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
        child = mutate(rnd, child, corpus, dict);
      }
      check(name, target, child, seed, n++);
      if (rnd.nextInt(8) == 0 && child.length < 20_000) { // keep some mutants so mutations stack up
        if (corpus.size() < CORPUS) {
          corpus.add(child);
        } else {
          corpus.set(seeds.size() + rnd.nextInt(CORPUS - seeds.size()), child);
        }
      }
    }
    Result r = new Result(name, n, (System.nanoTime() - t0) / 1e9, SEED);
    report(r);
    return r;
  }

  private static void check(String name, Target target, byte[] input, long seed, long index) {
    try {
      target.accept(input);
    } catch (Throwable t) {
      Path saved = save(name, input);
      throw new AssertionError("fuzz target " + name + " failed on input " + index + " (seed " + seed + ", saved to "
          + saved + "): " + preview(input), t);
    }
  }

  static byte[] mutate(Random rnd, byte[] in, List<byte[]> corpus, byte[][] dict) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
    int at = in.length == 0 ? 0 : rnd.nextInt(in.length + 1);
    switch (rnd.nextInt(12)) {
      case 0 -> { // flip a bit
        byte[] c = in.clone();
        if (c.length > 0) {
          c[Math.min(at, c.length - 1)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return c;
      }
      case 1 -> { // an interesting byte in place
        byte[] c = in.clone();
        if (c.length > 0) {
          c[Math.min(at, c.length - 1)] = INTERESTING[rnd.nextInt(INTERESTING.length)];
        }
        return c;
      }
      case 2, 3 -> insert(out, in, at, dict.length == 0 ? MALFORMED[0] : dict[rnd.nextInt(dict.length)]);
      case 4 -> insert(out, in, at, MALFORMED[rnd.nextInt(MALFORMED.length)]);
      case 5 -> { // delete a range
        int len = rnd.nextInt(Math.max(1, Math.min(64, in.length - at + 1)));
        out.write(in, 0, at);
        out.write(in, at + len, Math.max(0, in.length - at - len));
      }
      case 6 -> out.write(in, 0, at); // cut (a file truncated mid-record)
      case 7 -> { // splice with another input
        byte[] other = corpus.get(rnd.nextInt(corpus.size()));
        int from = other.length == 0 ? 0 : rnd.nextInt(other.length);
        out.write(in, 0, at);
        out.write(other, from, other.length - from);
      }
      case 8 -> { // duplicate a range
        int len = rnd.nextInt(Math.max(1, Math.min(256, in.length - at + 1)));
        insert(out, in, at, java.util.Arrays.copyOfRange(in, at, at + len));
      }
      case 9 -> { // repeat a range into a huge input (rarely)
        if (rnd.nextInt(16) != 0) {
          return insert(new ByteArrayOutputStream(), in, at, dict.length == 0 ? new byte[] {' '}
              : dict[rnd.nextInt(dict.length)]);
        }
        int len = 1 + rnd.nextInt(Math.max(1, Math.min(64, in.length - at)));
        byte[] unit = at + len <= in.length ? java.util.Arrays.copyOfRange(in, at, at + len) : new byte[] {'x'};
        out.write(in, 0, at);
        for (int i = 0; i < (MAX_LEN - in.length) / unit.length; i++) {
          out.write(unit, 0, unit.length);
        }
        out.write(in, at, in.length - at);
      }
      case 10 -> { // deep nesting (rarely)
        byte[] open = rnd.nextBoolean() ? ascii("[") : ascii("{\"a\":");
        int depth = rnd.nextInt(16) == 0 ? 5_000 + rnd.nextInt(20_000) : 1 + rnd.nextInt(64);
        out.write(in, 0, at);
        for (int i = 0; i < depth; i++) {
          out.write(open, 0, open.length);
        }
        out.write(in, at, in.length - at);
      }
      default -> { // a random byte run
        byte[] junk = new byte[1 + rnd.nextInt(8)];
        rnd.nextBytes(junk);
        insert(out, in, at, junk);
      }
    }
    byte[] r = out.toByteArray();
    return r.length <= MAX_LEN ? r : java.util.Arrays.copyOf(r, MAX_LEN);
  }

  private static byte[] insert(ByteArrayOutputStream out, byte[] in, int at, byte[] piece) {
    out.write(in, 0, at);
    out.write(piece, 0, piece.length);
    out.write(in, at, in.length - at);
    return out.toByteArray();
  }

  /** The input as UTF-8 text for a target that takes strings (malformed bytes become U+FFFD here). */
  public static String text(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }

  /** The input as text with its {@code \\uXXXX} escapes decoded, so lone surrogates and NUL reach string parsers. */
  public static String unescaped(byte[] input) {
    String s = text(input);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
        try {
          b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
          i += 5;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the backslash
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String preview(byte[] b) {
    String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 96));
    String txt = text(java.util.Arrays.copyOf(b, Math.min(b.length, 160)));
    return b.length + " bytes, text '" + txt + "', hex " + hex + (b.length > 96 ? "..." : "");
  }

  private static Path save(String name, byte[] input) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
      Path f = dir.resolve(name + "-" + Integer.toHexString(java.util.Arrays.hashCode(input)) + ".bin");
      Files.write(f, input);
      return f.toAbsolutePath();
    } catch (IOException e) {
      return null;
    }
  }

  private static void report(Result r) {
    String line = String.format(Locale.ROOT, "%s %d %.1f %d%n", r.name(), r.inputs(), r.seconds(), r.seed());
    System.out.printf(Locale.ROOT, "fuzz %s: %,d inputs in %.1f s (seed %d)%n", r.name(), r.inputs(), r.seconds(),
        r.seed());
    try {
      Path f = Path.of("target", "fuzz-report.txt");
      Files.createDirectories(f.getParent());
      Files.writeString(f, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the report is a convenience; the printed line is the record
    }
  }
}
