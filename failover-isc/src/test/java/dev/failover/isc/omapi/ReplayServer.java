package dev.failover.isc.omapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-connection TCP server on 127.0.0.1 that plays a recorded OMAPI session: it sends the
 * server's segments and requires the client's segments byte for byte, then requires the
 * client to hang up without sending anything more.
 */
final class ReplayServer implements AutoCloseable {

  /** One TCP payload of a recording. */
  record Segment(boolean fromClient, byte[] bytes) {}

  private static final Pattern HEADER = Pattern.compile("# segment (\\d+): (client -> server|server -> client), (\\d+) bytes");
  private static final Pattern ROW = Pattern.compile("([0-9a-f]{4})  ((?:[0-9a-f]{2} ?)+)");

  private final ServerSocket listener;
  private final CompletableFuture<String> outcome = new CompletableFuture<>();

  private ReplayServer(List<Segment> segments) throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> outcome.complete(play(segments)), "omapi-replay");
    t.setDaemon(true);
    t.start();
  }

  static ReplayServer start(String recording) throws IOException {
    return new ReplayServer(parse(recording));
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The segments of a recording, checked against the byte counts it declares. */
  static List<Segment> parse(String recording) {
    List<Segment> segments = new ArrayList<>();
    ByteArrayOutputStream current = null;
    boolean fromClient = false;
    int declared = -1;
    for (String line : recording.split("\n")) {
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher h = HEADER.matcher(line);
      if (h.matches()) {
        if (current != null) {
          segments.add(finish(current, fromClient, declared));
        }
        current = new ByteArrayOutputStream();
        fromClient = h.group(2).startsWith("client");
        declared = Integer.parseInt(h.group(3));
        continue;
      }
      Matcher r = ROW.matcher(line);
      if (!r.matches() || current == null) {
        throw new IllegalArgumentException("not a recording line: " + line);
      }
      if (Integer.parseInt(r.group(1), 16) != current.size()) {
        throw new IllegalArgumentException("offset " + r.group(1) + " out of order at " + current.size());
      }
      for (String hex : r.group(2).trim().split(" ")) {
        current.write(Integer.parseInt(hex, 16));
      }
    }
    if (current != null) {
      segments.add(finish(current, fromClient, declared));
    }
    return segments;
  }

  private static Segment finish(ByteArrayOutputStream bytes, boolean fromClient, int declared) {
    if (bytes.size() != declared) {
      throw new IllegalArgumentException("segment declares " + declared + " bytes, holds " + bytes.size());
    }
    return new Segment(fromClient, bytes.toByteArray());
  }

  private String play(List<Segment> segments) {
    try (Socket s = listener.accept()) {
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < segments.size(); i++) {
        Segment seg = segments.get(i);
        if (seg.fromClient()) {
          byte[] got = in.readNBytes(seg.bytes().length);
          if (!Arrays.equals(got, seg.bytes())) {
            return "segment " + (i + 1) + " differs:\n expected " + OmapiWire.hex(seg.bytes()) + "\n      got "
                + OmapiWire.hex(got);
          }
        } else {
          out.write(seg.bytes());
          out.flush();
        }
      }
      try {
        int extra = in.read();
        return extra < 0 ? "played" : "the client sent more than the recording: first byte " + extra;
      } catch (SocketTimeoutException e) {
        return "the client neither hung up nor sent anything after the recording ended";
      }
    } catch (IOException e) {
      return "replay failed: " + e;
    }
  }

  /** Waits (at most 10 s) for the replay to end and returns what happened: "played" when all went by the recording. */
  String outcome() throws InterruptedException {
    try {
      return outcome.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "no outcome: " + e;
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
