package dev.svcsim.dataplane;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Smoke {
  @Test
  void run() {
    LoadResult r = new ScenarioLoader().load(Path.of(System.getProperty("smoke.file", "examples/etp-local-imbalance.yaml")));
    r.problems().forEach(System.out::println);
    long t0 = System.nanoTime();
    RunResult res = DataPlane.run(r.scenario(), RunOptions.DEFAULT);
    System.out.println("wall ms " + (System.nanoTime() - t0) / 1e6 + " events " + res.eventsFired() + " conns " + res.connectionsSimulated());
    for (ServiceResult s : res.services()) {
      System.out.println(s.service() + " gen " + s.generated() + " del " + s.delivered() + " failed " + s.failedBy() + " req " + s.requestsGenerated() + "/" + s.requestsCompleted() + "/" + s.requestsFailed());
      System.out.println("  paths " + s.byPath() + " hops " + s.nodeHops() + " xz " + s.crossZone() + " p50us " + s.latencyMicros().getValueAtPercentile(50));
      s.pods().forEach(p -> System.out.println("  " + p));
      s.nodes().forEach(n -> System.out.println("  " + n));
    }
    res.warnings().forEach(System.out::println);
  }
}
