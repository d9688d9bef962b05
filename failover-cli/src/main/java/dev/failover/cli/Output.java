package dev.failover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.json.FailoverJson;
import java.io.PrintWriter;

/**
 * Where a command writes: its result on standard output (text for people, or one JSON document
 * with {@code --json}), notes and progress on standard error.
 *
 * <p>Text that came from outside (names in the inventory, on the servers, in messages) may hold
 * characters a terminal acts on; {@link #clean} shows every control, line-separator and
 * bidirectional-override character as a {@code \\uXXXX} escape, so a name cannot recolour, move
 * the cursor, rewrite a line or reverse what is shown. JSON is written in ASCII, every other
 * character escaped, so it is safe on a terminal and still the same JSON to a parser.
 */
public final class Output {

  private static final ObjectWriter JSON = FailoverJson.mapper().writerWithDefaultPrettyPrinter()
      .with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  Output(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** {@return whether the result is to be one JSON document} */
  public boolean json() {
    return json;
  }

  /**
   * Writes text for people on standard output, cleaned; lines stay lines.
   *
   * @param text the text
   */
  public void text(String text) {
    out.print(clean(text));
    if (!text.endsWith("\n")) {
      out.println();
    }
    out.flush();
  }

  /**
   * Writes a note on standard error, cleaned.
   *
   * @param text the note
   */
  public void note(String text) {
    err.print(clean(text));
    if (!text.endsWith("\n")) {
      err.println();
    }
    err.flush();
  }

  /** The raw error stream, for the progress bar (which writes only text it made). */
  PrintWriter err() {
    return err;
  }

  /**
   * Writes the JSON document on standard output.
   *
   * @param document the document
   */
  public void document(JsonNode document) {
    out.println(write(document));
    out.flush();
  }

  /**
   * Writes the JSON document with {@code --json}, else the text.
   *
   * @param document the document for {@code --json}
   * @param text the text for people
   */
  public void emit(JsonNode document, String text) {
    if (json) {
      document(document);
    } else {
      text(text);
    }
  }

  /** {@return a new, empty JSON object to fill} */
  public ObjectNode object() {
    return FailoverJson.mapper().createObjectNode();
  }

  /**
   * {@return the SDK value as a JSON tree, the SDK's way (secrets as {@code "***"})}
   *
   * @param value the SDK value
   */
  public JsonNode tree(Object value) {
    return FailoverJson.mapper().valueToTree(value);
  }

  static String write(JsonNode document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@return the text with every character that a terminal would act on shown as {@code \\uXXXX}: C0
   * controls other than newline and tab, DEL, C1 controls, U+2028/U+2029 and the bidirectional
   * marks, embeddings, overrides and isolates}
   *
   * @param text the text
   */
  public static String clean(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean bad = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)
          || c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e' || c == '\u200f'
          || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
      if (bad) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }
}
