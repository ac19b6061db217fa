package dev.svcsim.models.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One hop or decision in a connection's life.
 *
 * @param atNanos when it happened (the timeline's clock: 0 is the start of the warmup)
 * @param kind what sort of step: {@code client}, {@code dns}, {@code loadBalancer},
 *     {@code nodePort}, {@code externalIP}, {@code kubeProxy}, {@code nat}, {@code forward},
 *     {@code request}, {@code pod}, {@code response}, {@code closed} or {@code failed}
 * @param where the place it happened, e.g. {@code node/node-2} or {@code pod/default/web-0}
 * @param title one sentence saying what happened
 * @param lines the details, one fact per line, in the order they happened
 * @param facts the same as data (strings, numbers, booleans and lists of them), for JSON
 */
public record Step(long atNanos, String kind, String where, String title, List<String> lines,
    Map<String, Object> facts) {

  public Step {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(title, "title");
    lines = List.copyOf(lines);
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
