package dev.svcsim.benchmarks;

import dev.svcsim.engine.random.RandomStreams;
import java.util.PriorityQueue;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * {@link Timeouts} on a plain {@link java.util.PriorityQueue} event loop with lazy removal: a
 * cancelled timeout is flagged and skipped when it reaches the head (removing it from the middle
 * of a binary heap would cost O(n)). It draws the same random numbers in the same order as {@link
 * TimeoutsSvcsim}, so both give identical results.
 */
public final class TimeoutsPriorityQueue {

  private static final int REQUEST = 0;
  private static final int REPLY = 1;
  private static final int TIMEOUT = 2;

  /** One scheduled event; a reply points at the timeout it cancels. */
  private static final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final int type;
    final long arg;
    final Event target;
    boolean cancelled;

    Event(long time, long seq, int type, long arg, Event target) {
      this.time = time;
      this.seq = seq;
      this.type = type;
      this.arg = arg;
      this.target = target;
    }

    @Override
    public int compareTo(Event o) {
      int byTime = Long.compare(time, o.time);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final Timeouts model;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final UniformRandomProvider rng;
  private final ZigguratSampler.Exponential think;
  private final ZigguratSampler.Exponential reply;
  private final long timeoutSpan;
  private long now;
  private long seq;
  private long fired;
  private long sent;
  private long replies;
  private long timeouts;
  private long checksum;

  /** Prepares one run of {@code model}. */
  public TimeoutsPriorityQueue(Timeouts model) {
    this.model = model;
    RandomStreams streams = new RandomStreams(model.seed());
    this.rng = streams.stream("timeouts");
    this.think = ZigguratSampler.Exponential.of(streams.stream("think"));
    this.reply = ZigguratSampler.Exponential.of(streams.stream("reply"));
    this.timeoutSpan = model.maxTimeoutNanos() - model.minTimeoutNanos();
  }

  /** Runs the model to completion. */
  public Timeouts.Result run() {
    for (int c = 0; c < model.clients(); c++) {
      schedule(nextThink(), REQUEST, c, null);
    }
    Event e;
    while ((e = events.poll()) != null) {
      if (e.cancelled) {
        continue;
      }
      now = e.time;
      fired++;
      switch (e.type) {
        case REQUEST -> onRequest(e.arg);
        case REPLY -> {
          replies++;
          e.target.cancelled = true;
        }
        case TIMEOUT -> {
          timeouts++;
          checksum += now;
        }
        default -> throw new IllegalStateException("unknown event type " + e.type);
      }
    }
    return new Timeouts.Result(sent, replies, timeouts, fired, now, checksum);
  }

  private Event schedule(long delay, int type, long arg, Event target) {
    Event e = new Event(now + delay, seq++, type, arg, target);
    events.add(e);
    return e;
  }

  private long nextThink() {
    return Math.round(think.sample() * model.meanThinkNanos());
  }

  private void onRequest(long client) {
    if (sent >= model.requests()) {
      return;
    }
    sent++;
    Event timeout =
        schedule(model.minTimeoutNanos() + rng.nextLong(timeoutSpan), TIMEOUT, client, null);
    if (rng.nextDouble() >= model.lossProbability()) {
      schedule(Math.round(reply.sample() * model.meanReplyNanos()), REPLY, 0, timeout);
    }
    schedule(nextThink(), REQUEST, client, null);
  }
}
