package dev.svcsim.models.net;

/** An IPv4 network in CIDR notation: a base address whose host bits are zero, and a prefix. */
public record Ipv4Cidr(Ipv4Address base, int prefix) {

  public Ipv4Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0-32, not " + prefix);
    }
    if ((base.bits() & ~mask(prefix)) != 0) {
      throw new IllegalArgumentException(
          "host bits of " + base + " are set for /" + prefix + "; the network is "
              + new Ipv4Address(base.bits() & mask(prefix)) + "/" + prefix);
    }
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /**
   * Parses {@code a.b.c.d/n}. With {@code sloppy}, host bits are cleared (as the API server's
   * {@code ParseCIDRSloppy} does for source ranges); without, they are an error.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Ipv4Cidr parse(String text, boolean sloppy) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("must be a valid CIDR value, (e.g. 10.9.8.0/24)");
    }
    Ipv4Address ip;
    int prefix;
    try {
      ip = Ipv4Address.parse(text.substring(0, slash));
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 2 || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException();
      }
      prefix = Integer.parseInt(p);
      if (prefix > 32) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be a valid CIDR value, (e.g. 10.9.8.0/24)");
    }
    if (sloppy) {
      return new Ipv4Cidr(new Ipv4Address(ip.bits() & mask(prefix)), prefix);
    }
    return new Ipv4Cidr(ip, prefix);
  }

  /** How many addresses the network spans (2^(32-prefix)). */
  public long size() {
    return 1L << (32 - prefix);
  }

  /** The i-th address of the network, counting the base as 0. */
  public Ipv4Address address(long i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException(i + " is outside " + this);
    }
    return base.plus(i);
  }

  public boolean contains(Ipv4Address ip) {
    return (ip.bits() & mask(prefix)) == base.bits();
  }

  public boolean overlaps(Ipv4Cidr o) {
    int p = Math.min(prefix, o.prefix);
    return (base.bits() & mask(p)) == (o.base.bits() & mask(p));
  }

  /** The i-th subnet of the given prefix length inside this network. */
  public Ipv4Cidr subnet(int subPrefix, long i) {
    if (subPrefix < prefix) {
      throw new IllegalArgumentException("/" + subPrefix + " is larger than " + this);
    }
    long count = 1L << (subPrefix - prefix);
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException(this + " holds " + count + " /" + subPrefix + " networks");
    }
    return new Ipv4Cidr(base.plus(i << (32 - subPrefix)), subPrefix);
  }

  @Override
  public String toString() {
    return base + "/" + prefix;
  }
}
