package dev.svcsim.models.cluster;

import dev.svcsim.engine.random.Distribution;
import java.util.Objects;

/**
 * How a pod serves requests, read from its {@code svcsim.dev/*} annotations.
 *
 * @param serviceTime time one request occupies a worker ({@code svcsim.dev/service-time})
 * @param concurrency workers per pod ({@code svcsim.dev/concurrency}), at least 1
 * @param queueLimit queued requests beyond which a request is rejected
 *     ({@code svcsim.dev/queue-limit}); {@link #UNLIMITED} when unset
 * @param readyAfterNanos time from creation to Ready ({@code svcsim.dev/ready-after})
 */
public record PodPerformance(
    Distribution serviceTime, int concurrency, long queueLimit, long readyAfterNanos) {

  /** {@link #queueLimit} when the queue has no limit. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** const(1ms), one worker, no queue limit, ready at once. */
  public static final PodPerformance DEFAULT =
      new PodPerformance(new Distribution.Constant(1_000_000L), 1, UNLIMITED, 0L);

  public PodPerformance {
    Objects.requireNonNull(serviceTime, "serviceTime");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    if (queueLimit < 0) {
      throw new IllegalArgumentException("queueLimit must not be negative: " + queueLimit);
    }
    if (readyAfterNanos < 0) {
      throw new IllegalArgumentException("readyAfterNanos must not be negative: " + readyAfterNanos);
    }
  }
}
