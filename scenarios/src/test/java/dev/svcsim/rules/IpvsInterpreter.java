package dev.svcsim.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks a packet up in an {@code ipvsadm -Ln} listing: the virtual server of its protocol,
 * destination and port, then every real server of weight above 0 (one outcome each, whatever
 * the scheduler and persistence would pick). A virtual server without such real servers
 * rejects new connections (the kernel answers port unreachable); a packet to no virtual server
 * passes untouched. Masquerade is unknown ({@code null}): ipvs mode decides it in iptables
 * rules that the listing does not hold.
 */
public final class IpvsInterpreter implements RulesInterpreter {

  private static final Pattern SERVICE = Pattern.compile("^(TCP|UDP|SCTP)\\s+(\\S+):(\\d+)\\s+(\\S+)(.*)$");
  private static final Pattern REAL = Pattern.compile("^\\s+->\\s+(\\S+):(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

  /** One real server line. */
  public record RealServer(String address, String forward, int weight, int activeConn, int inActConn) {}

  /** One virtual server: its scheduler, flags and real servers. */
  public record VirtualServer(String key, String scheduler, String flags, List<RealServer> servers) {}

  private final Map<String, VirtualServer> servers = new LinkedHashMap<>();

  /** Parses {@code text}. */
  public IpvsInterpreter(String text) {
    String current = null;
    boolean header = false;
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("IP Virtual Server version") || line.startsWith("Prot LocalAddress:Port")
          || line.startsWith("  -> RemoteAddress:Port")) {
        header = true;
        continue;
      }
      if (!header) {
        throw new IllegalArgumentException("line " + n + ": before the ipvsadm header: " + line);
      }
      Matcher s = SERVICE.matcher(line);
      Matcher r = REAL.matcher(line);
      if (s.matches()) {
        current = s.group(1) + " " + s.group(2) + ":" + s.group(3);
        if (servers.containsKey(current)) {
          throw new IllegalArgumentException("line " + n + ": virtual server listed twice: " + current);
        }
        servers.put(current, new VirtualServer(current, s.group(4), s.group(5).strip(), new ArrayList<>()));
      } else if (r.matches() && current != null) {
        servers.get(current).servers().add(new RealServer(r.group(1) + ":" + r.group(2), r.group(3),
            Integer.parseInt(r.group(4)), Integer.parseInt(r.group(5)), Integer.parseInt(r.group(6))));
      } else {
        throw new IllegalArgumentException("line " + n + ": not an ipvsadm line: " + line);
      }
    }
  }

  /** The virtual servers, keyed {@code "TCP 10.96.0.10:80"}. */
  public Map<String, VirtualServer> virtualServers() {
    return Map.copyOf(servers);
  }

  @Override
  public Outcomes evaluate(Packet p) {
    String key = p.protocol().toUpperCase(Locale.ROOT) + " " + p.dst() + ":" + p.dport();
    VirtualServer vs = servers.get(key);
    if (vs == null) {
      return new Outcomes(List.of(new Outcome(null, null, false, Outcome.Verdict.ACCEPT, List.of("no virtual server"))));
    }
    List<Outcome> out = new ArrayList<>();
    for (RealServer r : vs.servers()) {
      if (r.weight() > 0) {
        out.add(new Outcome(r.address(), null, false, Outcome.Verdict.ACCEPT, List.of(key, r.address())));
      }
    }
    if (out.isEmpty()) {
      out.add(new Outcome(null, null, false, Outcome.Verdict.REJECT, List.of(key, "no real server")));
    }
    return new Outcomes(out);
  }
}
