package dev.svcsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the JSON report: {@link ReportTree}'s tree, pretty-printed with two-space indentation,
 * {@code "key": value}, one field or list entry per line, empty objects and lists as {@code {}}
 * and {@code []}, and a final newline. Integers are written as integers, doubles by
 * {@link Numbers#json(double)}, so the same report gives the same bytes on every JDK.
 */
public final class JsonReportWriter implements ReportWriter {

  private static final String INDENT = "  ";

  @Override
  public void write(Report report, Writer out) throws IOException {
    write(ReportTree.of(report), out);
  }

  /** Writes any tree the same way, with a final newline. */
  public static void write(JsonValue value, Writer out) throws IOException {
    value(value, out, 0);
    out.write('\n');
  }

  private static void value(JsonValue v, Writer out, int depth) throws IOException {
    if (v instanceof JsonValue.Obj o) {
      if (o.fields().isEmpty()) {
        out.write("{}");
        return;
      }
      out.write('{');
      Iterator<Map.Entry<String, JsonValue>> it = o.fields().entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonValue> e = it.next();
        newline(out, depth + 1);
        string(e.getKey(), out);
        out.write(": ");
        value(e.getValue(), out, depth + 1);
        if (it.hasNext()) {
          out.write(',');
        }
      }
      newline(out, depth);
      out.write('}');
    } else if (v instanceof JsonValue.Arr a) {
      if (a.items().isEmpty()) {
        out.write("[]");
        return;
      }
      out.write('[');
      for (int i = 0; i < a.items().size(); i++) {
        newline(out, depth + 1);
        value(a.items().get(i), out, depth + 1);
        if (i + 1 < a.items().size()) {
          out.write(',');
        }
      }
      newline(out, depth);
      out.write(']');
    } else if (v instanceof JsonValue.Str s) {
      string(s.value(), out);
    } else if (v instanceof JsonValue.Int i) {
      out.write(Long.toString(i.value()));
    } else if (v instanceof JsonValue.Dbl d) {
      out.write(Numbers.json(d.value()));
    } else if (v instanceof JsonValue.Bool b) {
      out.write(b.value() ? "true" : "false");
    } else {
      out.write("null");
    }
  }

  private static void newline(Writer out, int depth) throws IOException {
    out.write('\n');
    for (int i = 0; i < depth; i++) {
      out.write(INDENT);
    }
  }

  /**
   * A JSON string: quotes and backslashes escaped, control characters as {@code \n}, {@code \t}
   * or {@code \\u00XX}, and U+2028/U+2029 escaped too (JavaScript sources choke on them).
   */
  static void string(String s, Writer out) throws IOException {
    out.write('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.write("\\\"");
        case '\\' -> out.write("\\\\");
        case '\n' -> out.write("\\n");
        case '\r' -> out.write("\\r");
        case '\t' -> out.write("\\t");
        case '\b' -> out.write("\\b");
        case '\f' -> out.write("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.write(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.write(c);
          }
        }
      }
    }
    out.write('"');
  }
}
