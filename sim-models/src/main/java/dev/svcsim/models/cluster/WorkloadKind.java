package dev.svcsim.models.cluster;

import java.util.Locale;

/** The workload controllers svcsim expands into pods. */
public enum WorkloadKind {
  DEPLOYMENT("Deployment"),
  STATEFULSET("StatefulSet"),
  DAEMONSET("DaemonSet");

  private final String kind;

  WorkloadKind(String kind) {
    this.kind = kind;
  }

  /** The Kubernetes kind, e.g. {@code Deployment}. */
  public String kind() {
    return kind;
  }

  /** The lower-case word used in references, e.g. {@code deployment/shop/web}. */
  public String word() {
    return kind.toLowerCase(Locale.ROOT);
  }
}
