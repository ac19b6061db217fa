package dev.svcsim.engine;

import java.util.Arrays;

/**
 * The pending-event set, ordered by time and then by scheduling sequence number: a calendar of
 * time buckets for the near future in front of a 4-ary heap for the far future, with lazy O(1)
 * cancellation and FIFO lanes for fixed delays.
 *
 * <p><b>Slots.</b> Each pending event occupies a slot that holds its time, handler, argument,
 * sequence number and lane. An event id packs the slot (low 32 bits) with the slot's generation
 * (high 32 bits); the generation changes whenever a slot is released, so the id of a fired or
 * cancelled event never matches again.
 *
 * <p><b>Calendar.</b> The near future is a window of {@value #BUCKETS} consecutive buckets of
 * equal width starting at {@code windowStart}; each bucket is a linked list of slots sorted by
 * (time, sequence) with a tail pointer. An event due inside the window goes into its bucket (an
 * O(1) append when it is after the tail, else a walk from the head);
 * later events wait in the heap. The earliest event is the head of the first non-empty bucket at
 * or after the cursor. When the window is used up, the next one starts at the heap's earliest
 * event and takes every heap event that falls inside it. The bucket width adapts between windows
 * (aiming at 8 to 64 events fired per bucket) and within one (a sorted insert that walks more than
 * {@value #WALK_LIMIT} entries halves it and refiles the window). Buckets never hold events of a
 * later window, so no bucket is ever scanned for "this year's" events.
 *
 * <p><b>Lanes.</b> Events scheduled with the same fixed delay are created in non-decreasing
 * time order (the clock never goes back), so they already form a sorted FIFO. A lane keeps them
 * in a ring buffer and puts only its head in the calendar or heap.
 *
 * <p>Costs: schedule and fire O(1) amortised for events inside the window, O(log n) for events
 * beyond it; lane inserts O(1); cancel O(1) (the entry stays, flagged, and is dropped when
 * reached); when flagged entries outnumber live ones everything is compacted in O(n + buckets),
 * so cancelled events cannot pile up.
 */
final class EventQueue {

  static final int BUCKETS = 1024;
  private static final int INITIAL_CAPACITY = 64;
  private static final int INITIAL_SHIFT = 12; // 4.096 us buckets: a 4.2 ms window
  /** Below this many entries a queue full of cancelled entries is cheap enough to leave alone. */
  private static final int COMPACT_MIN_SIZE = 64;
  private static final int NO_LANE = -1;
  private static final int NONE = -1;
  /** A sorted insert that walks further than this halves the bucket width. */
  private static final int WALK_LIMIT = 24;

  // The heap: entry i is (heapTime[i], heapSeq[i], heapSlot[i]); the root is entry 0.
  private long[] heapTime = new long[INITIAL_CAPACITY];
  private long[] heapSeq = new long[INITIAL_CAPACITY];
  private int[] heapSlot = new int[INITIAL_CAPACITY];
  private int size;

  // The calendar.
  private final int[] bucketHead = new int[BUCKETS];
  private final int[] bucketTail = new int[BUCKETS];
  private int cursor;
  private int shift = INITIAL_SHIFT;
  private long windowStart;
  private long windowEnd = (long) BUCKETS << INITIAL_SHIFT;
  private int calendarCount;
  private int firedInWindow;

  // Slots.
  private long[] times = new long[INITIAL_CAPACITY];
  private EventHandler[] handlers = new EventHandler[INITIAL_CAPACITY];
  private long[] args = new long[INITIAL_CAPACITY];
  private long[] seqs = new long[INITIAL_CAPACITY];
  private int[] lanes = new int[INITIAL_CAPACITY];
  private int[] next = new int[INITIAL_CAPACITY];
  private int[] generations = new int[INITIAL_CAPACITY];
  private int[] freeSlots = new int[INITIAL_CAPACITY];
  private int freeCount;
  private int slotCount;

  // Lanes: ring buffers of slots, one per fixed delay.
  private int[][] laneSlots = new int[0][];
  private int[] laneHead = new int[0];
  private int[] laneCount = new int[0];

  /** Cancelled non-lane entries still in the calendar or heap (compaction drops those). */
  private int cancelled;
  private int live;
  private long nextSeq;
  /** How often a long sorted insert narrowed the buckets (for tests and tuning). */
  int narrowings;
  /** The argument of the event {@link #take} returned last. */
  long takenArg;

