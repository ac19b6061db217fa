package dev.svcsim.models.rules;

import static dev.svcsim.models.rules.IptablesTable.comment;

import dev.svcsim.models.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules of kube-proxy's legacy userspace mode (pkg/proxy/userspace before v1.26) on
 * one node, as {@code iptables-save} lists them, with one comment line per Service port naming
 * the endpoints its proxy socket round-robins over.
 *
 * <p>Every ClusterIP, LB IP and externalIP is sent to kube-proxy's own socket for the port:
 * {@code REDIRECT --to-ports P} for traffic arriving from pods ({@code KUBE-PORTALS-CONTAINER},
 * PREROUTING) and {@code DNAT --to-destination nodeIP:P} for traffic from the node itself
 * ({@code KUBE-PORTALS-HOST}, OUTPUT); NodePorts likewise through {@code KUBE-NODEPORT-CONTAINER}
 * and {@code KUBE-NODEPORT-HOST}, with {@code KUBE-NODEPORT-NON-LOCAL} accepting them in the
 * filter table. The proxy then opens its own connection to an endpoint, so the pod sees the
 * node's address.
 *
 * <p>kube-proxy took a free port from the kernel for each Service port; svcsim numbers them from
 * {@value #FIRST_PROXY_PORT} in the listed order instead, so the output is deterministic.
 * The rules are written with kube-proxy's argument order; traffic policies did not exist for this
 * mode, and it only ever used Ready endpoints.
 */
public final class UserspaceRules {

  /** The proxy port of the first Service port listed; the next gets one more, and so on. */
  public static final int FIRST_PROXY_PORT = 36000;

  /** The prefix of the comment line that lists a proxy port's endpoints. */
  public static final String PROXY_LINE = "# userspace proxy ";

  private UserspaceRules() {}

  /** The node's filter and nat tables, preceded by one comment line per proxied Service port. */
  public static String render(NodeView node) {
    IptablesTable filter = new IptablesTable("filter", "INPUT", "FORWARD", "OUTPUT");
    IptablesTable nat = new IptablesTable("nat", "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    for (String c : List.of("KUBE-PORTALS-CONTAINER", "KUBE-PORTALS-HOST", "KUBE-NODEPORT-CONTAINER",
        "KUBE-NODEPORT-HOST")) {
      nat.chain(c);
    }
    filter.chain("KUBE-NODEPORT-NON-LOCAL");
    String portals = comment("handle ClusterIPs; NOTE: this must be before the NodePort rules");
    String nodePorts = "-m addrtype --dst-type LOCAL "
        + comment("handle service NodePorts; NOTE: this must be the last rule in the chain");
    nat.rule("PREROUTING", portals, "-j KUBE-PORTALS-CONTAINER");
    nat.rule("PREROUTING", nodePorts, "-j KUBE-NODEPORT-CONTAINER");
    nat.rule("OUTPUT", portals, "-j KUBE-PORTALS-HOST");
    nat.rule("OUTPUT", nodePorts, "-j KUBE-NODEPORT-HOST");
    filter.rule("INPUT", comment("Ensure that non-local NodePort traffic can flow"), "-j KUBE-NODEPORT-NON-LOCAL");

    StringBuilder proxies = new StringBuilder();
    int proxyPort = FIRST_PROXY_PORT;
    for (ServicePortView v : node.ports()) {
      var s = v.service();
      var port = v.port();
      String name = v.servicePortName();
      String proto = ChainNames.protocol(port.protocol());
      String common = comment(name) + " -p " + proto + " -m " + proto;
      String toHost = "-j DNAT --to-destination " + node.ip() + ":" + proxyPort;
      String redirect = "-j REDIRECT --to-ports " + proxyPort;
      // the ClusterIP and the LB IPs: plain portals
      List<Ipv4Address> plain = new ArrayList<>();
      plain.add(s.clusterIP());
      plain.addAll(s.loadBalancerIPs());
      for (Ipv4Address ip : plain) {
        nat.rule("KUBE-PORTALS-CONTAINER", common, "--dport " + port.port(), "-d " + ip + "/32", redirect);
        nat.rule("KUBE-PORTALS-HOST", common, "--dport " + port.port(), "-d " + ip + "/32", toHost);
      }
      // externalIPs: from outside through a physical interface, or addressed to this node
      for (Ipv4Address ip : s.externalIPs()) {
        String head = common + " --dport " + port.port() + " -d " + ip + "/32";
        nat.rule("KUBE-PORTALS-CONTAINER", head, "-m physdev ! --physdev-is-in", redirect);
        nat.rule("KUBE-PORTALS-CONTAINER", head, "-m addrtype --dst-type LOCAL", redirect);
        nat.rule("KUBE-PORTALS-HOST", head, "-m addrtype --dst-type LOCAL", toHost);
      }
      if (port.nodePort() != 0) {
        nat.rule("KUBE-NODEPORT-CONTAINER", common, "--dport " + port.nodePort(), redirect);
        nat.rule("KUBE-NODEPORT-HOST", common, "--dport " + port.nodePort(), toHost);
        filter.rule("KUBE-NODEPORT-NON-LOCAL", common, "--dport " + proxyPort, "-m state --state NEW -j ACCEPT");
      }
      List<String> ready = new ArrayList<>();
      for (EndpointView e : v.endpoints()) {
        if (e.ready()) {
          ready.add(e.key());
        }
      }
      proxies.append(PROXY_LINE).append(proxyPort).append(' ').append(proto).append(' ').append(name)
          .append(" -> ").append(ready.isEmpty() ? "(no endpoints: connections are closed)" : String.join(" ", ready))
          .append('\n');
      proxyPort++;
    }
    String about = IptablesRules.header(node, "userspace");
    return IptablesRules.preamble(node, "userspace")
        + "# kube-proxy accepts each connection on its proxy port and opens its own to one of the Ready\n"
        + "# endpoints, round robin in a shuffled order (the pod sees this node's IP). Proxy ports are\n"
        + "# numbered by svcsim from " + FIRST_PROXY_PORT + "; kube-proxy let the kernel choose them.\n"
        + proxies
        + filter.render("Generated by svcsim rules: " + about)
        + nat.render("Generated by svcsim rules: " + about);
  }
}
