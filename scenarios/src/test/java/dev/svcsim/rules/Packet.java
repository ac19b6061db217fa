package dev.svcsim.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * The first packet of a new connection as one node's netfilter sees it, for the rule
 * interpreters.
 *
 * @param src the source address
 * @param dst the destination address (a ClusterIP, LB IP, externalIP or node IP)
 * @param dport the destination port
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 * @param srcLocal whether the source is one of this node's own addresses ({@code -m addrtype
 *     --src-type LOCAL}, {@code fib saddr type local}): traffic from the node itself
 * @param dstLocal whether the destination is one of this node's addresses ({@code --dst-type
 *     LOCAL}, {@code fib daddr type local}): a NodePort on this node's IP
 * @param hook where the packet enters: {@link Hook#PREROUTING} from a pod or from outside,
 *     {@link Hook#OUTPUT} from a process of the node itself
 */
public record Packet(String src, String dst, int dport, String protocol, boolean srcLocal, boolean dstLocal,
    Hook hook) {

  /** Where a packet meets the node's rules first. */
  public enum Hook {
    /** From a pod on this node or from the network. */
    PREROUTING,
    /** From the node itself (host network). */
    OUTPUT
  }

  public Packet {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    protocol = protocol.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(hook, "hook");
  }

  /** TCP from a pod to {@code dst:dport}, an address that is not this node's (a ClusterIP, say). */
  public static Packet fromPod(String src, String dst, int dport) {
    return new Packet(src, dst, dport, "tcp", false, false, Hook.PREROUTING);
  }

  /** TCP from a pod to {@code dst:dport}; {@code dstLocal} when it is this node's own IP (a NodePort here). */
  public static Packet fromPod(String src, String dst, int dport, boolean dstLocal) {
    return new Packet(src, dst, dport, "tcp", false, dstLocal, Hook.PREROUTING);
  }

  /** TCP arriving from outside the cluster, to a node-local address or not. */
  public static Packet external(String src, String dst, int dport, boolean dstLocal) {
    return new Packet(src, dst, dport, "tcp", false, dstLocal, Hook.PREROUTING);
  }

  /** TCP from the node's own address ({@code src}) to {@code dst:dport}. */
  public static Packet fromNode(String src, String dst, int dport, boolean dstLocal) {
    return new Packet(src, dst, dport, "tcp", true, dstLocal, Hook.OUTPUT);
  }

  /** The same packet with another protocol. */
  public Packet withProtocol(String p) {
    return new Packet(src, dst, dport, p, srcLocal, dstLocal, hook);
  }
}
