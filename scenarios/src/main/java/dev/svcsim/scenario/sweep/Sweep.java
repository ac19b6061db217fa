package dev.svcsim.scenario.sweep;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.scenario.load.SetOverride;
import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A loaded {@code kind: Sweep} document (docs/sweeps.md): a scenario, the parameters to vary in
 * it, how to combine them into points, how many replications to run per point, and what to
 * collect from each run. Immutable; built by {@link dev.svcsim.scenario.load.SweepLoader}, which
 * has checked everything a sweep can check before running.
 *
 * @param file the sweep file as the user named it
 * @param name {@code metadata.name}, a DNS-1123 label
 * @param description {@code metadata.description}, or ""
 * @param scenario the scenario the points change, read once
 * @param seed {@code spec.seed}: every replication's seed derives from it ({@link Seeds})
 * @param replications {@code spec.replications}: runs per point, at least 1
 * @param combine {@code spec.combine}
 * @param parameters {@code spec.parameters}, in file order
 * @param metrics {@code spec.metrics}: report metric paths, in file order
 * @param expectations {@code spec.expectations}: checked per point on the mean over its
 *     replications
 */
public record Sweep(
    String file,
    String name,
    String description,
    ScenarioSource scenario,
    long seed,
    int replications,
    Combine combine,
    List<Parameter> parameters,
    List<String> metrics,
    List<Expectation> expectations) {

  public Sweep {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(combine, "combine");
    if (replications < 1) {
      throw new IllegalArgumentException("replications must be at least 1: " + replications);
    }
    parameters = List.copyOf(parameters);
    metrics = List.copyOf(metrics);
    expectations = List.copyOf(expectations);
  }

  /**
   * How many points the sweep has: the product of the parameters' value counts for a grid, the
   * (common) count for zip, 1 without parameters.
   */
  public int pointCount() {
    if (parameters.isEmpty()) {
      return 1;
    }
    if (combine == Combine.ZIP) {
      return parameters.get(0).values().size();
    }
    long n = 1;
    for (Parameter p : parameters) {
      n = Math.multiplyExact(n, p.values().size());
    }
    return Math.toIntExact(n);
  }

  /**
   * Point {@code index} (from 0): for a grid, the first parameter varies slowest (as nested loops
   * with the first parameter outermost); for zip, the {@code index}-th value of each parameter.
   */
  public SweepPoint point(int index) {
    if (index < 0 || index >= pointCount()) {
      throw new IndexOutOfBoundsException("point " + index + " of " + pointCount());
    }
    Value[] values = new Value[parameters.size()];
    int rest = index;
    for (int k = parameters.size() - 1; k >= 0; k--) {
      List<Value> all = parameters.get(k).values();
      if (combine == Combine.ZIP) {
        values[k] = all.get(index);
      } else {
        values[k] = all.get(rest % all.size());
        rest /= all.size();
      }
    }
    return new SweepPoint(index, parameters, List.of(values));
  }

  /** How the parameters' values make points. */
  public enum Combine {
    /** Every combination; the first parameter varies slowest. */
    GRID,
    /** The i-th value of every parameter together; every parameter has as many values. */
    ZIP;

    /** As written in a sweep file: {@code grid}, {@code zip}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One entry of {@code spec.parameters}.
   *
   * @param path the path as written, as {@code --set} takes it, e.g.
   *     {@code deployment/shop/web:spec.replicas}
   * @param target what {@link SetOverride#parse} made of the path: its document and field path
   *     (its value is a placeholder)
   * @param location where the path is written in the sweep file (the first character of it)
   * @param values the values, in order: as written in {@code values}, or computed from
   *     {@code range}
   */
  public record Parameter(String path, SetOverride target, Location location, List<Value> values) {
    public Parameter {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(location, "location");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a parameter needs a value: " + path);
      }
    }

    /** The override that sets this parameter to {@code value}. */
    public SetOverride override(Value value) {
      return new SetOverride(path + "=" + value.text(), target.target(), target.path(), value.node());
    }
  }

  /**
   * One value of a parameter.
   *
   * @param text the value as results show it: a scalar as written ({@code Local}, {@code 4}), a
   *     range's number without a needless {@code .0} ({@code 0.3}, {@code 20}), a list or mapping
   *     in YAML flow style ({@code [a, b]})
   * @param node the value as YAML, located where the sweep file writes it (a range's values at
   *     the range), so that a problem with it points there
   */
  public record Value(String text, YamlNode node) {
    public Value {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(node, "node");
    }
  }
}
