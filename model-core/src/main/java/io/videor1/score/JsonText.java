package io.videor1.score;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.videor1.text.Utf8;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks on a parsed JSON record before it is scored and written again: its nesting depth (Gson parses any depth but
 * writes recursively, so a line of 100,000 brackets would overflow the stack on the way out) and lone surrogates in
 * keys and string values, replaced by U+FFFD in place.
 */
final class JsonText {
  /** Deeper records are reported as malformed rather than written back. */
  static final int MAX_DEPTH = 256;

  private JsonText() {}

  /** Whether {@code e} nests arrays and objects more than {@link #MAX_DEPTH} deep (checked without recursion). */
  static boolean tooDeep(JsonElement e) {
    record Node(JsonElement e, int depth) {}
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(new Node(e, 0));
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n.depth() > MAX_DEPTH) {
        return true;
      }
      if (n.e().isJsonArray()) {
        n.e().getAsJsonArray().forEach(c -> todo.push(new Node(c, n.depth() + 1)));
      } else if (n.e().isJsonObject()) {
        n.e().getAsJsonObject().asMap().values().forEach(c -> todo.push(new Node(c, n.depth() + 1)));
      }
    }
    return false;
  }

  /** Whether a key or string value anywhere in {@code e} holds {@code c} (checked without recursion). */
  static boolean holds(JsonElement e, char c) {
    Deque<JsonElement> todo = new ArrayDeque<>();
    todo.push(e);
    while (!todo.isEmpty()) {
      JsonElement x = todo.pop();
      if (x.isJsonArray()) {
        x.getAsJsonArray().forEach(todo::push);
      } else if (x.isJsonObject()) {
        for (Map.Entry<String, JsonElement> f : x.getAsJsonObject().entrySet()) {
          if (f.getKey().indexOf(c) >= 0) {
            return true;
          }
          todo.push(f.getValue());
        }
      } else if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isString() && x.getAsString().indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Scrubs {@code e} (at most {@link #MAX_DEPTH} deep) in place; returns whether anything was replaced. */
  static boolean scrub(JsonElement e) {
    boolean changed = false;
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      for (Map.Entry<String, JsonElement> f : new LinkedHashMap<>(o.asMap()).entrySet()) {
        String key = Utf8.scrub(f.getKey());
        JsonElement v = f.getValue();
        JsonElement clean = scrubbedValue(v);
        changed |= clean != v || scrub(clean);
        if (!key.equals(f.getKey())) {
          o.remove(f.getKey());
          changed = true;
        }
        o.add(key, clean);
      }
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        JsonElement v = a.get(i);
        JsonElement clean = scrubbedValue(v);
        changed |= clean != v || scrub(clean);
        a.set(i, clean);
      }
    }
    return changed;
  }

  /** A string primitive with its lone surrogates replaced (a new primitive), or {@code v} itself. */
  private static JsonElement scrubbedValue(JsonElement v) {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
      String s = v.getAsString();
      String clean = Utf8.scrub(s);
      return clean == s ? v : new JsonPrimitive(clean);
    }
    return v;
  }
}