  EventQueue() {
    Arrays.fill(generations, 1);
    Arrays.fill(bucketHead, NONE);
  }

  /** Number of events that will still fire. */
  int pendingCount() {
    return live;
  }

  /**
   * The slot of the earliest entry (possibly a cancelled one), or -1 when there is none. Moves
   * the calendar's cursor and window forward as needed, which changes no event's order.
   */
  int peekSlot() {
    if (calendarCount == 0) {
      if (size == 0) {
        return NONE;
      }
      nextWindow();
    }
    int[] heads = bucketHead;
    int c = cursor;
    int slot;
    while ((slot = heads[c]) == NONE) {
      c++;
    }
    cursor = c;
    return slot;
  }

  long timeOf(int slot) {
    return times[slot];
  }

  /**
   * Removes the entry {@link #peekSlot()} returned, frees its slot and returns its handler (null
   * for a cancelled entry, which the caller skips); its argument is then in {@link #takenArg}.
   */
  EventHandler take(int slot) {
    bucketHead[cursor] = next[slot];
    calendarCount--;
    firedInWindow++;
    EventHandler handler = handlers[slot];
    takenArg = args[slot];
    int lane = lanes[slot];
    if (lane != NO_LANE) {
      int[] ring = laneSlots[lane];
      int head = (laneHead[lane] + 1) & (ring.length - 1);
      laneHead[lane] = head;
      if (--laneCount[lane] > 0) {
        int successor = ring[head];
        insert(times[successor], successor);
      }
      if (handler != null) {
        live--;
      }
    } else if (handler == null) {
      cancelled--;
    } else {
      live--;
    }
    release(slot);
    return handler;
  }

  /** Creates a lane and returns its index. */
  int newLane() {
    int lane = laneHead.length;
    laneSlots = Arrays.copyOf(laneSlots, lane + 1);
    laneHead = Arrays.copyOf(laneHead, lane + 1);
    laneCount = Arrays.copyOf(laneCount, lane + 1);
    laneSlots[lane] = new int[16];
    return lane;
  }

  /**
   * Adds an event and returns its id.
   *
   * @param timeNanos absolute time, not before the time of the last event fired
   * @param handler not null
   * @param arg passed back to the handler
   */
  long add(long timeNanos, EventHandler handler, long arg) {
    int slot = newSlot(timeNanos, handler, arg, NO_LANE);
    insert(timeNanos, slot);
    return idOf(slot);
  }

  /**
   * Adds an event to a lane; the caller guarantees that {@code timeNanos} is not before the
   * lane's last event (true when every event of the lane has the same delay).
   */
  long addToLane(int lane, long timeNanos, EventHandler handler, long arg) {
    int slot = newSlot(timeNanos, handler, arg, lane);
    int count = laneCount[lane];
    int[] ring = laneSlots[lane];
    if (count == ring.length) {
      ring = growLane(lane);
    }
    ring[(laneHead[lane] + count) & (ring.length - 1)] = slot;
    laneCount[lane] = count + 1;
    if (count == 0) {
      insert(timeNanos, slot);
    }
    return idOf(slot);
  }

  private long idOf(int slot) {
    return ((long) generations[slot] << 32) | (slot & 0xFFFF_FFFFL);
  }

  private int newSlot(long timeNanos, EventHandler handler, long arg, int lane) {
    int slot = allocateSlot();
    times[slot] = timeNanos;
    handlers[slot] = handler;
    args[slot] = arg;
    seqs[slot] = nextSeq++;
    lanes[slot] = lane;
    live++;
    return slot;
  }

  private int[] growLane(int lane) {
    int[] ring = laneSlots[lane];
    int n = ring.length;
    int[] grown = new int[n * 2];
    int head = laneHead[lane];
    for (int i = 0; i < n; i++) {
      grown[i] = ring[(head + i) & (n - 1)];
    }
    laneSlots[lane] = grown;
    laneHead[lane] = 0;
    return grown;
  }

  /** Puts a slot into the calendar when its time is inside the window, else into the heap. */
  private void insert(long time, int slot) {
    if (time >= windowEnd) {
      heapInsert(time, slot);
      return;
    }
    long cursorStart = windowStart + ((long) cursor << shift);
    if (time < cursorStart) {
      // Only after runUntil stopped short of a window the calendar had already moved to.
      rewind(time);
      if (time >= windowEnd) {
        heapInsert(time, slot);
        return;
      }
    }
    bucketInsert((int) ((time - windowStart) >>> shift), time, slot);
  }

