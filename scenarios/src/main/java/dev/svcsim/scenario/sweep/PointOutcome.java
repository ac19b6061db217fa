package dev.svcsim.scenario.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finished point: its values and every replication's outcome. What a point file holds, and all
 * that the results are computed from.
 *
 * @param index the point's index
 * @param values its parameter values by path, in the sweep's order, as results show them
 * @param runs its replications, in order; empty when the point did not load
 * @param error why the point failed ("" when every replication ran): the loader's problems with
 *     its values, or the replications that failed and why
 */
public record PointOutcome(int index, Map<String, String> values, List<RunOutcome> runs, String error) {

  public PointOutcome {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    runs = List.copyOf(runs);
    Objects.requireNonNull(error, "error");
  }

  /** Whether the point ran, every replication of it. */
  public boolean ok() {
    return error.isEmpty();
  }
}
