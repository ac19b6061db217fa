package dev.svcsim.models.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pod looks like before it is placed: a bare Pod's spec or a workload's template.
 *
 * @param nodeName the node the pod must run on, or "" to let the scheduler choose
 */
public record PodTemplate(
    Map<String, String> labels,
    Map<String, String> annotations,
    PodPerformance performance,
    String nodeName,
    Map<String, String> nodeSelector,
    List<ContainerPort> ports) {

  public PodTemplate {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(performance, "performance");
    Objects.requireNonNull(nodeName, "nodeName");
    nodeSelector = Map.copyOf(nodeSelector);
    ports = List.copyOf(ports);
  }
}
