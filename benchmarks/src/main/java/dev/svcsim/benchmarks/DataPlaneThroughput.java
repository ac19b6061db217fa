package dev.svcsim.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The whole-scenario throughput benchmark: runs a scenario (by default the bundled reference:
 * 100 nodes in 3 zones, 1,000 pods, a LoadBalancer Service with externalTrafficPolicy Cluster,
 * iptables, one request per connection, 10,000,000 connections) and prints connections simulated
 * per second of wall time and the largest live heap seen after any garbage collection.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.svcsim.benchmarks.DataPlaneThroughput [FILE] [--scale X] [--runs N]
 * </pre>
 *
 * <p>{@code --scale} multiplies the scenario's duration (and so the number of connections);
 * comparing the live-heap peak at scale 1 and scale 10 shows whether memory grows with the run.
 * A warm-up run at a tenth of the size comes first, so the measured runs are JIT-compiled.
 */
public final class DataPlaneThroughput {

  private DataPlaneThroughput() {}

  public static void main(String[] args) throws IOException {
    Path file = null;
    double scale = 1.0;
    int runs = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scale" -> scale = Double.parseDouble(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "-h", "--help" -> {
          System.out.println("usage: DataPlaneThroughput [SCENARIO.yaml] [--scale X] [--runs N]");
          return;
        }
        default -> file = Path.of(args[i]);
      }
    }
    Scenario base = load(file);
    AtomicLong livePeak = watchLiveHeap();
    run(scaled(base, 0.1), "warm-up", livePeak);
    for (int r = 1; r <= runs; r++) {
      System.gc();
      livePeak.set(0);
      run(scaled(base, scale), "run " + r, livePeak);
    }
  }

  private static void run(Scenario s, String label, AtomicLong livePeak) {
    long t0 = System.nanoTime();
    RunResult result = DataPlane.run(s, RunOptions.DEFAULT);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long delivered = 0;
    for (ServiceResult sr : result.services()) {
      delivered += sr.delivered();
    }
    System.out.printf(Locale.ROOT,
        "%-8s %,d connections (%,d delivered), %,d events in %.2f s wall: %,.0f connections/s, %,.0f events/s;"
            + " live heap peak after GC %.1f MiB%n",
        label, result.connectionsSimulated(), delivered, result.eventsFired(), seconds,
        result.connectionsSimulated() / seconds, result.eventsFired() / seconds, livePeak.get() / 1048576.0);
  }

  static Scenario scaled(Scenario s, double scale) {
    long duration = Math.max(1, (long) (s.durationNanos() * scale));
    return new Scenario(s.name(), s.description(), s.seed(), duration, s.warmupNanos(), s.cluster(),
        s.loadBalancer(), s.scheduler(), s.nodes(), s.workloads(), s.pods(), s.services(), s.manualEndpoints(),
        s.traffic().stream().map(t -> new dev.svcsim.models.scenario.TrafficSource(t.name(), t.from(),
            t.serviceNamespace(), t.serviceName(), t.servicePort(), t.via(), t.dialNodes(), t.ratePerSecond(),
            t.arrival(), t.requestsPerConnection(), t.thinkTime(), t.startNanos(),
            t.stopNanos() >= s.endNanos() ? s.warmupNanos() + duration
                : Math.max(t.startNanos(), Math.min(t.stopNanos(), s.warmupNanos() + duration)))).toList(),
        s.events(), s.expectations());
  }

  /** Loads FILE, or the bundled reference scenario. */
  static Scenario load(Path file) throws IOException {
    LoadResult r;
    if (file == null) {
      try (InputStream in = DataPlaneThroughput.class.getResourceAsStream("reference-lb.yaml")) {
        r = new ScenarioLoader().load("reference-lb.yaml", in.readAllBytes(), null);
      }
    } else {
      r = new ScenarioLoader().load(file.toString(), Files.readAllBytes(file), file.toAbsolutePath().getParent());
    }
    for (Problem p : r.problems()) {
      System.err.println(p);
    }
    if (!r.ok()) {
      throw new IllegalArgumentException("the scenario has errors");
    }
    return r.scenario();
  }

  /** The largest heap in use right after a garbage collection, i.e. the live set. */
  private static AtomicLong watchLiveHeap() {
    AtomicLong peak = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
          used += u.getUsed();
        }
        peak.accumulateAndGet(used, Math::max);
      }, null, null);
    }
    return peak;
  }
}
