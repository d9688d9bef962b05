package dev.failover.testkit.windows;

import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes values the way Windows PowerShell 5.1's {@code ConvertTo-Json -Compress} does for the
 * DhcpServer objects (windows-output-shapes.md): IPv4 addresses as {@code System.Net.IPAddress}
 * objects whose {@code Address} is the little-endian integer, {@code IPAddressToString} only on
 * top-level properties; address arrays inside an object wrapped as {@code {"value":[…],"Count":n}};
 * TimeSpans as objects of ticks and totals; integral doubles without a fraction; and
 * {@code < > & '} escaped as {@code \u003c …}. Not API.
 */
final class PsJsonWriter {

  /** An IPv4 address property. */
  record Ip(Ipv4Address address) {}

  /** An IPAddress[] property (wrapped in value/Count). */
  record IpArray(List<Ipv4Address> addresses) {}

  /** A TimeSpan property. */
  record Span(Duration duration) {}

  private PsJsonWriter() {}

  /** The JSON of a pipeline's output: nothing (null), the one object, or an array. */
  static String pipeline(List<? extends Object> output) {
    if (output.isEmpty()) {
      return null;
    }
    if (output.size() == 1) {
      return write(output.get(0));
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < output.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      value(b, output.get(i), true);
    }
    return b.append(']').toString();
  }

  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    value(b, value, true);
    return b.toString();
  }

  private static void value(StringBuilder b, Object v, boolean topLevel) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String) {
      string(b, (String) v);
    } else if (v instanceof Boolean) {
      b.append(((Boolean) v) ? "true" : "false");
    } else if (v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Double) {
      b.append(number((Double) v));
    } else if (v instanceof Ip) {
      ip(b, ((Ip) v).address(), topLevel);
    } else if (v instanceof IpArray) {
      List<Ipv4Address> list = ((IpArray) v).addresses();
      b.append("{\"value\":[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        ip(b, list.get(i), false);
      }
      b.append("],\"Count\":").append(list.size()).append('}');
    } else if (v instanceof Span) {
      span(b, ((Span) v).duration());
    } else if (v instanceof Map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        value(b, e.getValue(), true);
      }
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      List<?> list = (List<?>) v;
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        value(b, list.get(i), true);
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("no JSON shape for " + v.getClass());
    }
  }

  private static void ip(StringBuilder b, Ipv4Address a, boolean withString) {
    long bits = a.toLong();
    long littleEndian = ((bits >>> 24) & 0xff) | ((bits >>> 8) & 0xff00) | ((bits << 8) & 0xff0000)
        | ((bits << 24) & 0xff000000L);
    b.append("{\"Address\":").append(littleEndian)
        .append(",\"AddressFamily\":2,\"ScopeId\":null,\"IsIPv6Multicast\":false,\"IsIPv6LinkLocal\":false,"
            + "\"IsIPv6SiteLocal\":false,\"IsIPv6Teredo\":false,\"IsIPv4MappedToIPv6\":false");
    if (withString) {
      b.append(",\"IPAddressToString\":");
      string(b, a.toString());
    }
    b.append('}');
  }

  private static void span(StringBuilder b, Duration d) {
    long ticks = d.getSeconds() * 10_000_000L + d.getNano() / 100;
    long totalMs = ticks / 10_000;
    b.append("{\"Ticks\":").append(ticks)
        .append(",\"Days\":").append(d.toDays())
        .append(",\"Hours\":").append(d.toHoursPart())
        .append(",\"Milliseconds\":").append(d.toMillisPart())
        .append(",\"Minutes\":").append(d.toMinutesPart())
        .append(",\"Seconds\":").append(d.toSecondsPart())
        .append(",\"TotalDays\":").append(number(ticks / 864_000_000_000.0))
        .append(",\"TotalHours\":").append(number(ticks / 36_000_000_000.0))
        .append(",\"TotalMilliseconds\":").append(number((double) totalMs))
        .append(",\"TotalMinutes\":").append(number(ticks / 600_000_000.0))
        .append(",\"TotalSeconds\":").append(number(ticks / 10_000_000.0))
        .append('}');
  }

  /** A double as .NET's round-trip format prints it: integral values without ".0", exponents as E-05. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    String s = Double.toString(d);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mantissa = s.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    int exp = Integer.parseInt(s.substring(e + 1));
    return mantissa + "E" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
  }

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        case '<':
        case '>':
        case '&':
        case '\'':
          b.append(String.format("\\u%04x", (int) c));
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
