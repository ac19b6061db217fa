package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class RangeAllocatorTest {

  @Test
  void offsetsFollowTheApiServer() {
    assertEquals(86, RangeAllocator.nodePortOffset(2768)); // 30000-32767
    assertEquals(16, RangeAllocator.nodePortOffset(100));
    assertEquals(128, RangeAllocator.nodePortOffset(30000));
    assertEquals(0, RangeAllocator.nodePortOffset(16));
    assertEquals(256, RangeAllocator.clusterIpOffset(1L << 20)); // /12
    assertEquals(16, RangeAllocator.clusterIpOffset(256)); // /24
    assertEquals(0, RangeAllocator.clusterIpOffset(16)); // /28
  }

  @Test
  void dynamicPicksFillTheUpperBandBeforeTheLowerOneAndThenReportFull() {
    RangeAllocator a = new RangeAllocator(100, 16, RandomSource.XO_SHI_RO_256_PP.create(7L));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 84; i++) {
      int v = a.allocateNext();
      assertTrue(v >= 16 && v < 100, "pick " + i + " = " + v + " is outside the upper band");
      assertTrue(seen.add(v));
    }
    for (int i = 0; i < 16; i++) {
      int v = a.allocateNext();
      assertTrue(v >= 0 && v < 16, "pick " + v + " should come from the lower band");
      assertTrue(seen.add(v));
    }
    assertEquals(-1, a.allocateNext());
  }

  @Test
  void explicitValuesAreReservedOnce() {
    RangeAllocator a = new RangeAllocator(10, 0, RandomSource.XO_SHI_RO_256_PP.create(1L));
    assertTrue(a.allocate(3));
    assertFalse(a.allocate(3));
    for (int i = 0; i < 9; i++) {
      assertTrue(a.allocateNext() != 3);
    }
    assertEquals(-1, a.allocateNext());
  }

  @Test
  void theSameSeedGivesTheSamePicks() {
    RangeAllocator a = new RangeAllocator(2768, 86, RandomSource.XO_SHI_RO_256_PP.create(42L));
    RangeAllocator b = new RangeAllocator(2768, 86, RandomSource.XO_SHI_RO_256_PP.create(42L));
    for (int i = 0; i < 50; i++) {
      assertEquals(a.allocateNext(), b.allocateNext());
    }
  }
}
