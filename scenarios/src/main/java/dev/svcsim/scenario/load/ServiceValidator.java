package dev.svcsim.scenario.load;

import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.net.PortRange;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import dev.svcsim.models.service.ServiceType;
import dev.svcsim.models.service.SessionAffinity;
import dev.svcsim.models.service.TargetPort;
import dev.svcsim.models.service.TrafficPolicy;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.load.ManifestSpecs.ServicePortSpec;
import dev.svcsim.scenario.load.ManifestSpecs.ServiceSpec;
import dev.svcsim.scenario.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Turns a bound Service into the model as the API server would: defaulting
 * ({@code SetDefaults_Service}), validation ({@code ValidateService}, with its field paths and
 * wording), then ClusterIP, NodePort and healthCheckNodePort allocation.
 *
 * <p>One deliberate difference: the API server allocates before it validates, so it reports an
 * allocation error alone; svcsim validates first and reports every problem, then allocates only
 * for a valid Service.
 */
final class ServiceValidator {

  /** The annotation form of loadBalancerSourceRanges. */
  static final String SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

  private static final Ipv4Cidr LB_POOL = new Ipv4Cidr(Ipv4Address.parse("198.51.100.0"), 24);

  private final Problems problems;
  private final Ipv4Cidr serviceCidr;
  private final PortRange nodePortRange;
  private final RangeAllocator clusterIps;
  private final RangeAllocator nodePorts;
  private final Map<Integer, String> ipOwners = new HashMap<>();
  private final Set<Ipv4Address> lbIps = new HashSet<>();
  private long nextLbIp = 1;

  ServiceValidator(
      Problems problems, Ipv4Cidr serviceCidr, PortRange nodePortRange, UniformRandomProvider rng) {
    this.problems = problems;
    this.serviceCidr = serviceCidr;
    this.nodePortRange = nodePortRange;
    long usable = Math.max(0, serviceCidr.size() - 2);
    this.clusterIps =
        new RangeAllocator((int) Math.min(usable, Integer.MAX_VALUE - 8), RangeAllocator.clusterIpOffset(serviceCidr.size()), rng);
    this.nodePorts =
        new RangeAllocator(nodePortRange.size(), RangeAllocator.nodePortOffset(nodePortRange.size()), rng);
    if (usable > 0) {
      clusterIps.allocate(0); // network+1 is the ClusterIP of default/kubernetes
      ipOwners.put(0, "default/kubernetes");
    }
  }

  /** Validates and allocates; null when the Service has errors (they have been reported). */
  Service create(ServiceSpec s) {
    return build(s, null);
  }

  /**
   * Validates a patched Service and allocates what it newly needs, keeping the allocations of
   * {@code old} where the patched Service leaves them unset (as {@code patchAllocatedValues}).
   */
  Service update(ServiceSpec s, Service old) {
    return build(s, old);
  }

