package dev.svcsim.scenario.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one run (a replication of a point) gave.
 *
 * @param replication its number, from 0
 * @param seed the seed it ran with ({@link Seeds})
 * @param metrics each collected metric path (the sweep's metrics, then its expectations' other
 *     metrics) to the number the report holds there (a {@code Long} or a {@code Double}), or to
 *     null when there is none in this run; empty when the run failed
 * @param noValue for each metric without a number, why (as expectations explain it)
 * @param error why the run failed (it did not load with its seed, or the simulation threw), or
 *     "" when it ran
 */
public record RunOutcome(int replication, long seed, Map<String, Number> metrics, Map<String, String> noValue,
    String error) {

  public RunOutcome {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    noValue = Collections.unmodifiableMap(new LinkedHashMap<>(noValue));
    Objects.requireNonNull(error, "error");
  }

  /** Whether the run finished. */
  public boolean ok() {
    return error.isEmpty();
  }
}
