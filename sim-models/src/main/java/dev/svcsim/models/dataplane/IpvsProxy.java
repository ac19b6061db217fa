package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.IpvsScheduler;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.SessionAffinity;
import java.util.HashMap;

/**
 * The ipvs mode (pkg/proxy/ipvs): one virtual server per ClusterIP, per externalIP, per LB IP and
 * per node IP x nodePort, each with its own scheduler state on this node, every real server of
 * weight 1.
 *
 * <p>Differences from iptables that this class reproduces: the ClusterIP virtual server uses
 * internalTrafficPolicy and the others externalTrafficPolicy, with no short-circuit for pods;
 * a Local policy with no local endpoint falls back to the cluster endpoints without SNAT
 * (kubernetes PR 97081) — which works for clients on this node, but for anyone else the pod's
 * reply bypasses this node and is discarded ({@link FailureReason#REPLY_DISCARDED}); ClientIP
 * affinity is IPVS persistence per virtual server; a template outlives its timeout while a
 * connection it controls is still in the IPVS table, which a closed TCP connection is for two
 * minutes (TIME_WAIT), so short timeouts act like two minutes or more (kubernetes issue 89358).
 * Least-connection schedulers count the
 * connections this node's virtual server has open; lc and wlc add, as the kernel does, 1/256 for
 * each closed connection still in the table (inactconns), which is what spreads short
 * connections when nothing is active.
 * A removed endpoint keeps its open connections and gets no new ones (weight 0 until they end),
 * which for new connections is the same as leaving the list.
 */
final class IpvsProxy extends KubeProxy {

  /** sh and mh lookup-table sizes (IP_VS_SH_TAB_SIZE 256, IP_VS_MH_TAB_SIZE 251). */
  private static final int SH_TABLE = 256;
  private static final int MH_TABLE = 251;

  /** How long the kernel re-arms a persistence template that still controls connections. */
  static final long TEMPLATE_REARM_NANOS = 60_000_000_000L;
  /** TCP: a closed connection stays in TIME_WAIT (ip_vs_proto_tcp.c tcp_timeouts, 2 min). */
  static final long TCP_TIME_WAIT_NANOS = 120_000_000_000L;
  /** UDP: an entry lives 5 min after its last packet (ip_vs_proto_udp.c udp_timeouts). */
  static final long UDP_TIMEOUT_NANOS = 300_000_000_000L;

  private final IpvsScheduler scheduler;
  private final HashMap<Long, VirtualServer> servers = new HashMap<>();

  /** One IPVS virtual server on this node. */
  static final class VirtualServer {
    final int vip;
    /** {@code "TCP 10.96.0.10:80"}: the virtual server as ipvsadm lists it. */
    final String address;
    /** Active connections per real server ({@code ip:port}). */
    final HashMap<String, int[]> active = new HashMap<>();
    /** rr: the real server chosen last. */
    String lastKey;
    /** Persistence templates: client IP -> real server and when the template expires. */
    final HashMap<Integer, Object[]> persistence = new HashMap<>();
    /** sh/dh/mh lookup table and the list it was built for. */
    Endpoint[] tableFor;
    Endpoint[] table;

    /**
     * lc/wlc: per real server, when each of its closed connections leaves the IPVS table (oldest
     * first); until then the kernel counts it in inactconns.
     */
    final HashMap<String, Lingering> inactive = new HashMap<>();

    VirtualServer(int vip, String address) {
      this.vip = vip;
      this.address = address;
    }

    int active(Endpoint e) {
      int[] n = active.get(e.key);
      return n == null ? 0 : n[0];
    }

    /** The kernel's {@code ip_vs_dest_conn_overhead}: activeconns * 256 + inactconns. */
    long overhead(Endpoint e, long nowNanos) {
      Lingering l = inactive.get(e.key);
      return ((long) active(e) << 8) + (l == null ? 0 : l.count(nowNanos));
    }
  }

  /** A FIFO of times at which closed connections leave the table. */
  static final class Lingering {
    private long[] until = new long[16];
    private int head;
    private int size;

    void add(long t) {
      if (size == until.length) {
        long[] bigger = new long[until.length * 2];
        for (int i = 0; i < size; i++) {
          bigger[i] = until[(head + i) % until.length];
        }
        until = bigger;
        head = 0;
      }
      until[(head + size) % until.length] = t;
      size++;
    }

