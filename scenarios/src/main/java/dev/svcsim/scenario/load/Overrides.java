package dev.svcsim.scenario.load;

import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlPath;
import dev.svcsim.scenario.yaml.YamlScalar;
import dev.svcsim.scenario.yaml.YamlSeq;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies the {@code --set} overrides of one load to the YAML trees before they are bound, in
 * command-line order (so of two overrides of one field the later wins), and afterwards checks
 * that each manifest override changed a field svcsim reads.
 *
 * <p>A path that names nothing is a problem located in the option's text: a manifest that is not
 * in the scenario, a list element that does not exist, a step through a scalar, or a manifest
 * field the binder does not read (manifests are bound leniently, so without this check a typo
 * would silently change nothing). Unknown fields of the Scenario document need no check here:
 * its strict binding reports them, at the {@code --set} where the key was created.
 */
final class Overrides {

  /** Most manifests named in a "not found" message. */
  private static final int MAX_LISTED = 10;

  private final List<SetOverride> overrides;
  private final Problems problems;
  private final List<Applied> applied = new ArrayList<>();
  private final Map<YamlMap, Fields.Reads> tracked = new IdentityHashMap<>();

  /** An override applied to one manifest: where that manifest is, and the path it set. */
  private record Applied(
      SetOverride override, SetOverride.Manifest target, int root, YamlPath prefix, YamlPath concrete) {}

  /** A manifest the trees hold: root {@code root}, at {@code prefix} inside it (in a List). */
  private record Candidate(int root, YamlPath prefix, YamlMap node, String kind, String namespace, String name) {
    String key() {
      return namespace == null ? name : namespace + "/" + name;
    }
  }

  Overrides(List<SetOverride> overrides, Problems problems) {
    this.overrides = List.copyOf(overrides);
    this.problems = problems;
  }

  /** The Scenario document with the Scenario-document overrides applied. */
  YamlMap applyToScenario(YamlMap doc) {
    for (SetOverride o : overrides) {
      if (o.target() instanceof SetOverride.ScenarioDocument) {
        YamlPath concrete = resolve(doc, o);
        if (concrete != null) {
          doc = (YamlMap) concrete.set(doc, o.value(), o::segmentLocation);
        }
      }
    }
    return doc;
  }

  /**
   * The manifest documents with the manifest overrides applied (a manifest inside a
   * {@code kind: List} is changed in place). {@code scenario} gives hints (a node declared in
   * {@code spec.cluster.nodes}); {@code reportMissing} false leaves a manifest that is not found
   * unreported, when the files could not all be read.
   */
  List<YamlMap> applyToManifests(List<YamlMap> docs, YamlMap scenario, boolean reportMissing) {
    List<YamlMap> roots = new ArrayList<>(docs);
    for (SetOverride o : overrides) {
      if (!(o.target() instanceof SetOverride.Manifest m)) {
        continue;
      }
      List<Candidate> all = candidates(roots);
      List<Candidate> matches = all.stream()
          .filter(c -> c.kind().equals(m.kindName()) && c.key().equals(m.key()))
          .toList();
      if (matches.isEmpty()) {
        if (reportMissing) {
          problems.error(o.location(), "", notFound(m, all, scenario, o));
        }
        continue;
      }
      for (Candidate c : matches) { // more than one only for duplicates, an error of their own
        YamlPath concrete = resolve(c.node(), o);
        if (concrete == null) {
          break;
        }
        YamlNode item = concrete.set(c.node(), o.value(), o::segmentLocation);
        roots.set(c.root(), c.prefix().segments().isEmpty()
            ? (YamlMap) item
            : (YamlMap) c.prefix().set(roots.get(c.root()), item));
        applied.add(new Applied(o, m, c.root(), c.prefix(), concrete));
      }
    }
    tracked.clear();
    for (Applied a : applied) {
      if (a.prefix().find(roots.get(a.root())) instanceof YamlMap item) {
        tracked.computeIfAbsent(item, k -> new Fields.Reads());
      }
    }
    return roots;
  }

