package dev.svcsim.scenario.sweep;

import dev.svcsim.scenario.load.SetOverride;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One point of a sweep: a value for each parameter, and its index in the sweep's order
 * ({@link Sweep#point(int)}).
 *
 * @param index from 0, in the sweep's order
 * @param parameters the sweep's parameters, in order
 * @param values this point's value of each parameter, in the same order
 */
public record SweepPoint(int index, List<Sweep.Parameter> parameters, List<Sweep.Value> values) {

  public SweepPoint {
    if (index < 0) {
      throw new IllegalArgumentException("a point's index counts from 0: " + index);
    }
    parameters = List.copyOf(parameters);
    values = List.copyOf(values);
    if (parameters.size() != values.size()) {
      throw new IllegalArgumentException(parameters.size() + " parameters but " + values.size() + " values");
    }
  }

  /** The parameter values by path, in the sweep's order, as results show them. */
  public Map<String, String> assignment() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      m.put(parameters.get(i).path(), values.get(i).text());
    }
    return Collections.unmodifiableMap(m);
  }

  /** The overrides that make this point of the scenario, in the sweep's order. */
  public List<SetOverride> overrides() {
    List<SetOverride> out = new ArrayList<>(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      out.add(parameters.get(i).override(values.get(i)));
    }
    return out;
  }

  /** {@code path=value, path=value}, or {@code the scenario as written} for a point of no parameters. */
  public String describe() {
    java.util.Map<String, String> byPath = new java.util.LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      byPath.put(parameters.get(i).path(), values.get(i).text());
    }
    return describe(byPath);
  }

  /** {@code path=value, path=value} of parameter values by path, or {@code the scenario as written}. */
  public static String describe(java.util.Map<String, String> values) {
    if (values.isEmpty()) {
      return "the scenario as written";
    }
    StringBuilder b = new StringBuilder();
    for (java.util.Map.Entry<String, String> e : values.entrySet()) {
      b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
    }
    return b.toString();
  }

  /** The seed of replication {@code replication} (from 0) of this point in {@code sweep}. */
  public long seed(Sweep sweep, int replication) {
    Objects.requireNonNull(sweep, "sweep");
    return Seeds.of(sweep.seed(), assignment(), replication);
  }
}
