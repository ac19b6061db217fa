package dev.svcsim.models.service;

import java.util.List;
import java.util.Objects;

/**
 * Endpoints written by hand for a Service without a selector: one group per {@code v1 Endpoints}
 * subset or per EndpointSlice, each a set of addresses times a set of ports.
 *
 * @param source where they came from, e.g. {@code EndpointSlice default/web-abc}, for messages
 */
public record ManualEndpoints(
    String namespace, String serviceName, String source, List<Group> groups) {

  /** Addresses that all serve the same ports. */
  public record Group(List<EndpointAddress> addresses, List<EndpointPort> ports) {
    public Group {
      addresses = List.copyOf(addresses);
      ports = List.copyOf(ports);
    }
  }

  public ManualEndpoints {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(source, "source");
    groups = List.copyOf(groups);
  }

  /** {@code ns/name} of the Service these endpoints belong to. */
  public String serviceKey() {
    return namespace + "/" + serviceName;
  }
}
