package dev.svcsim.scenario.load;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.service.Service;
import dev.svcsim.reports.MetricPath;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.load.ScenarioSpec.ExpectationSpec;
import dev.svcsim.scenario.sweep.ScenarioSource;
import dev.svcsim.scenario.sweep.Sweep;
import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlDocument;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlReader;
import dev.svcsim.scenario.yaml.YamlScalar;
import dev.svcsim.scenario.yaml.YamlSeq;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads a sweep file: one {@code kind: Sweep} document (docs/sweeps.md), bound as strictly as
 * the Scenario document (unknown fields with "did you mean", every problem at its
 * {@code file:line:column}), and the scenario it names, loaded without overrides. Everything
 * that can be checked without loading each point is checked here: parameter paths are paths
 * {@code --set} takes (and not {@code spec.seed}, which the sweep sets), values and ranges are
 * not empty, zipped parameters have as many values each, metric paths parse and name Services
 * the scenario has. Whether each point's values suit the scenario is checked per point, by
 * loading it, before the sweep runs. Nothing here throws on bad input.
 */
public final class SweepLoader {

  /** Most replications per point. */
  public static final int MAX_REPLICATIONS = 10_000;

  /** Most points in one sweep (and values in one range). */
  public static final long MAX_POINTS = 1_000_000;

  /**
   * The report's top-level keys (docs/report.md) a metric may start with; {@code expectations}
   * and {@code warnings} are left out, as expectations leave them out.
   */
  static final List<String> REPORT_KEYS = List.of(
      "scenario", "seed", "simulatedSeconds", "kubeProxyMode", "services", "timeline", "warmupSeconds",
      "intervalSeconds", "events", "engine");

  private final YamlReader reader = new YamlReader();

  /** Loads the sweep at {@code file}; the path is shown in messages as given. */
  public SweepLoadResult load(Path file) {
    Problems problems = new Problems();
    String display = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.error(Location.of(display), "", "cannot read the file: " + describe(e));
      return new SweepLoadResult(display, null, null, problems.sorted());
    }
    Path parent = file.getParent();
    return new Run(problems, display, parent, file.toAbsolutePath().getParent()).load(bytes);
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** One load: the state of loading one sweep file. */
  private final class Run {
    private final Problems problems;
    private final String display;
    /** The sweep file's folder as the user named it (null: the current folder). */
    private final Path displayDir;
    private final Path absoluteDir;
    private List<String> lines = List.of();

    Run(Problems problems, String display, Path displayDir, Path absoluteDir) {
      this.problems = problems;
      this.display = display;
      this.displayDir = displayDir;
      this.absoluteDir = absoluteDir;
    }

    SweepLoadResult load(byte[] bytes) {
      List<YamlDocument> docs = reader.read(display, bytes, problems);
      lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      YamlMap sweepDoc = null;
      for (YamlDocument d : docs) {
        if (!(d.root() instanceof YamlMap m)) {
          problems.error(d.root().location(), "", "a document must be a mapping (the Sweep), not " + d.root().describe());
          continue;
        }
        String kind = m.get("kind") instanceof YamlScalar k ? k.text() : "";
        if (kind.equals("Sweep")) {
          if (sweepDoc != null) {
            problems.error(m.get("kind").location(), "kind",
                "a sweep file holds one Sweep document; another one starts at line " + sweepDoc.location().line());
          } else {
            sweepDoc = m;
          }
        } else if (kind.equals("Scenario")) {
          problems.error(m.get("kind").location(), "kind", "this is a Scenario document; a sweep file holds only the"
              + " Sweep, which names its scenario file in spec.scenario (run a scenario with `svcsim run " + display + "`)");
        } else {
          problems.error(m.location(), "kind", "a sweep file holds only the kind: Sweep document, not "
              + (kind.isEmpty() ? "a document without a kind" : "a " + kind));
        }
      }
      if (sweepDoc == null) {
        if (!problems.hasErrors()) {
          problems.error(Location.of(display), "", "no `kind: Sweep` document in this file; add one (see docs/sweeps.md)");
        }
        return new SweepLoadResult(display, null, null, problems.sorted());
      }
      return bind(sweepDoc);
    }

