package dev.svcsim.models.service;

import dev.svcsim.models.net.Ipv4Address;
import java.util.Objects;

/**
 * One address of a hand-written Endpoints or EndpointSlice object, with its conditions as
 * kube-proxy reads them (unset {@code ready} and {@code serving} mean true, unset
 * {@code terminating} means false).
 *
 * @param nodeName the node it runs on, or "" (then it is never local to any node)
 * @param zone the zone, or ""
 */
public record EndpointAddress(
    Ipv4Address ip, String nodeName, String zone, boolean ready, boolean serving, boolean terminating) {
  public EndpointAddress {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(zone, "zone");
  }
}
