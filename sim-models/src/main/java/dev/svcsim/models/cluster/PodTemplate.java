package dev.svcsim.models.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pod looks like before it is placed: a bare Pod's spec or a workload's template.
 *
 * @param nodeName the node the pod must run on, or "" to let the scheduler choose
 * @param terminationGracePeriodSeconds {@code spec.terminationGracePeriodSeconds}: how long a
 *     pod deleted without a grace period of its own (by a controller, a drain, a {@code
 *     deletePod} without {@code gracePeriod}) keeps serving before it stops; 0 or more
 */
public record PodTemplate(
    Map<String, String> labels,
    Map<String, String> annotations,
    PodPerformance performance,
    String nodeName,
    Map<String, String> nodeSelector,
    List<ContainerPort> ports,
    long terminationGracePeriodSeconds) {

  /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
  public static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

  public PodTemplate {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(performance, "performance");
    Objects.requireNonNull(nodeName, "nodeName");
    nodeSelector = Map.copyOf(nodeSelector);
    ports = List.copyOf(ports);
    if (terminationGracePeriodSeconds < 0) {
      throw new IllegalArgumentException(
          "terminationGracePeriodSeconds must not be negative: " + terminationGracePeriodSeconds);
    }
  }
}