    private SweepLoadResult bind(YamlMap root) {
      Fields f = new Fields(root, "", problems, true);
      String apiVersion = f.string("apiVersion");
      if (apiVersion == null && !root.has("apiVersion")) {
        problems.error(root.location(), "apiVersion", "Required value: the Sweep is apiVersion " + ScenarioLoader.API_VERSION);
      } else if (apiVersion != null && !apiVersion.equals(ScenarioLoader.API_VERSION)) {
        f.error("apiVersion", "Unsupported value: " + YamlScalar.quote(apiVersion) + ": supported values: \""
            + ScenarioLoader.API_VERSION + "\"");
      }
      f.string("kind");
      Metadata metadata = Metadata.bind(f, root, problems, "Sweep", "metadata.name");
      String name = metadata.valid() ? metadata.name() : null;
      String description = metadata.description();
      Fields spec = f.object("spec");
      f.finish();
      if (spec == null) {
        problems.error(root.location(), "spec", "Required value: the Sweep needs spec.scenario, spec.parameters and spec.metrics");
        spec = new Fields(new YamlMap(root.location(), List.of()), "spec", problems, true);
      }
      String scenarioPath = spec.requiredString("scenario");
      long seed = spec.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 1L);
      int replications = (int) spec.integer("replications", 1, MAX_REPLICATIONS, 1L);
      String combineWord = spec.oneOf("combine", List.of("grid", "zip"));
      Sweep.Combine combine = "zip".equals(combineWord) ? Sweep.Combine.ZIP : Sweep.Combine.GRID;
      List<Sweep.Parameter> parameters = new ArrayList<>();
      List<String> parameterFields = new ArrayList<>();
      Map<String, String> seenPaths = new HashMap<>();
      boolean parametersOk = true;
      for (Fields p : spec.objects("parameters")) {
        Sweep.Parameter parameter = parameter(p, seenPaths);
        if (parameter == null) {
          parametersOk = false;
        } else {
          parameters.add(parameter);
          parameterFields.add(p.path());
        }
      }
      List<MetricItem> metrics = metrics(spec);
      List<ExpectationItem> expectations = expectations(spec);
      spec.finish();
      if (parametersOk) {
        checkPointCount(spec, combine, parameters, parameterFields);
      }
      if (metrics.isEmpty() && expectations.isEmpty()) {
        YamlNode listed = spec.map().get("metrics");
        if (listed == null || listed instanceof YamlScalar n && n.isNull()) {
          problems.error(spec.map().location(), spec.pathOf("metrics"),
              "Required value: the report metrics to collect, e.g. services[\"default/web\"].skew.maxOverMean");
        } else if (listed instanceof YamlSeq q && q.size() == 0) {
          spec.error("metrics", "must not be empty: list the report metrics to collect, e.g."
              + " services[\"default/web\"].skew.maxOverMean (or give expectations)");
        }
      }

      LoadResult base = null;
      ScenarioSource source = null;
      if (scenarioPath != null) {
        source = scenario(spec, scenarioPath);
        if (source != null) {
          base = source.load(List.of());
          if (!base.ok()) {
            spec.error("scenario", "the scenario " + source.display() + " has errors (listed after the sweep's);"
                + " fix them first: svcsim validate " + source.display());
          } else {
            checkServices(metrics, expectations, base);
          }
        }
      }
      Sweep sweep = null;
      if (!problems.hasErrors()) {
        sweep = new Sweep(display, name, description, source, seed, replications, combine, parameters,
            metrics.stream().map(MetricItem::metric).toList(),
            expectations.stream().map(ExpectationItem::expectation).toList());
      }
      List<Problem> all = new ArrayList<>(problems.sorted());
      if (base != null) {
        all.addAll(base.problems());
      }
      return new SweepLoadResult(display, sweep, base, all);
    }

    // ------------------------------------------------------------------ the scenario

    private ScenarioSource scenario(Fields spec, String text) {
      if (text.isBlank()) {
        spec.error("scenario", "Required value: the scenario file to vary, relative to the sweep file");
        return null;
      }
      Path file;
      String shown;
      try {
        file = absoluteDir.resolve(text);
        shown = (displayDir == null ? Path.of(text) : displayDir.resolve(text)).normalize().toString();
      } catch (InvalidPathException e) {
        spec.error("scenario", "not a valid path: " + YamlScalar.quote(text));
        return null;
      }
      if (Files.isDirectory(file)) {
        spec.error("scenario", YamlScalar.quote(text) + " is a folder; name the scenario file");
        return null;
      }
      if (!Files.isRegularFile(file)) {
        spec.error("scenario", "no such file: " + YamlScalar.quote(text) + " (the path is relative to the sweep file,"
            + " so it names " + shown + ")");
        return null;
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        spec.error("scenario", "cannot read " + shown + ": " + describe(e));
        return null;
      }
      return new ScenarioSource(shown, bytes, file.toAbsolutePath().getParent());
    }

    // ------------------------------------------------------------------ parameters