    int count(long nowNanos) {
      while (size > 0 && until[head] <= nowNanos) {
        head = (head + 1) % until.length;
        size--;
      }
      return size;
    }
  }

  IpvsProxy(DataPlaneRun run, NodeState node, IpvsScheduler scheduler) {
    super(run, node);
    this.scheduler = scheduler;
  }

  @Override
  FailureReason connect(Connection c, PortState p, EntryPath kind) {
    FailureReason refused = admit(c, p, kind);
    if (refused != null) {
      return traced(c, p, kind, choice.refuse(refused), null, false, "", refused);
    }
    Service s = p.publishedService;
    EndpointCategorizer.Categorized r = rules(p);
    boolean local = kind == EntryPath.CLUSTER_IP ? s.internalPolicyLocal() : s.externalPolicyLocal();
    String policy = kind == EntryPath.CLUSTER_IP ? "internalTrafficPolicy" : "externalTrafficPolicy";
    Endpoint[] list;
    boolean fellBack = false;
    if (local && r.local().length > 0) {
      list = r.local();
      policy = "local (" + policy + ": Local)";
    } else if (local) {
      list = r.cluster();
      fellBack = true;
      policy = "cluster (" + policy + ": Local, but no local endpoint: ipvs falls back to every endpoint, kubernetes PR 97081)";
    } else {
      list = r.cluster();
      policy = "cluster";
    }
    if (list == null || list.length == 0) {
      FailureReason why = r.hasAnyEndpoints() && local ? FailureReason.NO_LOCAL_ENDPOINTS : FailureReason.NO_ENDPOINTS;
      return traced(c, p, kind, choice.refuse(why), null, false, "", why);
    }
    boolean masquerade;
    String masqueradeWhy;
    if (kind == EntryPath.CLUSTER_IP) {
      masquerade = run.masqueradeAll || !fromPodNetwork(c);
      masqueradeWhy = run.masqueradeAll ? "masqueradeAll: every ClusterIP connection is masqueraded"
          : masquerade ? "the source is outside the pod network: KUBE-MARK-MASQ (ipset KUBE-CLUSTER-IP)"
          : "the source is a pod: no SNAT";
    } else {
      masquerade = !s.externalPolicyLocal() || fromThisNode(c) && !fromPodNetwork(c);
      masqueradeWhy = !s.externalPolicyLocal() ? "externalTrafficPolicy Cluster: KUBE-MARK-MASQ"
          : masquerade ? "externalTrafficPolicy Local, but the source is this node's own address: masqueraded"
          : "externalTrafficPolicy Local: the *-LOCAL ipset RETURNs before KUBE-MARK-MASQ, no SNAT";
    }
    Choice ch = choice.set(list, policy, masquerade, masqueradeWhy);
    VirtualServer vs = virtualServer(p, kind, c.vipIndex);
    Endpoint e = pick(vs, s, list, c);
    if (e.ip.bits() == c.clientIp) {
      masquerade = true;
      masqueradeWhy = HAIRPIN;
    }
    if (fellBack && !masquerade && e.node != node && !fromThisNode(c)) {
      return traced(c, p, kind, ch, e, false, masqueradeWhy, FailureReason.REPLY_DISCARDED);
    }
    c.endpoint = e;
    c.seenSourceIp = masquerade ? node.ipBits : c.clientIp;
    int[] n = vs.active.computeIfAbsent(e.key, k -> new int[1]);
    n[0]++;
    c.virtualServer = vs;
    return traced(c, p, kind, ch, e, masquerade, masqueradeWhy, null);
  }

  @Override
  void closed(Connection c) {
    VirtualServer vs = c.virtualServer;
    if (vs != null) {
      int[] n = vs.active.get(c.endpoint.key);
      if (n != null && --n[0] == 0) {
        vs.active.remove(c.endpoint.key);
      }
      Object[] t = vs.persistence.get(c.clientIp);
      if (t != null && ((Endpoint) t[0]).key.equals(c.endpoint.key)) {
        // The kernel expires a persistence template only when no connection it controls is left
        // in the IPVS table, re-arming its timer 60 s at a time until then (ip_vs_conn.c,
        // expire_later); a closed connection stays in the table for its protocol's timeout.
        long expiry = (Long) t[1];
        long lingers = run.sim.nowNanos() + lingerNanos(c.port);
        if (lingers > expiry) {
          expiry += (lingers - expiry + TEMPLATE_REARM_NANOS - 1) / TEMPLATE_REARM_NANOS * TEMPLATE_REARM_NANOS;
        }
        t[1] = expiry;
      }
      if (scheduler == IpvsScheduler.LC || scheduler == IpvsScheduler.WLC) {
        vs.inactive.computeIfAbsent(c.endpoint.key, k -> new Lingering()).add(run.sim.nowNanos() + lingerNanos(c.port));
      }
      c.virtualServer = null;
    }
  }

