package dev.svcsim.models.explain;

import java.util.List;
import java.util.Objects;

/**
 * What the entry node's kube-proxy decided for the connection's first packet, as data: the
 * packet it saw and the endpoints it could have sent it to. This is what a reader of the rules
 * ({@code svcsim rules}) can check against.
 *
 * @param node the node whose kube-proxy handled the packet
 * @param mode the proxy mode ({@code iptables}, {@code nftables}, {@code ipvs}, {@code userspace})
 * @param entryPath how the packet arrived ({@code clusterIP}, {@code nodePort},
 *     {@code loadBalancer}, {@code externalIP})
 * @param sourceIp the packet's source address as the node saw it
 * @param destination the address and port it was sent to ({@code ip:port})
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 * @param fromThisNode whether the packet came from a process of this node itself (the nat
 *     OUTPUT hook; a pod's packets come through PREROUTING)
 * @param policy which endpoint list applied, e.g. {@code cluster}, {@code local}
 * @param candidates the endpoints ({@code ip:port}) the pick was made from, in kube-proxy's order
 * @param chosen the endpoint picked, or "" when none was
 * @param masquerade whether the packet was source-NATed to the node's address
 * @param verdict "" when forwarded, else {@code REJECT} or {@code DROP} (what the rules did)
 * @param failure the failure reason's key when the proxy refused the connection, else ""
 */
public record Decision(String node, String mode, String entryPath, String sourceIp,
    String destination, String protocol, boolean fromThisNode, String policy,
    List<String> candidates, String chosen, boolean masquerade, String verdict, String failure) {

  public Decision {
    Objects.requireNonNull(node, "node");
    candidates = List.copyOf(candidates);
  }
}
