package dev.svcsim.models.dataplane;

import dev.svcsim.models.cluster.Pod;
import dev.svcsim.engine.random.LongSampler;

/**
 * A pod while the run goes on: its lifecycle and its server (a pool of {@code concurrency}
 * workers in front of a FIFO queue with an optional limit).
 */
final class PodState {

  final Pod pod;
  final NodeState node;
  final int ipBits;
  final LongSampler serviceTime;
  final int concurrency;
  final long queueLimit;
  /** When it was created. */
  final long createdNanos;
  /** Became Ready (readiness delay passed) and not yet terminating or gone. */
  boolean ready;
  /** Deleted gracefully: still serving until its grace period ends. */
  boolean terminating;
  /** Stopped: killed, its grace period over, or its node failed. Never comes back. */
  boolean gone;
  /** Removed from the API (no longer listed in any endpoints). */
  boolean deleted;
  /** Its node failed and the control plane has marked it not ready. */
  boolean nodeLost;
  /** Not Ready at some moment of the measured window (or created after it began). */
  boolean unreadyInWindow;

  int busy;
  /** Connection slots waiting for a worker, FIFO (a ring buffer). */
  private int[] queue = new int[8];
  private int queueHead;
  int queueSize;
  /** Busy-worker-nanoseconds inside the measured window, and the last time busy changed. */
  double busyIntegral;
  long busySince;
  /** Alive time inside the measured window, for utilisation. */
  long aliveFrom;
  long aliveUntil = Long.MAX_VALUE;
  /** Open connections to this pod (an intrusive list through Connection.podNext). */
  Connection connectionsHead;
  /** Per-Service statistics, by Service index; created when the pod becomes an endpoint. */
  PodStats[] stats;

  PodState(Pod pod, NodeState node, LongSampler serviceTime, long createdNanos, int services) {
    this.pod = pod;
    this.node = node;
    this.ipBits = pod.ip().bits();
    this.serviceTime = serviceTime;
    this.concurrency = pod.performance().concurrency();
    this.queueLimit = pod.performance().queueLimit();
    this.createdNanos = createdNanos;
    this.aliveFrom = createdNanos;
    this.stats = new PodStats[services];
  }

  String name() {
    return pod.name();
  }

  void enqueue(int slot) {
    if (queueSize == queue.length) {
      int[] bigger = new int[queue.length * 2];
      for (int i = 0; i < queueSize; i++) {
        bigger[i] = queue[(queueHead + i) % queue.length];
      }
      queue = bigger;
      queueHead = 0;
    }
    queue[(queueHead + queueSize) % queue.length] = slot;
    queueSize++;
  }

  int dequeue() {
    int slot = queue[queueHead];
    queueHead = (queueHead + 1) % queue.length;
    queueSize--;
    return slot;
  }

  /** Removes one waiting slot (a connection that failed while queued). */
  void removeQueued(int slot) {
    for (int i = 0; i < queueSize; i++) {
      if (queue[(queueHead + i) % queue.length] == slot) {
        for (int j = i; j < queueSize - 1; j++) {
          queue[(queueHead + j) % queue.length] = queue[(queueHead + j + 1) % queue.length];
        }
        queueSize--;
        return;
      }
    }
  }

  void clearQueue() {
    queueSize = 0;
    queueHead = 0;
  }

  @Override
  public String toString() {
    return pod.key();
  }
}
