package dev.svcsim.engine;

import java.util.Arrays;

/**
 * The pending-event set: a 4-ary min-heap over primitive arrays, ordered by time and then by
 * scheduling sequence number, with lazy O(1) cancellation and FIFO lanes for fixed delays.
 *
 * <p>Each pending event occupies a <em>slot</em> that holds its handler, argument, sequence
 * number and lane; the heap holds (time, sequence, slot) triples, so comparisons read only
 * contiguous heap arrays. An event id packs the slot (low 32
 * bits) with the slot's generation (high 32 bits); the generation changes whenever a slot is
 * released, so the id of a fired or cancelled event never matches again.
 *
 * <p><b>Lanes.</b> Events scheduled with the same fixed delay are created in non-decreasing
 * time order (the clock never goes back) and in increasing sequence order, so they already form
 * a sorted FIFO. A lane keeps them in a ring buffer and puts only its head in the heap: adding
 * to a non-empty lane is O(1), and when the head fires the next one takes its place in the heap
 * with a single sift. Global (time, sequence) order is exactly what it would be without lanes.
 *
 * <p>Costs: insert and remove-min O(log n) in the number of heap entries; lane inserts O(1);
 * cancel O(1) (the entry stays where it is, flagged, and is dropped when it reaches the top);
 * when flagged entries outnumber live ones in the heap, the heap is rebuilt in O(n), so cancelled
 * events cannot pile up.
 */
final class EventQueue {

  private static final int INITIAL_CAPACITY = 64;
  /** Below this size a heap full of cancelled entries is cheap enough to leave alone. */
  private static final int COMPACT_MIN_SIZE = 64;
  private static final int NO_LANE = -1;

  // The heap: entry i is (heapTime[i], heapSeq[i], heapSlot[i]); the root is entry 0.
  private long[] heapTime = new long[INITIAL_CAPACITY];
  private long[] heapSeq = new long[INITIAL_CAPACITY];
  private int[] heapSlot = new int[INITIAL_CAPACITY];
  private int size;

  // Slots.
  private EventHandler[] handlers = new EventHandler[INITIAL_CAPACITY];
  private long[] args = new long[INITIAL_CAPACITY];
  private long[] seqs = new long[INITIAL_CAPACITY];
  private int[] lanes = new int[INITIAL_CAPACITY];
  private int[] generations = new int[INITIAL_CAPACITY];
  private int[] freeSlots = new int[INITIAL_CAPACITY];
  private int freeCount;
  private int slotCount;

  // Lanes: ring buffers of (time, slot), one per fixed delay.
  private long[][] laneTimes = new long[0][];
  private int[][] laneSlots = new int[0][];
  private int[] laneHead = new int[0];
  private int[] laneCount = new int[0];

  /** Cancelled entries still in the heap, lane heads excepted (compaction keeps those). */
  private int cancelledInHeap;
  private int live;
  private long nextSeq;

  EventQueue() {
    Arrays.fill(generations, 1);
  }

