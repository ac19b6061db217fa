package dev.svcsim.scenario.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny scenario (two seconds of 200 connections per second to three pods) and sweeps over it, for tests. */
public final class SweepFixtures {

  private SweepFixtures() {}

  /** Two nodes, a LoadBalancer Service and a Deployment of three pods; 400 connections in all. */
  public static final String TINY =
      """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata: {name: tiny}
      spec:
        seed: 5
        duration: 2s
        cluster:
          nodes: [{name: node-a}, {name: node-b}]
        traffic:
          - {name: users, from: external, to: service/default/web:80, rate: 200/s}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec:
        type: LoadBalancer
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: default}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]
      """;

  /** The start of a Sweep document over tiny.yaml, up to and including {@code spec:}. */
  public static final String HEAD =
      """
      apiVersion: svcsim.dev/v1
      kind: Sweep
      metadata: {name: tiny-sweep}
      spec:
        scenario: tiny.yaml
      """;

  /** Writes tiny.yaml and {@code name} (holding {@code sweep}) into {@code dir}; returns the sweep file. */
  public static Path write(Path dir, String name, String sweep) {
    try {
      Files.writeString(dir.resolve("tiny.yaml"), TINY);
      Path file = dir.resolve(name);
      Files.writeString(file, sweep);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