  private void bucketInsert(int bucket, long time, int slot) {
    calendarCount++;
    int tail = bucketTail[bucket];
    long seq = seqs[slot];
    if (bucketHead[bucket] == NONE) {
      bucketHead[bucket] = slot;
      bucketTail[bucket] = slot;
      next[slot] = NONE;
      return;
    }
    if (times[tail] < time || (times[tail] == time && seqs[tail] < seq)) {
      // After everything in the bucket: the common case, and every tie of a new event.
      next[tail] = slot;
      next[slot] = NONE;
      bucketTail[bucket] = slot;
      return;
    }
    int prev = NONE;
    int x = bucketHead[bucket];
    int walked = 0;
    while (times[x] < time || (times[x] == time && seqs[x] < seq)) {
      prev = x;
      x = next[x];
      walked++;
    }
    next[slot] = x;
    if (prev == NONE) {
      bucketHead[bucket] = slot;
    } else {
      next[prev] = slot;
    }
    if (walked > WALK_LIMIT && shift > 0 && times[bucketHead[bucket]] != times[tail]) {
      // The buckets are too wide for what is pending now: halve them and refile the window.
      shift--;
      narrowings++;
      rewind(windowStart + ((long) cursor << (shift + 1)));
    }
  }

  /**
   * Starts the next window at the heap's earliest event and moves into it every heap event it
   * covers. Before that, adapts the bucket width to what the last window fired: narrower above 64
   * events per bucket on average, wider below 8.
   */
  private void nextWindow() {
    if (firedInWindow > 64 * BUCKETS && shift > 0) {
      shift--;
    } else if (firedInWindow < 8 * BUCKETS && shift < 40) {
      shift++;
    }
    firedInWindow = 0;
    openWindow(heapTime[0]);
  }

  private void openWindow(long start) {
    windowStart = start;
    long span = (long) BUCKETS << shift;
    windowEnd = start > Long.MAX_VALUE - span ? Long.MAX_VALUE : start + span;
    cursor = 0;
    while (size > 0 && heapTime[0] < windowEnd) {
      int slot = heapSlot[0];
      heapRemoveRoot();
      bucketInsert((int) ((times[slot] - windowStart) >>> shift), times[slot], slot);
    }
  }

  /** Moves every calendar entry back to the heap and opens a window at {@code start}. */
  private void rewind(long start) {
    for (int b = cursor; b < BUCKETS && calendarCount > 0; b++) {
      for (int x = bucketHead[b]; x != NONE; x = next[x]) {
        heapInsert(times[x], x);
        calendarCount--;
      }
      bucketHead[b] = NONE;
    }
    openWindow(start);
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

  private void heapRemoveRoot() {
    int last = --size;
    if (last > 0) {
      siftDown(0, heapTime[last], heapSeq[last], heapSlot[last]);
    }
  }

  private void release(int slot) {
    handlers[slot] = null;
    generations[slot] += 2; // odd generations only: never 0, so no id is ever NO_EVENT
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
      cancelled++;
      int entries = size + calendarCount;
      if (entries >= COMPACT_MIN_SIZE && cancelled > entries / 2) {
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
      times = Arrays.copyOf(times, capacity);
      handlers = Arrays.copyOf(handlers, capacity);
      args = Arrays.copyOf(args, capacity);
      seqs = Arrays.copyOf(seqs, capacity);
      lanes = Arrays.copyOf(lanes, capacity);
      next = Arrays.copyOf(next, capacity);
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

  /** Drops every cancelled non-lane entry from the calendar and the heap (O(n + buckets)). */
  private void compact() {
    for (int b = cursor; b < BUCKETS; b++) {
      int prev = NONE;
      for (int x = bucketHead[b]; x != NONE; ) {
        int following = next[x];
        if (handlers[x] == null && lanes[x] == NO_LANE) {
          if (prev == NONE) {
            bucketHead[b] = following;
          } else {
            next[prev] = following;
          }
          calendarCount--;
          release(x);
        } else {
          prev = x;
        }
        x = following;
      }
      bucketTail[b] = prev;
    }
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
    cancelled = 0;
    for (int i = (size - 2) >>> 2; size > 1 && i >= 0; i--) {
      siftDown(i, heapTime[i], heapSeq[i], heapSlot[i]);
    }
  }
}
