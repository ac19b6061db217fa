package dev.svcsim.models.rules;

import dev.svcsim.models.cluster.Protocol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The names kube-proxy gives its chains, sets and probability matches, computed exactly as it
 * computes them, so that what svcsim prints can be compared with a real node's
 * {@code iptables-save} or {@code nft list ruleset}.
 *
 * <ul>
 *   <li>iptables (pkg/proxy/iptables {@code portProtoHash}, {@code servicePortEndpointChainName}):
 *       a prefix ({@code KUBE-SVC-}, {@code KUBE-SVL-}, {@code KUBE-EXT-}, {@code KUBE-FW-}) and
 *       the first 16 characters of base32(sha256(service port name + protocol)); {@code KUBE-SEP-}
 *       hashes the endpoint's {@code ip:port} too. The service port name is {@code ns/svc}, then
 *       {@code :portName} when the port is named.
 *   <li>nftables (pkg/proxy/nftables {@code hashAndTruncate}): a prefix ({@code service-},
 *       {@code local-}, {@code external-}, {@code firewall-}, {@code endpoint-},
 *       {@code affinity-}), then the first 8 characters of base32(sha256(base)), a dash and the
 *       base itself, {@code ns/svc/tcp/portName} or {@code ns/svc/tcp/portName__ip/port}, cut to
 *       240 characters with {@code ...}.
 *   <li>Probabilities (pkg/proxy/iptables {@code computeProbability}): Go's {@code %0.10f} of
 *       1/n, i.e. the exact binary value rounded half-even to ten places.
 * </ul>
 */
public final class ChainNames {

  /** The longest nftables base name before truncation (knftables NameLengthMax 256 - 16). */
  static final int NFT_BASE_MAX = 240;

  private ChainNames() {}

  /** kube-proxy's {@code ServicePortName.String()}: {@code ns/svc} or {@code ns/svc:port}. */
  public static String servicePortName(String namespace, String service, String portName) {
    return namespace + "/" + service + (portName.isEmpty() ? "" : ":" + portName);
  }

  /** The lower-case protocol word kube-proxy hashes and prints ({@code tcp}). */
  public static String protocol(Protocol p) {
    return p.name().toLowerCase(Locale.ROOT);
  }

  /** {@code KUBE-SVC-...}: the cluster-policy chain of a service port. */
  public static String svc(String servicePortName, Protocol p) {
    return "KUBE-SVC-" + portProtoHash(servicePortName, p);
  }

  /** {@code KUBE-SVL-...}: the local-policy chain. */
  public static String svl(String servicePortName, Protocol p) {
    return "KUBE-SVL-" + portProtoHash(servicePortName, p);
  }

  /** {@code KUBE-EXT-...}: where NodePort, LB and externalIP traffic goes first. */
  public static String ext(String servicePortName, Protocol p) {
    return "KUBE-EXT-" + portProtoHash(servicePortName, p);
  }

  /** {@code KUBE-FW-...}: the LB source-range chain. */
  public static String fw(String servicePortName, Protocol p) {
    return "KUBE-FW-" + portProtoHash(servicePortName, p);
  }

  /** {@code KUBE-SEP-...}: one endpoint of a service port; {@code endpoint} is {@code ip:port}. */
  public static String sep(String servicePortName, Protocol p, String endpoint) {
    return "KUBE-SEP-" + base32Sha256(servicePortName + protocol(p) + endpoint, 16);
  }

  /** kube-proxy's {@code portProtoHash}: 16 characters of base32(sha256(name + protocol)). */
  public static String portProtoHash(String servicePortName, Protocol p) {
    return base32Sha256(servicePortName + protocol(p), 16);
  }

  /**
   * The nftables base of a service port's chains, e.g. {@code ULMVA6XW-ns1/svc1/tcp/p80}; prefix
   * it with {@code service-}, {@code local-}, {@code external-} or {@code firewall-}.
   */
  public static String nftServiceBase(String namespace, String service, Protocol p, String portName) {
    return hashAndTruncate(namespace + "/" + service + "/" + protocol(p) + "/" + portName);
  }

  /**
   * The nftables base of an endpoint's chain and affinity set, e.g.
   * {@code 5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80}; prefix it with {@code endpoint-} or
   * {@code affinity-}.
   */
  public static String nftEndpointBase(String namespace, String service, Protocol p, String portName,
      String ip, int port) {
    return hashAndTruncate(namespace + "/" + service + "/" + protocol(p) + "/" + portName
        + "__" + ip.replace(':', '.') + "/" + port);
  }

  /** {@code probability(n)}: 1/n as Go's {@code %0.10f} prints it, e.g. {@code 0.3333333333}. */
  public static String probability(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String hashAndTruncate(String name) {
    String s = base32Sha256(name, 8) + "-" + name;
    return s.length() > NFT_BASE_MAX ? s.substring(0, NFT_BASE_MAX - 3) + "..." : s;
  }

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  /** The first {@code chars} characters of RFC 4648 base32 (Go's StdEncoding) of sha256(s). */
  static String base32Sha256(String s, int chars) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    StringBuilder out = new StringBuilder(chars);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < hash.length && out.length() < chars; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5 && out.length() < chars) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return out.toString();
  }
}
