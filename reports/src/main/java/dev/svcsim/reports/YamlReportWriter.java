package dev.svcsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the report as YAML: the same tree as the JSON ({@link ReportTree}), with the same keys
 * in the same order and the same numbers, in block style: {@code key: value}, nested objects
 * indented by two spaces, list items as {@code - }, empty objects and lists as {@code {}} and
 * {@code []}, a final newline.
 *
 * <p>Strings are written plain only when no YAML reader could take them for anything else: a
 * letter, then letters, digits, {@code .}, {@code _}, {@code /}, {@code -} or spaces (not at the
 * end), and not a word that YAML 1.1 reads as a boolean or null ({@code yes}, {@code no},
 * {@code on}, {@code off}, {@code y}, {@code n}, {@code true}, {@code false}, {@code null}, in
 * any case). So {@code default/web}, {@code web-7d9f-abcde} and {@code source IP preserved} are
 * plain, and {@code "1"}, {@code "1.0"}, {@code "yes"}, {@code "null"}, {@code ""} and any text
 * with a {@code :}, a {@code #} or a quote are double-quoted, with JSON's escapes plus
 * {@code \\uXXXX} for the characters YAML does not allow raw or reads as line breaks (C1
 * controls, U+2028, U+2029, U+FEFF, lone surrogates). Numbers are
 * {@link Numbers#json(double)}'s, except that a positive exponent gets its sign
 * ({@code 1.0e+21}): YAML 1.1 readers such as SnakeYAML and PyYAML need it to see a float.
 */
public final class YamlReportWriter implements ReportWriter {

  private static final String INDENT = "  ";

  /** Plain scalars that YAML 1.1 or 1.2 would resolve to a boolean or null. */
  private static final Set<String> RESERVED =
      Set.of("null", "true", "false", "yes", "no", "on", "off", "y", "n");

  /**
   * YAML requires an implicit key ({@code key: value}) to fit in 1024 characters; a longer key
   * is written as an explicit one ({@code ? key} then {@code : value}).
   */
  private static final int MAX_IMPLICIT_KEY = 1000;

  @Override
  public void write(Report report, Writer out) throws IOException {
    write(ReportTree.of(report), out);
  }

  /** Writes any tree the same way, with a final newline. */
  public static void write(JsonValue value, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    if (isBlock(value)) {
      block(value, 0, false, sb);
    } else {
      scalar(value, sb);
      sb.append('\n');
    }
    out.write(sb.toString());
  }

  /** A non-empty object or list: written over several lines. */
  private static boolean isBlock(JsonValue v) {
    return v instanceof JsonValue.Obj o && !o.fields().isEmpty()
        || v instanceof JsonValue.Arr a && !a.items().isEmpty();
  }

  /**
   * The entries of a non-empty object or list, each on its own line at {@code depth}; with
   * {@code inline} the first entry continues the current line (after a list item's {@code - }).
   */
  private static void block(JsonValue v, int depth, boolean inline, StringBuilder sb) {
    boolean first = true;
    if (v instanceof JsonValue.Obj o) {
      for (Map.Entry<String, JsonValue> e : o.fields().entrySet()) {
        if (!(first && inline)) {
          indent(sb, depth);
        }
        first = false;
        String key = string(e.getKey());
        if (key.length() > MAX_IMPLICIT_KEY) {
          sb.append("? ").append(key).append('\n');
          indent(sb, depth);
        } else {
          sb.append(key);
        }
        sb.append(':');
        JsonValue value = e.getValue();
        if (isBlock(value)) {
          sb.append('\n');
          block(value, depth + 1, false, sb);
        } else {
          sb.append(' ');
          scalar(value, sb);
          sb.append('\n');
        }
      }
    } else {
      List<JsonValue> items = ((JsonValue.Arr) v).items();
      for (JsonValue item : items) {
        if (!(first && inline)) {
          indent(sb, depth);
        }
        first = false;
        sb.append("- ");
        if (isBlock(item)) {
          block(item, depth + 1, true, sb);
        } else {
          scalar(item, sb);
          sb.append('\n');
        }
      }
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append(INDENT);
    }
  }

  /** A string, number, boolean, null or empty collection, on the current line. */
  private static void scalar(JsonValue v, StringBuilder sb) {
    if (v instanceof JsonValue.Str s) {
      sb.append(string(s.value()));
    } else if (v instanceof JsonValue.Int i) {
      sb.append(i.value());
    } else if (v instanceof JsonValue.Dbl d) {
      sb.append(number(d.value()));
    } else if (v instanceof JsonValue.Bool b) {
      sb.append(b.value());
    } else if (v instanceof JsonValue.Obj) {
      sb.append("{}");
    } else if (v instanceof JsonValue.Arr) {
      sb.append("[]");
    } else {
      sb.append("null");
    }
  }

  /** {@link Numbers#json(double)}, with {@code +} in a positive exponent. */
  static String number(double x) {
    String s = Numbers.json(x);
    int e = s.indexOf('e');
    return e >= 0 && s.charAt(e + 1) != '-' ? s.substring(0, e + 1) + '+' + s.substring(e + 1) : s;
  }

  /** The string plain when that is safe (see the class comment), else double-quoted. */
  static String string(String s) {
    return isPlain(s) ? s : quoted(s);
  }

  private static boolean isPlain(String s) {
    if (s.isEmpty() || !isLetter(s.charAt(0)) || RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '/' || c == '-' || c == ' ')) {
        return false;
      }
    }
    return !s.endsWith(" ");
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || c == '\ufeff'
              || c == '\ufffe' || c == '\uffff' || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Whether the surrogate at {@code i} is half of a valid pair (then it is written raw). */
  private static boolean pairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
