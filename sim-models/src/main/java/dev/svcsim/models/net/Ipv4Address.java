package dev.svcsim.models.net;

/** An IPv4 address held as its 32 bits; ordered as unsigned numbers. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

  /**
   * Parses dotted-quad notation ({@code 10.96.0.1}): four decimal numbers 0-255, no leading zeros
   * (as Go's {@code net.ParseIP} has required since Go 1.17), no spaces.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static Ipv4Address parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("must be a valid IPv4 address (e.g. 10.9.8.7)");
    }
    int bits = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        throw new IllegalArgumentException("must be a valid IPv4 address (e.g. 10.9.8.7)");
      }
      int v = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c < '0' || c > '9') {
          throw new IllegalArgumentException("must be a valid IPv4 address (e.g. 10.9.8.7)");
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        throw new IllegalArgumentException("must be a valid IPv4 address (e.g. 10.9.8.7)");
      }
      bits = (bits << 8) | v;
    }
    return new Ipv4Address(bits);
  }

  /** Whether {@code text} parses as an IPv4 address. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The address as an unsigned number in [0, 2^32). */
  public long unsigned() {
    return bits & 0xFFFF_FFFFL;
  }

  /** The address {@code n} further on; wraps at 2^32. */
  public Ipv4Address plus(long n) {
    return new Ipv4Address((int) (unsigned() + n));
  }

  @Override
  public int compareTo(Ipv4Address o) {
    return Integer.compareUnsigned(bits, o.bits);
  }

  @Override
  public String toString() {
    return ((bits >>> 24) & 0xFF)
        + "."
        + ((bits >>> 16) & 0xFF)
        + "."
        + ((bits >>> 8) & 0xFF)
        + "."
        + (bits & 0xFF);
  }
}
