package dev.svcsim.reports;

/**
 * A builder of HTML and SVG text that escapes every string and formats every number the same
 * way on every JDK. Attributes are given as name, value pairs: a {@code String} value is
 * escaped, a {@code Double} is a coordinate ({@link #num(double)}), an {@code Integer} or a
 * {@code Long} is printed as is, and a {@code null} value leaves the attribute out.
 *
 * <p>The output is well-formed XML as well as HTML5 (void elements are self-closed, no named
 * entities other than XML's), so that tests can parse it with the JDK's XML parser.
 */
final class Markup {

  private final StringBuilder sb = new StringBuilder(1 << 14);

  /** {@code <tag attrs>}. */
  Markup open(String tag, Object... attrs) {
    sb.append('<').append(tag);
    attributes(attrs);
    sb.append('>');
    return this;
  }

  /** {@code <tag attrs/>}: an empty element (a void element in HTML). */
  Markup empty(String tag, Object... attrs) {
    sb.append('<').append(tag);
    attributes(attrs);
    sb.append("/>");
    return this;
  }

  /** {@code </tag>}. */
  Markup close(String tag) {
    sb.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag attrs>text</tag>}, the text escaped. */
  Markup element(String tag, String text, Object... attrs) {
    return open(tag, attrs).text(text).close(tag);
  }

  /** Escaped text. */
  Markup text(String text) {
    sb.append(escape(text));
    return this;
  }

  /** Text that is already markup (a constant of the writer, or another builder's output). */
  Markup raw(String markup) {
    sb.append(markup);
    return this;
  }

  /** A line break in the source, to keep the file readable. */
  Markup nl() {
    sb.append('\n');
    return this;
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  private void attributes(Object[] attrs) {
    if (attrs.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs");
    }
    for (int i = 0; i < attrs.length; i += 2) {
      Object v = attrs[i + 1];
      if (v == null) {
        continue;
      }
      String value;
      if (v instanceof Double d) {
        value = num(d);
      } else if (v instanceof Integer || v instanceof Long) {
        value = v.toString();
      } else if (v instanceof String s) {
        value = escape(s);
      } else {
        throw new IllegalArgumentException("attribute " + attrs[i] + ": cannot print a " + v.getClass().getName());
      }
      sb.append(' ').append((String) attrs[i]).append("=\"").append(value).append('"');
    }
  }

  /**
   * Text safe in HTML and XML, in content and in quoted attributes: {@code & < > " '} become
   * character references, and characters XML does not allow (controls other than tab, line feed
   * and carriage return, lone surrogates, U+FFFE and U+FFFF) become U+FFFD.
   */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> allowed(s, i) ? null : "\uFFFD";
      };
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean allowed(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20) {
      return c == '\t' || c == '\n' || c == '\r';
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
    return c != 0xFFFE && c != 0xFFFF;
  }

  /**
   * A coordinate or length: rounded to one decimal (half-even) by {@link Numbers#fixed(double,
   * int)}, without a needless {@code .0}: {@code 12.0} gives {@code 12}, {@code 3.25} gives
   * {@code 3.2}.
   */
  static String num(double x) {
    String s = Numbers.fixed(x, 1);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
