package dev.svcsim.benchmarks;

import dev.svcsim.engine.random.RandomStreams;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * lb-mm on a plain {@link java.util.PriorityQueue} event loop, the baseline svcsim's engine is
 * measured against: one event object per event, ordered by (time, sequence number), per-pod FIFO
 * queues in {@link ArrayDeque}s. It draws the same random numbers in the same order as {@link
 * LbMmSvcsim}, so both give identical results.
 */
public final class LbMmPriorityQueue {

  private static final int ARRIVAL = 0;
  private static final int HOP1_DONE = 1;
  private static final int HOP2_DONE = 2;
  private static final int SERVICE_DONE = 3;

  /** One scheduled event. */
  private static final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final int type;
    final long arg;

    Event(long time, long seq, int type, long arg) {
      this.time = time;
      this.seq = seq;
      this.type = type;
      this.arg = arg;
    }

    @Override
    public int compareTo(Event o) {
      int byTime = Long.compare(time, o.time);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final LbMm model;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final UniformRandomProvider picks;
  private final ZigguratSampler.Exponential interArrival;
  private final ZigguratSampler.Exponential service;
  private final double meanInterArrivalNanos;
  private final boolean[] busy;
  private final long[] inServiceSince;
  private final List<ArrayDeque<Long>> queues;
  private final double[] perPodSum;
  private final long[] perPodCount;
  private long now;
  private long seq;
  private long fired;
  private long generated;
  private long completed;
  private double sumResponse;

  /** Prepares one run of {@code model}. */
  public LbMmPriorityQueue(LbMm model) {
    this.model = model;
    RandomStreams streams = new RandomStreams(model.seed());
    this.picks = streams.stream("picks");
    this.interArrival = ZigguratSampler.Exponential.of(streams.stream("arrivals"));
    this.service = ZigguratSampler.Exponential.of(streams.stream("service"));
    this.meanInterArrivalNanos = 1e9 / model.rateHz();
    int pods = model.pods();
    busy = new boolean[pods];
    inServiceSince = new long[pods];
    queues = new ArrayList<>(pods);
    for (int i = 0; i < pods; i++) {
      queues.add(new ArrayDeque<>());
    }
    perPodSum = new double[pods];
    perPodCount = new long[pods];
  }

  /** Runs the model to completion. */
  public LbMm.Result run() {
    if (model.arrivals() > 0) {
      schedule(nextGap(), ARRIVAL, 0);
    }
    Event e;
    while ((e = events.poll()) != null) {
      now = e.time;
      fired++;
      switch (e.type) {
        case ARRIVAL -> onArrival();
        case HOP1_DONE -> schedule(model.hop2Nanos(), HOP2_DONE, e.arg);
        case HOP2_DONE -> onHop2Done(e.arg);
        case SERVICE_DONE -> onServiceDone((int) e.arg);
        default -> throw new IllegalStateException("unknown event type " + e.type);
      }
    }
    return new LbMm.Result(completed, fired, sumResponse, perPodSum, perPodCount, now);
  }

  private void schedule(long delay, int type, long arg) {
    events.add(new Event(now + delay, seq++, type, arg));
  }

  private long nextGap() {
    return Math.round(interArrival.sample() * meanInterArrivalNanos);
  }

  private long nextService() {
    return Math.round(service.sample() * model.meanServiceNanos());
  }

  private void onArrival() {
    if (++generated < model.arrivals()) {
      schedule(nextGap(), ARRIVAL, 0);
    }
    schedule(model.hop1Nanos(), HOP1_DONE, now);
  }

  private void onHop2Done(long arrivedAt) {
    int pod = picks.nextInt(model.pods());
    if (busy[pod]) {
      queues.get(pod).addLast(arrivedAt);
    } else {
      busy[pod] = true;
      inServiceSince[pod] = arrivedAt;
      schedule(nextService(), SERVICE_DONE, pod);
    }
  }

  private void onServiceDone(int pod) {
    double response = now - inServiceSince[pod];
    sumResponse += response;
    perPodSum[pod] += response;
    perPodCount[pod]++;
    completed++;
    Long next = queues.get(pod).pollFirst();
    if (next != null) {
      inServiceSince[pod] = next;
      schedule(nextService(), SERVICE_DONE, pod);
    } else {
      busy[pod] = false;
    }
  }
}
