package dev.svcsim.scenario.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A path to a field inside a YAML tree, in the syntax scenarios, {@code --set} and sweeps use:
 * {@code spec.traffic[0].rate}, {@code spec.traffic[name=users].rate},
 * {@code metadata.annotations["svcsim.dev/concurrency"]}.
 */
public record YamlPath(List<Segment> segments) {

  /** One step of a path. */
  public sealed interface Segment {}

  /** A mapping key. */
  public record Key(String key) implements Segment {}

  /** A list position, from 0. */
  public record Index(int index) implements Segment {}

  /** The list element whose {@code field} equals {@code value}, e.g. {@code [name=users]}. */
  public record Match(String field, String value) implements Segment {}

  /**
   * A path that does not parse: {@link #getMessage()} names the path, the offset and what was
   * expected; {@link #offset()} and {@link #reason()} give the parts, for callers that show the
   * path inside a longer text (a {@code --set} option).
   */
  public static final class PathSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final String reason;

    PathSyntaxException(String text, int offset, String reason) {
      super("bad field path " + YamlScalar.quote(text) + " at offset " + offset + ": " + reason);
      this.offset = offset;
      this.reason = reason;
    }

    /** Where in the path text the problem is, from 0. */
    public int offset() {
      return offset;
    }

    /** What was expected there, e.g. "expected a field name". */
    public String reason() {
      return reason;
    }
  }

  public YamlPath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses a path.
   *
   * @throws PathSyntaxException naming the offset and what was expected
   */
  public static YamlPath parse(String text) {
    return parse(text, new ArrayList<>());
  }

  /**
   * Where each segment of a path starts in its text, from 0: the first letter of a key, or the
   * {@code [} of an index, quoted key or {@code [field=value]}. One offset per segment of
   * {@link #parse(String) parse(text)}.
   *
   * @throws PathSyntaxException as {@link #parse(String)} does
   */
  public static List<Integer> segmentOffsets(String text) {
    List<Integer> offsets = new ArrayList<>();
    parse(text, offsets);
    return List.copyOf(offsets);
  }

  private static YamlPath parse(String text, List<Integer> offsets) {
    List<Segment> segs = new ArrayList<>();
    int i = 0;
    int n = text.length();
    if (n == 0) {
      throw new PathSyntaxException(text, 0, "expected a field name");
    }
    boolean needKey = true;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '[') {
        offsets.add(i);
        int close = closing(text, i);
        String inner = text.substring(i + 1, close).trim();
        if (inner.startsWith("\"") || inner.startsWith("'")) {
          char q = inner.charAt(0);
          if (inner.length() < 2 || inner.charAt(inner.length() - 1) != q) {
            throw bad(text, i, "unterminated quoted key");
          }
          segs.add(new Key(inner.substring(1, inner.length() - 1)));
        } else if (!inner.isEmpty() && inner.chars().allMatch(Character::isDigit)) {
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
          throw bad(text, i, "expected a field name");
        }
        i++;
        needKey = true;
        if (i == n) {
          throw bad(text, i, "expected a field name after '.'");
        }
      } else {
        if (!needKey) {
          throw bad(text, i, "expected '.' or '['");
        }
        int start = i;
        offsets.add(start);
        while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
          i++;
        }
        segs.add(new Key(text.substring(start, i)));
        needKey = false;
      }
    }
    if (needKey) {
      throw bad(text, n, "expected a field name");
    }
    return new YamlPath(segs);
  }

  private static int closing(String text, int open) {
    boolean quoted = false;
    char q = 0;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == q) {
          quoted = false;
        }
      } else if (c == '"' || c == '\'') {
        quoted = true;
        q = c;
      } else if (c == ']') {
        return i;
      }
    }
    throw bad(text, open, "missing ']'");
  }

  private static PathSyntaxException bad(String text, int offset, String what) {
    return new PathSyntaxException(text, offset, what);
  }

  /**
   * The node the path names, or null when something along it is missing or of the wrong kind.
   */
  public YamlNode find(YamlNode root) {
    YamlNode n = root;
    for (Segment s : segments) {
      n = step(n, s);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /**
   * Where a problem about this path should point: the value at the path when it exists, else
   * the deepest node that exists along the path (so a missing field points at its parent).
   */
  public Location locate(YamlNode root) {
    YamlNode n = root;
    Location best = root.location();
    for (Segment s : segments) {
      if (s instanceof Key k && n instanceof YamlMap m && m.entry(k.key()) != null) {
        best = m.entry(k.key()).value().location();
      }
      n = step(n, s);
      if (n == null) {
        return best;
      }
      best = n.location();
    }
    return best;
  }

  private static YamlNode step(YamlNode n, Segment s) {
    if (s instanceof Key k) {
      return n instanceof YamlMap m ? m.get(k.key()) : null;
    }
    if (s instanceof Index ix) {
      return n instanceof YamlSeq q && ix.index() < q.size() ? q.get(ix.index()) : null;
    }
    Match mt = (Match) s;
    if (n instanceof YamlSeq q) {
      for (YamlNode item : q.items()) {
        if (item instanceof YamlMap m
            && m.get(mt.field()) instanceof YamlScalar v
            && v.text().equals(mt.value())) {
          return item;
        }
      }
    }
    return null;
  }

  /**
   * A copy of {@code root} with the field at this path set to {@code value}. Missing mapping keys
   * along the path are created (so {@code metadata.annotations["x"]} works on a pod without
   * annotations); a missing list element is an error.
   *
   * @throws IllegalArgumentException when the path crosses a scalar or a missing list element
   */
  public YamlNode set(YamlNode root, YamlNode value) {
    return set(root, value, depth -> value.location());
  }

  /**
   * As {@link #set(YamlNode, YamlNode)}, but a mapping key created for segment {@code d} (and the
   * mapping created to hold it) is located at {@code createdAt.apply(d)}, so that problems about
   * it point where the path was written (a {@code --set} option) rather than at the value.
   */
  public YamlNode set(YamlNode root, YamlNode value, IntFunction<Location> createdAt) {
    return set(root, 0, value, createdAt);
  }

  private YamlNode set(YamlNode n, int depth, YamlNode value, IntFunction<Location> createdAt) {
    if (depth == segments.size()) {
      return value;
    }
    Segment s = segments.get(depth);
    if (s instanceof Key k) {
      YamlMap m;
      if (n instanceof YamlMap existing) {
        m = existing;
      } else if (n == null || (n instanceof YamlScalar sc && sc.isNull())) {
        m = new YamlMap(createdAt.apply(depth), List.of());
      } else {
        throw new IllegalArgumentException(
            prefix(depth) + " is " + n.describe() + ", not a mapping with field " + YamlScalar.quote(k.key()));
      }
      return m.with(k.key(), createdAt.apply(depth), set(m.get(k.key()), depth + 1, value, createdAt));
    }
    if (!(n instanceof YamlSeq q)) {
      throw new IllegalArgumentException(
          prefix(depth) + " is " + (n == null ? "missing" : n.describe()) + ", not a list");
    }
    int index = -1;
    if (s instanceof Index ix) {
      index = ix.index() < q.size() ? ix.index() : -1;
    } else {
      Match mt = (Match) s;
      for (int i = 0; i < q.size(); i++) {
        if (q.get(i) instanceof YamlMap m
            && m.get(mt.field()) instanceof YamlScalar v
            && v.text().equals(mt.value())) {
          index = i;
          break;
        }
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException(prefix(depth + 1) + " names no element of the list");
    }
    List<YamlNode> items = new ArrayList<>(q.items());
    items.set(index, set(items.get(index), depth + 1, value, createdAt));
    return new YamlSeq(q.location(), items);
  }

  /**
   * The path {@code path} followed by the key {@code key}: {@code a.b}, or {@code a["x.y/z"]}
   * when the key needs quoting. {@link #toString()} prints keys this way, and so does the binder
   * when it names the fields it reads, so the two compare equal as strings.
   */
  public static String join(String path, String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
    if (plain) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[" + YamlScalar.quote(key) + "]";
  }

  /** The path with its first {@code n} segments only. */
  public YamlPath prefix(int n) {
    return new YamlPath(segments.subList(0, n));
  }

  @Override
  public String toString() {
    String b = "";
    for (Segment s : segments) {
      if (s instanceof Key k) {
        b = join(b, k.key());
      } else if (s instanceof Index ix) {
        b = b + "[" + ix.index() + "]";
      } else {
        Match m = (Match) s;
        b = b + "[" + m.field() + "=" + m.value() + "]";
      }
    }
    return b;
  }
}