  /**
   * The manifests whose reads the binder should record, by identity: those the overrides
   * changed, as {@link #applyToManifests} returned them.
   */
  Map<YamlMap, Fields.Reads> tracked() {
    return tracked;
  }

  /**
   * After binding the trees {@link #applyToManifests} returned: reports every override of a field
   * the binder did not read (and that no map read as a whole, such as labels, holds).
   */
  void checkReads(List<YamlMap> roots) {
    for (Applied a : applied) {
      if (!(a.prefix().find(roots.get(a.root())) instanceof YamlMap item)) {
        continue;
      }
      Fields.Reads reads = tracked.get(item);
      if (reads == null || !reads.complete || reads.covers(a.concrete())) {
        continue; // a manifest the binder gave up on has an error of its own
      }
      notRead(a, reads);
    }
  }

  // ---------------------------------------------------------------- paths

  /**
   * The path of {@code o} with each list element ({@code [name=x]}, {@code [2]}) resolved to an
   * index that exists in {@code root}; null, with a problem reported, when the path names
   * nothing. Missing mapping keys are fine: setting creates them.
   */
  private YamlPath resolve(YamlNode root, SetOverride o) {
    List<YamlPath.Segment> segs = o.path().segments();
    List<YamlPath.Segment> out = new ArrayList<>(segs.size());
    YamlNode cur = root;
    for (int i = 0; i < segs.size(); i++) {
      YamlPath.Segment s = segs.get(i);
      String here = new YamlPath(out).toString();
      if (cur instanceof YamlScalar sc && sc.isNull()) {
        cur = null;
      }
      if (s instanceof YamlPath.Key k) {
        if (cur == null || cur instanceof YamlMap) {
          out.add(k);
          cur = cur == null ? null : ((YamlMap) cur).get(k.key());
          continue;
        }
        String hereAndKey = YamlPath.join(here, k.key());
        if (cur instanceof YamlSeq q) {
          String name = firstName(q);
          error(o, i, hereAndKey, here + " is a list; name one of its elements first, e.g. " + here + "[0]"
              + (name == null ? "" : " or " + here + "[name=" + name + "]"));
        } else {
          error(o, i, hereAndKey, here + " is " + cur.describe() + ", not a mapping with field " + YamlScalar.quote(k.key()));
        }
        return null;
      }
      String element = here + new YamlPath(List.of(s));
      String list = here.isEmpty() ? "the document" : here;
      if (cur == null) {
        error(o, i, element, list + " is not set, so " + element + " names nothing; set the whole list instead, e.g. "
            + here + "=[...]");
        return null;
      }
      if (!(cur instanceof YamlSeq q)) {
        error(o, i, element, list + " is " + cur.describe() + ", not a list");
        return null;
      }
      int index = index(q, s);
      if (index < 0) {
        error(o, i, element, missingElement(here, element, q, s));
        return null;
      }
      out.add(new YamlPath.Index(index));
      cur = q.get(index);
    }
    return new YamlPath(out);
  }

  private static int index(YamlSeq q, YamlPath.Segment s) {
    if (s instanceof YamlPath.Index ix) {
      return ix.index() < q.size() ? ix.index() : -1;
    }
    YamlPath.Match mt = (YamlPath.Match) s;
    for (int i = 0; i < q.size(); i++) {
      if (q.get(i) instanceof YamlMap m && m.get(mt.field()) instanceof YamlScalar v && v.text().equals(mt.value())) {
        return i;
      }
    }
    return -1;
  }