  /**
   * The open connections of every real server of this node's virtual servers, keyed
   * {@code "PROTO vip:vport ip:port"} (for {@code ipvsadm -Ln}'s ActiveConn column).
   */
  java.util.Map<String, Integer> activeConnections() {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    for (VirtualServer vs : servers.values()) {
      for (var e : vs.active.entrySet()) {
        out.merge(vs.address + " " + e.getKey(), e.getValue()[0], Integer::sum);
      }
    }
    return out;
  }

  /** How long a connection of this port stays in the IPVS table after it ended. */
  private static long lingerNanos(PortState p) {
    return p.publishedPort != null && p.publishedPort.protocol() == dev.svcsim.models.cluster.Protocol.UDP
        ? UDP_TIMEOUT_NANOS : TCP_TIME_WAIT_NANOS;
  }

  private VirtualServer virtualServer(PortState p, EntryPath kind, int vipIndex) {
    long key = ((long) p.index << 16) | ((long) kind.ordinal() << 12) | vipIndex;
    VirtualServer vs = servers.get(key);
    if (vs == null) {
      Service s = p.publishedService;
      int vip = switch (kind) {
        case CLUSTER_IP -> s.clusterIP().bits();
        case LOAD_BALANCER -> s.loadBalancerIPs().isEmpty() ? 0 : s.loadBalancerIPs().get(vipIndex).bits();
        case EXTERNAL_IP -> s.externalIPs().get(vipIndex).bits();
        default -> node.ipBits;
      };
      dev.svcsim.models.service.ServicePort sp = p.publishedPort;
      int vport = kind == EntryPath.NODE_PORT ? sp.nodePort() : sp.port();
      vs = new VirtualServer(vip, sp.protocol() + " " + new dev.svcsim.models.net.Ipv4Address(vip) + ":" + vport);
      servers.put(key, vs);
    }
    return vs;
  }

  private Endpoint pick(VirtualServer vs, Service s, Endpoint[] list, Connection c) {
    long now = run.sim.nowNanos();
    if (c.traced) {
      pickNote = describe(vs, list, now);
    }
    if (s.sessionAffinity() == SessionAffinity.CLIENT_IP) {
      Object[] t = vs.persistence.get(c.clientIp);
      if (t != null && (Long) t[1] >= now) {
        Endpoint held = (Endpoint) t[0];
        for (Endpoint e : list) {
          if (e.key.equals(held.key)) {
            t[0] = e;
            t[1] = now + s.affinityTimeoutSeconds() * 1_000_000_000L;
            if (c.traced) {
              pickNote += "; persistence: this client has a live template for " + e.key + ", so it goes there again";
            }
            return e;
          }
        }
      }
      Endpoint e = schedule(vs, list, c);
      vs.persistence.put(c.clientIp, new Object[] {e, now + s.affinityTimeoutSeconds() * 1_000_000_000L});
      return e;
    }
    return schedule(vs, list, c);
  }

  /** The scheduler's state before a pick, in words, for a traced connection. */
  private String describe(VirtualServer vs, Endpoint[] list, long now) {
    String vsName = vs.address + " (scheduler " + scheduler.word() + ")";
    return switch (scheduler) {
      case RR, WRR -> vsName + ": round robin, " + (vs.lastKey == null ? "nothing chosen yet, so the first real server"
          : "the last real server chosen was " + vs.lastKey + ", so the next one") + " in order is taken";
      case LC, WLC -> {
        StringBuilder b = new StringBuilder(vsName + ": least connections, overhead = active x 256 + inactive:");
        for (Endpoint e : list) {
          b.append(' ').append(e.key).append('=').append(vs.overhead(e, now));
        }
        yield b.append("; the lowest wins (the first in order on a tie)").toString();
      }
      case SED, NQ -> {
        StringBuilder b = new StringBuilder(vsName + ": active connections:");
        for (Endpoint e : list) {
          b.append(' ').append(e.key).append('=').append(vs.active(e));
        }
        yield b.toString();
      }
      case SH -> vsName + ": source hashing, a hash of the client address picks one of 256 buckets dealt to the real servers";
      case DH -> vsName + ": destination hashing, a hash of the virtual address picks the bucket";
      case MH -> vsName + ": Maglev hashing of the client address over a 251-entry table";
    };
  }

