package dev.svcsim.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeoutsTest {

  @Test
  void svcsimAndThePriorityQueueLoopProduceIdenticalRuns() {
    Timeouts model = Timeouts.reference(100_000, 7);
    Timeouts.Result a = new TimeoutsSvcsim(model).run();
    Timeouts.Result b = new TimeoutsPriorityQueue(model).run();
    assertEquals(b, a);
    assertEquals(100_000, a.requests());
    assertEquals(a.requests(), a.replies() + a.timeouts(), "every request ends in one or other");
    // 5% of replies are lost: 5,000 expected, binomial standard deviation about 69.
    assertTrue(Math.abs(a.timeouts() - 5_000) < 400, "timeouts fired: " + a.timeouts());
    // Each client's last request event finds the budget spent and sends nothing.
    assertEquals(a.requests() + a.replies() + a.timeouts() + model.clients(), a.events());
  }
}