  private Service build(ServiceSpec s, Service old) {
    Source src = s.source();
    int before = problems.errorCount();
    String name = s.meta().name();
    if (!name.isEmpty()) {
      String bad = Names.dns1035Label(name);
      if (bad != null) {
        src.error(problems, "metadata.name", invalid(name, bad));
      }
    }
    // ---- defaulting
    SessionAffinity affinity =
        s.sessionAffinity() == null || s.sessionAffinity().isEmpty()
            ? SessionAffinity.NONE
            : SessionAffinity.fromValue(s.sessionAffinity());
    ServiceType type =
        s.type() == null || s.type().isEmpty() ? ServiceType.CLUSTER_IP : ServiceType.fromValue(s.type());
    String clusterIP = s.clusterIP() == null ? "" : s.clusterIP();
    if (clusterIP.isEmpty() && !s.clusterIPs().isEmpty()) {
      clusterIP = s.clusterIPs().get(0);
    }
    boolean headless = clusterIP.equals("None");

    // ---- validation, in ValidateService's order
    boolean external = type == ServiceType.EXTERNAL_NAME;
    if (s.ports().isEmpty() && !headless && !external) {
      src.error(problems, "spec.ports", "Required value");
    }
    if (headless && (type == ServiceType.LOAD_BALANCER || type == ServiceType.NODE_PORT)) {
      src.error(
          problems,
          "spec.clusterIP",
          invalid("None", "may not be set to 'None' for " + type.value() + " services"));
    }
    String externalName = "";
    if (external) {
      if (!clusterIP.isEmpty()) {
        src.error(problems, "spec.clusterIP", "Forbidden: may not be set for ExternalName services");
      }
      String en = s.externalName() == null ? "" : s.externalName();
      if (en.endsWith(".")) {
        en = en.substring(0, en.length() - 1);
      }
      if (en.isEmpty()) {
        src.error(problems, "spec.externalName", "Required value");
      } else {
        String bad = Names.dns1123Subdomain(en);
        if (bad != null) {
          src.error(problems, "spec.externalName", invalid(en, bad));
        } else if (Ipv4Address.isValid(en)) {
          src.warning(
              problems,
              "spec.externalName",
              YamlScalar.quote(en)
                  + " looks like an IP address, but an ExternalName is a DNS name: clients get a"
                  + " CNAME to a name that does not resolve (use a selector-less Service with"
                  + " Endpoints for an IP)");
        }
        externalName = en;
      }
    }
    List<ServicePort> ports = ports(s, src, type);
    Map<String, String> selector = s.selector();
    if (affinity == null) {
      src.error(problems, "spec.sessionAffinity", notSupported(s.sessionAffinity(), "ClientIP", "None"));
    }
    int timeout = 0;
    if (affinity == SessionAffinity.CLIENT_IP) {
      if (s.affinityTimeoutSeconds() == null) {
        timeout = 10800; // DefaultClientIPServiceAffinitySeconds
      } else {
        long t = s.affinityTimeoutSeconds();
        if (t <= 0 || t > 86400) {
          src.error(
              problems,
              "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
              "Invalid value: " + t + ": must be greater than 0 and less than 86400");
        } else {
          timeout = (int) t;
        }
      }
    }
    Ipv4Address explicitClusterIp = null;
    if (!external && !clusterIP.isEmpty() && !headless) {
      try {
        explicitClusterIp = Ipv4Address.parse(clusterIP);
      } catch (IllegalArgumentException e) {
        src.error(problems, "spec.clusterIP", invalid(clusterIP, ipError(clusterIP)));
      }
    }
    List<Ipv4Address> externalIPs = new ArrayList<>();
    for (int i = 0; i < s.externalIPs().size(); i++) {
      String ip = s.externalIPs().get(i);
      String path = "spec.externalIPs[" + i + "]";
      try {
        Ipv4Address a = Ipv4Address.parse(ip);
        String special = special(a);
        if (special != null) {
          src.error(problems, path, invalid(ip, special));
        } else {
          externalIPs.add(a);
        }
      } catch (IllegalArgumentException e) {
        src.error(problems, path, invalid(ip, ipError(ip)));
      }
    }
    if (type == null) {
      src.error(problems, "spec.type", notSupported(s.type(), "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"));
      return null;
    }
    Set<String> nodePortKeys = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < s.ports().size(); i++) {
      ServicePortSpec p = s.ports().get(i);
      String path = "spec.ports[" + i + "]";
      long nodePort = p.nodePort() == null ? 0 : p.nodePort();
      String protocol = p.protocol() == null || p.protocol().isEmpty() ? "TCP" : p.protocol();
      if (type == ServiceType.CLUSTER_IP && nodePort != 0) {
        src.error(problems, path + ".nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'");
      }
      if (nodePort != 0 && !nodePortKeys.add(protocol + "/" + nodePort)) {
        src.error(problems, path + ".nodePort", "Duplicate value: " + nodePort);
      }
      if (p.port() != null && !portKeys.add(protocol + "/" + p.port())) {
        src.error(problems, path, "Duplicate value: " + goServicePort(p, protocol));
      }
    }
    List<String> rangeTexts = new ArrayList<>(s.loadBalancerSourceRanges());
    String rangeBase = "spec.loadBalancerSourceRanges";
    String annotation = s.meta().annotations().get(SOURCE_RANGES_ANNOTATION);
    if (rangeTexts.isEmpty() && annotation != null && !annotation.isBlank()) {
      rangeBase = "metadata.annotations[\"" + SOURCE_RANGES_ANNOTATION + "\"]";
      for (String part : annotation.trim().split(",")) {
        rangeTexts.add(part);
      }
    }
    List<Ipv4Cidr> sourceRanges = new ArrayList<>();
    if (!rangeTexts.isEmpty() && type != ServiceType.LOAD_BALANCER) {
      src.error(problems, rangeBase, "Forbidden: may only be used when `type` is 'LoadBalancer'");
    } else {
      for (int i = 0; i < rangeTexts.size(); i++) {
        String r = rangeTexts.get(i).trim();
        String path = rangeBase.startsWith("spec") ? rangeBase + "[" + i + "]" : rangeBase;
        try {
          Ipv4Cidr c = Ipv4Cidr.parse(r, false);
          sourceRanges.add(c);
        } catch (IllegalArgumentException e) {
          String msg = e.getMessage().startsWith("host bits")
              ? "must not have bits set beyond the prefix length"
              : sloppyDecimal(r) ? "must not have leading 0s in IP or prefix length"
              : "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
          src.error(problems, path, invalid(r, msg));
        }
      }
    }
    Boolean allocateLb = s.allocateLoadBalancerNodePorts();
    if (allocateLb != null && type != ServiceType.LOAD_BALANCER) {
      src.error(problems, "spec.allocateLoadBalancerNodePorts", "Forbidden: may only be used when `type` is 'LoadBalancer'");
    }
    if (type == ServiceType.LOAD_BALANCER && allocateLb == null) {
      allocateLb = true;
    }
    boolean accessible =
        type == ServiceType.NODE_PORT
            || type == ServiceType.LOAD_BALANCER
            || (type == ServiceType.CLUSTER_IP && !s.externalIPs().isEmpty());
    TrafficPolicy etp = null;
    String etpText = s.externalTrafficPolicy() == null ? "" : s.externalTrafficPolicy();
    if (!accessible && !etpText.isEmpty()) {
      src.error(problems, "spec.externalTrafficPolicy", invalid(etpText, "may only be set for externally-accessible services"));
    } else if (accessible) {
      etp = etpText.isEmpty() ? TrafficPolicy.CLUSTER : TrafficPolicy.fromValue(etpText);
      if (etp == null) {
        src.error(problems, "spec.externalTrafficPolicy", notSupported(etpText, "Cluster", "Local"));
      }
    }
    boolean needsHc = type == ServiceType.LOAD_BALANCER && etp == TrafficPolicy.LOCAL;
    long hc = s.healthCheckNodePort() == null ? 0 : s.healthCheckNodePort();
    if (!needsHc && hc != 0) {
      src.error(
          problems,
          "spec.healthCheckNodePort",
          "Invalid value: " + hc + ": may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
    } else if (needsHc && hc != 0 && (hc < 1 || hc > 65535)) {
      src.error(problems, "spec.healthCheckNodePort", "Invalid value: " + hc + ": must be between 1 and 65535, inclusive");
    }
    TrafficPolicy itp = null;
    if (!external) {
      String itpText = s.internalTrafficPolicy() == null ? "" : s.internalTrafficPolicy();
      itp = itpText.isEmpty() ? TrafficPolicy.CLUSTER : TrafficPolicy.fromValue(itpText);
      if (itp == null) {
        src.error(problems, "spec.internalTrafficPolicy", notSupported(itpText, "Cluster", "Local"));
      }
    }
    String td = s.trafficDistribution() == null ? "" : s.trafficDistribution();
    if (!td.isEmpty() && !td.equals("PreferClose")) {
      src.error(problems, "spec.trafficDistribution", notSupported(td, "PreferClose"));
    }
    if (problems.errorCount() > before || ports == null) {
      return null;
    }

    // ---- allocation
    Ipv4Address ip = null;
    if (!external && !headless) {
      ip = allocateClusterIp(s, src, explicitClusterIp, old);
      if (ip == null) {
        return null;
      }
    }
    boolean allocateNodePorts =
        type == ServiceType.NODE_PORT || (type == ServiceType.LOAD_BALANCER && allocateLb);
    List<ServicePort> allocated = allocateNodePorts(src, ports, type, allocateNodePorts, old);
    if (allocated == null) {
      return null;
    }
    int healthCheckPort = 0;
    if (needsHc) {
      if (hc == 0 && old != null && old.healthCheckNodePort() != 0) {
        healthCheckPort = old.healthCheckNodePort();
      } else if (hc != 0) {
        if (old != null && old.needsHealthCheck() && old.healthCheckNodePort() != hc) {
          src.error(problems, "spec.healthCheckNodePort", "Forbidden: field is immutable");
          return null;
        }
        if (old != null && old.healthCheckNodePort() == hc) {
          healthCheckPort = (int) hc;
        } else if (!nodePortRange.contains((int) hc)) {
          src.error(problems, "spec.healthCheckNodePort",
              "failed to allocate requested HealthCheck NodePort " + hc + ": provided port is not in the valid range. The range of valid ports is " + nodePortRange);
          return null;
        } else if (!nodePorts.allocate((int) hc - nodePortRange.first())) {
          src.error(problems, "spec.healthCheckNodePort",
              "failed to allocate requested HealthCheck NodePort " + hc + ": provided port is already allocated");
          return null;
        } else {
          healthCheckPort = (int) hc;
        }
      } else {
        int next = nodePorts.allocateNext();
        if (next < 0) {
          src.error(problems, "spec.healthCheckNodePort", "failed to allocate a HealthCheck NodePort 0: range is full");
          return null;
        }
        healthCheckPort = nodePortRange.first() + next;
      }
    }
    List<Ipv4Address> lb = new ArrayList<>();
    if (type == ServiceType.LOAD_BALANCER) {
      lb = loadBalancerIps(s, src, old);
    }
    return new Service(
        s.meta().namespace(),
        name,
        type,
        ip,
        allocated,
        selector,
        affinity,
        timeout,
        etp,
        itp,
        healthCheckPort,
        externalIPs,
        sourceRanges,
        type == ServiceType.LOAD_BALANCER ? allocateLb : null,
        externalName,
        s.publishNotReadyAddresses(),
        td,
        lb);
  }

