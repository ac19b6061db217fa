package dev.svcsim.models.cluster;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;

/** How controllers name the pods they create, in Kubernetes' style. */
public final class PodNames {

  /** Kubernetes' alphabet for generated suffixes (no vowels, no easily confused characters). */
  public static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private PodNames() {}

  /** {@code base-xxxxx}: five random characters of {@link #ALPHABET}, base cut at 58. */
  public static String generated(String base, UniformRandomProvider rng) {
    String b = base.length() > 58 ? base.substring(0, 58) : base;
    StringBuilder s = new StringBuilder(b).append('-');
    for (int i = 0; i < 5; i++) {
      s.append(ALPHABET.charAt(rng.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  /**
   * A pod-template-hash in Kubernetes' format: FNV-32a of the template, printed in decimal, each
   * digit mapped into the alphabet. The input is svcsim's canonical form of the template
   * (Kubernetes hashes a Go-specific dump), so the value differs from a real cluster's but has the
   * same look and changes exactly when the template does. A {@code terminationGracePeriodSeconds}
   * of 30 (Kubernetes' default, which the API server writes into a template that leaves it out)
   * is left out of the canonical form, so templates that do not set it keep their hash.
   */
  public static String templateHash(PodTemplate t) {
    String canonical = new TreeMap<>(t.labels()) + "|" + new TreeMap<>(t.annotations()) + "|" + t.nodeName()
        + "|" + new TreeMap<>(t.nodeSelector()) + "|" + t.ports();
    if (t.terminationGracePeriodSeconds() != PodTemplate.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS) {
      canonical += "|terminationGracePeriodSeconds=" + t.terminationGracePeriodSeconds();
    }
    int h = 0x811c9dc5;
    for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    String digits = Long.toString(h & 0xFFFF_FFFFL);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      s.append(ALPHABET.charAt(digits.charAt(i) % ALPHABET.length()));
    }
    return s.toString();
  }
}
