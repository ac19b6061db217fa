package dev.svcsim.models.result;

import dev.svcsim.models.scenario.ProxyMode;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run measured. Only connections that started inside the measured window (after
 * the warmup) are counted; their outcome is counted whenever it is known, and connections still
 * open when the run ends count as delivered.
 *
 * @param measuredNanos the measured window (the scenario's duration)
 * @param intervalNanos the width of each timeline bucket
 * @param services sorted by Service key ({@code ns/name})
 * @param warnings things the user should know about this run, in the order they arose
 * @param eventsFired engine events over the whole run (warmup included), for performance figures
 * @param connectionsSimulated connections generated over the whole run (warmup included)
 */
public record RunResult(
    String scenario,
    long seed,
    ProxyMode kubeProxyMode,
    long warmupNanos,
    long measuredNanos,
    long intervalNanos,
    List<ServiceResult> services,
    List<TimelineMark> marks,
    List<String> warnings,
    long eventsFired,
    long connectionsSimulated) {

  public RunResult {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(kubeProxyMode, "kubeProxyMode");
    if (measuredNanos <= 0 || intervalNanos <= 0) {
      throw new IllegalArgumentException("measured window and interval must be positive");
    }
    services = List.copyOf(services);
    marks = List.copyOf(marks);
    warnings = List.copyOf(warnings);
  }

  /**
   * A timeline event as it happened, for charts and tables.
   *
   * @param atNanos when, relative to the start of the measured window (negative during warmup)
   * @param action the action's word, e.g. {@code failNode}
   * @param target what it acted on, e.g. {@code node/node-b}
   */
  public record TimelineMark(long atNanos, String action, String target) {
    public TimelineMark {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(target, "target");
    }
  }
}
