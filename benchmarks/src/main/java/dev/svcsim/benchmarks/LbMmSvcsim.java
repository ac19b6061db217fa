package dev.svcsim.benchmarks;

import dev.svcsim.engine.EventHandler;
import dev.svcsim.engine.Lane;
import dev.svcsim.engine.Simulation;
import dev.svcsim.engine.random.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * lb-mm on svcsim's {@link Simulation}: one reusable handler per kind of event, the two
 * constant-latency hops as {@link Lane}s (as svcsim's network model schedules hops), the request's
 * arrival time or the pod index as the primitive argument, per-pod FIFO queues in ring buffers of
 * {@code long}. Nothing is allocated per event.
 */
public final class LbMmSvcsim {

  private final LbMm model;
  private final Simulation sim = new Simulation();
  private final UniformRandomProvider picks;
  private final ZigguratSampler.Exponential interArrival;
  private final ZigguratSampler.Exponential service;
  private final double meanInterArrivalNanos;

  private final boolean[] busy;
  private final long[] inServiceSince;
  private final long[][] queues;
  private final int[] heads;
  private final int[] lengths;
  private final double[] perPodSum;
  private final long[] perPodCount;
  private long generated;
  private long completed;
  private double sumResponse;

  private final Lane hop1;
  private final Lane hop2;
  private final EventHandler arrival = this::onArrival;
  private final EventHandler hop1Done = this::onHop1Done;
  private final EventHandler hop2Done = this::onHop2Done;
  private final EventHandler serviceDone = this::onServiceDone;

  /** Prepares one run of {@code model}. */
  public LbMmSvcsim(LbMm model) {
    this.model = model;
    RandomStreams streams = new RandomStreams(model.seed());
    this.picks = streams.stream("picks");
    this.interArrival = ZigguratSampler.Exponential.of(streams.stream("arrivals"));
    this.service = ZigguratSampler.Exponential.of(streams.stream("service"));
    this.meanInterArrivalNanos = 1e9 / model.rateHz();
    this.hop1 = sim.lane(model.hop1Nanos());
    this.hop2 = sim.lane(model.hop2Nanos());
    int pods = model.pods();
    busy = new boolean[pods];
    inServiceSince = new long[pods];
    queues = new long[pods][16];
    heads = new int[pods];
    lengths = new int[pods];
    perPodSum = new double[pods];
    perPodCount = new long[pods];
  }

  /** Runs the model to completion. */
  public LbMm.Result run() {
    if (model.arrivals() > 0) {
      sim.schedule(nextGap(), arrival, 0);
    }
    sim.run();
    return new LbMm.Result(
        completed, sim.eventsFired(), sumResponse, perPodSum, perPodCount, sim.nowNanos());
  }

  private long nextGap() {
    return Math.round(interArrival.sample() * meanInterArrivalNanos);
  }

  private long nextService() {
    return Math.round(service.sample() * model.meanServiceNanos());
  }

  private void onArrival(long unused) {
    if (++generated < model.arrivals()) {
      sim.schedule(nextGap(), arrival, 0);
    }
    hop1.schedule(hop1Done, sim.nowNanos());
  }

  private void onHop1Done(long arrivedAt) {
    hop2.schedule(hop2Done, arrivedAt);
  }

  private void onHop2Done(long arrivedAt) {
    int pod = picks.nextInt(model.pods());
    if (busy[pod]) {
      enqueue(pod, arrivedAt);
    } else {
      busy[pod] = true;
      inServiceSince[pod] = arrivedAt;
      sim.schedule(nextService(), serviceDone, pod);
    }
  }

  private void onServiceDone(long podArg) {
    int pod = (int) podArg;
    double response = sim.nowNanos() - inServiceSince[pod];
    sumResponse += response;
    perPodSum[pod] += response;
    perPodCount[pod]++;
    completed++;
    if (lengths[pod] > 0) {
      long[] q = queues[pod];
      inServiceSince[pod] = q[heads[pod]];
      heads[pod] = (heads[pod] + 1) & (q.length - 1);
      lengths[pod]--;
      sim.schedule(nextService(), serviceDone, pod);
    } else {
      busy[pod] = false;
    }
  }

  private void enqueue(int pod, long value) {
    long[] q = queues[pod];
    if (lengths[pod] == q.length) {
      long[] grown = new long[q.length * 2];
      for (int i = 0; i < q.length; i++) {
        grown[i] = q[(heads[pod] + i) & (q.length - 1)];
      }
      queues[pod] = q = grown;
      heads[pod] = 0;
    }
    q[(heads[pod] + lengths[pod]) & (q.length - 1)] = value;
    lengths[pod]++;
  }
}
