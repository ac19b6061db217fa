package dev.svcsim.models.service;

/** {@code spec.type} of a Service. */
public enum ServiceType {
  CLUSTER_IP("ClusterIP"),
  NODE_PORT("NodePort"),
  LOAD_BALANCER("LoadBalancer"),
  EXTERNAL_NAME("ExternalName");

  private final String value;

  ServiceType(String value) {
    this.value = value;
  }

  /** The value as the API writes it, e.g. {@code LoadBalancer}. */
  public String value() {
    return value;
  }

  /** The type for an API value, or null when there is none. */
  public static ServiceType fromValue(String s) {
    for (ServiceType t : values()) {
      if (t.value.equals(s)) {
        return t;
      }
    }
    return null;
  }
}