  /** Number of events that will still fire. */
  int pendingCount() {
    return live;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Time of the earliest entry; only valid when not empty. */
  long peekTime() {
    return heapTime[0];
  }

  /** Creates a lane and returns its index. */
  int newLane() {
    int lane = laneHead.length;
    laneTimes = Arrays.copyOf(laneTimes, lane + 1);
    laneSlots = Arrays.copyOf(laneSlots, lane + 1);
    laneHead = Arrays.copyOf(laneHead, lane + 1);
    laneCount = Arrays.copyOf(laneCount, lane + 1);
    laneTimes[lane] = new long[16];
    laneSlots[lane] = new int[16];
    return lane;
  }

  /**
   * Adds an event and returns its id.
   *
   * @param timeNanos absolute time
   * @param handler not null
   * @param arg passed back to the handler
   */
  long add(long timeNanos, EventHandler handler, long arg) {
    int slot = newSlot(handler, arg, NO_LANE);
    heapInsert(timeNanos, slot);
    return idOf(slot);
  }

  /**
   * Adds an event to a lane; the caller guarantees that {@code timeNanos} is not before the
   * lane's last event (true when every event of the lane has the same delay).
   */
  long addToLane(int lane, long timeNanos, EventHandler handler, long arg) {
    int slot = newSlot(handler, arg, lane);
    int count = laneCount[lane];
    long[] times = laneTimes[lane];
    if (count == times.length) {
      growLane(lane);
      times = laneTimes[lane];
    }
    int mask = times.length - 1;
    int tail = (laneHead[lane] + count) & mask;
    times[tail] = timeNanos;
    laneSlots[lane][tail] = slot;
    laneCount[lane] = count + 1;
    if (count == 0) {
      heapInsert(timeNanos, slot);
    }
    return idOf(slot);
  }

  private long idOf(int slot) {
    return ((long) generations[slot] << 32) | (slot & 0xFFFF_FFFFL);
  }

  private int newSlot(EventHandler handler, long arg, int lane) {
    int slot = allocateSlot();
    handlers[slot] = handler;
    args[slot] = arg;
    seqs[slot] = nextSeq++;
    lanes[slot] = lane;
    live++;
    return slot;
  }

  private void heapInsert(long timeNanos, int slot) {
    if (size == heapTime.length) {
      int capacity = grownCapacity(size);
      heapTime = Arrays.copyOf(heapTime, capacity);
      heapSeq = Arrays.copyOf(heapSeq, capacity);
      heapSlot = Arrays.copyOf(heapSlot, capacity);
    }
    siftUp(size++, timeNanos, seqs[slot], slot);
  }

  private void growLane(int lane) {
    long[] times = laneTimes[lane];
    int[] slots = laneSlots[lane];
    int n = times.length;
    long[] newTimes = new long[n * 2];
    int[] newSlots = new int[n * 2];
    int head = laneHead[lane];
    for (int i = 0; i < n; i++) {
      newTimes[i] = times[(head + i) & (n - 1)];
      newSlots[i] = slots[(head + i) & (n - 1)];
    }
    laneTimes[lane] = newTimes;
    laneSlots[lane] = newSlots;
    laneHead[lane] = 0;
  }

  /**
   * Removes the earliest entry and returns its slot; the caller reads it with {@link #handler}
   * and {@link #arg}, then gives it back with {@link #release}. A cancelled entry comes back with
   * a null handler.
   */
  int pollSlot() {
    int top = heapSlot[0];
    int lane = lanes[top];
    if (lane != NO_LANE) {
      // The head of a lane leaves; the lane's next event, if any, takes its place at the root.
      long[] times = laneTimes[lane];
      int mask = times.length - 1;
      int head = (laneHead[lane] + 1) & mask;
      laneHead[lane] = head;
      if (--laneCount[lane] > 0) {
        int next = laneSlots[lane][head];
        siftDown(0, times[head], seqs[next], next);
        return top;
      }
    } else if (handlers[top] == null) {
      cancelledInHeap--;
    }
    int last = --size;
    if (last > 0) {
      siftDown(0, heapTime[last], heapSeq[last], heapSlot[last]);
    }
    return top;
  }

  EventHandler handler(int slot) {
    return handlers[slot];
  }

  long arg(int slot) {
    return args[slot];
  }

  /** Gives back the slot of a fired event ({@link #pollSlot} took it out of the structure). */
  void releaseFired(int slot) {
    if (handlers[slot] != null) {
      live--;
    }
    release(slot);
  }

  private void release(int slot) {
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
    int slot = (int) eventId;
    handlers[slot] = null;
    live--;
    if (lanes[slot] == NO_LANE) {
      cancelledInHeap++;
      if (size >= COMPACT_MIN_SIZE && cancelledInHeap > size / 2) {
        compact();
      }
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
      lanes = Arrays.copyOf(lanes, capacity);
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

  private void siftUp(int index, long time, long seq, int slot) {
    long[] times = heapTime;
    long[] seqs = heapSeq;
    int[] slots = heapSlot;
    while (index > 0) {
      int parent = (index - 1) >>> 2;
      long parentTime = times[parent];
      long parentSeq = seqs[parent];
      if (time > parentTime || (time == parentTime && seq > parentSeq)) {
        break;
      }
      times[index] = parentTime;
      seqs[index] = parentSeq;
      slots[index] = slots[parent];
      index = parent;
    }
    times[index] = time;
    seqs[index] = seq;
    slots[index] = slot;
  }

  private void siftDown(int index, long time, long seq, int slot) {
    long[] times = heapTime;
    long[] seqs = heapSeq;
    int[] slots = heapSlot;
    int n = size;
    while (true) {
      int first = (index << 2) + 1;
      if (first >= n) {
        break;
      }
      // Branch-free choice of the earliest of up to four children.
      int best = first;
      long bestTime = times[first];
      long bestSeq = seqs[first];
      int end = Math.min(first + 4, n);
      for (int child = first + 1; child < end; child++) {
        long childTime = times[child];
        long childSeq = seqs[child];
        boolean earlier = childTime < bestTime | (childTime == bestTime & childSeq < bestSeq);
        best = earlier ? child : best;
        bestTime = earlier ? childTime : bestTime;
        bestSeq = earlier ? childSeq : bestSeq;
      }
      if (!(bestTime < time | (bestTime == time & bestSeq < seq))) {
        break;
      }
      times[index] = bestTime;
      seqs[index] = bestSeq;
      slots[index] = slots[best];
      index = best;
    }
    times[index] = time;
    seqs[index] = seq;
    slots[index] = slot;
  }

  /** Drops every cancelled non-lane entry and rebuilds the heap bottom-up in O(n). */
  private void compact() {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int slot = heapSlot[i];
      if (handlers[slot] == null && lanes[slot] == NO_LANE) {
        release(slot);
      } else {
        heapTime[kept] = heapTime[i];
        heapSeq[kept] = heapSeq[i];
        heapSlot[kept] = slot;
        kept++;
      }
    }
    size = kept;
    cancelledInHeap = 0;
    for (int i = (size - 2) >>> 2; size > 1 && i >= 0; i--) {
      siftDown(i, heapTime[i], heapSeq[i], heapSlot[i]);
    }
  }
}
