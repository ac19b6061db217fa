package dev.svcsim.models.scenario;

/** How a traffic source reaches its Service. */
public enum EntryPath {
  LOAD_BALANCER("loadBalancer"),
  NODE_PORT("nodePort"),
  CLUSTER_IP("clusterIP"),
  EXTERNAL_IP("externalIP"),
  DNS("dns");

  private final String word;

  EntryPath(String word) {
    this.word = word;
  }

  /** The scenario spelling, e.g. {@code loadBalancer}. */
  public String word() {
    return word;
  }
}
