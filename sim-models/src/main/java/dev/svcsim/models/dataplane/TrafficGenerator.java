package dev.svcsim.models.dataplane;

import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.scenario.Arrival;
import dev.svcsim.models.scenario.Origin;
import dev.svcsim.models.scenario.TrafficSource;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import dev.svcsim.engine.random.LongSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * One traffic source: opens connections at its rate (Poisson or evenly spaced) from its clients
 * to its Service port. Each source draws arrivals, clients and request counts from its own
 * streams, so adding a source changes nothing about another.
 */
final class TrafficGenerator {

  static final int CLIENT_EXTERNAL = 0;
  static final int CLIENT_POD = 1;
  static final int CLIENT_NODE = 2;

  /** Linux's default {@code net.ipv4.ip_local_port_range}: 32768-60999. */
  static final int EPHEMERAL_FIRST = 32768;
  static final int EPHEMERAL_COUNT = 60999 - 32768 + 1;

  final int index;
  final TrafficSource spec;
  final ServiceState service;
  final PortState port;
  final UniformRandomProvider arrivals;
  final UniformRandomProvider clients;
  final UniformRandomProvider routing;
  final LongSampler requests;
  final LongSampler think;
  private final ContinuousSampler exponential;
  /** External clients' addresses. */
  final int[] clientIps;
  double ratePerSecond;
  double nextAtNanos;
  long nextEvent;
  /** Arrivals dropped because the client (pod or node) did not exist or was down. */
  long skipped;

  TrafficGenerator(DataPlaneRun run, int index, TrafficSource spec, ServiceState service, PortState port) {
    this.index = index;
    this.spec = spec;
    this.service = service;
    this.port = port;
    String n = spec.name();
    this.arrivals = run.streams.stream("arrivals/" + n);
    this.clients = run.streams.stream("clients/" + n);
    this.routing = run.streams.stream("routing/" + n);
    UniformRandomProvider counts = run.streams.stream("requests/" + n);
    this.requests = spec.requestsPerConnection().sampler(counts);
    this.think = spec.thinkTime().sampler(counts);
    this.exponential = ZigguratSampler.Exponential.of(arrivals);
    this.ratePerSecond = spec.ratePerSecond();
    if (spec.from() instanceof Origin.External ext) {
      Ipv4Cidr cidr = ext.clientCidr();
      int count = ext.clients();
      clientIps = new int[count];
      long size = cidr.size();
      long first = size > count + 1L ? 1 : 0;
      for (int i = 0; i < count; i++) {
        clientIps[i] = cidr.address((first + i) % size).bits();
      }
    } else {
      clientIps = new int[0];
    }
  }

  /** The gap to the next arrival at the current rate, in (fractional) nanoseconds. */
  double gapNanos() {
    double mean = 1e9 / ratePerSecond;
    return spec.arrival() == Arrival.CONSTANT ? mean : exponential.sample() * mean;
  }
}
