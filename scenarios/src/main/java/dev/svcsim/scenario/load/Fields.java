package dev.svcsim.scenario.load;

import dev.svcsim.engine.random.Distribution;
import dev.svcsim.engine.units.Durations;
import dev.svcsim.engine.units.Rates;
import dev.svcsim.engine.units.UnitParseException;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlPath;
import dev.svcsim.scenario.yaml.YamlScalar;
import dev.svcsim.scenario.yaml.YamlSeq;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, path-tracking access to one YAML mapping while binding it to a spec record.
 *
 * <p>Every getter reports a problem (with the value's location and field path) and returns
 * {@code null} or the default instead of throwing, so that binding goes on and the user sees
 * every problem at once. In strict mode (the Scenario document) {@link #finish()} reports the
 * keys nobody asked for, with a "did you mean" suggestion; in lenient mode (Kubernetes
 * manifests, which carry {@code status}, {@code managedFields} and much more) they are ignored.
 */
final class Fields {

  /**
   * The field paths one binding consulted, shared by every {@link Fields} of one document: each
   * key asked for (present or not), each list item, and the mappings read as a whole (labels,
   * annotations, selectors), under which every key counts as read. Paths are written as
   * {@link YamlPath#toString()} writes them. {@code complete} is set by the binder once the
   * document's kind was recognised and its fields were read.
   */
  static final class Reads {
    final Set<String> paths = new HashSet<>();
    final Set<String> wholes = new HashSet<>();
    boolean complete;

    /** Whether a binding would see a value written at {@code path} (list items resolved). */
    boolean covers(YamlPath path) {
      if (paths.contains(path.toString())) {
        return true;
      }
      for (int n = path.segments().size(); n > 0; n--) {
        if (wholes.contains(path.prefix(n).toString())) {
          return true;
        }
      }
      return false;
    }
  }

  private final YamlMap map;
  private final String path;
  private final Problems problems;
  private final boolean strict;
  private final Reads reads;
  private final Set<String> asked = new HashSet<>();

  Fields(YamlMap map, String path, Problems problems, boolean strict) {
    this(map, path, problems, strict, null);
  }

  /** As above, recording every field read into {@code reads} (null: not recorded). */
  Fields(YamlMap map, String path, Problems problems, boolean strict, Reads reads) {
    this.map = map;
    this.path = path;
    this.problems = problems;
    this.strict = strict;
    this.reads = reads;
  }

  /** Wraps {@code node} if it is a mapping; otherwise reports it and returns null. */
  static Fields of(YamlNode node, String path, Problems problems, boolean strict) {
    return of(node, path, problems, strict, null);
  }

  private static Fields of(YamlNode node, String path, Problems problems, boolean strict, Reads reads) {
    if (node instanceof YamlMap m) {
      return new Fields(m, path, problems, strict, reads);
    }
    problems.error(node.location(), path, "must be a mapping, not " + node.describe());
    return null;
  }

  /** Where this binding records what it reads (null: nowhere). */
  Reads reads() {
    return reads;
  }

  YamlMap map() {
    return map;
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  boolean strict() {
    return strict;
  }

  /** The path of a child key: {@code a.b}, or {@code a["x.y/z"]} when the key needs quoting. */
  String pathOf(String key) {
    return join(path, key);
  }

  static String join(String path, String key) {
    return YamlPath.join(path, key);
  }

  /** Where to point for a key: its value if present, else the mapping itself. */
  Location locationOf(String key) {
    YamlNode v = map.get(key);
    return v == null ? map.location() : v.location();
  }

  /** Where the key itself is written (for "unknown field" and "forbidden" problems). */
  Location keyLocationOf(String key) {
    YamlMap.Entry e = map.entry(key);
    return e == null ? map.location() : e.keyLocation();
  }

  void error(String key, String message) {
    problems.error(locationOf(key), pathOf(key), message);
  }

  void errorAtKey(String key, String message) {
    problems.error(keyLocationOf(key), pathOf(key), message);
  }

  void warning(String key, String message) {
    problems.warning(locationOf(key), pathOf(key), message);
  }

  /** The raw node of a key (null when absent or YAML null), marking the key as known. */
  YamlNode node(String key) {
    asked.add(key);
    if (reads != null) {
      reads.paths.add(pathOf(key));
    }
    YamlNode n = map.get(key);
    return n instanceof YamlScalar s && s.isNull() ? null : n;
  }

  boolean has(String key) {
    return node(key) != null;
  }

  /** Marks keys as known without reading them (accepted and deliberately ignored). */
  void ignore(String... keys) {
    asked.addAll(List.of(keys));
  }

  // ---- scalars

  private YamlScalar scalar(String key, String expected) {
    YamlNode n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof YamlScalar s) {
      return s;
    }
    error(key, "must be " + expected + ", not " + n.describe());
    return null;
  }

  String string(String key) {
    YamlScalar s = scalar(key, "a string");
    if (s == null) {
      return null;
    }
    if (s.type() == YamlScalar.Type.BOOLEAN) {
      error(key, "must be a string, not " + s.describe() + "; quote it: \"" + s.text() + "\"");
      return null;
    }
    return s.text();
  }

  String requiredString(String key) {
    String s = string(key);
    if (s == null && !map.has(key)) {
      problems.error(map.location(), pathOf(key), "Required value");
    } else if (s == null && map.get(key) instanceof YamlScalar sc && sc.isNull()) {
      error(key, "Required value");
    }
    return s;
  }

  String string(String key, String defaultValue) {
    String s = string(key);
    return s == null ? defaultValue : s;
  }

  /** An integer within [min, max]; null when absent or bad. */
  Long integer(String key, long min, long max) {
    YamlScalar s = scalar(key, "an integer");
    if (s == null) {
      return null;
    }
    if (s.type() != YamlScalar.Type.INTEGER) {
      error(key, "must be an integer, not " + s.describe());
      return null;
    }
    long v;
    try {
      v = Long.parseLong(s.text().replace("_", "").replace("+", ""));
    } catch (NumberFormatException e) {
      error(key, "must be an integer between " + min + " and " + max + ", not " + s.text());
      return null;
    }
    if (v < min || v > max) {
      error(key, "must be between " + min + " and " + max + ", inclusive (got " + v + ")");
      return null;
    }
    return v;
  }

  long integer(String key, long min, long max, long defaultValue) {
    Long v = integer(key, min, max);
    return v == null ? defaultValue : v;
  }

  /** A number (integer or decimal) within [min, max]. */
  Double number(String key, double min, double max) {
    YamlScalar s = scalar(key, "a number");
    if (s == null) {
      return null;
    }
    if (s.type() != YamlScalar.Type.INTEGER && s.type() != YamlScalar.Type.FLOAT) {
      error(key, "must be a number, not " + s.describe());
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(s.text().replace("_", ""));
    } catch (NumberFormatException e) {
      error(key, "must be a number, not " + s.text());
      return null;
    }
    if (!(v >= min && v <= max)) {
      error(key, "must be between " + min + " and " + max + " (got " + s.text() + ")");
      return null;
    }
    return v;
  }

  Boolean bool(String key) {
    YamlScalar s = scalar(key, "true or false");
    if (s == null) {
      return null;
    }
    if (s.type() != YamlScalar.Type.BOOLEAN) {
      error(key, "must be true or false, not " + s.describe());
      return null;
    }
    return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
  }

  boolean bool(String key, boolean defaultValue) {
    Boolean b = bool(key);
    return b == null ? defaultValue : b;
  }

  /** One of the given words, compared exactly; null when absent or bad. */
  String oneOf(String key, List<String> allowed) {
    String s = string(key);
    if (s == null) {
      return null;
    }
    if (!allowed.contains(s)) {
      String hint = Suggestions.closest(s, allowed);
      error(
          key,
          "Unsupported value: "
              + YamlScalar.quote(s)
              + ": supported values: "
              + quoteAll(allowed)
              + (hint == null ? "" : " (did you mean " + YamlScalar.quote(hint) + "?)"));
      return null;
    }
    return s;
  }

  static String quoteAll(Collection<String> words) {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      b.append(b.length() == 0 ? "" : ", ").append(YamlScalar.quote(w));
    }
    return b.toString();
  }

  /** A duration such as {@code 1m30s}, as nanoseconds; null when absent or bad. */
  Long duration(String key) {
    return unit(key, "a duration such as 250ms or 1m30s", Durations::parseNanos);
  }

  long duration(String key, long defaultNanos) {
    Long v = duration(key);
    return v == null ? defaultNanos : v;
  }

  /** A rate such as {@code 1000/s}, per second. */
  Double rate(String key) {
    return unit(key, "a rate such as 1000/s or 60/m", Rates::parsePerSecond);
  }

  /** A distribution such as {@code exp(5ms)}; a bare duration means {@code const(...)}. */
  Distribution distribution(String key) {
    return unit(key, "a distribution such as exp(5ms) or a duration such as 2ms", Fields::dist);
  }

  static Distribution dist(String text) {
    String t = text.trim();
    if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '.')
        && t.indexOf('(') < 0) {
      return new Distribution.Constant(Durations.parseNanos(t));
    }
    return Distribution.parse(t);
  }

  private <T> T unit(String key, String expected, Function<String, T> parse) {
    YamlScalar s = scalar(key, expected);
    if (s == null) {
      return null;
    }
    try {
      return parse.apply(s.text());
    } catch (UnitParseException e) {
      error(key, e.getMessage());
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
    }
    return null;
  }

  // ---- structures

  Fields object(String key) {
    YamlNode n = node(key);
    return n == null ? null : of(n, pathOf(key), problems, strict, reads);
  }

  /** A list's items with their paths; an empty list when absent; null items are reported. */
  List<Item> list(String key) {
    YamlNode n = node(key);
    if (n == null) {
      return List.of();
    }
    if (!(n instanceof YamlSeq seq)) {
      error(key, "must be a list, not " + n.describe());
      return List.of();
    }
    List<Item> items = new ArrayList<>(seq.size());
    for (int i = 0; i < seq.size(); i++) {
      items.add(new Item(seq.get(i), pathOf(key) + "[" + i + "]", i));
      if (reads != null) {
        reads.paths.add(pathOf(key) + "[" + i + "]");
      }
    }
    return items;
  }

  /** A list of mappings, each wrapped; items that are not mappings are reported and skipped. */
  List<Fields> objects(String key) {
    List<Fields> out = new ArrayList<>();
    for (Item item : list(key)) {
      Fields f = of(item.node(), item.path(), problems, strict, reads);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** A list of strings. */
  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Item item : list(key)) {
      if (item.node() instanceof YamlScalar s && !s.isNull()) {
        out.add(s.text());
      } else {
        problems.error(
            item.node().location(), item.path(), "must be a string, not " + item.node().describe());
      }
    }
    return out;
  }

  /** A mapping of strings to strings (labels, annotations, selectors), in document order. */
  Map<String, String> stringMap(String key) {
    YamlNode n = node(key);
    if (reads != null) {
      reads.wholes.add(pathOf(key));
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof YamlMap m)) {
      error(key, "must be a mapping, not " + n.describe());
      return out;
    }
    for (YamlMap.Entry e : m.entries()) {
      if (e.value() instanceof YamlScalar s && !s.isNull()) {
        out.put(e.key(), s.text());
      } else if (e.value() instanceof YamlScalar) {
        out.put(e.key(), "");
      } else {
        problems.error(
            e.value().location(),
            join(pathOf(key), e.key()),
            "must be a string, not " + e.value().describe());
      }
    }
    return out;
  }

  /** One item of a list, with its path. */
  record Item(YamlNode node, String path, int index) {}

  /** In strict mode, reports every key nobody asked for, suggesting the closest known key. */
  void finish() {
    if (!strict) {
      return;
    }
    for (YamlMap.Entry e : map.entries()) {
      if (!asked.contains(e.key())) {
        String hint = Suggestions.closest(e.key(), asked);
        problems.error(
            e.keyLocation(),
            pathOf(e.key()),
            "unknown field "
                + YamlScalar.quote(e.key())
                + (hint == null
                    ? "; known fields here: " + String.join(", ", sortedAsked())
                    : " (did you mean " + YamlScalar.quote(hint) + "?)"));
      }
    }
  }

  private List<String> sortedAsked() {
    List<String> l = new ArrayList<>(asked);
    l.sort(null);
    return l;
  }
}
