package dev.failover.kea.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One HTTP exchange with a Kea endpoint over a plain socket (so a test controls the method, the
 * headers and the body byte for byte, and sees a reset or a silent close as such), and the
 * normalisation the differential suite applies before comparing two answers: only what changes
 * from run to run (times, ages, ports, paths, pids, hashes, sizes of files whose names differ).
 */
final class KeaWire {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keys whose values change from run to run. */
  private static final Set<String> VOLATILE_KEYS = Set.of("date-time", "age", "reload", "uptime",
      "pid", "hash", "size", "system-time", "clock-skew", "http-port", "socket-port");
  private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:\\d+");
  private static final Pattern PATH = Pattern.compile("(?<=^|[\\s'\"(])/(?:[\\w.+-]+/)+[\\w.+-]+");
  private static final Pattern WIRE_POSITION = Pattern.compile("\\((?:<wire>|<string>|[^():]*):\\d+:\\d+\\)");

  private KeaWire() {
  }

  /**
   * What came back: a status and a body, or how the connection ended without one; and the
   * {@code WWW-Authenticate} header when there was one.
   */
  record Outcome(int status, String contentType, String body, String failure, String authenticate) {

    Outcome(int status, String contentType, String body, String failure) {
      this(status, contentType, body, failure, null);
    }

    /** The outcome with volatile values replaced, as one comparable text. */
    String normalised() {
      if (failure != null) {
        return "(no answer: " + failure + ")";
      }
      String shown;
      try {
        JsonNode tree = JSON.readTree(body);
        shown = tree == null ? "(empty body)" : JSON.writeValueAsString(normalise(tree));
      } catch (IOException e) {
        shown = "(not JSON) " + normaliseText(body);
      }
      return status + " " + (contentType == null ? "-" : contentType.toLowerCase(Locale.ROOT)) + " " + shown
          + (authenticate == null ? "" : " WWW-Authenticate: " + authenticate);
    }

    /** The outcome with a one-answer list replaced by that answer (for a listed shape difference). */
    Outcome unwrapped() {
      if (failure != null) {
        return this;
      }
      try {
        JsonNode tree = JSON.readTree(body);
        if (tree != null && tree.isArray() && tree.size() == 1) {
          return new Outcome(status, contentType, JSON.writeValueAsString(tree.get(0)), null);
        }
      } catch (IOException e) {
        return this;
      }
      return this;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The single answer of a one-service reply (an array of one, or a bare object). */
    JsonNode single() {
      JsonNode tree = json();
      return tree.isArray() ? tree.get(0) : tree;
    }
  }

  static String normaliseText(String text) {
    String t = PORT.matcher(text).replaceAll("127.0.0.1:PORT");
    return PATH.matcher(t).replaceAll("PATH");
  }

  static JsonNode normalise(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        copy.set(f.getKey(), VOLATILE_KEYS.contains(f.getKey()) ? TextNode.valueOf("(volatile)")
            : normalise(f.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(e -> copy.add(normalise(e)));
      return copy;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(normaliseText(node.textValue()));
    }
    return node;
  }

  /** As {@link Outcome#normalised()}, also without parse positions (for bodies whose texts differ in length). */
  static String withoutPositions(String normalised) {
    return WIRE_POSITION.matcher(normalised).replaceAll("(POSITION)");
  }

  /** A JSON POST as the SDK sends it. */
  static Outcome post(URI url, String body) {
    return post(url, body, Map.of());
  }

  /** A JSON POST as the SDK sends it, with more headers (an {@code Authorization}). */
  static Outcome post(URI url, String body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    return exchange(url, "POST", all, body.getBytes(StandardCharsets.UTF_8), 30_000);
  }

  /**
   * One request; {@code body} null sends no body and no {@code Content-Length}. The connection
   * is closed after the answer ({@code Connection: close}).
   */
  static Outcome exchange(URI url, String method, Map<String, String> headers, byte[] body, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2_000);
      socket.setSoTimeout(timeoutMillis);
      StringBuilder head = new StringBuilder(method + " / HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
          + "\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      String sendFailure = null;
      try {
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        if (body != null && body.length <= 1 << 16) {
          // a small request in one write, so the server finds all of it at once (a server that
          // answers before reading the rest and closes would otherwise reset the connection)
          byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
          System.arraycopy(body, 0, all, headBytes.length, body.length);
          headBytes = all;
          body = null;
        }
        out.write(headBytes);
        if (body != null) {
          for (int off = 0; off < body.length; off += 1 << 16) {
            out.write(body, off, Math.min(1 << 16, body.length - off));
          }
        }
        out.flush();
      } catch (IOException e) {
        sendFailure = "connection ended while sending";
      }
      byte[] answer;
      try {
        answer = readAll(socket.getInputStream());
      } catch (SocketTimeoutException e) {
        return new Outcome(0, null, null, "no answer within " + timeoutMillis + " ms");
      } catch (IOException e) {
        return new Outcome(0, null, null, sendFailure != null ? sendFailure : "connection reset");
      }
      if (answer.length == 0) {
        return new Outcome(0, null, null, sendFailure != null ? sendFailure : "connection closed without an answer");
      }
      return parse(new String(answer, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return new Outcome(0, null, null, "cannot connect: " + e.getClass().getSimpleName());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    for (int n; (n = in.read(buffer)) > 0; ) {
      all.write(buffer, 0, n);
    }
    return all.toByteArray();
  }

  private static Outcome parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    String head = end < 0 ? raw : raw.substring(0, end);
    String body = end < 0 ? "" : raw.substring(end + 4);
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Outcome(status, headers.get("content-type"),
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), null,
        headers.get("www-authenticate"));
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int eol = body.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
