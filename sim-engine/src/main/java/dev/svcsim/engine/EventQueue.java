package dev.svcsim.engine;

import java.util.Arrays;

/**
 * The pending-event set: a 4-ary min-heap over primitive arrays, ordered by time and then by
 * scheduling sequence number, with lazy O(1) cancellation.
 *
 * <p>Each pending event occupies a <em>slot</em> that holds its handler, argument and sequence
 * number; the heap holds only (time, slot) pairs, so sifting moves two primitives. An event id
 * packs the slot (low 32 bits) with the slot's generation (high 32 bits); the generation changes
 * whenever a slot is released, so an id of a fired or cancelled event never matches again.
 *
 * <p>Costs: insert and remove-min O(log n) with a 4-ary heap (shallower than a binary one and
 * friendlier to caches); cancel O(1) (the entry stays in the heap, flagged, and is dropped when it
 * reaches the top); when flagged entries outnumber live ones the heap is rebuilt in O(n), so
 * cancelled events cannot pile up and memory stays proportional to the pending events.
 */
final class EventQueue {

  private static final int INITIAL_CAPACITY = 64;
  /** Below this size a heap full of cancelled entries is cheap enough to leave alone. */
  private static final int COMPACT_MIN_SIZE = 64;

  // The heap: entry i is (heapTime[i], heapSlot[i]); the root is entry 0.
  private long[] heapTime = new long[INITIAL_CAPACITY];
  private int[] heapSlot = new int[INITIAL_CAPACITY];
  private int size;

  // Slots.
  private EventHandler[] handlers = new EventHandler[INITIAL_CAPACITY];
  private long[] args = new long[INITIAL_CAPACITY];
  private long[] seqs = new long[INITIAL_CAPACITY];
  private int[] generations = new int[INITIAL_CAPACITY];
  private int[] freeSlots = new int[INITIAL_CAPACITY];
  private int freeCount;
  private int slotCount;

  private int cancelledInHeap;
  private long nextSeq;

  EventQueue() {
    Arrays.fill(generations, 1);
  }

  /** Number of entries in the heap, cancelled ones included. */
  int heapSize() {
    return size;
  }

  /** Number of events that will still fire. */
  int pendingCount() {
    return size - cancelledInHeap;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Time of the earliest entry; only valid when not empty. */
  long peekTime() {
    return heapTime[0];
  }

  /**
   * Adds an event and returns its id.
   *
   * @param timeNanos absolute time
   * @param handler not null
   * @param arg passed back to the handler
   */
  long add(long timeNanos, EventHandler handler, long arg) {
    int slot = allocateSlot();
    handlers[slot] = handler;
    args[slot] = arg;
    seqs[slot] = nextSeq++;
    if (size == heapTime.length) {
      int capacity = grownCapacity(size);
      heapTime = Arrays.copyOf(heapTime, capacity);
      heapSlot = Arrays.copyOf(heapSlot, capacity);
    }
    siftUp(size++, timeNanos, slot);
    return ((long) generations[slot] << 32) | (slot & 0xFFFF_FFFFL);
  }

  /**
   * Removes the earliest entry and returns its slot; the caller reads it with {@link #handler}
   * and {@link #arg}, then gives it back with {@link #release}. A cancelled entry comes back with
   * a null handler.
   */
  int pollSlot() {
    int top = heapSlot[0];
    int last = --size;
    if (last > 0) {
      siftDown(0, heapTime[last], heapSlot[last]);
    }
    if (handlers[top] == null) {
      cancelledInHeap--;
    }
    return top;
  }

  EventHandler handler(int slot) {
    return handlers[slot];
  }

  long arg(int slot) {
    return args[slot];
  }

  void release(int slot) {
    handlers[slot] = null;
    int generation = generations[slot] + 1;
    generations[slot] = generation == 0 ? 1 : generation;
    freeSlots[freeCount++] = slot;
  }

  /** True while the event with this id is still going to fire. */
  boolean isPending(long eventId) {
    int slot = (int) eventId;
    return slot >= 0
        && slot < slotCount
        && generations[slot] == (int) (eventId >>> 32)
        && handlers[slot] != null;
  }

  /** Cancels the event in O(1); returns false when it already fired or was cancelled. */
  boolean cancel(long eventId) {
    if (!isPending(eventId)) {
      return false;
    }
    handlers[(int) eventId] = null;
    cancelledInHeap++;
    if (size >= COMPACT_MIN_SIZE && cancelledInHeap > size / 2) {
      compact();
    }
    return true;
  }

  private int allocateSlot() {
    if (freeCount > 0) {
      return freeSlots[--freeCount];
    }
    if (slotCount == handlers.length) {
      if (slotCount == Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("too many pending events: " + slotCount);
      }
      int capacity = grownCapacity(slotCount);
      handlers = Arrays.copyOf(handlers, capacity);
      args = Arrays.copyOf(args, capacity);
      seqs = Arrays.copyOf(seqs, capacity);
      int old = generations.length;
      generations = Arrays.copyOf(generations, capacity);
      Arrays.fill(generations, old, capacity, 1);
      freeSlots = Arrays.copyOf(freeSlots, capacity);
    }
    return slotCount++;
  }

  private static int grownCapacity(int current) {
    long grown = (long) current + (current >> 1) + 16;
    return (int) Math.min(grown, Integer.MAX_VALUE - 8);
  }

  /** True when entry (t1, s1) must fire before entry (t2, s2). */
  private boolean before(long t1, int s1, long t2, int s2) {
    return t1 < t2 || (t1 == t2 && seqs[s1] < seqs[s2]);
  }

  private void siftUp(int index, long time, int slot) {
    long[] times = heapTime;
    int[] slots = heapSlot;
    while (index > 0) {
      int parent = (index - 1) >>> 2;
      long parentTime = times[parent];
      int parentSlot = slots[parent];
      if (!before(time, slot, parentTime, parentSlot)) {
        break;
      }
      times[index] = parentTime;
      slots[index] = parentSlot;
      index = parent;
    }
    times[index] = time;
    slots[index] = slot;
  }

  private void siftDown(int index, long time, int slot) {
    long[] times = heapTime;
    int[] slots = heapSlot;
    int n = size;
    while (true) {
      int first = (index << 2) + 1;
      if (first >= n) {
        break;
      }
      int best = first;
      long bestTime = times[first];
      int bestSlot = slots[first];
      int end = Math.min(first + 4, n);
      for (int child = first + 1; child < end; child++) {
        long childTime = times[child];
        int childSlot = slots[child];
        if (before(childTime, childSlot, bestTime, bestSlot)) {
          best = child;
          bestTime = childTime;
          bestSlot = childSlot;
        }
      }
      if (!before(bestTime, bestSlot, time, slot)) {
        break;
      }
      times[index] = bestTime;
      slots[index] = bestSlot;
      index = best;
    }
    times[index] = time;
    slots[index] = slot;
  }

  /** Drops every cancelled entry and rebuilds the heap bottom-up in O(n). */
  private void compact() {
    int live = 0;
    for (int i = 0; i < size; i++) {
      int slot = heapSlot[i];
      if (handlers[slot] == null) {
        release(slot);
      } else {
        heapTime[live] = heapTime[i];
        heapSlot[live] = slot;
        live++;
      }
    }
    size = live;
    cancelledInHeap = 0;
    for (int i = (size - 2) >>> 2; size > 1 && i >= 0; i--) {
      siftDown(i, heapTime[i], heapSlot[i]);
    }
  }
}
