package dev.svcsim.models.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv4Test {

  @Test
  void addressesRoundTripAndOrderAsUnsigned() {
    assertEquals("10.96.0.1", Ipv4Address.parse("10.96.0.1").toString());
    assertEquals("255.255.255.255", Ipv4Address.parse("255.255.255.255").toString());
    assertTrue(Ipv4Address.parse("200.0.0.1").compareTo(Ipv4Address.parse("10.0.0.1")) > 0);
    assertEquals("10.0.1.0", Ipv4Address.parse("10.0.0.255").plus(1).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "1..3.4", " 1.2.3.4"})
  void badAddressesAreRefused(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
    assertEquals("must be a valid IPv4 address (e.g. 10.9.8.7)", e.getMessage());
  }

  @Test
  void cidrsKnowTheirSizeMembersAndSubnets() {
    Ipv4Cidr c = Ipv4Cidr.parse("10.96.0.0/12", false);
    assertEquals(1L << 20, c.size());
    assertTrue(c.contains(Ipv4Address.parse("10.111.255.255")));
    assertFalse(c.contains(Ipv4Address.parse("10.112.0.0")));
    assertEquals("10.96.0.10", c.address(10).toString());
    Ipv4Cidr pods = Ipv4Cidr.parse("10.244.0.0/16", false);
    assertEquals("10.244.3.0/24", pods.subnet(24, 3).toString());
    assertThrows(IndexOutOfBoundsException.class, () -> pods.subnet(24, 256));
    assertTrue(pods.overlaps(Ipv4Cidr.parse("10.0.0.0/8", false)));
    assertFalse(pods.overlaps(c));
    assertEquals("0.0.0.0/0", Ipv4Cidr.parse("0.0.0.0/0", false).toString());
  }

  @Test
  void hostBitsAreAnErrorUnlessSloppy() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("10.96.0.1/12", false));
    assertEquals("host bits of 10.96.0.1 are set for /12; the network is 10.96.0.0/12", e.getMessage());
    assertEquals("10.96.0.0/12", Ipv4Cidr.parse("10.96.0.1/12", true).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "x/8", "10.0.0.0/8/8"})
  void badCidrsAreRefused(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(text, true));
    assertEquals("must be a valid CIDR value, (e.g. 10.9.8.0/24)", e.getMessage());
  }

  @Test
  void portRanges() {
    PortRange r = PortRange.parse("30000-32767");
    assertEquals(2768, r.size());
    assertTrue(r.contains(32767));
    assertFalse(r.contains(29999));
    assertThrows(IllegalArgumentException.class, () -> PortRange.parse("32767-30000"));
    assertThrows(IllegalArgumentException.class, () -> PortRange.parse("0-10"));
    assertThrows(IllegalArgumentException.class, () -> PortRange.parse("a-b"));
  }
}