  private static String missingElement(String list, String element, YamlSeq q, YamlPath.Segment s) {
    if (q.size() == 0) {
      return list + " is empty, so " + element + " names nothing";
    }
    if (s instanceof YamlPath.Index) {
      return list + " has " + q.size() + (q.size() == 1 ? " element" : " elements") + ", so " + element
          + " names nothing (indexes count from 0)";
    }
    YamlPath.Match mt = (YamlPath.Match) s;
    List<String> values = new ArrayList<>();
    for (YamlNode item : q.items()) {
      if (item instanceof YamlMap m && m.get(mt.field()) instanceof YamlScalar v && !v.isNull()) {
        values.add(v.text());
      }
    }
    String what = list + " has no element with " + mt.field() + " " + YamlScalar.quote(mt.value());
    if (values.isEmpty()) {
      return what + ": none of its " + q.size() + (q.size() == 1 ? " element has " : " elements has ")
          + (mt.field().equals("name") ? "a name" : "the field " + mt.field());
    }
    String hint = Suggestions.closest(mt.value(), values);
    return what + (hint == null ? "" : " (did you mean " + list + "[" + mt.field() + "=" + hint + "]?)")
        + "; its " + (mt.field().equals("name") ? "names" : mt.field() + " values") + ": " + String.join(", ", values);
  }

  private static String firstName(YamlSeq q) {
    for (YamlNode item : q.items()) {
      if (item instanceof YamlMap m && m.get("name") instanceof YamlScalar v && !v.isNull()) {
        return v.text();
      }
    }
    return null;
  }

  private void error(SetOverride o, int segment, String path, String message) {
    problems.error(o.segmentLocation(segment), path, message);
  }

  // ------------------------------------------------------------ manifests

  /** Every manifest the trees hold, List items included (a List's own document is not one). */
  private static List<Candidate> candidates(List<YamlMap> roots) {
    List<Candidate> out = new ArrayList<>();
    for (int r = 0; r < roots.size(); r++) {
      collect(roots.get(r), r, new YamlPath(List.of()), out);
    }
    return out;
  }