    private Sweep.Parameter parameter(Fields p, Map<String, String> seenPaths) {
      String path = p.requiredString("path");
      YamlNode valuesNode = p.node("values");
      boolean hasRange = p.has("range");
      List<Sweep.Value> values = null;
      if (valuesNode != null && hasRange) {
        p.errorAtKey("range", "give the values either as a list (values) or as a range, not both");
      } else if (valuesNode == null && !hasRange) {
        problems.error(p.map().location(), p.pathOf("values"),
            "Required value: the parameter's values, as values: [...] or range: {from, to, step}");
      } else if (valuesNode != null) {
        values = values(p, valuesNode);
      } else {
        Fields range = p.object("range");
        values = range == null ? null : range(range);
      }
      p.finish();
      SetOverride target = path == null ? null : target(p, path, seenPaths);
      if (target == null || values == null) {
        return null;
      }
      return new Sweep.Parameter(path, target, pathStart(p.locationOf("path")), values);
    }

    /** Where the first character of a path is: one column right of the scalar's quote, if quoted. */
    private Location pathStart(Location scalar) {
      if (scalar.line() <= lines.size()) {
        String line = lines.get(scalar.line() - 1);
        int i = scalar.column() - 1;
        if (i < line.length() && (line.charAt(i) == '"' || line.charAt(i) == '\'')) {
          return new Location(scalar.file(), scalar.line(), scalar.column() + 1);
        }
      }
      return scalar;
    }

    /** The path as {@code --set} reads it, or null with the problem reported. */
    private SetOverride target(Fields p, String path, Map<String, String> seenPaths) {
      if (path.isBlank()) {
        p.error("path", "Required value: a path into the scenario, as --set takes it, e.g. spec.cluster.kubeProxy.mode"
            + " or deployment/default/web:spec.replicas");
        return null;
      }
      String text = path + "=null";
      SetOverride parsed;
      try {
        parsed = SetOverride.parse(text);
      } catch (IllegalArgumentException e) {
        String message = e.getMessage();
        String prefix = YamlScalar.quote(text) + ": ";
        p.error("path", message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        return null;
      }
      if (!parsed.pathText().equals(path)) {
        p.error("path", "a path has no \"=\" outside brackets: the values go in values or range, not after the path");
        return null;
      }
      String canonical = (parsed.target() instanceof SetOverride.Manifest m ? m + ":" : "") + parsed.path();
      if (parsed.target() instanceof SetOverride.ScenarioDocument && canonical.equals("spec.seed")) {
        p.error("path", "the sweep sets spec.seed itself: each replication's seed derives from the Sweep's spec.seed"
            + " and the point's values (docs/sweeps.md, \"Seeds\"); to run a point more often, raise spec.replications");
        return null;
      }
      String first = seenPaths.putIfAbsent(canonical, p.path());
      if (first != null) {
        p.error("path", "the path " + path + " is already a parameter at " + first
            + "; give each path once, with all its values");
        return null;
      }
      return parsed;
    }

    private List<Sweep.Value> values(Fields p, YamlNode node) {
      if (!(node instanceof YamlSeq seq)) {
        p.error("values", "must be a list of values, e.g. [Cluster, Local] or [2, 4, 8], not " + node.describe());
        return null;
      }
      if (seq.size() == 0) {
        p.error("values", "must not be empty: give at least one value");
        return null;
      }
      if (seq.size() > MAX_POINTS) {
        p.error("values", "has " + seq.size() + " values; at most " + MAX_POINTS);
        return null;
      }
      List<Sweep.Value> out = new ArrayList<>(seq.size());
      for (YamlNode item : seq.items()) {
        out.add(new Sweep.Value(render(item, false), item));
      }
      return out;
    }

    /** {@code range: {from, to, step, suffix}}: from, from + step, ... up to to, exactly in decimal. */
    private List<Sweep.Value> range(Fields r) {
      BigDecimal from = decimal(r, "from", "the first value");
      BigDecimal to = decimal(r, "to", "the last value (included when the steps land on it)");
      BigDecimal step = decimal(r, "step", "the difference between two values, greater than 0");
      String suffix = r.string("suffix", "");
      r.finish();
      if (from == null || to == null || step == null) {
        return null;
      }
      if (step.signum() <= 0) {
        r.error("step", "must be greater than 0 (got " + plain(step) + "): a range counts up from from to to");
        return null;
      }
      if (to.compareTo(from) < 0) {
        r.error("to", "must not be less than from (" + plain(from) + "): a range counts up by step");
        return null;
      }
      BigDecimal steps = to.subtract(from).divideToIntegralValue(step);
      if (steps.compareTo(BigDecimal.valueOf(MAX_POINTS)) >= 0) {
        r.error("step", "the range has " + plain(steps.add(BigDecimal.ONE)) + " values; at most " + MAX_POINTS);
        return null;
      }
      int count = steps.intValueExact() + 1;
      Location at = r.map().location();
      List<Sweep.Value> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        BigDecimal v = from.add(step.multiply(BigDecimal.valueOf(i)));
        String text = plain(v) + suffix;
        YamlScalar.Type type = !suffix.isEmpty() ? YamlScalar.Type.STRING
            : v.stripTrailingZeros().scale() <= 0 ? YamlScalar.Type.INTEGER : YamlScalar.Type.FLOAT;
        out.add(new Sweep.Value(text, new YamlScalar(at, text, type)));
      }
      return out;
    }

