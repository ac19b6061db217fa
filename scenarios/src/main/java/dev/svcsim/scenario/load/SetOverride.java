package dev.svcsim.scenario.load;

import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlDocument;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlPath;
import dev.svcsim.scenario.yaml.YamlReader;
import dev.svcsim.scenario.yaml.YamlScalar;
import dev.svcsim.scenario.yaml.YamlSeq;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code --set PATH=VALUE}: a field of the scenario to change before it is loaded.
 *
 * <p>PATH names a field of the Scenario document ({@code spec.cluster.kubeProxy.mode},
 * {@code spec.traffic[name=users].rate}) or of a manifest ({@code
 * service/shop/web:spec.externalTrafficPolicy}, {@code node/node-a:metadata.labels.x}); VALUE is
 * read as YAML ({@code 3}, {@code Local}, {@code [a, b]}, {@code null}). The value's nodes are
 * located in a file named {@code --set TEXT}, line 1, at their column in TEXT, so problems about
 * them read {@code --set spec.seed=x:1:11: spec.seed: must be an integer, ...}.
 *
 * <p>An empty VALUE is an error rather than a guess between null and the empty string: write
 * {@code PATH=null} to clear a field, {@code PATH=''} for an empty string.
 *
 * @param text the option as given, e.g. {@code deployment/shop/web:spec.replicas=5}
 * @param target the document the path is in
 * @param path the field path inside that document
 * @param value the value, parsed as YAML
 */
public record SetOverride(String text, SetOverride.Target target, YamlPath path, YamlNode value) {

  /** The kinds a manifest path may name, in lower case as it is written, to their Kind, in order. */
  static final Map<String, String> KINDS = kinds();

  /** The lower-case kind words, in the order messages list them. */
  private static final List<String> KIND_WORDS = List.copyOf(KINDS.keySet());

