package io.videor1.inspect;

import io.videor1.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Copies of the shared transformers checkpoint ({@code golden/qwen25vl-tiny}) with one thing broken each. */
final class BrokenCheckpoints {
  static final String WEIGHTS = "model.safetensors";
  private static final String[] FILES = {"config.json", WEIGHTS, "tokenizer.json", "tokenizer_config.json",
    "preprocessor_config.json", "generation_config.json"};

  private BrokenCheckpoints() {}

  /** The shared checkpoint. */
  static Path shared(String name) {
    return SharedData.testdata().resolve("golden").resolve(name);
  }

  /** A writable copy of the tiny checkpoint under {@code dir}. */
  static Path copy(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : FILES) {
      Files.copy(shared("qwen25vl-tiny").resolve(f), dir.resolve(f));
      dir.resolve(f).toFile().setWritable(true);
    }
    return dir;
  }

  /** Replaces {@code from} by {@code to} in text file {@code name}, which must contain it. */
  static void edit(Path dir, String name, String from, String to) throws IOException {
    String s = Files.readString(dir.resolve(name));
    if (!s.contains(from)) {
      throw new IllegalArgumentException(name + " has no " + from);
    }
    Files.writeString(dir.resolve(name), s.replace(from, to));
  }

  /** Rewrites the weights' header JSON; the length field follows the new header, the data stay. */
  static void header(Path dir, UnaryOperator<String> change) throws IOException {
    byte[] f = Files.readAllBytes(dir.resolve(WEIGHTS));
    int n = (int) ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong();
    byte[] h = change.apply(new String(f, 8, n, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + f.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(f, 8 + n, f.length - 8 - n);
    Files.write(dir.resolve(WEIGHTS), b.array());
  }

  /** Sets the 8-byte header length field. */
  static void headerLength(Path dir, long length) throws IOException {
    byte[] f = Files.readAllBytes(dir.resolve(WEIGHTS));
    ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
    Files.write(dir.resolve(WEIGHTS), f);
  }

  /** Cuts {@code bytes} off the end of the weights (negative: appends that many zero bytes). */
  static void truncate(Path dir, int bytes) throws IOException {
    byte[] f = Files.readAllBytes(dir.resolve(WEIGHTS));
    Files.write(dir.resolve(WEIGHTS), Arrays.copyOf(f, f.length - bytes));
  }

  /** The header entry of tensor {@code name} (its JSON object text). */
  static String entry(String header, String name) {
    int at = header.indexOf("\"" + name + "\":{");
    return header.substring(at + name.length() + 3, header.indexOf('}', at) + 1);
  }
}
