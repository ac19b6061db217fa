package dev.svcsim.models.dataplane;

import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;

/**
 * One port of a Service: the endpoints the control plane computes now ({@link #truth}) and the
 * ones every node's kube-proxy has programmed ({@link #published}), which trail by the
 * configured sync delay.
 */
final class PortState {

  /** A number unique in the run, indexing per-node caches. */
  final int index;
  final ServiceState service;
  /** The port's name, or its number when unnamed: how traffic sources name it. */
  final String id;
  /** The port now, or null when a patch removed it. */
  ServicePort port;
  Endpoint[] truth = new Endpoint[0];

  /** The Service and port of the last snapshot queued for publishing. */
  Service lastQueuedService;
  ServicePort lastQueuedPort;

  /** What the proxies have programmed: the Service, the port and its endpoints. */
  Service publishedService;
  ServicePort publishedPort;
  Endpoint[] published = new Endpoint[0];
  /** Headless Services: the DNS answer CoreDNS has cached for this port, and until when. */
  Endpoint[] dnsAnswer;
  long dnsAnswerUntil = Long.MIN_VALUE;
  /** Bumped on every publish; proxies recompute their rules when it moves. */
  int version;

  PortState(int index, ServiceState service, String id, ServicePort port) {
    this.index = index;
    this.service = service;
    this.id = id;
    this.port = port;
  }
}