  private static Map<String, String> kinds() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kind : List.of(
        "Service", "Pod", "Node", "Deployment", "StatefulSet", "DaemonSet", "Endpoints", "EndpointSlice")) {
      m.put(kind.toLowerCase(Locale.ROOT), kind);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Which document a path is in. */
  public sealed interface Target permits ScenarioDocument, Manifest {}

  /** The {@code kind: Scenario} document. */
  public record ScenarioDocument() implements Target {}

  /** The Scenario document: the target of a path without a {@code kind/...:} prefix. */
  public static final Target SCENARIO = new ScenarioDocument();

  /**
   * A Kubernetes manifest: {@code kind} in lower case as written ({@code service}), {@code
   * namespace} null for a Node (cluster-scoped), {@code name} its metadata.name.
   */
  public record Manifest(String kind, String namespace, String name) implements Target {
    public Manifest {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      if (!KINDS.containsKey(kind)) {
        throw new IllegalArgumentException("unknown kind " + YamlScalar.quote(kind));
      }
      if ((namespace == null) != kind.equals("node")) {
        throw new IllegalArgumentException(
            kind.equals("node") ? "a Node has no namespace" : article(KINDS.get(kind)) + " needs a namespace");
      }
    }

    /** The Kubernetes kind: {@code Service}, {@code EndpointSlice}. */
    public String kindName() {
      return KINDS.get(kind);
    }

    /** {@code default/web}, or {@code node-a} for a Node. */
    public String key() {
      return namespace == null ? name : namespace + "/" + name;
    }

    /** As written in a path: {@code service/default/web}, {@code node/node-a}. */
    @Override
    public String toString() {
      return kind + "/" + key();
    }
  }

  public SetOverride {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Reads one {@code PATH=VALUE}. The text is split at the first {@code =} outside brackets and
   * quotes, so paths may hold {@code [name=users]} and {@code ["svcsim.dev/concurrency"]}.
   *
   * @throws IllegalArgumentException with a message that quotes the text and says what to write
   *     instead: no {@code =}, no path, no value, a bad path (with its offset in the text), an
   *     unknown kind, a namespace missing (or given for a Node), a field that names the document
   *     ({@code kind}, {@code apiVersion}), a value that is not YAML
   */
  public static SetOverride parse(String text) {
    Objects.requireNonNull(text, "text");
    int eq = split(text, '=');
    if (eq < 0) {
      throw bad(text, "no \"=\" in it; write PATH=VALUE, e.g. spec.cluster.kubeProxy.mode=ipvs"
          + " or deployment/default/web:spec.replicas=3");
    }
    String pathText = text.substring(0, eq);
    String valueText = text.substring(eq + 1);
    if (pathText.isEmpty()) {
      throw bad(text, "no path before \"=\"; write PATH=VALUE, e.g. spec.cluster.kubeProxy.mode=ipvs");
    }
    int fieldStart = fieldStart(pathText);
    Target target = SCENARIO;
    if (fieldStart > 0) {
      target = manifest(text, pathText.substring(0, fieldStart - 1));
    } else {
      int end = 0;
      while (end < pathText.length() && pathText.charAt(end) != '.' && pathText.charAt(end) != '[') {
        end++;
      }
      if (pathText.substring(0, end).indexOf('/') >= 0) {
        String selector = pathText.substring(0, end);
        throw bad(text, "no field after the manifest " + selector + "; write " + selector
            + ":FIELD=VALUE, e.g. deployment/default/web:spec.replicas=3");
      }
    }
    String fieldText = pathText.substring(fieldStart);
    if (fieldText.isEmpty()) {
      throw bad(text, "no field after \":\"; write " + pathText + "FIELD=VALUE");
    }
    YamlPath path;
    try {
      path = YamlPath.parse(fieldText);
    } catch (YamlPath.PathSyntaxException e) {
      throw bad(text, "bad path at offset " + (fieldStart + e.offset()) + ": " + e.reason());
    }
    if (path.segments().get(0) instanceof YamlPath.Key k
        && (k.key().equals("kind") || k.key().equals("apiVersion"))) {
      throw bad(text, k.key() + " says what the document is; --set cannot change it");
    }
    if (valueText.isBlank()) {
      throw bad(text, "no value after \"=\"; write " + pathText + "=null to clear the field, or "
          + pathText + "='' for an empty string");
    }
    return new SetOverride(text, target, path, value(text, valueText, eq + 1));
  }

  /**
   * The path as written, with its manifest: {@code service/default/web:spec.type} (the whole
   * text when it is not one {@link #parse} reads).
   */
  public String pathText() {
    try {
      int eq = split(text, '=');
      return eq < 0 ? text : text.substring(0, eq);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** Where problems about the override as a whole point: its text, line 1, column 1. */
  public Location location() {
    return locationAt(0);
  }

  /** A place in the text, {@code offset} counted from 0. */
  Location locationAt(int offset) {
    return new Location(file(text), 1, offset + 1);
  }

  /**
   * Where segment {@code i} of {@link #path()} is written in the text (column 1 when the text is
   * not one {@link #parse} reads).
   */
  Location segmentLocation(int i) {
    try {
      String pathText = pathText();
      int start = fieldStart(pathText);
      List<Integer> offsets = YamlPath.segmentOffsets(pathText.substring(start));
      return locationAt(start + offsets.get(Math.min(i, offsets.size() - 1)));
    } catch (RuntimeException e) {
      return location();
    }
  }

  @Override
  public String toString() {
    return text;
  }

  // ------------------------------------------------------------------ parsing

  private static String file(String text) {
    return "--set " + text;
  }

  private static IllegalArgumentException bad(String text, String what) {
    return new IllegalArgumentException(YamlScalar.quote(text) + ": " + what);
  }

  /**
   * The first {@code c} outside brackets and quotes, or -1.
   *
   * @throws IllegalArgumentException for a {@code [} that is never closed
   */
  private static int split(String text, char c) {
    int depth = 0;
    int open = -1;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
      } else if (depth > 0 && (ch == '"' || ch == '\'')) {
        quote = ch;
      } else if (ch == '[') {
        if (depth++ == 0) {
          open = i;
        }
      } else if (ch == ']' && depth > 0) {
        depth--;
      } else if (ch == c && depth == 0) {
        return i;
      }
    }
    if (depth > 0 && c == '=') {
      throw bad(text, "bad path at offset " + open + ": missing ']'");
    }
    return -1;
  }

  /** Where the field path starts: after {@code kind/namespace/name:}, else 0. */
  private static int fieldStart(String pathText) {
    return split(pathText, ':') + 1;
  }

  /** "a Service", "an EndpointSlice". */
  static String article(String word) {
    return ("AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static Manifest manifest(String text, String selector) {
    String[] parts = selector.split("/", -1);
    String kind = parts[0];
    if (!KINDS.containsKey(kind)) {
      String hint = Suggestions.closest(kind, KIND_WORDS);
      throw bad(text, "unknown kind " + YamlScalar.quote(kind)
          + (hint == null ? "" : " (did you mean " + YamlScalar.quote(hint) + "?)")
          + "; the kinds are " + String.join(", ", KIND_WORDS));
    }
    String kindName = KINDS.get(kind);
    String field = text.substring(selector.length() + 1, split(text, '='));
    if (kind.equals("node")) {
      if (parts.length == 3 && !parts[2].isEmpty()) {
        throw bad(text, "a Node has no namespace; write node/NAME:FIELD, e.g. node/" + parts[2] + ":" + field);
      }
      if (parts.length != 2 || parts[1].isEmpty()) {
        throw bad(text, "write node/NAME:FIELD, e.g. node/node-a:" + field);
      }
      return new Manifest(kind, null, parts[1]);
    }
    if (parts.length == 2 && !parts[1].isEmpty()) {
      throw bad(text, article(kindName) + " belongs to a namespace; write " + kind + "/NAMESPACE/NAME:FIELD, e.g. "
          + kind + "/default/" + parts[1] + ":" + field);
    }
    if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw bad(text, "write " + kind + "/NAMESPACE/NAME:FIELD, e.g. " + kind + "/default/web:" + field);
    }
    return new Manifest(kind, parts[1], parts[2]);
  }

  /** Reads the value as one YAML document, located in the option's text. */
  private static YamlNode value(String text, String valueText, int offset) {
    Problems problems = new Problems();
    List<YamlDocument> docs = new YamlReader().read(file(text), valueText, problems);
    if (problems.hasErrors()) {
      Problem first = problems.sorted().get(0);
      throw bad(text, "the value is not valid YAML: " + first.message().replaceFirst("^invalid YAML: ", ""));
    }
    if (docs.size() > 1) {
      throw bad(text, "the value holds several YAML documents; give one value");
    }
    if (docs.isEmpty()) {
      // YAML null (null, ~ or only a comment): the reader drops null documents
      return new YamlScalar(new Location(file(text), 1, offset + 1), valueText.trim(), YamlScalar.Type.NULL);
    }
    return shift(docs.get(0).root(), offset);
  }

  /** Moves nodes on the first line {@code offset} columns right (the value follows PATH=). */
  private static YamlNode shift(YamlNode n, int offset) {
    if (n instanceof YamlScalar s) {
      return new YamlScalar(shift(s.location(), offset), s.text(), s.type());
    }
    if (n instanceof YamlSeq q) {
      List<YamlNode> items = new ArrayList<>(q.size());
      for (YamlNode item : q.items()) {
        items.add(shift(item, offset));
      }
      return new YamlSeq(shift(q.location(), offset), items);
    }
    YamlMap m = (YamlMap) n;
    List<YamlMap.Entry> entries = new ArrayList<>(m.size());
    for (YamlMap.Entry e : m.entries()) {
      entries.add(new YamlMap.Entry(e.key(), shift(e.keyLocation(), offset), shift(e.value(), offset)));
    }
    return new YamlMap(shift(m.location(), offset), entries);
  }

  private static Location shift(Location l, int offset) {
    return l.line() == 1 ? new Location(l.file(), 1, l.column() + offset) : l;
  }
}
