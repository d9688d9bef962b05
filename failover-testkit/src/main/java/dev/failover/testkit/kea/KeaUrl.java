package dev.failover.testkit.kea;

/**
 * A peer URL as Kea's {@code isc::http::Url} reads it: scheme {@code http} or {@code https},
 * host (IPv6 in brackets), optional port, optional path; the error texts are Kea's.
 */
record KeaUrl(String raw, boolean valid, String error, boolean https, String hostname, int port,
    String path) {

  static KeaUrl parse(String url) {
    int offset = url.indexOf(':');
    if (offset <= 0) {
      return invalid(url, "url " + url + " lacks http or https scheme");
    }
    String scheme = url.substring(0, offset);
    boolean https;
    if (scheme.equals("http")) {
      https = false;
    } else if (scheme.equals("https")) {
      https = true;
    } else {
      return invalid(url, "invalid scheme " + scheme + " in " + url);
    }
    if (!url.startsWith("://", offset)) {
      return invalid(url, "expected :// after scheme in " + url);
    }
    offset += 3;
    if (offset >= url.length()) {
      return invalid(url, "hostname missing in " + url);
    }
    int end;
    if (url.charAt(offset) == '[') {
      end = url.indexOf(']', offset);
      if (end < 0) {
        return invalid(url, "expected ] after IPv6 address in " + url);
      } else if (end == offset + 1) {
        return invalid(url, "expected IPv6 address within [] in " + url);
      }
      end++;
    } else {
      end = url.indexOf(':', offset);
      if (end < 0) {
        end = url.indexOf('/', offset);
        if (end < 0) {
          end = url.length();
        }
      }
    }
    String hostname = url.substring(offset, end);
    if (end == url.length()) {
      return new KeaUrl(url, true, "", https, hostname, 0, "");
    }
    int port = 0;
    if (url.charAt(end) == ':') {
      if (end == url.length() - 1) {
        return invalid(url, "expected port number after : in " + url);
      }
      end++;
      int slash = url.indexOf('/', end);
      String portText = slash < 0 ? url.substring(end) : url.substring(end, slash);
      try {
        long value = Long.parseLong(portText);
        if (value < 0 || value > 0xFFFFFFFFL || portText.startsWith("+")) {
          throw new NumberFormatException(portText);
        }
        port = (int) value;
      } catch (NumberFormatException e) {
        return invalid(url, "invalid port number " + portText + " in " + url);
      }
      end = slash;
    }
    String path = "";
    if (end >= 0) {
      path = url.substring(end);
      if (path.isEmpty()) {
        path = "/";
      }
    }
    return new KeaUrl(url, true, "", https, hostname, port, path);
  }

  private static KeaUrl invalid(String url, String error) {
    return new KeaUrl(url, false, error, false, "", 0, "");
  }

  /** The host without IPv6 brackets. */
  String strippedHostname() {
    if (hostname.length() >= 2 && hostname.charAt(0) == '[') {
      return hostname.substring(1, hostname.length() - 1);
    }
    return hostname;
  }

  /** {@code Url::toText()}. */
  String toText() {
    return (https ? "https" : "http") + "://" + hostname + (port != 0 ? ":" + port : "") + path;
  }
}
