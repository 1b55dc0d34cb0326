package io.videor1.model.io;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * Parses an untrusted JSON document strictly: no comments, unquoted names or trailing text (Gson's
 * {@code JsonParser} is lenient and accepts all three), nesting bounded by Gson's limit.
 */
public final class StrictJson {
  private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

  private StrictJson() {}

  /** The document {@code text} of {@code file}, or a refusal naming the file. */
  public static JsonElement parse(String file, String text) throws InvalidCheckpointException {
    try (JsonReader r = new JsonReader(new StringReader(text))) {
      r.setLenient(false);
      JsonElement e = ELEMENT.read(r); // the adapter keeps the reader's strictness, JsonParser would not
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new InvalidCheckpointException(file, "document", "text after the JSON value");
      }
      return e;
    } catch (InvalidCheckpointException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new InvalidCheckpointException(file, "document", "is not valid JSON ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()) + ")");
    }
  }
}
