package dev.svcsim.models.cluster;

import java.util.Map;
import java.util.Objects;

/**
 * A Deployment, StatefulSet or DaemonSet.
 *
 * @param replicas desired pods (a DaemonSet has one per matching node; this is then 0)
 * @param selector the workload's label selector ({@code spec.selector.matchLabels})
 */
public record Workload(
    WorkloadKind kind,
    String namespace,
    String name,
    int replicas,
    Map<String, String> selector,
    PodTemplate template) {

  public Workload {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative: " + replicas);
    }
    selector = Map.copyOf(selector);
    Objects.requireNonNull(template, "template");
  }

  /** {@code deployment/<ns>/<name>}, as scenario references write it. */
  public String ref() {
    return kind.word() + "/" + namespace + "/" + name;
  }
}
