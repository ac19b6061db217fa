package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcsim.scenario.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hand-written EndpointSlice whose port matches no port of its Service (by name and protocol,
 * as kube-proxy matches them) serves nothing: svcsim says so where the slice names the port.
 */
class ManualEndpointPortsTest {

  private static final String SCENARIO = """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata: {name: manual}
      spec:
        duration: 1s
        cluster:
          nodes:
            - {name: node-1, zone: z}
        traffic: []
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: data}
      spec:
        ports:
          - name: postgres
            port: 5432
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: db-1
        namespace: data
        labels: {kubernetes.io/service-name: db}
      addressType: IPv4
      endpoints:
        - addresses: ["172.16.5.10"]
      ports:
        - name: PORT
          port: 5432
          protocol: PROTO
      """;

  private static List<String> problems(String portName, String protocol) {
    String text = SCENARIO.replace("PORT", portName).replace("PROTO", protocol);
    return new ScenarioLoader().load("m.yaml", text.getBytes(StandardCharsets.UTF_8), null).problems().stream()
        .map(Problem::toString).toList();
  }

  @Test
  void aMatchingPortIsQuiet() {
    assertEquals(List.of(), problems("postgres", "TCP"));
  }

  @Test
  void aPortOfAnotherNameIsReportedWhereTheSliceNamesIt() {
    assertEquals(List.of("m.yaml:29:11: warning: ports[0].name: no port of Service data/db is named \"pg\" with"
        + " protocol TCP (its ports: postgres/TCP); endpoint ports are matched to Service ports by name and protocol,"
        + " so these addresses serve no port of the Service"), problems("pg", "TCP"));
  }

  @Test
  void theSameNameWithAnotherProtocolIsReportedToo() {
    assertEquals(1, problems("postgres", "UDP").size(), problems("postgres", "UDP").toString());
  }
}