  private List<ServicePort> ports(ServiceSpec s, Source src, ServiceType type) {
    List<ServicePort> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < s.ports().size(); i++) {
      ServicePortSpec p = s.ports().get(i);
      String path = "spec.ports[" + i + "]";
      String name = p.name() == null ? "" : p.name();
      if (name.isEmpty() && s.ports().size() > 1) {
        src.error(problems, path + ".name", "Required value");
        ok = false;
      } else if (!name.isEmpty()) {
        String bad = Names.dns1123Label(name);
        if (bad != null) {
          src.error(problems, path + ".name", invalid(name, bad));
          ok = false;
        }
        if (!names.add(name)) {
          src.error(problems, path + ".name", "Duplicate value: " + YamlScalar.quote(name));
          ok = false;
        }
      }
      long port = p.port() == null ? 0 : p.port();
      if (p.portMistyped()) {
        ok = false; // its type error has been reported; 0 would only add a second, false one
      } else if (port < 1 || port > 65535) {
        src.error(problems, path + ".port", "Invalid value: " + port + ": must be between 1 and 65535, inclusive");
        ok = false;
      }
      String protoText = p.protocol() == null || p.protocol().isEmpty() ? "TCP" : p.protocol();
      Protocol protocol = Protocol.fromValue(protoText);
      if (protocol == null) {
        src.error(problems, path + ".protocol", notSupported(protoText, "SCTP", "TCP", "UDP"));
        ok = false;
      }
      TargetPort target = null;
      Object t = p.targetPort();
      if (t == null || (t instanceof Long l && l == 0) || (t instanceof String str && str.isEmpty())) {
        if (port >= 1 && port <= 65535) {
          target = TargetPort.of((int) port);
        } else if (!p.portMistyped()) {
          // SetDefaults_Service copies port into an unset targetPort, so both fail validation
          src.error(problems, path + ".targetPort", "Invalid value: " + port + ": must be between 1 and 65535, inclusive");
        }
      } else if (t instanceof Long l) {
        if (l < 1 || l > 65535) {
          src.error(problems, path + ".targetPort", "Invalid value: " + l + ": must be between 1 and 65535, inclusive");
          ok = false;
        } else {
          target = TargetPort.of(l.intValue());
        }
      } else {
        String str = (String) t;
        List<String> bad = Names.portName(str);
        if (!bad.isEmpty()) {
          for (String b : bad) {
            src.error(problems, path + ".targetPort", invalid(str, b));
          }
          ok = false;
        } else {
          target = TargetPort.named(str);
        }
      }
      if (ok && target != null && protocol != null) {
        long nodePort = p.nodePort() == null ? 0 : p.nodePort();
        out.add(new ServicePort(name, protocol, (int) port, target, (int) Math.max(0, Math.min(65535, nodePort))));
      }
    }
    return ok ? out : null;
  }

  private Ipv4Address allocateClusterIp(ServiceSpec s, Source src, Ipv4Address explicit, Service old) {
    String key = s.meta().namespace() + "/" + s.meta().name();
    if (explicit == null && old != null && old.clusterIP() != null) {
      return old.clusterIP();
    }
    if (explicit != null) {
      if (old != null && explicit.equals(old.clusterIP())) {
        return explicit;
      }
      long index = explicit.unsigned() - serviceCidr.base().unsigned() - 1;
      if (!serviceCidr.contains(explicit) || index < 0 || index >= serviceCidr.size() - 2) {
        src.error(problems, "spec.clusterIP",
            "Invalid value: []string{\"" + explicit + "\"}: failed to allocate IP " + explicit
                + ": the provided IP (" + explicit + ") is not in the valid range. The range of valid IPs is "
                + serviceCidr + " (set spec.cluster.serviceCIDR in the Scenario to your cluster's range)");
        return null;
      }
      String owner = ipOwners.get((int) index);
      if (owner != null && owner.equals(key)) {
        return explicit;
      }
      if (!clusterIps.allocate((int) index)) {
        src.error(problems, "spec.clusterIP",
            "Invalid value: []string{\"" + explicit + "\"}: failed to allocate IP " + explicit
                + ": provided IP is already allocated" + (owner == null ? "" : " (to " + owner + ")"));
        return null;
      }
      ipOwners.put((int) index, key);
      return explicit;
    }
    int next = clusterIps.allocateNext();
    if (next < 0) {
      src.error(problems, "spec.clusterIP", "failed to allocate a serviceIP: range is full (" + serviceCidr + "); use a larger spec.cluster.serviceCIDR");
      return null;
    }
    ipOwners.put(next, key);
    return serviceCidr.address(next + 1L);
  }

  private List<ServicePort> allocateNodePorts(
      Source src, List<ServicePort> ports, ServiceType type, boolean allocate, Service old) {
    List<ServicePort> out = new ArrayList<>();
    Map<Integer, Integer> byPortNumber = new HashMap<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      String path = "spec.ports[" + i + "].nodePort";
      int requested = p.nodePort();
      if (requested == 0 && old != null) {
        for (ServicePort o : old.ports()) {
          if (o.name().equals(p.name()) && o.nodePort() != 0) {
            requested = o.nodePort();
          }
        }
      }
      if (type != ServiceType.NODE_PORT && type != ServiceType.LOAD_BALANCER) {
        out.add(p);
        continue;
      }
      int assigned;
      if (requested != 0) {
        Integer shared = byPortNumber.get(p.port());
        if (shared != null && shared == requested) {
          assigned = requested;
        } else if (old != null && usesNodePort(old, requested)) {
          assigned = requested;
        } else if (!nodePortRange.contains(requested)) {
          src.error(problems, path, "Invalid value: " + requested
              + ": provided port is not in the valid range. The range of valid ports is " + nodePortRange);
          return null;
        } else if (!nodePorts.allocate(requested - nodePortRange.first())) {
          src.error(problems, path, "Invalid value: " + requested + ": provided port is already allocated");
          return null;
        } else {
          assigned = requested;
        }
      } else if (!allocate) {
        assigned = 0;
      } else if (byPortNumber.containsKey(p.port())) {
        assigned = byPortNumber.get(p.port());
      } else {
        int next = nodePorts.allocateNext();
        if (next < 0) {
          src.error(problems, path, "failed to allocate a nodePort: range is full (" + nodePortRange + ")");
          return null;
        }
        assigned = nodePortRange.first() + next;
      }
      if (assigned != 0) {
        byPortNumber.putIfAbsent(p.port(), assigned);
      }
      out.add(new ServicePort(p.name(), p.protocol(), p.port(), p.targetPort(), assigned));
    }
    return out;
  }

  private static boolean usesNodePort(Service s, int nodePort) {
    return s.healthCheckNodePort() == nodePort
        || s.ports().stream().anyMatch(o -> o.nodePort() == nodePort);
  }

  private List<Ipv4Address> loadBalancerIps(ServiceSpec s, Source src, Service old) {
    if (old != null && !old.loadBalancerIPs().isEmpty()) {
      return old.loadBalancerIPs();
    }
    List<Ipv4Address> out = new ArrayList<>();
    List<String> given = new ArrayList<>(s.ingressIPs());
    if (given.isEmpty() && s.loadBalancerIP() != null && !s.loadBalancerIP().isEmpty()) {
      given.add(s.loadBalancerIP());
    }
    for (String g : given) {
      try {
        Ipv4Address a = Ipv4Address.parse(g);
        if (lbIps.add(a)) {
          out.add(a);
        }
      } catch (IllegalArgumentException e) {
        src.warning(problems, "spec.loadBalancerIP", "ignored: " + YamlScalar.quote(g) + " is not an IPv4 address");
      }
    }
    while (out.isEmpty() && nextLbIp < LB_POOL.size() - 1) {
      Ipv4Address a = LB_POOL.address(nextLbIp++);
      if (lbIps.add(a)) {
        out.add(a);
      }
    }
    return out;
  }

  private static String special(Ipv4Address a) {
    int first = (a.bits() >>> 24) & 0xFF;
    int second = (a.bits() >>> 16) & 0xFF;
    int third = (a.bits() >>> 8) & 0xFF;
    if (a.bits() == 0) {
      return "may not be unspecified (0.0.0.0)";
    }
    if (first == 127) {
      return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
    }
    if (first == 169 && second == 254) {
      return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
    }
    if (first == 224 && second == 0 && third == 0) {
      return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
    }
    return null;
  }

  /** IsValidIP's message for text that is not a valid IPv4 address. */
  static String ipError(String text) {
    return sloppyDecimal(text)
        ? "must not have leading 0s"
        : "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  }

  /**
   * Whether the text is an IPv4 address (optionally with a /prefix) that only Go's old, sloppy
   * parser accepts: one with leading zeros, which the API server rejects with its own message.
   */
  private static boolean sloppyDecimal(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)(?:/(\\d+))?").matcher(text);
    if (!m.matches()) {
      return false;
    }
    boolean leadingZero = false;
    for (int g = 1; g <= 5; g++) {
      String part = m.group(g);
      if (part == null) {
        continue;
      }
      if (part.length() > 4 || Integer.parseInt(part) > (g == 5 ? 32 : 255)) {
        return false;
      }
      leadingZero |= part.length() > 1 && part.charAt(0) == '0';
    }
    return leadingZero;
  }

  /**
   * A Service port as the API server prints it in a Duplicate error (Go {@code %#v} of
   * {@code core.ServicePort} after defaulting). The API server allocates before it validates, so
   * for a NodePort or LoadBalancer Service its NodePort shows the allocated port; svcsim validates
   * first and shows the one written (0 when none).
   */
  private static String goServicePort(ServicePortSpec p, String protocol) {
    long port = p.port() == null ? 0 : p.port();
    Object t = p.targetPort();
    String target;
    if (t instanceof String str && !str.isEmpty()) {
      target = "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + YamlScalar.quote(str) + "}";
    } else {
      long v = t instanceof Long l && l != 0 ? l : port;
      target = "intstr.IntOrString{Type:0, IntVal:" + v + ", StrVal:\"\"}";
    }
    return "core.ServicePort{Name:" + YamlScalar.quote(p.name() == null ? "" : p.name())
        + ", Protocol:" + YamlScalar.quote(protocol)
        + ", AppProtocol:(*string)(nil), Port:" + port
        + ", TargetPort:" + target
        + ", NodePort:" + (p.nodePort() == null ? 0 : p.nodePort()) + "}";
  }

  static String invalid(String value, String detail) {
    return "Invalid value: " + YamlScalar.quote(value) + ": " + detail;
  }

  static String notSupported(String value, String... supported) {
    return "Unsupported value: " + YamlScalar.quote(value) + ": supported values: " + Fields.quoteAll(List.of(supported));
  }
}
