package dev.failover.windows.ps;

import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Decodes what PowerShell writes to standard error when it runs remotely: a first line
 * {@code #< CLIXML}, then serialized objects whose {@code <S S="Error">} elements carry the
 * error lines, with characters escaped as {@code _xHHHH_} ({@code _x000D__x000A_} for a line
 * break). Plain text passes through unchanged.
 */
public final class Clixml {

  private static final String MARKER = "#< CLIXML";
  private static final Pattern ESCAPE = Pattern.compile("_x([0-9A-Fa-f]{4})_");

  private Clixml() {}

  /**
   * {@return the error text in the stream, decoded; the input itself when it is not CLIXML or does not parse}
   *
   * @param stderr the standard error stream as received
   */
  public static String decode(String stderr) {
    if (stderr == null) {
      return "";
    }
    String trimmed = stderr.stripLeading();
    if (!trimmed.startsWith(MARKER)) {
      return stderr;
    }
    String xml = trimmed.substring(MARKER.length()).strip();
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      Document doc = builder.parse(new InputSource(new StringReader(xml)));
      NodeList strings = doc.getElementsByTagNameNS("*", "S");
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < strings.getLength(); i++) {
        Element e = (Element) strings.item(i);
        if ("Error".equals(e.getAttribute("S"))) {
          out.append(unescape(e.getTextContent()));
        }
      }
      return out.toString().strip();
    } catch (Exception e) {
      return stderr;
    }
  }

  static String unescape(String text) {
    Matcher m = ESCAPE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