    private BigDecimal decimal(Fields r, String key, String what) {
      YamlNode n = r.node(key);
      if (n == null) {
        if (r.map().has(key)) {
          r.error(key, "Required value: " + what);
        } else {
          problems.error(r.map().location(), r.pathOf(key), "Required value: " + what);
        }
        return null;
      }
      if (!(n instanceof YamlScalar s) || (s.type() != YamlScalar.Type.INTEGER && s.type() != YamlScalar.Type.FLOAT)) {
        r.error(key, "must be a number such as 2 or 0.5, not " + n.describe());
        return null;
      }
      try {
        return new BigDecimal(s.text().replace("_", ""));
      } catch (NumberFormatException e) {
        r.error(key, "must be a decimal number such as 2 or 0.5, not " + s.text());
        return null;
      }
    }

    private void checkPointCount(Fields spec, Sweep.Combine combine, List<Sweep.Parameter> parameters,
        List<String> fields) {
      if (parameters.isEmpty()) {
        return;
      }
      if (combine == Sweep.Combine.ZIP) {
        int n = parameters.get(0).values().size();
        for (int i = 1; i < parameters.size(); i++) {
          int m = parameters.get(i).values().size();
          if (m != n) {
            problems.error(parameters.get(i).location(), fields.get(i),
                "combine: zip takes the i-th value of every parameter together, so each needs as many values: "
                    + fields.get(0) + " has " + n + ", this one has " + m);
          }
        }
        return;
      }
      long points = 1;
      StringBuilder sizes = new StringBuilder();
      for (Sweep.Parameter p : parameters) {
        int n = p.values().size();
        sizes.append(sizes.length() == 0 ? "" : " x ").append(n);
        points = points > MAX_POINTS ? points : points * n;
      }
      if (points > MAX_POINTS) {
        spec.error("parameters", "the grid has more than " + MAX_POINTS + " points (" + sizes
            + "); split the sweep, or zip parameters that go together (combine: zip)");
      }
    }

    // ------------------------------------------------------------------ metrics and expectations

    private record MetricItem(String metric, Location location, String path) {}

    private record ExpectationItem(Expectation expectation, Location location, String path) {}

    private List<MetricItem> metrics(Fields spec) {
      List<MetricItem> out = new ArrayList<>();
      Map<String, String> seen = new HashMap<>();
      for (Fields.Item item : spec.list("metrics")) {
        if (!(item.node() instanceof YamlScalar s) || s.isNull() || s.type() != YamlScalar.Type.STRING) {
          problems.error(item.node().location(), item.path(),
              "must be a report metric path such as services[\"default/web\"].skew.maxOverMean, not " + item.node().describe());
          continue;
        }
        String problem = metricProblem(s.text());
        if (problem != null) {
          problems.error(s.location(), item.path(), problem);
          continue;
        }
        String first = seen.putIfAbsent(s.text(), item.path());
        if (first != null) {
          problems.error(s.location(), item.path(), "the metric " + s.text() + " is already listed at " + first);
          continue;
        }
        out.add(new MetricItem(s.text(), s.location(), item.path()));
      }
      return out;
    }

    private List<ExpectationItem> expectations(Fields spec) {
      List<ExpectationItem> out = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      ScenarioBinder binder = new ScenarioBinder(problems);
      for (Fields e : spec.objects("expectations")) {
        ExpectationSpec x = binder.expectation(e);
        boolean ok = x.name() != null && x.metric() != null && x.op() != null && x.value() != null;
        if (x.metric() != null) {
          String problem = metricProblem(x.metric());
          if (problem != null) {
            e.error("metric", problem);
            ok = false;
          }
        }
        if (x.name() != null) {
          String first = names.putIfAbsent(x.name(), e.path());
          if (first != null) {
            e.error("name", "another expectation, " + first + ", has this name; give each its own");
            ok = false;
          }
        }
        if (ok) {
          out.add(new ExpectationItem(
              new Expectation(x.name(), x.metric(), Expectation.Op.fromSymbol(x.op()), x.value(), x.tolerance()),
              e.locationOf("metric"), e.pathOf("metric")));
        }
      }
      return out;
    }

