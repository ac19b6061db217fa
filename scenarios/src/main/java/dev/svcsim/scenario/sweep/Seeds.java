package dev.svcsim.scenario.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed of each run of a sweep (docs/sweeps.md, "Seeds"): the first 8 bytes of the SHA-256 of
 * a canonical text, read as a big-endian number with its top bit cleared (so seeds are never
 * negative). The text holds the sweep's seed, the point's parameter values (by path, sorted by
 * path) and the replication number, one per line:
 *
 * <pre>
 * svcsim-sweep-seed-v1
 * seed=7
 * deployment/default/web-b:spec.replicas=2
 * service/default/web:spec.externalTrafficPolicy=Local
 * replication=0
 * </pre>
 *
 * <p>(each line ending in a line feed; in values, a backslash is written {@code \\} and a line
 * feed {@code \n}). The point's index is not in it, so a point's seeds do not depend on the
 * other points, on the order of the parameters in the file, on {@code -j}, or on which shard
 * runs it: any point can be rerun on its own ({@code svcsim run --set ... --set spec.seed=SEED}).
 */
public final class Seeds {

  /** The first line of the canonical text; a new version would change every seed. */
  static final String VERSION = "svcsim-sweep-seed-v1";

  private Seeds() {}

  /** The seed of replication {@code replication} (from 0) of the point with these values. */
  public static long of(long sweepSeed, Map<String, String> assignment, int replication) {
    if (replication < 0) {
      throw new IllegalArgumentException("replications count from 0: " + replication);
    }
    byte[] hash = sha256(canonical(sweepSeed, assignment, replication));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (hash[i] & 0xff);
    }
    return v & Long.MAX_VALUE;
  }

  /** The text that is hashed; see the class comment. */
  static String canonical(long sweepSeed, Map<String, String> assignment, int replication) {
    StringBuilder b = new StringBuilder(VERSION).append('\n');
    b.append("seed=").append(sweepSeed).append('\n');
    List<String> paths = new ArrayList<>(assignment.keySet());
    paths.sort(null);
    for (String path : paths) {
      b.append(escape(path)).append('=').append(escape(assignment.get(path))).append('\n');
    }
    return b.append("replication=").append(replication).append('\n').toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** The SHA-256 of a text's UTF-8 bytes. */
  static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of some bytes. */
  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
