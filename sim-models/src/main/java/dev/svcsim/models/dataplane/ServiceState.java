package dev.svcsim.models.dataplane;

import dev.svcsim.models.service.Service;
import java.util.ArrayList;
import java.util.List;

/** A Service while the run goes on: its current spec, its ports, its load balancer, its stats. */
final class ServiceState {

  final int index;
  /** The spec as the API server has it now (patches apply at once). */
  Service service;
  /** One per port ever defined, in the order first seen; a removed port keeps its state. */
  final List<PortState> ports = new ArrayList<>();
  /** The load balancer realising it, while it is of type LoadBalancer. */
  LoadBalancer loadBalancer;
  final ServiceStats stats;

  ServiceState(int index, Service service, ServiceStats stats) {
    this.index = index;
    this.service = service;
    this.stats = stats;
  }

  String key() {
    return service.key();
  }

  /** The port state for a port name (or number, for an unnamed port), or null. */
  PortState port(String nameOrNumber) {
    for (PortState p : ports) {
      if (p.id.equals(nameOrNumber)) {
        return p;
      }
    }
    return null;
  }
}