  /** The virtual server's scheduler over {@code list} (every weight 1). */
  Endpoint schedule(VirtualServer vs, Endpoint[] list, Connection c) {
    switch (scheduler) {
      case RR, WRR -> {
        int next = 0;
        if (vs.lastKey != null) {
          for (int i = 0; i < list.length; i++) {
            int cmp = list[i].key.compareTo(vs.lastKey);
            if (cmp > 0) {
              next = i;
              break;
            }
            if (i == list.length - 1) {
              next = 0;
            }
          }
        }
        vs.lastKey = list[next].key;
        return list[next];
      }
      case LC, WLC -> {
        long now = run.sim.nowNanos();
        Endpoint best = list[0];
        long bestOverhead = vs.overhead(best, now);
        for (int i = 1; i < list.length; i++) {
          long o = vs.overhead(list[i], now);
          if (o < bestOverhead) {
            best = list[i];
            bestOverhead = o;
          }
        }
        return best;
      }
      case SED -> {
        return leastConnections(vs, list);
      }
      case NQ -> {
        for (Endpoint e : list) {
          if (vs.active(e) == 0) {
            return e;
          }
        }
        return leastConnections(vs, list);
      }
      case SH -> {
        Endpoint[] table = table(vs, list, false);
        return table[(int) ((mix(c.clientIp) >>> 32) % SH_TABLE)];
      }
      case DH -> {
        Endpoint[] table = table(vs, list, false);
        return table[(int) ((mix(vs.vip) >>> 32) % SH_TABLE)];
      }
      case MH -> {
        Endpoint[] table = table(vs, list, true);
        return table[(int) ((mix(c.clientIp) >>> 33) % MH_TABLE)];
      }
      default -> throw new IllegalStateException("unknown scheduler " + scheduler);
    }
  }

  /** The real server with the fewest open connections; the first in order on a tie. */
  private static Endpoint leastConnections(VirtualServer vs, Endpoint[] list) {
    Endpoint best = list[0];
    int bestActive = vs.active(best);
    for (int i = 1; i < list.length; i++) {
      int a = vs.active(list[i]);
      if (a < bestActive) {
        best = list[i];
        bestActive = a;
      }
    }
    return best;
  }

  /**
   * sh/dh: 256 buckets dealt to the real servers in turn (every weight is 1); mh: a Maglev
   * table of 251 entries, each server filling its preference permutation in turn.
   */
  private static Endpoint[] table(VirtualServer vs, Endpoint[] list, boolean maglev) {
    if (vs.tableFor == list) {
      return vs.table;
    }
    Endpoint[] t;
    if (!maglev) {
      t = new Endpoint[SH_TABLE];
      for (int i = 0; i < SH_TABLE; i++) {
        t[i] = list[i % list.length];
      }
    } else {
      t = new Endpoint[MH_TABLE];
      int[] offset = new int[list.length];
      int[] skip = new int[list.length];
      int[] next = new int[list.length];
      for (int i = 0; i < list.length; i++) {
        long h = mix(list[i].key.hashCode());
        offset[i] = (int) Long.remainderUnsigned(h, MH_TABLE);
        skip[i] = (int) Long.remainderUnsigned(h >>> 17, MH_TABLE - 1) + 1;
      }
      int filled = 0;
      while (filled < MH_TABLE) {
        for (int i = 0; i < list.length && filled < MH_TABLE; i++) {
          int slot;
          do {
            slot = (int) ((offset[i] + (long) next[i] * skip[i]) % MH_TABLE);
            next[i]++;
          } while (t[slot] != null);
          t[slot] = list[i];
          filled++;
        }
      }
    }
    vs.tableFor = list;
    vs.table = t;
    return t;
  }

  /** A 64-bit finalizer (SplitMix64's), so hashes of nearby addresses spread evenly. */
  static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
