package dev.svcsim.models.service;

import dev.svcsim.models.cluster.Protocol;
import java.util.Objects;

/** A port of a hand-written endpoints object; its name matches the Service port's name. */
public record EndpointPort(String name, int port, Protocol protocol) {
  public EndpointPort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
  }
}
