package dev.svcsim.models.rules;

/**
 * One endpoint of a Service port as a node's kube-proxy has it programmed.
 *
 * @param ip the endpoint's address
 * @param port the endpoint's port (the resolved targetPort)
 * @param node the node it runs on, or "" (an address outside the cluster, or one without nodeName)
 * @param zone its zone, or ""
 * @param ready the EndpointSlice {@code ready} condition
 * @param serving the {@code serving} condition
 * @param terminating the {@code terminating} condition
 * @param pod the pod behind it ({@code ns/name}), or "" for an address that is not a pod
 */
public record EndpointView(String ip, int port, String node, String zone, boolean ready,
    boolean serving, boolean terminating, String pod) {

  /** {@code ip:port}, the string kube-proxy sorts and hashes endpoints by. */
  public String key() {
    return ip + ":" + port;
  }

  /** Whether it runs on the named node (an endpoint without a node is never local). */
  public boolean isLocalTo(String nodeName) {
    return !node.isEmpty() && node.equals(nodeName);
  }
}
