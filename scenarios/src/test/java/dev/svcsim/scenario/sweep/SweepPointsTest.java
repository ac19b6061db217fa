package dev.svcsim.scenario.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.SweepLoadResult;
import dev.svcsim.scenario.load.SweepLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Points (grid and zip, in order), the seeds of their replications, and the check of each point. */
class SweepPointsTest {

  @TempDir Path dir;

  private Sweep sweep(String name, String spec) {
    SweepLoadResult r = new SweepLoader().load(SweepFixtures.write(dir, name, SweepFixtures.HEAD + spec));
    assertEquals(List.of(), r.problems());
    return r.sweep();
  }

  private static List<String> describe(Sweep s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.pointCount(); i++) {
      SweepPoint p = s.point(i);
      assertEquals(i, p.index());
      out.add(String.join(" ", p.assignment().values()));
    }
    return out;
  }

  // ------------------------------------------------------------------ points

  @Test
  void aGridHasEveryCombinationTheFirstParameterVaryingSlowest() {
    Sweep s = sweep("grid.yaml", """
          parameters:
            - {path: spec.cluster.kubeProxy.mode, values: [iptables, ipvs]}
            - {path: deployment/default/web:spec.replicas, range: {from: 1, to: 3, step: 1}}
            - {path: spec.cluster.kubeProxy.masqueradeAll, values: [false, true]}
          metrics: [seed]
        """);
    assertEquals(12, s.pointCount());
    assertEquals(List.of(
        "iptables 1 false", "iptables 1 true", "iptables 2 false", "iptables 2 true", "iptables 3 false", "iptables 3 true",
        "ipvs 1 false", "ipvs 1 true", "ipvs 2 false", "ipvs 2 true", "ipvs 3 false", "ipvs 3 true"), describe(s));
    assertEquals("spec.cluster.kubeProxy.mode=ipvs, deployment/default/web:spec.replicas=2,"
        + " spec.cluster.kubeProxy.masqueradeAll=false", s.point(8).describe());
  }

  @Test
  void zipTakesTheIthValuesTogether() {
    Sweep s = sweep("zip.yaml", """
          combine: zip
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [1, 2, 4]}
            - {path: "spec.traffic[0].rate", range: {from: 0.5, to: 1.5, step: 0.5, suffix: /s}}
          metrics: [seed]
        """);
    assertEquals(3, s.pointCount());
    assertEquals(List.of("1 0.5/s", "2 1/s", "4 1.5/s"), describe(s));
  }

  @Test
  void noParametersIsOnePoint() {
    Sweep s = sweep("none.yaml", "  replications: 2\n  metrics: [seed]\n");
    assertEquals(1, s.pointCount());
    assertEquals(Map.of(), s.point(0).assignment());
    assertEquals("the scenario as written", s.point(0).describe());
    assertEquals(List.of(), s.point(0).overrides());
  }

  @Test
  void aRangeWithAFloatStepHasTheRightCount() {
    Sweep s = sweep("float.yaml", """
          parameters:
            - {path: "spec.traffic[0].rate", range: {from: 0, to: 1, step: 0.1, suffix: /s}}
          metrics: [seed]
        """);
    assertEquals(11, s.pointCount(), "0, 0.1, ..., 1: floating point would give 10 or 11 depending on rounding");
    assertEquals("0.7/s", s.point(7).assignment().values().iterator().next());
    assertEquals("1/s", s.point(10).assignment().values().iterator().next());
  }

  // ------------------------------------------------------------------ seeds

  @Test
  void theSeedIsTheDocumentedHash() {
    Map<String, String> assignment = new LinkedHashMap<>();
    assignment.put("service/default/web:spec.externalTrafficPolicy", "Local");
    assignment.put("deployment/default/web-b:spec.replicas", "2");
    assertEquals("svcsim-sweep-seed-v1\nseed=7\ndeployment/default/web-b:spec.replicas=2\n"
        + "service/default/web:spec.externalTrafficPolicy=Local\nreplication=0\n", Seeds.canonical(7, assignment, 0));
    // printf 'svcsim-sweep-seed-v1\nseed=7\ndeployment/default/web-b:spec.replicas=2\n
    //   service/default/web:spec.externalTrafficPolicy=Local\nreplication=0\n' | sha256sum
    // starts ebf23ea72fa67302; with the top bit cleared, 0x6bf23ea72fa67302 = 7778348394202166018
    assertEquals(7778348394202166018L, Seeds.of(7, assignment, 0));
  }

  @Test
  void seedsDependOnTheValuesNotOnTheIndexOrTheOrderOfParameters() {
    Sweep a = sweep("a.yaml", """
          seed: 11
          replications: 3
          parameters:
            - {path: spec.cluster.kubeProxy.mode, values: [iptables, ipvs, nftables]}
            - {path: deployment/default/web:spec.replicas, values: [1, 2]}
          metrics: [seed]
        """);
    // the same assignments, the parameters and values in another order: other indexes
    Sweep b = sweep("b.yaml", """
          seed: 11
          replications: 3
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [2, 1]}
            - {path: spec.cluster.kubeProxy.mode, values: [nftables, ipvs]}
          metrics: [seed]
        """);
    int matched = 0;
    for (int i = 0; i < a.pointCount(); i++) {
      SweepPoint pa = a.point(i);
      for (int k = 0; k < b.pointCount(); k++) {
        SweepPoint pb = b.point(k);
        if (new HashSet<>(pa.assignment().entrySet()).equals(new HashSet<>(pb.assignment().entrySet()))) {
          matched++;
          for (int r = 0; r < 3; r++) {
            assertEquals(pa.seed(a, r), pb.seed(b, r), pa.describe() + " replication " + r);
          }
        }
      }
    }
    assertEquals(4, matched);
    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < a.pointCount(); i++) {
      for (int r = 0; r < 3; r++) {
        long seed = a.point(i).seed(a, r);
        assertTrue(seed >= 0, "seeds are never negative");
        seeds.add(seed);
      }
    }
    assertEquals(18, seeds.size(), "every run has its own seed");
    assertNotEquals(Seeds.of(11, a.point(0).assignment(), 0), Seeds.of(12, a.point(0).assignment(), 0),
        "the sweep's seed changes every seed");
  }

  @Test
  void newlinesAndBackslashesInValuesCannotMakeTwoAssignmentsAlike() {
    assertNotEquals(Seeds.canonical(1, Map.of("a", "x\nb=y"), 0), Seeds.canonical(1, Map.of("a", "x", "b", "y"), 0));
    assertEquals("svcsim-sweep-seed-v1\nseed=1\na=x\\\\n\\n\nreplication=2\n", Seeds.canonical(1, Map.of("a", "x\\n\n"), 2));
  }

  // ------------------------------------------------------------------ checking points

  @Test
  void aBadValueIsThePointsErrorAndABadPathTheSweeps() {
    Sweep s = sweep("check.yaml", """
          parameters:
            - path: deployment/default/web:spec.replicas
              values: [2, -1, x]
          metrics: [seed]
        """);
    assertTrue(PointCheck.check(s, s.point(0)).ok());
    PointCheck.Outcome bad = PointCheck.check(s, s.point(1));
    assertEquals(List.of(), bad.sweepErrors());
    assertEquals("check.yaml:8:19: spec.replicas: must be between 0 and 100000, inclusive (got -1)",
        bad.error().replace(dir + "/", ""));
    assertTrue(PointCheck.check(s, s.point(2)).error().contains("spec.replicas: must be an integer"),
        PointCheck.check(s, s.point(2)).error());

    Sweep wrongPath = sweep("path.yaml", """
          parameters:
            - path: deployment/default/webb:spec.replicas
              values: [2]
            - path: spec.traffic[name=user].rate
              values: [5/s]
          metrics: [seed]
        """);
    PointCheck.Outcome o = PointCheck.check(wrongPath, wrongPath.point(0));
    assertEquals(List.of(
            "path.yaml:7:13: spec.parameters[0].path: no Deployment default/webb in this scenario (did you mean"
                + " deployment/default/web?); its Deployments: default/web",
            "path.yaml:9:25: spec.parameters[1].path: spec.traffic[name=user]: spec.traffic has no element with name"
                + " \"user\" (did you mean spec.traffic[name=users]?); its names: users"),
        o.sweepErrors().stream().map(Problem::toString).map(p -> p.replace(dir + "/", "")).sorted().toList());
  }
}