  private static void collect(YamlMap node, int root, YamlPath prefix, List<Candidate> out) {
    String kind = text(node.get("kind"));
    if ("List".equals(kind)) {
      if (node.get("items") instanceof YamlSeq items) {
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) instanceof YamlMap item) {
            List<YamlPath.Segment> segs = new ArrayList<>(prefix.segments());
            segs.add(new YamlPath.Key("items"));
            segs.add(new YamlPath.Index(i));
            collect(item, root, new YamlPath(segs), out);
          }
        }
      }
      return;
    }
    if (kind == null || !SetOverride.KINDS.containsValue(kind)
        || !(node.get("metadata") instanceof YamlMap meta)) {
      return;
    }
    String name = text(meta.get("name"));
    if (name == null || name.isEmpty()) {
      return;
    }
    String namespace = null;
    if (!kind.equals("Node")) {
      namespace = text(meta.get("namespace"));
      if (namespace == null || namespace.isEmpty()) {
        namespace = "default";
      }
    }
    out.add(new Candidate(root, prefix, node, kind, namespace, name));
  }

  private static String text(YamlNode n) {
    return n instanceof YamlScalar s && !s.isNull() ? s.text() : null;
  }

  private static String notFound(SetOverride.Manifest m, List<Candidate> all, YamlMap scenario, SetOverride o) {
    String kind = m.kindName();
    if (m.kind().equals("node")) {
      String declared = declaredNode(scenario, m.name(), o);
      if (declared != null) {
        return declared;
      }
    }
    TreeSet<String> same = new TreeSet<>();
    for (Candidate c : all) {
      if (c.kind().equals(kind)) {
        same.add(c.key());
      }
    }
    String hint = Suggestions.closest(m.key(), same);
    if (hint == null) { // the right name in another namespace
      hint = same.stream().filter(k -> k.endsWith("/" + m.name())).findFirst().orElse(null);
    }
    StringBuilder b = new StringBuilder("no ").append(kind).append(' ').append(m.key()).append(" in this scenario");
    if (hint != null) {
      b.append(" (did you mean ").append(m.kind()).append('/').append(hint).append("?)");
    }
    String plural = kind.endsWith("s") ? kind : kind + "s";
    if (same.isEmpty()) {
      b.append("; it has no ").append(plural);
    } else {
      b.append("; its ").append(plural).append(": ");
      int n = 0;
      for (String key : same) {
        if (n == MAX_LISTED) {
          b.append(", and ").append(same.size() - n).append(" more");
          break;
        }
        b.append(n++ == 0 ? "" : ", ").append(key);
      }
    }
    if (m.kind().equals("pod")) {
      b.append(" (a pod made by a Deployment, StatefulSet or DaemonSet has no manifest of its own:"
          + " set the field in the workload's spec.template)");
    }
    return b.toString();
  }

  /** When a node named in a path is declared in spec.cluster.nodes: what to write instead. */
  private static String declaredNode(YamlMap scenario, String name, SetOverride o) {
    if (scenario == null
        || !(scenario.get("spec") instanceof YamlMap spec)
        || !(spec.get("cluster") instanceof YamlMap cluster)
        || !(cluster.get("nodes") instanceof YamlSeq nodes)) {
      return null;
    }
    String field = o.path().toString();
    String rest = field.startsWith("metadata.labels") ? "labels" + field.substring("metadata.labels".length()) : "FIELD";
    for (YamlNode n : nodes.items()) {
      if (!(n instanceof YamlMap entry)) {
        continue;
      }
      if (name.equals(text(entry.get("name")))) {
        return "node " + name + " is declared in the Scenario's spec.cluster.nodes, not by a Node manifest;"
            + " set spec.cluster.nodes[name=" + name + "]." + rest + " instead";
      }
      String prefix = text(entry.get("namePrefix"));
      if (prefix != null && name.startsWith(prefix + "-") && name.substring(prefix.length() + 1).matches("[1-9][0-9]*")) {
        return "node " + name + " belongs to the group spec.cluster.nodes[namePrefix=" + prefix + "], not to a"
            + " Node manifest; set spec.cluster.nodes[namePrefix=" + prefix + "]." + rest
            + " instead (it changes every node of the group)";
      }
    }
    return null;
  }

  /** An override of a field svcsim does not read: say so, and suggest a close field it does read. */
  private void notRead(Applied a, Fields.Reads reads) {
    YamlPath path = a.concrete();
    int n = path.segments().size();
    int known = 0; // the longest prefix the binder read
    for (int k = n - 1; k > 0; k--) {
      if (reads.paths.contains(path.prefix(k).toString())) {
        known = k;
        break;
      }
    }
    YamlPath parent = path.prefix(known);
    TreeSet<String> siblings = new TreeSet<>();
    for (String read : reads.paths) {
      try {
        YamlPath p = YamlPath.parse(read);
        if (p.segments().size() == known + 1 && p.prefix(known).equals(parent)
            && p.segments().get(known) instanceof YamlPath.Key key) {
          siblings.add(key.key());
        }
      } catch (IllegalArgumentException e) {
        // a key the path syntax cannot spell: no suggestion from it
      }
    }
    String suggestion = null;
    if (path.segments().get(known) instanceof YamlPath.Key key) {
      String hint = Suggestions.closest(key.key(), siblings);
      if (hint != null) {
        List<YamlPath.Segment> segs = new ArrayList<>(path.segments());
        segs.set(known, new YamlPath.Key(hint));
        suggestion = new YamlPath(segs).toString();
      }
    }
    String message = "svcsim does not read this field of " + SetOverride.article(a.target().kindName())
        + ", so setting it would change nothing";
    if (suggestion != null) {
      message += " (did you mean " + suggestion + "?)";
    } else if (!siblings.isEmpty()) {
      message += "; " + (known == 0 ? "at the top" : "under " + parent) + " it reads " + String.join(", ", siblings);
    }
    problems.error(a.override().segmentLocation(known), path.toString(), message);
  }
}