    /** Why a metric path cannot name a number of the report, or null when it may. */
    private String metricProblem(String metric) {
      MetricPath path;
      try {
        path = MetricPath.parse(metric);
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
      if (path.segments().get(0) instanceof MetricPath.Key k && !REPORT_KEYS.contains(k.key())) {
        if (k.key().equals("expectations") || k.key().equals("warnings")) {
          return k.key() + ": a metric names a figure of the report, not its expectations or warnings";
        }
        String hint = Suggestions.closest(k.key(), REPORT_KEYS);
        return "the report has no " + YamlScalar.quote(k.key())
            + (hint == null ? "; a metric starts with one of " + String.join(", ", REPORT_KEYS)
                : " (did you mean " + YamlScalar.quote(hint) + "?)")
            + " (see docs/report.md)";
      }
      if (!(path.segments().get(0) instanceof MetricPath.Key)) {
        return "a metric starts with a key of the report, e.g. services[\"default/web\"].skew.maxOverMean";
      }
      return null;
    }

    /** Metrics of {@code services["ns/name"]...} must name a Service of the scenario. */
    private void checkServices(List<MetricItem> metrics, List<ExpectationItem> expectations, LoadResult base) {
      TreeSet<String> keys = new TreeSet<>();
      for (Service s : base.scenario().services()) {
        keys.add(s.key());
      }
      for (MetricItem m : metrics) {
        checkService(m.metric(), m.location(), m.path(), keys, base.file());
      }
      for (ExpectationItem e : expectations) {
        checkService(e.expectation().metric(), e.location(), e.path(), keys, base.file());
      }
    }

    private void checkService(String metric, Location at, String field, TreeSet<String> keys, String scenario) {
      List<MetricPath.Segment> segs = MetricPath.parse(metric).segments();
      if (segs.size() < 2 || !(segs.get(0) instanceof MetricPath.Key k) || !k.key().equals("services")
          || !(segs.get(1) instanceof MetricPath.Key svc) || keys.contains(svc.key())) {
        return;
      }
      String hint = Suggestions.closest(svc.key(), keys);
      if (hint == null) {
        hint = keys.stream().filter(x -> x.endsWith("/" + svc.key())).findFirst().orElse(null);
      }
      problems.error(at, field, "the scenario " + scenario + " has no Service " + YamlScalar.quote(svc.key())
          + (hint == null ? "" : " (did you mean " + YamlScalar.quote(hint) + "?)")
          + (keys.isEmpty() ? "" : "; report keys are <namespace>/<name>: " + String.join(", ", keys)));
    }
  }

  // ------------------------------------------------------------------ values as text

  /** A decimal without a needless fraction or exponent: {@code 20}, {@code 0.3}, {@code -1.25}. */
  static String plain(BigDecimal v) {
    if (v.signum() == 0) {
      return "0";
    }
    return v.stripTrailingZeros().toPlainString();
  }

  /**
   * A value as results show it: a scalar as written ({@code null} for YAML null), a list or a
   * mapping in YAML flow style, its strings quoted where flow style needs it.
   */
  static String render(YamlNode node, boolean inFlow) {
    if (node instanceof YamlScalar s) {
      if (s.isNull()) {
        return "null";
      }
      String t = s.text();
      if (inFlow && s.type() == YamlScalar.Type.STRING && needsQuotes(t)) {
        return YamlScalar.quote(t);
      }
      return t;
    }
    StringBuilder b = new StringBuilder();
    if (node instanceof YamlSeq q) {
      b.append('[');
      for (int i = 0; i < q.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(render(q.get(i), true));
      }
      return b.append(']').toString();
    }
    YamlMap m = (YamlMap) node;
    b.append('{');
    boolean first = true;
    for (YamlMap.Entry e : m.entries()) {
      b.append(first ? "" : ", ").append(needsQuotes(e.key()) ? YamlScalar.quote(e.key()) : e.key()).append(": ")
          .append(render(e.value(), true));
      first = false;
    }
    return b.append('}').toString();
  }

  private static boolean needsQuotes(String s) {
    if (s.isEmpty() || !s.strip().equals(s)) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (",[]{}:#\"'\n".indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }
}
