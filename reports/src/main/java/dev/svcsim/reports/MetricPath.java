package dev.svcsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A path into the JSON report, as expectations write it: {@code seed},
 * {@code services["default/web"].skew.maxOverMean},
 * {@code services["default/web"].pods["web-0"].share}, {@code timeline[3].delivered}.
 *
 * <p>Syntax (the field-path syntax of scenario files): a key is a bare name up to the next
 * {@code .} or {@code [}, or a quoted key in brackets, {@code ["default/web"]} or
 * {@code ['default/web']} (for keys with dots or slashes); keys are joined with {@code .}. A
 * bracketed number {@code [3]} is a position in a list, from 0 (on an object it is the key
 * {@code "3"}, so {@code nodeHops[2]} works); {@code [field=value]} is the first object of a list
 * whose {@code field} is {@code value}. There is no escape inside a quoted key.
 */
public record MetricPath(List<Segment> segments) {

  /** One step of a path. */
  public sealed interface Segment {}

  /** An object's key. */
  public record Key(String key) implements Segment {}

  /** A list position, from 0. */
  public record Index(int index) implements Segment {}

  /** The first object of a list whose {@code field} is {@code value}. */
  public record Match(String field, String value) implements Segment {}

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public MetricPath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses a metric path.
   *
   * @throws IllegalArgumentException saying where and what was expected
   */
  public static MetricPath parse(String text) {
    List<Segment> segs = new ArrayList<>();
    int n = text.length();
    if (n == 0) {
      throw new IllegalArgumentException("the metric path is empty");
    }
    int i = 0;
    boolean needKey = true;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '[') {
        int close = closing(text, i);
        String inner = text.substring(i + 1, close).trim();
        if (inner.startsWith("\"") || inner.startsWith("'")) {
          if (inner.length() < 2 || inner.charAt(inner.length() - 1) != inner.charAt(0)) {
            throw bad(text, i, "unterminated quoted key");
          }
          segs.add(new Key(inner.substring(1, inner.length() - 1)));
        } else if (!inner.isEmpty() && inner.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          if (inner.length() > 9) {
            throw bad(text, i, "list index too large");
          }
          segs.add(new Index(Integer.parseInt(inner)));
        } else if (inner.indexOf('=') > 0) {
          int eq = inner.indexOf('=');
          String v = inner.substring(eq + 1).trim();
          if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
              && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
          }
          segs.add(new Match(inner.substring(0, eq).trim(), v));
        } else {
          throw bad(text, i, "expected [N], [\"key\"] or [field=value]");
        }
        i = close + 1;
        needKey = false;
      } else if (c == '.') {
        if (needKey) {
          throw bad(text, i, "expected a key before '.'");
        }
        i++;
        needKey = true;
        if (i == n) {
          throw bad(text, i, "expected a key after '.'");
        }
      } else {
        if (!needKey) {
          throw bad(text, i, "expected '.' or '['");
        }
        int start = i;
        while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
          i++;
        }
        segs.add(new Key(text.substring(start, i)));
        needKey = false;
      }
    }
    return new MetricPath(segs);
  }

  private static int closing(String text, int open) {
    char quote = 0;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ']') {
        return i;
      }
    }
    throw bad(text, open, "missing ']'");
  }

  private static IllegalArgumentException bad(String text, int offset, String what) {
    return new IllegalArgumentException(
        "bad metric path \"" + text + "\" at offset " + offset + ": " + what);
  }

  /**
   * The first {@code count} segments written back as a path, e.g. {@code services["a/b"].skew}:
   * keys that are not identifiers, and the names of Services, pods and nodes, in brackets.
   */
  public String prefix(int count) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < count; k++) {
      Segment s = segments.get(k);
      if (s instanceof Key key) {
        if (IDENTIFIER.matcher(key.key()).matches() && !(k > 0 && namesByKey(segments.get(k - 1)))) {
          sb.append(k == 0 ? "" : ".").append(key.key());
        } else {
          sb.append("[\"").append(key.key()).append("\"]");
        }
      } else if (s instanceof Index idx) {
        sb.append('[').append(idx.index()).append(']');
      } else if (s instanceof Match m) {
        sb.append('[').append(m.field()).append('=').append(m.value()).append(']');
      }
    }
    return sb.toString();
  }

  /** Whether the keys after this segment are names (Services, pods, nodes), written as ["name"]. */
  private static boolean namesByKey(Segment s) {
    return s instanceof Key k
        && (k.key().equals("services") || k.key().equals("pods") || k.key().equals("nodes"));
  }

  @Override
  public String toString() {
    return prefix(segments.size());
  }
}
