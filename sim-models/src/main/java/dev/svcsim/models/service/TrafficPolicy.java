package dev.svcsim.models.service;

/** {@code externalTrafficPolicy} and {@code internalTrafficPolicy}: Cluster or Local. */
public enum TrafficPolicy {
  CLUSTER("Cluster"),
  LOCAL("Local");

  private final String value;

  TrafficPolicy(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static TrafficPolicy fromValue(String s) {
    return "Cluster".equals(s) ? CLUSTER : "Local".equals(s) ? LOCAL : null;
  }
}
