package dev.svcsim.benchmarks;

import dev.svcsim.engine.EventHandler;
import dev.svcsim.engine.Simulation;
import dev.svcsim.engine.random.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * {@link Timeouts} on svcsim's {@link Simulation}: a request event per client (the client index
 * as argument), a reply event whose argument is the id of the timeout it cancels, and timeout
 * events. Nothing is allocated per event.
 */
public final class TimeoutsSvcsim {

  private final Timeouts model;
  private final Simulation sim = new Simulation();
  private final UniformRandomProvider rng;
  private final ZigguratSampler.Exponential think;
  private final ZigguratSampler.Exponential reply;
  private final long timeoutSpan;
  private long sent;
  private long replies;
  private long timeouts;
  private long checksum;

  private final EventHandler request = this::onRequest;
  private final EventHandler replyArrived = this::onReply;
  private final EventHandler timeout = this::onTimeout;

  /** Prepares one run of {@code model}. */
  public TimeoutsSvcsim(Timeouts model) {
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
      sim.schedule(nextThink(), request, c);
    }
    sim.run();
    return new Timeouts.Result(
        sent, replies, timeouts, sim.eventsFired(), sim.nowNanos(), checksum);
  }

  private long nextThink() {
    return Math.round(think.sample() * model.meanThinkNanos());
  }

  private void onRequest(long client) {
    if (sent >= model.requests()) {
      return;
    }
    sent++;
    long timeoutId =
        sim.schedule(model.minTimeoutNanos() + rng.nextLong(timeoutSpan), timeout, client);
    if (rng.nextDouble() >= model.lossProbability()) {
      sim.schedule(Math.round(reply.sample() * model.meanReplyNanos()), replyArrived, timeoutId);
    }
    sim.schedule(nextThink(), request, client);
  }

  private void onReply(long timeoutId) {
    replies++;
    sim.cancel(timeoutId);
  }

  private void onTimeout(long client) {
    timeouts++;
    checksum += sim.nowNanos();
  }
}
