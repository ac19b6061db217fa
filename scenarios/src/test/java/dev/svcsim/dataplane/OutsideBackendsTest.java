package dev.svcsim.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.ServiceResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backends that are not pods — an ExternalName's target, a selector-less Service's addresses
 * outside the cluster — are counted by backend in {@code outside}, and with the pods they add up
 * to delivered (checked for every Service by {@link DataPlaneTests#run}).
 */
class OutsideBackendsTest {

  @Test
  void externalNameAndManualAddressesAreCountedByBackend() {
    DataPlaneTests.Yaml y = DataPlaneTests.scenario("outside")
        .duration("5s")
        .node("node-a", "zone-1")
        .pod("client", "node-a", "client")
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: ext, namespace: default}
            spec:
              type: ExternalName
              externalName: db.example.com
              ports:
                - name: http
                  port: 80
            """)
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: legacy, namespace: default}
            spec:
              ports:
                - name: http
                  port: 80
                  targetPort: 8080
            """)
        .manifest("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: legacy-1
              namespace: default
              labels: {kubernetes.io/service-name: legacy}
            addressType: IPv4
            endpoints:
              - addresses: ["172.16.5.10"]
                conditions: {ready: true}
              - addresses: ["172.16.5.11"]
                conditions: {ready: true}
            ports:
              - name: http
                port: 8080
                protocol: TCP
            """)
        .traffic("to-ext", "pod/default/client", "ext", null, "200/s")
        .traffic("to-legacy", "pod/default/client", "legacy", "clusterIP", "400/s");
    var run = y.run();
    ServiceResult ext = DataPlaneTests.service(run, "default/ext");
    assertTrue(ext.delivered() > 800, DataPlaneTests.summary(ext));
    assertEquals(Map.of("db.example.com:80", ext.delivered()), ext.outside());
    assertTrue(ext.pods().isEmpty());
    ServiceResult legacy = DataPlaneTests.service(run, "default/legacy");
    assertEquals(2, legacy.outside().size(), legacy.outside().toString());
    assertEquals(legacy.delivered(), legacy.outside().get("172.16.5.10:8080") + legacy.outside().get("172.16.5.11:8080"));
    DataPlaneTests.assertBinomial("172.16.5.10's share", legacy.outside().get("172.16.5.10:8080"), legacy.delivered(), 0.5);
  }
}
