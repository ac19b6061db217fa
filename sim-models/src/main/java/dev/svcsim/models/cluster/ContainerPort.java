package dev.svcsim.models.cluster;

import java.util.Objects;

/**
 * A port a container listens on.
 *
 * @param name the port's name, or "" when unnamed (a named targetPort matches it)
 */
public record ContainerPort(String name, int port, Protocol protocol) {
  public ContainerPort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, not " + port);
    }
  }
}
