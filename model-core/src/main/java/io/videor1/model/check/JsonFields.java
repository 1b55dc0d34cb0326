package io.videor1.model.check;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.videor1.model.io.InvalidCheckpointException;
import io.videor1.model.io.StrictJson;
import java.math.BigDecimal;

/**
 * Typed, range-checked access to the fields of one untrusted JSON object; every refusal names the file and the
 * field ({@code config.json: vision_config.depth: must be an integer in 1..1024 (got "3")}).
 */
final class JsonFields {
  private final String file;
  private final String prefix;
  private final JsonObject o;

  private JsonFields(String file, String prefix, JsonObject o) {
    this.file = file;
    this.prefix = prefix;
    this.o = o;
  }

  /** The top-level object of {@code text}. */
  static JsonFields parse(String file, String text) throws InvalidCheckpointException {
    JsonElement e = StrictJson.parse(file, text);
    if (!e.isJsonObject()) {
      throw new InvalidCheckpointException(file, "document", "must be a JSON object");
    }
    return new JsonFields(file, "", e.getAsJsonObject());
  }

  JsonObject json() {
    return o;
  }

  String file() {
    return file;
  }

  boolean has(String k) {
    return o.has(k) && !o.get(k).isJsonNull();
  }

  InvalidCheckpointException error(String k, String problem) {
    return new InvalidCheckpointException(file, prefix + k, problem);
  }

  /** Sub-object {@code k}, or null when absent. */
  JsonFields object(String k) throws InvalidCheckpointException {
    if (!has(k)) {
      return null;
    }
    if (!o.get(k).isJsonObject()) {
      throw error(k, "must be an object (got " + shown(o.get(k)) + ")");
    }
    return new JsonFields(file, prefix + k + ".", o.getAsJsonObject(k));
  }

  /** A required integer in [min, max]. */
  int integer(String k, long min, long max) throws InvalidCheckpointException {
    if (!has(k)) {
      throw error(k, "is missing");
    }
    return (int) integer(k, o.get(k), min, max);
  }

  /** An optional integer in [min, max]. */
  int integer(String k, long min, long max, int dflt) throws InvalidCheckpointException {
    return has(k) ? integer(k, min, max) : dflt;
  }

  /** An optional long in [min, max]. */
  long longValue(String k, long min, long max, long dflt) throws InvalidCheckpointException {
    return has(k) ? integer(k, o.get(k), min, max) : dflt;
  }

  /** Object {@code e} found at {@code k} of this object (an array element, say), or null when not an object. */
  JsonFields child(String k, JsonElement e) {
    return e.isJsonObject() ? new JsonFields(file, prefix + k + ".", e.getAsJsonObject()) : null;
  }

  /** Value {@code e} found at {@code k} as an integer in [min, max]. */
  long integer(String k, JsonElement e, long min, long max) throws InvalidCheckpointException {
    String range = "must be an integer in " + min + ".." + max;
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw error(k, range + " (got " + shown(e) + ")");
    }
    BigDecimal d = new BigDecimal(e.getAsString());
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      throw error(k, range + " (got " + e.getAsString() + ")");
    }
    if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      String what = d.signum() < 0 ? "negative" : d.signum() == 0 ? "zero" : "too large";
      throw error(k, range + " (got " + e.getAsString() + ", " + what + ")");
    }
    return d.longValueExact();
  }

  /** An optional finite number in (lowExclusive, max]. */
  double number(String k, double lowExclusive, double max, double dflt) throws InvalidCheckpointException {
    if (!has(k)) {
      return dflt;
    }
    JsonElement e = o.get(k);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw error(k, "must be a number (got " + shown(e) + ")");
    }
    double v = e.getAsDouble();
    if (!(v > lowExclusive && v <= max)) {
      throw error(k, "must be a number in (" + lowExclusive + ", " + max + "] (got " + e.getAsString() + ")");
    }
    return v;
  }

  /** An optional boolean. */
  boolean bool(String k, boolean dflt) throws InvalidCheckpointException {
    if (!has(k)) {
      return dflt;
    }
    JsonElement e = o.get(k);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw error(k, "must be true or false (got " + shown(e) + ")");
    }
    return e.getAsBoolean();
  }

  /** An optional string. */
  String string(String k, String dflt) throws InvalidCheckpointException {
    if (!has(k)) {
      return dflt;
    }
    JsonElement e = o.get(k);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw error(k, "must be a string (got " + shown(e) + ")");
    }
    return e.getAsString();
  }

  /** An optional array of integers in [min, max] with {@code length} entries (any when negative). */
  int[] integers(String k, int length, long min, long max) throws InvalidCheckpointException {
    if (!has(k)) {
      return null;
    }
    JsonElement e = o.get(k);
    if (!e.isJsonArray() || (length >= 0 && e.getAsJsonArray().size() != length)) {
      throw error(k, "must be an array of " + (length >= 0 ? length + " " : "") + "integers (got " + shown(e) + ")");
    }
    JsonArray a = e.getAsJsonArray();
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) integer(k + "[" + i + "]", a.get(i), min, max);
    }
    return out;
  }

  /** An optional array of {@code length} finite numbers in (lowExclusive, max]. */
  double[] numbers(String k, int length, double lowExclusive, double max) throws InvalidCheckpointException {
    if (!has(k)) {
      return null;
    }
    JsonElement e = o.get(k);
    if (!e.isJsonArray() || e.getAsJsonArray().size() != length) {
      throw error(k, "must be an array of " + length + " numbers (got " + shown(e) + ")");
    }
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      JsonElement x = e.getAsJsonArray().get(i);
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber() || !(x.getAsDouble() > lowExclusive
          && x.getAsDouble() <= max)) {
        throw error(k + "[" + i + "]", "must be a number in (" + lowExclusive + ", " + max + "] (got " + shown(x)
            + ")");
      }
      out[i] = x.getAsDouble();
    }
    return out;
  }

  /** A short rendering of a value for messages. */
  static String shown(JsonElement e) {
    String s = e.isJsonPrimitive() && ((JsonPrimitive) e).isString() ? "\"" + e.getAsString() + "\"" : e.toString();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
