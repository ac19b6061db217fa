package dev.svcsim.rules;

import java.util.Set;

/**
 * Runs a packet through the rules {@code svcsim rules} printed, following every branch of every
 * random pick ({@code --probability}, {@code numgen}) and of every affinity check ({@code recent
 * --rcheck}, {@code @affinity-} sets), so that {@link Outcomes#destinations()} is exactly the set
 * of endpoints the rules can send that packet to.
 *
 * <p>A test utility: strict about what it reads (an option or expression it does not know is an
 * error, not silently skipped), so that a change in the printed rules cannot quietly make it
 * wrong.
 */
public interface RulesInterpreter {

  /** Every way the rules handle {@code packet}. */
  Outcomes evaluate(Packet packet);

  /**
   * An interpreter for a listing of any mode: {@code nft list ruleset} (starts with a table),
   * {@code ipvsadm -Ln} (has the IPVS header), or {@code iptables-save} (the rest, userspace
   * included).
   *
   * @param localAddresses this node's addresses (its IP, and any other address DNAT may lead to
   *     that is local), so that a packet DNATed to one of them is delivered locally
   */
  static RulesInterpreter of(String text, Set<String> localAddresses) {
    if (text.contains("IP Virtual Server version")) {
      return new IpvsInterpreter(text);
    }
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("table ")) {
        return new NftInterpreter(text, localAddresses);
      }
      break;
    }
    return new IptablesInterpreter(text, localAddresses);
  }

  /** Whether {@code ip} is in {@code cidrOrIp} ({@code 10.0.0.0/8}, {@code 10.1.2.3/32} or a bare address). */
  static boolean contains(String cidrOrIp, String ip) {
    int slash = cidrOrIp.indexOf('/');
    long base = ipv4(slash < 0 ? cidrOrIp : cidrOrIp.substring(0, slash));
    int prefix = slash < 0 ? 32 : Integer.parseInt(cidrOrIp.substring(slash + 1));
    long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    return (ipv4(ip) & mask) == (base & mask);
  }

  /** An IPv4 address as an unsigned number; an error for anything else. */
  static long ipv4(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    long v = 0;
    for (String p : parts) {
      int n = Integer.parseInt(p);
      if (n < 0 || n > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      v = (v << 8) | n;
    }
    return v;
  }
}
