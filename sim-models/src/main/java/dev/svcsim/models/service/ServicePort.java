package dev.svcsim.models.service;

import dev.svcsim.models.cluster.Protocol;
import java.util.Objects;

/**
 * One port of a Service, after defaulting and allocation.
 *
 * @param name "" for the single unnamed port
 * @param nodePort the allocated or given NodePort, or 0 when the Service has none
 */
public record ServicePort(
    String name, Protocol protocol, int port, TargetPort targetPort, int nodePort) {

  public ServicePort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(targetPort, "targetPort");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, not " + port);
    }
    if (nodePort < 0 || nodePort > 65535) {
      throw new IllegalArgumentException("nodePort must be 0-65535, not " + nodePort);
    }
  }

  /** The port's name, or its number when unnamed: how kube-proxy's chain names refer to it. */
  public String label() {
    return name.isEmpty() ? Integer.toString(port) : name;
  }
}
