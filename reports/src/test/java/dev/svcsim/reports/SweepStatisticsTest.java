package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mean, sample standard deviation and Student's t interval, against values worked out by hand. */
class SweepStatisticsTest {

  @Test
  void oneTwoThreeFour() {
    // mean = 10 / 4 = 2.5
    // squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; s = sqrt(5 / 3) = 1.2909944487
    // t(0.975, 3 df) = 3.1824463053 (any t table); s / sqrt(4) = 0.6454972244
    // half width = 3.1824463053 * 0.6454972244 = 2.0542602568
    // interval = 2.5 -/+ 2.0542602568 = [0.4457397432, 4.5542602568]
    SweepResults.Stat s = SweepStatistics.of(List.of(1.0, 2.0, 3.0, 4.0));
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), 0);
    assertEquals(1.2909944487, s.sd(), 1e-10);
    assertEquals(0.4457397432, s.ciLow(), 1e-10);
    assertEquals(4.5542602568, s.ciHigh(), 1e-10);
  }

  @Test
  void twoValuesHaveAWideInterval() {
    // {10, 20}: mean 15, s = sqrt((25 + 25) / 1) = 7.0710678119, s / sqrt(2) = 5
    // t(0.975, 1 df) = 12.7062047362; half width 63.531023681
    SweepResults.Stat s = SweepStatistics.of(List.of(10.0, 20.0));
    assertEquals(15.0, s.mean(), 0);
    assertEquals(7.0710678119, s.sd(), 1e-10);
    assertEquals(15 - 63.531023681, s.ciLow(), 1e-8);
    assertEquals(15 + 63.531023681, s.ciHigh(), 1e-8);
  }

  @Test
  void equalValuesHaveNoSpread() {
    SweepResults.Stat s = SweepStatistics.of(List.of(0.75, 0.75, 0.75));
    assertEquals(new SweepResults.Stat(3, 0.75, 0.0, 0.75, 0.75), s);
  }

  @Test
  void oneValueHasAMeanOnlyAndNoneHasNothing() {
    assertEquals(new SweepResults.Stat(1, 5.0, null, null, null), SweepStatistics.of(List.of(5.0)));
    SweepResults.Stat none = SweepStatistics.of(List.of());
    assertEquals(0, none.n());
    assertNull(none.mean());
    assertNull(none.sd());
  }

  @Test
  void tQuantilesAreTheTablesFigures() {
    assertEquals(3.18244630528, SweepStatistics.tQuantile(3), 1e-11);
    assertEquals(12.7062, SweepStatistics.tQuantile(1), 1e-4);
    assertEquals(4.3027, SweepStatistics.tQuantile(2), 1e-4);
    assertEquals(2.5706, SweepStatistics.tQuantile(5), 1e-4);
    assertEquals(2.2281, SweepStatistics.tQuantile(10), 1e-4);
    assertEquals(2.0423, SweepStatistics.tQuantile(30), 1e-4);
    assertEquals(1.9840, SweepStatistics.tQuantile(100), 1e-4);
  }

  @Test
  void theSameValuesGiveTheSameBits() {
    List<Double> v = List.of(0.1, 0.2, 0.30000000000000004, 1e-9, 12345.678);
    assertEquals(SweepStatistics.of(v), SweepStatistics.of(List.copyOf(v)));
  }
}
